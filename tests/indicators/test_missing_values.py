"""The statistics pages say plainly which indicators of the default set have no values
yet; staff (node staff, administrators) are offered the sync command, nobody else."""

import pytest

from kunskapsnod.indicators.models import Indicator
from kunskapsnod.indicators.services.own import create_own_indicator

COMMAND = "kunskapsnod kolada sync --kpi "
PERSONAS = ["boras_editor", "boras_reader", "mark_editor", "sjuharad_staff", "gr_staff", "administrator"]
STAFF = {"sjuharad_staff", "gr_staff", "administrator"}


def _command(page: str) -> str:
    start = page.index(COMMAND)
    return page[start : page.index("</code>", start)].replace(",<wbr>", ",")


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_index_names_the_indicators_without_values_and_offers_staff_the_command(
    client, stored_values, personas, persona
):
    client.force_login(personas[persona])
    page = client.get("/statistik/").content.decode()
    assert "nyckeltal i uppsättningen har inga värden ännu" in page
    assert "Elever i åk 9 som uppnått betygskriterierna i alla ämnen, hemkommun, andel (%)" in page  # N15508
    assert (COMMAND in page) is (persona in STAFF)


def test_the_command_names_exactly_the_kolada_codes_without_values_and_the_whole_region(
    client, stored_values, administrator
):
    client.force_login(administrator)
    command = _command(client.get("/statistik/").content.decode())
    codes = command.split("--kpi ")[1].split(" ")[0].split(",")
    with_values = set(stored_values.values_list("indicator__code", flat=True))
    expected = [i.code for i in Indicator.objects.default_set() if i.code not in with_values and i.in_kolada]
    assert codes == expected and "N15508" in codes and "N15428" not in codes
    assert command.endswith("--municipality fyrbodal,goteborgsregionen,sjuharad,skaraborg,0014,0000")


def test_the_command_leaves_out_own_indicators_and_offers_their_upload_instead(
    client, stored_values, sjuharad_staff, org
):
    own = create_own_indicator(actor=sjuharad_staff, owner=org("sjuharad"), code="BHV", title="BHV", source="BVC")
    client.force_login(sjuharad_staff)
    page = client.get("/statistik/").content.decode()
    assert own.code not in _command(page)
    assert f'href="/statistik/egna/{own.code}/varden/"' in page


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_profile_names_what_the_municipality_lacks_and_offers_staff_its_command(
    client, stored_values, personas, persona
):
    client.force_login(personas[persona])
    page = client.get("/kommun/boras/statistik/").content.decode()
    assert "saknar värden för Borås" in page
    if persona in STAFF:
        assert _command(page).endswith("--municipality 1490")
    else:
        assert COMMAND not in page


def test_anonymous_visitors_never_see_the_command(client, stored_values, settings):
    settings.KUNSKAPSNOD_PUBLIC_STATISTICS = True
    for url in ("/statistik/", "/kommun/boras/statistik/"):
        page = client.get(url).content.decode()
        assert "saknar värden" in page or "inga värden ännu" in page
        assert COMMAND not in page and "/statistik/egna/" not in page


@pytest.mark.parametrize("page", ["/statistik/N09811/", "/statistik/N09811/karta/"])
@pytest.mark.parametrize("persona", ["boras_reader", "administrator"])
def test_an_indicator_page_without_values_offers_no_map_or_year_but_says_how_to_get_them(
    client, stored_values, personas, persona, page
):
    client.force_login(personas[persona])
    html = client.get(page).content.decode()
    assert "Det finns inga värden för det här nyckeltalet ännu." in html
    assert "Kolada-importen" in html
    assert "Visa på karta" not in html and "Visa rangordning" not in html
    assert 'name="year"' not in html  # no empty year choice
    assert ("kunskapsnod kolada sync --kpi N09811 --municipality" in html) is (persona == "administrator")


def test_an_indicator_page_with_values_keeps_its_map_link_and_years(client, stored_values, boras_reader):
    client.force_login(boras_reader)
    html = client.get("/statistik/N15428/").content.decode()
    assert "Visa på karta" in html and 'name="year"' in html and "Kolada-importen" not in html
