"""What a newcomer's walk through a workshop found: voting opened with nothing to vote
on, the participants' result page answering 409 while it waited, the print page asking
for /favicon.ico."""

import pytest
from django.test import Client

from kunskapsnod.workshops import services
from kunskapsnod.workshops.models import Note, Phase

NOTHING = "Det finns inget att rösta på"


@pytest.fixture
def staff_client(sjuharad_staff):
    client = Client()
    client.force_login(sjuharad_staff)
    return client


def test_it_refuses_to_open_voting_while_no_note_is_subregional_unless_confirmed(workshop, join, advance, staff_client):
    participant = join()
    participant.post(f"/w/{workshop.join_code}/lapp/", {"text": "Osorterad lapp"})
    advance(workshop, Phase.SORTING)
    board = staff_client.get(f"/workshoppar/{workshop.pk}/")
    assert "Ingen lapp ligger under Delregionalt ännu" in board.text  # said before the click
    assert "Börja röstningen ändå" in board.text
    phase_url = f"/workshoppar/{workshop.pk}/fas/"
    response = staff_client.post(phase_url, {"phase": Phase.VOTING}, headers={"HX-Request": "true"})
    assert NOTHING in response.text and "Flytta minst en lapp dit" in response.text
    workshop.refresh_from_db()
    assert workshop.phase == Phase.SORTING
    without_js = staff_client.post(phase_url, {"phase": Phase.VOTING}, follow=True)
    assert NOTHING in without_js.text
    workshop.refresh_from_db()
    assert workshop.phase == Phase.SORTING
    # Once a note is sub-regional the warning is gone and the voting starts.
    note = Note.objects.get()
    staff_client.post(
        f"/workshoppar/{workshop.pk}/lapp/", {"action": "place", "note": note.pk, "placement": "delregionalt"}
    )
    assert "Ingen lapp ligger under Delregionalt" not in staff_client.get(f"/workshoppar/{workshop.pk}/").text
    staff_client.post(phase_url, {"phase": Phase.VOTING})
    workshop.refresh_from_db()
    assert workshop.phase == Phase.VOTING


def test_the_facilitator_may_start_an_empty_voting_when_they_confirm(workshop, advance, staff_client):
    advance(workshop, Phase.SORTING)
    staff_client.post(f"/workshoppar/{workshop.pk}/fas/", {"phase": Phase.VOTING, "confirm": "1"})
    workshop.refresh_from_db()
    assert workshop.phase == Phase.VOTING
    assert NOTHING in staff_client.get(f"/workshoppar/{workshop.pk}/").text


def test_participants_are_told_there_is_nothing_to_vote_on(voting_workshop, join, sjuharad_staff, staff_client):
    for note in Note.objects.filter(placement="delregionalt"):
        services.hide_note(actor=sjuharad_staff, workshop=voting_workshop, note_id=note.pk)
    page = join(target=voting_workshop).get(f"/w/{voting_workshop.join_code}/")
    assert "Det finns inget att rösta på ännu" in page.text
    assert "Lägg pluppar på" not in page.text and "pluppar kvar" not in page.text
    board = staff_client.get(f"/workshoppar/{voting_workshop.pk}/")
    assert NOTHING in board.text


def test_the_result_page_waits_with_an_ordinary_answer_and_updates_itself(voting_workshop, advance):
    url = f"/w/{voting_workshop.join_code}/resultat/"
    early = Client().get(url)
    assert early.status_code == 200
    assert "Resultatet visas när samtalsledaren har avslutat röstningen." in early.text
    assert 'id="resultat" data-poll hx-get="' + url + '"' in early.text
    advance(voting_workshop, Phase.RESULTS)
    fetched = Client().get(url, headers={"HX-Request": "true"})
    assert fetched.status_code == 200 and "Samverkan" in fetched.text
    assert "<html" not in fetched.text and "hx-get" not in fetched.text  # the part only; it stops polling


def test_the_print_page_names_its_icon_as_the_site_does(voting_workshop, advance):
    advance(voting_workshop, Phase.RESULTS)
    page = Client().get(f"/w/{voting_workshop.join_code}/resultat/utskrift/")
    assert page.status_code == 200 and '<link rel="icon" href="data:,">' in page.text
