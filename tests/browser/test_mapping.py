"""The mapping pages in Chromium on the real 2022 pre-study (issue 5): the list, the
analysis matrix, the gap view and the combined priorities pass axe-core under the strict
CSP; bulk classification works by keyboard-free clicking through the real form."""

import json

import pytest
from django.conf import settings
from playwright.sync_api import expect

PAGES = {
    "lista": ("/kartlaggning/poster/?municipality=boras&kind=behov", "Insatser och behov"),
    "matris": ("/kartlaggning/matris/?association=sjuharad", "Analysmatris"),
    "gap": ("/kartlaggning/gap/?association=sjuharad", "Gap"),
    "prioriteringar": ("/kartlaggning/prioriteringar/?association=sjuharad", "Vad vill de flesta"),
    "kommun-svenljunga": ("/kommun/svenljunga/kartlaggning/", "Kartläggning: Svenljunga"),
    "oklassificerade": ("/kartlaggning/oklassificerade/?municipality=mark", "Oklassificerade"),
}


@pytest.fixture
def prestudy(transactional_db, regions):
    """The real analysis model and pre-study, committed so the live server's threads see them."""
    from kunskapsnod.mapping.services import import_prestudy, load_analysis_models

    load_analysis_models(settings.DATA_DIR / "analysmodell.json")
    data = json.loads((settings.DATA_DIR / "sjuharad-forstudie-2022.json").read_text("utf-8"))
    import_prestudy(actor=None, data=data)


def test_mapping_pages_pass_axe(page, login, prestudy, boras_reader, axe_check, screenshot):
    login(page, boras_reader)
    for name, (path, heading) in PAGES.items():
        page.goto(path)
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator("h1")).to_contain_text(heading)
        axe_check(page)
        screenshot(page, f"mapping-{name}-desktop")


def test_the_list_filters_with_htmx_and_the_matrix_links_to_it(page, login, prestudy, boras_reader):
    login(page, boras_reader)
    page.goto("/kartlaggning/poster/")
    page.get_by_label("Kommun", exact=True).select_option(label="Borås")
    page.get_by_label("Typ", exact=True).select_option(label="Behov")
    page.get_by_role("button", name="Filtrera").click()
    expect(page.locator("#results")).to_contain_text("35 poster")
    assert "municipality=boras" in page.url


def test_node_staff_classify_several_items_at_once(page, login, prestudy, sjuharad_staff, screenshot):
    login(page, sjuharad_staff)
    page.goto("/kartlaggning/oklassificerade/?municipality=mark")
    boxes = page.locator('input[name="items"]')
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_label("Hälsa för lärande").check()
    page.get_by_label("Förebyggande insatser").check()
    page.get_by_role("button", name="Klassificera markerade").click()
    expect(page.locator(".messages")).to_contain_text("2 poster klassificerades")
    page.goto("/kartlaggning/matris/?municipality=mark")
    row = page.get_by_role("row", name="Hälsa för lärande")
    expect(row).to_contain_text("2")
    screenshot(page, "mapping-matris-mark-efter-klassificering")


def test_the_matrix_reads_on_a_phone(new_page, login, prestudy, boras_reader, axe_check, screenshot):
    page = new_page(viewport={"width": 390, "height": 844})
    login(page, boras_reader)
    page.goto("/kartlaggning/matris/?association=sjuharad")
    axe_check(page)
    screenshot(page, "mapping-matris-mobile")


def test_the_forms_for_node_staff_pass_axe(page, login, prestudy, sjuharad_staff, axe_check, screenshot):
    from kunskapsnod.mapping.models import Item

    item = Item.objects.filter(municipality__slug="boras").first()
    login(page, sjuharad_staff)
    forms = {
        "ny-post": "/kartlaggning/poster/ny/",
        "klassificera-post": f"/kartlaggning/poster/{item.pk}/klassificera/",
        "ny-version": "/kartlaggning/analysmodell/2/ny-version/",
        "mappning": "/kartlaggning/analysmodell/2/mappning/",
        "klassificera-prioriteringar": "/kartlaggning/prioriteringar/klassificera/?municipality=svenljunga",
        "analysmodell": "/kartlaggning/analysmodell/2/",
        "import": "/kartlaggning/import/",
    }
    for name, path in forms.items():
        page.goto(path)
        expect(page.locator("h1")).to_have_count(1)
        axe_check(page)
        screenshot(page, f"mapping-{name}-desktop")


def test_a_fresh_database_explains_how_to_load_a_model(
    page, login, transactional_db, regions, boras_reader, axe_check, screenshot
):
    login(page, boras_reader)
    page.goto("/")
    page.get_by_role("link", name="Kartläggning").first.click()
    expect(page.locator("h1")).to_contain_text("ingen analysmodell är inläst ännu")
    expect(page.locator("main")).to_contain_text("kunskapsnod import_prestudy")
    axe_check(page)
    screenshot(page, "mapping-ingen-analysmodell-desktop")


def test_the_current_list_and_the_empty_matrix_read_clearly(
    page, login, prestudy, sjuharad_staff, axe_check, screenshot
):
    import datetime

    from kunskapsnod.mapping.models import Item
    from kunskapsnod.mapping.services import save_prioritised_needs
    from kunskapsnod.regions.models import Organisation

    save_prioritised_needs(
        actor=sjuharad_staff,
        municipality=Organisation.objects.get(slug="mark"),
        source_label="Workshop: behov 2026",
        source_date=datetime.date(2026, 11, 20),
        ranked=[("Fler vuxna i skolan", 5), ("Läxhjälp", 1)],
        workshop_ref="workshop:BROWSER1",
    )
    mark = Item.objects.filter(municipality__slug="mark").count()
    login(page, sjuharad_staff)
    page.goto("/kommun/mark/kartlaggning/")
    expect(page.locator("main")).to_contain_text(f"{mark} poster")
    expect(page.locator("main")).to_contain_text("Aktuell lista")
    expect(page.locator("main")).to_contain_text("(1 plupp)")
    axe_check(page)
    screenshot(page, "mapping-kommun-mark-aktuell-lista-desktop")
    page.goto("/kartlaggning/gap/?municipality=mark")
    page.get_by_role("link", name="Klassificera posterna").click()
    expect(page.locator("h1")).to_contain_text("Oklassificerade")
    page.goto("/kartlaggning/")
    axe_check(page)
    screenshot(page, "mapping-start-desktop")
