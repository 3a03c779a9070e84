"""Downloads of a page's figures and tables: ``?format=csv|xlsx|png|svg&chart=<key>`` on the
page's own URL answers with the file instead of the page."""

from django.http import Http404, HttpResponse
from django.utils.text import slugify

from kunskapsnod.indicators import charts
from kunskapsnod.indicators.analysis.common import GENDER_SLUGS
from kunskapsnod.indicators.charts import Figure
from kunskapsnod.indicators.models import Gender

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "svg": "image/svg+xml",
}


def wants_export(request) -> bool:
    return bool(request.GET.get("format"))


def file_name(name: str, key: str, gender: str = Gender.TOTAL) -> str:
    """``name``, the figure's ``key`` and a gender other than the total as one slug, each
    word once: ("N15563", "karta") → "n15563-karta", ("boras-N02797", "trend-N02797", "K")
    → "boras-n02797-trend-flickor"."""
    suffix = "" if gender == Gender.TOTAL else GENDER_SLUGS.get(gender, "")
    words = slugify(f"{name} {key} {suffix}").split("-")
    return "-".join(dict.fromkeys(w for w in words if w))


def export_response(request, figures: list[Figure], *, name: str) -> HttpResponse:
    """The requested download of one of ``figures`` (404 for an unknown format or key)."""
    fmt = request.GET.get("format")
    if fmt not in CONTENT_TYPES or not figures:
        raise Http404("Okänt format")
    key = request.GET.get("chart") or figures[0].key
    figure = next((f for f in figures if f.key == key), None)
    if figure is None or (fmt in ("png", "svg") and not figure.spec):
        raise Http404("Okänt diagram")
    if fmt == "csv":
        body = charts.table_csv(figure.table, credits=figure.credits)
    elif fmt == "xlsx":
        body = charts.table_xlsx(figure.table, source=figure.source, note=figure.computed_note)
    elif fmt == "png":
        body = charts.render_png(charts.with_credits(figure.spec, figure.credits))
    else:
        body = charts.render_svg(charts.with_credits(figure.spec, figure.credits))
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    # An SVG is also the no-JS chart of the page (an <img>); only its download link asks
    # for the file with ``download=1``.
    if fmt != "svg" or request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{file_name(name, figure.key, figure.gender)}.{fmt}"'
    # The rendered file depends only on the query string; let the browser keep it a while.
    response["Cache-Control"] = "private, max-age=600"
    return response
