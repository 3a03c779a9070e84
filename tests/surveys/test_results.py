"""Results per question, per background group and year over year, with the small-group
rule (KUNSKAPSNOD_SURVEY_MIN_GROUP) applied in the service every page and the report use."""

import pytest

from kunskapsnod.surveys.services import results_for_report, survey_results


def _question(results, key):
    return next(q for q in results.questions if q.key == key)


def _likert(answer, survey, values, **background):
    for value in values:
        answer(survey, kanner_till_stodet=value, tillfort_ordinarie_arbete=3, starkt_samverkan=4, **background)


def test_it_counts_the_answers_and_computes_the_likert_mean(survey, answer):
    _likert(answer, survey, [5, 4, 4, 2, 5, 1])
    result = _question(survey_results(survey), "kanner-till-stodet").result
    assert result.answered == 6
    assert result.mean == pytest.approx(3.5)
    assert [(o.label, o.count) for o in result.distribution] == [("1", 1), ("2", 1), ("3", 0), ("4", 2), ("5", 2)]
    assert result.distribution[3].share == pytest.approx(33.3)


def test_it_hides_a_question_that_fewer_than_the_minimum_answered(survey, answer):
    _likert(answer, survey, [5, 4, 4, 2])
    result = _question(survey_results(survey), "kanner-till-stodet").result
    assert result.suppressed and result.answered is None and result.mean is None and result.distribution == []


def test_it_breaks_down_by_municipality_hiding_small_groups_and_one_more(survey, answer, org):
    boras, mark, ulricehamn = org("boras").pk, org("mark").pk, org("ulricehamn").pk
    _likert(answer, survey, [5] * 6, kommun=boras)
    _likert(answer, survey, [2] * 5, kommun=mark)
    _likert(answer, survey, [1] * 7, kommun=ulricehamn)
    _likert(answer, survey, [4] * 2)  # no municipality given
    breakdown = _question(survey_results(survey), "kanner-till-stodet").breakdowns[0]
    groups = {g.label: g.result for g in breakdown.groups}
    assert groups["Borås"].mean == 5 and groups["Ulricehamn"].mean == 1
    # "Ej angivet" (2) is too small; hiding it alone would leave it as total − shown, so
    # the smallest shown group (Mark, 5) is hidden with it.
    assert groups["Ej angivet"].suppressed and groups["Mark"].suppressed
    assert groups["Mark"].mean is None and groups["Mark"].answered is None


def test_it_compares_the_same_question_with_earlier_years(make_survey, answer, org):
    last_year, this_year = make_survey(2025), make_survey(2026)
    _likert(answer, last_year, [2] * 5)
    _likert(answer, this_year, [4] * 5)
    report = results_for_report(organisation=org("sjuharad"), year=2026)
    history = _question(report, "kanner-till-stodet").history
    assert [(p.year, p.result.mean) for p in history] == [(2025, 2.0)]
    assert report.compared_years == [2025]


def test_it_lists_free_texts(survey, answer):
    for text in ["Bra nätverk", "<b>Mer</b> stöd", "A", "B", "C"]:
        answer(survey, kanner_till_stodet=3, tillfort_ordinarie_arbete=3, starkt_samverkan=3, tillfort_fritext=text)
    result = _question(survey_results(survey), "tillfort-fritext").result
    assert "<b>Mer</b> stöd" in result.texts and len(result.texts) == 5


def test_the_report_has_nothing_for_a_year_without_a_survey_sent_out(make_survey, org):
    make_survey(2026, opened=False)
    assert results_for_report(organisation=org("sjuharad"), year=2026) is None
    assert results_for_report(organisation=org("sjuharad"), year=2024) is None


def test_the_minimum_group_size_is_a_setting(survey, answer, settings):
    settings.KUNSKAPSNOD_SURVEY_MIN_GROUP = 2
    _likert(answer, survey, [5, 3])
    assert _question(survey_results(survey), "kanner-till-stodet").result.mean == 4
