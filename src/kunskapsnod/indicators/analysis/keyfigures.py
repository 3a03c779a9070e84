"""Key figures: the pre-study's four indicators for one or more areas, each with its latest
value, the change since the previous year and the rank among the region's municipalities.

Shown on the municipality page and the start page. Three queries whatever the number of
areas: the indicators, the areas' own values, and the municipalities' values in the years
that are ranked. The rules are the profile's (``analysis.profile``): the latest year with a
total row, the previous year with a row before it, ranks by the indicator's direction."""

from collections import defaultdict
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q

from kunskapsnod.indicators.analysis.common import COUNTY_ID, NO_VALUE, Measure, Rank, improvement, rank_positions
from kunskapsnod.indicators.charts import retrieval_label
from kunskapsnod.indicators.defaults import home_of
from kunskapsnod.indicators.formatting import unit
from kunskapsnod.indicators.models import Gender, Indicator, Value
from kunskapsnod.regions.models import Organisation, OrganisationKind

# data/kolada/indicator-set-fullfoljda-studier.csv: the pre-study's indicators have the
# themes "pre-study 1" … "pre-study 4" (N02904, N15428, N02797, N09811).
KEY_THEME = "pre-study"
KEY_INDICATOR = "N15428"  # the pre-study's key indicator: shown first


@dataclass(frozen=True)
class KeyFigure:
    indicator: Indicator
    period: int | None
    value: Measure
    previous_period: int | None
    previous: Measure
    rank: Rank | None

    @property
    def change(self) -> float | None:
        if self.value.missing or self.previous.missing:
            return None
        return self.value.value - self.previous.value

    @property
    def improved(self) -> bool | None:
        return improvement(self.value.number, self.previous.number, self.indicator.higher_is_better)

    @property
    def short_title(self) -> str:
        return short_title(self.indicator)

    @property
    def unit(self) -> str:
        return self.indicator.unit or unit(self.indicator.title)


# Short names for the table headers; any other indicator shows its Kolada title.
# Age spans are joined with U+2060 (word joiner) so that a narrow header never breaks them.
SHORT_TITLES = {
    "N15428": "Behöriga till yrkesprogram (åk 9)",
    "N02797": "Unga 16\u2060–\u206024 år som varken arbetar eller studerar",
    "N09811": "Barnbokslån per barn 0\u2060–\u206017 år",
    "N02904": "Barn i ekonomiskt utsatta hushåll",
}


def short_title(indicator: Indicator) -> str:
    return SHORT_TITLES.get(indicator.code, indicator.title)


@dataclass(frozen=True)
class AreaFigures:
    area: Organisation
    figures: list[KeyFigure]


@dataclass(frozen=True)
class KeyFigures:
    indicators: list[Indicator]
    areas: list[AreaFigures]
    fetched_years: set[int]

    def __bool__(self) -> bool:
        return bool(self.indicators and self.areas)

    @property
    def ranked(self) -> bool:
        """Whether any area is ranked (municipalities are; the county and country are not)."""
        return any(a.area.is_municipality for a in self.areas)

    @property
    def headers(self) -> list[tuple[Indicator, str]]:
        return [(i, short_title(i)) for i in self.indicators]

    @property
    def source(self) -> str:
        """'Källa: Kolada, hämtad 2021–2026', as under every figure."""
        return retrieval_label(self.fetched_years, self.indicators)


def key_indicators() -> list[Indicator]:
    """The pre-study's indicators: the key one first, withdrawn series last, else set order."""
    found = list(Indicator.objects.default_set().filter(theme__startswith=KEY_THEME))
    return sorted(found, key=lambda i: (i.code != KEY_INDICATOR, i.is_discontinued))


def key_figures(areas: list[Organisation], indicators: list[Indicator] | None = None) -> KeyFigures:
    """The key figures of ``areas`` (municipalities are ranked; a county or the country is
    not), in the order given. An indicator without a single value for any of the areas is
    left out: a card or column that could only say "no values" tells nobody anything."""
    indicators = key_indicators() if indicators is None else list(indicators)
    if not areas or not indicators:
        return KeyFigures(indicators, [], set())
    own, years = _own_values([i.pk for i in indicators], [a.pk for a in areas])
    with_values = {indicator_id for (indicator_id, _area, _period), m in own.items() if not m.missing}
    indicators = [i for i in indicators if i.pk in with_values]
    periods = _periods(own)
    ranks = _ranks(indicators, {(i, max(found)) for (i, _a), found in periods.items()})
    result = [
        AreaFigures(area, [_figure(i, area, periods.get((i.pk, area.pk), []), own, ranks) for i in indicators])
        for area in areas
    ]
    return KeyFigures(indicators, result, years)


def _own_values(ids: list[int], area_ids: list[int]) -> tuple[dict[tuple, Measure], set[int]]:
    rows = Value.objects.filter(indicator_id__in=ids, area_id__in=area_ids, gender=Gender.TOTAL).values_list(
        "indicator_id", "area_id", "period", "value", "status", "fetched_at"
    )
    measures, years = {}, set()
    for indicator_id, area_id, period, value, status, fetched_at in rows:
        measures[(indicator_id, area_id, period)] = Measure(value, status)
        years.add(fetched_at.year)
    # The first and last retrieval year, as every source line says it.
    return measures, {min(years), max(years)} if years else set()


def _periods(own: dict[tuple, Measure]) -> dict[tuple[int, int], list[int]]:
    periods: dict[tuple[int, int], list[int]] = defaultdict(list)
    for indicator_id, area_id, period in own:
        periods[(indicator_id, area_id)].append(period)
    return periods


def _ranks(indicators: list[Indicator], wanted: set[tuple[int, int]]) -> dict[tuple[int, int], dict[int, Rank]]:
    """{(indicator_id, period): {municipality_id: Rank}} for the directed indicators."""
    direction = {i.pk: i.higher_is_better for i in indicators if i.higher_is_better is not None}
    wanted = {(i, p) for i, p in wanted if i in direction}
    if not wanted:
        return {}
    condition = reduce(or_, (Q(indicator_id=i, period=p) for i, p in sorted(wanted)))
    rows = (
        Value.objects.filter(condition, gender=Gender.TOTAL, area__kind=OrganisationKind.MUNICIPALITY)
        .with_value()
        .values_list("indicator_id", "period", "area_id", "value")
    )
    numbers: dict[tuple[int, int], dict[int, float]] = defaultdict(dict)
    for indicator_id, period, area_id, value in rows:
        numbers[(indicator_id, period)][area_id] = value
    return {key: rank_positions(numbers[key], direction[key[0]]) for key in wanted}


def _figure(indicator: Indicator, area: Organisation, periods: list[int], own, ranks) -> KeyFigure:
    if not periods:
        return KeyFigure(indicator, None, NO_VALUE, None, NO_VALUE, None)
    period = max(periods)
    previous_period = max((p for p in periods if p < period), default=None)
    value = own.get((indicator.pk, area.pk, period), NO_VALUE)
    previous = own.get((indicator.pk, area.pk, previous_period), NO_VALUE)
    rank = ranks.get((indicator.pk, period), {}).get(area.pk) if area.is_municipality and not value.missing else None
    return KeyFigure(indicator, period, value, previous_period, previous, rank)


def home_areas(user) -> list[Organisation]:
    """Whose key figures a user's start page shows: their own municipality; for node staff
    (and other users of an association) the association's municipalities; for an
    administrator or a visitor, who belong to no municipality, Västra Götaland as a whole."""
    home = home_of(user)
    if home.municipality is not None:
        return [home.municipality]
    if home.association is not None:
        return list(Organisation.objects.members_of(home.association))
    return list(Organisation.objects.filter(kolada_id=COUNTY_ID))
