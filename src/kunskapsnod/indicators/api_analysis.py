"""JSON twins of the profile and similar-municipalities pages (mounted under /api/).

Missing or suppressed values come back as ``value: null`` with their ``status``
("Privacy", "Missing"), never as 0. Ranks, association means and similarity are the
platform's own calculations and say so in ``method``."""

from typing import Literal

from django.http import Http404
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from kunskapsnod.indicators.analysis.common import AGGREGATE_METHOD, RANK_SET_LABEL, Measure
from kunskapsnod.indicators.analysis.comparison import MAX_AREAS, MAX_INDICATORS, compare
from kunskapsnod.indicators.analysis.profile import municipality_profile
from kunskapsnod.indicators.analysis.ranking import indicator_ranking
from kunskapsnod.indicators.analysis.similar import (
    METHOD,
    default_outcome,
    default_structural,
    indicators_with_values,
    kolada_similar_groups,
    similar_municipalities,
)
from kunskapsnod.indicators.charts import source_names
from kunskapsnod.indicators.models import Indicator
from kunskapsnod.indicators.services.sync import split_ids
from kunskapsnod.regions.models import Organisation, OrganisationKind
from kunskapsnod.regions.permissions import get_organisation_or_404

router = Router(tags=["statistik"])
# Kolada's genders: T (total), K (girls/women), M (boys/men).
GenderParam = Literal["T", "K", "M"]


class MeasureOut(Schema):
    value: float | None
    status: str


class AggregateOut(Schema):
    mean: float | None
    minimum: float | None
    maximum: float | None
    members_with_value: int
    members: int


class RankOut(Schema):
    position: int
    out_of: int


class ProfileIndicatorOut(Schema):
    kpi: str
    title: str
    source: str  # "Kolada", or an own indicator's own source
    period: int | None
    value: MeasureOut
    women: MeasureOut | None
    men: MeasureOut | None
    association: AggregateOut | None
    county: MeasureOut
    country: MeasureOut
    rank: RankOut | None
    previous_period: int | None
    previous: MeasureOut
    improved: bool | None
    historical: bool
    trend: dict[int, MeasureOut]


class ProfileOut(Schema):
    municipality: str
    name: str
    association: str | None
    rank_set: str
    method: str
    source: str
    indicators: list[ProfileIndicatorOut]
    without_values: list[str]
    gender: str
    not_split: list[str]  # indicators with totals here but none for the gender asked for


class NeighbourOut(Schema):
    municipality: str
    name: str
    association: str | None
    distance: float
    alike_on: list[str]
    differs_on: list[str]
    outcome: MeasureOut
    better: bool | None


class StructuralOut(Schema):
    kpi: str
    period: int
    mean: float
    stdev: float


class KoladaGroupOut(Schema):
    id: str
    title: str
    members: list[list[str]]


class SimilarOut(Schema):
    municipality: str
    name: str
    method: str
    structural: list[StructuralOut]
    outcome: str | None
    outcome_period: int | None
    own_outcome: MeasureOut
    compared: int
    neighbours: list[NeighbourOut]
    kolada_groups: list[KoladaGroupOut]


class SimilarQuery(Schema):
    structural: str = ""  # comma-separated KPI ids; empty = the default socio-economic profile
    outcome: str = ""


def _municipality(key: str) -> Organisation:
    # A Kolada id (the documented key) or a slug, through the one lookup every page uses.
    return get_organisation_or_404(key, kind=OrganisationKind.MUNICIPALITY)


def _m(measure: Measure | None) -> dict | None:
    return None if measure is None else {"value": measure.number, "status": measure.status}


@router.get("/municipalities/{kolada_id}/profile", response=ProfileOut)
def municipality_profile_api(request, kolada_id: str, gender: GenderParam = "T"):
    """Every default-set indicator for one municipality: latest value, trend, association
    mean (computed), county (0014), country (0000), gender split, rank and change — for the
    total or, with ``gender`` K or M, for girls or boys alone (``not_split`` lists the
    indicators that have no such split)."""
    profile = municipality_profile(_municipality(kolada_id), gender=gender)
    years = sorted(profile.fetched_years)
    return {
        "municipality": kolada_id,
        "name": profile.municipality.name,
        "association": profile.association.name if profile.association else None,
        "rank_set": str(RANK_SET_LABEL),
        "method": str(AGGREGATE_METHOD),
        "source": " och ".join(source_names(r.indicator for r in profile.rows) or ["Kolada"])
        + (f", hämtad {', '.join(map(str, years))}" if years else ""),
        "indicators": [_profile_row(r) for r in profile.rows],
        "without_values": [i.code for i in profile.without_values],
        "gender": profile.gender,
        "not_split": [i.code for i in profile.not_split],
    }


def _profile_row(r) -> dict:
    agg = r.association
    return {
        "kpi": r.indicator.code,
        "title": r.indicator.title,
        "source": r.indicator.source_name,
        "period": r.period,
        "value": _m(r.value),
        "women": _m(r.women),
        "men": _m(r.men),
        "association": None
        if agg is None
        else {
            "mean": agg.mean,
            "minimum": agg.minimum,
            "maximum": agg.maximum,
            "members_with_value": agg.count,
            "members": agg.members,
        },
        "county": _m(r.county),
        "country": _m(r.country),
        "rank": None if r.rank is None else {"position": r.rank.position, "out_of": r.rank.out_of},
        "previous_period": r.previous_period,
        "previous": _m(r.previous),
        "improved": r.improved,
        "historical": r.historical,
        "trend": {p: _m(m) for p, m in r.trend},
    }


@router.get("/municipalities/{kolada_id}/similar", response=SimilarOut)
def similar_municipalities_api(request, kolada_id: str, filters: Query[SimilarQuery]):
    """The most similar municipalities on a structural profile (z-scores, Euclidean
    distance) and how they fare on an outcome; Kolada's own fixed groups beside it."""
    municipality = _municipality(kolada_id)
    choices = indicators_with_values()
    by_code = {i.code: i for i in choices}
    wanted = [c.strip().upper() for c in filters.structural.split(",") if c.strip()]
    structural = [by_code[c] for c in wanted if c in by_code] or default_structural(choices)
    outcome = by_code.get(filters.outcome.strip().upper()) or default_outcome(choices, structural)
    result = similar_municipalities(municipality, structural=structural, outcome=outcome)
    return {
        "municipality": kolada_id,
        "name": municipality.name,
        "method": str(METHOD),
        "structural": [
            {"kpi": s.indicator.code, "period": s.period, "mean": s.mean, "stdev": s.stdev} for s in result.structural
        ],
        "outcome": outcome.code if outcome else None,
        "outcome_period": result.outcome_period,
        "own_outcome": _m(result.own_outcome),
        "compared": result.compared,
        "neighbours": [
            {
                "municipality": n.municipality.kolada_id,
                "name": n.municipality.name,
                "association": n.association.name if n.association else None,
                "distance": round(n.distance, 4),
                "alike_on": [i.code for i in n.alike_on],
                "differs_on": [i.code for i in n.differs_on],
                "outcome": _m(n.outcome),
                "better": n.better,
            }
            for n in result.neighbours
        ],
        "kolada_groups": [
            {"id": g.id, "title": g.title, "members": [list(m) for m in g.members]}
            for g in kolada_similar_groups(municipality)
        ],
    }


class RankingRowOut(Schema):
    municipality: str
    name: str
    association: str | None
    rank: RankOut | None
    value: MeasureOut
    women: MeasureOut | None
    men: MeasureOut | None
    previous: MeasureOut
    improved: bool | None


class AssociationAggregateOut(AggregateOut):
    association: str


class RankingOut(Schema):
    kpi: str
    title: str
    source: str
    gender: str
    not_split: bool  # the indicator has values, but none for the gender asked for
    period: int | None
    previous_period: int | None
    periods: list[int]
    rank_set: str
    method: str
    county: MeasureOut
    country: MeasureOut
    associations: list[AssociationAggregateOut]
    rows: list[RankingRowOut]


@router.get("/indicators/{code}/ranking", response=RankingOut)
def indicator_ranking_api(
    request, code: str, period: int | None = None, association: str = "", gender: GenderParam = "T"
):
    """All municipalities ranked on one indicator and year (default: the latest with
    values in ``gender``), best first by the indicator's direction, missing values last;
    ``association`` (slug or Kolada id) keeps only its members' rows, whose rank stays the
    rank among all; the associations' means are the platform's own calculation."""
    indicator = Indicator.objects.filter(code=code.strip().upper()).first()
    if indicator is None:
        raise Http404("Okänt nyckeltal")
    chosen = get_organisation_or_404(association, kind=OrganisationKind.ASSOCIATION) if association else None
    ranking = indicator_ranking(indicator, period=period, association=chosen, gender=gender)
    years = sorted(ranking.fetched_years)
    return {
        "kpi": indicator.code,
        "title": indicator.title,
        "source": indicator.source_name + (f", hämtad {', '.join(map(str, years))}" if years else ""),
        "gender": ranking.gender,
        "not_split": ranking.not_split,
        "period": ranking.period,
        "previous_period": ranking.previous_period,
        "periods": ranking.periods,
        "rank_set": str(RANK_SET_LABEL),
        "method": str(AGGREGATE_METHOD),
        "county": _m(ranking.county),
        "country": _m(ranking.country),
        "associations": [{"association": a.name, **_aggregate(agg)} for a, agg in ranking.aggregates.items()],
        "rows": [
            {
                "municipality": r.municipality.kolada_id,
                "name": r.municipality.name,
                "association": r.association.name if r.association else None,
                "rank": None if r.rank is None else {"position": r.rank.position, "out_of": r.rank.out_of},
                "value": _m(r.value),
                "women": _m(r.women),
                "men": _m(r.men),
                "previous": _m(r.previous),
                "improved": r.improved,
            }
            for r in ranking.rows
        ],
    }


def _aggregate(agg) -> dict:
    return {
        "mean": agg.mean,
        "minimum": agg.minimum,
        "maximum": agg.maximum,
        "members_with_value": agg.count,
        "members": agg.members,
    }


class SeriesOut(Schema):
    area: str  # Kolada id, or the slug of an association (computed from its members)
    name: str
    kind: str  # kommun, forbund, lan, riket
    gender: str
    computed: bool
    values: dict[int, MeasureOut]  # an association's: its mean
    aggregates: dict[int, AggregateOut]  # associations only: mean, min–max, members with a value


class ComparedIndicatorOut(Schema):
    kpi: str
    title: str
    source: str
    periods: list[int]
    not_split: bool  # girls or boys asked for, but the indicator has only totals here
    series: list[SeriesOut]


class ComparisonOut(Schema):
    gender: str
    method: str
    source: str
    indicators: list[ComparedIndicatorOut]


@router.get("/comparison", response=ComparisonOut)
def comparison_api(request, kpi: str, area: str, gender: Literal["T", "K", "M", "alla"] = "T"):
    """The comparison page's twin: ``kpi`` (comma-separated, at most six) over every year for
    ``area`` (comma-separated municipalities, associations, 0014 and 0000, by slug or Kolada
    id; at most twelve), in ``gender`` — T, K, M, or ``alla`` for a series per area and
    gender. An association's series is the platform's own mean of its members."""
    codes = [c.upper() for c in split_ids(kpi)]
    keys = split_ids(area)
    if not codes or not keys:
        raise HttpError(422, "Ange minst ett nyckeltal (kpi) och ett område (area)")
    if len(codes) > MAX_INDICATORS or len(keys) > MAX_AREAS:
        raise HttpError(422, f"Högst {MAX_INDICATORS} nyckeltal och {MAX_AREAS} områden")
    by_code = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in by_code]
    if missing:
        raise Http404(f"Okänt nyckeltal: {', '.join(missing)}")
    areas = [get_organisation_or_404(key) for key in keys]
    result = compare([by_code[c] for c in codes], areas=areas, gender=gender)
    years = sorted(result.fetched_years)
    return {
        "gender": result.gender,
        "method": str(AGGREGATE_METHOD),
        "source": "Kolada" + (f", hämtad {', '.join(map(str, years))}" if years else ""),
        "indicators": [
            {
                "kpi": item.indicator.code,
                "title": item.indicator.title,
                "source": item.indicator.source_name,
                "periods": item.periods,
                "not_split": item.not_split,
                "series": [_series(s, item.periods) for s in item.series],
            }
            for item in result.indicators
        ],
    }


def _series(series, periods) -> dict:
    organisation = series.organisation
    measures = {p: series.measure(p) for p in periods}
    return {
        "area": organisation.kolada_id or organisation.slug,
        "name": organisation.name,
        "kind": series.kind,
        "gender": series.gender,
        "computed": series.computed,
        "values": {p: _m(m) for p, m in measures.items() if m is not None},
        "aggregates": {p: _aggregate(a) for p, a in series.aggregates.items()},
    }
