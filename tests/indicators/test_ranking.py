"""All municipalities ranked on one indicator and year."""

import statistics

import pytest
from real_kolada import csv_values, kolada_module, kolada_values  # noqa: F401

from kunskapsnod.indicators.analysis.ranking import indicator_ranking, sort_rows
from kunskapsnod.indicators.models import Indicator

pytestmark = pytest.mark.usefixtures("kolada_values")


def _ranking(code, **kw):
    return indicator_ranking(Indicator.objects.get(code=code), **kw)


def test_it_defaults_to_the_latest_year_and_ranks_best_first():
    ranking = _ranking("N17461")
    raw = {k: v for k, v in csv_values("N17461", 2020).items() if v is not None}
    assert ranking.period == 2020
    assert ranking.rows[0].municipality.kolada_id == max(raw, key=raw.get)
    assert ranking.rows[0].rank.position == 1
    assert ranking.ranked_count == len(raw) == 49


def test_lower_is_better_puts_the_smallest_share_first():
    ranking = _ranking("N02797", period=2018)
    raw = {k: v for k, v in csv_values("N02797", 2018).items() if v is not None and k not in ("0014", "0000")}
    assert ranking.rows[0].municipality.kolada_id == min(raw, key=raw.get)


def test_borås_rank_is_its_place_among_all_municipalities(org):
    ranking = _ranking("N02797", period=2018)
    boras = next(r for r in ranking.rows if r.municipality == org("boras"))
    assert (boras.rank.position, boras.rank.out_of) == (22, 49)


def test_the_association_filter_hides_rows_but_keeps_the_regional_rank(org):
    ranking = _ranking("N02797", period=2018, association=org("sjuharad"))
    assert {r.municipality.slug for r in ranking.rows} == {
        "boras",
        "bollebygd",
        "herrljunga",
        "mark",
        "svenljunga",
        "tranemo",
        "ulricehamn",
        "vargarda",
    }
    assert next(r for r in ranking.rows if r.municipality.slug == "boras").rank.position == 22


def test_association_aggregates_are_mean_median_and_range_of_members(org):
    ranking = _ranking("N02797", period=2018)
    raw = csv_values("N02797", 2018)
    fyrbodal = org("fyrbodal")
    members = [raw[m.member.kolada_id] for m in fyrbodal.member_links.select_related("member")]
    aggregate = ranking.aggregates[fyrbodal]
    assert aggregate.mean == pytest.approx(statistics.fmean(members))
    assert aggregate.median == pytest.approx(statistics.median(members))
    assert (aggregate.minimum, aggregate.maximum) == (min(members), max(members))


def test_suppressed_values_come_last_unranked_and_keep_their_status():
    ranking = _ranking("N15563", period=2020)
    suppressed = [r for r in ranking.rows if r.value.status == "Privacy"]
    assert suppressed and all(r.rank is None for r in suppressed)
    assert ranking.rows[-len(suppressed) - 1 :][-1].rank is None
    assert ranking.rows[0].rank.position == 1


def test_county_and_country_come_from_kolada():
    ranking = _ranking("N02797", period=2018)
    raw = csv_values("N02797", 2018)
    assert ranking.county.value == pytest.approx(raw["0014"])
    assert ranking.country.value == pytest.approx(raw["0000"])


@pytest.mark.parametrize(
    ("key", "descending", "first"),
    [
        ("name", False, "Ale"),
        ("name", True, "Öckerö"),
        ("value", True, "Orust"),
        ("value", False, "Gullspång"),
    ],
)
def test_rows_sort_by_the_chosen_column(key, descending, first):
    rows = sort_rows(_ranking("N17461", period=2020).rows, key, descending)
    assert rows[0].municipality.name == first
    assert rows[-1].value.number is None or key == "name"


def test_the_ranking_takes_a_fixed_number_of_queries(django_assert_num_queries):
    indicator = Indicator.objects.get(code="N17461")
    # years, municipalities, memberships, county and country, the values of two years
    with django_assert_num_queries(5):
        indicator_ranking(indicator)
