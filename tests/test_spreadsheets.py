"""User text never becomes a live formula in an exported spreadsheet."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from kunskapsnod.spreadsheets import csv_text, csv_untext, xlsx_row
from kunskapsnod.text import clean_text

HOSTILE = ['=HYPERLINK("http://evil.example","klicka")', "+1+1", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_stored_as_text_in_excel(text):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(xlsx_row(sheet, [text, 3.5]))
    out = io.BytesIO()
    workbook.save(out)
    cell = load_workbook(io.BytesIO(out.getvalue())).active["A1"]
    assert (cell.value, cell.data_type) == (text, "s")


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_gets_excels_text_marker_in_csv(text):
    assert csv_text(text) == "'" + text


@given(st.text())
def test_the_csv_marker_round_trips_any_text(text):
    """Any text comes back, without the control characters no cell keeps."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerow([csv_text(text)])
    (read,) = next(csv.reader(io.StringIO(buffer.getvalue(), newline=""), delimiter=";"))
    assert csv_untext(read) == clean_text(text)


@given(st.text() | st.text(alphabet=st.characters(categories=["Cc", "Cs", "Cf", "Zl", "Zp", "L"])))
def test_any_text_can_be_written_to_an_excel_file(text):
    """openpyxl refuses a whole workbook for one control character in one cell (issue 8)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(xlsx_row(sheet, [text]))
    workbook.save(io.BytesIO())
