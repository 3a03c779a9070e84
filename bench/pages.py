"""p50/p95 of the statistics pages with 1,000,000 values in the database, against the same
pages over the 9,480 real values, in the same run (bench b of issue 4, speed of issue 8).

    .venv/bin/python bench/pages.py                                  # SQLite, /tmp file
    DATABASE_URL=postgres://kunskapsnod:kunskapsnod@127.0.0.1:5432/kunskapsnod_bench_pages \\
        .venv/bin/python bench/pages.py
    ... bench/pages.py --values 10000000                             # another size
    DATABASE_URL=sqlite:////tmp/x-bench.sqlite3 .venv/bin/python bench/pages.py --tiny
                                                                     # seconds (the tests run this)

Measured, in-process through Django's test client with the full middleware stack and a
signed-in reader: the municipality profile page (Borås, /kommun/boras/statistik/), the
ranking page (/statistik/N17461/), the similar-municipalities call
(/api/municipalities/1490/similar), and the profile and ranking for girls (?kon=K). Charts'
server SVGs are separate requests and not part of the page timings.

The database must be a throwaway one (its name has to contain "bench"). Phase 1 loads the
real data (regions, all KPI metadata, data/kolada/values.csv through the importer) and
times the baseline; phase 2 adds GENERATED values (seeded random numbers, source
"GENERATED bench data", never Kolada's) up to 1,000,000 rows — every default-set KPI without
real values gets a full generated series for all areas, 1998–2025, by gender, and synthetic
"GEN…" KPIs take the rest — then VACUUM ANALYZE (the state autovacuum reaches after a bulk
load) and times the same requests again. Prints the load average before and after."""

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
TINY_VALUES, TINY_RUNS = 20_000, 3  # --tiny: the test suite runs every bench at a size of seconds
PERIODS = range(1998, 2026)
GENDERS = ("T", "K", "M")
REQUESTS = {
    "profile  /kommun/boras/statistik/": "/kommun/boras/statistik/",
    "ranking  /statistik/N17461/": "/statistik/N17461/",
    "similar  /api/municipalities/1490/similar": "/api/municipalities/1490/similar",
    "profile, girls  /kommun/boras/statistik/?kon=K": "/kommun/boras/statistik/?kon=K",
    "ranking, girls  /statistik/N17461/?kon=K": "/statistik/N17461/?kon=K",
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
    from django.db import connection, transaction
    from django.utils import timezone

    from kunskapsnod.indicators.models import ImportBatch, Indicator, Value
    from kunskapsnod.indicators.services.importing import _insert
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
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = itertools.islice(_generated_values(indicators, areas, batch.pk, now), missing)
    written = 0
    # The importer's own insert path (COPY on PostgreSQL), in chunks: 10M rows never sit in memory.
    with transaction.atomic():
        while chunk := list(itertools.islice(rows, 200_000)):
            _insert(chunk)
            written += len(chunk)
    _analyze()
    return written


def _generated_values(indicators, areas, batch_id, now):
    """Database-ready tuples in the importer's column order."""
    rng = random.Random(20261127)
    for indicator, area, period, gender in itertools.product(indicators, areas, PERIODS, GENDERS):
        suppressed = rng.random() < 0.01
        value = None if suppressed else round(rng.uniform(0, 100), 6)
        status = "Privacy" if suppressed else ""
        yield (indicator, area, period, gender, value, status, "GENERATED bench data", now, batch_id)


def _analyze() -> None:
    """Statistics for the planner, and on PostgreSQL the visibility map that index-only
    scans need (autovacuum sets it within a minute of a bulk load; the bench does not wait)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _time(client, path: str, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of this process per request. The CPU time does not
    count waiting for a core on a loaded machine (nor, on PostgreSQL, the server's work)."""
    for _ in range(3):  # warm caches (templates, first queries)
        assert client.get(path).status_code == 200, path
    timings, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, path
    return timings, cpu


def _set_priority(niceness: int) -> None:
    """This process and the PostgreSQL backend of its connection at ``niceness``."""
    from django.db import connection

    pids = [os.getpid()]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pids.append(cursor.fetchone()[0])
    try:
        for pid in pids:
            os.setpriority(os.PRIO_PROCESS, pid, niceness)
    except PermissionError:
        print("(--priority needs root: timed at normal priority)")


def _p(timings: list[float], q: int) -> float:
    return statistics.quantiles(timings, n=100, method="inclusive")[q - 1]


def _measure(runs: int, priority: int = 0) -> dict[str, tuple[float, float, float]]:
    """{label: (p50, p95, CPU p50)} in milliseconds."""
    from django.test import Client

    from kunskapsnod.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench"))
    if priority:
        _set_priority(-abs(priority))
    results = {}
    for label, path in REQUESTS.items():
        timings, cpu = _time(client, path, runs)
        results[label] = (_p(timings, 50), _p(timings, 95), _p(cpu, 50))
    if priority:
        _set_priority(0)  # the data generation between the phases runs as everyone else does
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=60, help="timed requests per page (default 60)")
    parser.add_argument("--values", type=int, default=TARGET, help="values in phase 2 (default 1,000,000)")
    parser.add_argument(
        "--tiny", action="store_true", help=f"{TINY_VALUES:,} values, {TINY_RUNS} runs (seconds; the tests run this)"
    )
    parser.add_argument(
        "--priority",
        type=int,
        default=0,
        metavar="N",
        help="while timing, run this process (and its PostgreSQL backend) N nice levels above the rest: "
        "on a machine shared with other work this approximates an idle one (needs root; default 0)",
    )
    args = parser.parse_args()
    if args.tiny:
        args.values, args.runs = TINY_VALUES, TINY_RUNS
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    setup_bench_database(url)
    from django.db import connection

    from kunskapsnod.indicators.models import Value

    load_before = os.getloadavg()
    started = time.perf_counter()
    _load_real()
    _analyze()
    real = Value.objects.count()
    baseline = _measure(args.runs, args.priority)
    generated = _generate(args.values)
    total = Value.objects.count()
    loaded = _measure(args.runs, args.priority)
    load_after = os.getloadavg()
    size = _size(total)
    print(f"bench/pages.py on {connection.vendor} ({dt.date.today()}), {args.runs} timed requests each")
    print(f"baseline: {real:,} real Kolada values; loaded: {total:,} values ({generated:,} GENERATED + the real ones)")
    print(f"load average (1 min) {load_before[0]:.1f} before, {load_after[0]:.1f} after; {os.cpu_count()} cores")
    if args.priority:
        print(f"timed at priority -{abs(args.priority)} (this process and its database backend above the rest)")
    header = (
        f"{'request':48} {'real p50':>9} {'real p95':>9} {'real cpu':>9} "
        f"{size + ' p50':>9} {size + ' p95':>9} {size + ' cpu':>9} {'p95 ratio':>9}"
    )
    print(header)
    for label, (p50, p95, cpu) in loaded.items():
        b50, b95, bcpu = baseline[label]
        print(
            f"{label:48} {b50:7.1f}ms {b95:7.1f}ms {bcpu:7.1f}ms "
            f"{p50:7.1f}ms {p95:7.1f}ms {cpu:7.1f}ms {p95 / b95:8.2f}x"
        )
    print("(cpu: median CPU time of this process per request, which waiting for a busy core does not inflate)")
    print(f"(setup and generation took {time.perf_counter() - started:.0f} s)")


def _size(total: int) -> str:
    """1,000,000 → "1M", 20,000 → "20k"."""
    if total >= 1_000_000:
        return f"{total / 1_000_000:.0f}M"
    return f"{total / 1000:.0f}k"


if __name__ == "__main__":
    main()
