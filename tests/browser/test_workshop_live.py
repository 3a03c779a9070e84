"""Pushed updates in a real browser: a participant's board, served as `make demo` serves it
(gunicorn with a uvicorn worker, tests/asgi_server.py), shows a note the facilitator adds
elsewhere without a reload, through the stream (its timed polls are skipped meanwhile),
and the result when the facilitator shows it, without fetching the board.
The polling fallback runs in the other workshop browser tests, whose WSGI live server
answers the stream 204 (tests/workshops/test_live_stream.py)."""

import pytest
from playwright.sync_api import expect

from asgi_server import asgi_server
from kunskapsnod.workshops.models import Phase, Placement
from kunskapsnod.workshops.services import (
    add_facilitator_note,
    create_workshop,
    place_note_as_facilitator,
    set_phase,
)

pytestmark = pytest.mark.postgres_too  # the change reaches the page through NOTIFY there


def test_a_note_added_elsewhere_appears_on_an_open_board_without_reload(new_page, org, sjuharad_staff):
    workshop = create_workshop(actor=sjuharad_staff, organisation=org("boras"), title="Direkt")
    with asgi_server() as url:
        page = new_page(base_url=url, viewport={"width": 390, "height": 844})
        streams, polls = [], []
        page.on("response", lambda r: streams.append(r.status) if "/strom/" in r.url else None)
        page.on("request", lambda r: polls.append(r.url) if r.headers.get("hx-request") else None)
        page.goto(f"/w/{workshop.join_code}/")
        with page.expect_response(lambda r: "/strom/" in r.url):  # the stream's headers
            page.get_by_role("button", name="Gå med").click()
        board = page.locator("#tavla")
        expect(board).to_contain_text("Inga lappar ännu.")
        page.evaluate("() => { window.stillTheSamePage = true; }")

        add_facilitator_note(actor=sjuharad_staff, workshop=workshop, text="Gemensam rutin för frånvaro")

        expect(board).to_contain_text("Gemensam rutin för frånvaro")
        assert page.evaluate("() => window.stillTheSamePage === true"), "the page was reloaded"
        assert streams and set(streams) == {200}
        # The board was fetched because of the event: one fetch for the first event after
        # connecting and one for the note, not a poll every 2 s.
        assert len(polls) <= 3, polls

        note = add_facilitator_note(actor=sjuharad_staff, workshop=workshop, text="Läxhjälp")
        place_note_as_facilitator(
            actor=sjuharad_staff, workshop=workshop, note_id=note.pk, placement=Placement.SUBREGIONAL
        )
        polls.clear()
        set_phase(actor=sjuharad_staff, workshop=workshop, phase=Phase.VOTING)
        expect(page.get_by_role("button", name="Lägg plupp: Läxhjälp")).to_be_visible()
        # The note form went, so the page reloaded; its stream's first event fetched the board.
        _wait_until(lambda: len(polls) >= 2, page)
        page.get_by_role("button", name="Lägg plupp: Läxhjälp").click()
        expect(board).to_contain_text("Du har 4 pluppar kvar")
        page.evaluate("() => { window.stillTheSamePage = true; }")  # the note form went: reloaded
        polls.clear()
        set_phase(actor=sjuharad_staff, workshop=workshop, phase=Phase.RESULTS)

        expect(board.get_by_role("table")).to_contain_text("Läxhjälp")
        assert polls == [], "the result came with the event: no phone fetched its board"
        assert page.evaluate("() => window.stillTheSamePage === true"), "the page was reloaded"
        page.close()  # before the server stops: a stream cut by the server logs a console error


def _wait_until(condition, page, seconds: float = 10.0) -> None:
    for _ in range(int(seconds * 10)):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError("the condition never held")
