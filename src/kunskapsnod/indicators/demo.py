"""`make demo`: all Kolada KPI metadata and the real values of data/kolada/values.csv
(9,480) and values-more.csv (738 more), imported through the same importer users use (so
loading the demo also tests it).

The files are loaded in order and a later file wins where both hold the same key
(indicator, area, period, gender): values-more.csv was retrieved later (2025–2026), so
where it disagrees with values.csv the stored value becomes its value, and the importer
keeps the older one as a revision. A second run never turns a value back: a key the
later file decides is taken from the earlier file only while it is not stored yet."""

from django.conf import settings

from kunskapsnod.indicators.models import Value
from kunskapsnod.indicators.services import (
    ValueRow,
    import_kolada_values,
    load_indicator_metadata,
    read_values_file,
)

KOLADA = settings.DATA_DIR / "kolada"
# In loading order: where two files hold the same key, the later one wins.
VALUE_FILES = [KOLADA / "values.csv", KOLADA / "values-more.csv"]


def load(out) -> None:
    metadata = load_indicator_metadata()
    out.write(f"indicators: {metadata.total} KPIs ({metadata.created} new)")
    files = [(path, read_values_file(path)) for path in VALUE_FILES if path.exists()]
    for index, (path, rows) in enumerate(files):
        later = [row for _path, later_rows in files[index + 1 :] for row in later_rows]
        # Every area id in the bundled files is in regions.csv; should one ever carry one
        # that is not, the demo skips it and says so (a user's file with one is an error).
        summary = import_kolada_values(
            rows=_not_decided_later(rows, later),
            source=f"data/kolada/{path.name}",
            file=path.name,
            skip_unknown_areas=True,
        )
        out.write(f"{path.name}: {summary}")


def _not_decided_later(rows: list[ValueRow], later: list[ValueRow]) -> list[ValueRow]:
    """``rows`` without those a later file gives another value for, once they are stored
    (so the later value, stored over them on the first run, stays)."""
    decided = {row.key: (row.value, row.status) for row in later}
    disputed = {row.key for row in rows if row.key in decided and decided[row.key] != (row.value, row.status)}
    if not disputed:
        return rows
    stored = _stored_keys(disputed)
    return [row for row in rows if row.key not in stored]


def _stored_keys(keys: set[tuple]) -> set[tuple]:
    kpis, areas = {k[0] for k in keys}, {k[1] for k in keys}
    found = Value.objects.filter(indicator__code__in=kpis, area__kolada_id__in=areas).values_list(
        "indicator__code", "area__kolada_id", "period", "gender"
    )
    return {key for key in found if key in keys}
