"""Idempotent votes, dots taken back and notes: a request sent again with the same request key (a phone on
bad wifi, nginx retrying on failover, a form posted twice) is written once and answered as
the first time; two clicks carry two keys and count twice."""

import re

import pytest
from django.db import IntegrityError, transaction

from kunskapsnod.workshops import services
from kunskapsnod.workshops.models import Dot, DotRemoval, Note, Phase

KEY_IN_FORM = re.compile(r'name="request_key" value="([0-9a-f]{32})"')


@pytest.fixture
def voter(voting_workshop):
    return services.join_workshop(workshop=voting_workshop)


@pytest.fixture
def kaa(voting_workshop):
    return voting_workshop.notes.get(text="KAA")


def test_the_same_key_casts_one_dot_and_returns_it_again(voter, kaa):
    first = services.cast_dot(participant=voter, note_id=kaa.pk, request_key="klick-0001")
    again = services.cast_dot(participant=voter, note_id=kaa.pk, request_key="klick-0001")
    assert again == first and Dot.objects.filter(participant=voter).count() == 1


def test_different_keys_or_none_cast_a_dot_each(voter, kaa):
    for key in ("klick-0001", "klick-0002", None):  # the workshop's budget is 3 dots
        services.cast_dot(participant=voter, note_id=kaa.pk, request_key=key)
    assert Dot.objects.filter(participant=voter).count() == 3


def test_a_retry_after_the_voting_ended_gets_the_first_answer(voter, kaa, advance, voting_workshop):
    first = services.cast_dot(participant=voter, note_id=kaa.pk, request_key="klick-0001")
    advance(voting_workshop, Phase.RESULTS)
    assert services.cast_dot(participant=voter, note_id=kaa.pk, request_key="klick-0001") == first
    with pytest.raises(services.WorkshopError):
        services.cast_dot(participant=voter, note_id=kaa.pk, request_key="klick-0002")


def test_taking_a_dot_back_twice_with_one_key_takes_back_one(voter, kaa, advance, voting_workshop):
    for key in ("klick-0001", "klick-0002", "klick-0003"):
        services.cast_dot(participant=voter, note_id=kaa.pk, request_key=key)
    for _ in range(2):  # the second is a retry: it succeeds as the first and removes nothing
        services.remove_dot(participant=voter, note_id=kaa.pk, request_key="bort-0001")
    assert Dot.objects.filter(participant=voter).count() == 2
    services.remove_dot(participant=voter, note_id=kaa.pk, request_key="bort-0002")  # a new click
    assert Dot.objects.filter(participant=voter).count() == 1
    advance(voting_workshop, Phase.RESULTS)
    services.remove_dot(participant=voter, note_id=kaa.pk, request_key="bort-0002")  # late retry: same answer
    with pytest.raises(services.WorkshopError):
        services.remove_dot(participant=voter, note_id=kaa.pk, request_key="bort-0003")
    assert Dot.objects.filter(participant=voter).count() == 1


def test_a_cast_retried_after_its_dot_was_taken_back_casts_nothing(voter, kaa):
    services.cast_dot(participant=voter, note_id=kaa.pk, request_key="klick-0001")
    services.remove_dot(participant=voter, note_id=kaa.pk, request_key="bort-0001")
    assert services.cast_dot(participant=voter, note_id=kaa.pk, request_key="klick-0001") is None
    assert not Dot.objects.filter(participant=voter).exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        DotRemoval.objects.create(participant=voter, request_key="bort-0001")


def test_the_same_remove_posted_twice_takes_back_one_dot(voting_workshop, join, kaa):
    phone = join(target=voting_workshop)
    url = f"/w/{voting_workshop.join_code}/plupp/"
    for key in ("klick-0001", "klick-0002", "klick-0003"):
        phone.post(url, {"note": kaa.pk, "request_key": key})
    remove = {"note": kaa.pk, "action": "remove", "request_key": "bort-0001"}
    first, again = phone.post(url, remove), phone.post(url, remove)
    assert (
        (first.status_code, first.url)
        == (again.status_code, again.url)
        == (302, f"/w/{voting_workshop.join_code}/#tavla")
    )
    assert Dot.objects.filter(note=kaa).count() == 2
    htmx = {"HX-Request": "true", "Idempotency-Key": "bort-header-1"}
    first, again = (phone.post(url, {"note": kaa.pk, "action": "remove"}, headers=htmx) for _ in range(2))
    assert first["X-Workshop-Result"] == again["X-Workshop-Result"] == "ok"
    assert Dot.objects.filter(note=kaa).count() == 1
    response = phone.post(url, {**remove, "request_key": "inte giltig"})
    assert response.status_code == 400 and Dot.objects.filter(note=kaa).count() == 1


@pytest.mark.parametrize("key", ["kort", "x" * 65, "mellan slag", "åäö-åäö-åäö", "'; DROP TABLE--"])
def test_a_malformed_key_is_refused(voter, kaa, key):
    with pytest.raises(services.InvalidInput, match="Ogiltig nyckel"):
        services.cast_dot(participant=voter, note_id=kaa.pk, request_key=key)
    assert not Dot.objects.exists()


def test_the_database_holds_one_dot_per_key_and_participant(voter, kaa):
    services.cast_dot(participant=voter, note_id=kaa.pk, request_key="klick-0001")
    with pytest.raises(IntegrityError), transaction.atomic():
        Dot.objects.create(participant=voter, note=kaa, slot=2, request_key="klick-0001")
    Dot.objects.create(participant=voter, note=kaa, slot=2)  # no key: never deduplicated
    Dot.objects.create(participant=voter, note=kaa, slot=3)


def test_the_same_post_twice_counts_once_and_answers_the_same(voting_workshop, join, kaa):
    phone = join(target=voting_workshop)
    url, data = f"/w/{voting_workshop.join_code}/plupp/", {"note": kaa.pk, "request_key": "a1b2c3d4e5f6"}
    first, again = phone.post(url, data), phone.post(url, data)
    assert (
        (first.status_code, first.url)
        == (again.status_code, again.url)
        == (302, f"/w/{voting_workshop.join_code}/#tavla")
    )
    assert Dot.objects.filter(note=kaa).count() == 1
    htmx = {"HX-Request": "true"}
    first, again = (phone.post(url, {**data, "request_key": "f6e5d4c3b2a1"}, headers=htmx) for _ in range(2))
    assert first["X-Workshop-Result"] == again["X-Workshop-Result"] == "ok"
    mine = re.compile(rf'id="lapp-{kaa.pk}".*?Dina pluppar här: <span class="dots">(\d+)</span>', re.S)
    assert mine.search(first.text).group(1) == mine.search(again.text).group(1) == "2"
    phone.post(url, {"note": kaa.pk}, headers={"Idempotency-Key": "header-key-1", **htmx})
    phone.post(url, {"note": kaa.pk}, headers={"Idempotency-Key": "header-key-1", **htmx})
    assert Dot.objects.filter(note=kaa).count() == 3


def test_the_page_without_javascript_posts_the_key_rendered_with_its_form(voting_workshop, join, kaa):
    phone = join(target=voting_workshop)
    page = phone.get(f"/w/{voting_workshop.join_code}/").text
    keys = KEY_IN_FORM.findall(page)
    assert len(keys) == len(set(keys)) == 2  # one per sub-regional note, each its own
    form = re.search(rf'name="note" value="{kaa.pk}"><input type="hidden" name="request_key" value="(\w+)"', page)
    url = f"/w/{voting_workshop.join_code}/plupp/"
    for _ in range(2):  # the browser sends the form again (reload, back button)
        assert phone.post(url, {"note": kaa.pk, "request_key": form.group(1)}).status_code == 302
    assert Dot.objects.filter(note=kaa).count() == 1
    fresh = KEY_IN_FORM.findall(phone.get(f"/w/{voting_workshop.join_code}/").text)
    assert not set(fresh) & set(keys)  # the next click has a new key
    response = phone.post(url, {"note": kaa.pk, "request_key": "inte giltig"})
    assert response.status_code == 400 and "Ogiltig nyckel" in response.text


def test_a_note_sent_twice_with_one_key_is_added_once(workshop, join):
    phone = join()
    url = f"/w/{workshop.join_code}/lapp/"
    page = phone.get(f"/w/{workshop.join_code}/").text
    key = KEY_IN_FORM.search(page).group(1)
    for _ in range(2):
        assert phone.post(url, {"text": "Läxhjälp", "request_key": key}).status_code == 302
    phone.post(url, {"text": "Läxhjälp", "request_key": "en-annan-nyckel"})
    assert Note.objects.filter(workshop=workshop, text="Läxhjälp").count() == 2
