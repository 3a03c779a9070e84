"""The facilitator's board (columns, moves, merge and undo, timer, votes hidden until
revealed) and the projector view, as pages: what the room sees."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from kunskapsnod.workshops import services
from kunskapsnod.workshops.models import Note, Phase


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _column(page: str, placement: str) -> str:
    match = re.search(rf'data-column="{placement}".*?</section>', page, re.S)
    assert match, placement
    return match.group(0)


@pytest.fixture
def staff(sjuharad_staff):
    return _client(sjuharad_staff)


def test_the_board_shows_the_notes_in_columns_and_moves_them_without_javascript(workshop, staff, sjuharad_staff):
    note = services.add_facilitator_note(actor=sjuharad_staff, workshop=workshop, text="Läxhjälp")
    page = staff.get(f"/workshoppar/{workshop.pk}/").text
    assert "Läxhjälp" in _column(page, "unsorted") and "Osorterat" in page
    assert 'aria-label="Flytta till Delregionalt: Läxhjälp"' in page
    response = staff.post(
        f"/workshoppar/{workshop.pk}/lapp/", {"note": note.pk, "action": "place", "placement": "delregionalt"}
    )
    assert response.status_code == 302
    page = staff.get(f"/workshoppar/{workshop.pk}/").text
    assert "Läxhjälp" in _column(page, "delregionalt") and "Läxhjälp" not in _column(page, "unsorted")
    note.refresh_from_db()
    assert note.placed_by_facilitator


def test_a_merge_offers_undo_and_undo_puts_the_note_back(workshop, staff, sjuharad_staff):
    a, b = (services.add_facilitator_note(actor=sjuharad_staff, workshop=workshop, text=t) for t in ("Ett", "Två"))
    url = f"/workshoppar/{workshop.pk}/lapp/"
    board = staff.post(url, {"note": a.pk, "target": b.pk, "action": "merge"}, headers={"HX-Request": "true"})
    assert "Lapparna slogs ihop." in board.text and 'id="angra"' in board.text
    assert "1 sammanslagen lapp" in board.text
    staff.post(url, {"note": a.pk, "action": "unmerge"})
    a.refresh_from_db()
    assert a.merged_into is None


def test_similar_notes_are_offered_as_merges(workshop, staff, sjuharad_staff):
    for text in ("Fler fritidsgårdar i centrum", "Fritidsgårdar i centrum behövs", "Läxhjälp"):
        services.add_facilitator_note(actor=sjuharad_staff, workshop=workshop, text=text)
    page = staff.get(f"/workshoppar/{workshop.pk}/").text
    assert "1 grupp av liknande lappar" in page
    assert "Slå ihop ”Fritidsgårdar i centrum behövs” med ”Fler fritidsgårdar i centrum”" in page


def test_votes_are_hidden_until_the_facilitator_reveals_them(voting_workshop, staff, sjuharad_staff):
    samverkan = Note.objects.get(workshop=voting_workshop, text="Samverkan")
    for _ in range(3):
        services.cast_dot(participant=services.join_workshop(workshop=voting_workshop), note_id=samverkan.pk)
    for url in (f"/workshoppar/{voting_workshop.pk}/", f"/workshoppar/{voting_workshop.pk}/projektor/"):
        page = staff.get(url).text
        assert "3 av 4" in page and "har röstat" in page
        assert "3 pluppar</p>" not in page
    assert staff.post(f"/workshoppar/{voting_workshop.pk}/roster/", {"action": "reveal"}).status_code == 302
    board = staff.get(f"/workshoppar/{voting_workshop.pk}/").text
    assert "votes-shown" in board and re.search(r"Samverkan</p>.*?3 pluppar", board, re.S)
    projector = staff.get(f"/workshoppar/{voting_workshop.pk}/projektor/").text
    assert "screen-results" in projector and "1. Samverkan" in projector


def test_the_live_setting_shows_votes_as_they_come(voting_workshop, staff):
    staff.post(f"/workshoppar/{voting_workshop.pk}/roster/", {"action": "live"})
    samverkan = Note.objects.get(workshop=voting_workshop, text="Samverkan")
    services.cast_dot(participant=services.join_workshop(workshop=voting_workshop), note_id=samverkan.pk)
    assert "1 plupp</p>" in staff.get(f"/workshoppar/{voting_workshop.pk}/").text


def test_the_timer_shows_the_same_deadline_on_every_screen(workshop, staff, join):
    response = staff.post(f"/workshoppar/{workshop.pk}/tid/", {"action": "start", "minutes": "5"})
    assert response.status_code == 302
    workshop.refresh_from_db()
    deadline = timezone.localtime(workshop.timer_ends_at).isoformat()
    participant_page = join().get(f"/w/{workshop.join_code}/").text
    for page in (staff.get(f"/workshoppar/{workshop.pk}/").text, participant_page):
        assert f'data-ends="{deadline}"' in page and 'role="timer"' in page
        assert re.search(r"data-timer-value>[45]:\d\d<", page)  # without JavaScript: the time at loading
    staff.post(f"/workshoppar/{workshop.pk}/tid/", {"action": "pause"})
    assert "Tiden är pausad:" in staff.get(f"/workshoppar/{workshop.pk}/projektor/").text


@pytest.mark.parametrize("data", [{"action": "start", "minutes": "x"}, {"action": "start"}, {"action": "jump"}])
def test_a_bad_timer_request_is_answered_with_a_message(workshop, staff, data):
    board = staff.post(f"/workshoppar/{workshop.pk}/tid/", data, headers={"HX-Request": "true"})
    assert board.status_code == 200 and 'role="alert"' in board.text
    workshop.refresh_from_db()
    assert workshop.timer_ends_at is None


def test_the_projector_shows_code_qr_participants_and_phase(workshop, staff, join):
    join()
    page = staff.get(f"/workshoppar/{workshop.pk}/projektor/").text
    assert f'id="kod">{workshop.join_code}<' in page
    assert '<svg viewBox="0 0' in page and f"QR-kod till http://testserver/w/{workshop.join_code}/" in page
    assert "1 deltagare" in page and "Lappar" in page


def test_the_projector_polls_like_the_board_and_answers_204_while_unchanged(workshop, staff, sjuharad_staff):
    page = staff.get(f"/workshoppar/{workshop.pk}/projektor/").text
    version = re.search(r"projektor/\?v=(\w+)", page).group(1)
    url = f"/workshoppar/{workshop.pk}/projektor/?v={version}"
    assert staff.get(url, headers={"HX-Request": "true"}).status_code == 204
    services.add_facilitator_note(actor=sjuharad_staff, workshop=workshop, text="Ny lapp")
    fresh = staff.get(url, headers={"HX-Request": "true"})
    assert fresh.status_code == 200 and fresh.text.lstrip().startswith('<div id="skarm"') and "Ny lapp" in fresh.text


def test_the_projector_and_board_controls_are_for_those_who_run_the_workshop(workshop, boras_reader, mark_editor):
    for user in (boras_reader, mark_editor):
        client = _client(user)
        assert client.get(f"/workshoppar/{workshop.pk}/projektor/").status_code == 404
        assert client.post(f"/workshoppar/{workshop.pk}/tid/", {"action": "start", "minutes": "1"}).status_code == 404
        assert client.post(f"/workshoppar/{workshop.pk}/roster/", {"action": "live"}).status_code == 404
    workshop.refresh_from_db()
    assert workshop.timer_ends_at is None and not workshop.votes_live


def test_the_board_and_projector_query_counts_do_not_grow_with_notes(
    voting_workshop, staff, sjuharad_staff, django_assert_max_num_queries
):
    services.set_votes_live(actor=sjuharad_staff, workshop=voting_workshop, live=True)
    for i in range(10):
        services.join_workshop(workshop=voting_workshop)
        Note.objects.create(workshop=voting_workshop, text=f"Lapp {i}", placement="delregionalt")
    for url in (f"/workshoppar/{voting_workshop.pk}/", f"/workshoppar/{voting_workshop.pk}/projektor/"):
        with django_assert_max_num_queries(14):
            assert staff.get(url).status_code == 200
    assert voting_workshop.phase == Phase.VOTING


def test_the_board_api_keeps_votes_hidden_until_they_are_shown(client, voting_workshop, sjuharad_staff):
    samverkan = Note.objects.get(workshop=voting_workshop, text="Samverkan")
    services.cast_dot(participant=services.join_workshop(workshop=voting_workshop), note_id=samverkan.pk)
    url = f"/api/workshops/{voting_workshop.join_code}/board"
    board = client.get(url).json()
    assert (board["phase"], board["participants"], board["voters"], board["dots"]) == ("voting", 2, 1, 1)
    assert {n["text"]: n["dots"] for n in board["notes"]} == {"Samverkan": None, "KAA": None, "Intern": None}
    services.reveal_votes(actor=sjuharad_staff, workshop=voting_workshop)
    assert {n["text"]: n["dots"] for n in client.get(url).json()["notes"]}["Samverkan"] == 1
    assert client.get("/api/workshops/ZZZZZZ/board").json() == {"error": "Det finns ingen workshop med den koden"}
