"""Control characters (other than tab, newline, CR) and lone surrogates never reach the
database through an import, and the exports survive rows stored before that rule."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from kunskapsnod.mapping.models import Item, Kind, Priority
from kunskapsnod.mapping.services import WRITERS, import_prestudy


def _document(text):
    return {
        "kalla": "Test\x07",
        "behov_steg1": [{"kommun": "Borås", "datum": "2026-01-01", "behov": [{"text": text, "delar": [text]}]}],
        "prioriteringar_steg2": [
            {"kommun": "Borås", "datum": "2026-01-02", "prioriteringar": [{"text": text, "rang": 1}]}
        ],
    }


def test_the_mapping_import_stores_text_without_control_characters(sjuharad_staff, analysis_models):
    import_prestudy(actor=sjuharad_staff, data=_document("Skol\x0bnärvaro\x00 \x1b[31m\ud800\tbra"))
    stored = {*Item.objects.values_list("text", flat=True), *Priority.objects.values_list("text", flat=True)}
    assert stored == {"Skol\nnärvaro [31m\ufffd\tbra"}


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_every_import_format_cleans_the_text(client, sjuharad_staff, analysis_models, fmt):
    document = _document("Frånvaro\x0bKAA")
    if fmt == "json":
        content = json.dumps(document).encode()
    elif fmt == "csv":  # written by hand: the writer itself would clean the cells
        content = "avsnitt;kommun;datum;nr;text\r\nbehov_steg1;Borås;2026-01-01;1;Frånvaro\x0bKAA\r\n".encode()
    else:
        content = WRITERS["xlsx"](_document("Frånvaro KAA"))
    client.force_login(sjuharad_staff)
    response = client.post(reverse("mapping:import"), {"file": SimpleUploadedFile(f"fil.{fmt}", content)})
    assert response.status_code == 302, response.content.decode()[-500:]
    assert Item.objects.filter(text__in=["Frånvaro\nKAA", "Frånvaro KAA"]).exists()
    assert not any("\x0b" in t for t in Item.objects.values_list("text", flat=True))


@pytest.fixture
def old_rows(org, analysis_models):
    """Rows stored before control characters were refused (written past every check)."""
    need = Item.objects.create(kind=Kind.NEED, municipality=org("boras"), text="Gammal\x0brad\x1f med\x01 tecken")
    Item.objects.create(kind=Kind.NEED, municipality=org("boras"), text="=HYPERLINK(\x0b)", parent=need)
    return need


def test_the_excel_export_survives_old_rows_with_control_characters(client, boras_reader, old_rows):
    client.force_login(boras_reader)
    response = client.get("/kartlaggning/export.xlsx")
    assert response.status_code == 200
    cells = [c for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True) for c in row]
    assert "Gammal\nrad med tecken" in cells
    assert "=HYPERLINK(\n)" in cells  # still text, never a formula


def test_the_csv_export_survives_old_rows_with_control_characters(client, boras_reader, old_rows):
    client.force_login(boras_reader)
    response = client.get("/kartlaggning/export.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Gammal\nrad med tecken" in text
    assert "\x0b" not in text and "\x01" not in text and "\x1f" not in text
    assert "'=HYPERLINK(" in text
