"""Ranks in Kolada's colour bands (best, middle and worst third), with a shape and words so
that colour is never the only signal, in the direction of the indicator."""

import re

import pytest
from real_kolada import kolada_module, kolada_values  # noqa: F401

from kunskapsnod.indicators.analysis.common import Rank
from kunskapsnod.indicators.formatting import rank_band
from kunskapsnod.indicators.models import Indicator
from kunskapsnod.indicators.templatetags.statistik import rank_badge


@pytest.mark.parametrize(
    ("position", "band"),
    [(1, "best"), (17, "best"), (18, "middle"), (34, "middle"), (35, "worst"), (50, "worst")],
)
def test_it_splits_fifty_ranks_into_thirds_of_17_17_and_16(position, band):
    assert rank_band(Rank(position, 50, True)).key == band


def test_a_shared_position_shares_its_band_and_no_rank_has_no_band():
    assert rank_band(Rank(17, 49, False)) == rank_band(Rank(17, 49, False))
    assert rank_band(None) is None


def test_the_badge_says_the_band_in_shape_and_words_not_only_colour():
    html = rank_badge(Rank(3, 49, True))
    assert 'class="rank rank-best"' in html
    assert '<span class="rank-symbol" aria-hidden="true">▲</span> 3 av 49' in html
    assert '<span class="visually-hidden">, bästa tredjedelen</span>' in html
    assert "▼" in rank_badge(Rank(49, 49, True)) and "sämsta tredjedelen" in rank_badge(Rank(49, 49, True))


@pytest.fixture
def reader(client, boras_reader, kolada_values):  # noqa: F811 - the fixture imported above
    client.force_login(boras_reader)
    return client


def _rows(html: str) -> dict[str, str]:
    """Municipality → its row of the ranking table."""
    body = html.split('id="rangordning-tabell"')[1].split("</tbody>")[0]
    return {re.search(r'scope="row"><a [^>]*>([^<]+)</a>', row).group(1): row for row in body.split("<tr>")[2:]}


def test_for_lower_is_better_the_best_third_holds_the_lowest_values(reader):
    # N02797: young people neither working nor studying, lower is better.
    rows = _rows(reader.get("/statistik/N02797/?year=2018").text)
    values = {
        name: float(re.search(r'<td class="num">([\d,]+)</td>', row).group(1).replace(",", "."))
        for name, row in rows.items()
        if 'class="rank ' in row
    }
    lowest, highest = min(values, key=values.get), max(values, key=values.get)
    assert "rank-best" in rows[lowest] and "bästa tredjedelen" in rows[lowest]
    assert "rank-worst" in rows[highest] and "sämsta tredjedelen" in rows[highest]


@pytest.mark.parametrize("url", ["/statistik/N02797/", "/kommun/boras/statistik/", "/kommun/boras/statistik/N02797/"])
def test_every_page_that_shows_ranks_shows_them_in_bands_with_the_legend(reader, url):
    html = reader.get(url).text
    assert re.search(r'class="rank rank-(best|middle|worst)"', html)
    if "/N02797/" not in url or url.startswith("/statistik/"):
        assert "bästa tredjedelen" in html and "Nyckeltal utan riktning" in html


def test_an_indicator_without_a_direction_shows_no_rank_and_no_band(reader):
    Indicator.objects.filter(code="N02902").update(higher_is_better=None)
    html = reader.get("/kommun/boras/statistik/N02902/").text
    assert "rank rank-" not in html
    assert "rangordnas inte: nyckeltalet har ingen riktning" in html
    assert "rank rank-" not in reader.get("/statistik/N02902/").text
