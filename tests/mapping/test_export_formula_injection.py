"""A need typed as a formula stays text in every export, and still round-trips."""

import io

from openpyxl import load_workbook

from kunskapsnod.mapping.services.formats import read_csv, read_xlsx, write_csv, write_xlsx

HOSTILE = '=HYPERLINK("http://evil.example","klicka")'
DOCUMENT = {
    "kalla": "Inmatat för hand",
    "behov_steg1": [{"kommun": "Borås", "datum": "2026-03-01", "behov": [{"text": HOSTILE}, {"text": "'citat"}]}],
}


def test_excel_stores_the_formula_as_text_and_reads_it_back():
    content = write_xlsx(DOCUMENT)
    cells = [c for row in load_workbook(io.BytesIO(content)).active.iter_rows() for c in row if c.value == HOSTILE]
    assert [c.data_type for c in cells] == ["s"]
    assert read_xlsx(content)["behov_steg1"][0]["behov"][0] == {"text": HOSTILE}


def test_csv_marks_the_formula_as_text_and_reads_it_back():
    content = write_csv(DOCUMENT)
    assert "'=HYPERLINK" in content.decode("utf-8-sig")
    assert read_csv(content)["behov_steg1"][0]["behov"] == [{"text": HOSTILE}, {"text": "'citat"}]
