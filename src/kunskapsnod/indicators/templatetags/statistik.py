"""Template filters for the statistics pages: Swedish numbers, missing values, sparklines
and export links."""

import html

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from kunskapsnod.indicators import formatting

register = template.Library()

register.filter("measure", formatting.measure)
register.filter("number", formatting.number)
register.filter("signed", formatting.signed)
register.filter("rank", formatting.rank)
register.filter("improved", formatting.improved)
register.filter("theme", formatting.theme)


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


@register.simple_tag
def data_table(table):
    """A figure's data as an accessible table (caption, column headers, row headers). Built in
    Python with the standard library's escaping: pages with dozens of such tables render
    them many times faster than a template loop would."""
    numeric, decimals = table.numeric, table.decimals
    # The status column is empty where nothing is missing (a dash there would read as a value).
    status = table.columns.index("Status") if "Status" in table.columns else None

    def td(i, value, tag="td", scope=""):
        attrs = (f' scope="{scope}"' if scope else "") + (' class="num"' if i in numeric else "")
        text = (value or "") if i == status else cell(value, decimals.get(i, 1))
        return f"<{tag}{attrs}>{html.escape(str(text), quote=False)}</{tag}>"

    head = "".join(td(i, c, "th", "col") for i, c in enumerate(table.columns))
    body = "\n".join(
        "<tr>" + td(-1, row[0], "th", "row") + "".join(td(i, v) for i, v in enumerate(row[1:], start=1)) + "</tr>"
        for row in table.rows
        if row
    )
    caption = html.escape(table.caption, quote=False)
    return mark_safe(  # noqa: S308 - every text above went through html.escape
        f'<div class="table-scroll"><table><caption>{caption}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )
