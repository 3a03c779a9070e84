"""The pre-study's key figures on the municipality page and the start page: latest value,
change since the previous year and rank among the region's municipalities in Kolada's
colour bands, checked against the real values of data/kolada/values-more.csv."""

import csv

import pytest
from django.conf import settings

from kunskapsnod.indicators.analysis.keyfigures import key_figures, key_indicators
from kunskapsnod.indicators.services import import_kolada_values, read_values_file
from kunskapsnod.indicators.services.parsing import parse_values_bytes

MORE = settings.DATA_DIR / "kolada" / "values-more.csv"


@pytest.fixture
def demo_values(stored_values):
    """values.csv (committed for the module) and values-more.csv (in this test)."""
    import_kolada_values(rows=read_values_file(MORE), source="values-more.csv", skip_unknown_areas=True)
    return stored_values


def _n15428(year: int) -> dict[str, float]:
    """N15428 totals per area in ``year``, from both bundled files (values.csv holds 7 of
    the municipalities, values-more.csv the rest)."""
    found = {}
    for path in (MORE.with_name("values.csv"), MORE):
        with path.open(encoding="utf-8") as handle:
            for r in csv.DictReader(handle):
                if (r["kpi"], r["period"], r["gender"] or "T") == ("N15428", str(year), "T") and r["value"]:
                    found[r["municipality_id"]] = float(r["value"])
    return found


def _expected_rank(area: str, year: int) -> tuple[int, int]:
    values = {k: v for k, v in _n15428(year).items() if k not in ("0000", "0014")}
    better = sum(1 for v in values.values() if v > values[area])  # higher is better
    return better + 1, len(values)


def test_the_key_indicators_are_the_pre_studys_four_with_n15428_first(indicators):
    codes = [i.code for i in key_indicators()]
    assert codes == ["N15428", "N02797", "N09811", "N02904"]  # the withdrawn series last


def test_a_municipality_has_latest_value_change_and_rank(demo_values, org):
    figure = key_figures([org("boras")]).areas[0].figures[0]
    now, before = _n15428(2025), _n15428(2024)
    assert (figure.indicator.code, figure.period, figure.previous_period) == ("N15428", 2025, 2024)
    assert figure.value.value == pytest.approx(now["1490"])
    assert figure.change == pytest.approx(now["1490"] - before["1490"])
    assert figure.improved is (now["1490"] > before["1490"])
    assert (figure.rank.position, figure.rank.out_of) == _expected_rank("1490", 2025)


def test_an_indicator_without_values_is_left_out_and_the_county_is_not_ranked(demo_values, org):
    county = key_figures([org("vastra-gotalands-lan")])
    by_code = {f.indicator.code: f for f in county.areas[0].figures}
    assert "N09811" not in by_code and "N09811" not in [i.code for i, _title in county.headers]
    assert by_code["N15428"].period == 2025 and by_code["N15428"].rank is None


@pytest.mark.parametrize(("value", "status", "shown"), [("3.2", "", True), ("", "Privacy", False)])
def test_an_indicator_is_shown_once_it_has_a_value_for_the_area(demo_values, org, value, status, shown):
    csv_text = f"kpi,municipality_id,period,gender,value,status,source\nN09811,0014,2024,T,{value},{status},test\n"
    import_kolada_values(rows=parse_values_bytes(csv_text.encode(), file="t.csv"), source="t.csv")
    figures = key_figures([org("vastra-gotalands-lan")]).areas[0].figures
    assert ("N09811" in [f.indicator.code for f in figures]) is shown


def test_a_start_page_without_any_key_figure_values_shows_no_key_figures(client, personas, stored_values):
    from kunskapsnod.indicators.models import Value

    Value.objects.all().delete()
    client.force_login(personas["administrator"])
    page = client.get("/").content.decode()
    assert "Nyckeltal från förstudien" not in page and "Inga värden ännu" not in page


@pytest.mark.parametrize("count", [1, 8, 50])
def test_key_figures_cost_three_queries_whatever_the_number_of_areas(demo_values, django_assert_num_queries, count):
    from kunskapsnod.regions.models import Organisation

    areas = list(Organisation.objects.municipalities().order_by("name")[:count])
    indicators = key_indicators()
    with django_assert_num_queries(2):
        result = key_figures(areas, indicators)
    assert len(result.areas) == count
    with django_assert_num_queries(3):
        key_figures(areas)


def test_the_municipality_page_shows_the_key_figures_in_colour_bands_linking_to_the_profile(
    client, boras_reader, demo_values
):
    client.force_login(boras_reader)
    page = client.get("/kommun/boras/").content.decode()
    position, out_of = _expected_rank("1490", 2025)
    assert "Nyckeltal från förstudien: Borås" in page
    assert f"{position} av {out_of}" in page
    assert 'class="rank rank-' in page and "tredjedelen" in page  # colour and words
    assert 'href="/kommun/boras/statistik/N15428/"' in page
    assert 'href="/kommun/boras/statistik/"' in page
    assert "81,4" in page  # N15428 2025


def test_the_association_page_shows_its_members_key_figures(client, boras_reader, demo_values):
    client.force_login(boras_reader)
    page = client.get("/forbund/sjuharad/").content.decode()
    assert "Senaste värde, förändring mot föregående år och rang för 8 kommuner" in page


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("boras_reader", "Nyckeltal från förstudien: Borås"),
        ("boras_editor", "Nyckeltal från förstudien: Borås"),
        ("mark_editor", "Nyckeltal från förstudien: Mark"),
        ("sjuharad_staff", "rang för 8 kommuner"),
        ("gr_staff", "rang för 13 kommuner"),
        ("administrator", "Nyckeltal från förstudien: Västra Götaland"),
    ],
)
def test_the_start_page_shows_the_users_own_key_figures(client, personas, demo_values, persona, expected):
    client.force_login(personas[persona])
    page = client.get("/").content.decode()
    assert expected in page
    assert "Inga värden ännu" not in page  # no card that says nothing


def test_a_visitor_sees_the_regions_key_figures_on_the_start_page_when_statistics_are_public(
    client, demo_values, settings
):
    assert client.get("/").status_code == 302  # not public: the login page
    settings.KUNSKAPSNOD_PUBLIC_STATISTICS = True
    page = client.get("/").content.decode()
    assert "Nyckeltal från förstudien: Västra Götaland" in page and "Inga värden ännu" not in page
    assert "Senaste aktivitet" not in page and "Möten senaste året" not in page
