"""Participants work without an account; every refusal is a clear answer that changes nothing."""

import re

import pytest
from django.test import Client

from kunskapsnod.workshops import services
from kunskapsnod.workshops.models import Dot, Note, Participant, Phase


def _url(workshop, suffix=""):
    return f"/w/{workshop.join_code}/{suffix}"


def test_a_participant_joins_without_an_account(client, workshop):
    page = client.get(_url(workshop))
    assert page.status_code == 200
    assert "Gå med" in page.text and "csrfmiddlewaretoken" in page.text
    response = client.post(_url(workshop), {"name": "Anna"})
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.display_name == "Anna"
    assert client.session["workshop_tokens"] == {workshop.join_code: participant.token}
    assert "Du deltar som Anna" in client.get(_url(workshop)).text


def test_the_join_code_is_forgiving_about_case(client, workshop):
    response = client.get(_url(workshop).lower())
    assert response.status_code == 302 and response.url == _url(workshop)
    assert client.get("/w/", {"kod": f" {workshop.join_code.lower()} "}).url == _url(workshop)


def test_an_unknown_join_code_gets_a_swedish_404_page(client, workshop):
    response = client.get("/w/ZZZZZZ/")
    assert response.status_code == 404
    assert "Det finns ingen workshop med den koden" in response.text
    assert "ZZZZZZ" in response.text


@pytest.mark.parametrize("suffix", ["lapp/", "plupp/", "placera/"])
def test_writes_with_an_unknown_code_change_nothing(client, workshop, suffix):
    response = client.post(f"/w/ZZZZZZ/{suffix}", {"text": "x", "note": "1"})
    assert response.status_code == 404
    assert not Note.objects.exists() and not Dot.objects.exists()


def test_writes_without_joining_lead_to_the_join_page(client, workshop):
    response = client.post(_url(workshop, "lapp/"), {"text": "Smyg"})
    assert response.status_code == 302 and response.url == _url(workshop)
    assert not Note.objects.exists()


def test_csrf_protection_stays_on_for_participants(workshop):
    client = Client(enforce_csrf_checks=True)
    response = client.post(_url(workshop), {"name": "Anna"})
    assert response.status_code == 403
    assert not Participant.objects.exists()


def test_html_in_a_note_is_stored_as_typed_and_escaped_on_output(workshop, join, sjuharad_staff):
    participant = join()
    text = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert participant.post(_url(workshop, "lapp/"), {"text": text}).status_code == 302
    assert Note.objects.get().text == text
    for page in (participant.get(_url(workshop)), _staff(sjuharad_staff).get(f"/workshoppar/{workshop.pk}/")):
        assert "<script>alert" not in page.text and "<img src=x" not in page.text
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page.text


def _staff(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Lappen är tom"), ("  ", "Lappen är tom"), ("x" * 2000, "Lappen är för lång: 2000 tecken. Högst 280")],
)
def test_empty_and_long_notes_get_a_clear_message(workshop, join, text, message):
    response = join().post(_url(workshop, "lapp/"), {"text": text})
    assert response.status_code == 400
    assert message in response.text
    assert not Note.objects.exists()


def test_a_too_long_note_is_kept_in_the_form_to_shorten(workshop, join):
    response = join().post(_url(workshop, "lapp/"), {"text": "y" * 600})
    assert ">" + "y" * 600 + "</textarea>" in response.text


def test_htmx_gets_the_board_with_the_new_note(workshop, join):
    response = join().post(_url(workshop, "lapp/"), {"text": "Mer fritid"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["X-Workshop-Result"] == "ok"
    assert 'id="tavla"' in response.text and "Mer fritid" in response.text
    assert "<html" not in response.text


def test_htmx_polling_shows_notes_from_others(workshop, join):
    first, second = join(), join()
    first.post(_url(workshop, "lapp/"), {"text": "Från den första"})
    board = second.get(_url(workshop), headers={"HX-Request": "true"})
    assert "Från den första" in board.text and 'hx-trigger="every 2s"' in board.text


def _voting(voting_workshop, join):
    client = join()
    return client, {n.text: n.pk for n in voting_workshop.notes.all()}


def test_a_participant_votes_and_removes_a_dot(voting_workshop, join):
    client, notes = _voting(voting_workshop, join)
    assert client.post(_url(voting_workshop, "plupp/"), {"note": notes["KAA"]}).status_code == 302
    assert client.post(_url(voting_workshop, "plupp/"), {"note": notes["KAA"]}).status_code == 302
    assert "Du har 1 plupp kvar" in client.get(_url(voting_workshop)).text
    client.post(_url(voting_workshop, "plupp/"), {"note": notes["KAA"], "action": "remove"})
    assert Dot.objects.count() == 1


def test_more_than_n_dots_is_refused_clearly(voting_workshop, join):
    client, notes = _voting(voting_workshop, join)
    for _ in range(3):
        client.post(_url(voting_workshop, "plupp/"), {"note": notes["KAA"]})
    response = client.post(_url(voting_workshop, "plupp/"), {"note": notes["Samverkan"]})
    assert response.status_code == 409
    assert "Du har redan använt alla dina 3 pluppar" in response.text
    assert Dot.objects.count() == 3


@pytest.mark.parametrize(
    ("note", "status", "message"),
    [
        ("Intern", 409, "Pluppar läggs bara på delregionala lappar"),
        ("saknas", 400, "Ingen lapp vald"),
    ],
)
def test_votes_on_wrong_notes_are_refused(voting_workshop, join, note, status, message):
    client, notes = _voting(voting_workshop, join)
    response = client.post(_url(voting_workshop, "plupp/"), {"note": notes.get(note, "x")})
    assert (response.status_code, message in response.text) == (status, True)
    assert not Dot.objects.exists()


def test_a_vote_on_a_hidden_note_is_refused(voting_workshop, join, sjuharad_staff):
    client, notes = _voting(voting_workshop, join)
    services.hide_note(actor=sjuharad_staff, workshop=voting_workshop, note_id=notes["KAA"])
    response = client.post(_url(voting_workshop, "plupp/"), {"note": notes["KAA"]})
    assert response.status_code == 409 and "dold eller sammanslagen" in response.text
    assert not Dot.objects.exists()


def test_votes_after_the_workshop_is_closed_are_refused(voting_workshop, join, advance):
    client, notes = _voting(voting_workshop, join)
    advance(voting_workshop, Phase.CLOSED)
    response = client.post(_url(voting_workshop, "plupp/"), {"note": notes["KAA"]})
    assert response.status_code == 409
    assert "Workshoppen är stängd; inget ändrades." in response.text
    assert not Dot.objects.exists()


def test_votes_in_the_wrong_phase_are_refused(workshop, join):
    client = join()
    client.post(_url(workshop, "lapp/"), {"text": "Lapp"})
    response = client.post(_url(workshop, "plupp/"), {"note": Note.objects.get().pk})
    assert response.status_code == 409 and "fasen Lappar" in response.text
    assert not Dot.objects.exists()


def test_htmx_refusals_are_shown_inside_the_board(voting_workshop, join, advance):
    client, notes = _voting(voting_workshop, join)
    advance(voting_workshop, Phase.CLOSED)
    response = client.post(_url(voting_workshop, "plupp/"), {"note": notes["KAA"]}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'role="alert"' in response.text
    assert "X-Workshop-Result" not in response


def test_participants_sort_notes(workshop, join, advance):
    client = join()
    client.post(_url(workshop, "lapp/"), {"text": "Lapp"})
    advance(workshop, Phase.SORTING)
    note = Note.objects.get()
    assert client.post(_url(workshop, "placera/"), {"note": note.pk, "placement": "delregionalt"}).status_code == 302
    note.refresh_from_db()
    assert note.placement == "delregionalt"


def test_results_are_public_only_after_voting(voting_workshop, join, advance):
    client, notes = _voting(voting_workshop, join)
    client.post(_url(voting_workshop, "plupp/"), {"note": notes["KAA"]})
    early = Client().get(_url(voting_workshop, "resultat/"))
    assert early.status_code == 200 and "KAA" not in early.text
    advance(voting_workshop, Phase.RESULTS)
    page = Client().get(_url(voting_workshop, "resultat/"))
    assert page.status_code == 200
    assert "KAA" in page.text and "Samverkan" in page.text and "Intern" not in page.text


def test_a_closed_workshop_refuses_new_participants(client, workshop, advance):
    advance(workshop, Phase.CLOSED)
    response = client.post(_url(workshop), {"name": "Sen"})
    assert response.status_code == 409 and "Workshoppen är stängd" in response.text
    assert not Participant.objects.exists()


def _poll(client, workshop, version):
    return client.get(_url(workshop), {"v": version}, headers={"HX-Request": "true"})


def test_a_poll_of_an_unchanged_board_gets_204_and_a_changed_one_the_board(workshop, join):
    anna, bo = join(), join()
    version = re.search(r"\?v=(\w+)", anna.get(_url(workshop)).text).group(1)
    assert _poll(anna, workshop, version).status_code == 204
    bo.post(_url(workshop, "lapp/"), {"text": "Ny lapp från Bo"})
    changed = _poll(anna, workshop, version)
    assert changed.status_code == 200 and "Ny lapp från Bo" in changed.text


def test_the_board_version_follows_sorting_and_own_dots(voting_workshop, join, sjuharad_staff):
    client, notes = _voting(voting_workshop, join)
    participant = Participant.objects.last()
    before = services.board_version(voting_workshop, participant)
    client.post(_url(voting_workshop, "plupp/"), {"note": notes["KAA"]})
    after_vote = services.board_version(voting_workshop, participant)
    services.merge_notes(
        actor=sjuharad_staff, workshop=voting_workshop, source_id=notes["KAA"], target_id=notes["Samverkan"]
    )
    after_merge = services.board_version(voting_workshop, participant)
    assert len({before, after_vote, after_merge}) == 3


def test_a_too_long_or_html_name_is_handled(client, workshop, sjuharad_staff):
    response = client.post(_url(workshop), {"name": "x" * 61})
    assert response.status_code == 400 and "Namnet får vara högst 60 tecken." in response.text
    assert not Participant.objects.exists()
    client.post(_url(workshop), {"name": "<i>Eva</i>"})
    client.post(_url(workshop, "lapp/"), {"text": "Lapp"})
    page = _staff(sjuharad_staff).get(f"/workshoppar/{workshop.pk}/")
    assert "&lt;i&gt;Eva&lt;/i&gt;" in page.text and "<i>Eva</i>" not in page.text
