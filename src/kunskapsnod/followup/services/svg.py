"""Small vector bar charts for the report's counts (activities by status, participants by
actor group, survey means), drawn as SVG here: a handful of rectangles and labels need no
chart engine, render the same on every machine and stay vector in the PDF. The key
figures' lines over time come from the statistics module's charts (Vega-Lite → SVG)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from kunskapsnod.indicators import formatting as fmt

WIDTH, BAR_HEIGHT, GAP, LABEL_WIDTH, VALUE_WIDTH = 640, 22, 8, 230, 70
COLOUR = "#1a5e8a"  # contrast above 3:1 against white, as the statistics charts
FONT = 'font-family="DejaVu Sans, Arial, sans-serif" font-size="12"'


def _label(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(rows: list[tuple[str, float]], *, title: str, decimals: int = 0, maximum: float | None = None) -> str:
    """Horizontal bars, one per (label, value), with the value written beside each bar."""
    top = 30
    height = top + len(rows) * (BAR_HEIGHT + GAP) + 10
    largest = maximum if maximum is not None else max((v for _l, v in rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title, {chr(34): "&quot;"})}">',
        f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
        f'<text x="0" y="16" {FONT} font-weight="bold" fill="#222">{escape(title)}</text>',
    ]
    for index, (label, value) in enumerate(rows):
        y = top + index * (BAR_HEIGHT + GAP)
        length = max(0.0, span * (value / largest)) if largest else 0.0
        name = escape(_label(label))
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" {FONT} fill="#222">{name}</text>')
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{COLOUR}"/>')
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 15}" {FONT} fill="#222">'
            f"{escape(fmt.number(value, decimals))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
