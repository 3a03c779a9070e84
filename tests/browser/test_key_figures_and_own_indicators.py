"""Key figures, own indicators and public statistics in Chromium: the pages pass axe-core
and fit 1280 and 390 px without sideways scrolling; a visitor reads statistics and sees no
staff action."""

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from indicators.real_kolada import FETCHED_AT
from indicators.real_kolada import _load as load_real_kolada
from kunskapsnod.indicators.services import import_kolada_values, read_values_file
from kunskapsnod.indicators.services.own import create_own_indicator, import_own_values
from kunskapsnod.indicators.services.parsing import parse_values_csv

MORE = django_settings.DATA_DIR / "kolada" / "values-more.csv"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def data(transactional_db, sjuharad_staff, org):
    """The real values of both files (committed for the live server's threads), and one own
    indicator with generated values, labelled as generated."""
    load_real_kolada()
    import_kolada_values(rows=read_values_file(MORE), source=MORE.name, fetched_at=FETCHED_AT, skip_unknown_areas=True)
    own = create_own_indicator(
        actor=sjuharad_staff,
        owner=org("sjuharad"),
        code="TEST",
        title="Genererade testvärden, andel (%)",
        unit="andel (%)",
        higher_is_better=True,
        source="Genererade testvärden",
    )
    rows = "\n".join(
        [
            "kpi,municipality_id,period,value",
            *(f"EGEN-TEST,{k},2024,{50 + i}" for i, k in enumerate(["1490", "1480", "1441"])),
        ]
    )
    import_own_values(actor=sjuharad_staff, indicator=own, rows=parse_values_csv(rows, file="t.csv"), file="t.csv")
    return own


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


SIGNED_IN = {
    "start-lasare": ("boras_reader", "/", "Nyckeltal från förstudien: Borås"),
    "start-nodpersonal": ("sjuharad_staff", "/", "rang för 8 kommuner"),
    "kommun-boras": ("boras_reader", "/kommun/boras/", "Nyckeltal från förstudien: Borås"),
    "egna": ("sjuharad_staff", "/statistik/egna/", "Genererade testvärden"),
    "egna-ny": ("sjuharad_staff", "/statistik/egna/ny/", "Ny egen indikator"),
    "egna-varden": ("sjuharad_staff", "/statistik/egna/EGEN-TEST/varden/", "Värden för EGEN-TEST"),
    "statistik-nodpersonal": ("sjuharad_staff", "/statistik/", "kunskapsnod kolada sync"),
    "egen-rangordning": ("boras_reader", "/statistik/EGEN-TEST/", "Källa: Genererade testvärden"),
}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_key_figures_and_own_indicator_pages_pass_axe_and_fit(
    new_page, login, personas, data, axe_check, screenshot, viewport
):
    for name, (persona, path, text) in SIGNED_IN.items():
        page = new_page(viewport=VIEWPORTS[viewport])
        login(page, personas[persona])
        page.goto(path)
        expect(page.locator("main")).to_contain_text(text)
        axe_check(page)
        _fits(page)
        screenshot(page, f"data-{name}-{viewport}")
        page.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_visitor_reads_public_statistics_without_staff_actions(
    new_page, data, settings, axe_check, screenshot, viewport
):
    settings.KUNSKAPSNOD_PUBLIC_STATISTICS = True  # the live server (a thread here) reads it per request
    page = new_page(viewport=VIEWPORTS[viewport])
    for name, path in {"start": "/", "statistik": "/statistik/", "profil": "/kommun/boras/statistik/"}.items():
        page.goto(path)
        expect(page.get_by_role("link", name="Logga in").first).to_be_visible()
        expect(page.locator("body")).not_to_contain_text("kunskapsnod kolada sync")
        assert page.locator('a[href^="/statistik/egna/"]').count() == 0
        axe_check(page)
        _fits(page)
        screenshot(page, f"data-besokare-{name}-{viewport}")
