"""Issue 10 items 4–6 in Chromium over the real pre-study: the classification suggestions,
a need's "what others already do", a municipality's "what others do" and the project
register pass axe-core under the strict CSP and fit the screen at 1280 and 390 px; staff accept a suggestion
and confirm a connection with the keyboard, and accept one with JavaScript switched off."""

import datetime
import json

import pytest
from django.conf import settings
from playwright.sync_api import expect
from test_every_page_fits import OVERFLOW

from conftest import MOBILE
from kunskapsnod.knowledge import services as knowledge
from kunskapsnod.knowledge.models import Connection, Entry, EntryKind
from kunskapsnod.mapping.models import Classification, Item
from kunskapsnod.mapping.services import import_prestudy, load_analysis_models

DESKTOP = {"width": 1280, "height": 900}
NEED = "Introduktion/mottagande i skola för nyanlända."


@pytest.fixture
def prestudy(transactional_db, org, administrator):
    load_analysis_models(settings.DATA_DIR / "analysmodell.json")
    import_prestudy(actor=None, data=json.loads((settings.DATA_DIR / "sjuharad-forstudie-2022.json").read_text()))
    today = datetime.date.today()
    project = knowledge.create_entry(
        actor=administrator,
        entry=Entry(
            owner=org("boras"),
            kind=EntryKind.PROJECT,
            title="Nyanlända elever hela vägen",
            summary="Mottagande och studiehandledning för nyanlända elever.",
            funder="ESF-rådet",
            funding="esf",
            start_date=today - datetime.timedelta(days=100),
            end_date=today + datetime.timedelta(days=300),
            budget=2_500_000,
            target_group="Nyanlända elever",
        ),
        municipalities=[org("mark")],
    )
    knowledge.publish_entry(actor=administrator, entry=project)
    return project


def test_staff_go_through_the_suggestions_by_keyboard(new_page, login, prestudy, sjuharad_staff, axe_check, screenshot):
    for name, viewport in (("desktop", DESKTOP), ("mobile", MOBILE)):
        page = new_page(viewport=viewport)
        login(page, sjuharad_staff)
        page.goto("/kartlaggning/forslag/?municipality=ulricehamn")
        expect(page.locator(".suggestion").first).to_contain_text("Förslag:")
        expect(page.locator(".suggestion").first).to_contain_text("Varför:")
        axe_check(page)
        assert page.evaluate(OVERFLOW) is None
        screenshot(page, f"forslag-{name}")
    first = page.locator(".suggestion").first
    button = first.get_by_role("button", name="Godkänn")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("1 godkända")
    assert Classification.objects.filter(suggestion__isnull=False).count() == 1


def test_accepting_works_without_javascript(new_page, login, prestudy, sjuharad_staff):
    page = new_page(viewport=DESKTOP, java_script_enabled=False)
    login(page, sjuharad_staff)
    page.goto("/kartlaggning/forslag/?municipality=ulricehamn")
    page.locator(".suggestion input[name=val]").nth(0).check()
    page.locator(".suggestion input[name=val]").nth(1).check()
    page.get_by_role("button", name="Godkänn valda").click()
    expect(page.locator(".messages")).to_contain_text("2 godkända")


def test_a_need_shows_what_others_do_and_staff_confirm_by_keyboard(
    new_page, login, prestudy, sjuharad_staff, axe_check, screenshot
):
    need = Item.objects.get(text=NEED)
    for name, viewport in (("desktop", DESKTOP), ("mobile", MOBILE)):
        page = new_page(viewport=viewport)
        login(page, sjuharad_staff)
        page.goto(f"/kartlaggning/poster/{need.pk}/")
        expect(page.locator("#kopplingar")).to_contain_text("Vad andra redan gör")
        expect(page.locator("#kopplingar")).to_contain_text("gemensamma ord")
        axe_check(page)
        assert page.evaluate(OVERFLOW) is None
        screenshot(page, f"behov-kopplingar-{name}")
    confirm = page.locator("#kopplingar").get_by_role("button", name="Bekräfta").first
    confirm.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Kopplingen är bekräftad")
    expect(page.locator("#kopplingar")).to_contain_text("Bekräftade kopplingar")
    assert Connection.objects.filter(need=need, status="bekraftad").count() == 1
    for name, viewport in (("desktop", DESKTOP), ("mobile", MOBILE)):
        page = new_page(viewport=viewport)
        login(page, sjuharad_staff)
        page.goto("/kommun/bollebygd/vad-andra-gor/")
        expect(page.locator("#confirmed").locator("..")).to_contain_text(NEED)
        axe_check(page)
        assert page.evaluate(OVERFLOW) is None
        screenshot(page, f"kommun-vad-andra-gor-{name}")


def test_the_project_register_reads_at_both_widths(new_page, prestudy, axe_check, screenshot):
    for name, viewport in (("desktop", DESKTOP), ("mobile", MOBILE)):
        page = new_page(viewport=viewport)
        page.goto("/kunskapsbank/projekt/?organisation=sjuharad")
        expect(page.locator(".entry-card")).to_contain_text("Nyanlända elever hela vägen")
        expect(page.get_by_role("link", name="Ladda ner som Excel")).to_be_visible()
        axe_check(page)
        assert page.evaluate(OVERFLOW) is None
        screenshot(page, f"projektregister-{name}")
