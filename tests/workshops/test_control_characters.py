"""One control character in an anonymous note made every Excel export of the mapping
answer 500 once the note was saved as a priority (issue 8). Control characters never
reach the database through a form, and the export survives rows that hold them."""

import io

from django.test import Client
from openpyxl import load_workbook

from kunskapsnod.mapping.models import Priority
from kunskapsnod.workshops.models import Note, Phase


def _export_texts(client) -> list[str]:
    response = client.get("/kartlaggning/export.xlsx")
    assert response.status_code == 200
    rows = load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True)
    return [str(cell) for row in rows for cell in row if cell]


def test_a_note_with_a_vertical_tab_is_stored_without_it_and_the_export_still_works(
    workshop, join, advance, sjuharad_staff, boras_reader
):
    participant = join("Anna")
    response = participant.post(f"/w/{workshop.join_code}/lapp/", {"text": "Samverkan\x0bmed BUP\x00\x1b\x7f"})
    assert response.status_code == 302
    note = Note.objects.get()
    assert note.text == "Samverkan\nmed BUP"

    advance(workshop, Phase.SORTING)
    participant.post(f"/w/{workshop.join_code}/placera/", {"note": note.pk, "placement": "delregionalt"})
    advance(workshop, Phase.VOTING)
    assert participant.post(f"/w/{workshop.join_code}/plupp/", {"note": note.pk}).status_code == 302
    advance(workshop, Phase.RESULTS)
    facilitator = Client()
    facilitator.force_login(sjuharad_staff)
    assert facilitator.post(f"/workshoppar/{workshop.pk}/resultat/").status_code == 302
    assert Priority.objects.get().text == "Samverkan\nmed BUP"

    reader = Client()
    reader.force_login(boras_reader)
    assert "Samverkan\nmed BUP" in _export_texts(reader)


def test_the_facilitators_note_form_cleans_too(workshop, sjuharad_staff):
    client = Client()
    client.force_login(sjuharad_staff)
    client.post(f"/workshoppar/{workshop.pk}/ny-lapp/", {"text": "KAA\x0crutin\x08"})
    assert Note.objects.get().text == "KAA\nrutin"
