"""Reading an uploaded list (CSV or Excel) into rows of named cells, bounded in bytes and
rows, with the line number of each row kept for error messages. Only UTF-8 CSV is read:
a file saved as Windows-1252 is refused with the line of the first byte that is not UTF-8
(guessing the encoding would turn "Åsa" into "Ã…sa" without anyone noticing)."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from kunskapsnod.text import clean_text
from kunskapsnod.youth.services import YouthError


@dataclass
class Table:
    columns: dict[str, int]  # canonical column name → index
    rows: list[tuple[int, list[str]]]  # (line number, cells)

    def cell(self, cells: list[str], name: str) -> str:
        index = self.columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""


def _key(header: str) -> str:
    text = unicodedata.normalize("NFKD", header.strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(c for c in text if c.isalnum())


def read_table(data: bytes, *, aliases: dict[str, tuple[str, ...]], required: tuple[str, ...]) -> Table:
    """The file's rows; refuses a file too large, too long, not UTF-8, or without the
    ``required`` columns (``aliases`` maps each canonical name to accepted headers)."""
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise YouthError(_("Filen är större än %(n)s byte.") % {"n": settings.IMPORT_MAX_BYTES})
    raw_rows = _excel_rows(data) if data[:2] == b"PK" else _csv_rows(data)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for line, cells in raw_rows:
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = cells
            continue
        rows.append((line, [clean_text(c) for c in cells]))
        if len(rows) > settings.IMPORT_MAX_ROWS:
            raise YouthError(_("Filen har fler än %(n)s rader.") % {"n": settings.IMPORT_MAX_ROWS})
    if header is None:
        raise YouthError(_("Filen är tom."))
    lookup = {_key(alias): name for name, names in aliases.items() for alias in (name, *names)}
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        name = lookup.get(_key(title))
        if name is not None and name not in columns:
            columns[name] = index
    missing = [name for name in required if name not in columns]
    if missing:
        raise YouthError(_("Rad 1: kolumner saknas: %(columns)s.") % {"columns": ", ".join(missing)})
    return Table(columns, rows)


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YouthError(
            _("Rad %(line)s: filen är inte sparad som UTF-8 (kanske Windows-1252). Spara den som CSV UTF-8.")
            % {"line": line}
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as exc:
        raise YouthError(_("Rad %(line)s: %(error)s") % {"line": reader.line_num, "error": exc}) from None


def _excel_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken or foreign zip
        raise YouthError(_("Filen går inte att läsa som Excel (.xlsx).")) from None
    sheet = book.worksheets[0]
    for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield line, [_excel_cell(v) for v in values]
    book.close()


def _excel_cell(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "date") and hasattr(value, "hour"):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
