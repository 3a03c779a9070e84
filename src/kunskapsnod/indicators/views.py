"""Statistics pages: read-only views over ``indicators.analysis``. Each page answers
``?format=csv|xlsx|png|svg&chart=<key>`` with a download of one of its figures."""

from functools import wraps

from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from kunskapsnod.indicators import charts, figures
from kunskapsnod.indicators.analysis.common import AGGREGATE_METHOD, ALL_GENDERS, RANK_SET_LABEL, AreaSets
from kunskapsnod.indicators.analysis.comparison import MAX_INDICATORS, compare
from kunskapsnod.indicators.analysis.maps import map_features
from kunskapsnod.indicators.analysis.profile import municipality_profile
from kunskapsnod.indicators.analysis.ranking import available_periods, indicator_ranking, sort_rows
from kunskapsnod.indicators.analysis.similar import (
    METHOD,
    default_outcome,
    default_structural,
    indicators_with_values,
    kolada_similar_groups,
    similar_municipalities,
)
from kunskapsnod.indicators.defaults import home_of, most_covered_period
from kunskapsnod.indicators.exports import export_response, wants_export
from kunskapsnod.indicators.formatting import measure
from kunskapsnod.indicators.forms import CompareForm, GenderForm, MunicipalityChoiceForm, RankingForm, SimilarForm
from kunskapsnod.indicators.missing import missing_values
from kunskapsnod.indicators.models import Gender, Indicator, Value
from kunskapsnod.regions.models import Organisation, OrganisationKind
from kunskapsnod.regions.permissions import get_organisation_or_404


def _municipality(key: str) -> Organisation:
    # Statistics are public: everyone who may read statistics reads every municipality's.
    # ``key`` is a slug or a Kolada id, as in Kolada's own links (/kommun/1490/).
    return get_organisation_or_404(key, kind=OrganisationKind.MUNICIPALITY)


def municipality_page(view):
    """A page under /kommun/<key>/: ``key`` is a slug or a Kolada id. The Kolada id answers
    with a temporary redirect (302) to the same page under the slug, filters kept, so every
    page has one address to share and cite; temporary, because a slug can be renamed while
    the Kolada id stays, and a cached permanent redirect would outlive the rename."""

    @wraps(view)
    def wrapper(request, slug, **kwargs):
        municipality = _municipality(slug)
        if slug != municipality.slug:
            url = reverse(request.resolver_match.view_name, kwargs={**kwargs, "slug": municipality.slug})
            query = request.META.get("QUERY_STRING", "")
            return redirect(f"{url}?{query}" if query else url)
        return view(request, municipality, **kwargs)

    return wrapper


def _indicator(code: str) -> Indicator:
    return get_object_or_404(Indicator, code=code.upper())


def index(request):
    with_values, home = indicators_with_values(), home_of(request.user)
    indicators, with_ids = list(Indicator.objects.default_set()), {i.pk for i in with_values}
    context = {
        "indicators": indicators,
        "with_values": with_ids,
        "missing": missing_values(request.user, [i for i in indicators if i.pk not in with_ids]),
        "chooser": MunicipalityChoiceForm(initial={"kommun": _home_municipality(home)}),
    }
    return render(request, "indicators/index.html", context)


def choose_municipality(request):
    form = MunicipalityChoiceForm(request.GET)
    if not form.is_valid():
        return redirect("indicators:index")
    return redirect("indicators:profile", slug=form.cleaned_data["kommun"].slug)


@municipality_page
def profile(request, municipality):
    gender_form = GenderForm(request.GET or None)
    profile = municipality_profile(municipality, gender=gender_form.gender)
    source = charts.retrieval_label(profile.fetched_years, [r.indicator for r in profile.rows])
    if wants_export(request):
        table = figures.profile_table(profile)
        summary = figures.Figure("nyckeltal", table.caption, {}, "", table, source, gender=profile.gender)
        return export_response(request, [summary], name=profile.municipality.slug)
    context = {
        "profile": profile,
        "gender_form": gender_form,
        "rank_set": RANK_SET_LABEL,
        "method": AGGREGATE_METHOD,
        "source": source,
        "compare_query": _compare_query(profile),
        "missing": missing_values(
            request.user,
            profile.without_values,
            areas=[profile.municipality.kolada_id or profile.municipality.slug],
            where=gettext("för %(name)s") % {"name": profile.municipality.name},
        ),
    }
    return render(request, "indicators/profile.html", context)


def _compare_query(profile) -> str:
    """The comparison over time of this municipality, its association, the county and the
    country, for the default set's current indicators that have a value here."""
    query = QueryDict(mutable=True)
    codes = [r.indicator.code for r in profile.rows if not r.historical and r.value.number is not None]
    query.setlist("nyckeltal", codes[:MAX_INDICATORS])
    query["kommun"] = profile.municipality.slug
    if profile.association:
        query["forbund"] = profile.association.slug
    query["lan"] = query["riket"] = "on"
    if profile.gender != Gender.TOTAL:
        query["kon"] = profile.gender
    return query.urlencode()


@municipality_page
def profile_indicator(request, municipality, code):
    """One indicator of a municipality over time: chart, table, summary and downloads."""
    indicator, gender_form = _indicator(code), GenderForm(request.GET or None, allow_all=True)
    per_gender = gender_form.gender == ALL_GENDERS  # one line per gender; the facts in total
    gender = Gender.TOTAL if per_gender else gender_form.gender
    profile = municipality_profile(municipality, indicators=[indicator], gender=gender, full_trends=True)
    row = profile.rows[0] if profile.rows else None
    draw = figures.profile_gender_trend if per_gender else figures.profile_trend
    figure = draw(profile, row) if row else None
    if wants_export(request):
        return export_response(request, [figure] if figure else [], name=f"{municipality.slug}-{indicator.code}")
    context = {
        "profile": profile,
        "indicator": indicator,
        "row": row,
        "figure": figure,
        "rank_set": RANK_SET_LABEL,
        "gender_form": gender_form,
        "not_split": bool(profile.not_split) or (per_gender and row is not None and len(row.gender_trends) < 2),
    }
    return render(request, "indicators/profile_indicator.html", context)


def indicator_detail(request, code):
    indicator, areas = _indicator(code), AreaSets()
    periods = available_periods(indicator)
    form = RankingForm(request.GET or None, periods=periods)
    gender = form.value("kon", Gender.TOTAL)
    period = form.value("year") or _opening_year(form, indicator, gender)
    ranking = indicator_ranking(indicator, period=period, association=form.value("forbund"), areas=areas, gender=gender)
    sort, direction = form.value("sort", "rank"), form.value("dir", "asc")
    ranking.rows = sort_rows(ranking.rows, sort, descending=direction == "desc")
    chosen = form.value("kommun") or _default_series(request.user, ranking)
    _show_choice(form, "kommun", [a.slug for a in chosen if a.is_municipality])
    bars = figures.ranking_figure(ranking, focus={m.name for m in chosen})
    series = compare([indicator], areas=[*chosen, *_references(areas)], area_sets=areas, gender=gender)
    timeline = figures.comparison_figure(series.indicators[0], series.fetched_years, gender)
    if wants_export(request):
        return export_response(request, [bars, timeline], name=indicator.code)
    context = {
        "indicator": indicator,
        "ranking": ranking,
        "form": form,
        "bars": bars,
        "timeline": timeline,
        "sort": sort,
        "dir": direction,
        "rank_set": RANK_SET_LABEL,
        "method": AGGREGATE_METHOD,
        "missing": missing_values(request.user, [] if periods else [indicator]),
    }
    return render(request, "indicators/indicator_detail.html", context)


def indicator_map(request, code):
    indicator = _indicator(code)
    periods = available_periods(indicator)
    form = RankingForm(request.GET or None, periods=periods, with_municipalities=False)
    gender = form.value("kon", Gender.TOTAL)
    period = form.value("year") or _opening_year(form, indicator, gender)
    ranking = indicator_ranking(indicator, period=period, association=form.value("forbund"), gender=gender)
    figure = figures.map_figure(ranking, map_features(ranking, measure))
    if wants_export(request):
        return export_response(request, [figure], name=f"{indicator.code}-karta")
    return render(
        request,
        "indicators/indicator_map.html",
        {
            "indicator": indicator,
            "ranking": ranking,
            "form": form,
            "figure": figure,
            "missing": missing_values(request.user, [] if periods else [indicator]),
        },
    )


def comparison(request):
    choices = indicators_with_values()
    form = CompareForm(_comparison_data(request, choices), indicators=choices)
    result, comparison_figures = None, []
    if form.is_bound and form.is_valid() and form.cleaned_data["nyckeltal"]:
        areas = _compare_areas(form.cleaned_data)
        chosen = [i for i in choices if i.code in form.cleaned_data["nyckeltal"]]
        gender = form.cleaned_data["kon"]
        result = compare(chosen, areas=areas, gender=gender)
        # An indicator without girls' or boys' values gets its notice, not an empty chart.
        shown = [i for i in result.indicators if not (i.not_split and gender in (Gender.WOMEN, Gender.MEN))]
        comparison_figures = [figures.comparison_figure(item, result.fetched_years, gender) for item in shown]
    if wants_export(request):
        return export_response(request, comparison_figures, name="jamforelse")
    return render(
        request,
        "indicators/comparison.html",
        {"form": form, "result": result, "figures": comparison_figures, "method": AGGREGATE_METHOD},
    )


@municipality_page
def similar(request, municipality):
    choices = indicators_with_values()
    form = SimilarForm(request.GET or None, indicators=choices)
    by_code = {i.code: i for i in choices}
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    structural = [by_code[c] for c in data.get("struktur", [])] or default_structural(choices)
    outcome = by_code.get(data.get("utfall")) or default_outcome(choices, structural)
    if not form.is_bound:  # show the defaults that were used as the form's choices
        form.initial = {"struktur": [i.code for i in structural], "utfall": outcome.code if outcome else None}
    result = similar_municipalities(municipality, structural=structural, outcome=outcome)
    table = figures.similarity_table(result)
    source = figures.charts.retrieval_label(result.fetched_years, [*structural, *([outcome] if outcome else [])])
    if wants_export(request):
        figure = figures.Figure("liknande", table.caption, {}, "", table, source, METHOD)
        return export_response(request, [figure], name=f"{municipality.slug}-liknande")
    context = {
        "municipality": municipality,
        "result": result,
        "form": form,
        "table": table,
        "method": METHOD,
        "kolada_groups": kolada_similar_groups(municipality),
        "source": source,
    }
    return render(request, "indicators/similar.html", context)


def _opening_year(form, indicator, gender=Gender.TOTAL) -> int | None:
    """The year a ranking or map opens on (the newest that most municipalities have), shown
    as the year picker's choice."""
    period = most_covered_period(indicator, gender)
    if period is not None:
        _show_choice(form, "year", [str(period)])
    return period


def _show_choice(form, name: str, values: list[str]) -> None:
    """A filter the user left out shows what the page draws in its place (the default),
    whether or not other filters were chosen."""
    if not form.is_bound:
        form.fields[name].initial = values
    elif name not in form.data:
        data = form.data.copy()
        data.setlist(name, values)
        form.data = data


def _home_municipality(home) -> str | None:
    """The profile picker's choice: the user's municipality, or the first member of a node
    staff member's association; nothing (the list's first) for everyone else."""
    if home.municipality or not home.association:
        return home.municipality.slug if home.municipality else None
    first = Organisation.objects.municipalities().filter(association_links__association=home.association).first()
    return first.slug if first else None


def _default_series(user, ranking) -> list[Organisation]:
    """The trend's first lines (the county and the country are always added): the user's
    municipality and its association; node staff their association; everyone else the
    best and the weakest ranked."""
    home = home_of(user)
    if home.municipality or home.association:
        return [a for a in (home.municipality, home.association) if a]
    ranked = sorted((r for r in ranking.rows if r.rank), key=lambda r: r.rank.position)
    return [r.municipality for r in (ranked[:1] + ranked[-1:])] if ranked else []


COMPARE_FIELDS = ("nyckeltal", "kommun", "forbund", "lan", "riket")


def _comparison_data(request, choices) -> QueryDict:
    """The comparison's filters; before the user has chosen any, where they start: the
    default set's current indicators (those with a value for the user's municipality), the
    user's municipality and association (node staff: their association; everyone else: all
    four associations), the county and the country."""
    if any(name in request.GET for name in COMPARE_FIELDS):
        return request.GET
    home = home_of(request.user)
    current = [i for i in choices if not i.is_discontinued]
    if home.municipality:
        measured = set(
            Value.objects.filter(area=home.municipality, indicator__in=current)
            .with_value()
            .values_list("indicator_id", flat=True)
        )
        current = [i for i in current if i.pk in measured] or current
    query = request.GET.copy()  # keeps ?format= and ?chart= of a download
    query.setlist("nyckeltal", [i.code for i in current[:MAX_INDICATORS]])
    if home.municipality:
        query["kommun"] = home.municipality.slug
    associations = [home.association] if home.association else Organisation.objects.associations()
    query.setlist("forbund", [a.slug for a in associations if a])
    query["lan"] = query["riket"] = "on"
    return query


def _references(areas: AreaSets) -> list[Organisation]:
    return [areas.references[k] for k in ("0014", "0000") if k in areas.references]


def _compare_areas(data) -> list[Organisation]:
    areas = [*data.get("kommun", []), *data.get("forbund", [])]
    refs = AreaSets().references
    if data.get("lan") and "0014" in refs:
        areas.append(refs["0014"])
    if data.get("riket") and "0000" in refs:
        areas.append(refs["0000"])
    return areas
