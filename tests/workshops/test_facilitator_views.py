"""Facilitator pages: who may see, who may run (own vs other municipality, reader, anonymous)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kunskapsnod.workshops import services
from kunskapsnod.workshops.models import Note, Phase, Workshop


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_index_lists_workshops_and_shows_codes_only_to_those_who_run_them(workshop, sjuharad_staff, boras_reader):
    staff_page = _client(sjuharad_staff).get("/workshoppar/")
    assert workshop.title in staff_page.text and workshop.join_code in staff_page.text
    assert "Ny workshop" in staff_page.text
    reader = _client(boras_reader)
    reader_page = reader.get("/workshoppar/")
    assert workshop.title in reader_page.text
    assert workshop.join_code not in reader_page.text and "Ny workshop" not in reader_page.text


def test_the_index_query_count_does_not_grow_with_workshops(workshop, org, sjuharad_staff, django_assert_num_queries):
    client = _client(sjuharad_staff)
    with CaptureQueriesContext(connection) as one_workshop:
        client.get("/workshoppar/")
    for i in range(5):
        services.create_workshop(actor=sjuharad_staff, organisation=org("mark"), title=f"W{i}")
    with django_assert_num_queries(len(one_workshop)):
        client.get("/workshoppar/")


def test_anonymous_users_are_sent_to_the_login_page(client, workshop):
    for url in ("/workshoppar/", "/workshoppar/ny/", f"/workshoppar/{workshop.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/logga-in/" in response.url
    response = client.post(f"/workshoppar/{workshop.pk}/fas/", {"phase": "sorting"})
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.phase == Phase.NOTES


def test_a_facilitator_creates_a_workshop(org, boras_editor):
    response = _client(boras_editor).post(
        "/workshoppar/ny/",
        {"title": "Skolnärvaro", "organisation": org("boras").pk, "dots_per_participant": 7, "note_kind": "behov"},
    )
    workshop = Workshop.objects.get()
    assert response.status_code == 302 and response.url == f"/workshoppar/{workshop.pk}/"
    assert (workshop.title, workshop.dots_per_participant, workshop.facilitator) == ("Skolnärvaro", 7, boras_editor)


def test_the_create_form_offers_only_writable_organisations(org, boras_editor):
    response = _client(boras_editor).post(
        "/workshoppar/ny/",
        {"title": "X", "organisation": org("mark").pk, "dots_per_participant": 5, "note_kind": "behov"},
    )
    assert response.status_code == 200 and "Välj ett giltigt alternativ" in response.text
    assert not Workshop.objects.exists()


def test_readers_may_not_create_workshops(boras_reader):
    assert _client(boras_reader).get("/workshoppar/ny/").status_code == 403


def test_the_facilitator_page_shows_code_link_and_board(workshop, sjuharad_staff):
    page = _client(sjuharad_staff).get(f"/workshoppar/{workshop.pk}/")
    assert workshop.join_code in page.text
    assert f"http://testserver/w/{workshop.join_code}/" in page.text
    assert "Gå vidare till sortering" in page.text


def test_a_facilitator_moves_the_phase(workshop, sjuharad_staff):
    response = _client(sjuharad_staff).post(f"/workshoppar/{workshop.pk}/fas/", {"phase": "sorting"})
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.phase == Phase.SORTING


@pytest.mark.parametrize("persona", ["mark_editor", "boras_reader", "gr_staff"])
def test_others_may_look_but_not_run_the_workshop(workshop, personas, persona):
    client = _client(personas[persona])
    services.add_note(participant=services.join_workshop(workshop=workshop, display_name="Hemlig"), text="Lapp 1")
    page = client.get(f"/workshoppar/{workshop.pk}/")
    assert page.status_code == 200 and workshop.join_code not in page.text
    assert "Lapp 1" in page.text and "Hemlig" not in page.text  # names are for the facilitator only
    note = services.add_facilitator_note(actor=workshop.facilitator, workshop=workshop, text="Lapp")
    assert client.post(f"/workshoppar/{workshop.pk}/fas/", {"phase": "sorting"}).status_code == 404
    assert client.post(f"/workshoppar/{workshop.pk}/lapp/", {"note": note.pk, "action": "hide"}).status_code == 404
    assert client.post(f"/workshoppar/{workshop.pk}/ny-lapp/", {"text": "Intrång"}).status_code == 404
    workshop.refresh_from_db()
    note.refresh_from_db()
    assert (workshop.phase, note.hidden, Note.objects.count()) == (Phase.NOTES, False, 2)


def test_the_facilitator_hides_places_and_merges_from_the_board(workshop, sjuharad_staff):
    client = _client(sjuharad_staff)
    for text in ("Ett", "Två", "Fult"):
        client.post(f"/workshoppar/{workshop.pk}/ny-lapp/", {"text": text})
    one, two, ugly = (Note.objects.get(text=t) for t in ("Ett", "Två", "Fult"))
    url = f"/workshoppar/{workshop.pk}/lapp/"
    client.post(url, {"note": ugly.pk, "action": "hide"})
    client.post(url, {"note": one.pk, "action": "place", "placement": "delregionalt"})
    client.post(url, {"note": two.pk, "action": "merge", "target": one.pk})
    one.refresh_from_db(), two.refresh_from_db(), ugly.refresh_from_db()
    assert (ugly.hidden, one.placement, two.merged_into) == (True, "delregionalt", one)


def test_facilitator_refusals_are_shown(workshop, sjuharad_staff):
    client = _client(sjuharad_staff)
    response = client.post(f"/workshoppar/{workshop.pk}/lapp/", {"note": "", "action": "hide"}, follow=True)
    assert "Ingen lapp vald" in response.text
    htmx = client.post(f"/workshoppar/{workshop.pk}/ny-lapp/", {"text": ""}, headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and "Lappen är tom" in htmx.text and "<html" not in htmx.text


def test_the_board_fragment_for_polling(workshop, sjuharad_staff, django_assert_max_num_queries):
    services.add_facilitator_note(actor=sjuharad_staff, workshop=workshop, text="Första")
    client = _client(sjuharad_staff)
    with django_assert_max_num_queries(9):  # session, user, workshop, board version (3), board (3)
        board = client.get(f"/workshoppar/{workshop.pk}/", headers={"HX-Request": "true"})
    assert board.text.lstrip().startswith('<section id="tavla"') and "Första" in board.text


def test_the_index_filters_by_organisation_from_the_organisation_page(workshop, org, sjuharad_staff):
    services.create_workshop(actor=sjuharad_staff, organisation=org("mark"), title="Marks workshop")
    client = _client(sjuharad_staff)
    assert "/workshoppar/?organisation=boras" in client.get("/kommun/boras/").text
    page = client.get("/workshoppar/", {"organisation": "mark"})
    assert "Marks workshop" in page.text and workshop.title not in page.text
    assert "Visar workshoppar för Mark." in page.text


def test_the_facilitator_poll_answers_204_until_someone_joins(workshop, sjuharad_staff, join):
    client = _client(sjuharad_staff)
    version = services.board_version(workshop)
    poll = {"v": version}
    assert client.get(f"/workshoppar/{workshop.pk}/", poll, headers={"HX-Request": "true"}).status_code == 204
    join("Ny")
    board = client.get(f"/workshoppar/{workshop.pk}/", poll, headers={"HX-Request": "true"})
    assert board.status_code == 200 and "1 deltagare" in board.text


def test_the_admin_lists_and_opens_workshops(workshop, administrator):
    client = _client(administrator)
    assert workshop.title in client.get("/admin/workshops/workshop/").text
    assert client.get(f"/admin/workshops/workshop/{workshop.pk}/change/").status_code == 200


def test_the_index_counts_participants_and_notes_on_the_board(workshop, sjuharad_staff):
    people = [services.join_workshop(workshop=workshop) for _ in range(3)]
    notes = [services.add_note(participant=p, text=f"Lapp {i}") for i, p in enumerate(people)]
    services.hide_note(actor=sjuharad_staff, workshop=workshop, note_id=notes[0].pk)
    row = Workshop.objects.with_counts().get()
    assert (row.participant_count, row.note_count) == (3, 2)
    page = _client(sjuharad_staff).get("/workshoppar/")
    assert '<td class="num">3</td>' in page.text and '<td class="num">2</td>' in page.text
