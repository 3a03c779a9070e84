"""The cost of a need's page with its "what others already do" suggestions
(knowledge/connections.py) as the number of interventions grows, against the page of an
intervention (no suggestions, the same template otherwise) in the same run (issue 10,
item 5: "a need page with 400 items in the DB should stay fast").

    .venv/bin/python bench/connections.py                 # SQLite, /tmp file
    .venv/bin/python bench/connections.py --tiny          # seconds (the tests run this)
    DATABASE_URL=postgres://kunskapsnod:kunskapsnod@127.0.0.1:5432/kunskapsnod_bench_connections \\
        .venv/bin/python bench/connections.py

In-process through Django's test client with the full middleware stack, signed in as
Sjuhärad node staff (who sees the confirm buttons). The real 2022 pre-study first (310
items), then GENERATED interventions ("GENERERAD insats …", words drawn from the
pre-study's own vocabulary so that they do match the need) added in steps up to the
sizes given; at each size: p50/p95 of the need page with warm caches, the first view
after the growth (the new texts are read and analysed), the first view after one
intervention was edited (only that text is analysed again), and the number of queries.
The database must be a throwaway one (its name has to contain "bench")."""

import argparse
import json
import os
import random
import statistics
import time

from _benchdb import setup_bench_database

DEFAULT_URL = "sqlite:////tmp/kunskapsnod-bench-connections.sqlite3"
SIZES = (400, 2_000, 10_000)
TINY_SIZES, TINY_RUNS = (320,), 3
NEED = "Introduktion/mottagande i skola för nyanlända."


def _load_real():
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
    sjuharad = Organisation.objects.get(slug="sjuharad")
    return create_user(
        username="bench-staff", password="bench-" + "x" * 20, role=Role.NODE_STAFF, organisation=sjuharad
    )


def _grow_to(size: int, rng: random.Random) -> None:
    """GENERATED interventions in the other municipalities until ``size`` items exist."""
    from kunskapsnod.mapping.models import Item, Kind
    from kunskapsnod.regions.models import Organisation

    words = sorted({w for text in Item.objects.values_list("text", flat=True) for w in text.split() if len(w) > 4})
    municipalities = list(Organisation.objects.municipalities().exclude(slug="bollebygd"))
    missing = size - Item.objects.count()
    Item.objects.bulk_create(
        [
            Item(
                kind=Kind.INTERVENTION,
                text=f"GENERERAD insats: {' '.join(rng.sample(words, 6))}",
                municipality=rng.choice(municipalities),
                position=100_000 + n,
            )
            for n in range(max(0, missing))
        ],
        batch_size=1000,
    )


def _time(client, path: str, runs: int) -> tuple[float, float, int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start = time.perf_counter()
    client.get(path)  # the first view after a change rebuilds the candidates' corpus
    first = (time.perf_counter() - start) * 1000
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    samples.sort()
    p95 = samples[max(0, round(0.95 * len(samples)) - 1)]
    return statistics.median(samples), p95, len(queries), first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--tiny", action="store_true", help="one small size, 3 runs (seconds)")
    args = parser.parse_args()
    sizes = TINY_SIZES if args.tiny else SIZES
    runs = TINY_RUNS if args.tiny else args.runs
    setup_bench_database(os.environ.get("DATABASE_URL", DEFAULT_URL))
    from django.db import connection
    from django.test import Client

    from kunskapsnod.mapping.models import Item, Kind

    user = _load_real()
    client = Client()
    client.force_login(user)
    need = Item.objects.get(text=NEED)
    intervention = Item.objects.filter(kind=Kind.INTERVENTION, municipality__slug="boras").first()
    print(f"database: {connection.vendor}; runs per size: {runs}; items beyond the real 310 are GENERATED")
    header = f"{'items':>7} {'page':<13} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'first ms':>9}"
    print(header)
    rng = random.Random(2026)
    for size in (Item.objects.count(), *sizes):
        _grow_to(size, rng)
        base = _time(client, intervention.get_absolute_url(), runs)
        page = _time(client, need.get_absolute_url(), runs)
        for label, (p50, p95, queries, first) in (("intervention", base), ("need", page)):
            print(f"{Item.objects.count():>7} {label:<13} {p50:8.1f} {p95:8.1f} {queries:>8} {first:9.1f}")
        edited = Item.objects.filter(kind=Kind.INTERVENTION).exclude(municipality=need.municipality).last()
        edited.text += " (ändrad)"
        edited.save()
        start = time.perf_counter()
        client.get(need.get_absolute_url())
        print(
            f"{'':>7} first need view after one intervention was edited: {(time.perf_counter() - start) * 1000:.1f} ms"
        )
        print(f"{'':>7} ratio need/intervention p50: {page[0] / base[0]:.2f}")


if __name__ == "__main__":
    main()
