"""The municipality profile on the real Kolada values."""

import statistics

import pytest
from real_kolada import csv_values, kolada_module, kolada_values  # noqa: F401

from kunskapsnod.indicators.analysis.profile import municipality_profile
from kunskapsnod.indicators.models import Indicator
from kunskapsnod.regions.models import Organisation

pytestmark = pytest.mark.usefixtures("kolada_values")


def _row(profile, code):
    return next(r for r in profile.rows if r.indicator.code == code)


def test_it_shows_the_latest_value_with_county_and_country(org):
    row = _row(municipality_profile(org("boras")), "N02797")
    raw = csv_values("N02797", 2018)
    assert row.period == 2018
    assert row.value.value == pytest.approx(raw["1490"])
    assert row.county.value == pytest.approx(raw["0014"])
    assert row.country.value == pytest.approx(raw["0000"])


def test_the_association_value_is_the_unweighted_mean_of_the_members(org):
    sjuharad = org("sjuharad")
    row = _row(municipality_profile(org("boras")), "N02797")
    raw = csv_values("N02797", 2018)
    members = [raw[m.kolada_id] for m in Organisation.objects.members_of(sjuharad) if raw.get(m.kolada_id) is not None]
    assert row.association.mean == pytest.approx(statistics.fmean(members))
    assert row.association.count == len(members) == 8


def test_it_ranks_lower_is_better_indicators_ascending(org):
    row = _row(municipality_profile(org("boras")), "N02797")
    raw = csv_values("N02797", 2018)
    municipalities = {k: v for k, v in raw.items() if k not in ("0014", "0000") and v is not None}
    better = sum(1 for v in municipalities.values() if v < raw["1490"])
    assert (row.rank.position, row.rank.out_of) == (better + 1, len(municipalities))
    assert (row.rank.position, row.rank.out_of) == (22, 49)


def test_it_judges_the_change_against_the_previous_year_by_direction(org):
    row = _row(municipality_profile(org("boras")), "N17461")  # higher is better, 77.4 → 72.8
    assert row.previous_period == 2019
    assert row.change < 0
    assert row.improved is False


def test_it_gives_the_gender_split_where_kolada_has_it(org):
    row = _row(municipality_profile(org("boras")), "N17461")
    assert row.women.value == pytest.approx(csv_values("N17461", 2020, "K")["1490"])
    assert row.men.value == pytest.approx(csv_values("N17461", 2020, "M")["1490"])


def test_a_suppressed_value_is_shown_as_such_and_not_ranked(org):
    row = _row(municipality_profile(org("harryda")), "N15563")
    assert row.period == 2020
    assert row.value.missing and row.value.value is None
    assert row.value.status_label == "sekretess"
    assert row.rank is None


def test_the_discontinued_child_poverty_series_is_historical(org):
    row = _row(municipality_profile(org("boras")), "N02904")
    assert row.historical
    assert row.period == 2019
    assert row.indicator.successor_code == "N66077"


def test_indicators_without_values_are_listed_apart(org):
    profile = municipality_profile(org("boras"))
    assert "N15428" in {i.code for i in profile.without_values}  # only 7 other municipalities have it
    assert {r.indicator.code for r in profile.rows} >= {"N02797", "N02904", "N17461", "N15424"}


def test_the_profile_takes_a_fixed_number_of_queries(org, django_assert_num_queries):
    boras = org("boras")
    # indicators, county and country, the association's members, Borås's values, every
    # area's value in each indicator's latest year
    with django_assert_num_queries(5):
        municipality_profile(boras)


def test_a_trend_reads_every_year_of_the_references_in_one_more_query(org, django_assert_num_queries):
    boras, uvas = org("boras"), Indicator.objects.get(code="N02797")
    with django_assert_num_queries(5):
        row = municipality_profile(boras, indicators=[uvas], full_trends=True).rows[0]
    raw = csv_values("N02797", 2010)
    assert row.country_trend[2010].value == pytest.approx(raw["0000"])
    assert row.association_trend[2010].count == 8
    assert len(row.association_trend) == len(row.trend) > 5
