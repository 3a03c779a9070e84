"""When a value was retrieved from Kolada, for files that do not say so themselves.

The bundled ``data/kolada/values.csv`` and ``values-more.csv`` name, per row, the public
project the value was saved from; ``data/kolada/sources.csv`` maps each such source (by
prefix) to the date it was retrieved, with the provenance of that date. For most sources
only the year is known, so the date is 1 January of that year; the pages show years only
("hämtad 2021 och 2026").
Without this, every bundled value would look fetched on the day of the import."""

import csv
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from django.conf import settings

from kunskapsnod.indicators.services.errors import ImportDataError
from kunskapsnod.indicators.services.rows import ValueRow


def sources_file() -> Path:
    return settings.DATA_DIR / "kolada" / "sources.csv"


def parse_retrieved(text: str) -> datetime:
    """'2021-01-01' or an ISO datetime → aware datetime; a date or a naive time is UTC
    (a date-only 1 January must stay in that year, whatever the reader's time zone)."""
    moment = datetime.fromisoformat(text.strip())
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@cache
def _known(path: Path, mtime: float) -> tuple[tuple[str, datetime], ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    known = []
    for line, record in enumerate(records, start=2):
        try:
            known.append((record["source_prefix"], parse_retrieved(record["retrieved"])))
        except (KeyError, TypeError, ValueError):
            raise ImportDataError(
                "expected source_prefix and an ISO date in retrieved", file=path.name, where=f"line {line}"
            ) from None
    # Longest prefix first, so a more specific entry wins.
    return tuple(sorted(known, key=lambda item: -len(item[0])))


def known_sources(path: Path | None = None) -> tuple[tuple[str, datetime], ...]:
    """(source prefix, retrieval date) pairs of ``sources.csv``; none when it is absent."""
    path = path or sources_file()
    if not path.exists():
        return ()
    return _known(path, path.stat().st_mtime)


def retrieval_date(source: str, known: tuple[tuple[str, datetime], ...]) -> datetime | None:
    return next((moment for prefix, moment in known if source.startswith(prefix)), None)


def with_retrieval_dates(rows: list[ValueRow], path: Path | None = None) -> list[ValueRow]:
    """``rows`` with ``fetched_at`` filled in from ``sources.csv`` where the row has none
    and its source is listed there; a date in the file itself always wins."""
    known = known_sources(path)
    if not known:
        return rows
    dates: dict[str, datetime | None] = {}
    result = []
    for row in rows:
        if row.fetched_at is None:
            if row.source not in dates:
                dates[row.source] = retrieval_date(row.source, known)
            if dates[row.source] is not None:
                row = row._replace(fetched_at=dates[row.source])
        result.append(row)
    return result
