"""A chart names its indicator in full: long titles wrap onto lines, on the page and in the
downloaded SVG and PNG, and are never cut with an ellipsis."""

import json
import re

import pytest
from real_kolada import kolada_module, kolada_values  # noqa: F401

from kunskapsnod.indicators.models import Indicator

pytestmark = pytest.mark.usefixtures("kolada_values")

# N15563 has the longest title of the default set with values (104 characters).
CODE = "N15563"
CHARTS = [
    ("/kommun/boras/statistik/N15563/", "trend-N15563"),
    ("/statistik/N15563/?year=2020", "rangordning"),
    ("/statistik/N15563/karta/?year=2020", "karta"),
]


def _words(text: str) -> list[str]:
    return re.findall(r"[\w().%-]+", text)


@pytest.mark.parametrize(("page", "chart"), CHARTS)
def test_the_downloaded_svg_carries_the_whole_title(reader, page, chart):
    title = Indicator.objects.get(code=CODE).title
    svg = reader.get(f"{page}{'&' if '?' in page else '?'}format=svg&chart={chart}").content.decode()
    drawn = " ".join(re.sub(r"<[^>]+>", " ", t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S))
    assert "…" not in drawn
    for word in _words(title):
        assert word in drawn, word


@pytest.mark.parametrize(("page", "chart"), CHARTS)
def test_the_pages_chart_wraps_the_title_into_lines(reader, page, chart):
    title = Indicator.objects.get(code=CODE).title
    html = reader.get(page).text
    spec = json.loads(
        re.search(rf'<script id="vega-spec-{chart}" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    lines = spec["title"] if isinstance(spec["title"], list) else [spec["title"]]
    assert len(lines) > 1 and all(len(line) <= 60 for line in lines)
    assert " ".join(lines).startswith(title)


def test_the_png_download_renders(reader):
    response = reader.get("/statistik/N15563/?year=2020&format=png&chart=rangordning")
    assert response.status_code == 200 and response.content[:8] == b"\x89PNG\r\n\x1a\n"
