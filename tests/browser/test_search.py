"""Search in Chromium: the header box and /sok/ pass axe-core under the strict CSP at
desktop and phone widths (nothing wider than the phone); a signed-in user narrows the hits
with a facet link and pages without JavaScript; a visitor finds only what is published;
hostile text in a hit runs nothing; node staff edit the synonym list and the next search
uses it."""

import pytest
from playwright.sync_api import expect

from conftest import DESKTOP, MOBILE
from kunskapsnod.knowledge import services as knowledge
from kunskapsnod.knowledge.models import Entry
from kunskapsnod.mapping.models import Item
from kunskapsnod.mapping.services import save_item


@pytest.fixture
def indexed(transactional_db, org, administrator):
    """Items and entries written through the services (which index them), committed so the
    live server sees them."""
    for n in range(23):
        text = f"Föräldrastöd i grupp nummer {n}" if n % 2 else f"Skolfrånvaro följs upp, insats {n}"
        save_item(
            actor=administrator, item=Item(kind="insats", text=text, municipality=org("boras" if n % 3 else "mark"))
        )
    save_item(
        actor=administrator,
        item=Item(
            kind="behov", text="Föräldrastöd <img src=x onerror=\"document.title='hackad'\">", municipality=org("mark")
        ),
    )
    entry = Entry(owner=org("boras"), kind="metod", title="Föräldrastöd som metod", summary="Grupper för föräldrar.")
    knowledge.publish_entry(actor=administrator, entry=knowledge.create_entry(actor=administrator, entry=entry))
    draft = Entry(owner=org("boras"), kind="metod", title="Föräldrastöd i utkast", summary="Inte klart.")
    knowledge.create_entry(actor=administrator, entry=draft)


def test_a_signed_in_user_searches_narrows_and_pages(new_page, login, indexed, boras_reader, axe_check, screenshot):
    for name, viewport in (("desktop", DESKTOP), ("mobile", MOBILE)):
        page = new_page(viewport=viewport)
        login(page, boras_reader)
        page.goto("/")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        screenshot(page, f"search-header-{name}", full_page=False)
        page.get_by_label("Sök på webbplatsen").fill("foraldrastod")
        page.get_by_label("Sök på webbplatsen").press("Enter")
        expect(page.locator(".result-count")).to_contain_text("13 träffar")
        expect(page.locator(".hit mark").first).to_be_visible()
        assert page.title() != "hackad"
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        axe_check(page)
        screenshot(page, f"search-{name}")
    page.locator(".search-facets").get_by_role("link", name="Behov").click()
    expect(page.locator(".result-count")).to_contain_text("1 träff")
    expect(page.locator(".facet-selected")).to_contain_text("Behov")


def test_the_page_works_without_javascript(new_page, login, indexed, boras_reader):
    page = new_page(viewport=DESKTOP, java_script_enabled=False)
    login(page, boras_reader)
    page.goto("/sok/?q=nummer+insats")
    expect(page.locator(".result-count")).to_contain_text("23 träffar")
    page.get_by_role("link", name="Nästa").click()
    expect(page.locator(".pager")).to_contain_text("Sida 2 av 2")
    expect(page.locator(".hit")).to_have_count(3)


def test_a_visitor_finds_the_published_entry_only(page, indexed, axe_check):
    page.goto("/sok/?q=f%C3%B6r%C3%A4ldrast%C3%B6d")
    expect(page.locator(".hit")).to_have_count(1)
    expect(page.locator(".hit")).to_contain_text("Föräldrastöd som metod")
    axe_check(page)


def test_an_empty_or_punctuation_query_is_answered(page, indexed, axe_check):
    page.goto("/sok/?q=%3F%21%3B")
    expect(page.locator("#results")).to_contain_text("inga sökbara ord")
    axe_check(page)


def test_node_staff_edit_the_synonym_list(new_page, login, indexed, sjuharad_staff, axe_check, screenshot):
    page = new_page(viewport=MOBILE)
    login(page, sjuharad_staff)
    page.goto("/sok/synonymer/")
    axe_check(page)
    screenshot(page, "search-synonyms-mobile")
    page.get_by_label("Förkortning eller ord").fill("FSG")
    page.get_by_label("Betydelse").fill("föräldrastöd i grupp")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".messages")).to_contain_text("Synonymlistan är sparad")
    page.goto("/sok/?q=FSG")
    expect(page.locator(".result-count")).to_contain_text("träffar")
