"""Chosen municipalities, associations, the county and the country side by side over time,
one indicator at a time. Association values are the platform's own aggregates."""

from collections import defaultdict
from dataclasses import dataclass, field

from kunskapsnod.indicators.analysis.common import Aggregate, AreaSets, Measure, load_measures
from kunskapsnod.indicators.models import Gender, Indicator, Value
from kunskapsnod.regions.models import Organisation

MAX_AREAS = 12
MAX_INDICATORS = 6


@dataclass
class Series:
    organisation: Organisation
    kind: str  # "kommun", "forbund", "lan", "riket"
    values: dict[int, Measure] = field(default_factory=dict)
    aggregates: dict[int, Aggregate] = field(default_factory=dict)

    @property
    def computed(self) -> bool:
        return self.kind == "forbund"

    def measure(self, period: int) -> Measure | None:
        if self.computed:
            aggregate = self.aggregates.get(period)
            return aggregate.measure if aggregate and aggregate.count else None
        return self.values.get(period)


@dataclass
class IndicatorComparison:
    indicator: Indicator
    periods: list[int]
    series: list[Series]


@dataclass
class Comparison:
    indicators: list[IndicatorComparison]
    fetched_years: set[int]


def compare(
    indicators: list[Indicator],
    *,
    areas: list[Organisation],
    area_sets: AreaSets | None = None,
) -> Comparison:
    """Totals (gender T) for every year; an association's series is computed from its members."""
    area_sets = area_sets or AreaSets()
    members = {a: area_sets.memberships.get(a, []) for a in areas if a.is_association}
    wanted = {a.pk for a in areas if not a.is_association}
    wanted |= {m.pk for ms in members.values() for m in ms}
    years: set[int] = set()
    stored = load_measures(
        Value.objects.filter(indicator__in=indicators, area_id__in=wanted, gender=Gender.TOTAL),
        years,
    )
    by_key: dict[tuple[int, int], dict[int, Measure]] = defaultdict(dict)
    for (indicator_id, area_id, period, _gender), measure in stored.items():
        by_key[(indicator_id, area_id)][period] = measure
    result = []
    for indicator in indicators:
        series = [_series(indicator, a, by_key, members.get(a)) for a in areas]
        periods = sorted({p for s in series for p in (s.aggregates if s.computed else s.values)})
        result.append(IndicatorComparison(indicator, periods, series))
    return Comparison(result, years)


def _series(indicator, area, by_key, members) -> Series:
    kind = {"kommun": "kommun", "forbund": "forbund", "lan": "lan", "riket": "riket"}.get(area.kind, "kommun")
    if members is None:
        return Series(area, kind, values=by_key.get((indicator.pk, area.pk), {}))
    per_period: dict[int, list[float]] = defaultdict(list)
    for member in members:
        for period, measure in by_key.get((indicator.pk, member.pk), {}).items():
            if measure.number is not None:
                per_period[period].append(measure.number)
    return Series(area, kind, aggregates={p: Aggregate.of(v, len(members)) for p, v in per_period.items()})
