"""Bad input against the participant pages: each gets a clear answer and nothing is lost.
(A note of 100,000 characters: test_own_notes.py.)"""

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from django.db import connection
from django.test import Client

from kunskapsnod.workshops import services
from kunskapsnod.workshops.access import SESSION_KEY
from kunskapsnod.workshops.models import Dot, Note, Participant, Phase


def _vote(client, workshop, note_id):
    return client.post(f"/w/{workshop.join_code}/plupp/", {"note": note_id})


def test_a_vote_for_a_note_of_another_workshop_is_refused(voting_workshop, join, org, sjuharad_staff):
    other = services.create_workshop(actor=sjuharad_staff, organisation=org("mark"), title="Mark")
    foreign = services.add_facilitator_note(actor=sjuharad_staff, workshop=other, text="Marks lapp")
    response = _vote(join(), voting_workshop, foreign.pk)
    assert response.status_code == 400 and "Lappen finns inte i den här workshoppen." in response.text
    assert not Dot.objects.exists()


def test_a_participant_token_reused_in_another_browser_shares_one_budget(voting_workshop, join):
    first = join("Ada")
    second = Client()  # another browser holding the same session cookie (copied, or synced)
    second.cookies = first.cookies
    note = Note.objects.get(workshop=voting_workshop, text="Samverkan")
    answers = [_vote(client, voting_workshop, note.pk).status_code for client in [first, second] * 4]
    assert answers == [302] * 3 + [409] * 5  # three dots in all, whichever browser clicks
    assert Participant.objects.filter(workshop=voting_workshop, display_name="Ada").count() == 1
    assert Dot.objects.count() == 3
    assert "Du har 0 pluppar kvar av 3." in second.get(f"/w/{voting_workshop.join_code}/").text


def test_a_token_of_one_workshop_is_no_key_to_another(voting_workshop, join, org, sjuharad_staff):
    client = join()
    token = client.session[SESSION_KEY][voting_workshop.join_code]
    other = services.create_workshop(actor=sjuharad_staff, organisation=org("mark"), title="Mark")
    session = client.session
    session[SESSION_KEY] = {other.join_code: token}
    session.save()
    page = client.get(f"/w/{other.join_code}/")
    assert page.status_code == 200 and "Gå med" in page.text  # a newcomer there, not the participant
    response = client.post(f"/w/{other.join_code}/lapp/", {"text": "Smuggel"})
    assert response.status_code == 302 and not Note.objects.filter(workshop=other).exists()


def test_an_unknown_or_forged_token_is_a_newcomer(voting_workshop):
    client = Client()
    session = client.session
    session[SESSION_KEY] = {voting_workshop.join_code: "forged" * 5}
    session.save()
    assert "Gå med" in client.get(f"/w/{voting_workshop.join_code}/").text
    assert _vote(client, voting_workshop, Note.objects.first().pk).status_code == 302  # to the join page
    assert not Dot.objects.exists()


def _csrf(client: httpx.Client, url: str) -> str:
    page = client.get(url).text
    return page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_fifty_votes_from_one_participant_counts_five_and_others_still_vote(
    live_server, org, sjuharad_staff
):
    assert connection.vendor != "sqlite" or not connection.is_in_memory_db()
    workshop = services.create_workshop(actor=sjuharad_staff, organisation=org("boras"), title="Skur")
    note = services.add_facilitator_note(actor=sjuharad_staff, workshop=workshop, text="Läxhjälp")
    services.place_note_as_facilitator(
        actor=sjuharad_staff, workshop=workshop, note_id=note.pk, placement="delregionalt"
    )
    url = f"{live_server.url}/w/{workshop.join_code}/"
    # At most 8 connections at once: the test server's listen queue is short, and a phone
    # does not open fifty sockets either; the 50 requests still arrive together.
    limits = httpx.Limits(max_connections=8)
    clients = [httpx.Client(timeout=60, follow_redirects=False, limits=limits) for _ in range(2)]
    for client in clients:
        client.post(url, data={"csrfmiddlewaretoken": _csrf(client, url)}, headers={"Referer": url})
    services.set_phase(actor=sjuharad_staff, workshop=workshop, phase=Phase.VOTING)
    tokens = [_csrf(client, url) for client in clients]
    burst, calm = clients
    barrier = threading.Barrier(51)

    def vote(client, token):
        barrier.wait(timeout=60)
        data = {"csrfmiddlewaretoken": token, "note": note.pk}
        return client.post(f"{url}plupp/", data=data, headers={"Referer": url}).status_code

    with ThreadPoolExecutor(max_workers=51) as pool:
        answers = list(pool.map(lambda i: vote(burst, tokens[0]) if i else vote(calm, tokens[1]), range(51)))
    for client in clients:
        client.close()
    assert answers[0] == 302  # the other participant's vote went through during the burst
    assert sorted(answers[1:]) == [302] * 5 + [409] * 45
    assert Dot.objects.filter(participant__workshop=workshop).count() == 6
