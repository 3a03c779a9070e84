"""The Totalt / Flickor / Pojkar switch on the statistics pages, their charts, downloads and
JSON twins."""

import io
import json
import re

import pytest
from openpyxl import load_workbook
from real_kolada import csv_values, kolada_module, kolada_values  # noqa: F401

from kunskapsnod.indicators import formatting

pytestmark = pytest.mark.usefixtures("kolada_values")

SWITCHED = [
    "/kommun/boras/statistik/",
    "/kommun/boras/statistik/N17461/",
    "/statistik/N17461/",
    "/statistik/N17461/karta/",
    "/statistik/jamfor/?nyckeltal=N17461&kommun=boras",
]


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _spec(html, key):
    match = re.search(rf'<script id="vega-spec-{key}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def _checked(html):
    return re.findall(r'<input type="radio" name="kon" value="(\w+)"[^>]*checked', html)


@pytest.mark.parametrize("url", SWITCHED)
def test_every_page_has_a_radio_group_that_starts_on_the_total(reader, url):
    html = _html(reader, url)
    switch = html[html.index('<fieldset class="gender-switch">') :]
    switch = switch[: switch.index("</fieldset>")]
    assert "<legend>Kön</legend>" in switch
    assert all(word in switch for word in ("Totalt", "Flickor", "Pojkar"))
    assert _checked(html) == ["T"]


def test_the_switch_keeps_the_choice_and_lives_in_a_get_form_with_a_button(reader):
    html = _html(reader, "/kommun/boras/statistik/?kon=K")
    assert _checked(html) == ["K"]
    form = html[html.rindex("<form", 0, html.index('<fieldset class="gender-switch">')) :]
    assert form.startswith('<form method="get"') and '<button type="submit"' in form[: form.index("</form>")]


def test_the_profile_for_girls_shows_girls_values_and_names_indicators_without_a_split(reader):
    html = _html(reader, "/kommun/boras/statistik/?kon=K")
    girls = csv_values("N17461", 2020, "K")["1490"]
    assert f"<strong>{formatting.number(girls)}</strong>" in html
    assert "Nyckeltal för Borås, flickor" in html
    assert "Redovisas inte för flickor, bara totalt" in html and "N02904" in html
    assert 'href="/kommun/boras/statistik/N17461/?kon=K"' in html


def test_the_ranking_for_boys_ranks_boys(reader):
    html = _html(reader, "/statistik/N17461/?kon=M&year=2020")
    boys = {k: v for k, v in csv_values("N17461", 2020, "M").items() if v is not None}
    assert "Rangordning 2020, pojkar" in html
    assert f"{formatting.number(max(boys.values()))}" in html
    assert '<input type="hidden" name="kon" value="M">' in html  # the time series keeps it


def test_a_ranking_without_a_split_says_so_instead_of_an_empty_table(reader):
    html = _html(reader, "/statistik/N02904/?kon=K")
    assert "N02904 redovisas inte för flickor, bara totalt" in html
    assert "<table" not in html[html.index("redovisas inte") :]


def test_the_trend_can_draw_one_line_per_gender_in_colour_and_dash(reader):
    html = _html(reader, "/kommun/boras/statistik/N17461/?kon=alla")
    spec = _spec(html, "trend-N17461")
    assert {p["gender"] for p in spec["datasets"]["points"]} == {"Totalt", "Flickor", "Pojkar"}
    encodings = [layer["encoding"] for layer in spec["layer"]]
    assert any(e.get("strokeDash", {}).get("field") == "gender" for e in encodings)
    assert all(e["color"]["field"] == "gender" for e in encodings)
    assert "Borås, flickor" in html  # the data table names each line


def test_a_trend_without_a_split_says_so(reader):
    html = _html(reader, "/kommun/boras/statistik/N02904/?kon=alla")
    assert "redovisas inte för flickor och pojkar var för sig" in html
    html = _html(reader, "/kommun/boras/statistik/N02904/?kon=K")
    assert "redovisas inte för flickor och pojkar var för sig" in html
    assert "Det finns inga värden för Borås" not in html


def test_the_comparison_draws_areas_by_colour_and_gender_by_dash(reader):
    html = _html(reader, "/statistik/jamfor/?nyckeltal=N17461&kommun=boras&kommun=mark&kon=alla")
    spec = _spec(html, "jamfor-N17461")
    encodings = [layer["encoding"] for layer in spec["layer"]]
    assert all(e["color"]["field"] == "series" for e in encodings)
    assert any(e.get("strokeDash", {}).get("field") == "gender" for e in encodings)
    assert any(e.get("shape", {}).get("field") == "gender" for e in encodings)


@pytest.mark.parametrize(
    ("url", "filename"),
    [
        ("/statistik/N17461/?kon=K&format=csv&chart=rangordning", "n17461-rangordning-flickor.csv"),
        ("/statistik/N17461/karta/?kon=M&format=csv", "n17461-karta-pojkar.csv"),
        ("/kommun/boras/statistik/?kon=K&format=csv", "boras-nyckeltal-flickor.csv"),
        ("/kommun/boras/statistik/N17461/?kon=alla&format=csv&chart=trend-N17461", "boras-n17461-trend-alla-kon.csv"),
        ("/statistik/jamfor/?nyckeltal=N17461&kommun=boras&kon=M&format=csv", "jamforelse-jamfor-n17461-pojkar.csv"),
    ],
)
def test_csv_downloads_have_a_gender_column_and_name_the_gender(reader, url, filename):
    response = reader.get(url)
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    header, *rows = response.content.decode("utf-8-sig").split("\r\n\r\n")[0].split("\r\n")
    column = header.split(";").index("Kön")
    genders = {row.split(";")[column] for row in rows}
    assert genders <= {"Totalt", "Flickor", "Pojkar"} and genders
    if "kon=alla" in url:
        assert genders == {"Totalt", "Flickor", "Pojkar"}


def test_the_total_download_says_totalt_and_keeps_its_name(reader):
    response = reader.get("/statistik/N17461/?format=csv&chart=rangordning")
    assert response["Content-Disposition"] == 'attachment; filename="n17461-rangordning.csv"'
    assert ";Totalt;" in response.content.decode("utf-8-sig")


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_chart_downloads_name_the_gender_in_title_and_file_name(reader, fmt):
    response = reader.get(f"/statistik/N17461/?kon=K&format={fmt}&chart=rangordning&download=1")
    assert response["Content-Disposition"] == f'attachment; filename="n17461-rangordning-flickor.{fmt}"'
    if fmt == "svg":
        assert "2020, flickor" in response.content.decode()


def test_excel_exports_hold_the_rank_and_the_gender_as_cells_of_their_own(reader):
    response = reader.get("/kommun/boras/statistik/?format=xlsx&chart=nyckeltal")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    uvas = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "N02797")
    rank, out_of = uvas[header.index("Rang")], uvas[header.index("Antal rangordnade")]
    assert (rank.value, out_of.value) == (22, 49) and rank.data_type == out_of.data_type == "n"
    assert uvas[header.index("Kön")].value == "Totalt"
    ranking = load_workbook(io.BytesIO(reader.get("/statistik/N17461/?format=xlsx&chart=rangordning").content))
    first = next(ranking.active.iter_rows(min_row=2, max_row=2))
    assert first[0].value == 1 and first[0].data_type == "n"


def test_the_profile_api_takes_a_gender(reader):
    data = reader.get("/api/municipalities/1490/profile?gender=M").json()
    row = next(r for r in data["indicators"] if r["kpi"] == "N17461")
    assert data["gender"] == "M" and "N02904" in data["not_split"]
    assert row["value"]["value"] == pytest.approx(csv_values("N17461", 2020, "M")["1490"])
    assert reader.get("/api/municipalities/1490/profile?gender=X").status_code == 422


def test_the_ranking_api_is_the_pages_twin(reader):
    data = reader.get("/api/indicators/N17461/ranking?gender=K&association=sjuharad").json()
    girls = {k: v for k, v in csv_values("N17461", 2020, "K").items() if v is not None}
    assert (data["gender"], data["period"], data["not_split"]) == ("K", 2020, False)
    assert {r["name"] for r in data["rows"]} >= {"Borås", "Mark"} and len(data["rows"]) == 8
    boras = next(r for r in data["rows"] if r["municipality"] == "1490")
    assert boras["value"]["value"] == pytest.approx(girls["1490"])
    assert boras["rank"]["out_of"] == len(girls)
    assert reader.get("/api/indicators/N02904/ranking?gender=K").json()["not_split"] is True
    assert reader.get("/api/indicators/X99999/ranking").status_code == 404


def test_the_comparison_api_is_the_pages_twin(reader):
    data = reader.get("/api/comparison?kpi=N02797,N02904&area=1490,sjuharad&gender=alla").json()
    uvas, poverty = data["indicators"]
    assert data["gender"] == "alla"
    assert [(s["area"], s["gender"]) for s in uvas["series"]] == [
        ("1490", "T"),
        ("1490", "K"),
        ("1490", "M"),
        ("sjuharad", "T"),
        ("sjuharad", "K"),
        ("sjuharad", "M"),
    ]
    girls = uvas["series"][1]["values"]["2018"]["value"]
    assert girls == pytest.approx(csv_values("N02797", 2018, "K")["1490"])
    assert uvas["series"][3]["computed"] and uvas["series"][3]["aggregates"]["2018"]["members"] == 8
    assert poverty["not_split"] and [s["gender"] for s in poverty["series"]] == ["T", "T"]


@pytest.mark.parametrize(
    ("query", "status"),
    [("kpi=N02797&area=1490&gender=X", 422), ("kpi=X00000&area=1490", 404), ("kpi=N02797&area=nowhere", 404)],
)
def test_the_comparison_api_answers_bad_requests_with_an_error(reader, query, status):
    response = reader.get(f"/api/comparison?{query}")
    assert response.status_code == status and "error" in response.json()


def test_pages_also_take_the_apis_parameter_name(reader):
    html = _html(reader, "/statistik/N17461/?gender=M")
    assert "Rangordning 2020, pojkar" in html and _checked(html) == ["M"]
    assert _checked(_html(reader, "/kommun/boras/statistik/?gender=K&kon=M")) == ["M"]  # kon wins


def test_a_comparison_for_girls_names_an_unsplit_indicator_instead_of_an_empty_chart(reader):
    html = _html(reader, "/statistik/jamfor/?nyckeltal=N02797&nyckeltal=N02904&kommun=boras&kon=K")
    assert "(N02904) redovisas inte för flickor och pojkar var för sig" in html
    assert 'id="vega-spec-jamfor-N02797"' in html and 'id="vega-spec-jamfor-N02904"' not in html
