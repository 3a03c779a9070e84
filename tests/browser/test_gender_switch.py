"""The Totalt / Flickor / Pojkar switch in Chromium: chosen by keyboard alone, read without
JavaScript, no serious axe violation and no sideways scrolling at 1280 and 390 px."""

import re

import pytest
from playwright.sync_api import expect

from conftest import MOBILE
from indicators.real_kolada import _load as load_real_kolada

PAGES = {
    "profil-flickor": "/kommun/boras/statistik/?kon=K",
    "trend-alla": "/kommun/boras/statistik/N17461/?kon=alla",
    "rangordning-pojkar": "/statistik/N17461/?kon=M",
    "jamfor-alla": "/statistik/jamfor/?nyckeltal=N02797&kommun=boras&forbund=sjuharad&riket=on&kon=alla",
    "rangordning-utan-uppdelning": "/statistik/N02904/?kon=K",
}


@pytest.fixture
def reader(transactional_db, boras_reader):
    load_real_kolada()
    return boras_reader


def test_the_switch_works_by_keyboard(page, login, reader):
    login(page, reader)
    page.goto("/kommun/boras/statistik/")
    total = page.get_by_role("radio", name="Totalt")
    expect(total).to_be_checked()
    total.focus()
    page.keyboard.press("ArrowRight")  # radio buttons move and choose with the arrow keys
    expect(page.get_by_role("radio", name="Flickor")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Visa", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"kon=K"))
    expect(page.get_by_role("table", name=re.compile("Nyckeltal för Borås, flickor"))).to_be_visible()


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_gender_pages_pass_axe_and_fit(new_page, login, reader, axe_check, screenshot, viewport):
    page = new_page(**({"viewport": MOBILE} if viewport == "mobile" else {}))
    login(page, reader)
    for name, path in PAGES.items():
        page.goto(path)
        expect(page.locator("fieldset.gender-switch legend")).to_have_text("Kön")
        axe_check(page)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow} px at {viewport}"
        screenshot(page, f"indicators-kon-{name}-{viewport}")


def test_the_switch_reads_without_javascript(new_page, login, reader):
    page = new_page(java_script_enabled=False)
    login(page, reader)
    page.goto("/statistik/N17461/")
    page.get_by_role("radio", name="Pojkar").check()
    page.get_by_role("button", name="Visa", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"kon=M"))
    expect(page.locator("h2#rangordning")).to_contain_text("pojkar")
