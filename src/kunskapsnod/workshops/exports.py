"""A workshop's ranked result as files: Excel, a one-page PDF and a PNG of the chart.

Every file names the workshop's title, date, organisation and number of participants, so
that it still says what it is when it lands in a slide deck or a mailbox. The PDF is the
printable page (``workshops/results_print.html``) rendered by WeasyPrint; the chart is a
Vega-Lite spec rendered by vl-convert (both offline, no browser).
"""

import io
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from django.contrib.staticfiles import finders
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kunskapsnod.indicators.charts import render_png
from kunskapsnod.spreadsheets import xlsx_row
from kunskapsnod.workshops.models import Workshop
from kunskapsnod.workshops.services import RankedNote, ranked_results

# The printable page and the PDF hold the top of the list on one page; the Excel file
# holds every row.
PRINT_ROWS = 25
CHART_ROWS = 20
LABEL_WIDTH = 60


@dataclass(frozen=True)
class ResultFile:
    title: str
    date: date
    organisation: str
    participants: int
    dots_per_participant: int
    rows: list[RankedNote]
    limit: int = PRINT_ROWS  # rows on the printed page
    by_theme: bool = False  # sorted by the analysis model's themes: each row names its theme

    @property
    def printed(self) -> list[RankedNote]:
        return self.rows[: self.limit]

    @property
    def not_printed(self) -> int:
        return max(0, len(self.rows) - self.limit)

    @property
    def most_dots(self) -> int:
        return max((row.dots for row in self.rows), default=0) or 1

    def header(self) -> list[tuple[str, object]]:
        header: list[tuple[str, object]] = [
            (_("Workshop"), self.title),
            (_("Datum"), self.date),
            (_("Kommun eller nätverk"), self.organisation),
            (_("Deltagare"), self.participants),
            (_("Pluppar per deltagare"), self.dots_per_participant),
        ]
        if self.by_theme:
            header.append((_("Sorterad efter"), _("tema")))
        return header


def result_file(workshop: Workshop) -> ResultFile:
    return ResultFile(
        title=workshop.title,
        date=timezone.localdate(workshop.created_at),
        organisation=workshop.organisation.name,
        participants=workshop.participants.count(),
        dots_per_participant=workshop.dots_per_participant,
        rows=ranked_results(workshop),
        by_theme=workshop.sorts_by_theme,
    )


def results_xlsx(result: ResultFile) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Resultat"))
    for label, value in result.header():
        sheet.append(xlsx_row(sheet, [label, value]))
    sheet.append([])
    theme = [_("Tema")] if result.by_theme else []
    sheet.append(xlsx_row(sheet, [_("Plats"), _("Lapp"), *theme, _("Pluppar"), _("Delad plats")]))
    for row in result.rows:
        themes = [row.theme] if result.by_theme else []
        sheet.append(xlsx_row(sheet, [row.rank, row.text, *themes, row.dots, _("ja") if row.shared else ""]))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


SUBTITLE = gettext_noop("%(org)s · %(date)s · %(n)s deltagare")


def chart_spec(result: ResultFile) -> dict:
    """A horizontal bar per note, the most dots on top; long notes are cut in the label."""
    rows = result.rows[:CHART_ROWS]
    values = [
        {
            "label": f"{row.rank}. {textwrap.shorten(row.text, LABEL_WIDTH, placeholder=' …')}",
            "dots": row.dots,
            "theme": row.theme,
        }
        for row in rows
    ]
    subtitle = [_(SUBTITLE) % {"org": result.organisation, "date": result.date.isoformat(), "n": result.participants}]
    if len(result.rows) > CHART_ROWS:
        subtitle.append(_("De %(shown)s första av %(n)s lappar.") % {"shown": CHART_ROWS, "n": len(result.rows)})
    encoding: dict = {
        "y": {"field": "label", "type": "nominal", "sort": None, "title": None, "axis": {"labelLimit": 420}},
        "x": {"field": "dots", "type": "quantitative", "title": _("Pluppar"), "axis": {"tickMinStep": 1}},
    }
    if result.by_theme:  # a colour per theme, named in the legend below the bars
        encoding["color"] = {
            "field": "theme",
            "type": "nominal",
            "title": _("Tema"),
            "legend": {"orient": "bottom", "columns": 2, "labelLimit": 300},
        }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": textwrap.wrap(result.title, 70) or "", "subtitle": subtitle, "anchor": "start"},
        "width": 640,
        "height": {"step": 26},
        "padding": {"left": 12, "top": 8, "right": 24, "bottom": 12},
        "background": "#ffffff",
        "data": {"values": values},
        "mark": {"type": "bar", "color": "#1d5c8a"},
        "encoding": encoding,
    }


def results_png(result: ResultFile) -> bytes:
    return render_png(chart_spec(result))


def results_pdf(result: ResultFile, render_html: Callable[[ResultFile], str]) -> bytes:
    """The printable page as a one-page PDF: when the list (long notes, many rows) runs
    over, fewer rows are printed until it fits; the page then says how many are left out
    (the Excel file has them all). Its stylesheet is read from the static files here;
    WeasyPrint fetches nothing else (no network, no files: user text cannot reach out)."""
    from weasyprint import CSS, HTML, URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"WeasyPrint fetches nothing here: {url}")

    stylesheet = CSS(filename=finders.find("workshops/print.css"))
    while True:
        html = HTML(string=render_html(result), base_url="about:blank", url_fetcher=NoFetching())
        document = html.render(stylesheets=[stylesheet])
        if len(document.pages) == 1 or result.limit <= 1:
            return document.write_pdf()
        # Scale down by the overflow, at least one row at a time.
        shorter = min(result.limit - 1, int(min(result.limit, len(result.rows)) / len(document.pages)))
        result = replace(result, limit=max(1, shorter))
