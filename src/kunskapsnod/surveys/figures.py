"""The results page's charts and downloads. Each counted question is a figure as the
statistics pages draw them (:mod:`kunskapsnod.indicators.charts`): a Vega-Lite spec that the
browser draws with the vendored vega-embed and the server renders to SVG for the page
without JavaScript (an ``<img>``), a table of the same data, and CSV/Excel/PNG/SVG
downloads. Only what :mod:`kunskapsnod.surveys.services.results` let through is drawn.

The whole survey also comes as one Excel workbook (:func:`results_workbook`)."""

import io
import textwrap

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from kunskapsnod.indicators.charts import BASE_CONFIG, COLOURS, LOCALE_EN, TITLE_WRAP, Figure, Table
from kunskapsnod.spreadsheets import xlsx_row
from kunskapsnod.surveys.services import QuestionResult, SurveyResults

SOURCE = gettext_noop("Källa: %(organisation)s, enkät %(year)s (%(count)s svar)")


def source_line(results: SurveyResults) -> str:
    return _(SOURCE) % {"organisation": results.organisation, "year": results.year, "count": results.responses}


def figures(results: SurveyResults) -> list[Figure]:
    """One figure per counted question that has something to show, and one per Likert
    question compared with earlier years."""
    source = source_line(results)
    found = []
    for question in results.questions:
        if question.result.distribution:
            found.append(_distribution_figure(question, source))
        if question.is_likert and any(p.result.mean is not None for p in question.history):
            found.append(_history_figure(question, results.year, source))
    return found


def _distribution_figure(question: QuestionResult, source: str) -> Figure:
    result = question.result
    rows = [{"label": o.label, "count": o.count, "share": o.share} for o in result.distribution]
    summary = _("%(count)s svarade.") % {"count": result.answered}
    if result.mean is not None:
        summary += " " + _("Medelvärde %(mean)s på skalan 1–5.") % {"mean": _decimal(result.mean)}
    table = Table(
        caption=question.text,
        columns=[_("Svar"), _("Antal"), _("Andel (%)")],
        rows=[[r["label"], r["count"], float(r["share"])] for r in rows],
        numeric={1, 2},
        decimals={2: 1},
    )
    spec = _bars(rows, title=question.text, x_title=_("Andel av dem som svarade (%)"))
    key = f"fraga-{question.key}"
    return Figure(key=key, title=question.text, spec=spec, summary=summary, table=table, source=source)


def _history_figure(question: QuestionResult, year: int, source: str) -> Figure:
    points = [(p.year, p.result.mean) for p in question.history] + [(year, question.result.mean)]
    rows = [{"year": str(y), "mean": m} for y, m in points if m is not None]
    table = Table(
        caption=_("%(question)s – medelvärde per år") % {"question": question.text},
        columns=[_("År"), _("Medelvärde (1–5)")],
        rows=[[r["year"], float(r["mean"])] for r in rows],
        numeric={1},
        decimals={1: 2},
    )
    summary = ", ".join(f"{r['year']}: {_decimal(r['mean'])}" for r in rows)
    spec = _year_bars(rows, title=table.caption)
    return Figure(key=f"ar-{question.key}", title=table.caption, spec=spec, summary=summary, table=table, source=source)


def _decimal(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if (get_language() or "sv").startswith("en") else text.replace(".", ",")


def _config() -> dict:
    config = {**BASE_CONFIG}
    if (get_language() or "sv").startswith("en"):
        config["locale"] = LOCALE_EN
    return config


def _chart(rows: list[dict], *, title: str, encoding: dict, width: int, height: int) -> dict:
    """A Vega-Lite bar chart of ``rows`` in the statistics pages' colours and config."""
    return {
        "title": textwrap.wrap(title, TITLE_WRAP),
        "description": title,
        "data": {"values": rows},
        "mark": {"type": "bar", "color": COLOURS["focus"]},
        "encoding": encoding,
        "width": width,
        "height": height,
        "config": _config(),
    }


def _bars(rows: list[dict], *, title: str, x_title: str) -> dict:
    encoding = {
        "y": {"field": "label", "type": "nominal", "sort": None, "title": None, "axis": {"labelLimit": 220}},
        "x": {"field": "share", "type": "quantitative", "title": x_title, "scale": {"domain": [0, 100]}},
        "tooltip": [
            {"field": "label", "type": "nominal", "title": _("Svar")},
            {"field": "count", "type": "quantitative", "title": _("Antal")},
            {"field": "share", "type": "quantitative", "title": _("Andel (%)"), "format": ".1f"},
        ],
    }
    return _chart(rows, title=title, encoding=encoding, width=360, height=max(60, 22 * len(rows)))


def _year_bars(rows: list[dict], *, title: str) -> dict:
    mean = _("Medelvärde (1–5)")
    encoding = {
        "x": {"field": "year", "type": "ordinal", "title": _("År"), "axis": {"labelAngle": 0}},
        "y": {"field": "mean", "type": "quantitative", "title": mean, "scale": {"domain": [0, 5]}},
        "tooltip": [
            {"field": "year", "type": "ordinal", "title": _("År")},
            {"field": "mean", "type": "quantitative", "title": mean, "format": ".2f"},
        ],
    }
    return _chart(rows, title=title, encoding=encoding, width=240, height=160)


def results_workbook(results: SurveyResults) -> bytes:
    """The survey's results as one workbook: a sheet of every question's distribution, one
    of the breakdowns, one of the earlier years and one of the free-text answers. Small
    groups are shown as suppressed, never as numbers."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    hidden = _("färre än %(min)s svar") % {"min": results.min_group_size}
    sheets = {
        _("Resultat"): _distribution_rows(results, hidden),
        _("Per grupp"): _breakdown_rows(results, hidden),
        _("Tidigare år"): _history_rows(results, hidden),
        _("Fritext"): _text_rows(results, hidden),
    }
    for title, (columns, rows) in sheets.items():
        sheet = workbook.create_sheet(title[:31])
        sheet.append(xlsx_row(sheet, [results.title]))
        sheet.append(xlsx_row(sheet, [source_line(results)]))
        sheet.append([])
        sheet.append(xlsx_row(sheet, columns))
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _distribution_rows(results: SurveyResults, hidden: str):
    columns = [_("Fråga"), _("Nyckel"), _("Svar"), _("Antal"), _("Andel (%)"), _("Medelvärde")]
    rows = []
    for q in results.questions:
        if q.result.suppressed:
            rows.append([q.text, q.key, hidden, None, None, None])
        for option in q.result.distribution:
            rows.append([q.text, q.key, option.label, option.count, option.share, q.result.mean])
    return columns, rows


def _breakdown_rows(results: SurveyResults, hidden: str):
    columns = [_("Fråga"), _("Uppdelning"), _("Grupp"), _("Antal svar"), _("Medelvärde")]
    rows = []
    for q in results.questions:
        for breakdown in q.breakdowns:
            for group in breakdown.groups:
                r = group.result
                answered = hidden if r.suppressed else r.answered
                rows.append([q.text, breakdown.by_text, group.label, answered, r.mean])
    return columns, rows


def _history_rows(results: SurveyResults, hidden: str):
    columns = [_("Fråga"), _("År"), _("Antal svar"), _("Medelvärde")]
    rows = []
    for q in results.questions:
        for point in [*q.history]:
            r = point.result
            rows.append([q.text, point.year, hidden if r.suppressed else r.answered, r.mean])
        if q.history:
            rows.append([q.text, results.year, hidden if q.result.suppressed else q.result.answered, q.result.mean])
    return columns, rows


def _text_rows(results: SurveyResults, hidden: str):
    columns = [_("Fråga"), _("Svar")]
    rows = []
    for q in results.questions:
        if q.kind == "fritext":
            rows.extend([q.text, text] for text in q.result.texts)
            if q.result.suppressed:
                rows.append([q.text, hidden])
    return columns, rows
