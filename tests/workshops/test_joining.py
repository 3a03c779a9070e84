"""Who may join: by default nobody new once the voting has started (a newcomer, or the
same person with cleared cookies, would get fresh dots); the facilitator may close or open
joining at any time. Those who joined earlier keep taking part."""

import pytest
from django.test import Client

from kunskapsnod.regions.permissions import PermissionDenied
from kunskapsnod.workshops import services
from kunskapsnod.workshops.models import Participant, Phase

VOTING_STARTED = "Röstningen har börjat, så det går inte längre att gå med som ny deltagare."
CLOSED_BY_FACILITATOR = "Samtalsledaren har stängt workshoppen för nya deltagare."


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _subregional_note(workshop, sjuharad_staff, text="Samverkan"):
    note = services.add_facilitator_note(actor=sjuharad_staff, workshop=workshop, text=text)
    services.place_note_as_facilitator(
        actor=sjuharad_staff, workshop=workshop, note_id=note.pk, placement="delregionalt"
    )
    return note


def test_joining_closes_when_the_voting_starts_and_earlier_participants_keep_voting(
    workshop, advance, sjuharad_staff, join
):
    note = _subregional_note(workshop, sjuharad_staff)
    early = join("Tidig")
    advance(workshop, Phase.VOTING)
    assert not workshop.joining_open
    assert early.post(f"/w/{workshop.join_code}/plupp/", {"note": note.pk}).status_code == 302
    assert note.dots.count() == 1
    with pytest.raises(services.WorkshopError, match=VOTING_STARTED):
        services.join_workshop(workshop=workshop)
    assert Participant.objects.count() == 1


def test_a_newcomer_with_fresh_cookies_is_told_why_they_cannot_join(workshop, advance, join):
    join("Tidig")
    advance(workshop, Phase.VOTING)
    newcomer = Client()  # e.g. the same phone after clearing its cookies
    page = newcomer.get(f"/w/{workshop.join_code}/")
    assert page.status_code == 200 and VOTING_STARTED in page.text
    assert "Gå med</button>" not in page.text
    refused = newcomer.post(f"/w/{workshop.join_code}/", {"name": "Ny"})
    assert refused.status_code == 409 and VOTING_STARTED in refused.text
    assert list(Participant.objects.values_list("display_name", flat=True)) == ["Tidig"]


def test_the_facilitator_closes_joining_before_the_voting_and_opens_it_again(workshop, sjuharad_staff):
    services.set_joining(actor=sjuharad_staff, workshop=workshop, open=False)
    assert not workshop.joining_open
    with pytest.raises(services.WorkshopError, match=CLOSED_BY_FACILITATOR):
        services.join_workshop(workshop=workshop)
    services.set_joining(actor=sjuharad_staff, workshop=workshop, open=True)
    assert services.join_workshop(workshop=workshop).workshop == workshop


def test_a_late_participant_may_join_the_voting_when_the_facilitator_opens_joining(workshop, advance, sjuharad_staff):
    note = _subregional_note(workshop, sjuharad_staff)
    advance(workshop, Phase.VOTING)
    services.set_joining(actor=sjuharad_staff, workshop=workshop, open=True)
    late = services.join_workshop(workshop=workshop)
    services.cast_dot(participant=late, note_id=note.pk)
    assert note.dots.count() == 1


def test_a_closed_workshop_cannot_be_opened_for_new_participants(workshop, advance, sjuharad_staff):
    advance(workshop, Phase.CLOSED)
    with pytest.raises(services.WorkshopError, match="stängd"):
        services.set_joining(actor=sjuharad_staff, workshop=workshop, open=True)


@pytest.mark.parametrize("persona", ["mark_editor", "boras_reader", "gr_staff"])
def test_it_refuses_others_to_open_or_close_joining(workshop, personas, persona):
    with pytest.raises(PermissionDenied):
        services.set_joining(actor=personas[persona], workshop=workshop, open=False)
    response = _client(personas[persona]).post(f"/workshoppar/{workshop.pk}/deltagare/", {"joining": "closed"})
    assert response.status_code == 404
    workshop.refresh_from_db()
    assert workshop.joining_open


def test_anonymous_users_cannot_close_joining(workshop):
    response = Client().post(f"/workshoppar/{workshop.pk}/deltagare/", {"joining": "closed"})
    assert response.status_code == 302 and "/konto/logga-in/" in response.url
    workshop.refresh_from_db()
    assert workshop.joining_open


def test_the_board_has_the_buttons_and_says_whether_newcomers_may_join(workshop, sjuharad_staff):
    client = _client(sjuharad_staff)
    board = client.get(f"/workshoppar/{workshop.pk}/").text
    assert "Nya deltagare kan gå med. Det stängs när röstningen börjar." in board
    assert "Stäng för nya deltagare</button>" in board
    response = client.post(f"/workshoppar/{workshop.pk}/deltagare/", {"joining": "closed"}, follow=True)
    assert "Stängd för nya deltagare." in response.text and "Öppna för nya deltagare</button>" in response.text
    assert CLOSED_BY_FACILITATOR in Client().get(f"/w/{workshop.join_code}/").text
    client.post(f"/workshoppar/{workshop.pk}/deltagare/", {"joining": "open"})
    workshop.refresh_from_db()
    assert workshop.joining_open
    assert "Gå med</button>" in Client().get(f"/w/{workshop.join_code}/").text


def test_the_board_offers_no_joining_button_once_the_results_are_shown(workshop, advance, sjuharad_staff):
    advance(workshop, Phase.RESULTS)
    board = _client(sjuharad_staff).get(f"/workshoppar/{workshop.pk}/").text
    assert "för nya deltagare" not in board
