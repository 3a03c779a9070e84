"""The SQLite backend queues the writers of one process (kunskapsnod/sqlite/base.py): each
goes in as soon as the transaction before it ends — however it ends — and never waits
behind one that has ended. SQLite's busy timeout is 20 s here, so a writer left waiting
behind a released queue would take 20 s; each test allows 5."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from kunskapsnod.regions.models import Organisation

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the queue is SQLite's backend"),
]


def _in_a_thread(work) -> float:
    """Run ``work`` on a connection of its own, as a server thread would; its duration."""
    took: list[float] = []

    def run():
        start = time.monotonic()
        try:
            work()
        finally:
            took.append(time.monotonic() - start)
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert took, "the writer never finished"
    return took[0]


def _write(name: str):
    def work():
        with transaction.atomic():
            Organisation.objects.filter(pk=0).update(name=name)

    return work


def _fail_after_writing():
    with transaction.atomic():
        Organisation.objects.filter(pk=0).update(name="x")
        raise RuntimeError("the request failed")


def test_a_writer_after_a_committed_transaction_goes_in_at_once():
    assert _in_a_thread(_write("a")) < 5
    assert _in_a_thread(_write("b")) < 5


def test_a_writer_after_a_rolled_back_transaction_goes_in_at_once():
    with pytest.raises(RuntimeError):
        _fail_after_writing()
    assert _in_a_thread(_write("after a rollback")) < 5


def test_a_writer_after_a_connection_closed_inside_its_transaction_goes_in_at_once():
    def close_midway():
        transaction.atomic().__enter__()  # a worker killed mid-request: never leaves the block
        Organisation.objects.filter(pk=0).update(name="x")
        connection.close()

    _in_a_thread(close_midway)
    assert _in_a_thread(_write("after a close")) < 5


def test_writers_of_one_process_wait_for_each_other_instead_of_failing():
    holding = threading.Event()
    release = threading.Event()

    def hold_the_lock():
        with transaction.atomic():
            Organisation.objects.filter(pk=0).update(name="first")
            holding.set()
            release.wait(timeout=10)

    first = threading.Thread(target=lambda: (hold_the_lock(), connections.close_all()))
    first.start()
    holding.wait(timeout=10)
    timer = threading.Timer(0.5, release.set)
    timer.start()
    took = _in_a_thread(_write("second"))
    first.join(timeout=10)
    assert 0.4 < took < 5  # it waited for the first to commit, then went in
