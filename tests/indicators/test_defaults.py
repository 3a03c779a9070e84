"""Where the statistics pages start: the ranking and map on the newest year most
municipalities have, the profile, trend and comparison on the user's own municipality and
association, and pickers that are lists of checkboxes (no Ctrl-click)."""

import re

import pytest
from real_kolada import kolada_module, kolada_values  # noqa: F401

from kunskapsnod.indicators.defaults import home_of, most_covered_period
from kunskapsnod.indicators.models import Indicator
from kunskapsnod.indicators.services import import_kolada_values, parse_values_csv
from kunskapsnod.regions.models import Organisation, OrganisationKind

pytestmark = pytest.mark.usefixtures("kolada_values")

HEADER = "kpi,municipality_id,period,gender,value,status,source\n"


@pytest.fixture
def early_2021():
    """Three municipalities already have N17461 for 2021; the other 46 stop at 2020."""
    rows = "".join(f"N17461,{m},2021,T,{v},,test\n" for m, v in (("1490", 70.0), ("1463", 71.0), ("1401", 72.0)))
    import_kolada_values(rows=parse_values_csv(HEADER + rows, file="test.csv"), source="test.csv")
    return Indicator.objects.get(code="N17461")


def test_it_opens_on_the_newest_year_most_municipalities_have(early_2021):
    assert most_covered_period(early_2021) == 2020


def test_a_year_half_of_them_have_is_newest_enough():
    ids = list(Organisation.objects.municipalities().values_list("kolada_id", flat=True))[:25]
    rows = "".join(f"N17461,{m},2021,T,70,,test\n" for m in ids)
    import_kolada_values(rows=parse_values_csv(HEADER + rows, file="test.csv"), source="test.csv")
    assert most_covered_period(Indicator.objects.get(code="N17461")) == 2021


@pytest.mark.parametrize("page", ["/statistik/N17461/", "/statistik/N17461/karta/"])
def test_the_ranking_and_map_open_on_that_year_and_say_so(client, boras_reader, early_2021, page):
    client.force_login(boras_reader)
    html = client.get(page).text
    assert re.search(r"<h2[^>]*>(Rangordning|Karta) 2020", html)
    assert '<option value="2020" selected>' in html
    assert '<option value="2021">' in html  # the newer year is still there to choose
    assert "<h2" in client.get(page + "?year=2021").text and "2021" in client.get(page + "?year=2021").text


@pytest.mark.parametrize(
    ("persona", "municipality", "association"),
    [
        ("boras_reader", "boras", "sjuharad"),
        ("boras_editor", "boras", "sjuharad"),
        ("mark_editor", "mark", "sjuharad"),
        ("gr_staff", None, "goteborgsregionen"),
        ("administrator", None, None),
    ],
)
def test_home_is_the_users_municipality_and_association(personas, persona, municipality, association):
    home = home_of(personas[persona])
    assert (getattr(home.municipality, "slug", None), getattr(home.association, "slug", None)) == (
        municipality,
        association,
    )


def test_a_user_of_a_school_is_at_home_in_its_municipality(regions, org, boras_reader):
    school = Organisation.objects.create(
        name="Sjöboskolan", slug="sjoboskolan", kind=OrganisationKind.SCHOOL, parent=org("boras")
    )
    boras_reader.organisation = school
    assert home_of(boras_reader).municipality == org("boras")


def _checked(html: str, name: str) -> set[str]:
    """The values of the ticked checkboxes called ``name`` ("on" for a box without a value)."""
    tags = [t for t in re.findall(r"<input[^>]*>", html) if f'name="{name}"' in t and " checked" in t]
    return {next(iter(re.findall(r'value="([^"]+)"', t)), "on") for t in tags}


def test_the_comparison_starts_with_the_users_municipality_and_association(client, boras_reader):
    client.force_login(boras_reader)
    html = client.get("/statistik/jamfor/").text
    assert _checked(html, "kommun") == {"boras"} and _checked(html, "forbund") == {"sjuharad"}
    assert _checked(html, "lan") == _checked(html, "riket") == {"on"}
    assert "N02904" not in _checked(html, "nyckeltal")  # a historical series is not a start
    assert "N17461" in _checked(html, "nyckeltal")
    assert html.count('class="chart-figure"') == len(_checked(html, "nyckeltal")) > 0


def test_node_staff_start_the_comparison_from_their_association(client, gr_staff):
    client.force_login(gr_staff)
    html = client.get("/statistik/jamfor/").text
    assert _checked(html, "kommun") == set() and _checked(html, "forbund") == {"goteborgsregionen"}


def test_an_administrator_starts_from_every_association_the_county_and_the_country(client, administrator):
    client.force_login(administrator)
    html = client.get("/statistik/jamfor/").text
    assert _checked(html, "forbund") == {"fyrbodal", "goteborgsregionen", "sjuharad", "skaraborg"}
    assert _checked(html, "lan") == {"on"}


def test_a_chosen_comparison_is_not_overridden_and_a_download_keeps_the_defaults(client, boras_reader):
    client.force_login(boras_reader)
    html = client.get("/statistik/jamfor/?nyckeltal=N02797&kommun=mark").text
    assert _checked(html, "kommun") == {"mark"} and _checked(html, "forbund") == set()
    response = client.get("/statistik/jamfor/?format=csv&chart=jamfor-N17461")
    assert response.status_code == 200 and "Borås" in response.content.decode("utf-8-sig")


def test_the_trend_starts_with_the_users_municipality_and_association(client, boras_reader):
    client.force_login(boras_reader)
    html = client.get("/statistik/N17461/").text
    assert _checked(html, "kommun") == {"boras"}
    timeline = html.split('id="tidsserie"')[1]
    assert "Borås" in timeline and "Boråsregionen Sjuhärad (medel, beräknat)" in timeline


def test_the_profile_chooser_starts_on_the_users_municipality(client, mark_editor, gr_staff):
    client.force_login(mark_editor)
    assert '<option value="mark" selected>' in client.get("/statistik/").text
    client.force_login(gr_staff)  # node staff: the first member of their association
    assert '<option value="ale" selected>' in client.get("/statistik/").text


@pytest.mark.parametrize("page", ["/statistik/jamfor/", "/statistik/N17461/", "/kommun/boras/liknande/"])
def test_pickers_are_checkbox_lists_not_ctrl_click_lists(client, boras_reader, page):
    client.force_login(boras_reader)
    html = client.get(page).text
    assert not re.search(r"<select[^>]*multiple", html)
    assert "Ctrl" not in html
    assert 'class="picker' in html and 'type="checkbox"' in html
    assert "indicators/statistik.js" in html


@pytest.mark.parametrize("page", ["/statistik/jamfor/", "/statistik/N17461/"])
def test_long_pickers_get_the_search_box(client, boras_reader, page):
    client.force_login(boras_reader)
    assert 'data-picker="kommuner"' in client.get(page).text


def test_filters_left_out_show_what_the_page_draws_when_others_are_chosen(client, boras_reader, early_2021):
    client.force_login(boras_reader)
    html = client.get("/statistik/N17461/?forbund=sjuharad").text
    assert '<option value="2020" selected>' in html
    assert _checked(html, "kommun") == {"boras"}
