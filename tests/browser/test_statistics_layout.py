"""The statistics pages keep their key numbers in view (issue 8): at 1280 px the rank and
the change stand beside the value without sideways scrolling; at 390 px no page scrolls
sideways, wide tables scroll in a named, keyboard-focusable region whose first column stays
put; the pickers filter as you type and count what is chosen, and work without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from indicators.real_kolada import _load as load_real_kolada

# As conftest.MOBILE (importing from "conftest" depends on which conftest pytest saw first).
MOBILE = {"width": 390, "height": 844}

PAGES = [
    "/statistik/",
    "/kommun/boras/statistik/",
    "/kommun/boras/statistik/N02797/",
    "/kommun/boras/statistik/N15563/",
    "/statistik/N02797/?year=2018",
    "/statistik/N02902/",
    "/statistik/N02797/karta/?year=2018",
    "/statistik/jamfor/",
    "/kommun/boras/liknande/",
]


@pytest.fixture
def reader(transactional_db, boras_reader):
    load_real_kolada()
    return boras_reader


def _in_view(page, cell) -> bool:
    """Whether ``cell`` is drawn wholly inside the window and inside its scroll region."""
    box = cell.bounding_box()
    region = cell.locator("xpath=ancestor::div[contains(@class, 'table-scroll')]").bounding_box()
    width = page.viewport_size["width"]
    return box["x"] >= 0 and box["x"] + box["width"] <= min(width, region["x"] + region["width"]) + 1


@pytest.mark.parametrize(
    ("path", "table", "headers"),
    [
        ("/kommun/boras/statistik/", "Nyckeltal för Borås", ("Rang", "Förändring")),
        ("/statistik/N02797/?year=2018", "Invånare 16-24 år", ("Rang", "Förändring mot 2017")),
    ],
)
def test_rank_and_change_are_in_view_at_1280_without_scrolling(page, login, reader, screenshot, path, table, headers):
    login(page, reader)
    page.goto(path)
    grid = page.get_by_role("table", name=re.compile(table))
    for header in headers:
        cell = grid.get_by_role("columnheader", name=header, exact=True)
        assert _in_view(page, cell), f"{header} is out of view at 1280 px on {path}"
        first_row_cell = (
            grid.locator("tbody tr")
            .first.locator("td")
            .nth(
                cell.evaluate("th => th.cellIndex") - 1  # the row header is the row's first cell
            )
        )
        assert _in_view(page, first_row_cell)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(
        page, f"statistik-nyckeltal-i-bild-{path.strip('/').replace('/', '-').split('?')[0]}-desktop", full_page=False
    )


def test_no_statistics_page_scrolls_sideways_at_390(new_page, login, reader, screenshot):
    page = new_page(viewport=MOBILE)
    login(page, reader)
    for path in PAGES:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"{path} is {width[0]} px wide at 390 px"
        screenshot(page, "statistik-390-" + re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-"))


def test_a_wide_table_scrolls_in_a_named_region_reached_by_keyboard_with_its_names_in_view(
    new_page, login, reader, axe_check
):
    page = new_page(viewport=MOBILE)
    login(page, reader)
    page.goto("/kommun/boras/statistik/")
    region = page.get_by_role("region", name=re.compile("Nyckeltal för Borås"))
    expect(region).to_have_attribute("tabindex", "0")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # it does scroll at 390 px
    page.get_by_role("link", name="Jämför över tid").focus()
    for _ in range(30):  # Tab from the links above the table until the region has focus
        page.keyboard.press("Tab")
        if region.evaluate("el => el === document.activeElement"):
            break
    expect(region).to_be_focused()
    for _ in range(8):  # arrow keys scroll the focused region sideways
        page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
    name = region.locator("tbody th").first
    assert _in_view(page, name), "the sticky first column scrolled away"
    axe_check(page)


def test_the_picker_filters_as_you_type_and_counts_by_keyboard(page, login, reader, axe_check, screenshot):
    login(page, reader)
    page.goto("/statistik/jamfor/")
    picker = page.get_by_role("group", name="Kommuner")
    search = picker.get_by_label("Sök bland kommuner")
    expect(picker.locator(".picker-count")).to_have_text("1 vald")  # the user's Borås
    search.fill("mar")
    visible = picker.locator("li:visible")
    expect(visible).to_have_count(2)
    expect(visible).to_have_text(["Mariestad", "Mark"])
    search.press("Enter")  # to the first match, without submitting the form
    expect(page).to_have_url(re.compile(r"/statistik/jamfor/$"))
    expect(picker.get_by_label("Mariestad")).to_be_focused()
    page.keyboard.press("Tab")
    expect(picker.get_by_label("Mark", exact=True)).to_be_focused()
    page.keyboard.press("Space")
    expect(picker.locator(".picker-count")).to_have_text("2 valda")
    search.fill("zz")
    expect(picker.get_by_text("Inga träffar.")).to_be_visible()
    search.press("Escape")
    expect(picker.locator("li:visible")).to_have_count(50)
    axe_check(page)
    screenshot(page, "statistik-jamfor-picker-desktop", full_page=False)
    page.get_by_role("button", name="Jämför").click()
    expect(page).to_have_url(re.compile(r"kommun=boras.*kommun=mark|kommun=mark.*kommun=boras"))


def test_the_pickers_work_without_javascript(new_page, login, reader):
    page = new_page(java_script_enabled=False)
    login(page, reader)
    page.goto("/statistik/N02797/?year=2018")
    expect(page.get_by_label("Sök bland kommuner")).to_have_count(0)
    page.get_by_role("group", name="Kommuner i tidsserien").get_by_label("Mark", exact=True).check()
    page.get_by_role("button", name="Visa tidsserie").click()
    expect(page).to_have_url(re.compile(r"kommun=boras.*kommun=mark|kommun=mark.*kommun=boras"))
    rows = page.locator('section[aria-labelledby="tidsserie"] table th[scope=row]')  # the chart's data
    expect(rows.filter(has_text=re.compile("^Mark$"))).to_have_count(1)
    expect(rows.filter(has_text=re.compile("^Borås$"))).to_have_count(1)


def test_on_a_phone_the_profile_shows_name_value_and_rank_on_the_first_screen(new_page, login, reader):
    page = new_page(viewport=MOBILE)
    login(page, reader)
    page.goto("/kommun/boras/statistik/")
    grid = page.get_by_role("table", name=re.compile("Nyckeltal för Borås"))
    assert _in_view(page, grid.get_by_role("columnheader", name="Rang", exact=True))
    assert _in_view(page, grid.locator("tbody tr").first.locator(".rank"))
