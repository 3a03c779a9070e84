"""Live updates of workshop boards: one change signal per process, fanned out to every open
stream (server-sent events, see stream_views.py) of that process.

A process has one :class:`Hub`, started by the first stream it serves. The hub runs in a
thread of its own (so it works the same under the ASGI server, ``runserver`` and the
tests' WSGI live server) and learns of changes in one of two ways:

* PostgreSQL: every write to a workshop, note, participant or dot runs
  ``pg_notify('kunskapsnod_workshops', '<workshop id>')`` inside the writing transaction
  (the receivers below), so the notification is sent when it commits and never when it
  rolls back. The hub LISTENs on one connection of its own.
* SQLite (and PostgreSQL while the LISTEN connection is down): every TICK seconds the hub
  reads the state of all workshops watched in this process, in one query.

Either way the hub reads the state of the changed workshops in one query, compares it with
what it sent last and, for each workshop that changed, wakes its streams with one shared,
already-encoded event (carrying, once the results show, the phones' board itself: see
``_with_results_board``). Changes are coalesced to at most one event per workshop per TICK,
so a hall voting at 50 votes/s costs each phone at most 1/TICK small events a second.

An event carries counters (participants, dots, voters: no distribution, so votes hidden
until revealed stay hidden) and two short fingerprints: ``board`` (the workshop's row and
its notes: phase, timer, reveal, notes added, moved, merged) and ``dots``. A page fetches
its board again only when the fingerprint it shows changes, so 600 phones do not fetch the
board for every vote (live.js).
"""

import hashlib
import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import Count, Max, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save

from kunskapsnod.operations.metrics import PUSH_CONNECTIONS
from kunskapsnod.workshops.models import Dot, Note, Participant, Phase, Workshop
from kunskapsnod.workshops.participant_views import shared_results_board

log = logging.getLogger(__name__)

CHANNEL = "kunskapsnod_workshops"
TICK = 0.25  # seconds: the SQLite check's period and the shortest gap between two events
HEARTBEAT = 15.0  # seconds: a comment line keeps proxies from closing an idle stream


# --- the change signal (PostgreSQL) -----------------------------------------------------


def notify_change(workshop_id: int | None) -> None:
    """Tell every process's hub that this workshop changed, when the transaction commits.

    PostgreSQL folds identical notifications of one transaction into one. On SQLite the
    hubs read the state every tick instead, and this does nothing."""
    if workshop_id is None or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, str(workshop_id)])


def _on_write(sender, instance, **kwargs) -> None:
    if isinstance(instance, Workshop):
        notify_change(instance.pk)
    elif isinstance(instance, Dot):
        # A dot does not hold its workshop: take it from the participant or note loaded
        # with it (cast_dot has both), else read it.
        for related in (Dot.participant, Dot.note):
            if related.is_cached(instance):
                notify_change(getattr(instance, related.field.name).workshop_id)
                return
        notify_change(Participant.objects.filter(pk=instance.participant_id).values_list("workshop", flat=True).first())
    else:
        notify_change(instance.workshop_id)


def connect_signals() -> None:
    """Called from WorkshopsConfig.ready(). A write that bypasses save() and delete()
    (QuerySet.update, bulk_create) is seen by the next save in the same service, or by
    the SQLite-style check that follows any reconnect; every service of this app saves
    at least one instance per write."""
    for model in (Workshop, Note, Participant, Dot):
        post_save.connect(_on_write, sender=model, dispatch_uid=f"live-{model.__name__}-save")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"live-{model.__name__}-delete")


# --- what a stream sends ------------------------------------------------------------------


def _per_workshop(queryset, path: str, **aggregate):
    rows = queryset.filter(**{path: OuterRef("pk")}).order_by().values(path).annotate(**aggregate)
    return Subquery(rows.values(next(iter(aggregate))))


def read_states(ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The live state of these workshops, in one query: {workshop id: event data}."""
    ids = list(ids)
    if not ids:
        return {}
    dots = Dot.objects.all()
    rows = (
        Workshop.objects.filter(pk__in=ids)
        .annotate(
            live_participants=Coalesce(_per_workshop(Participant.objects.all(), "workshop", n=Count("pk")), 0),
            live_notes=Coalesce(_per_workshop(Note.objects.all(), "workshop", n=Count("pk")), 0),
            live_notes_at=_per_workshop(Note.objects.all(), "workshop", m=Max("updated_at")),
            live_dots=Coalesce(_per_workshop(dots, "note__workshop", n=Count("pk")), 0),
            live_voters=Coalesce(_per_workshop(dots, "note__workshop", n=Count("participant", distinct=True)), 0),
            live_dots_last=_per_workshop(dots, "note__workshop", m=Max("pk")),
            live_dots_notes=_per_workshop(dots, "note__workshop", s=Sum("note_id")),
        )
        .values()
    )
    return {row["id"]: _event_data(row) for row in rows}


def _fingerprint(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=6).hexdigest()


def _event_data(row: dict[str, Any]) -> dict[str, Any]:
    # Every column of the workshop row takes part, so a field added later (a timer, a
    # reveal) changes the board's fingerprint without this function knowing it.
    own = sorted((k, v) for k, v in row.items() if not k.startswith("live_"))
    return {
        "phase": row["phase"],
        "closed": row["phase"] == Phase.CLOSED,
        "participants": row["live_participants"],
        "dots": row["live_dots"],
        "voters": row["live_voters"],
        "board": _fingerprint(own, row["live_notes"], row["live_notes_at"]),
        "votes": _fingerprint(row["live_dots"], row["live_dots_last"], row["live_dots_notes"]),
    }


def encode_event(data: dict[str, Any], event: str = "change") -> bytes:
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


# --- the hub --------------------------------------------------------------------------------


@dataclass(eq=False)
class Subscription:
    """One open stream. ``wake`` is called (in the hub's thread) with the new event; the
    stream's side decides how to hand it to its event loop."""

    workshop_id: int
    client: str
    address: str
    wake: Callable[[bytes, bool], None] = lambda event, last: None


@dataclass
class _Watched:
    subscriptions: set[Subscription] = field(default_factory=set)
    state: dict[str, Any] | None = None


class TooManyStreams(Exception):
    """A limit is reached; ``retry_after`` seconds is what the client is told to wait."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class Hub:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._watched: dict[int, _Watched] = {}
        self._per_client: Counter[str] = Counter()
        self._per_address: Counter[str] = Counter()
        self._open = 0
        self._pending: set[int] = set()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._listening = False

    # Called by streams, on any thread.

    def check(self, subscription: Subscription) -> None:
        """Raise TooManyStreams if this stream would pass a limit (settings.py)."""
        limits = settings.KUNSKAPSNOD_LIVE_STREAMS
        if self._open >= limits["per_process"]:
            raise TooManyStreams("process", retry_after=30)
        if self._per_address[subscription.address] >= limits["per_address"]:
            raise TooManyStreams("address", retry_after=30)
        if self._per_client[subscription.client] >= limits["per_client"]:
            raise TooManyStreams("client", retry_after=10)

    def subscribe(self, subscription: Subscription, state: dict[str, Any]) -> None:
        """Register a stream whose first event showed ``state``, or raise TooManyStreams."""
        with self._lock:
            self.check(subscription)
            self._open += 1
            PUSH_CONNECTIONS.inc()  # /metrics: summed over the worker processes
            self._per_client[subscription.client] += 1
            self._per_address[subscription.address] += 1
            watched = self._watched.setdefault(subscription.workshop_id, _Watched())
            watched.subscriptions.add(subscription)
            if watched.state is None:
                watched.state = state
            # A change committed between the first event's read and this registration
            # would otherwise wait for the next one: read this workshop once more.
            self._pending.add(subscription.workshop_id)
        self._ensure_running()

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            watched = self._watched.get(subscription.workshop_id)
            if watched is None or subscription not in watched.subscriptions:
                return
            watched.subscriptions.discard(subscription)
            self._open -= 1
            PUSH_CONNECTIONS.dec()
            if not watched.subscriptions:
                del self._watched[subscription.workshop_id]
            for counter, key in ((self._per_client, subscription.client), (self._per_address, subscription.address)):
                counter[key] -= 1
                if counter[key] <= 0:
                    del counter[key]

    def count(self, workshop_id: int | None = None) -> int:
        """Open streams of this process (of one workshop)."""
        if workshop_id is None:
            return self._open
        watched = self._watched.get(workshop_id)
        return len(watched.subscriptions) if watched else 0

    # The hub's own thread.

    def _ensure_running(self) -> None:
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="workshop-live-hub", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the thread and close its connections (tests; a process ends without it)."""
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout=5)
        self._thread = None

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                if connection.vendor == "postgresql":
                    self._listen()  # returns when the connection is lost (or on stop)
                if not self._stop.is_set():
                    self._tick()
        finally:
            connection.close()

    def _tick(self) -> None:
        """SQLite, or PostgreSQL without its LISTEN connection: check every watched workshop."""
        self._stop.wait(TICK)
        with self._lock:
            ids = set(self._watched)
            self._pending.clear()
        self._publish(ids)

    def _listen(self) -> None:
        import psycopg

        try:
            with psycopg.connect(**_listen_params(), autocommit=True) as conn:
                conn.execute(f"LISTEN {CHANNEL}")
                with self._lock:  # anything may have changed while nobody listened
                    self._pending.update(self._watched)
                self._listening = True
                last = 0.0
                while not self._stop.is_set():
                    if self._pending:  # gather more until TICK after the last event, then send
                        notifies = conn.notifies(timeout=max(0.0, last + TICK - time.monotonic()))
                    else:  # wait for the first (waking every second to see whether to stop)
                        notifies = conn.notifies(timeout=1.0, stop_after=1)
                    for notify in notifies:
                        self._note(notify.payload)
                    if self._pending and time.monotonic() >= last + TICK:
                        last = time.monotonic()
                        with self._lock:
                            ids, self._pending = self._pending & set(self._watched), set()
                        self._publish(ids)
        except psycopg.Error as exc:
            log.warning("workshop live updates: LISTEN connection lost (%s); checking every %s s", exc, TICK)
        finally:
            self._listening = False

    def _note(self, payload: str) -> None:
        if payload.isascii() and payload.isdigit():
            with self._lock:
                self._pending.add(int(payload))

    def _publish(self, ids: set[int]) -> None:
        if not ids:
            return
        try:
            close_old_connections()
            states = read_states(ids)
        except Exception:  # the database is away for a moment: try again next time
            log.exception("workshop live updates: reading the state failed")
            connection.close()
            with self._lock:
                self._pending.update(ids)
            return
        for workshop_id in ids:
            self._send(workshop_id, states.get(workshop_id))

    def _send(self, workshop_id: int, state: dict[str, Any] | None) -> None:
        with self._lock:
            watched = self._watched.get(workshop_id)
            if watched is None or state == watched.state:
                return
            watched.state = state
            subscriptions = list(watched.subscriptions)
        gone = state is None  # deleted
        last = gone or bool(state and state["closed"])
        data = {"closed": True} if state is None else _with_results_board(workshop_id, state)
        event = encode_event(data, "closed" if last else "change")
        for subscription in subscriptions:
            subscription.wake(event, last)


def _with_results_board(workshop_id: int, state: dict[str, Any]) -> dict[str, Any]:
    """Once the results show, the event carries the phones' board itself: rendered here once
    for all the process's streams, where 600 phones would otherwise fetch it in the same
    second (the only moment every phone wants the same new page). Without it — the render
    failed — phones fetch their board as before."""
    if state["phase"] not in (Phase.RESULTS, Phase.CLOSED):
        return state
    try:
        html = shared_results_board(Workshop.objects.get(pk=workshop_id))
    except Exception:
        log.exception("workshop live updates: rendering the results board failed")
        return state
    return state | {"html": html, "lang": settings.LANGUAGE_CODE}


def _listen_params() -> dict[str, Any]:
    db = connection.settings_dict  # the test database's name under the tests
    params = {"dbname": db["NAME"], "user": db.get("USER"), "password": db.get("PASSWORD")}
    params |= {"host": db.get("HOST") or None, "port": db.get("PORT") or None}
    return {key: value for key, value in params.items() if value not in (None, "")}


hub = Hub()
