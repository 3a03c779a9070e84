"""Chosen municipalities, associations, the county and the country side by side over time,
one indicator at a time, for the total, girls or boys — or all three, one series per
gender. Association values are the platform's own aggregates."""

from collections import defaultdict
from dataclasses import dataclass, field

from kunskapsnod.indicators.analysis.common import (
    ALL_GENDERS,
    GENDERS,
    Aggregate,
    AreaSets,
    Measure,
    gender_label,
    load_measures,
)
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
    gender: str = Gender.TOTAL

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
    # Girls or boys were asked for, but the indicator has only totals here (Kolada does not
    # split it, or no split was loaded).
    not_split: bool = False


@dataclass
class Comparison:
    indicators: list[IndicatorComparison]
    fetched_years: set[int]
    gender: str = Gender.TOTAL

    @property
    def gender_label(self) -> str:
        """Totalt, Flickor, Pojkar (Alla): for captions and the "not split" notices."""
        return gender_label(self.gender)


def compare(
    indicators: list[Indicator],
    *,
    areas: list[Organisation],
    area_sets: AreaSets | None = None,
    gender: str = Gender.TOTAL,
) -> Comparison:
    """Every year in ``gender`` (T, K, M, or ``"alla"``: a series per area and gender, in
    that order); an association's series is computed from its members."""
    area_sets = area_sets or AreaSets()
    members = {a: area_sets.memberships.get(a, []) for a in areas if a.is_association}
    wanted = {a.pk for a in areas if not a.is_association}
    wanted |= {m.pk for ms in members.values() for m in ms}
    years: set[int] = set()
    chosen = GENDERS if gender == ALL_GENDERS else (gender,)
    # With girls or boys asked for, all three are read: they tell whether a split exists.
    stored = load_measures(
        Value.objects.filter(
            indicator__in=indicators,
            area_id__in=wanted,
            gender__in=(Gender.TOTAL,) if chosen == (Gender.TOTAL,) else GENDERS,
        ),
        years,
    )
    by_key: dict[tuple[int, int, str], dict[int, Measure]] = defaultdict(dict)
    split: set[int] = set()
    for (indicator_id, area_id, period, g), measure in stored.items():
        by_key[(indicator_id, area_id, g)][period] = measure
        if g != Gender.TOTAL:
            split.add(indicator_id)
    result = []
    for indicator in indicators:
        genders = (Gender.TOTAL,) if gender == ALL_GENDERS and indicator.pk not in split else chosen
        series = [_series(indicator, a, g, by_key, members.get(a)) for a in areas for g in genders]
        periods = sorted({p for s in series for p in (s.aggregates if s.computed else s.values)})
        not_split = gender != Gender.TOTAL and indicator.pk not in split
        result.append(IndicatorComparison(indicator, periods, series, not_split=not_split))
    return Comparison(result, years, gender=gender)


def _series(indicator, area, gender, by_key, members) -> Series:
    kind = {"kommun": "kommun", "forbund": "forbund", "lan": "lan", "riket": "riket"}.get(area.kind, "kommun")
    if members is None:
        return Series(area, kind, values=by_key.get((indicator.pk, area.pk, gender), {}), gender=gender)
    per_period: dict[int, list[float]] = defaultdict(list)
    for member in members:
        for period, measure in by_key.get((indicator.pk, member.pk, gender), {}).items():
            if measure.number is not None:
                per_period[period].append(measure.number)
    aggregates = {p: Aggregate.of(v, len(members)) for p, v in per_period.items()}
    return Series(area, kind, aggregates=aggregates, gender=gender)
