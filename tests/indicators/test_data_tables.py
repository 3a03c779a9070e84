"""Wide tables on the statistics pages: years newest first, a sticky first column, and a
scroll region that a keyboard can reach and a screen reader can name."""

import re

from kunskapsnod.indicators.charts import Table
from kunskapsnod.indicators.templatetags.statistik import data_table

YEARS = Table(
    caption="Gymnasieexamen per år",
    columns=["Område", "2018", "2019", "2020", "Status"],
    rows=[["Borås", 70.1, None, 72.8, "2019: saknas"], ["Mark", 80.0, 81.0, 82.0, None]],
    numeric={1, 2, 3},
)


def _cells(html: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}[^>]*>([^<]*)</{tag}>", html)


def test_years_read_newest_first_with_each_value_under_its_year():
    html = data_table(YEARS)
    assert _cells(html, "th")[:5] == ["Område", "2020", "2019", "2018", "Status"]
    borås = html.split("<tr>")[2]
    assert _cells(borås, "td") == ["72,8", "–", "70,1", "2019: saknas"]


def test_a_table_without_years_keeps_its_order():
    table = Table("Rangordning", ["Rang", "Kommun", "Värde"], [[1, "Borås", 2.0]], numeric={0, 2})
    assert _cells(data_table(table), "th")[:3] == ["Rang", "Kommun", "Värde"]


def test_the_table_scrolls_in_a_named_focusable_region_with_a_sticky_first_column():
    html = data_table(YEARS)
    assert html.startswith('<div class="table-scroll" tabindex="0" role="region" aria-label="Gymnasieexamen per år">')
    assert '<table class="sticky-first">' in html


def test_a_status_column_shows_only_when_a_row_has_a_status():
    without = Table("Karta", ["Kommun", "Värde", "Status"], [["Borås", 1.0, None], ["Mark", 2.0, ""]], numeric={1})
    assert _cells(data_table(without), "th")[:2] == ["Kommun", "Värde"] and "Status" not in data_table(without)
    assert "<th" not in data_table(without).split("<tbody>")[1].replace('<th scope="row">', "")
    assert "<td>saknas</td>" not in data_table(without)
    assert _cells(data_table(YEARS), "th")[4] == "Status"  # Borås 2019 is missing
