"""The knowledge bank in Chromium: the empty bank and a filled one, an entry, its form
and the digest pass axe-core under the strict CSP at desktop and phone widths; a visitor
reads a published entry without signing in; an editor writes a draft and submits it,
using the keyboard for the workflow button; a Markdown body with HTML runs nothing."""

import datetime

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from conftest import MOBILE
from kunskapsnod.knowledge import services
from kunskapsnod.knowledge.models import Entry, EntryKind, Funding

BODY = """## Så arbetar vi

Studiecoacherna träffar eleverna **varje vecka** och följer upp frånvaron samma dag.

- kartläggning av frånvaron
- samtal med eleven och vårdnadshavare
- plan tillsammans med elevhälsan

Läs mer i [rapporten](https://example.org/rapport). <script>document.title = "hackad"</script>
<img src=x onerror="document.title='hackad'">"""


@pytest.fixture
def bank(transactional_db, org, administrator):
    """A published method, a published project and a draft, written through the services
    with the real analysis model; committed so the live server sees them."""
    from django.conf import settings

    from kunskapsnod.mapping.services import load_analysis_models

    load_analysis_models(settings.DATA_DIR / "analysmodell.json")
    from kunskapsnod.mapping.access import latest_model

    model = latest_model()
    method = services.create_entry(
        actor=administrator,
        entry=Entry(
            owner=org("boras"),
            kind=EntryKind.METHOD,
            title="Studiecoacher mot frånvaro",
            summary="Coacher följer elever med hög frånvaro i årskurs 7–9 och agerar samma dag.",
            body=BODY,
            level=model.levels.first(),
            target_group="Elever i årskurs 7–9 med hög frånvaro",
            target_age="13-15",
            contact_name="Exempelperson",
            contact_email="kontakt@example.org",
        ),
        themes=list(model.themes.all()[:2]),
        actors=["skola", "elevhalsa"],
        municipalities=[org("boras")],
        links=[("https://example.org/rapport", "Rapporten")],
    )
    services.publish_entry(actor=administrator, entry=method)
    services.add_attachment(
        actor=administrator, entry=method, file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="Årsrapport.pdf")
    )
    project = services.create_entry(
        actor=administrator,
        entry=Entry(
            owner=org("sjuharad"),
            kind=EntryKind.PROJECT,
            title="Gemensam uppföljning av unga 16–20",
            summary="Ett delregionalt projekt för kommunernas aktivitetsansvar.",
            project_owner=org("sjuharad"),
            funding=Funding.ESF,
            funder="ESF-rådet",
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2027, 12, 31),
            budget=3_200_000,
            modules="Kartläggning\nUppsökande arbete\nStudie- och yrkesvägledning",
            goals="Färre unga som varken arbetar eller studerar.",
        ),
        municipalities=[org("boras"), org("mark"), org("svenljunga")],
    )
    services.publish_entry(actor=administrator, entry=project)
    draft = services.create_entry(
        actor=administrator,
        entry=Entry(owner=org("boras"), kind=EntryKind.GOOD_EXAMPLE, title="Hemligt utkast", summary="Inte klart."),
    )
    return {"method": method, "project": project, "draft": draft}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_empty_bank_explains_itself_to_a_visitor(new_page, transactional_db, regions, axe_check, screenshot):
    for name, viewport in (("desktop", {"width": 1280, "height": 900}), ("mobile", MOBILE)):
        page = new_page(viewport=viewport)
        page.goto("/kunskapsbank/")
        expect(page.locator("h1")).to_have_text("Kunskapsbank")
        expect(page.locator(".empty-state")).to_contain_text("Kunskapsbanken är tom")
        axe_check(page)
        screenshot(page, f"knowledge-tom-{name}")


def test_a_visitor_reads_published_entries_without_signing_in(new_page, bank, axe_check, screenshot):
    for name, viewport in (("desktop", {"width": 1280, "height": 900}), ("mobile", MOBILE)):
        page = new_page(viewport=viewport)
        page.goto("/kunskapsbank/")
        expect(page.locator(".entry-card")).to_have_count(2)
        expect(page.locator("#results")).not_to_contain_text("Hemligt utkast")
        axe_check(page)
        screenshot(page, f"knowledge-lista-{name}")
        page.get_by_role("link", name="Studiecoacher mot frånvaro").click()
        expect(page.locator("h1")).to_have_text("Studiecoacher mot frånvaro")
        expect(page.locator(".entry-body li")).to_have_count(3)
        assert page.title() != "hackad"
        expect(page.get_by_role("link", name="Årsrapport.pdf")).to_be_visible()
        expect(page.get_by_role("button", name="Publicera")).to_have_count(0)
        axe_check(page)
        screenshot(page, f"knowledge-post-{name}")
        page.goto(f"/kunskapsbank/{bank['project'].pk}/")
        expect(page.locator("#projekt")).to_be_visible()
        axe_check(page)
        screenshot(page, f"knowledge-projekt-{name}")
    response = page.goto(f"/kunskapsbank/{bank['draft'].pk}/")
    assert response.status == 404


def test_the_filters_work_with_htmx(page, bank):
    page.goto("/kunskapsbank/")
    page.get_by_label("Typ", exact=True).select_option(label="Projekt")
    page.get_by_role("button", name="Filtrera").click()
    expect(page.locator(".entry-card")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("Gemensam uppföljning")
    assert "kind=projekt" in page.url


def test_an_editor_writes_a_draft_and_submits_it_by_keyboard(
    new_page, login, bank, boras_editor, axe_check, screenshot
):
    for name, viewport in (("desktop", {"width": 1280, "height": 900}), ("mobile", MOBILE)):
        page = new_page(viewport=viewport)
        login(page, boras_editor)
        page.goto("/kunskapsbank/ny/")
        axe_check(page)
        screenshot(page, f"knowledge-formular-{name}")
    # The project fields show only while the kind is Projekt.
    projects = page.locator("#project-fields")
    page.locator("#id_kind").select_option("metod")
    expect(projects).to_be_hidden()
    page.locator("#id_kind").select_option("projekt")
    expect(projects).to_be_visible()
    expect(projects.locator("legend")).to_contain_text("Projekt")
    screenshot(page, "knowledge-formular-projekt-mobile")
    page.locator("#id_project_owner").select_option(index=1)
    page.locator("#id_kind").select_option("gott_exempel")
    expect(projects).to_be_hidden()
    page.get_by_label("Rubrik").fill("Läxhjälp på biblioteket")
    page.get_by_label("Sammanfattning").fill("Frivilliga hjälper elever med läxor två kvällar i veckan.")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".messages")).to_contain_text("Posten är sparad")
    expect(page.locator(".notice")).to_contain_text("Utkast")
    submit = page.get_by_role("button", name="Skicka för granskning")
    submit.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("skickad för granskning")
    expect(page.get_by_role("button", name="Publicera")).to_have_count(0)
    axe_check(page)
    assert Entry.objects.get(title="Läxhjälp på biblioteket").status == "granskning"


def test_node_staff_see_the_review_buttons(page, login, bank, sjuharad_staff, administrator, axe_check, screenshot):
    services.submit_entry(actor=administrator, entry=bank["draft"])
    login(page, sjuharad_staff)
    page.goto(f"/kunskapsbank/{bank['draft'].pk}/")
    expect(page.get_by_role("button", name="Publicera")).to_be_visible()
    expect(page.get_by_role("button", name="Skicka tillbaka till utkast")).to_be_visible()
    axe_check(page)
    screenshot(page, "knowledge-granskning-desktop")


def test_the_digest_reads_and_prints(new_page, bank, axe_check, screenshot):
    for name, viewport in (("desktop", {"width": 1280, "height": 900}), ("mobile", MOBILE)):
        page = new_page(viewport=viewport)
        page.goto("/kunskapsbank/sammanstallning/")
        expect(page.locator(".digest-entry")).to_have_count(2)
        axe_check(page)
        screenshot(page, f"knowledge-sammanstallning-{name}")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("form.filters")).to_be_hidden()
    screenshot(page, "knowledge-sammanstallning-utskrift")
