"""A municipality's profile: every default-set indicator with its latest value, trend,
gender split, the association/county/country beside it, rank and change — for the total
or for girls or boys alone (``gender``)."""

from collections import defaultdict
from dataclasses import dataclass, field

from kunskapsnod.indicators.analysis.common import (
    COUNTRY_ID,
    COUNTY_ID,
    FETCHED_YEAR,
    GENDERS,
    NO_VALUE,
    VALUE_FIELDS,
    Aggregate,
    Measure,
    Rank,
    add_fetched,
    at_periods,
    gender_label,
    improvement,
    load_measures,
    rank_of,
)
from kunskapsnod.indicators.models import Gender, Indicator, Value
from kunskapsnod.regions.models import Membership, Organisation, OrganisationKind


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
    # Every year with ``full_trends``; otherwise only the row's own year.
    association_trend: dict[int, Aggregate] = field(default_factory=dict)
    county_trend: dict[int, Measure] = field(default_factory=dict)
    country_trend: dict[int, Measure] = field(default_factory=dict)
    gender: str = Gender.TOTAL
    # The municipality's series per gender (T, K, M) that were read: all three with
    # ``full_trends``, for a chart with one line per gender.
    gender_trends: dict[str, list[tuple[int, Measure]]] = field(default_factory=dict)

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
    gender: str = Gender.TOTAL
    # Indicators with total values here but none for the chosen gender (girls or boys):
    # Kolada does not split them, or no split was loaded.
    not_split: list[Indicator] = field(default_factory=list)

    @property
    def gender_label(self) -> str:
        """Totalt, Flickor, Pojkar (Alla): for captions and the "not split" notices."""
        return gender_label(self.gender)


@dataclass
class _Context:
    """What every row is built from, read once."""

    municipality: Organisation
    gender: str
    own: dict[int, dict[tuple, Measure]]
    references: dict[str, Organisation]
    members: list[int]
    ranks: dict[int, Rank]  # the municipality's, per indicator
    means: dict[int, dict[int, Aggregate]]
    reference_values: dict[int, dict[tuple, Measure]]
    full_trends: bool = False


def municipality_profile(
    municipality: Organisation,
    indicators: list[Indicator] | None = None,
    *,
    gender: str = Gender.TOTAL,
    full_trends: bool | None = None,
) -> Profile:
    """Everything the profile page and ``/api/municipalities/{id}/profile`` show (for the
    default set, or the ``indicators`` given) in ``gender`` (T, K or M); five queries
    whatever the size of the value table. The association, county and country are read for
    each row's own year, or for every year with ``full_trends`` (a trend chart; one more
    query; by default when ``indicators`` are given, not for the whole set)."""
    full_trends = indicators is not None if full_trends is None else full_trends
    if indicators is None:  # the descriptions (long texts) are not shown
        indicators = Indicator.objects.default_set().defer("description")
    indicators = list(indicators)
    ids = [i.pk for i in indicators]
    # Counties and the country: the only areas with values that are not municipalities.
    references = {
        o.kolada_id: o
        for o in Organisation.objects.filter(kind__in=[OrganisationKind.COUNTY, OrganisationKind.COUNTRY])
    }
    association, members = _association(municipality)
    years: set[int] = set()
    own = _own_series(municipality, ids, GENDERS if full_trends else {Gender.TOTAL, gender}, years)
    latest = _latest_periods(own, gender)
    directions = {i.pk: i.higher_is_better for i in indicators}
    ranks, means, reference_values = _at_latest(
        municipality, own, latest, directions, references, members, gender, years
    )
    if full_trends:
        means, reference_values = _trends(ids, references, members, gender)
    context = _Context(municipality, gender, own, references, members, ranks, means, reference_values, full_trends)
    rows, without, not_split = [], [], []
    for indicator in indicators:
        if indicator.pk in latest:
            rows.append(_row(indicator, latest[indicator.pk], context))
        elif gender != Gender.TOTAL and any(g == Gender.TOTAL for (_a, _p, g) in own.get(indicator.pk, {})):
            not_split.append(indicator)
        else:
            without.append(indicator)
    return Profile(
        municipality,
        association,
        rows,
        without,
        years,
        references.get(COUNTY_ID),
        references.get(COUNTRY_ID),
        gender=gender,
        not_split=not_split,
    )


def _association(municipality: Organisation) -> tuple[Organisation | None, list[int]]:
    """The municipality's association (the first by name) and its members' ids: one query."""
    links = (
        Membership.objects.filter(
            association__kind=OrganisationKind.ASSOCIATION,
            association__member_links__member=municipality,
        )
        .select_related("association")
        .order_by("association__name", "member_id")
    )
    association, members = None, []
    for link in links:
        if association is None:
            association = link.association
        if link.association_id == association.pk:
            members.append(link.member_id)
    return association, members


def _own_series(municipality, ids, genders, years) -> dict[int, dict[tuple, Measure]]:
    """{indicator_id: {(area_id, period, gender): Measure}}: the municipality's series in
    ``genders`` (always with the total, which tells whether an indicator is split at all)."""
    rows = Value.objects.filter(area=municipality, indicator_id__in=ids, gender__in=sorted(genders))
    own: dict[int, dict[tuple, Measure]] = defaultdict(dict)
    fetched = set()
    for indicator_id, area_id, period, g, value, status, year in rows.values_list(*VALUE_FIELDS, FETCHED_YEAR):
        own[indicator_id][(area_id, period, g)] = Measure(value, status)
        fetched.add(year)
    add_fetched(years, fetched)
    return own


def _latest_periods(own: dict, gender: str) -> dict[int, int]:
    """Per indicator, the latest year with a row in ``gender`` (value or status) for the
    municipality."""
    latest = {}
    for indicator_id, measures in own.items():
        periods = [p for (_a, p, g) in measures if g == gender]
        if periods:
            latest[indicator_id] = max(periods)
    return latest


def _at_latest(municipality, own, latest, directions, references, members, gender, years):
    """Every area's value in each indicator's year, and the municipality's split by gender
    there, in one query: the municipality's rank among the municipalities, the
    association's mean, the county's and country's values. Plain tuples: most of these
    rows are only a number."""
    here = municipality.pk
    # The municipality's girls and boys (less the gender already read for every area) in
    # the years some indicator shows: a few rows more than needed, one index range.
    split = Value.objects.filter(
        area=municipality,
        gender__in=[g for g in GENDERS[1:] if g != gender],
        indicator_id__in=list(latest),
        period__in=sorted(set(latest.values())),
    )
    rows = at_periods(Value.objects.filter(gender=gender), latest, also=[split])
    others = {org.pk for org in references.values()}  # every other area is a municipality
    member_set, fetched = set(members), set()
    numbers: dict[int, list[float]] = defaultdict(list)
    member_numbers: dict[int, list[float]] = defaultdict(list)
    reference_values: dict[int, dict[tuple, Measure]] = defaultdict(dict)
    for indicator_id, area_id, period, g, value, status, year in rows.values_list(*VALUE_FIELDS, FETCHED_YEAR):
        if area_id == here:
            if period != latest[indicator_id]:
                continue
            own[indicator_id][(area_id, period, g)] = Measure(value, status)
            fetched.add(year)
            if g != gender:
                continue
        if area_id in others:
            reference_values[indicator_id][(area_id, period, g)] = Measure(value, status)
        elif value is not None and not status:
            numbers[indicator_id].append(value)
            if area_id in member_set:
                member_numbers[indicator_id].append(value)
    add_fetched(years, fetched)
    ranks = {}
    for pk, period in latest.items():
        mine = own[pk].get((here, period, gender))
        if directions.get(pk) is not None and mine is not None and mine.number is not None:
            ranks[pk] = rank_of(mine.number, numbers[pk], directions[pk])
    means = {pk: {latest[pk]: Aggregate.of(values, len(members))} for pk, values in member_numbers.items()}
    return ranks, means, reference_values


def _trends(ids, references, members, gender):
    """Association means (unweighted, with min–max) and county and country values for every
    year. Aggregated in Python: with GROUP BY (indicator, period) SQLite prefers the index
    in that order and walks every area's rows of each indicator, 8× slower at a million
    values than reading the members' rows through the (area, indicator, …) index."""
    others = [o.pk for o in references.values()]
    stored = load_measures(Value.objects.filter(indicator_id__in=ids, area_id__in=[*members, *others], gender=gender))
    numbers: dict[tuple[int, int], list[float]] = defaultdict(list)
    reference_values: dict[int, dict[tuple, Measure]] = defaultdict(dict)
    member_set = set(members)
    for (indicator_id, area_id, period, g), measure in stored.items():
        if area_id in member_set:
            if measure.number is not None:
                numbers[(indicator_id, period)].append(measure.number)
        else:
            reference_values[indicator_id][(area_id, period, g)] = measure
    means: dict[int, dict[int, Aggregate]] = defaultdict(dict)
    for (indicator_id, period), values in numbers.items():
        means[indicator_id][period] = Aggregate.of(values, len(members))
    return means, reference_values


def _row(indicator: Indicator, period: int, context: _Context) -> ProfileRow:
    mine, here, gender = context.own.get(indicator.pk, {}), context.municipality.pk, context.gender
    gender_trends: dict[str, list[tuple[int, Measure]]] = defaultdict(list)
    for (_a, p, g), m in sorted(mine.items(), key=lambda item: item[0][1]):
        gender_trends[g].append((p, m))
    trend = gender_trends.get(gender, [])
    previous_period = max((p for p, _m in trend if p < period), default=None)
    value = mine.get((here, period, gender), NO_VALUE)
    previous = mine.get((here, previous_period, gender), NO_VALUE)
    refs = context.reference_values.get(indicator.pk, {})

    def reference_trend(kolada_id):
        org = context.references.get(kolada_id)
        return {p: m for (a, p, _g), m in refs.items() if org is not None and a == org.pk}

    county_trend, country_trend = reference_trend(COUNTY_ID), reference_trend(COUNTRY_ID)
    association_trend = context.means.get(indicator.pk, {})
    rank = context.ranks.get(indicator.pk)
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
        gender=gender,
        gender_trends={g: gender_trends[g] for g in GENDERS if g in gender_trends} if context.full_trends else {},
    )
