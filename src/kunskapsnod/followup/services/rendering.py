"""The annual report from its inputs: the sentences, the charts (vector SVG, embedded as
data URIs so that the HTML stands alone and WeasyPrint draws them as vectors), the HTML
page and the PDF from the same template."""

from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override

from kunskapsnod.followup.services.sentences import key_figure_sentence
from kunskapsnod.followup.services.svg import bar_chart
from kunskapsnod.indicators import charts
from kunskapsnod.indicators import formatting as fmt

STYLESHEET = "followup/report.css"


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def report_context(inputs: dict) -> dict:
    """What the template shows, computed from the inputs alone."""
    area = inputs["association"]["name"]
    figures = [
        {
            "figure": figure,
            "sentence": sentence,
            "chart": data_uri(_indicator_svg(figure, area)) if figure["association"] else "",
            "table": _figure_table(figure, area),
        }
        for figure, sentence in zip(inputs["indicators"], sentences(inputs), strict=True)
    ]
    plan = inputs["plan"]
    statuses = plan["statuses"]
    context = {
        "inputs": inputs,
        "figures": figures,
        "status_chart": _status_chart(plan["working_status"], statuses) if any(plan["working_status"].values()) else "",
        "group_chart": _group_chart(inputs["events"]["by_group"]) if inputs["events"]["by_group"] else "",
        "survey": _survey_context(inputs["survey"]),
        "status_rows": [(statuses[k], n) for k, n in plan["decided_status"].items()],
        "working_rows": [(statuses[k], n) for k, n in plan["working_status"].items()],
        "decided_rows": [{**r, "status_label": statuses.get(r["status"], _("borttagen"))} for r in plan["decided"]],
    }
    return context


def sentences(inputs: dict) -> list[str]:
    """The key figures' sentences, in the order of ``inputs["indicators"]``."""
    area = inputs["association"]["name"]
    return [key_figure_sentence(figure, area, _("länet")).text for figure in inputs["indicators"]]


def render_report(inputs: dict) -> tuple[str, bytes]:
    """The HTML page and the PDF of a report (Swedish, whatever the request's language)."""
    with override("sv"):
        context = report_context(inputs)
        html = render_to_string("followup/report_document.html", {**context, "stylesheet": _stylesheet_href()})
        printable = render_to_string("followup/report_document.html", {**context, "stylesheet": ""})
    return html, _pdf(printable)


def _pdf(html: str) -> bytes:
    import weasyprint  # type: ignore[import-untyped]

    return weasyprint.HTML(string=html, base_url=None).write_pdf(stylesheets=[_stylesheet()])


@lru_cache(maxsize=1)
def _stylesheet():
    import weasyprint

    return weasyprint.CSS(filename=str(_stylesheet_path()))


def _stylesheet_path() -> Path:
    found = finders.find(STYLESHEET)
    if not found:
        raise FileNotFoundError(STYLESHEET)
    return Path(found if isinstance(found, str) else found[0])


def _stylesheet_href() -> str:
    from django.templatetags.static import static

    return static(STYLESHEET)


# --- Charts and tables --------------------------------------------------------------------


def _indicator_svg(figure: dict, area: str) -> str:
    lines = [
        (area + _(" (medel, beräknat)"), True, figure["association"]),
        (figure.get("county_name") or _("Länet"), False, figure.get("county", {})),
        (_("Riket"), False, figure.get("country", {})),
    ]
    points = [
        {"series": label, "period": int(period), "value": value, "computed": computed}
        for label, computed, values in lines
        for period, value in sorted(values.items())
        if value is not None
    ]
    return charts.render_svg(charts.time_series(points, title=figure["short_title"], unit=fmt.unit(figure["title"])))


def _figure_table(figure: dict, area: str) -> dict:
    periods = sorted({int(p) for key in ("association", "county", "country") for p in figure.get(key, {})})
    rows = []
    for label, key in (
        (area, "association"),
        (figure.get("county_name") or _("Länet"), "county"),
        (_("Riket"), "country"),
    ):
        values = figure.get(key, {})
        rows.append([label, *[fmt.number(values.get(str(p))) for p in periods]])
    return {"periods": periods, "rows": rows}


def _status_chart(counts: dict[str, int], labels: dict[str, str]) -> str:
    rows = [(labels[key], float(n)) for key, n in counts.items()]
    return data_uri(bar_chart(rows, title=_("Aktiviteter efter status")))


def _group_chart(groups: list[list]) -> str:
    rows = [(label, float(count)) for label, count in groups]
    return data_uri(bar_chart(rows, title=_("Deltagare efter aktörsgrupp")))


QUOTES = 10  # free-text answers quoted per question; the survey's own page lists them all


def _with_quotes(question: dict) -> dict:
    texts = question["result"].get("texts") or []
    return {**question, "quotes": texts[:QUOTES], "more_quotes": max(0, len(texts) - QUOTES)}


def _survey_context(survey: dict) -> dict:
    results = survey.get("results")
    if not results:
        return {"available": survey.get("available", False), "results": None, "chart": "", "questions": []}
    questions = [_with_quotes(q) for q in results.get("questions", []) if not q.get("background")]
    means = [
        (q["text"], float(q["result"]["mean"]))
        for q in questions
        if q.get("kind") == "likert" and q["result"].get("mean") is not None
    ]
    chart = data_uri(bar_chart(means, title=_("Medelvärde 1–5 per fråga"), decimals=1, maximum=5)) if means else ""
    return {"available": True, "results": results, "chart": chart, "questions": questions}
