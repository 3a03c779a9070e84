"""The statistics pages in Chromium on the real Kolada values (issue 4): profile, ranking,
map and comparison pass axe-core, their charts become interactive under the strict CSP,
they read without JavaScript, and the ranking works by keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from indicators.real_kolada import _load as load_real_kolada

PAGES = {
    "profil-boras": ("/kommun/boras/statistik/", "Statistik för Borås", 0),
    "profil-boras-n02797": ("/kommun/boras/statistik/N02797/", "varken arbetar eller studerar, andel (%), Borås", 1),
    "rangordning-n02797": ("/statistik/N02797/?year=2018", "Invånare 16-24 år som varken arbetar", 2),
    "karta-n02797": ("/statistik/N02797/karta/?year=2018", "Invånare 16-24 år som varken arbetar", 1),
    "jamfor": (
        "/statistik/jamfor/?nyckeltal=N02797&nyckeltal=N17461&kommun=boras&kommun=mark"
        "&forbund=sjuharad&lan=on&riket=on",
        "Jämför över tid",
        2,
    ),
    "liknande-boras": ("/kommun/boras/liknande/", "Kommuner som liknar Borås", 0),
}


@pytest.fixture
def kolada(transactional_db):
    """The real data, committed so that the live server's threads see it (the live server's
    transactional test empties the tables again afterwards)."""
    load_real_kolada()


@pytest.fixture
def reader(kolada, boras_reader):
    return boras_reader


def test_statistics_pages_pass_axe_with_interactive_csp_safe_charts(page, login, reader, axe_check, screenshot):
    login(page, reader)
    for name, (path, heading, charts) in PAGES.items():
        page.goto(path)
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator("h1")).to_contain_text(heading)
        # Every chart is replaced by the interactive Vega view; the csp_violations guard of
        # the page fixture fails the test on any CSP report or JavaScript error.
        expect(page.locator(".chart.is-interactive")).to_have_count(charts, timeout=15_000)
        if charts:
            expect(page.locator(".chart.is-interactive svg").first).to_be_visible()
            expect(page.locator(".chart-fallback").first).to_be_hidden()
        axe_check(page)
        screenshot(page, f"indicators-{name}-desktop")


def test_the_profile_reads_without_javascript(new_page, login, reader, screenshot):
    page = new_page(java_script_enabled=False)
    login(page, reader)
    page.goto("/kommun/boras/statistik/")
    table = page.get_by_role("table", name=re.compile("Nyckeltal för Borås"))
    expect(table.get_by_role("row", name=re.compile("varken arbetar eller studerar"))).to_contain_text("22 av 49")
    expect(page.get_by_text("historisk: upphörde 2019").first).to_be_visible()
    screenshot(page, "indicators-profil-boras-nojs-desktop")
    table.get_by_role("link", name=re.compile("varken arbetar eller studerar")).click()
    expect(page.locator("h1")).to_contain_text("Borås")
    fallback = page.locator('[data-vega-spec="vega-spec-trend-N02797"] img.chart-fallback')
    expect(fallback).to_be_visible()
    # (page.evaluate needs JavaScript: fetch the image the way the browser did instead)
    image = page.request.get(page.url + fallback.get_attribute("src").replace("&amp;", "&"))
    assert image.ok and image.headers["content-type"] == "image/svg+xml"
    expect(page.get_by_text("Visa diagrammets data som tabell")).to_be_visible()
    screenshot(page, "indicators-profil-boras-n02797-nojs-desktop")


def test_the_ranking_works_by_keyboard(page, login, reader, screenshot):
    login(page, reader)
    page.goto("/statistik/N02797/")
    year = page.get_by_label("År", exact=True)
    year.focus()
    year.select_option("2018")  # what arrow keys do on a focused <select>
    page.keyboard.press("Tab")  # to the association filter
    expect(page.get_by_label("Kommunalförbund")).to_be_focused()
    page.get_by_label("Kommunalförbund").select_option("sjuharad")
    page.keyboard.press("Tab")  # to the gender switch: one stop for its radio group
    expect(page.get_by_role("radio", name="Totalt")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Visa", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"year=2018.*forbund=sjuharad"))
    sort_by_name = page.get_by_role("link", name="Kommun", exact=True)
    sort_by_name.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sort=name"))
    rows = page.get_by_role("table", name=re.compile("Invånare 16-24")).locator("tbody tr")
    expect(rows).to_have_count(8)
    expect(rows.first).to_contain_text("Bollebygd")
    expect(page.locator('th[aria-sort="ascending"]')).to_contain_text("Kommun")
    screenshot(page, "indicators-rangordning-keyboard-desktop")


def test_the_no_js_map_shows_its_whole_title_and_legend(new_page, login, reader, screenshot):
    page = new_page(java_script_enabled=False)
    login(page, reader)
    page.goto("/statistik/N15563/karta/")
    fallback = page.locator("img.chart-fallback")
    expect(fallback).to_be_visible()
    # Every text of the server SVG lies inside the image as this browser draws it (its font
    # is wider than the one vl-convert measured with): open the SVG itself and measure.
    page.goto("/statistik/N15563/karta/?format=svg&chart=karta")
    svg = page.locator("svg").first
    width = svg.bounding_box()["width"]
    for text in ("Grå = värde saknas", "Andel (%)", "Källa: Kolada"):
        box = page.locator("text", has_text=text).first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, text
    page.goto("/statistik/N15563/karta/")
    screenshot(page, "indicators-karta-n15563-nojs-desktop")


def test_the_profiles_comparison_link_opens_a_filled_comparison(page, login, reader, screenshot):
    login(page, reader)
    page.goto("/kommun/boras/statistik/")
    page.get_by_role("link", name="Jämför över tid").click()
    expect(page.locator(".chart.is-interactive").first).to_be_visible(timeout=15_000)
    expect(page.get_by_text("Välj minst ett nyckeltal")).to_have_count(0)
    for label in ("Västra Götaland (Kolada)", "Riket (Kolada)"):
        box = page.get_by_label(label).bounding_box()
        text = page.locator("label", has_text=label).bounding_box()
        assert abs((box["y"] + box["height"] / 2) - (text["y"] + text["height"] / 2)) < 8  # on one line
    screenshot(page, "indicators-jamfor-fran-profil-desktop")
