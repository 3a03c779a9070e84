"""Totalt / Flickor / Pojkar: the analysis in one gender at a time, on the real Kolada values
(N17461 and N02797 have girls' and boys' values; N15428 and N02904 only totals)."""

import statistics

import pytest
from real_kolada import csv_values, kolada_module, kolada_values  # noqa: F401

from kunskapsnod.indicators.analysis.comparison import compare
from kunskapsnod.indicators.analysis.profile import municipality_profile
from kunskapsnod.indicators.analysis.ranking import indicator_ranking
from kunskapsnod.indicators.models import Indicator
from kunskapsnod.regions.models import Organisation

pytestmark = pytest.mark.usefixtures("kolada_values")

REFERENCES = ("0014", "0000")


def _row(profile, code):
    return next(r for r in profile.rows if r.indicator.code == code)


def _municipalities(raw):
    return {k: v for k, v in raw.items() if k not in REFERENCES and v is not None}


@pytest.mark.parametrize("gender", ["K", "M"])
def test_the_profile_shows_girls_or_boys_values_ranks_and_references(org, gender):
    row = _row(municipality_profile(org("boras"), gender=gender), "N17461")
    raw = csv_values("N17461", 2020, gender)
    municipalities = _municipalities(raw)
    better = sum(1 for v in municipalities.values() if v > raw["1490"])  # higher is better
    assert row.period == 2020 and row.gender == gender
    assert row.value.value == pytest.approx(raw["1490"])
    assert (row.rank.position, row.rank.out_of) == (better + 1, len(municipalities))
    assert row.previous.value == pytest.approx(csv_values("N17461", 2019, gender)["1490"])
    assert [p for p, _m in row.trend] == sorted(p for p, _m in row.trend)


def test_the_girls_association_mean_is_the_mean_of_the_members_girls(org):
    row = _row(municipality_profile(org("boras"), gender="K"), "N02797")
    raw = csv_values("N02797", 2018, "K")
    members = [
        raw[m.kolada_id] for m in Organisation.objects.members_of(org("sjuharad")) if raw.get(m.kolada_id) is not None
    ]
    assert row.association.mean == pytest.approx(statistics.fmean(members))
    assert row.value.value != pytest.approx(csv_values("N02797", 2018, "T")["1490"])
    assert row.county.value == pytest.approx(raw["0014"])
    assert row.country.value == pytest.approx(raw["0000"])


def test_indicators_without_a_gender_split_are_named_not_left_empty(org):
    profile = municipality_profile(org("boras"), gender="K")
    assert {"N02904"} <= {i.code for i in profile.not_split}  # child poverty: totals only
    assert "N02904" not in {r.indicator.code for r in profile.rows}
    assert "N02904" not in {i.code for i in profile.without_values}
    assert not municipality_profile(org("boras")).not_split


def test_the_total_profile_is_unchanged_by_the_switch(org):
    total, default = municipality_profile(org("boras"), gender="T"), municipality_profile(org("boras"))
    assert [(r.indicator.code, r.value, r.rank) for r in total.rows] == [
        (r.indicator.code, r.value, r.rank) for r in default.rows
    ]


def test_a_trend_has_one_series_per_gender(org):
    uvas = Indicator.objects.get(code="N02797")
    row = municipality_profile(org("boras"), indicators=[uvas]).rows[0]
    assert list(row.gender_trends) == ["T", "K", "M"]
    boys = dict(row.gender_trends["M"])
    assert boys[2018].value == pytest.approx(csv_values("N02797", 2018, "M")["1490"])


@pytest.mark.parametrize("gender", ["K", "M"])
def test_the_ranking_ranks_on_girls_or_boys_values(gender):
    ranking = indicator_ranking(Indicator.objects.get(code="N17461"), gender=gender)
    municipalities = _municipalities(csv_values("N17461", 2020, gender))
    assert ranking.gender == gender and ranking.period == 2020
    assert ranking.rows[0].municipality.kolada_id == max(municipalities, key=municipalities.get)
    assert ranking.rows[0].value.value == pytest.approx(max(municipalities.values()))
    assert ranking.ranked_count == len(municipalities)
    uvas = indicator_ranking(Indicator.objects.get(code="N02797"), period=2018, gender=gender)
    assert uvas.county.value == pytest.approx(csv_values("N02797", 2018, gender)["0014"])


def test_a_ranking_without_a_split_says_so():
    ranking = indicator_ranking(Indicator.objects.get(code="N02904"), gender="K")
    assert ranking.not_split and ranking.period is None
    assert not indicator_ranking(Indicator.objects.get(code="N02904")).not_split


def test_the_comparison_in_alla_gives_a_series_per_area_and_gender(org):
    uvas, poverty = Indicator.objects.filter(code__in=["N02797", "N02904"]).order_by("code")
    result = compare([uvas, poverty], areas=[org("boras"), org("sjuharad")], gender="alla")
    split, totals_only = result.indicators
    assert [(s.organisation.slug, s.gender) for s in split.series] == [
        ("boras", "T"),
        ("boras", "K"),
        ("boras", "M"),
        ("sjuharad", "T"),
        ("sjuharad", "K"),
        ("sjuharad", "M"),
    ]
    assert split.series[1].values[2018].value == pytest.approx(csv_values("N02797", 2018, "K")["1490"])
    assert not split.not_split
    assert totals_only.not_split and [s.gender for s in totals_only.series] == ["T", "T"]


def test_the_comparison_for_boys_reads_boys_values(org):
    uvas = Indicator.objects.get(code="N02797")
    result = compare([uvas], areas=[org("boras")], gender="M")
    assert result.indicators[0].series[0].values[2018].value == pytest.approx(csv_values("N02797", 2018, "M")["1490"])


def test_girls_and_boys_take_as_many_queries_as_the_total(org, django_assert_num_queries):
    boras, indicator = org("boras"), Indicator.objects.get(code="N17461")
    with django_assert_num_queries(5):
        municipality_profile(boras, gender="K")
    with django_assert_num_queries(5):
        indicator_ranking(indicator, gender="M")
