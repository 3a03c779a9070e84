"""p50/p95 of the analysis matrix page (/kartlaggning/matris/) with 50 municipalities ×
5,000 GENERATED items each, against the same page over the real 2022 pre-study, in the
same run (issue 5, "matrix page time for 50 municipalities × 5,000 items").

    .venv/bin/python bench/matrix.py                      # SQLite, /tmp file
    .venv/bin/python bench/matrix.py --per-municipality 100   # 50 × 100 = 5,000 in total
    .venv/bin/python bench/matrix.py --tiny                   # seconds (the tests run this)
    DATABASE_URL=postgres://kunskapsnod:kunskapsnod@127.0.0.1:5432/kunskapsnod_bench_matrix \\
        .venv/bin/python bench/matrix.py

Measured in-process through Django's test client with the full middleware stack and a
signed-in reader. Phase 1 loads the real data (regions, analysis model, the pre-study:
310 interventions and needs of 7 municipalities, all unclassified) and times the page for
all municipalities and for Sjuhärad. Phase 2 adds GENERATED items (text "GENERERAD …",
seeded random kind, 1–2 themes and a level of version 2, 10 % left unclassified) to all 50
municipalities and times the same requests again. The database must be a throwaway one
(its name has to contain "bench")."""

import argparse
import os
import random
import statistics
import time

from _benchdb import setup_bench_database

DEFAULT_URL = "sqlite:////tmp/kunskapsnod-bench-matrix.sqlite3"
TINY_ITEMS, TINY_RUNS = 3, 3  # --tiny: the test suite runs every bench at a size of seconds
REQUESTS = {
    "matrix, all municipalities  /kartlaggning/matris/": "/kartlaggning/matris/",
    "matrix, Sjuhärad            ?association=sjuharad": "/kartlaggning/matris/?association=sjuharad",
    "gap, all municipalities     /kartlaggning/gap/": "/kartlaggning/gap/",
    "API matrix, all             /api/mapping/matrix": "/api/mapping/matrix",
}


def _load_real():
    import json

    from django.conf import settings

    from kunskapsnod.accounts.models import Role
    from kunskapsnod.accounts.services import create_user
    from kunskapsnod.mapping.services import import_prestudy, load_analysis_models
    from kunskapsnod.regions.models import Organisation
    from kunskapsnod.regions.services import import_regions

    import_regions(settings.DATA_DIR / "regions.csv")
    load_analysis_models(settings.DATA_DIR / "analysmodell.json")
    data = json.loads((settings.DATA_DIR / "sjuharad-forstudie-2022.json").read_text("utf-8"))
    import_prestudy(actor=None, data=data)
    boras = Organisation.objects.get(slug="boras")
    return create_user(username="bench-reader", password="bench-" + "x" * 20, role=Role.READER, organisation=boras)


def _generate(per_municipality: int, seed: int = 2026) -> int:
    """Bulk-insert GENERATED items with classifications (no audit: generated data)."""
    from kunskapsnod.mapping.models import AnalysisModel, Classification, Item, Kind
    from kunskapsnod.regions.models import Organisation

    rng = random.Random(seed)
    model = AnalysisModel.objects.get(version=2)
    themes, levels = list(model.themes.all()), list(model.levels.all())
    municipalities = list(Organisation.objects.municipalities())
    total = 0
    for municipality in municipalities:
        items = Item.objects.bulk_create(
            [
                Item(
                    kind=rng.choice([Kind.INTERVENTION, Kind.NEED]),
                    text=f"GENERERAD post {n} för {municipality.name}",
                    municipality=municipality,
                    position=10_000 + n,
                )
                for n in range(per_municipality)
            ],
            batch_size=1000,
        )
        classified = [item for item in items if rng.random() >= 0.10]
        rows = Classification.objects.bulk_create(
            [Classification(item=item, model=model, level=rng.choice(levels)) for item in classified],
            batch_size=1000,
        )
        links = [
            Classification.themes.through(classification_id=row.pk, theme_id=theme.pk)
            for row in rows
            for theme in rng.sample(themes, rng.choice([1, 1, 2]))
        ]
        Classification.themes.through.objects.bulk_create(links, batch_size=2000)
        total += len(items)
    return total


def _time(client, path: str, runs: int) -> tuple[float, float]:
    client.get(path)  # warm up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    samples.sort()
    return statistics.median(samples), samples[max(0, round(0.95 * len(samples)) - 1)]


def _measure(user, runs: int) -> dict[str, tuple[float, float]]:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {label: _time(client, path, runs) for label, path in REQUESTS.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-municipality", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--tiny", action="store_true", help=f"{TINY_ITEMS} items each, {TINY_RUNS} runs (seconds)")
    args = parser.parse_args()
    if args.tiny:
        args.per_municipality, args.runs = TINY_ITEMS, TINY_RUNS
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    setup_bench_database(url)
    from django.db import connection

    from kunskapsnod.mapping.models import Item

    user = _load_real()
    print(f"database: {connection.vendor}; runs per request: {args.runs}")
    print(f"phase 1 (baseline): real 2022 pre-study, {Item.objects.count()} items, 7 municipalities")
    baseline = _measure(user, args.runs)
    start = time.perf_counter()
    generated = _generate(args.per_municipality)
    print(
        f"phase 2: + {generated:,} GENERATED items (50 municipalities × {args.per_municipality:,}), "
        f"generated in {time.perf_counter() - start:.1f} s; {Item.objects.count():,} items in all"
    )
    loaded = _measure(user, args.runs)
    print(f"\n{'request':<52} {'base p50':>9} {'base p95':>9} {'gen p50':>9} {'gen p95':>9} {'ratio p50':>9}")
    for label in REQUESTS:
        (b50, b95), (g50, g95) = baseline[label], loaded[label]
        print(f"{label:<52} {b50:>7.1f}ms {b95:>7.1f}ms {g50:>7.1f}ms {g95:>7.1f}ms {g50 / b50:>8.1f}x")


if __name__ == "__main__":
    main()
