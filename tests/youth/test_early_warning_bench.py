"""The measurement of the early-warning rules (bench/early_warning.py): its arithmetic on
hand-made pupils, its use of the training folds only, its seed, and the figures the docs
publish. No database."""

import importlib.util
import re
import statistics
import sys
from pathlib import Path

import numpy as np
import pytest
from django.template.loader import render_to_string

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("early_warning_bench", ROOT / "bench" / "early_warning.py")
bench = sys.modules.setdefault(_spec.name, importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(bench)


def pupil(n, absences, failures=0, g1=12, g3=12):
    return bench.Pupil(f"p{n}", absences, failures, g1, g3)


def test_it_computes_precision_recall_and_the_flagged_share_by_hand():
    predicted = np.array([True, True, False, False, True, False])
    truth = np.array([True, False, True, False, True, False])
    scores = bench.scores(predicted, truth)
    assert (scores.precision, scores.recall, scores.flagged) == (2 / 3, 2 / 3, 0.5)
    assert scores.f1 == pytest.approx(2 / 3)
    nobody = bench.scores(np.zeros(6, dtype=bool), truth)
    assert (nobody.precision, nobody.recall, nobody.flagged, nobody.f1) == (0.0, 0.0, 0.0, 0.0)


def test_it_maps_a_uci_pupil_to_a_period_record():
    weak = pupil(1, absences=12, failures=1, g1=9, g3=8)
    without, with_g1 = bench.record(weak, with_g1=False), bench.record(weak, with_g1=True)
    assert (without.absence, without.absence_share, without.invalid_absence) == (12, 0.12, 0)
    assert (without.failed_courses, with_g1.failed_courses) == (1, 2)
    assert bench.record(pupil(2, absences=12, g1=10), with_g1=True).failed_courses == 0  # 10 is a pass
    assert weak.failed_year and not pupil(3, 0, g3=10).failed_year


def test_the_engine_flags_the_pupils_each_threshold_setting_names():
    pupils = [pupil(1, 0), pupil(2, 9), pupil(3, 10), pupil(4, 3, failures=1), pupil(5, 0, failures=2)]
    settings = [(10, None, None, 1), (None, 3, None, 1), (None, None, 2, 1), (None, None, None, 1)]
    matrix = bench.flag_matrix(pupils, settings, with_g1=False)
    assert matrix.tolist() == [
        [False, False, True, False, False],  # absences ≥ 10
        [False, False, False, True, False],  # absences ≥ 3 with a failed course
        [False, False, False, False, True],  # ≥ 2 failed courses
        [False] * 5,  # every rule off
    ]


def test_it_chooses_thresholds_on_the_training_pupils_only():
    truth = np.array([True, True, False, False])
    matrix = np.array([[True, True, True, False], [False, True, False, True]])  # F1 0.8 and 0.5
    assert bench.best_row(matrix, truth) == 0
    # if only pupils 1 and 2 were training pupils, row 1 fits them perfectly
    assert bench.best_row(matrix[:, [1, 2]], truth[[1, 2]]) == 1
    assert bench.best_row(np.array([[True, True, True, True], [True, True, False, False]]), truth) == 1
    probabilities = np.array([0.9, 0.6, 0.7, 0.1])
    assert bench.best_cutoff(probabilities, truth) == 0.6  # flags 0.9, 0.7, 0.6: F1 0.8, the best
    assert bench.best_cutoff(probabilities[[0, 3]], truth[[0, 3]]) == 0.9
    seen = []

    def predict(train, test):
        seen.append((set(train), set(test)))
        return np.zeros(len(test), dtype=bool)

    bench.cross_validate(np.array([True, False] * 6), bench.splits(np.array([True, False] * 6), 3, 2, seed=1), predict)
    assert len(seen) == 6 and all(not train & test and len(train | test) == 12 for train, test in seen)


def test_rules_that_fit_a_clean_signal_predict_it_on_held_out_pupils():
    pupils = [pupil(n, absences=n, g3=5 if n >= 12 else 15) for n in range(24)]
    results = bench.run(pupils, folds=3, repeats=2, seed=7, tiny=False)
    assert all((s.precision, s.recall) == (1.0, 1.0) for s in results["a"]["rules"])
    assert results["a"]["chosen"][0][0] == "absences ≥ 12"


def test_the_figures_are_reproducible_with_the_seed_and_change_with_another():
    pupils = bench.load(bench.DATA / "student-mat.csv")
    first, again = (bench.run(pupils, folds=3, repeats=1, seed=5, tiny=True) for _ in range(2))
    other = bench.run(pupils, folds=3, repeats=1, seed=6, tiny=True)
    assert first["b"]["logistic"] == again["b"]["logistic"] and first["a"]["rules"] == again["a"]["rules"]
    assert first["b"]["logistic"] != other["b"]["logistic"]


@pytest.fixture(scope="module")
def full_run():
    """The published run: student-mat.csv, 5 folds × 20 repeats, the default seed."""
    pupils = bench.load(bench.DATA / "student-mat.csv")
    return bench.run(pupils, folds=5, repeats=20, seed=bench.SEED, tiny=False)


def test_the_documented_figures_are_the_benchs(full_run):
    """docs/early-warning.md and bench/README.md publish the full run's table (--markdown)."""
    rows = bench.markdown_rows(full_run)
    for document in (ROOT / "docs" / "early-warning.md", ROOT / "bench" / "README.md"):
        missing = [row for row in rows if row not in document.read_text("utf-8")]
        assert missing == [], f"{document.name}: rerun bench/early_warning.py --markdown"


def test_the_product_shows_the_benchs_figures_in_percent(full_run):
    html = render_to_string("youth/includes/early_warning_figures.html")
    shown = {key: int(n) for key, n in re.findall(r'data-figure="([\w-]+)">(\d+) %<', html)}
    measured = {
        f"{label}-{name}-{figure}": round(100 * statistics.fmean(getattr(s, figure) for s in full_run[label][method]))
        for label in ("a", "b")
        for name, method in (("rules", "rules"), ("logistic", "logistic_f1"))
        for figure in ("precision", "recall", "flagged")
    }
    assert shown == measured
    assert "aldrig en diagnos" in html
