"""Registering a meeting, a missing official is added in place (issue 8: the attendees
list was empty with no way to add anyone): with HTMX only the attendees part changes and
what was typed stays; without JavaScript the page comes back with the meeting unsaved,
its fields as typed and the new official ticked."""

import pytest
from playwright.sync_api import expect

from conftest import MOBILE
from kunskapsnod.regions.models import Meeting, Person


def _fill_meeting(page):
    page.get_by_label("Datum").fill("2026-11-20")
    page.get_by_label("Ämne").fill("Dialogmöte om närvaro")
    page.get_by_label("Arrangör").select_option(label="Borås")


def _add_official(page, name):
    page.get_by_text("Saknas någon? Registrera en ny tjänsteperson").click()
    attendee = page.locator("#deltagare")
    attendee.get_by_label("Namn").fill(name)
    attendee.get_by_label("Befattning").fill("Elevhälsochef")
    attendee.get_by_label("Organisation").select_option(label="Borås")
    page.get_by_role("button", name="Lägg till som deltagare").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_the_editor_adds_a_missing_official_while_registering_a_meeting(
    javascript, new_page, login, boras_editor, axe_check, screenshot
):
    page = new_page(java_script_enabled=javascript)
    login(page, boras_editor)
    page.goto("/moten/nytt/")
    expect(page.get_by_role("group", name="Deltagande tjänstepersoner")).to_contain_text("Inga tjänstepersoner")
    _fill_meeting(page)
    _add_official(page, "Elin Ek")
    expect(page.get_by_role("status")).to_contain_text("Elin Ek är registrerad och markerad som deltagare.")
    expect(page.get_by_label("Elin Ek (Borås)")).to_be_checked()
    expect(page.get_by_label("Ämne")).to_have_value("Dialogmöte om närvaro")
    assert not Meeting.objects.exists()
    if javascript:  # axe-core runs in the page, which needs JavaScript
        axe_check(page)
    screenshot(page, f"meeting-attendee-added-{'htmx' if javascript else 'no-js'}")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator("h1")).to_have_text("Dialogmöte om närvaro")
    meeting = Meeting.objects.get()
    assert [p.name for p in meeting.attendees.all()] == ["Elin Ek"]
    assert Person.objects.get().title == "Elevhälsochef"


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_a_missing_name_is_said_next_to_the_field_and_nothing_is_saved(javascript, new_page, login, boras_editor):
    page = new_page(java_script_enabled=javascript)
    login(page, boras_editor)
    page.goto("/moten/nytt/")
    _fill_meeting(page)
    page.get_by_text("Saknas någon? Registrera en ny tjänsteperson").click()
    page.locator("#deltagare").get_by_label("Befattning").fill("Rektor")
    page.get_by_role("button", name="Lägg till som deltagare").click()
    name = page.locator("#deltagare").get_by_label("Namn")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#deltagare .errors")).to_contain_text("Detta fält måste fyllas i.")
    expect(page.get_by_label("Ämne")).to_have_value("Dialogmöte om närvaro")
    assert not Person.objects.exists()
    assert not Meeting.objects.exists()


def test_enter_in_a_meeting_field_saves_the_meeting(new_page, login, boras_editor):
    """Without JavaScript the first button of the form is "Lägg till som deltagare"; with
    no person typed, Enter still saves the meeting."""
    page = new_page(java_script_enabled=False)
    login(page, boras_editor)
    page.goto("/moten/nytt/")
    _fill_meeting(page)
    page.get_by_label("Ämne").press("Enter")
    expect(page.locator("h1")).to_have_text("Dialogmöte om närvaro")
    assert Meeting.objects.count() == 1


def test_the_meeting_form_fits_a_phone(new_page, login, boras_editor, screenshot):
    page = new_page(viewport=MOBILE, is_mobile=True)
    login(page, boras_editor)
    page.goto("/moten/nytt/")
    page.get_by_text("Saknas någon? Registrera en ny tjänsteperson").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    screenshot(page, "meeting-form-mobile")
