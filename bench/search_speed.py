"""Search speed: p50/p95 of a search at 1,000, 10,000 and 100,000 GENERATED documents,
the index build time and size at each step, and the same queries through a baseline in
the same run (issue 10, figures).

    .venv/bin/python bench/search_speed.py                  # SQLite, /tmp file
    DATABASE_URL=postgres://kunskapsnod:kunskapsnod@127.0.0.1:5432/kunskapsnod_bench_search \\
        .venv/bin/python bench/search_speed.py              # PostgreSQL, with its FTS as baseline
    .venv/bin/python bench/search_speed.py --tiny           # 200 and 500 documents (the tests run this)

Documents are GENERATED interventions and needs (text "GENERERAD: " and one to three
real pre-study texts with a few of their words shuffled in, seeded), spread over the 50
municipalities, written with bulk_create and indexed through search.services.reindex_items
(the write services' path) in batches of 2,000: that is the build time. A search is
kunskapsnod.search.query.search as the page runs it: corpus statistics, BM25 top 20,
the total and the facet counts of all matches, snippets; as a signed-in editor (the
visibility rule applies). The queries are the 40 of bench/search_judgements.json, each
run `--runs` times.

Baseline, the same queries on the same rows in the same run:
* PostgreSQL: its built-in full-text search with a GIN index on
  to_tsvector('swedish', text): the top 20 by ts_rank and the count of matches;
* SQLite (no built-in Swedish FTS): a substring filter (icontains) with the count and
  the first 20 rows."""

import argparse
import json
import os
import random
import statistics
import time
from pathlib import Path

from _benchdb import setup_bench_database

DEFAULT_URL = "sqlite:////tmp/kunskapsnod-bench-search-speed.sqlite3"
SIZES = (1_000, 10_000, 100_000)
TINY_SIZES = (200, 500)
BATCH = 2_000
JUDGEMENTS = Path(__file__).with_name("search_judgements.json")


def _load():
    from django.conf import settings

    from kunskapsnod.accounts.models import Role
    from kunskapsnod.accounts.services import create_user
    from kunskapsnod.mapping.services import load_analysis_models
    from kunskapsnod.regions.models import Organisation
    from kunskapsnod.regions.services import import_regions

    import_regions(settings.DATA_DIR / "regions.csv")
    load_analysis_models(settings.DATA_DIR / "analysmodell.json")
    boras = Organisation.objects.get(slug="boras")
    return create_user(username="bench-editor", password="bench-" + "x" * 20, role=Role.EDITOR, organisation=boras)


def _real_texts() -> list[str]:
    from django.conf import settings

    data = json.loads((settings.DATA_DIR / "sjuharad-forstudie-2022.json").read_text("utf-8"))
    texts = []
    for section, key in (("insatser_steg1", "insatser"), ("behov_steg1", "behov")):
        for block in data[section]:
            for entry in block[key]:
                texts.append(entry["text"])
                texts += [part if isinstance(part, str) else part.get("text", "") for part in entry.get("delar", [])]
    return [t for t in texts if t]


def _generate(count: int, start: int, rng: random.Random, texts: list[str]) -> float:
    """Add ``count`` GENERATED items and index them; returns the seconds it took."""
    from kunskapsnod.mapping.models import Item, Kind
    from kunskapsnod.regions.models import Organisation
    from kunskapsnod.search.services import reindex_items

    municipalities = list(Organisation.objects.municipalities())
    words = [w for t in texts for w in t.split()]
    began = time.perf_counter()
    for offset in range(0, count, BATCH):
        rows = []
        for n in range(start + offset, start + min(count, offset + BATCH)):
            text = " ".join(rng.sample(texts, rng.randint(1, 3)) + rng.sample(words, rng.randint(0, 6)))
            rows.append(
                Item(
                    kind=rng.choice([Kind.INTERVENTION, Kind.NEED]),
                    text=f"GENERERAD {n}: {text}"[:2000],
                    municipality=rng.choice(municipalities),
                    position=n,
                )
            )
        created = Item.objects.bulk_create(rows)
        reindex_items([item.pk for item in created])
    return time.perf_counter() - began


def _index_size() -> str:
    from django.db import connection

    from kunskapsnod.search.models import Document, Posting

    documents, postings = Document.objects.count(), Posting.objects.count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_total_relation_size('search_posting') + pg_total_relation_size('search_document')"
            )
            size = cursor.fetchone()[0]
        return f"{documents:,} documents, {postings:,} postings, {size / 2**20:.1f} MB"
    return f"{documents:,} documents, {postings:,} postings"


def _percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[max(0, round(0.95 * len(samples)) - 1)]


def _time(run, queries: list[str], runs: int) -> tuple[float, float, float]:
    """p50 and p95 of the wall time, and p95 of this process's CPU time (on a loaded
    machine the wall time is mostly waiting for a core; with SQLite all the work is here)."""
    samples, cpu = [], []
    for _ in range(runs):
        for query in queries:
            began, began_cpu = time.perf_counter(), time.process_time()
            run(query)
            samples.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
    return *_percentiles(samples), _percentiles(cpu)[1]


def ours(user):
    from kunskapsnod.search.query import search

    return lambda query: search(user, query, limit=20)


def baseline():
    from django.db import connection

    from kunskapsnod.search.models import Document

    if connection.vendor == "postgresql":

        def fts(query: str):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id, ts_rank(to_tsvector('swedish', text), q) AS r "
                    "FROM search_document, plainto_tsquery('swedish', %s) q "
                    "WHERE to_tsvector('swedish', text) @@ q ORDER BY r DESC, id LIMIT 20",
                    [query],
                )
                cursor.fetchall()
                cursor.execute(
                    "SELECT COUNT(*) FROM search_document WHERE to_tsvector('swedish', text) @@ "
                    "plainto_tsquery('swedish', %s)",
                    [query],
                )
                cursor.fetchone()

        return "PostgreSQL FTS (GIN, ts_rank)", fts

    def substring(query: str):
        found = Document.objects.filter(text__icontains=query)
        found.count()
        list(found.order_by("pk").values_list("pk", "title")[:20])

    return "substring (icontains)", substring


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of the 40 queries at each size")
    parser.add_argument("--tiny", action="store_true", help=f"{TINY_SIZES} documents, 1 run (seconds)")
    args = parser.parse_args()
    sizes = TINY_SIZES if args.tiny else SIZES
    runs = 1 if args.tiny else args.runs
    setup_bench_database(os.environ.get("DATABASE_URL", DEFAULT_URL))
    from django.db import connection

    user = _load()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CREATE INDEX bench_fts ON search_document USING gin (to_tsvector('swedish', text))")
    queries = [q["query"] for q in json.loads(JUDGEMENTS.read_text("utf-8"))["queries"]]
    rng, texts = random.Random(2026), _real_texts()
    base_name, base_run = baseline()
    print(f"database: {connection.vendor}; {len(queries)} queries × {runs} runs per size; GENERATED documents")
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'documents':>10} {'build':>9} {'docs/s':>8} {'ours p50':>9} {'ours p95':>9} {'cpu p95':>8} "
          f"{'base p50':>9} {'base p95':>9} {'ratio p95':>9}  index")  # fmt: skip
    indexed = 0
    for size in sizes:
        seconds = _generate(size - indexed, indexed, rng, texts)
        built = size - indexed
        indexed = size
        ours_p50, ours_p95, ours_cpu = _time(ours(user), queries, runs)
        base_p50, base_p95, _base_cpu = _time(base_run, queries, runs)
        print(
            f"{size:>10,} {seconds:>8.1f}s {built / seconds:>8,.0f} {ours_p50:>7.1f}ms {ours_p95:>7.1f}ms "
            f"{ours_cpu:>6.1f}ms {base_p50:>7.1f}ms {base_p95:>7.1f}ms {ours_p95 / base_p95:>8.2f}x  {_index_size()}"
        )
    print(f"baseline: {base_name}; ratio = ours p95 / baseline p95 (below 1: ours is faster)")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
