"""Similar municipalities: z-scores of a structural profile, Euclidean distance."""

import math
import statistics

import pytest
from real_kolada import csv_values, kolada_module, kolada_values  # noqa: F401

from kunskapsnod.indicators.analysis.similar import (
    default_outcome,
    default_structural,
    indicators_with_values,
    kolada_similar_groups,
    similar_municipalities,
)
from kunskapsnod.indicators.models import Indicator

pytestmark = pytest.mark.usefixtures("kolada_values")


def _similar(municipality, structural=("N02902",), outcome="N17461", **kw):
    return similar_municipalities(
        municipality,
        structural=list(Indicator.objects.filter(code__in=structural)),
        outcome=Indicator.objects.get(code=outcome),
        **kw,
    )


def test_the_default_profile_is_the_socio_economic_indicators_with_values():
    choices = indicators_with_values()
    assert {i.code for i in default_structural(choices)} == {"N02902", "N02904"}
    assert default_outcome(choices, default_structural(choices)).code == "N17461"


def test_the_distance_is_euclidean_over_z_scores(org):
    result = _similar(org("boras"), structural=("N02902", "N02904"))
    a, b = csv_values("N02902", 2019), csv_values("N02904", 2019)
    ids = [k for k in a if k not in ("0014", "0000") and a[k] is not None and b.get(k) is not None]

    def z(values, k):
        column = [values[i] for i in ids]
        return (values[k] - statistics.fmean(column)) / statistics.pstdev(column)

    nearest = result.neighbours[0]
    other = nearest.municipality.kolada_id
    expected = math.dist([z(a, "1490"), z(b, "1490")], [z(a, other), z(b, other)])
    assert nearest.distance == pytest.approx(expected)
    assert result.compared == len(ids)
    assert [s.period for s in result.structural] == [2019, 2019]


def test_neighbours_are_nearest_first_and_exclude_the_municipality_itself(org):
    result = _similar(org("boras"), limit=49)
    assert org("boras") not in [n.municipality for n in result.neighbours]
    assert [n.distance for n in result.neighbours] == sorted(n.distance for n in result.neighbours)


def test_it_says_which_indicators_make_them_alike(org):
    nearest = _similar(org("boras")).neighbours[0]
    assert [i.code for i in nearest.alike_on] == ["N02902"]


def test_it_names_the_similar_municipalities_that_do_better_on_the_outcome(org):
    result = _similar(org("boras"))
    own = result.own_outcome.number
    assert result.outcome_period == 2020
    assert result.doing_better
    assert all(n.outcome.number > own for n in result.doing_better)


def test_a_lower_is_better_outcome_counts_smaller_values_as_better(org):
    result = _similar(org("boras"), outcome="N02797")
    assert all(n.outcome.number < result.own_outcome.number for n in result.doing_better)


def test_kolada_fixed_groups_are_shown_for_the_municipality(org):
    groups = {g.id: g for g in kolada_similar_groups(org("boras"))}
    assert "G35884" in groups and "G36176" in groups
    assert ("1380", "Halmstad") in groups["G35884"].members


def test_similar_takes_a_fixed_number_of_queries(org, django_assert_num_queries):
    boras = org("boras")
    structural = list(Indicator.objects.filter(code__in=["N02902", "N02904"]))
    outcome = Indicator.objects.get(code="N17461")
    # latest years, the values of those years, municipalities, memberships
    with django_assert_num_queries(4):
        similar_municipalities(boras, structural=structural, outcome=outcome)
