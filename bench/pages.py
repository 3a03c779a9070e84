"""p50/p95 of the statistics pages with 1,000,000 values in the database, against the same
pages over the 9,480 real values, in the same run (bench b of issue 4).

    .venv/bin/python bench/pages.py                                  # SQLite, /tmp file
    DATABASE_URL=postgres://kunskapsnod:kunskapsnod@127.0.0.1:5432/kunskapsnod_bench_pages \\
        .venv/bin/python bench/pages.py

Measured, in-process through Django's test client with the full middleware stack and a
signed-in reader: the municipality profile page (Borås, /kommun/boras/statistik/), the
ranking page (/statistik/N17461/) and the similar-municipalities call
(/api/municipalities/1490/similar). Charts' server SVGs are separate requests and not part
of the page timings.

The database must be a throwaway one (its name has to contain "bench"). Phase 1 loads the
real data (regions, all KPI metadata, data/kolada/values.csv through the importer) and
times the baseline; phase 2 adds GENERATED values (seeded random numbers, source
"GENERATED bench data", never Kolada's) up to 1,000,000 rows — every default-set KPI without
real values gets a full generated series for all areas, 1998–2025, by gender, and synthetic
"GEN…" KPIs take the rest — and times the same requests again."""

import argparse
import datetime as dt
import itertools
import os
import random
import statistics
import time

from _benchdb import setup_bench_database

DEFAULT_URL = "sqlite:////tmp/kunskapsnod-bench-pages.sqlite3"
TARGET = 1_000_000
PERIODS = range(1998, 2026)
GENDERS = ("T", "K", "M")
REQUESTS = {
    "profile  /kommun/boras/statistik/": "/kommun/boras/statistik/",
    "ranking  /statistik/N17461/": "/statistik/N17461/",
    "similar  /api/municipalities/1490/similar": "/api/municipalities/1490/similar",
}


def _load_real() -> None:
    from django.conf import settings

    from kunskapsnod.accounts.models import Role
    from kunskapsnod.accounts.services import create_user
    from kunskapsnod.indicators.services import (
        import_kolada_values,
        load_indicator_metadata,
        read_values_file,
    )
    from kunskapsnod.regions.models import Organisation
    from kunskapsnod.regions.services import import_regions

    import_regions(settings.DATA_DIR / "regions.csv")
    load_indicator_metadata()
    path = settings.DATA_DIR / "kolada" / "values.csv"
    import_kolada_values(rows=read_values_file(path), source=path.name, file=path.name)
    create_user(
        username="bench",
        password="bench-only-password-1",
        role=Role.READER,
        organisation=Organisation.objects.get(slug="boras"),
        email="bench@example.org",
    )


def _generate(target: int) -> int:
    """Add GENERATED values until the table holds ``target`` rows; returns how many."""
    from django.db import transaction
    from django.utils import timezone

    from kunskapsnod.indicators.models import ImportBatch, Indicator, Value
    from kunskapsnod.regions.models import Organisation

    areas = list(Organisation.objects.filter(kolada_id__isnull=False).values_list("pk", flat=True))
    present = set(Value.objects.values_list("indicator_id", flat=True).distinct())
    indicators = [i.pk for i in Indicator.objects.default_set() if i.pk not in present]
    per_kpi = len(areas) * len(PERIODS) * len(GENDERS)
    missing = target - Value.objects.count()
    extra = max(0, -(-(missing - len(indicators) * per_kpi) // per_kpi))
    Indicator.objects.bulk_create(
        [
            Indicator(
                code=f"GEN{n:05}", title=f"GENERATED bench KPI GEN{n:05} (not Kolada), andel (%)", higher_is_better=True
            )
            for n in range(1, extra + 1)
        ]
    )
    indicators += list(Indicator.objects.filter(code__startswith="GEN").values_list("pk", flat=True))
    batch = ImportBatch.objects.create(source="GENERATED bench data (bench/pages.py)")
    rows = itertools.islice(_generated_values(indicators, areas, batch, timezone.now()), missing)
    written = 0
    with transaction.atomic():
        while chunk := list(itertools.islice(rows, 20_000)):
            Value.objects.bulk_create(chunk, batch_size=5_000)
            written += len(chunk)
    _analyze()
    return written


def _generated_values(indicators, areas, batch, now):
    from kunskapsnod.indicators.models import Value

    rng = random.Random(20261127)
    for indicator, area, period, gender in itertools.product(indicators, areas, PERIODS, GENDERS):
        suppressed = rng.random() < 0.01
        yield Value(
            indicator_id=indicator,
            area_id=area,
            period=period,
            gender=gender,
            value=None if suppressed else round(rng.uniform(0, 100), 6),
            status="Privacy" if suppressed else "",
            source="GENERATED bench data",
            fetched_at=now,
            batch=batch,
        )


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _time(client, path: str, runs: int) -> list[float]:
    for _ in range(3):  # warm caches (templates, first queries)
        assert client.get(path).status_code == 200, path
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, path
    return timings


def _p(timings: list[float], q: int) -> float:
    return statistics.quantiles(timings, n=100, method="inclusive")[q - 1]


def _measure(runs: int) -> dict[str, tuple[float, float]]:
    from django.test import Client

    from kunskapsnod.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench"))
    return {label: (lambda t: (_p(t, 50), _p(t, 95)))(_time(client, path, runs)) for label, path in REQUESTS.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=60, help="timed requests per page (default 60)")
    parser.add_argument("--values", type=int, default=TARGET, help="values in phase 2 (default 1,000,000)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    setup_bench_database(url)
    from django.db import connection

    from kunskapsnod.indicators.models import Value

    started = time.perf_counter()
    _load_real()
    _analyze()
    real = Value.objects.count()
    baseline = _measure(args.runs)
    generated = _generate(args.values)
    total = Value.objects.count()
    loaded = _measure(args.runs)
    print(f"bench/pages.py on {connection.vendor} ({dt.date.today()}), {args.runs} timed requests each")
    print(f"baseline: {real:,} real Kolada values; loaded: {total:,} values ({generated:,} GENERATED + the real ones)")
    print(f"{'request':44} {'real p50':>9} {'real p95':>9} {'1M p50':>9} {'1M p95':>9} {'p95 ratio':>9}")
    for label, (p50, p95) in loaded.items():
        b50, b95 = baseline[label]
        print(f"{label:44} {b50:8.1f}ms {b95:8.1f}ms {p50:8.1f}ms {p95:8.1f}ms {p95 / b95:8.2f}x")
    print(f"(setup and generation took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
