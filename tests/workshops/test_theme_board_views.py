"""A board sorted by theme, as pages: the choice when creating and before the sorting, the
theme columns on the board and the projector, moves without JavaScript, what participants
may do, and the theme in the result's pages, files and JSON."""

import io
import re

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook

from kunskapsnod.mapping.services import load_analysis_models
from kunskapsnod.workshops import exports, services
from kunskapsnod.workshops.models import Note, Phase, Workshop


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _column(page: str, key) -> str:
    match = re.search(rf'data-column="{key}".*?</section>', page, re.S)
    assert match, key
    return match.group(0)


@pytest.fixture
def staff(sjuharad_staff):
    return _client(sjuharad_staff)


@pytest.fixture
def analysis_models_loaded(db):
    load_analysis_models(settings.DATA_DIR / "analysmodell.json")


@pytest.fixture
def sorting(theme_workshop, join, sjuharad_staff):
    """The sorting phase: a participant's note 'Läxhjälp' and the facilitator's 'Föräldramöten'."""
    author = join(target=theme_workshop)
    author.post(f"/w/{theme_workshop.join_code}/lapp/", {"text": "Läxhjälp"})
    services.add_facilitator_note(actor=sjuharad_staff, workshop=theme_workshop, text="Föräldramöten")
    services.set_phase(actor=sjuharad_staff, workshop=theme_workshop, phase=Phase.SORTING)
    return author


def test_the_create_form_offers_sorting_by_theme(org, staff, analysis_models_loaded):
    page = staff.get("/workshoppar/ny/").text
    assert 'value="tema"' in page and "Analysmodell efter workshop steg 2 (v2)" in page
    staff.post(
        "/workshoppar/ny/",
        {
            "title": "Teman",
            "organisation": org("boras").pk,
            "dots_per_participant": 5,
            "note_kind": "behov",
            "sort_by": "tema",
        },
    )
    assert Workshop.objects.get(title="Teman").sort_by == "tema"


def test_the_create_form_offers_only_levels_without_an_analysis_model(staff, db):
    page = staff.get("/workshoppar/ny/").text
    assert 'value="niva"' in page and 'value="tema"' not in page


def test_the_facilitator_switches_to_themes_before_the_sorting_only(
    workshop, staff, analysis_models_loaded, advance, sjuharad_staff
):
    services.add_facilitator_note(actor=sjuharad_staff, workshop=workshop, text="Läxhjälp")
    url = f"/workshoppar/{workshop.pk}/sortering/"
    page = staff.get(f"/workshoppar/{workshop.pk}/").text
    assert 'id="andra-sortering"' in page
    assert staff.post(url, {"sort_by": "tema"}).status_code == 302
    page = staff.get(f"/workshoppar/{workshop.pk}/").text
    assert "Efter tema: Analysmodell efter workshop steg 2 (v2)" in page and "Meningsfull fritid" in page
    advance(workshop, Phase.SORTING)
    assert 'id="andra-sortering"' not in staff.get(f"/workshoppar/{workshop.pk}/").text
    page = staff.post(url, {"sort_by": "niva"}, follow=True).text
    assert "innan sorteringen börjar" in page
    workshop.refresh_from_db()
    assert workshop.sort_by == "tema"


@pytest.mark.parametrize("persona", ["boras_reader", "mark_editor"])
def test_others_cannot_change_the_sorting_or_move_notes(theme_workshop, sorting, theme, request, persona):
    other = _client(request.getfixturevalue(persona))
    note = Note.objects.get(text="Läxhjälp")
    # Like every facilitator write: the workshop is not found for those who may not run it.
    assert other.post(f"/workshoppar/{theme_workshop.pk}/sortering/", {"sort_by": "niva"}).status_code == 404
    response = other.post(
        f"/workshoppar/{theme_workshop.pk}/lapp/",
        {"note": note.pk, "action": "place", "placement": theme("Hälsa för lärande").pk},
    )
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.theme is None


def test_the_board_has_a_column_per_theme_and_moves_notes_without_javascript(theme_workshop, sorting, theme, staff):
    health = theme("Hälsa för lärande")
    page = staff.get(f"/workshoppar/{theme_workshop.pk}/").text
    assert (
        "Läxhjälp" in _column(page, "unsorted") and '<h3 id="kolumn-' + str(health.pk) + '">Hälsa för lärande' in page
    )
    assert 'aria-label="Flytta: Läxhjälp"' in page and "Tema för lappen" in page
    note = Note.objects.get(text="Läxhjälp")
    staff.post(f"/workshoppar/{theme_workshop.pk}/lapp/", {"note": note.pk, "action": "place", "placement": health.pk})
    page = staff.get(f"/workshoppar/{theme_workshop.pk}/").text
    assert "Läxhjälp" in _column(page, health.pk) and "Läxhjälp" not in _column(page, "unsorted")
    projector = staff.get(f"/workshoppar/{theme_workshop.pk}/projektor/").text
    assert "Läxhjälp" in _column(projector, health.pk) and "board-themes" in projector
    assert "{#" not in page + projector  # no template comment leaks onto the screen


def test_a_participant_proposes_a_theme_for_their_own_note_but_not_for_others(theme_workshop, sorting, theme):
    own, facilitators = Note.objects.get(text="Läxhjälp"), Note.objects.get(text="Föräldramöten")
    page = sorting.get(f"/w/{theme_workshop.join_code}/").text
    assert f'id="foresla-{own.pk}"' in page and f'id="foresla-{facilitators.pk}"' not in page
    leisure = theme("Meningsfull fritid")
    url = f"/w/{theme_workshop.join_code}/placera/"
    assert sorting.post(url, {"note": own.pk, "placement": leisure.pk}).status_code == 302
    assert "Tema: <strong>Meningsfull fritid</strong>" in sorting.get(f"/w/{theme_workshop.join_code}/").text
    response = sorting.post(url, {"note": facilitators.pk, "placement": leisure.pk})
    assert response.status_code == 409 and "dina egna lappar" in response.text
    facilitators.refresh_from_db()
    assert facilitators.theme is None


@pytest.fixture
def finished(theme_workshop, sorting, theme, sjuharad_staff, join):
    own, facilitators = Note.objects.get(text="Läxhjälp"), Note.objects.get(text="Föräldramöten")
    for note, name in ((own, "Hälsa för lärande"), (facilitators, "Föräldrar som resurs")):
        services.place_note_as_facilitator(
            actor=sjuharad_staff, workshop=theme_workshop, note_id=note.pk, placement=str(theme(name).pk)
        )
    services.set_phase(actor=sjuharad_staff, workshop=theme_workshop, phase=Phase.VOTING)
    page = sorting.get(f"/w/{theme_workshop.join_code}/").text
    assert f'id="plupp-{own.pk}"' in page and f'id="plupp-{facilitators.pk}"' in page  # every sorted note
    for _ in range(2):
        sorting.post(f"/w/{theme_workshop.join_code}/plupp/", {"note": facilitators.pk})
    services.set_phase(actor=sjuharad_staff, workshop=theme_workshop, phase=Phase.RESULTS)
    theme_workshop.refresh_from_db()
    return theme_workshop


def test_the_results_name_the_theme_on_the_page_in_the_files_and_the_json(finished, client):
    page = client.get(f"/w/{finished.join_code}/resultat/").text
    assert "Lappar i rangordning (2)" in page and "<td>Föräldrar som resurs</td>" in page
    rows = list(load_workbook(io.BytesIO(client.get(f"/w/{finished.join_code}/resultat.xlsx").content)).active.values)
    assert ("Plats", "Lapp", "Tema", "Pluppar", "Delad plats") in rows
    assert (1, "Föräldramöten", "Föräldrar som resurs", 2, None) in rows
    printable = client.get(f"/w/{finished.join_code}/resultat/utskrift/").text
    assert '<td class="theme">Föräldrar som resurs</td>' in printable
    chart = exports.chart_spec(exports.result_file(finished))
    assert chart["encoding"]["color"]["field"] == "theme"
    assert {v["theme"] for v in chart["data"]["values"]} == {"Föräldrar som resurs", "Hälsa för lärande"}
    data = client.get(f"/api/workshops/{finished.join_code}/results").json()
    assert data["sort_by"] == "tema" and data["results"][0]["theme"] == "Föräldrar som resurs"
    board = client.get(f"/api/workshops/{finished.join_code}/board").json()
    assert [c["label"] for c in board["columns"]][:2] == ["Osorterat", "Föräldrar som resurs"]
