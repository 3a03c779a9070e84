"""Search quality on the real 2022 pre-study: nDCG@10 and recall@10 of the platform's
search against a plain substring search and PostgreSQL's built-in `swedish` full-text
search, on the same queries and the same texts, in the same run (issue 10, figures).

    .venv/bin/python bench/search_quality.py            # SQLite: ours vs substring
    DATABASE_URL=postgres://kunskapsnod:kunskapsnod@127.0.0.1:5432/kunskapsnod_bench_search \\
        .venv/bin/python bench/search_quality.py        # + PostgreSQL FTS
    .venv/bin/python bench/search_quality.py --tiny     # 5 queries (the tests run this)

The queries and the relevant items are bench/search_judgements.json: 40 queries a node
official would type, the relevant pre-study items marked by hand (graded 2/1; the search
helper's own judgement). Items are the 350 top-level rows the demo loads through
import_prestudy (interventions, needs, priorities; sub-items count with their parent).

* ours: kunskapsnod.search.query.search as an administrator (sees every row);
* substring: rows whose text (with sub-items) contains the query, case-insensitive
  (Django's icontains), in id order — what a plain filter box does;
* PostgreSQL FTS: to_tsvector('swedish', text) @@ plainto_tsquery('swedish', query),
  ranked by ts_rank (PostgreSQL only).

nDCG@10 uses gains 2^grade − 1; recall@10 = relevant found in the top 10 / all relevant
(so a query with more than 10 relevant items cannot reach 1)."""

import argparse
import json
import math
import os
import statistics
import time
from pathlib import Path

from _benchdb import setup_bench_database

DEFAULT_URL = "sqlite:////tmp/kunskapsnod-bench-search-quality.sqlite3"
JUDGEMENTS = Path(__file__).with_name("search_judgements.json")
K = 10


def _load():
    from django.conf import settings

    from kunskapsnod.accounts.models import Role
    from kunskapsnod.accounts.services import create_user
    from kunskapsnod.mapping.services import import_prestudy, load_analysis_models
    from kunskapsnod.regions.services import import_regions

    import_regions(settings.DATA_DIR / "regions.csv")
    load_analysis_models(settings.DATA_DIR / "analysmodell.json")
    import_prestudy(actor=None, data=json.loads((settings.DATA_DIR / "sjuharad-forstudie-2022.json").read_text()))
    return create_user(username="bench-admin", password="bench-" + "x" * 20, role=Role.ADMINISTRATOR, organisation=None)


def _keys() -> dict[int, str]:
    """Search document id → the judgements' key 'municipality|kind|text'."""
    from kunskapsnod.mapping.models import Item, Priority
    from kunskapsnod.search.models import Document

    items = {i.pk: f"{i.municipality.name}|{i.kind}|{i.text}" for i in Item.objects.select_related("municipality")}
    priorities = {
        p.pk: f"{p.municipality.name}|prioritering|{p.text}" for p in Priority.objects.select_related("municipality")
    }
    by_source = {"item": items, "priority": priorities}
    return {d.pk: by_source[d.source][d.object_id] for d in Document.objects.exclude(source="entry")}


def ours(user, query: str, keys) -> list[str]:
    from kunskapsnod.search.query import search

    return [keys[hit.document.pk] for hit in search(user, query, limit=K).hits]


def substring(query: str, keys) -> list[str]:
    from kunskapsnod.search.models import Document

    found = Document.objects.filter(text__icontains=query).order_by("pk").values_list("pk", flat=True)[:K]
    return [keys[pk] for pk in found]


def postgres_fts(query: str, keys) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM search_document, plainto_tsquery('swedish', %s) q "
            "WHERE to_tsvector('swedish', text) @@ q "
            "ORDER BY ts_rank(to_tsvector('swedish', text), q) DESC, id LIMIT %s",
            [query, K],
        )
        return [keys[row[0]] for row in cursor.fetchall() if row[0] in keys]


def ndcg(found: list[str], relevant: dict[str, int]) -> float:
    # A second row with the same text (Tranemo lists "Familjecentral" twice) gains nothing.
    firsts = [key if key not in found[:i] else None for i, key in enumerate(found[:K])]
    gain = sum((2 ** relevant.get(key, 0) - 1) / math.log2(i + 2) for i, key in enumerate(firsts) if key)
    ideal = sorted(relevant.values(), reverse=True)[:K]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return gain / best if best else 0.0


def recall(found: list[str], relevant: dict[str, int]) -> float:
    return len(set(found[:K]) & set(relevant)) / len(relevant)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiny", action="store_true", help="the first 5 queries only (seconds)")
    parser.add_argument("--per-query", action="store_true", help="print every query's figures")
    args = parser.parse_args()
    setup_bench_database(os.environ.get("DATABASE_URL", DEFAULT_URL))
    from django.db import connection

    user = _load()
    keys = _keys()
    judged = json.loads(JUDGEMENTS.read_text("utf-8"))["queries"]
    if args.tiny:
        judged = judged[:5]
    missing = {key for q in judged for key in q["relevant"]} - set(keys.values())
    assert not missing, f"judged items not in the data: {sorted(missing)[:5]}"
    systems = {"ours": lambda q: ours(user, q, keys), "substring (icontains)": lambda q: substring(q, keys)}
    if connection.vendor == "postgresql":
        systems["PostgreSQL FTS (swedish)"] = lambda q: postgres_fts(q, keys)
    scores: dict[str, list[tuple[float, float]]] = {name: [] for name in systems}
    seconds = dict.fromkeys(systems, 0.0)
    for entry in judged:
        line = []
        for name, run in systems.items():
            began = time.perf_counter()
            found = run(entry["query"])
            seconds[name] += time.perf_counter() - began
            scores[name].append((ndcg(found, entry["relevant"]), recall(found, entry["relevant"])))
            line.append(f"{scores[name][-1][0]:.2f}/{scores[name][-1][1]:.2f}")
        if args.per_query:
            print(f"  {entry['query']:<32} " + "  ".join(line))
    print(f"database: {connection.vendor}; {len(judged)} judged queries over {len(keys)} real pre-study rows")
    print(f"{'system':<28} {'nDCG@10':>8} {'recall@10':>10} {'mean time':>10}")
    means = {}
    for name, values in scores.items():
        means[name] = (statistics.fmean(v[0] for v in values), statistics.fmean(v[1] for v in values))
        per_query = seconds[name] * 1000 / len(judged)
        print(f"{name:<28} {means[name][0]:>8.3f} {means[name][1]:>10.3f} {per_query:>8.1f}ms")
    for name in list(systems)[1:]:
        base_n, base_r = means[name]
        print(
            f"ratio ours / {name}: nDCG@10 {means['ours'][0] / max(base_n, 1e-9):.2f}x, "
            f"recall@10 {means['ours'][1] / max(base_r, 1e-9):.2f}x"
        )
    if connection.vendor != "postgresql":
        print("(PostgreSQL FTS is measured when DATABASE_URL points at PostgreSQL)")


if __name__ == "__main__":
    main()
