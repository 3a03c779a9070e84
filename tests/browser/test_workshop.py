"""A whole live workshop in real browsers: a facilitator and three participants, each in
their own browser context (own cookies), through notes, sorting, voting and results."""

import re

import pytest
from playwright.sync_api import expect

from kunskapsnod.mapping.models import Priority
from kunskapsnod.workshops.models import Dot, Phase, Workshop
from kunskapsnod.workshops.services import (
    add_facilitator_note,
    cast_dot,
    create_workshop,
    join_workshop,
    place_note_as_facilitator,
    set_joining,
    set_phase,
)

NOTES = {
    "Anna": "Gemensam rutin för frånvarouppföljning",
    "Bo": "Fler fritidsgårdar i centrum",
    "Cem": "Delregionalt nätverk för KAA-samordnare",
}


@pytest.fixture
def workshop(org, sjuharad_staff):
    return create_workshop(actor=sjuharad_staff, organisation=org("boras"), title="Utan JavaScript")


def _board(page):
    return page.locator("#tavla")


@pytest.fixture
def facilitator(page, login, sjuharad_staff):
    login(page, sjuharad_staff)
    page.goto("/workshoppar/")
    page.get_by_role("link", name="Ny workshop").click()
    page.get_by_label("Rubrik").fill("Behovsworkshop Borås")
    page.get_by_label("Kommun eller nätverk").select_option(label="Borås")
    page.get_by_label("Pluppar per deltagare").fill("3")
    page.get_by_role("button", name="Skapa workshop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Behovsworkshop Borås")
    return page


def test_the_workshop_index_and_create_pages_pass_axe(page, login, sjuharad_staff, axe_check):
    login(page, sjuharad_staff)
    page.goto("/workshoppar/")
    axe_check(page)
    page.get_by_role("link", name="Ny workshop").click()
    page.get_by_label("Rubrik").fill("   ")  # passes the browser's `required`, not the server
    page.get_by_label("Kommun eller nätverk").select_option(label="Borås")
    page.get_by_role("button", name="Skapa workshop").click()
    expect(page.get_by_text("Detta fält måste fyllas i.").first).to_be_visible()
    axe_check(page)
    page.goto("/w/ZZZZZZ/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Det finns ingen workshop med den koden")
    axe_check(page)


def _join(new_page, code, name):
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto("/w/")
    page.get_by_label("Kod").fill(code.lower())
    page.get_by_role("button", name="Gå till workshoppen").click()
    page.get_by_label("Namn (frivilligt)").fill(name)
    page.get_by_role("button", name="Gå med").click()
    expect(page.get_by_text(f"Du deltar som {name}.")).to_be_visible()
    return page


def _advance(facilitator, label):
    facilitator.get_by_role("button", name=f"Gå vidare till {label}").click()
    expect(facilitator.locator(".phase-steps [aria-current=step]")).to_have_text(label.capitalize())


# Four browsers at once against one workshop: concurrency, so PostgreSQL too.
@pytest.mark.postgres_too
def test_a_facilitator_and_three_participants_run_a_whole_workshop(facilitator, new_page, axe_check, screenshot):
    code = Workshop.objects.get().join_code
    expect(facilitator.locator(".join-code")).to_have_text(code)
    people = {name: _join(new_page, code, name) for name in NOTES}

    # (a) notes: each participant writes one; the others see it without reloading.
    for name, text in NOTES.items():
        people[name].get_by_label("Din lapp").fill(text)
        people[name].get_by_role("button", name="Lägg upp lappen").click()
        expect(people[name].get_by_label("Din lapp")).to_have_value("")
    for page in [*people.values(), facilitator]:
        for text in NOTES.values():
            expect(_board(page).locator(".note-text", has_text=text)).to_be_visible(timeout=6000)
    axe_check(people["Anna"])
    axe_check(facilitator)  # notes phase: note form, placement and merge controls

    # (b) sorting: each participant proposes a place for their own note (only their own).
    _advance(facilitator, "sortering")
    anna = people["Anna"]
    expect(anna.get_by_role("button", name=re.compile("^Delregionalt: Gemensam"))).to_be_visible(timeout=6000)
    anna.get_by_role("button", name=re.compile("^Delregionalt: Gemensam")).click()
    people["Bo"].get_by_role("button", name=re.compile("^Internt: Fler fritids")).click()
    people["Cem"].get_by_role("button", name=re.compile("^Delregionalt: Delregionalt nätverk")).click()
    expect(people["Cem"].get_by_role("button", name=re.compile("^Delregionalt: Delregionalt"))).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(anna.get_by_role("button", name=re.compile("^Delregionalt: Delregionalt nätverk"))).to_have_count(0)
    expect(anna.locator(".note", has_text="Delregionalt nätverk")).to_contain_text(
        "Placering: Delregionalt", timeout=6000
    )

    # (c) voting: 3 dots each; Anna puts all three on one note and is then out of dots.
    _advance(facilitator, "röstning")
    kaa = re.compile("^Lägg plupp: Delregionalt nätverk")
    rutin = re.compile("^Lägg plupp: Gemensam rutin")
    expect(anna.get_by_role("button", name=kaa)).to_be_visible(timeout=6000)
    newcomer = new_page(viewport={"width": 390, "height": 844})  # or Anna after clearing cookies
    newcomer.goto(f"/w/{code}/")
    expect(newcomer.get_by_text("Röstningen har börjat, så det går inte längre att gå med")).to_be_visible()
    expect(newcomer.get_by_role("button", name="Gå med")).to_have_count(0)
    axe_check(newcomer)
    expect(anna.get_by_text("Fler fritidsgårdar")).to_have_count(0)  # internal: not votable
    for left in ("2 pluppar", "1 plupp", "0 pluppar"):
        anna.get_by_role("button", name=kaa).click()
        expect(anna.get_by_text(f"Du har {left} kvar av 3.")).to_be_visible()
    expect(anna.get_by_role("button", name=kaa)).to_be_disabled()
    for name in ("Bo", "Cem"):
        people[name].get_by_role("button", name=rutin).click()
        expect(people[name].get_by_text("Du har 2 pluppar kvar av 3.")).to_be_visible()
    people["Cem"].get_by_role("button", name=kaa).click()
    expect(people["Cem"].get_by_text("Du har 1 plupp kvar av 3.")).to_be_visible()
    axe_check(people["Cem"])
    screenshot(people["Cem"], "workshop-participant-voting")
    axe_check(facilitator)
    assert Dot.objects.count() == 6

    # (d) results: ranked and shown to everyone; saved as Borås's prioritised needs only
    # after the facilitator has reviewed them.
    _advance(facilitator, "resultat")
    rows = facilitator.locator(".results-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Delregionalt nätverk för KAA-samordnare")
    expect(rows.nth(0)).to_contain_text("4")
    expect(people["Bo"].locator(".results-table tbody tr")).to_have_count(2, timeout=6000)
    assert not Priority.objects.exists()
    screenshot(facilitator, "workshop-facilitator")
    board_url = facilitator.url
    facilitator.get_by_role("link", name="Granska och spara som kommunens prioriterade behov").click()
    expect(facilitator.get_by_role("heading", level=1)).to_have_text("Granska resultatet: Behovsworkshop Borås")
    axe_check(facilitator)
    facilitator.get_by_label(f"Utelämna: {NOTES['Anna']}").check()
    facilitator.get_by_role("button", name="Spara som kommunens prioriterade behov").click()
    expect(facilitator.get_by_text("1 lapp sparades som prioriterade behov för Borås.")).to_be_visible()
    screenshot(facilitator, "workshop-review-results")
    saved = Priority.objects.order_by("rank").values_list("text", "dots")
    assert list(saved) == [(NOTES["Cem"], 4)]
    facilitator.goto(board_url)
    facilitator.once("dialog", lambda dialog: dialog.accept())
    facilitator.get_by_role("button", name="Stäng workshoppen").click()
    expect(facilitator.locator(".phase-steps [aria-current=step]")).to_have_text("Stängd")
    # The results are public by join code. A page of their own: Bo's open workshop page
    # reloads itself when the push says "closed", and that reload may land after a goto.
    results = new_page()
    results.goto(f"/w/{code}/resultat/")
    expect(results.get_by_role("heading", level=1)).to_have_text("Resultat: Behovsworkshop Borås")
    axe_check(results)
    results.set_viewport_size({"width": 1024, "height": 700})
    screenshot(results, "workshop-results")


def test_the_participant_page_works_without_javascript(new_page, workshop):
    page = new_page(java_script_enabled=False)
    page.goto(f"/w/{workshop.join_code}/")
    page.get_by_role("button", name="Gå med").click()
    page.get_by_label("Din lapp").fill("<b>Utan JS</b>")
    page.get_by_role("button", name="Lägg upp lappen").click()
    expect(page.locator("#tavla .note-text", has_text="<b>Utan JS</b>")).to_be_visible()
    page.get_by_label("Din lapp").fill("   ")  # passes `required`; the server refuses it
    page.get_by_role("button", name="Lägg upp lappen").click()
    expect(page.get_by_role("alert")).to_contain_text("Lappen är tom")


def test_a_participant_votes_with_the_keyboard_and_keeps_focus_across_updates(new_page, org, sjuharad_staff):
    workshop = create_workshop(actor=sjuharad_staff, organisation=org("boras"), title="Tangentbord")
    note = add_facilitator_note(actor=sjuharad_staff, workshop=workshop, text="Läxhjälp")
    place_note_as_facilitator(actor=sjuharad_staff, workshop=workshop, note_id=note.pk, placement="delregionalt")
    set_phase(actor=sjuharad_staff, workshop=workshop, phase=Phase.VOTING)
    set_joining(actor=sjuharad_staff, workshop=workshop, open=True)  # a late participant may join
    page = new_page()
    page.goto(f"/w/{workshop.join_code}/")
    page.get_by_label("Namn (frivilligt)").focus()
    page.keyboard.type("Kim")
    page.keyboard.press("Enter")
    vote = page.get_by_role("button", name="Lägg plupp: Läxhjälp")
    for _ in range(10):  # Tab through the page to the button, as a keyboard user does
        page.keyboard.press("Tab")
        if vote.evaluate("el => el === document.activeElement"):
            break
    expect(vote).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Du har 4 pluppar kvar av 5.")).to_be_visible()
    expect(vote).to_be_focused()  # the swapped board gives focus back to the same button
    page.wait_for_timeout(2500)  # a poll passes
    page.keyboard.press("Enter")
    expect(page.get_by_text("Du har 3 pluppar kvar av 5.")).to_be_visible()
    assert Dot.objects.count() == 2


LONG_WORD = "Frånvarouppföljning" * 14  # 266 characters without a space (the limit is 280)


def _fits(page, locator) -> None:
    """The element lies inside the viewport horizontally and the page does not scroll sideways."""
    width = page.viewport_size["width"]
    for i in range(locator.count()):
        box = locator.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (i, box, width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _one_line(header) -> None:
    """A one-word header is not broken letter by letter: its text takes one line box."""
    lines = header.evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; }"
    )
    assert lines == 1, lines


@pytest.mark.parametrize("width", [1280, 390])
def test_a_long_word_wraps_and_keeps_the_dots_and_the_buttons_on_screen(
    new_page, login, org, sjuharad_staff, screenshot, width
):
    workshop = create_workshop(actor=sjuharad_staff, organisation=org("boras"), title="Långa ord")
    for text in (LONG_WORD, "Kort lapp"):
        note = add_facilitator_note(actor=sjuharad_staff, workshop=workshop, text=text)
        place_note_as_facilitator(actor=sjuharad_staff, workshop=workshop, note_id=note.pk, placement="delregionalt")
    voter = join_workshop(workshop=workshop)
    page = new_page(viewport={"width": width, "height": 900})
    login(page, sjuharad_staff)
    page.goto(f"/workshoppar/{workshop.pk}/")
    screenshot(page, f"workshop-long-word-board-{width}")
    board = page.locator("#tavla .board")
    _fits(page, board.locator(".note"))
    _fits(page, board.get_by_role("button", name=re.compile("^Dölj: ")))
    _fits(page, board.get_by_role("button", name=re.compile("^Flytta till Internt: ")))

    set_phase(actor=sjuharad_staff, workshop=workshop, phase=Phase.VOTING)
    for note in workshop.notes.all():
        cast_dot(participant=voter, note_id=note.pk)
    set_phase(actor=sjuharad_staff, workshop=workshop, phase=Phase.RESULTS)
    for url, name in (
        (f"/workshoppar/{workshop.pk}/", "board-results"),
        (f"/w/{workshop.join_code}/resultat/", "results"),
    ):
        page.goto(url)
        screenshot(page, f"workshop-long-word-{name}-{width}")
        results = page.locator(".results-table")
        _fits(page, results.get_by_role("columnheader", name="Pluppar"))
        _one_line(results.get_by_role("columnheader", name="Pluppar"))
        _fits(page, results.locator("tbody td.num"))
    page.goto(f"/workshoppar/{workshop.pk}/resultat/")
    screenshot(page, f"workshop-long-word-review-{width}")
    expect(page.get_by_role("checkbox")).to_have_count(2)
    _fits(page, page.get_by_role("checkbox"))
    _fits(page, page.get_by_role("button", name="Spara som kommunens prioriterade behov"))
