"""An own indicator appears on every statistics page and export as a Kolada KPI does,
and wherever "Källa: Kolada" would show, it names its own source."""

import pytest

from kunskapsnod.indicators.analysis.ranking import indicator_ranking
from kunskapsnod.indicators.services.own import create_own_indicator, import_own_values
from kunskapsnod.indicators.services.parsing import parse_values_csv

SOURCE = "Elevhälsoenkäten i Sjuhärad"
AREAS = {"1490": 71.0, "1441": 68.5, "1442": 80.0, "1443": 64.0, "1444": 77.5, "1445": 73.0, "1466": 69.0}


@pytest.fixture
def own(stored_values, sjuharad_staff, org):
    indicator = create_own_indicator(
        actor=sjuharad_staff,
        owner=org("sjuharad"),
        code="TRIVSEL",
        title="Elever i åk 8 som trivs i skolan, andel (%)",
        unit="andel (%)",
        higher_is_better=True,
        source=SOURCE,
    )
    lines = ["kpi,municipality_id,period,gender,value"]
    for year in (2023, 2024):
        lines += [f"EGEN-TRIVSEL,{area},{year},T,{value + year - 2024}" for area, value in AREAS.items()]
    lines += ["EGEN-TRIVSEL,0014,2024,T,70.1", "EGEN-TRIVSEL,0000,2024,T,72.4", "EGEN-TRIVSEL,1490,2024,K,75.0"]
    rows = parse_values_csv("\n".join(lines), file="trivsel.csv")
    import_own_values(actor=sjuharad_staff, indicator=indicator, rows=rows, file="trivsel.csv")
    return indicator


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode("utf-8-sig")


@pytest.mark.parametrize(
    "url",
    [
        "/statistik/EGEN-TRIVSEL/",
        "/statistik/EGEN-TRIVSEL/karta/",
        "/kommun/boras/statistik/EGEN-TRIVSEL/",
        "/statistik/jamfor/?nyckeltal=EGEN-TRIVSEL&kommun=boras&lan=on",
    ],
)
def test_its_own_pages_name_its_source_and_not_kolada(reader, own, url):
    page = _text(reader.get(url))
    assert own.title in page
    assert f"Källa: {SOURCE}" in page
    assert "Källa: Kolada" not in page


@pytest.mark.parametrize(
    ("url", "chart"),
    [
        ("/statistik/EGEN-TRIVSEL/", "rangordning"),
        ("/statistik/EGEN-TRIVSEL/karta/", "karta"),
        ("/kommun/boras/statistik/EGEN-TRIVSEL/", "trend-EGEN-TRIVSEL"),
        ("/statistik/jamfor/?nyckeltal=EGEN-TRIVSEL&kommun=boras", "jamfor-EGEN-TRIVSEL"),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_its_exports_carry_its_values_and_its_source(reader, own, url, chart, fmt):
    joiner = "&" if "?" in url else "?"
    response = reader.get(f"{url}{joiner}format={fmt}&chart={chart}")
    assert response.status_code == 200
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
    else:
        from io import BytesIO

        from openpyxl import load_workbook

        sheet = load_workbook(BytesIO(response.content)).active
        text = "\n".join(
            ";".join("" if c is None else str(c) for c in row) for row in sheet.iter_rows(values_only=True)
        )
    assert f"Källa: {SOURCE}" in text
    assert "Källa: Kolada" not in text
    assert "71" in text


def test_it_is_ranked_among_the_municipalities(own):
    ranking = indicator_ranking(own)
    assert (ranking.period, ranking.ranked_count) == (2024, 7)
    assert ranking.rows[0].municipality.kolada_id == "1442"  # 80.0, higher is better


def test_the_profile_lists_it_with_its_source_beside_kolada(reader, own):
    page = _text(reader.get("/kommun/boras/statistik/"))
    assert own.title in page
    assert f"Källa: {SOURCE}" in page
    assert f"Källa: Kolada och {SOURCE}" in page
    table = _text(reader.get("/kommun/boras/statistik/?format=csv&chart=nyckeltal"))
    row = next(line for line in table.splitlines() if line.startswith("EGEN-TRIVSEL"))
    assert row.endswith(SOURCE)
    assert next(line for line in table.splitlines() if line.startswith("N02797")).endswith(";Kolada")


def test_the_statistics_index_lists_it_with_its_source(reader, own):
    page = _text(reader.get("/statistik/"))
    assert 'href="/statistik/EGEN-TRIVSEL/"' in page
    assert SOURCE in page


def test_it_can_be_chosen_for_similar_municipalities(reader, own):
    page = _text(reader.get("/kommun/boras/liknande/?struktur=N02797&struktur=N15424&utfall=EGEN-TRIVSEL"))
    assert 'value="EGEN-TRIVSEL" selected' in page
    assert SOURCE in page


def test_the_api_names_its_source(client, own, settings):
    settings.KUNSKAPSNOD_PUBLIC_STATISTICS = True
    indicators = client.get("/api/indicators?q=EGEN-TRIVSEL").json()["items"]
    assert [(i["code"], i["source"], i["is_own"]) for i in indicators] == [("EGEN-TRIVSEL", SOURCE, True)]
    assert client.get("/api/indicators?q=N15428").json()["items"][0]["source"] == "Kolada"
    values = client.get("/api/values?kpi=EGEN-TRIVSEL&municipality=1490&period=2024").json()["items"]
    assert {(v["gender"], v["value"]) for v in values} == {("T", 71.0), ("K", 75.0)}
    profile = client.get("/api/municipalities/1490/profile").json()
    row = next(r for r in profile["indicators"] if r["kpi"] == "EGEN-TRIVSEL")
    assert row["source"] == SOURCE and row["value"]["value"] == 71.0
    assert profile["source"].startswith(f"Kolada och {SOURCE}")
