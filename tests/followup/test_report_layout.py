"""The annual report's layout: the chart legend keeps each series on a line of its own
(a long computed name ran into the county's in two columns), and the button that
generates the report says that it is working."""

import re

from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from kunskapsnod.followup.services.rendering import _indicator_svg

AREA = "Boråsregionen Sjuhärad"
FIGURE = {
    "short_title": "Gymnasieexamen inom 4 år",
    "title": "Gymnasieelever med examen inom 4 år, andel (%)",
    "association": {str(y): 70.0 + y % 4 for y in range(2019, 2025)},
    "county_name": "Västra Götalands län",
    "county": {str(y): 72.0 + y % 3 for y in range(2019, 2025)},
    "country": {str(y): 74.0 for y in range(2019, 2025)},
}


def _legend_rows(svg: str) -> dict[str, tuple[float, float]]:
    """Each legend label's entry position (x, y) inside the legend."""
    legend = svg[svg.index('aria-roledescription="legend"') :]
    rows = {}
    entry = re.compile(r'<g transform="translate\(([\d.-]+),([\d.-]+)\)"><path class="background"')
    for label in (f"{AREA} (medel, beräknat)", "Västra Götalands län", "Riket"):
        before = legend[: legend.index(f">{label}</text>")]
        x, y = entry.findall(before)[-1]
        rows[label] = (float(x), float(y))
    return rows


def test_it_puts_each_series_of_the_report_chart_on_its_own_legend_row():
    with override("sv"):
        rows = _legend_rows(_indicator_svg(FIGURE, AREA))
    assert len({y for _x, y in rows.values()}) == 3, rows  # three rows: no label beside another
    assert len({x for x, _y in rows.values()}) == 1, rows


def test_it_says_the_report_is_being_made_once_the_button_is_pressed(sjuharad_staff):
    client = Client()
    client.force_login(sjuharad_staff)
    page = client.get(reverse("followup:report_home", args=["sjuharad", 2026])).content.decode()
    assert 'data-busy-label="Skapar rapporten …"' in page and "data-busy-status" in page
    assert re.search(r'<script src="[^"]*followup/busy\.js" defer></script>', page)
    assert 'action="' + reverse("followup:report_generate", args=["sjuharad", 2026]) + '"' in page  # posts without JS
