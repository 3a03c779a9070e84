"""The document as flat rows, for CSV (semicolon, UTF-8 with BOM, as Swedish Excel
writes) and Excel. One row per item, sub-item or priority; ``nr`` is the item's place
in its list and ``del`` the sub-item's place under it, so rows convert back to exactly
the same document."""

import csv
import io
import itertools
import json
import re
from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from kunskapsnod.mapping.services.document import PRIORITY_SECTION, SECTIONS, DocumentError, check_row_count
from kunskapsnod.spreadsheets import csv_text, csv_untext, xlsx_row

COLUMNS = [
    "avsnitt",
    "kommun",
    "datum",
    "kalla",
    "workshop",
    "nr",
    "del",
    "rang",
    "text",
    "aktorer",
    "malgrupp",
    "omfang",
    "pluppar",
    "klassificering",
    "dokumentkalla",
]
_INTEGER_COLUMNS = ("nr", "del", "rang", "pluppar")
# ASCII digits only: str.isdigit() also accepts "²" and other digits int() refuses.
_DIGITS = re.compile(r"[0-9]{1,10}")


def document_to_rows(document: dict) -> list[dict]:
    rows = []
    for section, (_kind, list_key, _label) in SECTIONS.items():
        for block in document.get(section, []):
            head = {
                "avsnitt": section,
                "kommun": block["kommun"],
                "datum": block.get("datum") or "",
                "kalla": block.get("kalla", ""),
                "workshop": block.get("workshop", ""),
                "dokumentkalla": block.get("dokumentkalla", document.get("kalla", "")),
            }
            for nr, entry in enumerate(block[list_key], start=1):
                rows.append({**head, "nr": nr, **_entry_cells(entry)})
                for part_nr, part in enumerate(entry.get("delar", []), start=1):
                    rows.append({**head, "nr": nr, "del": part_nr, **_entry_cells(part)})
    return [{column: row.get(column, "") for column in COLUMNS} for row in rows]


def _entry_cells(entry) -> dict:
    if isinstance(entry, str):
        return {"text": entry}
    cells = {
        "text": entry["text"],
        "rang": entry.get("rang", ""),
        "aktorer": ";".join(entry.get("aktorer", [])),
        "malgrupp": entry.get("malgrupp", ""),
        "omfang": entry.get("omfang", ""),
        "pluppar": entry.get("pluppar", ""),
    }
    if entry.get("klassificering"):
        cells["klassificering"] = json.dumps(entry["klassificering"], ensure_ascii=False)
    return cells


def rows_to_document(rows: Iterable[dict], first_line: int = 2) -> dict:
    """The inverse of document_to_rows; errors name the line and the column. Reading
    stops at the row cap (settings.IMPORT_MAX_ROWS), so a huge file costs no more."""
    document: dict = {"kalla": ""}
    blocks: dict[tuple, dict] = {}
    citations: dict[tuple, str] = {}
    for line, raw in enumerate(itertools.islice(rows, settings.IMPORT_MAX_ROWS + 1), start=first_line):
        if line - first_line == settings.IMPORT_MAX_ROWS:
            check_row_count(settings.IMPORT_MAX_ROWS + 1)
        row = _clean_row(raw, line)
        document["kalla"] = document["kalla"] or row["dokumentkalla"]
        key = tuple(row[c] for c in ("avsnitt", "kommun", "datum", "kalla", "workshop"))
        if key not in blocks:
            blocks[key] = _new_block(row)
            citations[key] = row["dokumentkalla"]
            document.setdefault(row["avsnitt"], []).append(blocks[key])
        _add_row(blocks[key], row, line)
    for key, citation in citations.items():
        if citation != document["kalla"]:  # e.g. "" on rows typed by hand or from a workshop
            blocks[key]["dokumentkalla"] = citation
    return document


def _clean_row(raw: dict, line: int) -> dict:
    row = {c: ("" if raw.get(c) is None else raw.get(c)) for c in COLUMNS}
    for column in COLUMNS:
        if column not in _INTEGER_COLUMNS:
            row[column] = str(row[column]).strip()
    for column in _INTEGER_COLUMNS:
        value = str(row[column]).strip()
        if value and not _DIGITS.fullmatch(value):
            raise DocumentError(
                _("rad %(line)s, fält %(field)s: %(value)s är inte ett heltal (0–9)")
                % {"line": line, "field": column, "value": _shown(value)}
            )
        row[column] = int(value) if value else None
    if row["avsnitt"] not in SECTIONS:
        raise DocumentError(
            _("rad %(line)s, fält avsnitt: %(value)r är inte ett av %(choices)s")
            % {"line": line, "value": row["avsnitt"], "choices": ", ".join(SECTIONS)}
        )
    if row["nr"] is None:
        raise DocumentError(_("rad %(line)s, fält nr: värde saknas") % {"line": line})
    return row


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")


def _new_block(row: dict) -> dict:
    block = {"kommun": row["kommun"], "datum": row["datum"] or None}
    if row["kalla"]:
        block["kalla"] = row["kalla"]
    if row["workshop"]:
        block["workshop"] = row["workshop"]
    block[SECTIONS[row["avsnitt"]][1]] = []
    return block


def _add_row(block: dict, row: dict, line: int) -> None:
    entries = block[SECTIONS[row["avsnitt"]][1]]
    priority = row["avsnitt"] == PRIORITY_SECTION
    entry = _row_entry(row, line, priority, top=row["del"] is None)
    if row["del"] is None:
        entries.append(entry)
    elif not entries or len(entries) != row["nr"]:
        raise DocumentError(
            _("rad %(line)s, fält del: delen hör inte till raden ovanför (nr %(nr)s)") % {"line": line, "nr": row["nr"]}
        )
    else:
        entries[-1].setdefault("delar", []).append(entry)


def _row_entry(row: dict, line: int, priority: bool, *, top: bool):
    entry: dict = {"rang": row["rang"]} if priority and top else {}
    entry["text"] = row["text"]
    if row["aktorer"]:
        entry["aktorer"] = row["aktorer"].split(";")
    for column, key in (("malgrupp", "malgrupp"), ("omfang", "omfang")):
        if row[column]:
            entry[key] = row[column]
    if row["pluppar"] is not None:
        entry["pluppar"] = row["pluppar"]
    if row["klassificering"]:
        entry["klassificering"] = _json_cell(row["klassificering"], line)
    if not top and set(entry) == {"text"}:
        return entry["text"]
    return entry


def _json_cell(text: str, line: int):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            _("rad %(line)s, fält klassificering: ogiltig JSON (%(error)s)") % {"line": line, "error": exc.msg}
        ) from None
    except (RecursionError, ValueError):  # nested too deep; an integer of thousands of digits
        raise DocumentError(_("rad %(line)s, fält klassificering: ogiltig JSON") % {"line": line}) from None


# --- CSV ------------------------------------------------------------------------------


def write_csv(document: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({column: csv_text(value) for column, value in row.items()} for row in document_to_rows(document))
    return buffer.getvalue().encode("utf-8-sig")


def read_csv(content: bytes) -> dict:
    text = _decode(content)
    first = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";" if ";" in first else ",")
    try:
        missing = [c for c in ("avsnitt", "kommun", "nr", "text") if c not in (reader.fieldnames or [])]
        if missing:
            raise DocumentError(_("rad 1: kolumn saknas: %(columns)s") % {"columns": ", ".join(missing)})
        rows = ({column: csv_untext(value) for column, value in row.items()} for row in reader)
        return rows_to_document(rows)
    except csv.Error as exc:
        raise DocumentError(
            _("rad %(line)s: kan inte läsas som CSV (%(error)s)") % {"line": reader.line_num, "error": exc}
        ) from None


def _decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), else cp1252 as older Excel writes; else refused."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        raise DocumentError(_("filen är inte en textfil i UTF-8 eller Windows-1252")) from None


# --- Excel ------------------------------------------------------------------------------


def write_xlsx(document: dict) -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]  # a new workbook's one sheet
    sheet.title = "Kartläggning"
    sheet.append(COLUMNS)
    for row in document_to_rows(document):
        sheet.append(xlsx_row(sheet, (row[c] if row[c] != "" else None for c in COLUMNS)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_xlsx(content: bytes) -> dict:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.active
        if sheet is None:
            raise ValueError("no active sheet")
        # Only as many rows and columns as an import may have: a small file can still
        # claim a million of each.
        limit = settings.IMPORT_MAX_ROWS + 2
        rows = list(sheet.iter_rows(values_only=True, max_row=limit, max_col=2 * len(COLUMNS)))
    except DocumentError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise DocumentError(_("filen är inte en Excel-fil (xlsx): %(error)s") % {"error": str(exc)[:200]}) from None
    if not rows:
        raise DocumentError(_("rad 1: kolumnrubriker saknas"))
    header = [str(c or "").strip() for c in rows[0]]
    return rows_to_document(dict(zip(header, values, strict=False)) for values in rows[1:])


def xlsx_values(content: bytes) -> list[tuple]:
    """The cell values of the first sheet (for comparing two exports)."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return list(workbook.worksheets[0].iter_rows(values_only=True))


# --- any of the three -------------------------------------------------------------------


def read_json(content: bytes) -> dict:
    try:
        return json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise DocumentError(_("filen är inte UTF-8 (byte %(n)s)") % {"n": exc.start}) from None
    except json.JSONDecodeError as exc:
        raise DocumentError(
            _("ogiltig JSON på rad %(line)s, kolumn %(column)s: %(error)s")
            % {"line": exc.lineno, "column": exc.colno, "error": exc.msg}
        ) from None
    except RecursionError:
        raise DocumentError(_("ogiltig JSON: för djupt nästlad")) from None
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise DocumentError(_("ogiltig JSON: %(error)s") % {"error": str(exc)[:120]}) from None


def write_json(document: dict) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


READERS = {"json": read_json, "csv": read_csv, "xlsx": read_xlsx}
WRITERS = {"json": write_json, "csv": write_csv, "xlsx": write_xlsx}


def read_document(name: str, content: bytes) -> dict:
    """Parse a file by its suffix (.json, .csv, .xlsx); the message names the file."""
    suffix = name.rsplit(".", 1)[-1].lower()
    if suffix not in READERS:
        raise DocumentError(_("%(name)s: okänt filformat (använd .json, .csv eller .xlsx)") % {"name": name})
    try:
        return READERS[suffix](content)
    except DocumentError as exc:
        raise DocumentError(f"{name}: {exc}") from None
