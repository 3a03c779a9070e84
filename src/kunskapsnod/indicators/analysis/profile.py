"""A municipality's profile: every default-set indicator with its latest value, trend,
gender split, the association/county/country beside it, rank and change."""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q

from kunskapsnod.indicators.analysis.common import (
    COUNTRY_ID,
    COUNTY_ID,
    NO_VALUE,
    Aggregate,
    Measure,
    Rank,
    association_of,
    improvement,
    load_measures,
    rank_positions,
)
from kunskapsnod.indicators.models import Gender, Indicator, Value
from kunskapsnod.regions.models import Organisation, OrganisationKind


@dataclass
class ProfileRow:
    indicator: Indicator
    period: int | None
    value: Measure
    women: Measure | None
    men: Measure | None
    association: Aggregate | None
    county: Measure
    country: Measure
    rank: Rank | None
    previous_period: int | None
    previous: Measure
    improved: bool | None
    trend: list[tuple[int, Measure]] = field(default_factory=list)
    association_trend: dict[int, Aggregate] = field(default_factory=dict)
    county_trend: dict[int, Measure] = field(default_factory=dict)
    country_trend: dict[int, Measure] = field(default_factory=dict)

    @property
    def historical(self) -> bool:
        return self.indicator.is_discontinued

    @property
    def change(self) -> float | None:
        if self.value.missing or self.previous.missing:
            return None
        return self.value.value - self.previous.value


@dataclass
class Profile:
    municipality: Organisation
    association: Organisation | None
    rows: list[ProfileRow]
    without_values: list[Indicator]
    fetched_years: set[int]
    county: Organisation | None
    country: Organisation | None


def municipality_profile(municipality: Organisation, indicators: list[Indicator] | None = None) -> Profile:
    """Everything the profile page and ``/api/municipalities/{id}/profile`` show (for the
    default set, or the ``indicators`` given); a fixed number of queries whatever the size
    of the value table."""
    indicators = list(Indicator.objects.default_set()) if indicators is None else list(indicators)
    ids = [i.pk for i in indicators]
    # Counties and the country: the only areas with values that are not municipalities.
    references = {
        o.kolada_id: o
        for o in Organisation.objects.filter(kind__in=[OrganisationKind.COUNTY, OrganisationKind.COUNTRY])
    }
    association = association_of(municipality)
    years: set[int] = set()
    own = _by_indicator(load_measures(Value.objects.filter(indicator_id__in=ids, area=municipality), years))
    reference_values = _by_indicator(
        load_measures(
            Value.objects.filter(
                indicator_id__in=ids,
                area__in=[references[k] for k in (COUNTY_ID, COUNTRY_ID) if k in references],
                gender=Gender.TOTAL,
            )
        )
    )
    means = _association_means(association, ids) if association else {}
    latest = _latest_periods(own)
    ranks = _ranks(indicators, latest, references)
    rows, without = [], []
    for indicator in indicators:
        if indicator.pk not in latest:
            without.append(indicator)
            continue
        rows.append(
            _row(
                indicator,
                latest[indicator.pk],
                own,
                reference_values,
                references,
                means,
                ranks.get(indicator.pk, {}).get(municipality.pk),
                municipality,
            )
        )
    return Profile(
        municipality,
        association,
        rows,
        without,
        years,
        references.get(COUNTY_ID),
        references.get(COUNTRY_ID),
    )


def _latest_periods(own: dict) -> dict[int, int]:
    """Per indicator, the latest year with a total row (value or status) for the municipality."""
    latest = {}
    for indicator_id, measures in own.items():
        periods = [p for (_a, p, g) in measures if g == Gender.TOTAL]
        if periods:
            latest[indicator_id] = max(periods)
    return latest


def _association_means(association: Organisation, ids: list[int]) -> dict[int, dict[int, Aggregate]]:
    """Unweighted mean (and min–max) of the members' values per indicator and year.

    Aggregated in Python: with GROUP BY (indicator, period) SQLite prefers the index in that
    order and walks every area's rows of each indicator, 8× slower at a million values than
    reading the members' rows through the (area, indicator, period) index."""
    members = list(Organisation.objects.filter(association_links__association=association).values_list("pk", flat=True))
    rows = (
        Value.objects.filter(indicator_id__in=ids, area_id__in=members, gender=Gender.TOTAL)
        .with_value()
        .values_list("indicator_id", "period", "value")
    )
    numbers: dict[tuple[int, int], list[float]] = defaultdict(list)
    for indicator_id, period, value in rows:
        numbers[(indicator_id, period)].append(value)
    means: dict[int, dict[int, Aggregate]] = defaultdict(dict)
    for (indicator_id, period), values in numbers.items():
        means[indicator_id][period] = Aggregate.of(values, len(members))
    return means


def _ranks(indicators, latest: dict[int, int], references) -> dict[int, dict[int, Rank]]:
    """Rank of every municipality for each indicator in the year the profile shows."""
    directed = {i.pk: i.higher_is_better for i in indicators if i.pk in latest and i.higher_is_better is not None}
    if not directed:
        return {}
    wanted = reduce(or_, (Q(indicator_id=pk, period=latest[pk]) for pk in directed))
    # Every area with values is a municipality except the county and the country; leaving
    # the join to Organisation out keeps this on the (indicator, period, gender) index.
    others = {org.pk for org in references.values()}
    numbers: dict[int, dict[int, float]] = {pk: {} for pk in directed}
    rows = Value.objects.filter(wanted, gender=Gender.TOTAL).with_value()
    for indicator_id, area_id, value in rows.values_list("indicator_id", "area_id", "value"):
        if area_id not in others:
            numbers[indicator_id][area_id] = value
    return {pk: rank_positions(numbers[pk], directed[pk]) for pk in directed}


def _by_indicator(measures: dict) -> dict[int, dict[tuple, Measure]]:
    """{indicator_id: {(area_id, period, gender): Measure}}."""
    grouped: dict[int, dict[tuple, Measure]] = defaultdict(dict)
    for (indicator_id, area_id, period, gender), measure in measures.items():
        grouped[indicator_id][(area_id, period, gender)] = measure
    return grouped


def _row(indicator, period, own, reference_values, references, means, rank, municipality) -> ProfileRow:
    mine = own.get(indicator.pk, {})
    here = municipality.pk
    trend = sorted((p, m) for (_a, p, g), m in mine.items() if g == Gender.TOTAL)
    previous_period = max((p for p, _m in trend if p < period), default=None)
    value = mine.get((here, period, Gender.TOTAL), NO_VALUE)
    previous = mine.get((here, previous_period, Gender.TOTAL), NO_VALUE)
    refs = reference_values.get(indicator.pk, {})

    def reference_trend(kolada_id):
        org = references.get(kolada_id)
        return {p: m for (a, p, _g), m in refs.items() if org is not None and a == org.pk}

    county_trend, country_trend = reference_trend(COUNTY_ID), reference_trend(COUNTRY_ID)
    association_trend = means.get(indicator.pk, {})
    return ProfileRow(
        indicator=indicator,
        period=period,
        value=value,
        women=mine.get((here, period, Gender.WOMEN)),
        men=mine.get((here, period, Gender.MEN)),
        association=association_trend.get(period),
        county=county_trend.get(period, NO_VALUE),
        country=country_trend.get(period, NO_VALUE),
        rank=rank if not value.missing else None,
        previous_period=previous_period,
        previous=previous,
        improved=improvement(value.number, previous.number, indicator.higher_is_better),
        trend=trend,
        association_trend=association_trend,
        county_trend=county_trend,
        country_trend=country_trend,
    )
