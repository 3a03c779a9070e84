"""Similar municipalities: who shares a municipality's structural conditions, and which of
them do better on an outcome ("talk to them"). The platform's own calculation:

1. for each structural indicator take its latest year with values for the municipalities;
2. standardise each indicator over the municipalities that have all of them (z-score:
   value minus mean, divided by the population standard deviation);
3. the distance between two municipalities is the Euclidean distance of their z-scores.
"""

import json
import math
import statistics
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from kunskapsnod.indicators.analysis.common import (
    NO_VALUE,
    AreaSets,
    Measure,
    at_periods,
    improvement,
    load_measures,
)
from kunskapsnod.indicators.models import Gender, Indicator, Value
from kunskapsnod.regions.models import Organisation, OrganisationKind

# Socio-economic conditions the schools do not set: the default structural profile.
STRUCTURAL_THEMES = ("socioekonomi", "utbildningsnivå vuxna")
CHILD_POVERTY = ("N02904", "N66077", "U31803", "U31809")
DEFAULT_OUTCOMES = ("N17461", "N15428", "N15424", "N15563", "N02797")
CLOSE = 0.5  # |z difference| below which two municipalities count as alike on an indicator
NEIGHBOURS = 8
METHOD = _(
    "Beräkning: Kunskapsnod. Varje strukturindikator standardiseras över kommunerna (z-värde: "
    "avvikelse från medelvärdet delat med standardavvikelsen) för det senaste år som har värden; "
    "avståndet mellan två kommuner är det euklidiska avståndet mellan deras z-värden. Kommuner "
    "som saknar något av värdena räknas inte med."
)


@dataclass
class Structural:
    indicator: Indicator
    period: int
    mean: float
    stdev: float


@dataclass
class Neighbour:
    municipality: Organisation
    association: Organisation | None
    distance: float
    alike_on: list[Indicator]
    differs_on: list[Indicator]
    outcome: Measure
    better: bool | None


@dataclass
class Similarity:
    municipality: Organisation
    structural: list[Structural]
    outcome: Indicator | None
    outcome_period: int | None
    own_outcome: Measure
    neighbours: list[Neighbour]
    compared: int  # municipalities with the full structural profile
    missing_profile: bool  # the municipality itself lacks a structural value
    fetched_years: set[int]

    @property
    def doing_better(self) -> list[Neighbour]:
        return [n for n in self.neighbours if n.better]


def default_structural(indicators: list[Indicator]) -> list[Indicator]:
    return [i for i in indicators if i.theme in STRUCTURAL_THEMES or i.code in CHILD_POVERTY]


def indicators_with_values() -> list[Indicator]:
    """Default-set indicators that have at least one municipality value, in set order. One
    EXISTS per indicator: it stops at the first row, whatever the size of the value table."""
    has_values = Value.objects.filter(indicator=OuterRef("pk"), area__kind=OrganisationKind.MUNICIPALITY)
    return list(Indicator.objects.default_set().filter(Exists(has_values)))


def latest_municipal_periods(indicators: list[Indicator]) -> dict[int, int]:
    """{indicator_id: the latest year in which a municipality has a total value}. One
    subquery per indicator that walks the (indicator, gender, period) index from the newest
    year down and stops at the first municipality's value: a MAX over the rows would read
    every year of every area."""
    newest = (
        Value.objects.filter(indicator=OuterRef("pk"), gender=Gender.TOTAL, area__kind=OrganisationKind.MUNICIPALITY)
        .with_value()
        .order_by("-period")
        .values("period")[:1]
    )
    found = Indicator.objects.filter(pk__in=[i.pk for i in indicators]).annotate(latest=Subquery(newest))
    return {pk: period for pk, period in found.values_list("pk", "latest") if period is not None}


def default_outcome(candidates: list[Indicator], structural: list[Indicator]) -> Indicator | None:
    usable = [i for i in candidates if i not in structural and i.higher_is_better is not None]
    by_code = {i.code: i for i in usable}
    return next((by_code[c] for c in DEFAULT_OUTCOMES if c in by_code), usable[0] if usable else None)


def similar_municipalities(
    municipality: Organisation,
    *,
    structural: list[Indicator],
    outcome: Indicator | None,
    areas: AreaSets | None = None,
    limit: int = NEIGHBOURS,
) -> Similarity:
    areas = areas or AreaSets()
    years: set[int] = set()
    chosen = list(structural) + ([outcome] if outcome and outcome not in structural else [])
    latest = latest_municipal_periods(chosen)
    stored = load_measures(
        at_periods(Value.objects.filter(area__kind=OrganisationKind.MUNICIPALITY, gender=Gender.TOTAL), latest),
        years,
    )
    numbers = {(i, a): m.number for (i, a, _p, _g), m in stored.items() if m.number is not None}
    used = [i for i in structural if i.pk in latest]
    profiles = {
        m.pk: [numbers[(i.pk, m.pk)] for i in used]
        for m in areas.municipalities
        if all((i.pk, m.pk) in numbers for i in used)
    }
    structurals = _standardise(used, latest, profiles)
    outcome_period = latest.get(outcome.pk) if outcome else None

    def outcome_of(org):
        if outcome is None or outcome_period is None:
            return NO_VALUE
        return stored.get((outcome.pk, org.pk, outcome_period, Gender.TOTAL), NO_VALUE)

    own_outcome = outcome_of(municipality)
    neighbours = []
    if municipality.pk in profiles and structurals:
        own_z = _z(profiles[municipality.pk], structurals)
        for other in areas.municipalities:
            if other.pk == municipality.pk or other.pk not in profiles:
                continue
            z = _z(profiles[other.pk], structurals)
            diffs = [abs(a - b) for a, b in zip(own_z, z, strict=True)]
            theirs = outcome_of(other)
            neighbours.append(
                Neighbour(
                    municipality=other,
                    association=areas.association_of.get(other.pk),
                    distance=math.sqrt(sum(d * d for d in diffs)),
                    alike_on=[s.indicator for s, d in zip(structurals, diffs, strict=True) if d < CLOSE],
                    differs_on=[s.indicator for s, d in zip(structurals, diffs, strict=True) if d >= CLOSE],
                    outcome=theirs,
                    better=improvement(
                        theirs.number,
                        own_outcome.number,
                        outcome.higher_is_better if outcome else None,
                    ),
                )
            )
        neighbours.sort(key=lambda n: (n.distance, n.municipality.name))
    return Similarity(
        municipality=municipality,
        structural=structurals,
        outcome=outcome,
        outcome_period=outcome_period,
        own_outcome=own_outcome,
        neighbours=neighbours[:limit],
        compared=len(profiles),
        missing_profile=municipality.pk not in profiles,
        fetched_years=years,
    )


def _standardise(used, latest, profiles) -> list[Structural]:
    result = []
    for index, indicator in enumerate(used):
        column = [p[index] for p in profiles.values()]
        if len(column) < 2:
            continue
        mean = statistics.fmean(column)
        # The population standard deviation in floats: statistics.pstdev sums exact
        # fractions, a millisecond per indicator; the two agree to the last digits shown.
        stdev = math.sqrt(math.fsum((x - mean) ** 2 for x in column) / len(column))
        result.append(Structural(indicator, latest[indicator.pk], mean, stdev or 1.0))
    return result


def _z(profile: list[float], structurals: list[Structural]) -> list[float]:
    index = {id(s): i for i, s in enumerate(structurals)}
    return [(profile[index[id(s)]] - s.mean) / s.stdev for s in structurals]


# --- Kolada's own fixed groups --------------------------------------------------------------


@dataclass(frozen=True)
class KoladaGroup:
    id: str
    title: str
    members: tuple[tuple[str, str], ...]  # (kolada id, name)


@lru_cache(maxsize=1)
def _similar_groups() -> dict[str, list[KoladaGroup]]:
    """Kolada's "Liknande kommuner <area>, <municipality>, <year>" groups by municipality name."""
    path = settings.DATA_DIR / "kolada" / "municipality-groups.json"
    if not path.exists():
        return {}
    groups: dict[str, list[KoladaGroup]] = {}
    for group in json.loads(path.read_text(encoding="utf-8")):
        title = group["title"]
        if not title.startswith("Liknande kommuner"):
            continue
        parts = [p.strip() for p in title.split(",")]
        if len(parts) < 3:
            continue
        owner = parts[-2]
        members = tuple((m[0], m[1]) for m in group["members"])
        groups.setdefault(owner, []).append(KoladaGroup(group["id"], title, members))
    return {name: sorted(gs, key=lambda g: g.title) for name, gs in groups.items()}


def kolada_similar_groups(municipality: Organisation) -> list[KoladaGroup]:
    return _similar_groups().get(municipality.name, [])
