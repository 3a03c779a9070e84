"""Parsers for the formats values arrive in: a saved Kolada v3 ``/data`` response (one page
or a JSON list of pages) and the long CSV of ``data/kolada/values.csv``, also as Swedish
Excel writes it (``;``, decimal comma, UTF-8 with BOM or cp1252), or the same table as an
Excel workbook.

Parsers check form only (numbers, genders, shape); whether a KPI or municipality exists
is the importer's question. Every problem raises one ``ImportDataError``."""

import csv
import io
import json
import math
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from kunskapsnod.indicators.services.errors import ImportDataError
from kunskapsnod.indicators.services.provenance import parse_retrieved, with_retrieval_dates
from kunskapsnod.indicators.services.rows import GENDERS, ValueRow
from kunskapsnod.text import clean_data, clean_text, is_ascii_digits

# fetched_at (alias retrieved): when the value was retrieved from Kolada; optional.
CSV_COLUMNS = ["kpi", "municipality_id", "period", "gender", "value", "status", "source", "fetched_at"]
_REQUIRED = ("kpi", "municipality_id", "period", "value")
_ALIASES = {
    "municipality": "municipality_id",
    "year": "period",
    "kon": "gender",
    "kön": "gender",
    "retrieved": "fetched_at",
    "hämtad": "fetched_at",
}
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+(e[+-]?\d+)?$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f]")


def decode(data: bytes, *, file: str) -> str:
    """UTF-8 (with or without BOM) or, failing that, cp1252 as older Excel writes it."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return clean_text(data.decode("utf-8"), breaks="")
    except UnicodeDecodeError:
        try:
            return clean_text(data.decode("cp1252"), breaks="")
        except UnicodeDecodeError as exc:
            raise ImportDataError(f"not UTF-8 or cp1252 text ({exc.reason})", file=file) from None


def parse_number(text: str) -> float | None:
    """'7.52', '7,52', '1 234,5' → float; '' → None; anything else raises ValueError."""
    cleaned = _SPACES.sub("", text)
    if cleaned == "":
        return None
    if _DECIMAL_COMMA.match(cleaned):
        cleaned = cleaned.replace(",", ".")
    number = float(cleaned)
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def parse_municipality(text: str) -> str:
    """Kolada ids are four digits; Excel drops leading zeros ('14' for '0014')."""
    text = text.strip()
    return text.zfill(4) if is_ascii_digits(text) and len(text) < 4 else text


def parse_period(text) -> int:
    if isinstance(text, bool):
        raise ValueError("not a year")
    period = int(str(text).strip())
    if not 1900 <= period <= 2100:
        raise ValueError("not a plausible year")
    return period


def parse_fetched_at(text) -> datetime | None:
    """'' → None; an ISO date or datetime → aware datetime (a naive one is UTC)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if isinstance(text, datetime):  # a date cell read from a workbook
        return text if text.tzinfo is not None else text.replace(tzinfo=UTC)
    return parse_retrieved(str(text))


# ---------------------------------------------------------------- CSV


def _sniff_delimiter(header: str) -> str:
    return ";" if header.count(";") > header.count(",") else ","


def _normalise_header(fields: list[str] | None, file: str) -> list[str]:
    names = [_ALIASES.get(f.strip().lower(), f.strip().lower()) for f in fields or []]
    missing = [name for name in _REQUIRED if name not in names]
    if missing:
        raise ImportDataError(
            f"missing column(s) {', '.join(missing)}; expected {','.join(CSV_COLUMNS)}", file=file, where="line 1"
        )
    return names


def parse_values_csv(text: str, *, file: str = "<csv>") -> list[ValueRow]:
    """Rows of the long format; ``source`` defaults to the file name, ``gender`` to T."""
    text = text.removeprefix("\ufeff")
    header = text.split("\n", 1)[0]
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(header))
        names = _normalise_header(next(reader, None), file)
        return [row for row in _csv_rows(reader, names, file) if row is not None]
    except csv.Error as exc:
        raise ImportDataError(f"not readable as CSV ({exc})", file=file, where=f"line {reader.line_num}") from None


def _csv_rows(reader, names: list[str], file: str) -> Iterator[ValueRow | None]:
    width = len(names)
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            yield None
            continue
        where = f"line {reader.line_num}"
        if len(cells) > width:
            raise ImportDataError(f"{len(cells)} cells but {width} columns", file=file, where=where)
        record = dict(zip(names, cells, strict=False))
        yield _csv_row(record, file, where)


def _csv_row(record: dict, file: str, where: str) -> ValueRow:
    def fail(field: str, message: str):
        return ImportDataError(message, file=file, where=where, field=field)

    kpi = record.get("kpi", "").strip()
    if not kpi:
        raise fail("kpi", "empty")
    municipality = parse_municipality(record.get("municipality_id", ""))
    if not municipality:
        raise fail("municipality_id", "empty")
    try:
        period = parse_period(record.get("period", ""))
    except ValueError:
        raise fail("period", f"not a year: {record.get('period', '')!r}") from None
    gender = (record.get("gender") or "T").strip().upper()
    if gender not in GENDERS:
        raise fail("gender", f"must be T, K or M, not {gender!r}")
    try:
        value = parse_number(record.get("value", ""))
    except ValueError:
        raise fail("value", f"not a number: {record.get('value', '')!r}") from None
    status = (record.get("status") or "").strip()
    source = (record.get("source") or "").strip() or file
    try:
        fetched_at = parse_fetched_at(record.get("fetched_at"))
    except ValueError:
        raise fail("fetched_at", f"not an ISO date or time: {record.get('fetched_at')!r}") from None
    return ValueRow(kpi, municipality, period, gender, value, status, source, where, fetched_at)


# ---------------------------------------------------------------- Kolada v3 JSON


def parse_kolada_json(text: str, *, file: str = "<json>", source: str = "") -> list[ValueRow]:
    """Values from one v3 ``/data`` page or a list of pages; ``isdeleted`` values skipped."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportDataError(
            f"malformed JSON: {exc.msg}", file=file, where=f"line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise ImportDataError("malformed JSON: nested too deep", file=file) from None
    except ValueError as exc:  # an integer of thousands of digits
        raise ImportDataError(f"malformed JSON: {str(exc)[:100]}", file=file) from None
    pages = document if isinstance(document, list) else [document]
    rows: list[ValueRow] = []
    for page_no, page in enumerate(pages, start=1):
        page_label = f"page {page_no}, " if isinstance(document, list) else ""
        rows.extend(parse_kolada_page(page, file=file, source=source or file, label=page_label))
    return rows


def parse_kolada_page(page, *, file: str, source: str, label: str = "") -> list[ValueRow]:
    """One decoded v3 envelope ``{"values": [...], ...}`` → rows (from a file or straight
    from Kolada's API: either way without control characters)."""
    page = clean_data(page)
    if not isinstance(page, dict) or not isinstance(page.get("values"), list):
        raise ImportDataError(
            'expected a Kolada v3 response {"values": [...]}',
            file=file,
            where=label.rstrip(", ") or "top level",
            field="values",
        )
    rows: list[ValueRow] = []
    for index, item in enumerate(page["values"], start=1):
        rows.extend(_kolada_item(item, file, source, f"{label}item {index}"))
    return rows


def _kolada_item(item, file: str, source: str, where: str) -> Iterator[ValueRow]:
    def fail(field: str, message: str, at: str = where):
        return ImportDataError(message, file=file, where=at, field=field)

    if not isinstance(item, dict):
        raise fail("values", "expected an object with kpi, municipality, period, values")
    for field in ("kpi", "municipality", "period", "values"):
        if field not in item:
            raise fail(field, "missing")
    if not isinstance(item["kpi"], str) or not item["kpi"].strip():
        raise fail("kpi", f"expected a KPI id, got {item['kpi']!r}")
    if not isinstance(item["municipality"], str | int) or isinstance(item["municipality"], bool):
        raise fail("municipality", f"expected a municipality id, got {item['municipality']!r}")
    try:
        period = parse_period(item["period"])
    except (TypeError, ValueError):
        raise fail("period", f"not a year: {item['period']!r}") from None
    if not isinstance(item["values"], list):
        raise fail("values", "expected a list")
    kpi, municipality = item["kpi"].strip(), parse_municipality(str(item["municipality"]))
    for number, entry in enumerate(item["values"], start=1):
        at = f"{where}, value {number}"
        if not isinstance(entry, dict):
            raise fail("values", "expected an object with gender, value, status", at)
        if entry.get("isdeleted") is True:
            continue
        own_source = entry.get("source")  # our own exports carry it; Kolada's do not
        yield ValueRow(
            kpi,
            municipality,
            period,
            _gender(entry, fail, at),
            _json_value(entry, fail, at),
            _status(entry, fail, at),
            own_source if isinstance(own_source, str) and own_source else source,
            at,
            _fetched_at(entry, fail, at),
        )


def _fetched_at(entry: dict, fail, at: str) -> datetime | None:
    # Our own exports carry it; Kolada's do not (the sync stamps the time of the request).
    fetched_at = entry.get("fetched_at")
    if fetched_at is not None and not isinstance(fetched_at, str):
        raise fail("fetched_at", f"expected an ISO date or time, got {fetched_at!r}", at)
    try:
        return parse_fetched_at(fetched_at)
    except ValueError:
        raise fail("fetched_at", f"not an ISO date or time: {fetched_at!r}", at) from None


def _gender(entry: dict, fail, at: str) -> str:
    gender = entry.get("gender", "T")
    if not isinstance(gender, str) or gender not in GENDERS:
        raise fail("gender", f"must be T, K or M, not {gender!r}", at)
    return gender


def _json_value(entry: dict, fail, at: str) -> float | None:
    value = entry.get("value")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise fail("value", f"not a number: {value!r}", at)
    try:
        return parse_number(value) if isinstance(value, str) else _finite(float(value))
    except (ValueError, OverflowError):
        raise fail("value", f"not a number: {value!r}", at) from None


def _finite(number: float) -> float:
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def _status(entry: dict, fail, at: str) -> str:
    status = entry.get("status") or ""
    if not isinstance(status, str):
        raise fail("status", f"expected text, got {status!r}", at)
    return status.strip()


# ---------------------------------------------------------------- files


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return repr(cell)
    return clean_text(str(cell))


def parse_values_xlsx(data: bytes, *, file: str = "<xlsx>") -> list[ValueRow]:
    """The long format as the first sheet of a workbook (what ``kolada export`` writes)."""
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        table = [[_cell_text(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise ImportDataError(f"not a readable Excel workbook ({exc.__class__.__name__})", file=file) from None
    names = _normalise_header(table[0] if table else [], file)
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        if any(cell.strip() for cell in cells):
            rows.append(_csv_row(dict(zip(names, cells, strict=False)), file, f"row {line}"))
    return rows


def read_values_file(path: Path) -> list[ValueRow]:
    """A saved v3 response, an Excel workbook or a CSV, told apart by content (JSON starts
    with { or [, a workbook is a zip file). Rows without a retrieval date whose source is
    listed in data/kolada/sources.csv get the date listed there (the bundled values)."""
    return with_retrieval_dates(_read_values_file(path))


def _read_values_file(path: Path) -> list[ValueRow]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportDataError(exc.strerror or str(exc), file=str(path)) from None
    return parse_values_bytes(data, file=path.name)


def parse_values_bytes(data: bytes, *, file: str) -> list[ValueRow]:
    """An uploaded or read file's bytes: a workbook, a saved v3 response or a CSV."""
    if data.startswith(b"PK\x03\x04"):
        return parse_values_xlsx(data, file=file)
    text = decode(data, file=file)
    if text.lstrip()[:1] in ("{", "["):
        return parse_kolada_json(text, file=file, source=file)
    return parse_values_csv(text, file=file)
