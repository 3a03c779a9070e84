"""Template filters for the statistics pages: Swedish numbers, missing values, sparklines
and export links."""

import html
import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from kunskapsnod.indicators import formatting

register = template.Library()

register.filter("measure", formatting.measure)
register.filter("number", formatting.number)
register.filter("signed", formatting.signed)
register.filter("rank", formatting.rank)
register.filter("improved", formatting.improved)
register.filter("theme", formatting.theme)
register.filter("short_title", formatting.short_title)


@register.simple_tag
def rank_badge(rank, short=False):
    """A rank in its Kolada colour band, with a shape (▲ ● ▼) and, for screen readers,
    the band in words: colour is never the only signal. ``short`` shows only the position
    (the ranking table, where "av N" is said once above it)."""
    if rank is None:
        return formatting.DASH
    text = str(rank.position) if short else formatting.rank(rank)
    band = formatting.rank_band(rank)
    if band is None:
        return text
    return format_html(
        '<span class="rank rank-{}"><span class="rank-symbol" aria-hidden="true">{}</span> {}'
        '<span class="visually-hidden">, {}</span></span>',
        band.key,
        band.symbol,
        text,
        band.label,
    )


@register.filter
def minus(measure, other):
    """The change from ``other`` to ``measure`` (two Measures), or None if either is missing."""
    if measure is None or other is None or measure.number is None or other.number is None:
        return None
    return measure.number - other.number


@register.filter
def cell(value, decimals=1):
    """A table cell from a Table row: numbers in Swedish, empty as "–"."""
    if value is None or value == "":
        return formatting.DASH
    if isinstance(value, float):
        return formatting.number(value, decimals)
    return value


@register.filter
def sparkline(trend, size="96x24"):
    """A tiny inline SVG line of a trend [(period, Measure)], hidden from assistive technology:
    the table beside it carries the numbers. Gaps (missing years) break the line."""
    width, height = (int(n) for n in size.split("x"))
    points = [(p, m.number) for p, m in trend]
    numbers = [v for _p, v in points if v is not None]
    if len(numbers) < 2:
        return ""
    low, high = min(numbers), max(numbers)
    first, last = points[0][0], points[-1][0]
    span_x, span_y = max(last - first, 1), (high - low) or 1.0

    def xy(p, v):
        return f"{2 + (p - first) / span_x * (width - 4):.1f},{height - 2 - (v - low) / span_y * (height - 4):.1f}"

    segments, current = [], []
    for p, v in points:
        if v is None:
            segments, current = segments + [current] if current else segments, []
        else:
            current.append(xy(p, v))
    segments += [current] if current else []
    lines = "".join(f'<polyline class="trend-line" points="{" ".join(s)}"/>' for s in segments)
    dot = xy(*next((p, v) for p, v in reversed(points) if v is not None)).split(",")
    return mark_safe(  # noqa: S308 - only numbers formatted above go into the markup
        f'<svg class="sparkline" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-hidden="true" focusable="false">{lines}'
        f'<circle class="trend-dot" cx="{dot[0]}" cy="{dot[1]}" r="2"/></svg>'
    )


@register.simple_tag(takes_context=True)
def export_url(context, fmt, key="", download=False):
    """This page's URL with its filters, asking for ``fmt`` of figure ``key`` (as a file to
    save when ``download``: an SVG is otherwise served to show inline)."""
    query = context["request"].GET.copy()
    query["format"] = fmt
    if key:
        query["chart"] = key
    else:
        query.pop("chart", None)
    if download:
        query["download"] = "1"
    else:
        query.pop("download", None)
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def sort_url(context, key):
    """Header link that sorts a table by ``key``; a second click reverses the order."""
    query = context["request"].GET.copy()
    current, descending = query.get("sort", "rank"), query.get("dir") == "desc"
    query["sort"] = key
    query["dir"] = "asc" if current == key and descending else ("desc" if current == key else "asc")
    query.pop("format", None)
    return "?" + query.urlencode()


@register.simple_tag
def change_class(flag):
    return {True: "better", False: "worse"}.get(flag, "")


@register.simple_tag
def aria_sort(current, direction, key):
    if current != key:
        return ""
    return format_html(' aria-sort="{}"', "descending" if direction == "desc" else "ascending")


YEAR = re.compile(r"\d{4}")


def _newest_first(columns: list) -> list[int]:
    """Column order for the page: year columns newest first, where the key numbers are
    seen without scrolling (downloads keep the years in time order)."""
    order = list(range(len(columns)))
    years = [i for i, c in enumerate(columns) if YEAR.fullmatch(str(c))]
    for position, index in zip(years, sorted(years, key=lambda i: str(columns[i]), reverse=True), strict=True):
        order[position] = index
    return order


@register.simple_tag
def data_table(table):
    """A figure's data as an accessible table (caption, column headers, row headers) in a
    keyboard-focusable scroll region, its first column sticky and its years newest first.
    Built in Python with the standard library's escaping: pages with dozens of such tables
    render them many times faster than a template loop would."""
    numeric, decimals = table.numeric, table.decimals
    # The status column is empty where nothing is missing (a dash there would read as a value).
    status_column = gettext("Status")  # as figures.py names it, in the active language
    status = table.columns.index(status_column) if status_column in table.columns else None
    order = _newest_first(table.columns)
    if status is not None and not any(len(row) > status and row[status] for row in table.rows):
        order.remove(status)  # nothing missing anywhere: a column of blanks says nothing

    def td(i, value, tag="td", scope=""):
        attrs = (f' scope="{scope}"' if scope else "") + (' class="num"' if i in numeric else "")
        text = (value or "") if i == status else cell(value, decimals.get(i, 1))
        return f"<{tag}{attrs}>{html.escape(str(text), quote=False)}</{tag}>"

    head = "".join(td(i, table.columns[i], "th", "col") for i in order)
    body = "\n".join(
        "<tr>" + td(-1, row[0], "th", "row") + "".join(td(i, row[i]) for i in order[1:] if i < len(row)) + "</tr>"
        for row in table.rows
        if row
    )
    caption = html.escape(table.caption, quote=False)
    label = html.escape(table.caption, quote=True)
    return mark_safe(  # noqa: S308 - every text above went through html.escape
        f'<div class="table-scroll" tabindex="0" role="region" aria-label="{label}"><table class="sticky-first">'
        f"<caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )
