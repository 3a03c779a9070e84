"""Writing user text into files that spreadsheet programs open.

Text a user typed (a need, an anonymous workshop note) must never become a formula in
the reader's Excel: `=HYPERLINK(...)` would be a live link, `=cmd|...` worse. Excel files
store such text as text; CSV has no types, so a leading formula character gets Excel's
own text marker, an apostrophe, which the importers remove again so that exports
round-trip unchanged (text that itself starts with an apostrophe gets one more, as in
Excel).

Control characters other than tab, newline and carriage return are left out of every cell
(kunskapsnod.text.clean_text): an Excel file cannot hold them (openpyxl refuses the whole
file), and rows stored before they were refused at the door may still hold some."""

from openpyxl.cell import WriteOnlyCell

from kunskapsnod.text import clean_value

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def xlsx_cell(sheet, value):
    """The value for ``sheet.append``: a string that looks like a formula as a text cell,
    control characters left out."""
    value = clean_value(value)
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def xlsx_row(sheet, values) -> list:
    return [xlsx_cell(sheet, value) for value in values]


def csv_text(value):
    value = clean_value(value)
    if isinstance(value, str) and value.startswith((*FORMULA_START, "'")):
        return "'" + value
    return value


def csv_untext(value):
    """The inverse of csv_text, for importers."""
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    return value
