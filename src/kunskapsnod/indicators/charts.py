"""Charts for the statistics pages: Vega-Lite specs built with Altair, plus what every
figure carries (a data table, a one-line summary, the source) and its exports.

The browser renders the spec with the vendored vega-embed (static/indicators/charts.js,
CSP-safe: AST + vega-interpreter, no ``new Function``); without JavaScript the page
shows the same chart as an SVG rendered on the server by vl-convert, fetched from the
page's own URL with ``?format=svg&chart=<key>``. The same URL serves CSV, Excel and PNG.
"""

import csv
import hashlib
import io
import json
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache

import altair as alt
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from kunskapsnod.spreadsheets import csv_text, xlsx_row

# The texts of charts and downloads follow the active language (Swedish unless English was
# chosen): these constants are msgids, translated where they are used.
SOURCE_LABEL = gettext_noop("Källa: Kolada")
COMPUTED_LABEL = gettext_noop("Beräkning: Kunskapsnod")
EXPORT_FORMATS = ("csv", "xlsx", "png", "svg")
# Colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphics).
COLOURS = {
    "focus": "#1a5e8a",
    "other": "#8fb3cc",
    "association": "#b35900",
    "county": "#5b3e96",
    "country": "#2d6a2d",
}
MISSING_FILL = "#d9d9d9"
MISSING_LABEL = gettext_noop("Grå = värde saknas")
LOCALE = {"number": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0kr"]}}
# In English the decimal point (formatting.number does the same for the page's text).
LOCALE_EN = {"number": {**LOCALE["number"], "decimal": "."}}
BASE_CONFIG = {
    "locale": LOCALE,
    "font": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
    "view": {"stroke": None},
    "axis": {"labelFontSize": 12, "titleFontSize": 12},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
}


@dataclass
class Table:
    """The data behind a figure, as a table a screen reader and a spreadsheet can use.
    Cells hold numbers (float/int), text, or None for an empty cell."""

    caption: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    numeric: set[int] = field(default_factory=set)  # column indexes shown right-aligned
    decimals: dict[int, int] = field(default_factory=dict)  # per column, default 1
    # Each row's gender as the pages name it (Totalt, Flickor, Pojkar): a "Kön" column in
    # the downloads (before "Status"), which name the gender wherever the file ends up. The
    # page says it once, in its switch and caption.
    genders: list[str] | None = None

    def export_rows(self) -> tuple[list[str], list[list]]:
        """Columns and rows as the CSV and Excel downloads write them."""
        if self.genders is None:
            return self.columns, self.rows
        status = _("Status")
        at = self.columns.index(status) if status in self.columns else len(self.columns)
        rows = [[*row[:at], gender, *row[at:]] for row, gender in zip(self.rows, self.genders, strict=True)]
        return [*self.columns[:at], _("Kön"), *self.columns[at:]], rows


@dataclass
class Figure:
    """One chart with everything the page needs around it."""

    key: str
    title: str
    spec: dict
    summary: str
    table: Table
    source: str
    computed_note: str = ""
    gender: str = "T"  # T, K, M or "alla": named in the download's file name unless T

    def __post_init__(self):
        # Texts may come as lazy translations (analysis.similar.METHOD): plain strings here,
        # in the request's language, so that every download can write them.
        self.title, self.summary = str(self.title), str(self.summary)
        self.source, self.computed_note = str(self.source), str(self.computed_note)

    @property
    def dom_id(self) -> str:
        return f"vega-spec-{self.key}"

    @property
    def credits(self) -> list[str]:
        """The source lines every download carries: Kolada and its retrieval years, and
        the platform as the author where the figure holds its own computations."""
        computed = _(COMPUTED_LABEL)
        return [self.source] + ([computed] if computed in self.computed_note else [])


def retrieval_label(years: list[int] | set[int], sources=()) -> str:
    """'Källa: Kolada, hämtad 2021 och 2026' for the fetch years of the values shown.
    ``sources``: the indicators shown (or their source names); an own indicator names its
    own source instead of Kolada ('Källa: CAN:s drogvaneundersökning, hämtad 2026')."""
    names = source_names(sources)
    label = _("Källa: %(source)s") % {"source": _and(names)} if names else _(SOURCE_LABEL)
    years = sorted({y for y in years if y})
    if not years:
        return label
    listed = _and([str(y) for y in years]) if len(years) <= 2 else f"{years[0]}–{years[-1]}"
    return _("%(source)s, hämtad %(years)s") % {"source": label, "years": listed}


def _and(words: list[str]) -> str:
    """["a", "b", "c"] → "a, b och c" (in the active language)."""
    if len(words) < 2:
        return "".join(words)
    return _("%(first)s och %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def source_names(sources) -> list[str]:
    """Indicators or names → the distinct source names in order, Kolada first."""
    names = [getattr(s, "source_name", s) for s in sources]
    return sorted(dict.fromkeys(n for n in names if n), key=lambda n: n != "Kolada")


def finish(chart: alt.TopLevelMixin, *, description: str) -> dict:
    """The Vega-Lite dict of an Altair chart with the shared config and a description."""
    spec = chart.properties(description=description).to_dict(validate=False)
    config = spec.get("config", {})
    spec["config"] = {**config, **BASE_CONFIG, "view": {**config.get("view", {}), **BASE_CONFIG["view"]}}
    if (get_language() or "sv").startswith("en"):
        spec["config"]["locale"] = LOCALE_EN
    spec.pop("$schema", None)
    return spec


# Building a chart with Altair costs ~10-50 ms (its classes validate against the schema),
# too much for a page with a dozen charts. So each kind of chart is built with Altair ONCE,
# with placeholder strings and named datasets, cached as JSON, and every request only
# substitutes its title, unit and labels and attaches its rows as top-level ``datasets``.
TITLE, UNIT, SERIES, REF_LABELS, REF_COLOURS = (
    "__TITLE__",
    "__UNIT__",
    "__SERIES__",
    "__REF_LABELS__",
    "__REF_COLOURS__",
)


def _fill(template: str, strings: dict[str, object], datasets: dict[str, list]) -> dict:
    text = template
    for placeholder, value in strings.items():
        text = text.replace(json.dumps(placeholder), json.dumps(value, ensure_ascii=False))
    spec = json.loads(text)
    spec["datasets"] = datasets
    if isinstance(spec.get("title"), str) and len(spec["title"]) > TITLE_WRAP:
        # A long title wraps onto lines instead of being cut: every chart, on the page and
        # downloaded, names its indicator in full.
        spec["title"] = textwrap.wrap(spec["title"], TITLE_WRAP)
    return spec


# --- Chart builders ----------------------------------------------------------------------


def ranking_bars(rows: list[dict], *, title: str, unit: str, references: list[dict], focus: set[str]) -> dict:
    """Horizontal bars in the given order; ``rows``: {name, value, rank}; ``references``:
    {label, value, kind} drawn as vertical rules (association mean, county, country)."""
    data = [{**r, "focus": r["name"] in focus} for r in rows if r["value"] is not None]
    refs = [r for r in references if r["value"] is not None]
    spec = _fill(
        _ranking_template(bool(refs), get_language()),
        {
            TITLE: title,
            UNIT: unit,
            REF_LABELS: [r["label"] for r in refs],
            REF_COLOURS: [COLOURS[r["kind"]] for r in refs],
        },
        {"bars": data, "refs": refs},
    )
    spec["height"] = max(120, 18 * len(data))
    return spec


@lru_cache(maxsize=8)
def _ranking_template(with_references: bool, language: str) -> str:
    base = alt.Chart(alt.Data(name="bars")).encode(
        y=alt.Y("name:N", sort=None, title=None, axis=alt.Axis(labelLimit=160)),
        x=alt.X("value:Q", title=UNIT),
    )
    bars = base.mark_bar().encode(
        color=alt.condition("datum.focus", alt.value(COLOURS["focus"]), alt.value(COLOURS["other"])),
        tooltip=[
            alt.Tooltip("name:N", title=_("Område")),
            alt.Tooltip("value:Q", title=UNIT, format=".1f"),
            alt.Tooltip("rank:Q", title=_("Rang")),
        ],
    )
    layers = [bars]
    if with_references:
        layers.append(
            alt.Chart(alt.Data(name="refs"))
            .mark_rule(strokeWidth=2, strokeDash=[6, 3])
            .encode(
                x="value:Q",
                color=alt.Color(
                    "label:N",
                    title=_("Referens"),
                    legend=alt.Legend(labelLimit=320, direction="vertical"),
                    scale=alt.Scale(domain=[REF_LABELS], range=[REF_COLOURS]),
                ),
                tooltip=[
                    alt.Tooltip("label:N", title=_("Referens")),
                    alt.Tooltip("value:Q", title=UNIT, format=".1f"),
                ],
            )
        )
    chart = alt.layer(*layers).properties(title=TITLE, width=420, height=120)
    return _unwrap_lists(json.dumps(finish(chart, description=TITLE), ensure_ascii=False))


def _unwrap_lists(text: str) -> str:
    """["__X__"] → "__X__", so that a whole list can be substituted for the placeholder."""
    for placeholder in (SERIES, REF_LABELS, REF_COLOURS):
        text = text.replace(json.dumps([placeholder]), json.dumps(placeholder))
    return text


def time_series(points: list[dict], *, title: str, unit: str) -> dict:
    """Lines over years; ``points``: {series, period, value, computed}. Computed series
    (the platform's own means) are dashed so they never pass for Kolada's."""
    data = [p for p in points if p["value"] is not None]
    series = list(dict.fromkeys(p["series"] for p in points))
    return _fill(_time_series_template(get_language()), {TITLE: title, UNIT: unit, SERIES: series}, {"points": data})


@lru_cache(maxsize=4)
def _time_series_template(language: str) -> str:
    chart = (
        alt.Chart(alt.Data(name="points"))
        .mark_line(point=True)
        .encode(
            x=alt.X("period:O", title=_("År"), axis=alt.Axis(labelAngle=0, labelOverlap=True)),
            y=alt.Y("value:Q", title=UNIT, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "series:N",
                title=None,
                sort=[SERIES],
                scale=alt.Scale(scheme="dark2"),
                # One series a row: in two columns a long name ("Boråsregionen Sjuhärad
                # (medel, beräknat)") ran into the next, the renderer's font being wider
                # than the width the layout measured.
                legend=alt.Legend(labelLimit=480, direction="vertical", columns=1),
            ),
            strokeDash=alt.StrokeDash(
                "computed:N", legend=None, scale=alt.Scale(domain=[False, True], range=[[1, 0], [5, 3]])
            ),
            tooltip=[
                alt.Tooltip("series:N", title=_("Område")),
                alt.Tooltip("period:O", title=_("År")),
                alt.Tooltip("value:Q", title=UNIT, format=".1f"),
            ],
        )
        .properties(title=TITLE, width=520, height=260)
    )
    return _unwrap_lists(json.dumps(finish(chart, description=TITLE), ensure_ascii=False))


# One line per gender: the gender is drawn as a dash pattern and a point shape, and with a
# single area also as the colour, so that colour is never the only cue. The genders as the
# pages name them (analysis.common.gender_label), in the active language.
GENDER_ORDER = [gettext_noop("Totalt"), gettext_noop("Flickor"), gettext_noop("Pojkar")]
GENDER_COLOURS = [COLOURS["focus"], COLOURS["association"], COLOURS["county"]]
GENDER_DASHES = [[1, 0], [7, 3], [2, 2]]
GENDER_SHAPES = ["circle", "square", "triangle-up"]


def gender_series(points: list[dict], *, title: str, unit: str) -> dict:
    """Lines over years, one per area and gender; ``points``: {series, gender, period,
    value}, ``gender`` as the pages name it (Totalt, Flickor, Pojkar). With one area the
    colour follows the gender, with several it tells the areas apart."""
    data = [p for p in points if p["value"] is not None]
    series = list(dict.fromkeys(p["series"] for p in points))
    return _fill(
        _gender_series_template(len(series) <= 1, get_language()),
        {TITLE: title, UNIT: unit, SERIES: series},
        {"points": data},
    )


@lru_cache(maxsize=8)
def _gender_series_template(one_area: bool, language: str) -> str:
    gender_scale = {"domain": [_(g) for g in GENDER_ORDER]}
    legend = alt.Legend(labelLimit=320, symbolStrokeWidth=2, symbolSize=120)
    colour = (
        alt.Color("gender:N", title=_("Kön"), scale=alt.Scale(**gender_scale, range=GENDER_COLOURS), legend=legend)
        if one_area
        else alt.Color(
            "series:N",
            title=None,
            sort=[SERIES],
            scale=alt.Scale(scheme="dark2"),
            legend=alt.Legend(labelLimit=320, columns=2),
        )
    )
    base = alt.Chart(alt.Data(name="points")).encode(
        x=alt.X("period:O", title=_("År"), axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        y=alt.Y("value:Q", title=UNIT, scale=alt.Scale(zero=False)),
        color=colour,
        detail="series:N",
        tooltip=[
            alt.Tooltip("series:N", title=_("Område")),
            alt.Tooltip("gender:N", title=_("Kön")),
            alt.Tooltip("period:O", title=_("År")),
            alt.Tooltip("value:Q", title=UNIT, format=".1f"),
        ],
    )
    lines = base.mark_line(strokeWidth=2).encode(
        strokeDash=alt.StrokeDash("gender:N", title=_("Kön"), scale=alt.Scale(**gender_scale, range=GENDER_DASHES))
    )
    points = base.mark_point(filled=True, size=50).encode(
        shape=alt.Shape("gender:N", title=_("Kön"), scale=alt.Scale(**gender_scale, range=GENDER_SHAPES))
    )
    chart = alt.layer(lines, points).properties(title=TITLE, width=520, height=260)
    return _unwrap_lists(json.dumps(finish(chart, description=TITLE), ensure_ascii=False))


def choropleth(features: list[dict], *, title: str, unit: str, higher_is_better: bool | None) -> dict:
    """Municipality shapes coloured by ``properties.value`` (grey where missing) with the
    association outlines drawn on top; ``features`` are GeoJSON features (data/geo)."""
    municipalities = [f for f in features if f["properties"]["kind"] == "kommun"]
    outlines = [f for f in features if f["properties"]["kind"] == "forbund"]
    scheme = "blues" if higher_is_better is not False else "oranges"
    return _fill(
        _choropleth_template(scheme, get_language()),
        {TITLE: title, UNIT: unit},
        {"municipalities": municipalities, "outlines": outlines},
    )


@lru_cache(maxsize=8)
def _choropleth_template(scheme: str, language: str) -> str:
    missing_label = _(MISSING_LABEL)
    tooltip = [
        alt.Tooltip("properties.name:N", title=_("Kommun")),
        alt.Tooltip("properties.display:N", title=UNIT),
    ]
    base = alt.Chart(alt.Data(name="municipalities"))
    # Missing values: a grey layer underneath, the coloured layer only where a value exists
    # (a null in a colour scale would otherwise be dropped or drawn as the lowest colour).
    # Its own legend entry ("grå = värde saknas") through the fill channel, so that it does
    # not share the quantitative colour scale of the values.
    missing = (
        base.transform_calculate(missing=json.dumps(missing_label, ensure_ascii=False))
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.5)
        .encode(
            fill=alt.Fill(
                "missing:N",
                title=None,
                scale=alt.Scale(domain=[missing_label], range=[MISSING_FILL]),
                legend=alt.Legend(orient="right", symbolType="square"),
            ),
            tooltip=tooltip,
        )
    )
    shapes = (
        base.transform_filter("isValid(datum.properties.value)")
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.5)
        .encode(
            color=alt.Color(
                "properties.value:Q",
                title=UNIT,
                scale=alt.Scale(scheme=scheme),
                legend=alt.Legend(orient="right", format=".1f"),
            ),
            tooltip=tooltip,
        )
    )
    borders = (
        alt.Chart(alt.Data(name="outlines"))
        .mark_geoshape(filled=False, stroke="#222222", strokeWidth=1.6)
        .encode(tooltip=[alt.Tooltip("properties.name:N", title=_("Kommunalförbund"))])
    )
    chart = alt.layer(missing, shapes, borders).project(type="mercator").properties(title=TITLE, width=460, height=520)
    return json.dumps(finish(chart, description=TITLE), ensure_ascii=False)


# --- Rendering and export ----------------------------------------------------------------


# Server-rendered charts: vl-convert measures text with its own fonts, while a browser
# showing the SVG (the no-JS fallback) draws it with the page's, often wider ones. The
# title is wrapped instead of running past the chart, and the margins leave room for text
# up to a third wider than measured.
TITLE_WRAP = 55
SERVER_PADDING = {"left": 12, "top": 8, "right": 72, "bottom": 12}


def with_credits(spec: dict, lines: list[str]) -> dict:
    """A copy of ``spec`` for rendering on the server: its title wrapped and carrying
    ``lines`` as a subtitle, so that a downloaded PNG/SVG names its source wherever it ends
    up (a slide, a report)."""
    title = spec.get("title", "")
    text = title.get("text", "") if isinstance(title, dict) else title
    text = " ".join(text) if isinstance(text, list) else text
    return {
        **spec,
        "padding": SERVER_PADDING,
        "title": {
            "text": textwrap.wrap(text, TITLE_WRAP) or "",
            "subtitle": [f"{line}." for line in lines],
            "subtitleColor": "#555555",
            "subtitleFontSize": 11,
            "anchor": "start",
        },
    }


def _spec_key(spec: dict) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()


@lru_cache(maxsize=256)
def _render(kind: str, key: str, spec_json: str) -> bytes | str:
    import vl_convert as vlc  # imported lazily: only the export/fallback requests need it

    spec = json.loads(spec_json)
    if kind == "png":
        return vlc.vegalite_to_png(spec, scale=2)
    return vlc.vegalite_to_svg(spec)


def render_svg(spec: dict) -> str:
    """Server-side SVG of a Vega-Lite spec (no-JS fallback, downloads, PDFs)."""
    return _render("svg", _spec_key(spec), json.dumps(spec))


def render_png(spec: dict) -> bytes:
    return _render("png", _spec_key(spec), json.dumps(spec))


def table_csv(table: Table, *, credits: list[str] = ()) -> bytes:
    """CSV as Swedish Excel reads it: semicolon, decimal comma, UTF-8 with BOM.

    The source goes below the data as in the Excel export: one empty row, then one row per
    line ("Källa: Kolada, hämtad …", "Beräkning: Kunskapsnod") in the first column. These
    files are reports, not an import format; a reader that wants only the data stops at the
    first empty row."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    columns, rows = table.export_rows()
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    if credits:
        writer.writerow([])
        for line in credits:
            writer.writerow([csv_text(line)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return f"{cell:.6g}".replace(".", ",")
    return csv_text(str(cell))


def table_xlsx(table: Table, *, source: str, note: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    columns, rows = table.export_rows()
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    sheet.append([])
    for line in (table.caption, source, *([note] if note else [])):
        sheet.append(xlsx_row(sheet, [line]))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
