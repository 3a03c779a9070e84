"""The accessibility statement and the personal-data notice in Chromium: reached from the
login page's footer without an account, axe-clean, and readable on a phone."""

import pytest
from playwright.sync_api import expect

from conftest import MOBILE


@pytest.mark.parametrize(
    ("link", "heading"),
    [
        ("Tillgänglighetsredogörelse", "Tillgänglighetsredogörelse för Kunskapsnod"),
        ("Personuppgifter", "Så behandlar Kunskapsnod personuppgifter"),
    ],
)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_visitor_reads_the_statement_from_the_footer(link, heading, viewport, new_page, db, axe_check, screenshot):
    page = new_page(**({"viewport": MOBILE, "is_mobile": True} if viewport == "phone" else {}))
    page.goto("/konto/logga-in/")
    page.get_by_role("contentinfo").get_by_role("link", name=link).click()
    expect(page.locator("h1")).to_have_text(heading)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    axe_check(page)
    screenshot(page, f"statement-{link.lower()}-{viewport}")
