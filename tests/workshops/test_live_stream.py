"""The live stream of a workshop board (server-sent events), served as `make demo` and
production serve it (gunicorn with a uvicorn worker, tests/asgi_server.py), on SQLite and
PostgreSQL: on PostgreSQL a change reaches the stream through LISTEN/NOTIFY, on SQLite
through the hub's check every tick."""

import asyncio
import json
import re
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from django.test import Client

from asgi_server import asgi_server
from kunskapsnod.workshops import services
from kunskapsnod.workshops.models import Note, Participant, Phase

PER_CLIENT = 4
ATTEMPTS = 1000

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def server(live_server):
    with asgi_server(KUNSKAPSNOD_STREAMS_PER_CLIENT=str(PER_CLIENT)) as url:
        yield url


def _in_a_thread(function, *args):
    """Run in a thread of its own: a browser test earlier in the same worker keeps
    Playwright's event loop running in this one, where asyncio.run and async_to_sync refuse."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(function, *args).result()


def _cookies(client: Client) -> dict[str, str]:
    return {"sessionid": client.cookies["sessionid"].value}


def _events(response: httpx.Response, deadline: float):
    """(event name, data) pairs as they arrive; comments and retry lines are skipped."""
    name = data = None
    for line in response.iter_lines():
        if time.monotonic() > deadline:
            return
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            data = json.loads(line[6:])
        elif line == "" and name:
            yield name, data
            name = data = None


def test_it_sends_a_change_within_a_second_of_a_vote(server, voting_workshop, join):
    client = join()
    participant = Participant.objects.filter(workshop=voting_workshop).last()
    note = Note.objects.filter(workshop=voting_workshop, placement="delregionalt").first()
    url = f"{server}/w/{voting_workshop.join_code}/strom/"
    with httpx.stream("GET", url, cookies=_cookies(client), timeout=10) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        events = _events(r, time.monotonic() + 10)
        name, first = next(events)
        assert (name, first["phase"], first["dots"]) == ("change", "voting", 0)
        voted = time.monotonic()
        services.cast_dot(participant=participant, note_id=note.pk)
        name, data = next(events)
        arrived = time.monotonic() - voted
    assert (name, data["dots"], data["voters"]) == ("change", 1, 1)
    assert data["board"] == first["board"], "a vote changes the counters, not the board to fetch"
    assert arrived < 1.0


def test_it_tells_a_board_change_and_ends_when_the_workshop_closes(server, voting_workshop, join, sjuharad_staff):
    client = join()
    url = f"{server}/w/{voting_workshop.join_code}/strom/"
    with httpx.stream("GET", url, cookies=_cookies(client), timeout=10) as r:
        events = _events(r, time.monotonic() + 10)
        _, first = next(events)
        services.set_phase(actor=sjuharad_staff, workshop=voting_workshop, phase=Phase.RESULTS)
        name, data = next(events)
        assert (name, data["phase"]) == ("change", "results")
        assert data["board"] != first["board"]
        services.close_workshop(actor=sjuharad_staff, workshop=voting_workshop)
        assert next(events)[0] == "closed"
        assert list(events) == [], "the stream ends after the closing event"


def _without_version(board: str) -> str:
    return re.sub(r"\?v=\w+", "?v=", board)


def test_once_the_results_show_the_event_carries_the_board_every_phone_shows(
    server, voting_workshop, join, sjuharad_staff
):
    """So 600 phones need not fetch the same page in the same second (live.js swaps it in)."""
    client = join()
    participant = Participant.objects.filter(workshop=voting_workshop).last()
    note = Note.objects.filter(workshop=voting_workshop, placement="delregionalt").first()
    services.cast_dot(participant=participant, note_id=note.pk)
    url = f"{server}/w/{voting_workshop.join_code}/strom/"
    with httpx.stream("GET", url, cookies=_cookies(client), timeout=10) as r:
        events = _events(r, time.monotonic() + 10)
        _, first = next(events)
        assert "html" not in first, "while voting an event carries counters, never the board"
        services.set_phase(actor=sjuharad_staff, workshop=voting_workshop, phase=Phase.RESULTS)
        name, data = next(events)
    assert (name, data["phase"], data["lang"]) == ("change", "results", "sv")
    fetched = client.get(f"/w/{voting_workshop.join_code}/", HTTP_HX_REQUEST="true").content.decode()
    assert _without_version(data["html"]) == _without_version(fetched)
    assert 'class="results-table"' in data["html"] and note.text in data["html"]


def _wait_until(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.02)


def test_it_forgets_a_client_that_went_away(server, voting_workshop, join):
    """A client that leaves frees its place: were the streams kept, the second round
    would pass the limit per client and be refused."""
    cookies = _cookies(join())
    url = f"{server}/w/{voting_workshop.join_code}/strom/"
    for _ in range(2):
        with httpx.Client(cookies=cookies, timeout=10) as client:
            streams = [client.send(client.build_request("GET", url), stream=True) for _ in range(PER_CLIENT)]
            assert [s.status_code for s in streams] == [200] * PER_CLIENT
            events = [_events(stream, time.monotonic() + 10) for stream in streams]
            assert [next(e)[0] for e in events] == ["change"] * PER_CLIENT
            assert _status(url, cookies) == 429
            for stream in streams:
                stream.close()
        _wait_until(lambda: _status(url, cookies) == 200)


def _status(url: str, cookies: dict[str, str]) -> int:
    with httpx.stream("GET", url, cookies=cookies, timeout=10) as response:
        return response.status_code


def test_it_refuses_a_visitor_who_has_not_joined(server, voting_workshop):
    assert httpx.get(f"{server}/w/{voting_workshop.join_code}/strom/", timeout=10).status_code == 403
    assert httpx.get(f"{server}/w/ZZZZZZ/strom/", timeout=10).status_code == 404


def test_it_answers_a_wsgi_server_that_it_cannot_stream_so_the_page_polls(voting_workshop, join):
    response = _in_a_thread(join().get, f"/w/{voting_workshop.join_code}/strom/")
    assert response.status_code == 204  # EventSource stops at a 204; the page keeps polling
    assert int(response["Retry-After"]) > 0


def test_a_stream_opened_again_and_again_by_one_client_leaves_others_served(server, voting_workshop, join):
    greedy, other = _cookies(join()), _cookies(join())
    url = f"{server}/w/{voting_workshop.join_code}/strom/"

    async def attack():
        # Ten at a time: every request reads its session from the database. The bench opens
        # a stream 1,000 times against two workers (bench/README.md).
        at_once = asyncio.Semaphore(10)
        async with httpx.AsyncClient(cookies=greedy, timeout=30) as client:

            async def again():
                async with at_once:
                    return await client.get(url)

            opened = [await client.send(client.build_request("GET", url), stream=True) for _ in range(PER_CLIENT)]
            refused = await asyncio.gather(*(again() for _ in range(ATTEMPTS)))
            async with httpx.AsyncClient(cookies=other, timeout=10) as polite:
                async with polite.stream("GET", url) as theirs:
                    their_status = theirs.status_code
                health = (await polite.get(f"{server}/halsa/")).status_code
            for response in opened:
                await response.aclose()
            return [r.status_code for r in opened], refused, their_status, health

    opened, refused, their_status, health = _in_a_thread(asyncio.run, attack())
    assert opened == [200] * PER_CLIENT
    assert {r.status_code for r in refused} == {429}
    assert all(int(r.headers["Retry-After"]) > 0 for r in refused)
    assert (their_status, health) == (200, 200)
