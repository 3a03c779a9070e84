"""The early-warning rules (kunskapsnod.youth.earlywarning): pure functions, no database."""

from datetime import date

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from kunskapsnod.youth.earlywarning import (
    NOT_A_DIAGNOSIS,
    PeriodRecord,
    Rule,
    Thresholds,
    evaluate,
    evaluate_period,
    evaluate_pupil,
    failed_courses_from_grades,
    flagged_pupils,
)

AUTUMN, SPRING = date(2026, 8, 17), date(2027, 1, 11)


def period(absent=0, invalid=0, *, scheduled=200, failed=None, pupil="elev-1", label="HT 2026", starts=AUTUMN):
    return PeriodRecord(pupil, label, starts, scheduled, absent, invalid, failed)


def rules(flags):
    return {flag.rule for flag in flags}


@pytest.mark.parametrize(
    ("valid", "invalid", "expected"),
    [
        (19, 0, set()),  # 9.5 %: below the default 10 %
        (20, 0, {Rule.TOTAL}),  # exactly 10 % is at the threshold
        (0, 10, {Rule.INVALID}),  # 5 % invalid
        (12, 10, {Rule.TOTAL, Rule.INVALID}),
    ],
)
def test_it_flags_absence_at_or_above_the_schools_shares(valid, invalid, expected):
    assert rules(evaluate_period(period(valid, invalid), Thresholds())) == expected


def test_it_flags_a_fast_rise_since_the_previous_period_only():
    autumn = period(4, label="HT 2026")  # 2 %
    spring = period(16, label="VT 2027", starts=SPRING)  # 8 %: 6 points more, still below 10 %
    assert rules(evaluate_pupil([spring, autumn], Thresholds())) == {Rule.RISING}
    assert rules(evaluate_pupil([spring, autumn], Thresholds(rise_points=0.07))) == set()
    assert rules(evaluate_period(spring, Thresholds())) == set()  # no previous period: no rise


def test_it_counts_a_rise_of_exactly_the_threshold():
    flags = evaluate_pupil([period(20), period(30, starts=SPRING)], Thresholds(total_share=None))
    assert rules(flags) == {Rule.RISING}  # 10 % → 15 %: 5 points, despite 0.15 - 0.10 < 0.05 in floats


def test_it_combines_lower_absence_with_failing_results():
    assert rules(evaluate_period(period(12, failed=1), Thresholds())) == {Rule.COMBINED}
    assert rules(evaluate_period(period(12, failed=0), Thresholds())) == set()
    assert rules(evaluate_period(period(12, failed=None), Thresholds())) == set()  # results unknown
    assert rules(evaluate_period(period(8, failed=3), Thresholds())) == set()  # 4 %: below 5 %
    assert rules(evaluate_period(period(12, failed=1), Thresholds(combined_failed=2))) == set()


def test_failing_results_alone_raise_a_flag_only_when_the_school_switches_the_rule_on():
    record = period(0, failed=2)
    assert evaluate_period(record, Thresholds()) == []
    assert rules(evaluate_period(record, Thresholds(failed_courses=2))) == {Rule.RESULTS}
    assert rules(evaluate_period(record, Thresholds(failed_courses=3))) == set()


def test_a_rule_set_to_none_is_off():
    off = Thresholds(total_share=None, invalid_share=None, rise_points=None, combined_share=None)
    history = [period(0), period(150, 50, failed=5, starts=SPRING)]
    assert evaluate_pupil(history, off) == []


def test_a_period_with_too_little_scheduled_time_raises_no_share_flag():
    short = period(4, 4, scheduled=9, failed=1)
    assert evaluate_period(short, Thresholds()) == []
    assert rules(evaluate_period(short, Thresholds(min_lessons=5))) == {Rule.TOTAL, Rule.INVALID, Rule.COMBINED}
    assert evaluate_pupil([short, period(100, starts=SPRING)], Thresholds(total_share=None)) == []


def test_it_keeps_pupils_apart_and_orders_each_pupils_periods_by_start():
    records = [
        period(40, pupil="a", label="VT 2027", starts=SPRING),
        period(0, pupil="b", label="HT 2026"),
        period(0, pupil="a", label="HT 2026"),
        period(2, pupil="b", label="VT 2027", starts=SPRING),
    ]
    flags = evaluate(records, Thresholds())
    assert [(flag.record.pupil, flag.record.period, flag.rule) for flag in flags] == [
        ("a", "VT 2027", Rule.TOTAL),
        ("a", "VT 2027", Rule.RISING),
    ]
    assert flags[1].previous.period == "HT 2026"
    assert flagged_pupils(flags) == {"a"}


def test_the_reason_names_the_figures_and_the_threshold_in_swedish():
    with translation.override("sv"):
        total, invalid = evaluate_period(period(13, 12, scheduled=200), Thresholds())
        assert total.reason == (
            "Frånvaro 12,5 % av den schemalagda tiden under HT 2026 (25 av 200); skolans gräns är 10 %."
        )
        assert "Ogiltig frånvaro 6 %" in invalid.reason and "(12 av 200)" in invalid.reason
        (rise,) = evaluate_pupil([period(4), period(16, label="VT 2027", starts=SPRING)], Thresholds())
        assert rise.reason == (
            "Frånvaron ökade från 2 % under HT 2026 till 8 % under VT 2027, 6 procentenheter; "
            "skolans gräns är en ökning med 5 procentenheter."
        )
        (combined,) = evaluate_period(period(12, failed=2), Thresholds())
        assert "kurser utan godkänt resultat: 2" in combined.reason and "minst 1" in combined.reason


def test_the_reason_describes_figures_never_the_pupil():
    history = [period(0, failed=0), period(100, 60, failed=4, starts=SPRING)]
    flags = evaluate_pupil(history, Thresholds(failed_courses=1))
    assert rules(flags) == set(Rule)
    with translation.override("sv"):
        text = " ".join(flag.reason for flag in flags).lower()
    assert not any(word in text for word in ("risk", "diagnos", "skolk", "problem", "avhopp"))
    assert "diagnos" in NOT_A_DIAGNOSIS


@pytest.mark.parametrize(
    "bad",
    [{"total_share": 10}, {"invalid_share": 0}, {"rise_points": -0.1}, {"combined_failed": 0}, {"min_lessons": 0}],
)
def test_it_refuses_thresholds_that_are_not_shares_or_counts(bad):
    with pytest.raises(ValueError):
        Thresholds(**bad)


@pytest.mark.parametrize("counts", [(10, 6, 5), (10, -1, 0), (-1, 0, 0)])
def test_it_refuses_a_record_with_impossible_counts(counts):
    with pytest.raises(ValueError):
        PeriodRecord("p", "HT", AUTUMN, *counts)


def test_it_counts_failing_grades():
    assert failed_courses_from_grades(["A", "F", "E", "–", "-", " f "]) == 4
    assert failed_courses_from_grades([]) == 0


@given(
    scheduled=st.integers(0, 400),
    absent=st.integers(0, 400),
    threshold=st.floats(0.01, 1),
)
def test_the_total_rule_fires_exactly_when_the_share_reaches_the_threshold(scheduled, absent, threshold):
    absent = min(absent, scheduled)
    record = PeriodRecord("p", "HT", AUTUMN, scheduled, absent)
    flagged = Rule.TOTAL in rules(evaluate_period(record, Thresholds(total_share=threshold)))
    assert flagged == (scheduled >= 10 and absent / scheduled >= threshold)


def test_the_reason_follows_the_chosen_language():
    (total,) = evaluate_period(period(25), Thresholds())
    with translation.override("en"):
        assert (
            total.reason == "Absence 12.5% of the scheduled time in HT 2026 (25 of 200); the school's threshold is 10%."
        )
