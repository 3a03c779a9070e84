"""The statistics pages as a signed-in user sees them, and their downloads."""

import io
import json
import re

import pytest
from openpyxl import load_workbook
from real_kolada import kolada_module, kolada_values  # noqa: F401

from kunskapsnod.indicators import charts

pytestmark = pytest.mark.usefixtures("kolada_values")

PAGES = [
    "/statistik/",
    "/kommun/boras/statistik/",
    "/kommun/boras/statistik/N02797/",
    "/statistik/N17461/",
    "/statistik/N17461/karta/",
    "/statistik/jamfor/?nyckeltal=N17461&kommun=boras&forbund=sjuharad&lan=on&riket=on",
    "/kommun/boras/liknande/",
]


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_with_one_h1_and_the_kolada_source(reader, url):
    html = _html(reader, url)
    assert html.count("<h1") == 1
    assert "Källa: Kolada" in html


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_the_login(client, regions, url):
    response = client.get(url)
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_the_index_lists_the_default_set_and_marks_the_historical_series(reader):
    html = _html(reader, "/statistik/")
    assert 'href="/statistik/N17461/"' in html
    assert "historisk, upphörde 2019" in html


def test_the_profile_shows_rank_change_and_the_computed_association_mean(reader):
    html = _html(reader, "/kommun/boras/statistik/")
    assert "22 av 49" in html
    assert "Boråsregionen Sjuhärad (medel)" in html
    assert "ovägda medelvärdet" in html and "omfattar även Varberg" in html
    assert "historisk: upphörde 2019" in html


def test_the_profile_shows_a_suppressed_value_as_sekretess_never_zero(reader):
    html = _html(reader, "/kommun/harryda/statistik/")
    assert '<span class="status">sekretess</span>' in html


def test_the_profile_links_each_indicator_to_its_trend_page(reader):
    html = _html(reader, "/kommun/boras/statistik/")
    assert 'href="/kommun/boras/statistik/N02797/"' in html
    assert "data-vega-spec" not in html  # the overview is a table with sparklines


def test_the_trend_page_marks_a_discontinued_series_historical(reader):
    html = _html(reader, "/kommun/boras/statistik/N02904/")
    assert "historisk serie: upphörde 2019" in html and "N66077" in html


def test_the_trend_page_says_when_a_municipality_has_no_values(reader):
    html = _html(reader, "/kommun/boras/statistik/N15428/")
    assert "Det finns inga värden för Borås" in html


def test_each_chart_has_a_server_svg_fallback_a_spec_and_a_data_table(reader):
    html = _html(reader, "/kommun/boras/statistik/N02797/")
    assert '<div class="chart" data-vega-spec="vega-spec-trend-N02797">' in html
    assert 'src="?format=svg&amp;chart=trend-N02797"' in html
    assert '<script id="vega-spec-trend-N02797" type="application/json">' in html
    assert "Visa diagrammets data som tabell" in html
    assert "vendor/vega-interpreter.min.js" in html


def test_the_svg_fallback_is_served_from_the_page_url(reader):
    response = reader.get("/kommun/boras/statistik/N02797/?format=svg&chart=trend-N02797")
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")


@pytest.mark.parametrize(("fmt", "magic"), [("csv", b"\xef\xbb\xbf"), ("xlsx", b"PK"), ("png", b"\x89PNG")])
def test_every_figure_downloads(reader, fmt, magic):
    response = reader.get(f"/statistik/N17461/?format={fmt}&chart=rangordning")
    assert response.content.startswith(magic)
    assert response["Content-Disposition"] == f'attachment; filename="n17461-rangordning.{fmt}"'


def test_the_profile_table_downloads_as_excel_with_numbers(reader):
    response = reader.get("/kommun/boras/statistik/?format=xlsx&chart=nyckeltal")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    uvas = next(r for r in rows if r[0] == "N02797")
    assert uvas[2] == 2018 and uvas[3] == pytest.approx(6.241343)


@pytest.mark.parametrize("query", ["?format=pdf", "?format=csv&chart=nope"])
def test_unknown_downloads_are_not_found(reader, query):
    assert reader.get(f"/statistik/N17461/{query}").status_code == 404


def test_an_unknown_indicator_or_municipality_is_not_found(reader):
    assert reader.get("/statistik/X00000/").status_code == 404
    assert reader.get("/kommun/sjuharad/statistik/").status_code == 404  # an association


def test_the_ranking_table_sorts_by_column_and_says_so(reader):
    html = _html(reader, "/statistik/N17461/?sort=name&dir=desc")
    assert 'aria-sort="descending"' in html
    assert html.index(">Öckerö</a>") < html.index(">Ale</a>")


def test_the_ranking_shows_the_users_municipality_in_the_time_series(reader):
    html = _html(reader, "/statistik/N17461/")
    assert "Borås:" in html  # the series summary starts with the focus municipality


def test_the_association_filter_keeps_the_regional_rank_and_says_so(reader):
    html = _html(reader, "/statistik/N02797/?year=2018&forbund=sjuharad")
    assert "rangen är fortfarande platsen bland" in html
    assert ">Borås</a>" in html and ">Göteborg</a>" not in html


def test_comparison_labels_association_series_as_computed(reader):
    html = _html(reader, "/statistik/jamfor/?nyckeltal=N02797&forbund=sjuharad&riket=on")
    assert "Boråsregionen Sjuhärad (medel, beräknat)" in html
    assert "Riket" in html


def test_comparison_refuses_too_many_indicators(reader):
    codes = "&".join(f"nyckeltal={c}" for c in ["N02797", "N02902", "N02904", "N15424", "N15563", "N17461", "N17461"])
    html = _html(reader, f"/statistik/jamfor/?{codes}")
    assert "Välj högst 6 nyckeltal." in html


def test_similar_page_states_the_method_and_who_to_talk_to(reader):
    html = _html(reader, "/kommun/boras/liknande/")
    assert "euklidiska avståndet" in html
    assert "prata med dem" in html
    assert "Liknande kommuner grundskola, Borås, 2024" in html


def test_the_organisation_page_links_to_the_profile(reader):
    html = _html(reader, "/kommun/boras/")
    assert 'href="/kommun/boras/statistik/"' in html


def test_the_profile_page_takes_a_bounded_number_of_queries(reader, django_assert_max_num_queries):
    with django_assert_max_num_queries(13):
        reader.get("/kommun/boras/statistik/")


def test_the_ranking_page_takes_a_bounded_number_of_queries(reader, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        reader.get("/statistik/N17461/")


def test_similar_page_preselects_the_default_profile_and_outcome(reader):
    html = _html(reader, "/kommun/boras/liknande/")
    assert '<option value="N17461" selected>' in html
    assert html.count(" checked") == 2  # N02902 and N02904


def test_comparison_gives_each_associations_median_range_and_member_count(reader):
    html = _html(reader, "/statistik/jamfor/?nyckeltal=N02797&forbund=sjuharad")
    assert "Boråsregionen Sjuhärad: median" in html
    assert "Boråsregionen Sjuhärad: min–max" in html
    assert "8 av 8" in html


@pytest.mark.parametrize(
    ("url", "computed"),
    [
        ("/kommun/boras/statistik/N02797/?format={fmt}&chart=trend-N02797", True),
        ("/statistik/N17461/?format={fmt}&chart=rangordning", True),
        ("/statistik/N17461/karta/?format={fmt}&chart=karta", False),
    ],
)
def test_downloaded_svg_charts_carry_the_source_line(reader, url, computed):
    svg = reader.get(url.format(fmt="svg")).content.decode()
    assert "Källa: Kolada, hämtad" in svg
    assert ("Beräkning: Kunskapsnod" in svg) is computed


def test_the_map_has_a_legend_entry_for_missing_values(reader):
    svg = reader.get("/statistik/N17461/karta/?format=svg&chart=karta").content.decode()
    assert "Grå = värde saknas" in svg


@pytest.mark.parametrize(
    "url",
    [
        "/statistik/N17461/?format=csv&chart=rangordning",
        "/statistik/N17461/karta/?format=csv",
        "/kommun/boras/statistik/?format=csv",
        "/kommun/boras/liknande/?format=csv",
    ],
)
def test_csv_downloads_end_with_the_source_below_an_empty_row(reader, url):
    lines = reader.get(url).content.decode("utf-8-sig").split("\r\n")
    source = next(i for i, line in enumerate(lines) if line.startswith("Källa: Kolada, hämtad"))
    assert lines[source - 1] == ""


def test_the_profiles_comparison_link_preselects_the_municipality_and_indicators(reader):
    html = _html(reader, "/kommun/boras/statistik/")
    link = re.search(r'href="(/statistik/jamfor/\?[^"]+)">Jämför över tid', html).group(1).replace("&amp;", "&")
    compared = _html(reader, link)
    assert "Välj minst ett nyckeltal" not in compared
    assert "kommun=boras" in link and "forbund=sjuharad" in link
    assert "N02797" in link and "N02904" not in link  # a current indicator with values, not a historical one
    assert compared.count('<section aria-labelledby="jamfor-') >= 2


def test_the_county_and_country_checkboxes_sit_inside_their_labels(reader):
    html = _html(reader, "/statistik/jamfor/")
    assert re.search(r'<label class="inline-label"><input type="checkbox" name="lan"[^>]*> Västra Götaland', html)
    assert re.search(r'<label class="inline-label"><input type="checkbox" name="riket"[^>]*> Riket', html)


def test_similar_municipalities_show_distances_with_two_decimals(reader):
    html = _html(reader, "/kommun/boras/liknande/")
    table = html[html.index("Kommuner som liknar Borås</caption>") :]
    distances = re.findall(r'</td><td class="num">(\d,\d+)</td>', table[: table.index("</table>")])
    assert distances and all(len(d) == 4 for d in distances)  # "0,75", never "0,8"


def test_the_index_names_the_themes_in_swedish(reader):
    html = _html(reader, "/statistik/")
    for english in ("pre-study", "withdrawn", "child poverty", "successor candidate"):
        assert english not in html
    assert "förstudien, nyckeltal 1 (indraget)" in html
    assert "möjlig efterföljare till N02904" in html
    assert "barnfattigdom (ersättningsmått)" in html
    assert "<td>socioekonomi</td>" in html  # Swedish themes pass unchanged


@pytest.mark.parametrize(
    ("url", "filename"),
    [
        ("/statistik/N15563/karta/?format=png&chart=karta", "n15563-karta.png"),
        ("/kommun/boras/liknande/?format=csv", "boras-liknande.csv"),
        ("/kommun/boras/statistik/N02797/?format=csv&chart=trend-N02797", "boras-n02797-trend.csv"),
        ("/statistik/N17461/?format=csv&chart=jamfor-N17461", "n17461-jamfor.csv"),
    ],
)
def test_download_file_names_name_each_word_once(reader, url, filename):
    assert reader.get(url)["Content-Disposition"] == f'attachment; filename="{filename}"'


def test_the_svg_download_link_asks_for_an_attachment_and_the_fallback_does_not(reader):
    html = _html(reader, "/statistik/N15563/karta/")
    assert 'src="?format=svg&amp;chart=karta"' in html
    assert 'href="?format=svg&amp;chart=karta&amp;download=1" download>SVG' in html
    response = reader.get("/statistik/N15563/karta/?format=svg&chart=karta&download=1")
    assert response["Content-Disposition"] == 'attachment; filename="n15563-karta.svg"'
    assert "Content-Disposition" not in reader.get("/statistik/N15563/karta/?format=svg&chart=karta")


def test_the_server_svg_wraps_a_long_title_and_leaves_room_for_wider_fonts(reader):
    html = _html(reader, "/statistik/N15563/karta/")
    spec = json.loads(re.search(r'<script id="vega-spec-karta" type="application/json">(.*?)</script>', html).group(1))
    svg = reader.get("/statistik/N15563/karta/?format=svg&chart=karta").content.decode()
    assert "<tspan>Elever i åk 9 som är behöriga till yrkesprogram (exkl.</tspan><tspan" in svg  # two lines
    width = float(re.search(r'<svg[^>]*width="([\d.]+)"', svg).group(1))
    unpadded = float(re.search(r'<svg[^>]*width="([\d.]+)"', charts.render_svg(spec)).group(1))
    assert width >= unpadded + 60  # a browser's wider font still fits the legend ("Grå = värde saknas")


@pytest.mark.parametrize(
    "url",
    [
        "/statistik/N17461/?format=csv&chart=rangordning",
        "/statistik/N17461/karta/?format=csv",
        "/kommun/harryda/statistik/?format=csv",
        "/kommun/boras/statistik/N02904/?format=csv&chart=trend-N02904",
    ],
)
def test_csv_cells_of_missing_values_are_empty_and_the_status_column_says_why(reader, url):
    text = reader.get(url).content.decode("utf-8-sig")
    data = text.split("\r\n\r\n")[0].split("\r\n")
    assert data[0].endswith(";Status")
    for line in data[1:]:
        *cells, status = line.split(";")
        assert "–" not in cells and "sekretess" not in cells and "saknas" not in cells
    assert len(data) > 1


def test_a_suppressed_value_leaves_its_cell_empty_and_names_the_reason(reader):
    text = reader.get("/kommun/harryda/statistik/?format=csv").content.decode("utf-8-sig")
    assert "Härryda: sekretess" in text


def test_the_map_table_names_only_the_reasons_for_missing_values(reader):
    html = _html(reader, "/statistik/N15563/karta/")
    assert '<td class="num">–</td><td>sekretess</td></tr>' in html  # Härryda
    assert '<td class="num">94,0</td><td></td></tr>' in html  # Alingsås: nothing missing
