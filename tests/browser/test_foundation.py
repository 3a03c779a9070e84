"""The foundation in a real browser (issue 3): a Borås editor signs in through the form,
walks the main pages with axe-core on each, is refused Mark's data, edits Borås's own,
uses the keyboard only, and signs out; the lockout and the no-JavaScript path."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from conftest import LOGIN_PATH, MOBILE, PASSWORD
from kunskapsnod.regions.models import Meeting, Person
from kunskapsnod.regions.services import save_meeting

MAIN_NAV = ["Start", "Organisering", "Möten"]


@pytest.fixture
def meetings(org, boras_editor, mark_editor):
    """One dialogue meeting each for Borås and Mark, saved by their own editors."""
    boras, mark = org("boras"), org("mark")
    official = Person.objects.create(name="Elin Ek", title="Elevhälsochef", organisation=boras)
    boras_meeting = save_meeting(
        actor=boras_editor,
        meeting=Meeting(
            date=datetime.date.today(),
            topic="Dialogmöte om närvaro",
            organiser=boras,
            municipality=boras,
            participant_count=14,
            notes="Uppföljning av frånvaro.",
        ),
        attendees=[official],
    )
    mark_meeting = save_meeting(
        actor=mark_editor,
        meeting=Meeting(
            date=datetime.date.today(),
            topic="Marks nätverksmöte",
            organiser=mark,
            municipality=mark,
            participant_count=9,
        ),
    )
    return {"boras": boras_meeting, "mark": mark_meeting}


MAIN_PAGES = {
    "start": ("/", "Översikt: Boråsregionen Sjuhärad"),
    "organisering": ("/organisering/", "Organisering"),
    "kommun-boras": ("/kommun/boras/", "Borås"),
    "forbund-sjuharad": ("/forbund/sjuharad/", "Boråsregionen Sjuhärad"),
    "moten": ("/moten/", "Dialogmöten och nätverksmöten"),
    "mote": (None, "Dialogmöte om närvaro"),
    "byt-losenord": ("/konto/losenord/", "Byt lösenord"),
}


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_each_main_page_renders_for_the_editor_and_passes_axe(
    name, page, login, boras_editor, meetings, axe_check, screenshot
):
    path, heading = MAIN_PAGES[name]
    login(page, boras_editor)
    page.goto(path or f"/moten/{meetings['boras'].pk}/")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_contain_text(heading)
    expect(page).to_have_title(re.compile(r"– Kunskapsnod fullföljda studier$"))
    axe_check(page)
    screenshot(page, f"foundation-{name}-desktop")


def test_the_editor_walks_from_the_start_page_by_links(page, login, boras_editor, meetings):
    login(page, boras_editor)
    expect(page).to_have_url(re.compile(r"/$"))
    page.get_by_role("link", name="Borås", exact=True).first.click()
    expect(page.locator("h1")).to_contain_text("Borås")
    page.get_by_role("link", name="Boråsregionen Sjuhärad").first.click()
    expect(page.locator("h1")).to_contain_text("Boråsregionen Sjuhärad")
    nav = page.get_by_role("navigation", name="Huvudmeny")
    nav.get_by_role("link", name="Organisering").click()
    expect(page.locator("h1")).to_have_text("Organisering")
    expect(nav.get_by_role("link", name="Organisering")).to_have_attribute("aria-current", "page")
    nav.get_by_role("link", name="Möten").click()
    page.get_by_role("link", name="Dialogmöte om närvaro").click()
    expect(page.locator("h1")).to_have_text("Dialogmöte om närvaro")
    expect(page.get_by_text("Elin Ek, Elevhälsochef")).to_be_visible()
    expect(page.get_by_role("link", name="Redigera")).to_be_visible()


def test_the_login_page_passes_axe(page, axe_check, screenshot):
    page.goto("/")
    expect(page).to_have_url(re.compile(LOGIN_PATH))
    expect(page.locator("h1")).to_have_text("Logga in")
    axe_check(page)
    screenshot(page, "foundation-login-desktop")


def test_it_refuses_the_edit_page_of_another_municipality(page, login, boras_editor, org, axe_check, screenshot):
    login(page, boras_editor)
    page.goto("/kommun/mark/")
    expect(page.locator("h1")).to_contain_text("Mark")
    expect(page.get_by_role("link", name="Redigera uppgifter")).to_have_count(0)
    response = page.goto("/organisation/mark/redigera/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Sidan finns inte")
    expect(page.get_by_label("Beskrivning")).to_have_count(0)
    axe_check(page)
    screenshot(page, "foundation-404-desktop")
    assert org("mark").description == ""


def _forge(page, *, action: str, fields: dict[str, str]) -> None:
    """Point the form on the page at another URL with other values and submit it: what a
    user can do with the browser's developer tools, so the server must refuse it."""
    page.evaluate(
        """([action, fields]) => {
            const form = document.querySelector("main form[method=post]");
            form.action = action;
            for (const [name, value] of Object.entries(fields)) form.elements[name].value = value;
            form.submit();
        }""",
        [action, fields],
    )
    page.wait_for_load_state()


def test_it_refuses_a_forged_post_to_a_mark_meeting(page, login, boras_editor, meetings):
    login(page, boras_editor)
    mark_meeting = meetings["mark"]
    page.goto(f"/moten/{meetings['boras'].pk}/redigera/")
    page.get_by_label("Ämne").fill("Kapat av Borås")
    with page.expect_navigation() as navigation:
        _forge(page, action=f"/moten/{mark_meeting.pk}/redigera/", fields={})
    assert navigation.value.status == 404
    expect(page.locator("h1")).to_have_text("Sidan finns inte")
    mark_meeting.refresh_from_db()
    assert mark_meeting.topic == "Marks nätverksmöte"
    assert Meeting.objects.filter(topic="Kapat av Borås").count() == 0


def test_it_refuses_a_forged_delete_of_a_mark_meeting(page, login, boras_editor, meetings):
    login(page, boras_editor)
    page.goto(f"/moten/{meetings['boras'].pk}/")
    page.evaluate("() => { document.querySelector('form[data-confirm]').removeAttribute('data-confirm'); }")
    with page.expect_navigation() as navigation:
        _forge(page, action=f"/moten/{meetings['mark'].pk}/ta-bort/", fields={})
    assert navigation.value.status == 404
    assert Meeting.objects.filter(pk=meetings["mark"].pk).exists()
    assert Meeting.objects.filter(pk=meetings["boras"].pk).exists()


def test_it_refuses_a_forged_post_to_the_mark_organisation(page, login, boras_editor, org):
    login(page, boras_editor)
    page.goto("/organisation/boras/redigera/")
    with page.expect_navigation() as navigation:
        _forge(page, action="/organisation/mark/redigera/", fields={"description": "Borås var här"})
    assert navigation.value.status == 404
    assert org("mark").description == ""
    assert org("boras").description == ""


def test_the_editor_changes_the_description_of_boras(page, login, boras_editor, org, axe_check, screenshot):
    login(page, boras_editor)
    page.goto("/kommun/boras/")
    page.get_by_role("link", name="Redigera uppgifter").click()
    expect(page.locator("h1")).to_have_text("Redigera Borås")
    axe_check(page)
    screenshot(page, "foundation-organisation-edit-desktop")
    page.get_by_label("Beskrivning").fill("Borås stad arbetar med närvarofrämjande insatser.")
    page.get_by_role("button", name="Spara").click()
    expect(page).to_have_url(re.compile(r"/kommun/boras/$"))
    expect(page.get_by_role("status")).to_contain_text("Uppgifterna är sparade.")
    expect(page.get_by_text("Borås stad arbetar med närvarofrämjande insatser.")).to_be_visible()
    assert org("boras").description == "Borås stad arbetar med närvarofrämjande insatser."


def _focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement, style = getComputedStyle(el);
            return {tag: el.tagName.toLowerCase(), id: el.id, text: el.textContent.trim(),
                    outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
                    top: el.getBoundingClientRect().top, left: el.getBoundingClientRect().left};
        }"""
    )


def test_the_first_tab_reaches_the_skip_link_and_enter_moves_to_main(page, login, boras_editor, screenshot):
    login(page, boras_editor)
    page.goto("/organisering/")
    page.keyboard.press("Tab")
    screenshot(page, "foundation-focus-skip-link", full_page=False)
    focused = _focused(page)
    assert focused["text"] == "Hoppa till innehållet"
    assert focused["left"] >= 0 and focused["top"] >= 0, "the skip link must be on screen when focused"
    assert focused["outline"] != "none" and focused["outlineWidth"] >= 2
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


def test_the_main_navigation_is_reachable_by_tab_with_a_visible_focus(page, login, boras_editor, screenshot):
    login(page, boras_editor)
    seen = {}
    for _ in range(15):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if focused["tag"] == "a" and focused["text"] in MAIN_NAV:
            seen[focused["text"]] = focused
            if focused["text"] == "Organisering":
                screenshot(page, "foundation-focus-nav", full_page=False)
        if len(seen) == len(MAIN_NAV):
            break
    assert sorted(seen) == sorted(MAIN_NAV)
    for label, focused in seen.items():
        assert focused["outline"] != "none" and focused["outlineWidth"] >= 2, f"no visible focus on {label}"
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Dialogmöten och nätverksmöten")


def test_logout_ends_the_session(page, login, boras_editor):
    login(page, boras_editor)
    page.get_by_role("button", name="Logga ut").click()
    expect(page).to_have_url(re.compile(LOGIN_PATH))
    page.goto("/kommun/boras/")
    expect(page).to_have_url(re.compile(LOGIN_PATH))
    expect(page.locator("h1")).to_have_text("Logga in")


def test_the_editor_changes_the_password(page, login, boras_editor):
    login(page, boras_editor)
    page.goto("/konto/losenord/")
    page.get_by_label("Gammalt lösenord").fill(PASSWORD)
    page.get_by_label(re.compile(r"^Nytt lösenord")).fill("nytt-långt-lösenord-42")
    page.get_by_label("Bekräfta nytt lösenord").fill("nytt-långt-lösenord-42")
    page.get_by_role("button", name="Byt lösenord").click()
    expect(page).to_have_url(re.compile(r"/konto/losenord/klart/$"))
    boras_editor.refresh_from_db()
    assert boras_editor.check_password("nytt-långt-lösenord-42")


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(page, login, boras_editor, axe_check, screenshot):
    for attempt in range(1, 5):
        login(page, boras_editor, password=f"fel-lösenord-{attempt}")
        expect(page.locator("h1")).to_have_text("Logga in")
        expect(page.get_by_role("alert")).to_be_visible()
    login(page, boras_editor, password="fel-lösenord-5")
    expect(page.locator("h1")).to_have_text("Kontot är tillfälligt låst")
    axe_check(page)
    screenshot(page, "foundation-locked-out-desktop")
    login(page, boras_editor, password=PASSWORD, succeeds=False)
    expect(page.locator("h1")).to_have_text("Kontot är tillfälligt låst")
    page.goto("/")
    expect(page).to_have_url(re.compile(LOGIN_PATH))


def test_login_and_the_start_page_work_without_javascript(new_page, login, boras_editor):
    page = new_page(java_script_enabled=False)
    login(page, boras_editor)
    expect(page.locator("h1")).to_have_text("Översikt: Boråsregionen Sjuhärad")
    nav = page.get_by_role("navigation", name="Huvudmeny")
    for label in MAIN_NAV:
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Borås", exact=True).first).to_be_visible()
    page.get_by_role("button", name="Logga ut").click()
    expect(page).to_have_url(re.compile(LOGIN_PATH))


@pytest.mark.parametrize("path", ["/", "/organisering/", "/kommun/boras/", "/moten/"])
def test_pages_fit_a_phone_screen_without_sideways_scrolling(path, new_page, login, boras_editor, meetings, screenshot):
    page = new_page(viewport=MOBILE, is_mobile=True, has_touch=True)
    login(page, boras_editor)
    page.goto(path)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= MOBILE["width"], f"{path} is {width}px wide on a {MOBILE['width']}px screen"
    screenshot(page, "foundation-mobile" + (path.rstrip("/").replace("/", "-") or "-start"))


def test_the_start_page_on_a_phone_passes_axe(new_page, login, boras_editor, axe_check, screenshot):
    page = new_page(viewport=MOBILE, is_mobile=True, has_touch=True)
    login(page, boras_editor)
    axe_check(page)
    expect(page.locator("h1")).to_have_text("Översikt: Boråsregionen Sjuhärad")
    screenshot(page, "foundation-start-mobile")


MORE_PAGES = {
    "grupper": ("/organisering/grupper/", "Grupper och nätverk"),
    "personer": ("/organisering/personer/", None),
    "nytt-mote": ("/moten/nytt/", "Registrera möte"),
}


@pytest.mark.parametrize("name", MORE_PAGES)
def test_the_other_organisation_pages_pass_axe(name, page, login, boras_editor, meetings, axe_check, screenshot):
    path, heading = MORE_PAGES[name]
    login(page, boras_editor)
    response = page.goto(path)
    assert response.status == 200
    expect(page.locator("h1")).to_have_count(1)
    if heading:
        expect(page.locator("h1")).to_have_text(heading)
    axe_check(page)
    screenshot(page, f"foundation-{name}-desktop")


def test_the_password_reset_page_passes_axe(page, axe_check, screenshot):
    page.goto("/konto/logga-in/")
    page.get_by_role("link", name="Glömt lösenordet?").click()
    expect(page.locator("h1")).to_have_count(1)
    expect(page.get_by_role("button")).not_to_have_count(0)
    axe_check(page)
    screenshot(page, "foundation-password-reset-desktop")


def test_the_audit_log_shows_the_editors_change_to_an_administrator(
    page, new_page, login, boras_editor, administrator, axe_check, screenshot
):
    login(page, boras_editor)
    page.goto("/organisation/boras/redigera/")
    page.get_by_label("Kontaktperson", exact=True).fill("Kim Kontakt")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_contain_text("Uppgifterna är sparade.")
    admin_page = new_page()
    login(admin_page, administrator)
    admin_page.get_by_role("link", name="Granskningslogg").click()
    row = admin_page.get_by_role("row").filter(has_text="Kim Kontakt")
    expect(row).to_contain_text("alice")
    expect(row).to_contain_text("Ändring")
    axe_check(admin_page)
    screenshot(admin_page, "foundation-audit-log-desktop")


def test_the_shell_switches_to_english(page, login, boras_editor):
    login(page, boras_editor)
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Byt språk").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Hoppa till innehållet")).to_have_count(0)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_every_page_in_the_main_menu_renders_and_passes_axe(page, login, boras_editor, axe_check):
    """Follows the menu as it is, so each module's landing page is checked once it exists.
    (On an empty database a module may answer 404, e.g. mapping without an analysis model:
    the 404 page must pass too; server errors fail through the page guard.)"""
    login(page, boras_editor)
    nav = page.get_by_role("navigation", name="Huvudmeny")
    hrefs = [link.get_attribute("href") for link in nav.get_by_role("link").all()]
    assert len(hrefs) >= len(MAIN_NAV)
    for href in hrefs:
        response = page.goto(href)
        assert response.status in (200, 404), f"{href} answered {response.status}"
        expect(page.locator("h1")).to_have_count(1)
        axe_check(page)


def test_form_errors_are_tied_to_their_fields_and_pass_axe(page, login, boras_editor, axe_check, screenshot):
    login(page, boras_editor)
    page.goto("/moten/nytt/")
    page.get_by_label("Antal deltagare").fill("-3")
    # The browser's own checks (required, min) would stop this; the server's must speak too.
    page.evaluate("() => { document.querySelector('main form').noValidate = true; }")
    page.get_by_role("button", name="Spara").click()
    topic = page.get_by_label("Ämne")
    expect(topic).to_have_attribute("aria-invalid", "true")
    error_id = topic.get_attribute("aria-describedby").split()[-1]
    expect(page.locator(f"#{error_id}")).to_contain_text("Detta fält måste fyllas i.")
    expect(page.get_by_label("Antal deltagare")).to_have_attribute("aria-invalid", "true")
    axe_check(page)
    screenshot(page, "foundation-form-errors-desktop")
    assert not Meeting.objects.exists()
