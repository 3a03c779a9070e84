"""How well the early-warning rules predict a failed year, on real public data (issue 12 item 4).

    .venv/bin/python bench/early_warning.py             # 5-fold stratified CV × 20 repeats
    .venv/bin/python bench/early_warning.py --tiny      # 3 folds × 1 repeat, a small grid (the tests run this)

Data: the UCI "Student Performance" set shipped in data/uci-student-performance/ (real pupils
of two Portuguese secondary schools, CC BY 4.0, Cortez & Silva 2008; student-por.csv too if
it is there). Outcome: a failed final grade, G3 < 10 on the 0–20 scale. Not Swedish pupils.

Mapping to the rules (kunskapsnod.youth.earlywarning), honestly:

* UCI ``absences`` is a count of absences in the course with no scheduled time beside it
  and no valid/invalid split. Each pupil becomes one PeriodRecord with the count as valid
  absence out of a constant ``DENOMINATOR`` of 100 lessons, so an engine share of 0.08
  means 8 absences: a bookkeeping device, not a real share of scheduled time. The
  thresholds are therefore reported as counts. The invalid-absence and rise rules cannot
  be tested (no split, one period) and are off.
* ``failures`` (past class failures, 0–3) are the failing results on record for (a); for
  (b) a failing first-period grade (G1 < 10) counts as one more failed course.

Calibration: the count thresholds are not fixed a priori (there is no denominator to carry
the product's 10 % over); for each training fold the bench picks the rule set's thresholds
from a grid by F1 on the training pupils only, then counts hits on the held-out fold. The
baseline (c), scikit-learn's logistic regression on the same inputs (standardised), is fit
on the same training folds; its cut-off is 0.5 (the textbook one) and, as the comparison
like for like, chosen by F1 on the training folds as the rules' thresholds are. Each
repeat pools its held-out predictions (every pupil predicted once); figures are means over
the repeats (± the standard deviation). Seeded: the same seed gives the same figures.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from kunskapsnod.youth.earlywarning import PeriodRecord, Thresholds, evaluate, flagged_pupils

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "uci-student-performance"
FILES = ("student-mat.csv", "student-por.csv")
DENOMINATOR = 100  # UCI gives no scheduled time: share = count / 100 (see the docstring)
PASS_MARK = 10  # 0–20 scale: G3 < 10 is a failed year
SEED = 20261201
ABSENCE_GRID = (None, 2, 4, 6, 8, 10, 12, 15, 20, 25, 30)  # counts; None: rule off
COMBINED_GRID = (None, 1, 2, 4, 6, 8, 10)
FAILED_GRID = (None, 1, 2, 3)
COMBINED_FAILED_GRID = (1, 2)


@dataclass(frozen=True)
class Pupil:
    key: str
    absences: int
    failures: int
    g1: int
    g3: int

    @property
    def failed_year(self) -> bool:
        return self.g3 < PASS_MARK


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    flagged: float  # share of pupils flagged

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def load(path: Path) -> list[Pupil]:
    with path.open(encoding="utf-8", newline="") as file:
        return [
            Pupil(f"{path.stem}:{n}", int(r["absences"]), int(r["failures"]), int(r["G1"]), int(r["G3"]))
            for n, r in enumerate(csv.DictReader(file), start=1)
        ]


def record(pupil: Pupil, *, with_g1: bool) -> PeriodRecord:
    """The pupil as the rules see them (see the module docstring for the mapping)."""
    failed = pupil.failures + (with_g1 and pupil.g1 < PASS_MARK)
    return PeriodRecord(pupil.key, "UCI", date(2006, 9, 1), DENOMINATOR, min(pupil.absences, DENOMINATOR), 0, failed)


def thresholds(absence: int | None, combined: int | None, failed: int | None, combined_failed: int) -> Thresholds:
    def share(count: int | None) -> float | None:
        return None if count is None else count / DENOMINATOR

    return Thresholds(
        total_share=share(absence),
        invalid_share=None,
        rise_points=None,
        combined_share=share(combined),
        combined_failed=combined_failed,
        failed_courses=failed,
        min_lessons=1,
    )


def grid(tiny: bool) -> list[tuple]:
    if tiny:
        return list(itertools.product((None, 8, 15), (None, 4), (None, 1), (1,)))
    return list(itertools.product(ABSENCE_GRID, COMBINED_GRID, FAILED_GRID, COMBINED_FAILED_GRID))


def flag_matrix(pupils: Sequence[Pupil], settings: Sequence[tuple], *, with_g1: bool) -> np.ndarray:
    """Whether the engine flags each pupil (columns) under each threshold setting (rows).
    The rules learn nothing from the data, so this is computed once; folds only choose a row.
    Pupils with the same record are evaluated once (395 pupils, about 100 distinct records)."""
    records = [record(p, with_g1=with_g1) for p in pupils]
    distinct = {(r.absence, r.failed_courses): replace(r, pupil=f"{r.absence}:{r.failed_courses}") for r in records}
    keys = [distinct[r.absence, r.failed_courses].pupil for r in records]
    rows = []
    for setting in settings:
        flagged = flagged_pupils(evaluate(distinct.values(), thresholds(*setting)))
        rows.append([key in flagged for key in keys])
    return np.array(rows, dtype=bool)


def scores(predicted: np.ndarray, truth: np.ndarray) -> Scores:
    hits = int(np.sum(predicted & truth))
    flagged, positives = int(predicted.sum()), int(truth.sum())
    return Scores(hits / flagged if flagged else 0.0, hits / positives if positives else 0.0, flagged / len(truth))


def _f1(hits: np.ndarray, flagged: np.ndarray, positives: int) -> np.ndarray:
    """F1 = 2·hits / (flagged + positives), the same as 2PR / (P + R), for many candidates at once."""
    return np.where(flagged + positives > 0, 2 * hits / np.maximum(flagged + positives, 1), 0.0)


def best_row(matrix: np.ndarray, truth: np.ndarray) -> int:
    """The row with the highest F1 on these pupils; ties go to the row flagging fewest, then the first."""
    flagged = matrix.sum(axis=1)
    f1 = _f1((matrix & truth).sum(axis=1), flagged, int(truth.sum()))
    return int(np.lexsort((np.arange(len(matrix)), flagged, -f1))[0])


def best_cutoff(probabilities: np.ndarray, truth: np.ndarray) -> float:
    """The probability cut-off with the highest F1 on these pupils; ties go to the highest."""
    candidates = np.unique(np.round(probabilities, 3))
    every, positive = np.sort(probabilities), np.sort(probabilities[truth])
    flagged = len(every) - np.searchsorted(every, candidates)
    hits = len(positive) - np.searchsorted(positive, candidates)
    f1 = _f1(hits, flagged, len(positive))
    return float(candidates[np.lexsort((-candidates, -f1))[0]])


Splits = list[tuple[np.ndarray, np.ndarray]]


def splits(truth: np.ndarray, folds: int, repeats: int, seed: int) -> list[Splits]:
    """Per repeat, its folds' (train, test) indices: the same folds for every method."""
    cv = RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=seed)
    every = list(cv.split(np.zeros(len(truth)), truth))
    return [every[r * folds : (r + 1) * folds] for r in range(repeats)]


def cross_validate(truth: np.ndarray, repeats: list[Splits], predict: Callable) -> list[Scores]:
    """Pooled held-out scores per repeat; ``predict(train, test)`` sees the training labels only."""
    results = []
    for folds in repeats:
        predicted = np.zeros(len(truth), dtype=bool)
        for train, test in folds:
            predicted[test] = predict(train, test)
        results.append(scores(predicted, truth))
    return results


def rule_predictor(matrix: np.ndarray, truth: np.ndarray, chosen: Counter) -> Callable:
    def predict(train, test):
        row = best_row(matrix[:, train], truth[train])
        chosen[row] += 1
        return matrix[row, test]

    return predict


def logistic_predictors(features: np.ndarray, truth: np.ndarray, *, seed: int) -> tuple[Callable, Callable]:
    """Predictors with the cut-off 0.5 and with the cut-off chosen by F1 on the training
    pupils; one fit per training fold serves both."""
    fitted: dict[bytes, tuple[np.ndarray, np.ndarray]] = {}

    def probabilities(train, test):
        key = train.tobytes() + b"|" + test.tobytes()
        if key not in fitted:
            model = make_pipeline(StandardScaler(), LogisticRegression(random_state=seed))
            model.fit(features[train], truth[train])
            fitted[key] = (model.predict_proba(features[train])[:, 1], model.predict_proba(features[test])[:, 1])
        return fitted[key]

    def plain(train, test):
        return probabilities(train, test)[1] >= 0.5

    def calibrated(train, test):
        on_train, on_test = probabilities(train, test)
        return on_test >= best_cutoff(on_train, truth[train])

    return plain, calibrated


def describe(setting: tuple) -> str:
    absence, combined, failed, combined_failed = setting
    parts = [f"absences ≥ {absence}"] if absence is not None else []
    if combined is not None:
        parts.append(f"absences ≥ {combined} with ≥ {combined_failed} failed")
    if failed is not None:
        parts.append(f"≥ {failed} failed")
    return " or ".join(parts) or "nothing"


def run(pupils: Sequence[Pupil], *, folds: int, repeats: int, seed: int, tiny: bool) -> dict[str, dict]:
    """Every method's per-repeat scores, the rules' most chosen thresholds, and the time taken."""
    with threadpool_limits(1):  # each fit is tiny: BLAS threads would only fight over the cores
        return _run(pupils, folds=folds, repeats=repeats, seed=seed, tiny=tiny)


def _run(pupils: Sequence[Pupil], *, folds: int, repeats: int, seed: int, tiny: bool) -> dict[str, dict]:
    truth = np.array([p.failed_year for p in pupils])
    plan = splits(truth, folds, repeats, seed)
    settings = grid(tiny)
    results = {}
    for label, with_g1 in (("a", False), ("b", True)):
        started, chosen = time.perf_counter(), Counter()
        matrix = flag_matrix(pupils, settings, with_g1=with_g1)
        rules = cross_validate(truth, plan, rule_predictor(matrix, truth, chosen))
        rule_time = time.perf_counter() - started
        columns = [[p.absences, p.failures] + ([p.g1] if with_g1 else []) for p in pupils]
        features = np.array(columns, dtype=float)
        started = time.perf_counter()
        plain, by_f1 = logistic_predictors(features, truth, seed=seed)
        logistic, calibrated = cross_validate(truth, plan, plain), cross_validate(truth, plan, by_f1)
        logistic_time = time.perf_counter() - started
        results[label] = {
            "rules": rules,
            "logistic": logistic,
            "logistic_f1": calibrated,
            "chosen": [(describe(settings[row]), n) for row, n in chosen.most_common(3)],
            "seconds": (rule_time, logistic_time),
        }
    return results


def _mean(values: Sequence[float]) -> str:
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.fmean(values):.3f} ± {sd:.3f}"


TITLES = {
    "rules": "rules",
    "logistic": "(c) logistic regression, cut-off 0.5",
    "logistic_f1": "(c) logistic regression, cut-off by F1",
}
INPUTS = {"a": "absences + past failures", "b": "absences + past failures + G1"}


def table_rows(results: dict) -> list[tuple[str, list[str]]]:
    """(rule set or model, [precision, recall, flagged share, F1] as "mean ± sd") per row."""
    rows = []
    for label, inputs in INPUTS.items():
        for method, title in TITLES.items():
            runs = results[label][method]
            heading = f"({label}) {title}: {inputs}" if method == "rules" else f"{title}: {inputs}"
            rows.append(
                (heading, [_mean([getattr(s, f) for s in runs]) for f in ("precision", "recall", "flagged", "f1")])
            )
    return rows


def markdown_rows(results: dict) -> list[str]:
    """The table rows as docs/early-warning.md and bench/README.md show them."""
    return [f"| {heading} | " + " | ".join(figures) + " |" for heading, figures in table_rows(results)]


def report(name: str, pupils: Sequence[Pupil], results: dict, *, folds: int, repeats: int, seed: int) -> None:
    failed = sum(p.failed_year for p in pupils)
    print(f"\n{name}: {len(pupils)} real pupils (Portuguese secondary schools, not Swedish), "
          f"{failed} failed the year (G3 < 10): {failed / len(pupils):.1%}")  # fmt: skip
    print(f"{folds}-fold stratified cross-validation × {repeats} repeats, seed {seed}; thresholds and "
          "calibrated cut-offs chosen on the training folds only (F1)")  # fmt: skip
    print(f"{'rule set / model':<66} {'precision':>15} {'recall':>15} {'flagged':>15} {'F1':>15}")
    for heading, figures in table_rows(results):
        print(f"{heading:<66} " + " ".join(f"{figure:>15}" for figure in figures))
    for label in INPUTS:
        block = results[label]
        chosen = "; ".join(f"{text} ({n}×)" for text, n in block["chosen"])
        print(f"({label}) thresholds chosen most often: {chosen}")
        rules, baseline = block["rules"], block["logistic_f1"]
        f1 = statistics.fmean(s.f1 for s in rules) / statistics.fmean(s.f1 for s in baseline)
        recall = statistics.fmean(s.recall for s in rules) / statistics.fmean(s.recall for s in baseline)
        rule_time, logistic_time = block["seconds"]
        print(f"({label}) ratio rules ÷ logistic regression (cut-off by F1): F1 {f1:.2f}, recall {recall:.2f}; "
              f"time {rule_time * 1000:.0f} ms rules ({len(pupils)} pupils × grid, through the engine), "
              f"{logistic_time * 1000:.0f} ms logistic regression")  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tiny", action="store_true", help="3 folds, 1 repeat, a small grid: seconds")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--without-zero-g3",
        action="store_true",
        help="leave out pupils with a final grade of 0 (no grade and no absence recorded; docs/early-warning.md)",
    )
    parser.add_argument("--markdown", action="store_true", help="also print the table rows for the docs")
    args = parser.parse_args(argv)
    folds, repeats = (3, 1) if args.tiny else (args.folds, args.repeats)
    paths = [DATA / name for name in FILES if (DATA / name).exists()]
    if not paths:
        sys.exit(f"no UCI file in {DATA}")
    for path in paths:
        pupils = [p for p in load(path) if not (args.without_zero_g3 and p.g3 == 0)]
        results = run(pupils, folds=folds, repeats=repeats, seed=args.seed, tiny=args.tiny)
        name = path.name + (" without G3 = 0" if args.without_zero_g3 else "")
        report(name, pupils, results, folds=folds, repeats=repeats, seed=args.seed)
        if args.markdown:
            print("\n".join(markdown_rows(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
