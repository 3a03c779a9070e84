"""The workshop for a hall, in real browsers: the projector view (code, QR, participants,
timer), the facilitator's board by drag and drop, by keyboard and without JavaScript,
merge with undo, votes hidden until revealed, and a participant's phone at 390 px."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from kunskapsnod.mapping.services import load_analysis_models
from kunskapsnod.workshops.models import Note, Phase
from kunskapsnod.workshops.services import (
    add_facilitator_note,
    cast_dot,
    create_workshop,
    join_workshop,
    place_note_as_facilitator,
    set_phase,
    set_sort_by,
)

TEXTS = ("Gemensam rutin för frånvarouppföljning", "Fler fritidsgårdar i centrum", "Läxhjälp på biblioteket")
PROJECTOR = {"width": 1920, "height": 1080}


@pytest.fixture
def workshop(org, sjuharad_staff):
    workshop = create_workshop(actor=sjuharad_staff, organisation=org("boras"), title="Konferensen 2026")
    for text in TEXTS:
        add_facilitator_note(actor=sjuharad_staff, workshop=workshop, text=text)
    return workshop


@pytest.fixture
def facilitator(new_page, login, sjuharad_staff, workshop):
    page = new_page()
    login(page, sjuharad_staff)
    page.goto(f"/workshoppar/{workshop.pk}/")
    return page


def _note(text):
    return Note.objects.get(text=text)


def _card(page, text):
    return page.locator("#tavla .board .note", has_text=text)


def test_the_board_moves_and_merges_by_drag_and_drop_with_undo(facilitator, workshop, screenshot):
    board = facilitator.locator("#tavla .board")
    expect(board.locator("[data-column=unsorted] .note")).to_have_count(3)
    _card(facilitator, TEXTS[0]).drag_to(board.locator("[data-column=delregionalt]"))
    expect(board.locator("[data-column=delregionalt] .note", has_text=TEXTS[0])).to_be_visible()
    assert _note(TEXTS[0]).placement == "delregionalt"

    _card(facilitator, TEXTS[1]).drag_to(_card(facilitator, TEXTS[2]))
    expect(facilitator.get_by_role("status").filter(has_text="Lapparna slogs ihop.")).to_be_visible()
    expect(board.locator(".note")).to_have_count(2)
    assert _note(TEXTS[1]).merged_into == _note(TEXTS[2])
    facilitator.get_by_role("button", name="Ångra", exact=True).click()
    expect(board.locator(".note")).to_have_count(3)
    assert _note(TEXTS[1]).merged_into is None
    screenshot(facilitator, "workshop-board-1280")


def _centred_on_its_field(page, field_id):
    label = page.locator(f"label[for={field_id}]").bounding_box()
    field = page.locator(f"#{field_id}").bounding_box()
    return abs((label["y"] + label["height"] / 2) - (field["y"] + field["height"] / 2)) <= 2


def test_the_keyboard_moves_and_merges_what_the_mouse_drags(facilitator, workshop, axe_check):
    # The labels beside the board's fields sit level with them (they sat at the bottom).
    assert _centred_on_its_field(facilitator, "tid-minuter") and _centred_on_its_field(facilitator, "sla-ihop-lapp")
    move = facilitator.get_by_role("button", name=f"Flytta till Internt: {TEXTS[2]}")
    move.focus()
    facilitator.keyboard.press("Enter")
    expect(facilitator.locator("[data-column=internt] .note", has_text=TEXTS[2])).to_be_visible()
    facilitator.get_by_label("Slå ihop lappen").select_option(label=TEXTS[0])
    facilitator.get_by_label("med", exact=True).select_option(label=TEXTS[1])
    facilitator.get_by_role("button", name="Slå ihop", exact=True).focus()
    facilitator.keyboard.press("Enter")
    expect(facilitator.locator("#tavla .board .note")).to_have_count(2)
    assert _note(TEXTS[0]).merged_into == _note(TEXTS[1])
    axe_check(facilitator)


def test_the_board_works_without_javascript(new_page, login, sjuharad_staff, workshop):
    page = new_page(java_script_enabled=False)
    login(page, sjuharad_staff)
    page.goto(f"/workshoppar/{workshop.pk}/")
    page.get_by_role("button", name=f"Flytta till Delregionalt: {TEXTS[1]}").click()
    expect(page.locator("[data-column=delregionalt] .note", has_text=TEXTS[1])).to_be_visible()
    page.get_by_label("Slå ihop lappen").select_option(label=TEXTS[0])
    page.get_by_label("med", exact=True).select_option(label=TEXTS[2])
    page.get_by_role("button", name="Slå ihop", exact=True).click()
    expect(page.locator("#tavla .board .note")).to_have_count(2)
    page.get_by_text("1 sammanslagen lapp").click()
    page.get_by_role("button", name=f"Ångra sammanslagningen: {TEXTS[0]}").click()
    expect(page.locator("#tavla .board .note")).to_have_count(3)


def test_the_projector_shows_code_qr_joiners_and_the_timer(facilitator, workshop, new_page, axe_check, screenshot):
    projector = new_page(viewport=PROJECTOR, storage_state=facilitator.context.storage_state())
    projector.goto(f"/workshoppar/{workshop.pk}/projektor/")
    expect(projector.locator("#kod")).to_have_text(workshop.join_code)
    qr = projector.get_by_role("img", name=re.compile("^QR-kod till http"))
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 200  # scannable from the middle of the hall
    code_height = projector.locator("#kod").bounding_box()["height"]
    assert code_height >= 60, code_height  # readable from the back
    join_workshop(workshop=workshop)
    expect(projector.locator("#antal-deltagare")).to_have_text("1 deltagare", timeout=6000)

    facilitator.get_by_label("Minuter").fill("3")
    facilitator.get_by_role("button", name="Starta tiden").click()
    timer = projector.locator("[data-timer-value]")
    expect(timer).to_have_text(re.compile(r"^(3:00|2:5\d)$"), timeout=6000)
    first = timer.text_content()
    expect(timer).not_to_have_text(first, timeout=3000)  # it counts down by itself
    axe_check(projector)
    screenshot(projector, "workshop-projector-1920", full_page=False)
    facilitator.get_by_role("button", name="Pausa").click()
    expect(projector.locator(".timer-label")).to_have_text("Tiden är pausad:", timeout=6000)


def test_votes_stay_hidden_until_the_facilitator_reveals_them(
    facilitator, workshop, sjuharad_staff, new_page, axe_check, screenshot
):
    for text in TEXTS:
        place_note_as_facilitator(
            actor=sjuharad_staff, workshop=workshop, note_id=_note(text).pk, placement="delregionalt"
        )
    voters = [join_workshop(workshop=workshop) for _ in range(4)]
    set_phase(actor=sjuharad_staff, workshop=workshop, phase=Phase.VOTING)
    for voter, text in zip(voters, [TEXTS[1]] * 3 + [TEXTS[0]], strict=True):
        cast_dot(participant=voter, note_id=_note(text).pk)
    projector = new_page(viewport=PROJECTOR, storage_state=facilitator.context.storage_state())
    projector.goto(f"/workshoppar/{workshop.pk}/projektor/")
    expect(projector.locator("#roster")).to_contain_text("4 av 4 har röstat")
    expect(projector.locator(".screen-results")).to_have_count(0)
    facilitator.reload()
    expect(facilitator.locator("#tavla .dot-count")).to_have_count(0)
    expect(facilitator.locator("#roster")).to_contain_text("4 av 4 deltagare har röstat")
    facilitator.get_by_role("button", name="Visa rösterna", exact=True).click()
    expect(_card(facilitator, TEXTS[1]).locator(".dot-count")).to_have_text("3 pluppar")
    rows = projector.locator(".screen-results li")
    expect(rows).to_have_count(3, timeout=6000)
    expect(rows.first).to_contain_text(f"1. {TEXTS[1]}")
    axe_check(projector)
    projector.wait_for_timeout(1300)  # the bars have grown in
    screenshot(projector, "workshop-projector-revealed-1920", full_page=False)
    screenshot(facilitator, "workshop-board-revealed-1280")


def test_a_phone_writes_counts_edits_and_deletes_its_own_note(workshop, new_page, axe_check, screenshot):
    phone = new_page(viewport={"width": 390, "height": 844})
    phone.goto(f"/w/{workshop.join_code}/")
    phone.get_by_role("button", name="Gå med").click()
    field = phone.get_by_label("Din lapp")
    field.fill("Mentorer")
    expect(phone.locator("#id_text_counter")).to_have_text("8 av 280 tecken")
    assert field.get_attribute("maxlength") == "280"
    phone.get_by_role("button", name="Lägg upp lappen").click()
    mine = phone.locator(".note", has_text="Mentorer")
    expect(mine).to_contain_text("Din lapp")
    expect(phone.locator(".note", has_text=TEXTS[0])).not_to_contain_text("Din lapp")
    mine.get_by_text("Ändra eller ta bort").click()
    mine.get_by_label("Ny text").fill("Mentorer för nyanlända")
    mine.get_by_role("button", name="Spara ändringen").click()
    expect(phone.locator(".note", has_text="Mentorer för nyanlända")).to_be_visible()
    axe_check(phone)
    screenshot(phone, "workshop-phone-notes-390")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    mine = phone.locator(".note", has_text="Mentorer för nyanlända")
    mine.get_by_text("Ändra eller ta bort").click()
    mine.get_by_role("button", name="Ta bort lappen").click()
    expect(phone.locator(".note", has_text="Mentorer")).to_have_count(0)
    assert not Note.objects.filter(text__startswith="Mentorer").exists()


def _fits(page, name, screenshot):
    screenshot(page, name)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], name


def test_the_board_by_level_and_by_theme_fits_a_phone_and_the_keyboard(
    facilitator, workshop, sjuharad_staff, axe_check, screenshot
):
    facilitator.set_viewport_size({"width": 390, "height": 844})
    facilitator.reload()
    _fits(facilitator, "workshop-board-390", screenshot)
    facilitator.goto(f"/workshoppar/{workshop.pk}/projektor/")
    _fits(facilitator, "workshop-projector-390", screenshot)

    # Sorted by the themes of the analysis model: a column per theme, moved by keyboard.
    load_analysis_models(settings.DATA_DIR / "analysmodell.json")
    set_sort_by(actor=sjuharad_staff, workshop=workshop, sort_by="tema")
    facilitator.goto(f"/workshoppar/{workshop.pk}/")
    _fits(facilitator, "workshop-board-themes-390", screenshot)
    facilitator.set_viewport_size({"width": 1280, "height": 900})
    board = facilitator.locator("#tavla .board")
    expect(board.locator("[data-column] h3")).to_have_count(6)  # Osorterat and the five themes of version 2
    facilitator.get_by_label(f"Tema för lappen: {TEXTS[0]}").focus()
    facilitator.keyboard.press("ArrowDown")  # the first theme, Föräldrar som resurs
    facilitator.keyboard.press("Tab")
    facilitator.keyboard.press("Enter")
    expect(board.get_by_role("region", name="Föräldrar som resurs").locator(".note-text")).to_have_text([TEXTS[0]])
    leisure = board.get_by_role("region", name="Meningsfull fritid")
    _card(facilitator, TEXTS[1]).locator(".note-text").drag_to(leisure)  # by its text, not its choice
    expect(leisure.locator(".note")).to_have_count(1)
    assert _note(TEXTS[0]).theme.name == "Föräldrar som resurs" and _note(TEXTS[1]).theme.name == "Meningsfull fritid"
    axe_check(facilitator)
    _fits(facilitator, "workshop-board-themes-1280", screenshot)
    facilitator.set_viewport_size(PROJECTOR)
    facilitator.goto(f"/workshoppar/{workshop.pk}/projektor/")
    expect(facilitator.locator(".board-themes [data-column] h3")).to_have_count(6)
    screenshot(facilitator, "workshop-projector-themes-1920", full_page=False)
