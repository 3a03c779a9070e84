"""Shared vocabulary of the statistics reads: a measured value that may be missing,
ranks that respect an indicator's direction, and the platform's association aggregates."""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from django.db.models import CharField
from django.db.models.functions import Cast, Substr
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from kunskapsnod.indicators.models import Gender
from kunskapsnod.regions.models import Membership, Organisation

COUNTY_ID = "0014"  # Västra Götalands län (Kolada's region code)
COUNTRY_ID = "0000"  # Riket
# Texts of the pages in the request's language (lazy: translated where they are shown).
RANK_SET_LABEL = _("Västra Götalands 49 kommuner och Kungsbacka")
AGGREGATE_METHOD = _(
    "Beräkning: Kunskapsnod. Förbundets värde är det ovägda medelvärdet av medlemskommunernas "
    "värden (som Kolada räknar sina kommungrupper), med median och spridning (min–max). "
    "Kommunerna följer nodens egen indelning; Koladas grupp ”Sjuhärad” omfattar "
    "även Varberg."
)
# Kolada's status codes and how the UI names them (msgids, translated in status_label).
STATUS_LABELS = {"Privacy": gettext_noop("sekretess"), "Missing": gettext_noop("saknas")}

# The gender switch of every statistics page: Kolada's T/K/M as the pages name them, and
# "alla" (one line per gender) for the charts over time.
GENDERS = (Gender.TOTAL, Gender.WOMEN, Gender.MEN)
ALL_GENDERS = "alla"
GENDER_LABELS = {
    Gender.TOTAL: gettext_noop("Totalt"),
    Gender.WOMEN: gettext_noop("Flickor"),
    Gender.MEN: gettext_noop("Pojkar"),
    ALL_GENDERS: gettext_noop("Alla"),
}
GENDER_SLUGS = {Gender.TOTAL: "totalt", Gender.WOMEN: "flickor", Gender.MEN: "pojkar", ALL_GENDERS: "alla-kon"}


def gender_label(gender: str) -> str:
    """How the pages name a gender: Totalt, Flickor, Pojkar (or Alla: one line per gender),
    in the active language."""
    return gettext(GENDER_LABELS.get(gender, GENDER_LABELS[Gender.TOTAL]))


def parse_gender(text, *, allow_all: bool = False) -> str:
    """A gender from a query parameter (T, K, M; "alla" where allowed); T when unknown."""
    value = str(text or "").strip()
    if value.upper() in GENDERS:
        return value.upper()
    return ALL_GENDERS if allow_all and value.lower() == ALL_GENDERS else Gender.TOTAL


class Measure(NamedTuple):
    """One value as Kolada gave it: a number, or a status saying why there is none. A named
    tuple: a page builds thousands of them, and a tuple is built several times faster than
    a frozen dataclass."""

    value: float | None
    status: str = ""

    @property
    def missing(self) -> bool:
        return self.value is None or bool(self.status)

    @property
    def number(self) -> float | None:
        return None if self.missing else self.value

    @property
    def status_label(self) -> str:
        if not self.missing:
            return ""
        label = STATUS_LABELS.get(self.status, "saknas" if self.status else "")
        return gettext(label) if label else "–"


NO_VALUE = Measure(None, "")


@dataclass(frozen=True)
class Aggregate:
    """The platform's own figure for an association: over the members that have a value."""

    mean: float | None
    median: float | None
    minimum: float | None
    maximum: float | None
    count: int
    members: int

    @classmethod
    def of(cls, numbers: list[float], members: int) -> "Aggregate":
        if not numbers:
            return cls(None, None, None, None, 0, members)
        return cls(
            statistics.fmean(numbers),
            statistics.median(numbers),
            min(numbers),
            max(numbers),
            len(numbers),
            members,
        )

    @property
    def measure(self) -> Measure:
        return Measure(self.mean)


@dataclass(frozen=True)
class Rank:
    position: int
    out_of: int
    higher_is_better: bool


def rank_positions(numbers: dict, higher_is_better: bool | None) -> dict:
    """Competition ranking (1, 2, 2, 4) of keys by their number; best is 1. Empty when the
    indicator has no direction: ranking it would claim a judgement nobody made."""
    if higher_is_better is None:
        return {}
    ordered = sorted(numbers.items(), key=lambda kv: kv[1], reverse=higher_is_better)
    positions, previous, position = {}, None, 0
    for index, (key, number) in enumerate(ordered, start=1):
        if number != previous:
            position, previous = index, number
        positions[key] = Rank(position, len(ordered), higher_is_better)
    return positions


def rank_of(number: float, numbers: list[float], higher_is_better: bool) -> Rank:
    """The rank of ``number`` among ``numbers`` (which hold it), as ``rank_positions`` gives
    it (1 + how many are strictly better), without sorting or ranking the others."""
    better = sum(1 for n in numbers if n > number) if higher_is_better else sum(1 for n in numbers if n < number)
    return Rank(better + 1, len(numbers), higher_is_better)


def improvement(latest: float | None, previous: float | None, higher_is_better: bool | None) -> bool | None:
    """True/False when the change is better/worse; None when unknown, unchanged or undirected."""
    if latest is None or previous is None or higher_is_better is None or latest == previous:
        return None
    return (latest > previous) == higher_is_better


def association_of(municipality: Organisation) -> Organisation | None:
    link = (
        Membership.objects.filter(member=municipality, association__kind="forbund")
        .select_related("association")
        .order_by("association__name")
        .first()
    )
    return link.association if link else None


class AreaSets:
    """The areas a statistics page needs, loaded once: municipalities, associations with their
    members, the county and the country."""

    @cached_property
    def municipalities(self) -> list[Organisation]:
        return list(Organisation.objects.municipalities().order_by("name"))

    @cached_property
    def by_id(self) -> dict[int, Organisation]:
        return {m.pk: m for m in self.municipalities}

    @cached_property
    def memberships(self) -> dict[Organisation, list[Organisation]]:
        links = Membership.objects.filter(association__kind="forbund").select_related("association", "member")
        members: dict[Organisation, list[Organisation]] = defaultdict(list)
        for link in links.order_by("association__name", "member__name"):
            members[link.association].append(link.member)
        return dict(members)

    @cached_property
    def association_of(self) -> dict[int, Organisation]:
        return {m.pk: a for a, members in self.memberships.items() for m in members}

    @cached_property
    def references(self) -> dict[str, Organisation]:
        return {o.kolada_id: o for o in Organisation.objects.filter(kolada_id__in=[COUNTY_ID, COUNTRY_ID])}


VALUE_FIELDS = ("indicator_id", "area_id", "period", "gender", "value", "status")
# The year a value was fetched, as text straight from the database: converting a timestamp
# per row would cost more than reading the row itself. Both databases store UTC.
FETCHED_YEAR = Substr(Cast("fetched_at", output_field=CharField()), 1, 4)


class _AtPeriods:
    """A value queryset cut to one period per indicator: a UNION ALL of one range per
    period, ``indicator IN (…) AND period = p``, which both databases answer from the
    covering index. An OR of (indicator, period) pairs would have PostgreSQL combine bitmaps
    and then read every matching row from the table."""

    def __init__(self, queryset, periods: dict[int, int], also: list):
        self.by_period: dict[int, list[int]] = defaultdict(list)
        for indicator_id, period in periods.items():
            self.by_period[period].append(indicator_id)
        self.queryset, self.also = queryset, also

    def values_list(self, *fields):
        if not self.by_period:
            return []
        parts = [
            self.queryset.filter(period=period, indicator_id__in=ids).values_list(*fields)
            for period, ids in sorted(self.by_period.items())
        ] + [queryset.values_list(*fields) for queryset in self.also]
        return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]


def at_periods(queryset, periods: dict[int, int], *, also=()) -> _AtPeriods:
    """``queryset`` restricted to ``{indicator_id: period}`` (and the rows of the ``also``
    querysets, in the same query), for ``load_measures`` or a ``values_list`` of its own."""
    return _AtPeriods(queryset, periods, list(also))


def add_fetched(years: set[int], fetched: set[str]) -> None:
    """Adds the first and last of the ``FETCHED_YEAR`` texts to ``years`` (the source line)."""
    numbers = [int(y) for y in fetched if y]
    if numbers:
        years.update((min(numbers), max(numbers)))


def load_measures(queryset, years: set[int] | None = None) -> dict[tuple, Measure]:
    """{(indicator_id, area_id, period, gender): Measure} for ``queryset``; adds the first and
    last year in which those values were fetched from Kolada to ``years`` (the source line).
    One query, answered from the covering indexes of ``Value`` without touching the table."""
    if years is None:
        return {(i, a, p, g): Measure(v, s) for i, a, p, g, v, s in queryset.values_list(*VALUE_FIELDS)}
    result, fetched = {}, set()
    for i, a, p, g, v, s, y in queryset.values_list(*VALUE_FIELDS, FETCHED_YEAR):
        result[(i, a, p, g)] = Measure(v, s)
        fetched.add(y)
    add_fetched(years, fetched)
    return result
