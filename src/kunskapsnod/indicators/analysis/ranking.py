"""All municipalities ranked on one indicator and year — on the total, or on girls' or
boys' values alone — with the association aggregates and the county and country as
references."""

from dataclasses import dataclass

from kunskapsnod.indicators.analysis.common import (
    COUNTRY_ID,
    COUNTY_ID,
    GENDERS,
    NO_VALUE,
    Aggregate,
    AreaSets,
    Measure,
    Rank,
    gender_label,
    improvement,
    load_measures,
    rank_positions,
)
from kunskapsnod.indicators.models import Gender, Indicator, Value
from kunskapsnod.regions.models import Organisation

SORT_KEYS = ("rank", "name", "value", "association")


@dataclass
class RankingRow:
    municipality: Organisation
    association: Organisation | None
    value: Measure
    women: Measure | None
    men: Measure | None
    rank: Rank | None
    previous: Measure
    improved: bool | None


@dataclass
class Ranking:
    indicator: Indicator
    period: int | None
    previous_period: int | None
    periods: list[int]
    rows: list[RankingRow]
    association: Organisation | None  # the filter, if any
    aggregates: dict[Organisation, Aggregate]
    county: Measure
    country: Measure
    fetched_years: set[int]
    gender: str = Gender.TOTAL
    # The indicator has values, but none for the chosen gender (Kolada does not split it,
    # or no split was loaded): the page says so instead of an empty table.
    not_split: bool = False

    @property
    def gender_label(self) -> str:
        """Totalt, Flickor, Pojkar (Alla): for captions and the "not split" notices."""
        return gender_label(self.gender)

    @property
    def ranked_count(self) -> int:
        return next((r.rank.out_of for r in self.rows if r.rank), 0)


def available_periods(indicator: Indicator, gender: str | None = None) -> list[int]:
    """Years with a value for any area (in ``gender``, if given), latest first."""
    values = Value.objects.filter(indicator=indicator)
    if gender is not None:
        values = values.filter(gender=gender)
    return list(values.order_by("-period").values_list("period", flat=True).distinct())


def indicator_ranking(
    indicator: Indicator,
    *,
    period: int | None = None,
    association: Organisation | None = None,
    areas: AreaSets | None = None,
    gender: str = Gender.TOTAL,
) -> Ranking:
    """Rank among all municipalities in ``gender`` (T, K or M; the filter only hides rows: a
    rank is always the rank in the whole set), best first by the indicator's direction;
    missing values last."""
    areas = areas or AreaSets()
    periods = available_periods(indicator, gender)
    not_split = not periods and gender != Gender.TOTAL and Value.objects.filter(indicator=indicator).exists()
    if period not in periods:
        period = periods[0] if periods else None
    previous_period = next((p for p in periods if period is not None and p < period), None)
    years: set[int] = set()
    wanted = [p for p in (period, previous_period) if p is not None]
    # Naming all three genders keeps the lookup on the (indicator, gender, period) index.
    in_periods = Value.objects.filter(indicator=indicator, gender__in=GENDERS, period__in=wanted)
    stored = load_measures(in_periods, years)
    numbers = {
        m.pk: stored[(indicator.pk, m.pk, period, gender)].number
        for m in areas.municipalities
        if (indicator.pk, m.pk, period, gender) in stored
    }
    ranks = rank_positions({k: v for k, v in numbers.items() if v is not None}, indicator.higher_is_better)

    def at(org, when, chosen=gender):
        return stored.get((indicator.pk, org.pk, when, chosen))

    rows = []
    for m in areas.municipalities:
        value, previous = at(m, period) or NO_VALUE, at(m, previous_period) or NO_VALUE
        rows.append(
            RankingRow(
                municipality=m,
                association=areas.association_of.get(m.pk),
                value=value,
                women=at(m, period, Gender.WOMEN),
                men=at(m, period, Gender.MEN),
                rank=ranks.get(m.pk),
                previous=previous,
                improved=improvement(value.number, previous.number, indicator.higher_is_better),
            )
        )
    aggregates = {
        a: Aggregate.of([numbers[m.pk] for m in members if numbers.get(m.pk) is not None], len(members))
        for a, members in areas.memberships.items()
    }
    if association is not None:
        rows = [r for r in rows if r.association == association]
    refs = areas.references
    return Ranking(
        indicator=indicator,
        period=period,
        previous_period=previous_period,
        periods=periods,
        rows=sort_rows(rows, "rank"),
        association=association,
        aggregates=aggregates,
        county=at(refs[COUNTY_ID], period) or NO_VALUE if COUNTY_ID in refs else NO_VALUE,
        country=at(refs[COUNTRY_ID], period) or NO_VALUE if COUNTRY_ID in refs else NO_VALUE,
        fetched_years=years,
        gender=gender,
        not_split=not_split,
    )


def sort_rows(rows: list[RankingRow], key: str, descending: bool = False) -> list[RankingRow]:
    """Sort for the table's column headers; rows without a value always come last."""
    if key == "name":
        return sorted(rows, key=lambda r: r.municipality.name, reverse=descending)
    if key == "association":
        return sorted(
            rows,
            key=lambda r: ((r.association.name if r.association else ""), r.municipality.name),
            reverse=descending,
        )
    present = [r for r in rows if (r.rank if key == "rank" else r.value.number) is not None]
    absent = sorted((r for r in rows if r not in present), key=lambda r: r.municipality.name)
    if key == "rank":
        present.sort(key=lambda r: (r.rank.position, r.municipality.name), reverse=descending)
    else:
        present.sort(key=lambda r: r.value.number, reverse=descending)
    return present + absent
