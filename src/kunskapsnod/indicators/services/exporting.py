"""Export of stored values in the formats the importers read back (CSV, v3-shaped JSON)
and as an Excel workbook. Export → re-import changes nothing."""

import csv
import io
import json
from collections.abc import Iterable
from datetime import UTC, datetime

from openpyxl import Workbook

from kunskapsnod.indicators.models import Value
from kunskapsnod.indicators.services.parsing import CSV_COLUMNS
from kunskapsnod.indicators.services.rows import ValueRow
from kunskapsnod.spreadsheets import xlsx_cell

FORMATS = ("csv", "xlsx", "json")


def stored_rows(values) -> list[ValueRow]:
    """A Value queryset as rows, in a stable order (one query)."""
    fields = ("indicator__code", "area__kolada_id", "period", "gender", "value", "status", "source", "fetched_at")
    ordered = values.order_by("indicator__code", "area__kolada_id", "period", "gender")
    return [
        ValueRow(kpi, area, period, gender, value, status, source, fetched_at=fetched_at)
        for kpi, area, period, gender, value, status, source, fetched_at in ordered.values_list(*fields)
    ]


def select_values(*, kpis: Iterable[str], areas=None):
    values = Value.objects.for_indicator(list(kpis))
    return values.for_area(areas) if areas is not None else values


def _number(value: float | None, decimal: str) -> str:
    # repr() is the shortest text that reads back as the same float: exact round trips.
    return "" if value is None else repr(value).replace(".", decimal)


def _moment(fetched_at: datetime | None) -> str:
    """ISO 8601 in UTC with the offset: reads back as the same instant in any time zone.
    A naive datetime is UTC, as the parsers read one."""
    if fetched_at is None:
        return ""
    if fetched_at.tzinfo is None:
        return fetched_at.replace(tzinfo=UTC).isoformat()
    return fetched_at.astimezone(UTC).isoformat()


def _cells(row: ValueRow, decimal: str = ".") -> list:
    """One row in CSV_COLUMNS order."""
    value = _number(row.value, decimal)
    return [row.kpi, row.municipality, row.period, row.gender, value, row.status, row.source, _moment(row.fetched_at)]


def rows_to_csv(rows: Iterable[ValueRow], *, swedish: bool = False) -> str:
    """The long format of values.csv; ``swedish``: ``;`` and decimal comma, as Excel writes."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";" if swedish else ",", lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    decimal = "," if swedish else "."
    for row in rows:
        writer.writerow(_cells(row, decimal))
    return out.getvalue()


def rows_to_kolada_json(rows: Iterable[ValueRow]) -> str:
    """One page in the Kolada v3 ``/data`` shape, each value also carrying its ``source``."""
    items: dict[tuple, dict] = {}
    for row in rows:
        item = items.setdefault(
            (row.kpi, row.municipality, row.period),
            {
                "kpi": row.kpi,
                "municipality": row.municipality,
                "period": row.period,
                "values": [],
            },
        )
        item["values"].append(
            {
                "gender": row.gender,
                "count": 1,
                "status": row.status,
                "value": row.value,
                "isdeleted": False,
                "source": row.source,
                "fetched_at": _moment(row.fetched_at) or None,
            }
        )
    page = {"values": list(items.values()), "count": len(items), "next_url": None, "previous_url": None}
    return json.dumps(page, ensure_ascii=False, indent=1)


def rows_to_xlsx(rows: Iterable[ValueRow]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Kolada")
    sheet.append(CSV_COLUMNS)
    for row in rows:
        sheet.append([xlsx_cell(sheet, v) for v in (*row[:7], _moment(row.fetched_at))])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_values(*, kpis: Iterable[str], areas=None, format: str = "csv") -> bytes:
    """The selected values encoded as ``format`` (csv, xlsx or json)."""
    rows = stored_rows(select_values(kpis=kpis, areas=areas))
    if format == "xlsx":
        return rows_to_xlsx(rows)
    if format == "json":
        return rows_to_kolada_json(rows).encode("utf-8")
    if format == "csv":
        return rows_to_csv(rows).encode("utf-8")
    raise ValueError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
