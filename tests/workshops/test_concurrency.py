"""Sixty participants at once against the live server (threads + httpx on loopback).

Each simulated participant has its own cookie jar (session + CSRF cookie) and posts the
CSRF token from the page, exactly like a browser without JavaScript. In the first test
everyone adds a note at the same moment, then votes at the same moment with more clicks
than dots, some from two threads at once (a double click on a phone): the database must
hold every accepted note and vote, and nobody may exceed N dots. In the second the
facilitator ends the voting in the middle of the rush and saves the result as the
municipality's prioritised needs: the saved list must hold exactly the votes that were
accepted."""

import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from django.db import connection

from kunskapsnod.mapping.models import Priority
from kunskapsnod.workshops import services
from kunskapsnod.workshops.models import Dot, Note, Participant, Phase

PARTICIPANTS = 60
DOUBLE_CLICKERS = 10  # participants who vote from two threads at once
DOTS = 3
CLICKS_PER_THREAD = 4  # more clicks than dots: the server must refuse the surplus
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Simulated:
    """One participant: an httpx client with its own cookies on the live server."""

    def __init__(self, base_url: str, code: str):
        self.base, self.code = base_url, code
        self.client = httpx.Client(base_url=base_url, timeout=60, follow_redirects=False)
        self.token = ""

    def _refresh_token(self, response: httpx.Response) -> None:
        match = TOKEN.search(response.text)
        assert match, response.text[:500]
        self.token = match.group(1)

    def join(self, name: str) -> None:
        self._refresh_token(self.client.get(f"/w/{self.code}/"))
        response = self.post("", {"name": name})
        assert response.status_code == 302, response.text[:500]
        self._refresh_token(self.client.get(f"/w/{self.code}/"))

    def post(self, suffix: str, data: dict) -> httpx.Response:
        return self.client.post(
            f"/w/{self.code}/{suffix}",
            data={"csrfmiddlewaretoken": self.token, **data},
            headers={"Referer": f"{self.base}/w/{self.code}/"},
        )

    def twin(self) -> "Simulated":
        """A second connection with the same cookies: the same person clicking twice."""
        other = Simulated(self.base, self.code)
        other.client.cookies = httpx.Cookies(self.client.cookies)
        other.token = self.token
        return other

    def close(self) -> None:
        self.client.close()


def _run_at_once(jobs: list) -> list:
    barrier = threading.Barrier(len(jobs))

    def run(job):
        barrier.wait(timeout=60)
        return job()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


@pytest.fixture
def crowd(live_server, org, sjuharad_staff):
    # One shared in-memory connection would make this test meaningless (see conftest.py).
    assert connection.vendor != "sqlite" or not connection.is_in_memory_db()
    workshop = services.create_workshop(
        actor=sjuharad_staff, organisation=org("boras"), title="Last", dots_per_participant=DOTS
    )
    people = [Simulated(live_server.url, workshop.join_code) for _ in range(PARTICIPANTS)]
    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(lambda pair: pair[1].join(f"P{pair[0]}"), enumerate(people)))
    yield workshop, people
    for person in people:
        person.close()


@pytest.mark.django_db(transaction=True)
def test_sixty_participants_add_notes_and_vote_at_once(crowd, sjuharad_staff):
    workshop, people = crowd
    assert Participant.objects.filter(workshop=workshop).count() == PARTICIPANTS

    note_answers = _run_at_once(
        [
            (lambda i=i, p=p: p.post("lapp/", {"text": f"Lapp från deltagare {i}"}).status_code)
            for i, p in enumerate(people)
        ]
    )
    assert note_answers == [302] * PARTICIPANTS
    assert Note.objects.filter(workshop=workshop).count() == PARTICIPANTS  # no note lost

    services.set_phase(actor=sjuharad_staff, workshop=workshop, phase=Phase.SORTING)
    notes = list(Note.objects.filter(workshop=workshop).values_list("pk", flat=True))
    for note_id in notes[:5]:
        services.place_note_as_facilitator(
            actor=sjuharad_staff, workshop=workshop, note_id=note_id, placement="delregionalt"
        )
    services.set_phase(actor=sjuharad_staff, workshop=workshop, phase=Phase.VOTING)

    def voter(index: int, person: Simulated):
        def vote():
            answers = []
            for click in range(CLICKS_PER_THREAD):
                note_id = notes[(index + click) % 5]
                response = person.post("plupp/", {"note": note_id})
                answers.append((index, response.status_code, "alla dina 3 pluppar" in response.text))
            return answers

        return vote

    jobs = [voter(i, p) for i, p in enumerate(people)]
    jobs += [voter(i, people[i].twin()) for i in range(DOUBLE_CLICKERS)]
    answers = [a for thread in _run_at_once(jobs) for a in thread]

    accepted = Counter(index for index, status, _ in answers if status == 302)
    refused = [(status, full) for _, status, full in answers if status != 302]
    assert all(status == 409 and full for status, full in refused), refused[:5]
    dots = Counter(
        Dot.objects.filter(participant__workshop=workshop).values_list("participant__display_name", flat=True)
    )
    # Every accepted vote is counted, and nobody exceeds N: with more clicks than dots,
    # everyone ends with exactly N.
    assert {f"P{i}": n for i, n in accepted.items()} == dict(dots)
    assert set(dots.values()) == {DOTS} and len(dots) == PARTICIPANTS
    assert sum(r.dots for r in services.ranked_results(workshop)) == PARTICIPANTS * DOTS
    assert Note.objects.filter(workshop=workshop).count() == PARTICIPANTS


@pytest.mark.django_db(transaction=True)
def test_closing_while_sixty_participants_vote_keeps_results_and_votes_consistent(crowd, sjuharad_staff):
    """The facilitator ends the voting in the middle of the rush and saves the result:
    every vote is either counted in the saved list or refused because voting has ended,
    never both."""
    workshop, people = crowd
    for text in ("A", "B", "C"):
        note = services.add_facilitator_note(actor=sjuharad_staff, workshop=workshop, text=text)
        services.place_note_as_facilitator(
            actor=sjuharad_staff, workshop=workshop, note_id=note.pk, placement="delregionalt"
        )
    services.set_phase(actor=sjuharad_staff, workshop=workshop, phase=Phase.VOTING)
    notes = list(Note.objects.filter(workshop=workshop).values_list("pk", flat=True))

    def voter(index, person):
        def vote():
            return [person.post("plupp/", {"note": notes[(index + k) % 3]}) for k in range(DOTS)]

        return vote

    def close():
        time.sleep(0.3)  # let the rush start
        try:
            services.set_phase(actor=sjuharad_staff, workshop=workshop, phase=Phase.RESULTS)
            # Saved at once, while refused votes still arrive (the facilitator may also
            # review first: the result cannot change after the voting has ended).
            services.save_results(actor=sjuharad_staff, workshop=workshop)
        finally:
            connection.close()  # this thread's own connection
        return []

    answers = [a for thread in _run_at_once([voter(i, p) for i, p in enumerate(people)] + [close]) for a in thread]
    accepted = sum(a.status_code == 302 for a in answers)
    refused = [a for a in answers if a.status_code != 302]
    assert all(a.status_code == 409 and "Resultat" in a.text for a in refused)
    stored = Dot.objects.filter(participant__workshop=workshop).count()
    saved = Priority.objects.filter(source__workshop_ref=f"workshop:{workshop.join_code}")
    assert accepted == stored == sum(p.dots for p in saved)
    print(f"closing mid-rush: {accepted} votes counted, {len(refused)} refused")


@pytest.mark.django_db(transaction=True)
def test_newcomers_joining_while_the_voting_starts_are_either_in_or_refused(live_server, org, sjuharad_staff):
    """Joining closes when the voting starts: a join racing the phase change either lands
    before it (a participant with dots) or is refused with the message, never half."""
    workshop = services.create_workshop(actor=sjuharad_staff, organisation=org("boras"), title="Sent")
    people = [Simulated(live_server.url, workshop.join_code) for _ in range(PARTICIPANTS // 2)]
    for person in people:
        person._refresh_token(person.client.get(f"/w/{workshop.join_code}/"))

    def start_voting():
        time.sleep(0.2)
        try:
            services.set_phase(actor=sjuharad_staff, workshop=workshop, phase=Phase.VOTING)
        finally:
            connection.close()
        return None

    jobs = [(lambda i=i, p=p: p.post("", {"name": f"N{i}"})) for i, p in enumerate(people)] + [start_voting]
    answers = [a for a in _run_at_once(jobs) if a is not None]
    joined = [a for a in answers if a.status_code == 302]
    refused = [a for a in answers if a.status_code != 302]
    assert all(a.status_code == 409 and "Röstningen har börjat" in a.text for a in refused)
    assert Participant.objects.filter(workshop=workshop).count() == len(joined)
    for person in people:
        person.close()
    print(f"joining while the voting starts: {len(joined)} joined, {len(refused)} refused")
