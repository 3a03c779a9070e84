"""Saving a workshop's result as the municipality's prioritised needs: only after the
facilitator has reviewed it, without the notes they leave out, once per workshop."""

import datetime

import pytest
from django.test import Client

from kunskapsnod.mapping.models import Priority, Source
from kunskapsnod.regions.permissions import PermissionDenied
from kunskapsnod.workshops import services
from kunskapsnod.workshops.models import Note, Phase


def _vote(workshop, *note_texts):
    participant = services.join_workshop(workshop=workshop)
    for text in note_texts:
        services.cast_dot(participant=participant, note_id=workshop.notes.get(text=text).pk)


@pytest.fixture
def results_workshop(workshop, advance, sjuharad_staff):
    """Results: KAA 3 dots, Samverkan 1, Skräp 1 (a junk note)."""
    for text in ("Samverkan", "KAA", "Skräp"):
        note = services.add_facilitator_note(actor=sjuharad_staff, workshop=workshop, text=text)
        services.place_note_as_facilitator(
            actor=sjuharad_staff, workshop=workshop, note_id=note.pk, placement="delregionalt"
        )
    advance(workshop, Phase.VOTING)
    services.set_joining(actor=sjuharad_staff, workshop=workshop, open=True)  # voters join as needed
    _vote(workshop, "KAA", "KAA", "Samverkan")
    _vote(workshop, "KAA", "Skräp")
    return advance(workshop, Phase.RESULTS)


def _saved(workshop):
    rows = Priority.objects.filter(source__workshop_ref=f"workshop:{workshop.join_code}").order_by("rank")
    return [(p.rank, p.text, p.dots) for p in rows]


def _earlier_list(municipality, date=datetime.date(2022, 5, 10)):
    source = Source.objects.create(municipality=municipality, label="Förstudie 2022", date=date)
    for rank, text in enumerate(["Gammal 1", "Gammal 2"], 1):
        Priority.objects.create(municipality=municipality, source=source, rank=rank, position=rank, text=text)
    return source


def test_the_facilitator_saves_the_reviewed_list_without_the_junk(results_workshop, sjuharad_staff, org):
    junk = results_workshop.notes.get(text="Skräp")
    kept = services.save_results(actor=sjuharad_staff, workshop=results_workshop, left_out=[junk.pk])
    assert [(r.rank, r.text) for r in kept] == [(1, "KAA"), (2, "Samverkan")]
    assert _saved(results_workshop) == [(1, "KAA", 3), (2, "Samverkan", 1)]
    source = Source.objects.get(workshop_ref=f"workshop:{results_workshop.join_code}")
    assert (source.municipality, source.label) == (org("boras"), "Workshop: Behov i Borås")
    results_workshop.refresh_from_db()
    assert results_workshop.results_saved_at is not None
    assert list(Note.objects.filter(left_out=True)) == [junk]


def test_saving_again_replaces_this_workshops_list_only(results_workshop, sjuharad_staff, org):
    earlier = _earlier_list(org("boras"))
    junk = results_workshop.notes.get(text="Skräp")
    services.save_results(actor=sjuharad_staff, workshop=results_workshop, left_out=[junk.pk])
    services.save_results(actor=sjuharad_staff, workshop=results_workshop)
    assert _saved(results_workshop) == [(1, "KAA", 3), (2, "Samverkan", 1), (3, "Skräp", 1)]
    assert list(earlier.priorities.values_list("text", flat=True)) == ["Gammal 1", "Gammal 2"]
    assert Source.objects.filter(workshop_ref__isnull=False).count() == 1
    assert not Note.objects.filter(left_out=True).exists()


def test_tied_notes_are_saved_in_their_shown_order_with_consecutive_ranks(results_workshop, sjuharad_staff):
    services.save_results(actor=sjuharad_staff, workshop=results_workshop)
    shown = [(r.rank, r.text) for r in services.ranked_results(results_workshop)]
    assert shown == [(1, "KAA"), (2, "Samverkan"), (2, "Skräp")]
    assert [(rank, text) for rank, text, _dots in _saved(results_workshop)] == [
        (1, "KAA"),
        (2, "Samverkan"),
        (3, "Skräp"),
    ]


def test_it_refuses_to_save_before_the_voting_has_ended(voting_workshop, sjuharad_staff):
    _vote(voting_workshop, "KAA")
    with pytest.raises(services.WorkshopError, match="när röstningen är avslutad"):
        services.save_results(actor=sjuharad_staff, workshop=voting_workshop)
    assert not Priority.objects.exists()


def test_it_refuses_to_save_an_empty_list(results_workshop, sjuharad_staff):
    every = list(results_workshop.notes.values_list("pk", flat=True))
    with pytest.raises(services.InvalidInput, match="minst en lapp"):
        services.save_results(actor=sjuharad_staff, workshop=results_workshop, left_out=every)
    assert not Priority.objects.exists()


def test_a_network_workshop_keeps_its_results_to_itself(org, sjuharad_staff, advance):
    workshop = services.create_workshop(actor=sjuharad_staff, organisation=org("sjuharad"), title="Nätverk")
    advance(workshop, Phase.RESULTS)
    with pytest.raises(services.WorkshopError, match="Bara en kommuns workshop"):
        services.save_results(actor=sjuharad_staff, workshop=workshop)
    assert not Priority.objects.exists()


@pytest.mark.parametrize("persona", ["mark_editor", "boras_reader", "gr_staff"])
def test_it_refuses_others_to_save(results_workshop, personas, persona):
    with pytest.raises(PermissionDenied):
        services.save_results(actor=personas[persona], workshop=results_workshop)
    assert not Priority.objects.exists()


def test_the_list_status_says_which_list_the_combined_priorities_use(results_workshop, sjuharad_staff, org):
    assert services.mapping_list_status(results_workshop) == services.MappingListStatus(current=None, replaces=True)
    earlier = _earlier_list(org("boras"))
    assert services.mapping_list_status(results_workshop) == services.MappingListStatus(current=earlier, replaces=True)
    services.save_results(actor=sjuharad_staff, workshop=results_workshop)
    assert services.mapping_list_status(results_workshop).replaces
    newer = _earlier_list(org("boras"), date=datetime.date(2099, 1, 1))
    assert services.mapping_list_status(results_workshop) == services.MappingListStatus(current=newer, replaces=False)


# --- pages -----------------------------------------------------------------------------------


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_review_page_says_the_list_replaces_the_earlier_one_before_saving(results_workshop, sjuharad_staff, org):
    _earlier_list(org("boras"))
    page = _client(sjuharad_staff).get(f"/workshoppar/{results_workshop.pk}/resultat/")
    assert page.status_code == 200
    assert "Listan är inte sparad som prioriterade behov för Borås." in page.text
    assert "ersätter listan ”Förstudie 2022” (2022-05-10) för Borås i den delregionala sammanställningen" in page.text
    assert "Spara som kommunens prioriterade behov" in page.text
    assert not Priority.objects.filter(source__workshop_ref__isnull=False).exists()  # a GET saves nothing


def test_the_facilitator_leaves_out_junk_and_saves_from_the_review_page(results_workshop, sjuharad_staff):
    junk = results_workshop.notes.get(text="Skräp")
    client = _client(sjuharad_staff)
    response = client.post(f"/workshoppar/{results_workshop.pk}/resultat/", {"leave_out": [junk.pk]}, follow=True)
    assert response.redirect_chain == [(f"/workshoppar/{results_workshop.pk}/resultat/", 302)]
    assert "2 lappar sparades som prioriterade behov för Borås." in response.text
    assert "Listan sparades som prioriterade behov för Borås" in response.text
    assert f'value="{junk.pk}" id="utelamna-{junk.pk}" checked' in response.text  # the choice is kept
    assert _saved(results_workshop) == [(1, "KAA", 3), (2, "Samverkan", 1)]
    public = Client().get(f"/w/{results_workshop.join_code}/resultat/").text
    assert "Listan sparades som prioriterade behov för Borås" in public
    assert "ej med i den sparade listan" in public


def test_the_results_pages_say_when_the_list_is_not_saved(results_workshop, sjuharad_staff):
    public = Client().get(f"/w/{results_workshop.join_code}/resultat/").text
    assert "Listan är inte sparad som prioriterade behov för Borås." in public
    assert "Granska och spara" not in public
    board = _client(sjuharad_staff).get(f"/workshoppar/{results_workshop.pk}/").text
    assert "Granska och spara som kommunens prioriterade behov" in board


def test_a_refused_save_is_shown_on_the_review_page(results_workshop, sjuharad_staff):
    every = list(results_workshop.notes.values_list("pk", flat=True))
    response = _client(sjuharad_staff).post(f"/workshoppar/{results_workshop.pk}/resultat/", {"leave_out": every})
    assert response.status_code == 400 and "Välj minst en lapp med pluppar att spara." in response.text


@pytest.mark.parametrize("persona", ["mark_editor", "boras_reader", "gr_staff"])
def test_others_can_neither_review_nor_save(results_workshop, personas, persona):
    client = _client(personas[persona])
    assert client.get(f"/workshoppar/{results_workshop.pk}/resultat/").status_code == 404
    assert client.post(f"/workshoppar/{results_workshop.pk}/resultat/").status_code == 404
    assert not Priority.objects.exists()


def test_anonymous_users_are_sent_to_the_login_page_from_the_review(results_workshop):
    response = Client().post(f"/workshoppar/{results_workshop.pk}/resultat/")
    assert response.status_code == 302 and "/konto/logga-in/" in response.url
    assert not Priority.objects.exists()
