"""The result as files: Excel, a one-page PDF (the printable page through WeasyPrint) and
a PNG of the chart, each naming the workshop's title, date, organisation and participants."""

import io
import re
import zlib

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import load_workbook

from kunskapsnod.workshops import exports, services
from kunskapsnod.workshops.models import Note, Phase


@pytest.fixture
def finished(voting_workshop, advance):
    samverkan, kaa = (Note.objects.get(workshop=voting_workshop, text=t) for t in ("Samverkan", "KAA"))
    for note in (kaa, kaa, samverkan):
        services.cast_dot(participant=services.join_workshop(workshop=voting_workshop), note_id=note.pk)
    return advance(voting_workshop, Phase.RESULTS)


def _url(workshop, fmt):
    return f"/w/{workshop.join_code}/resultat.{fmt}"


def test_the_excel_file_holds_the_header_and_the_ranked_notes(client, finished):
    response = client.get(_url(finished, "xlsx"))
    assert response.status_code == 200
    day = timezone.localdate(finished.created_at)
    assert response["Content-Disposition"] == f'attachment; filename="workshop-{finished.join_code}-{day}.xlsx"'
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Workshop", "Behov i Borås", None, None)
    assert rows[2][:2] == ("Kommun eller nätverk", "Borås")
    assert rows[3][:2] == ("Deltagare", 4)
    assert rows[7:] == [(1, "KAA", 2, None), (2, "Samverkan", 1, None)]


def test_a_formula_in_a_note_stays_text_in_excel(client, finished, sjuharad_staff):
    Note.objects.filter(workshop=finished, text="KAA").update(text='=HYPERLINK("http://x")')
    rows = list(load_workbook(io.BytesIO(client.get(_url(finished, "xlsx")).content)).active.iter_rows())
    cell = rows[7][1]
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


def _pages(pdf: bytes) -> int:
    """Page objects in a PDF, also inside compressed object streams."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue  # an image or a font
    return sum(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", part)) for part in parts)


def test_the_pdf_is_one_page_of_the_printable_page(client, finished):
    printable = client.get(f"/w/{finished.join_code}/resultat/utskrift/")
    assert printable.status_code == 200 and "Behov i Borås" in printable.text and "Deltagare" in printable.text
    response = client.get(_url(finished, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and _pages(response.content) == 1


def test_a_long_list_of_long_notes_still_fits_one_page(client, finished):
    placement = {"workshop": finished, "placement": "delregionalt"}
    Note.objects.bulk_create(Note(text=f"{i} " + "Långt behov med många ord " * 10, **placement) for i in range(60))
    pdf = client.get(_url(finished, "pdf")).content
    assert _pages(pdf) == 1
    limits = []  # the rows tried: all 25 ran over, fewer fit

    def printable(result):
        limits.append(result.limit)
        return render_to_string("workshops/results_print.html", {"result": result, "for_pdf": True})

    exports.results_pdf(exports.result_file(finished), printable)
    assert limits[0] == exports.PRINT_ROWS and 1 < limits[-1] < exports.PRINT_ROWS


def test_the_png_is_the_chart_with_the_workshops_facts(client, finished):
    response = client.get(_url(finished, "png"))
    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")
    spec = exports.chart_spec(exports.result_file(finished))
    assert spec["title"]["text"] == ["Behov i Borås"]
    assert spec["title"]["subtitle"][0].startswith("Borås · ") and spec["title"]["subtitle"][0].endswith("4 deltagare")
    assert [v["dots"] for v in spec["data"]["values"]] == [2, 1]


def test_files_wait_for_the_results(client, voting_workshop):
    assert client.get(_url(voting_workshop, "xlsx")).status_code == 409
    assert client.get(f"/w/{voting_workshop.join_code}/resultat/utskrift/").status_code == 409
    assert client.get("/w/ZZZZZZ/resultat.pdf").status_code == 404


def test_an_unknown_format_is_404(client, finished):
    assert client.get(_url(finished, "exe")).status_code == 404


def test_the_results_page_links_the_files(client, finished):
    page = client.get(f"/w/{finished.join_code}/resultat/").text
    for fmt in ("xlsx", "pdf", "png"):
        assert f'href="/w/{finished.join_code}/resultat.{fmt}"' in page
