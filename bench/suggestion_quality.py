"""How often the classification suggestions (mapping/suggestions.py) pick the theme a
person would, on real pre-study items classified by hand (issue 10, "suggestion quality").

    .venv/bin/python bench/suggestion_quality.py          # the 62 hand-labelled items
    .venv/bin/python bench/suggestion_quality.py --tiny   # 12 of them (the tests run this)

The hand labels are in bench/suggestion_labels.json (version 2 of the analysis model,
every fifth item of the real 2022 pre-study; the author's own judgement, see the file).
Leave-one-out: each labelled item is suggested for with the *other* labelled items as the
classified neighbours (its own label never takes part, and the corpus's word statistics
are rebuilt without its text), as when staff have classified those and this one is next.
Measured in the same run:

* baseline: the most frequent theme among the other labelled items;
* words only: the model's own words (names, descriptions, keyword lists), no neighbours —
  the state of a fresh node where nothing is classified yet;
* neighbours only: the k nearest classified items, no keyword lists;
* both: what the product does.

Top-1 is the share where the first suggested theme is the hand label's theme; top-3 where
it is among the three suggested; "lenient" counts the other themes the labeller noted as
fitting too. No database: the model's themes and levels are built in memory from
data/analysmodell.json and data/analysmodell-nyckelord.json as the loader stores them.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "bench" / "suggestion_labels.json"
TINY = 12


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kunskapsnod.settings")
    os.environ.setdefault("KUNSKAPSNOD_SECRET_KEY", "bench-only-" + "x" * 50)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def _model(version: int):
    from kunskapsnod.mapping.models import AnalysisModel, Level, Theme
    from kunskapsnod.mapping.services.models import keyword_lists

    document = json.loads((ROOT / "data" / "analysmodell.json").read_text("utf-8"))
    entry = next(e for e in document["analysmodeller"] if e["version"] == version)
    words = keyword_lists(ROOT / "data" / "analysmodell-nyckelord.json").get(version, {})
    model = AnalysisModel(pk=version, version=version, name=entry["namn"])
    descriptions = entry.get("nivabeskrivningar", {})
    themes = [
        Theme(pk=n, model=model, name=name, order=n, keywords=words.get("teman", {}).get(name, ""))
        for n, name in enumerate(entry["teman"], start=1)
    ]
    levels = [
        Level(
            pk=100 + n,
            model=model,
            name=name,
            order=n,
            description=descriptions.get(name, ""),
            keywords=words.get("nivaer", {}).get(name, ""),
        )
        for n, name in enumerate(entry["nivaer"], start=1)
    ]
    return model, themes, levels


def evaluate(rows, model, themes, levels, *, use_words=True, use_neighbours=True) -> dict:
    from kunskapsnod.mapping.models import Item, Level, Theme
    from kunskapsnod.mapping.suggestions import Example, Suggester

    by_name = {t.name: t.pk for t in themes}
    level_by_name = {lv.name: lv.pk for lv in levels}
    if not use_words:  # the model's names stay, the keyword lists and descriptions go
        themes = [Theme(pk=t.pk, model=model, name=t.name, order=t.order) for t in themes]
        levels = [Level(pk=lv.pk, model=model, name=lv.name, order=lv.order) for lv in levels]
    counts = dict.fromkeys(("top1", "top3", "lenient1", "level", "clear", "clear_top1"), 0)
    for index, row in enumerate(rows):
        others = [
            Example(n, r["text"], (by_name[r["theme"]],), level_by_name[r["level"]])
            for n, r in enumerate(rows)
            if n != index and use_neighbours
        ]
        suggester = Suggester(model, others, themes=themes, levels=levels)
        suggestion = suggester.suggest(Item(pk=index, text=row["text"]))
        ranked = [r.choice.name for r in suggestion.themes]
        fitting = {row["theme"], *row["also"]}
        counts["top1"] += ranked[0] == row["theme"]
        counts["top3"] += row["theme"] in ranked[:3]
        counts["lenient1"] += ranked[0] in fitting
        counts["level"] += suggestion.level.choice.name == row["level"]
        counts["clear"] += row["clear"]
        counts["clear_top1"] += row["clear"] and ranked[0] == row["theme"]
    return counts


def baseline(rows) -> dict:
    """The most frequent theme (and level) among the other labelled items."""
    from collections import Counter

    counts = dict.fromkeys(("top1", "top3", "lenient1", "level", "clear", "clear_top1"), 0)
    for index, row in enumerate(rows):
        others = [r for n, r in enumerate(rows) if n != index]
        common = [t for t, _n in Counter(r["theme"] for r in others).most_common(3)]
        level = Counter(r["level"] for r in others).most_common(1)[0][0]
        counts["top1"] += common[0] == row["theme"]
        counts["top3"] += row["theme"] in common
        counts["lenient1"] += common[0] in {row["theme"], *row["also"]}
        counts["level"] += level == row["level"]
        counts["clear"] += row["clear"]
        counts["clear_top1"] += row["clear"] and common[0] == row["theme"]
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiny", action="store_true", help=f"only the first {TINY} labelled items")
    args = parser.parse_args()
    _setup()
    document = json.loads(LABELS.read_text("utf-8"))
    rows = document["items"][:TINY] if args.tiny else document["items"]
    model, themes, levels = _model(document["model_version"])
    n = len(rows)
    print(f"{n} real pre-study items classified by hand (the author's judgement), leave-one-out")
    started = time.perf_counter()
    results = {
        "baseline: most frequent theme": baseline(rows),
        "words of the model only": evaluate(rows, model, themes, levels, use_neighbours=False),
        "similar classified items only": evaluate(rows, model, themes, levels, use_words=False),
        "both (the product)": evaluate(rows, model, themes, levels),
    }
    elapsed = time.perf_counter() - started
    base = results["baseline: most frequent theme"]["top1"] or 1
    print(f"{'method':32} {'top-1':>7} {'top-3':>7} {'lenient':>8} {'level':>7} {'clear top-1':>12} {'ratio':>6}")
    for name, c in results.items():
        clear = f"{c['clear_top1']}/{c['clear']}"
        print(
            f"{name:32} {c['top1'] / n:7.1%} {c['top3'] / n:7.1%} {c['lenient1'] / n:8.1%}"
            f" {c['level'] / n:7.1%} {clear:>12} {c['top1'] / base:6.2f}"
        )
    both = results["both (the product)"]
    print(f"top-1 {both['top1']}/{n}, top-3 {both['top3']}/{n}, level {both['level']}/{n}")
    print(f"ratio top-1 against the baseline: {both['top1'] / base:.2f}")
    print(f"time: {elapsed * 1000:.0f} ms for {4 * n} leave-one-out suggestions")


if __name__ == "__main__":
    main()
