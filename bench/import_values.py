"""Import of 1,000,000 GENERATED values through ``import_kolada_values`` against a raw
DB-API ``executemany`` of the same rows into the same table, in the same run.

    .venv/bin/python bench/import_values.py                      # SQLite, /tmp file
    DATABASE_URL=postgres://kunskapsnod:kunskapsnod@127.0.0.1:5432/kunskapsnod_bench \\
        .venv/bin/python bench/import_values.py
    .venv/bin/python bench/import_values.py --tiny               # 2,000 rows: seconds (the tests run this)

The database must be a throwaway one: its name has to contain "bench" (the script drops
and creates it, or deletes the SQLite file, and migrates it). The values are GENERATED (seeded random numbers
for synthetic KPIs "GEN00001"… titled "GENERATED …"), never Kolada's; areas are the real
region hierarchy so the importer's lookups are the real ones."""

import argparse
import os
import random
import time
from pathlib import Path

from _benchdb import setup_bench_database

DEFAULT_URL = "sqlite:////tmp/kunskapsnod-bench.sqlite3"
TINY_ROWS = 2_000  # --tiny: the test suite runs every bench at a size of seconds
PERIODS = range(2001, 2026)
GENDERS = ("T", "K", "M")


def _prepare(count: int):
    """The real regions, synthetic GENERATED KPIs, and ``count`` generated rows."""
    from django.conf import settings

    from kunskapsnod.indicators.models import Indicator
    from kunskapsnod.indicators.services import ValueRow
    from kunskapsnod.regions.models import Organisation
    from kunskapsnod.regions.services import import_regions

    import_regions(settings.DATA_DIR / "regions.csv")
    areas = sorted(Organisation.objects.filter(kolada_id__isnull=False).values_list("kolada_id", flat=True))
    per_kpi = len(areas) * len(PERIODS) * len(GENDERS)
    codes = [f"GEN{n:05}" for n in range(1, count // per_kpi + 2)]
    Indicator.objects.bulk_create(
        [Indicator(code=c, title=f"GENERATED bench KPI {c} (not Kolada), antal") for c in codes],
        ignore_conflicts=True,
    )
    rng = random.Random(20261127)
    rows = []
    for code in codes:
        for area in areas:
            for period in PERIODS:
                for gender in GENDERS:
                    missing = rng.random() < 0.01
                    rows.append(
                        ValueRow(
                            code,
                            area,
                            period,
                            gender,
                            None if missing else round(rng.uniform(0, 100), 6),
                            "Missing" if missing else "",
                            "GENERATED bench data",
                        )
                    )
                    if len(rows) == count:
                        return rows
    return rows


def _empty_tables() -> None:
    from django.db import connection, transaction

    from kunskapsnod.indicators.models import ImportBatch, Value, ValueRevision

    tables = [m._meta.db_table for m in (ValueRevision, Value)]
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "postgresql":
                cursor.execute(f"TRUNCATE {connection.ops.quote_name(table)} CASCADE")
            else:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
    ImportBatch.objects.all().delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(Value._meta.db_table)}")


def _timed(label: str, count: int, work) -> float:
    """Runs ``work``, prints wall and this process's CPU time; returns rows/s (wall)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = work()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"  {label:<44} {seconds:8.2f} s {count / seconds:10,.0f} rows/s (cpu here {cpu:6.2f} s)  {result or ''}")
    return count / seconds


def _through_importer(rows) -> str:
    from kunskapsnod.indicators.services import import_kolada_values

    return str(import_kolada_values(rows=rows, source="GENERATED bench data"))


def _raw_executemany(rows):
    """The baseline: tuples with ids already resolved (prepared untimed), then one DB-API
    executemany per 10,000 rows in one transaction. Returns the timed insert."""
    from django.db import connection, transaction
    from django.utils import timezone

    from kunskapsnod.indicators.models import ImportBatch, Indicator, Value
    from kunskapsnod.regions.models import Organisation

    indicators = dict(Indicator.objects.values_list("code", "id"))
    areas = dict(Organisation.objects.filter(kolada_id__isnull=False).values_list("kolada_id", "id"))
    batch = ImportBatch.objects.create(source="GENERATED bench data (raw baseline)")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    prepared = [
        (indicators[r.kpi], areas[r.municipality], r.period, r.gender, r.value, r.status, r.source, now, batch.pk)
        for r in rows
    ]
    columns = "indicator_id, area_id, period, gender, value, status, source, fetched_at, batch_id"
    mark = "?" if connection.vendor == "sqlite" else "%s"
    sql = f"INSERT INTO {Value._meta.db_table} ({columns}) VALUES ({', '.join([mark] * 9)})"

    def insert():
        with transaction.atomic():
            cursor = connection.connection.cursor()
            for start in range(0, len(prepared), 10_000):
                cursor.executemany(sql, prepared[start : start + 10_000])
            cursor.close()

    return insert


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--tiny", action="store_true", help=f"{TINY_ROWS:,} rows (seconds; the tests run this)")
    args = parser.parse_args()
    if args.tiny:
        args.rows = TINY_ROWS
    setup_bench_database(args.database_url)
    from django.db import connection

    rows = _prepare(args.rows)
    print(f"import of {len(rows):,} GENERATED values on {connection.vendor} ({connection.settings_dict['NAME']})")
    _empty_tables()
    baseline = _timed("raw executemany (baseline)", len(rows), _raw_executemany(rows))
    _empty_tables()
    ours = _timed("import_kolada_values (into an empty table)", len(rows), lambda: _through_importer(rows))
    again = _timed("import_kolada_values again (all unchanged)", len(rows), lambda: _through_importer(rows))
    print(f"  ratio importer/raw: {ours / baseline:.2f} (aim >= 0.5); idempotent re-run/raw: {again / baseline:.2f}")
    _empty_tables()
    _parse_csv(rows)


def _parse_csv(rows) -> None:
    """For information: reading the same rows from a CSV file (what `kolada import` does
    before the importer runs)."""
    import tempfile

    from kunskapsnod.indicators.services import read_values_file
    from kunskapsnod.indicators.services.exporting import rows_to_csv

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated-values.csv"
        path.write_text(rows_to_csv(rows, swedish=True), encoding="utf-8")
        size = path.stat().st_size / 1e6
        _timed(
            f"parse a {size:.0f} MB Swedish-Excel CSV (info)",
            len(rows),
            lambda: f"{len(read_values_file(path)):,} rows",
        )


if __name__ == "__main__":
    main()
