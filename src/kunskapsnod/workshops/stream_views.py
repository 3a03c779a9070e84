"""The live stream of a workshop board: server-sent events (text/event-stream).

An async view: an open stream holds no thread and no database connection, only a socket
and a small object registered with the process's hub (live.py), so hundreds of open phones
do not block the sync pages served by the same process. Who may open it: a participant of
the workshop (their session) or a signed-in user (who may read every workshop). Limits per
client (session), per address and per process answer 429 with Retry-After; live.js then
polls and tries the stream again later.

Under WSGI (``runserver``, the tests' live server) a response cannot stream from an async
iterator, so the view answers 204 No Content, which tells EventSource to stop, and pages
poll as before.
"""

import asyncio
import random
import time
import weakref

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.handlers.asgi import ASGIRequest
from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kunskapsnod.regions.permissions import PermissionDenied
from kunskapsnod.workshops import live
from kunskapsnod.workshops.access import current_participant, get_workshop_by_code


def _open(request, code: str, wake) -> tuple[live.Subscription, dict]:
    """Access check, limits, first state and registration, in one trip to a thread."""
    workshop = get_workshop_by_code(code)
    participant = current_participant(request, workshop)
    if participant is not None:
        client = f"p{participant.pk}"
    elif request.user.is_authenticated:
        client = f"u{request.user.pk}"
    else:
        raise PermissionDenied(_("Gå med i workshoppen för att följa tavlan."))
    subscription = live.Subscription(workshop.pk, client, request.META.get("REMOTE_ADDR", ""), wake)
    live.hub.check(subscription)  # before the state's query: a refusal should cost little
    state = live.read_states([workshop.pk])[workshop.pk]
    live.hub.subscribe(subscription, state)  # checks again, under the hub's lock
    # Django would close this thread's connection only when the response ends, i.e. when
    # the stream does: a stream would hold a pool connection (PostgreSQL) or an open file
    # with its cache (SQLite) for its whole life. It needs none after this.
    connection.close()
    return subscription, state


def _refusal(message: str, status: int, retry_after: int | None = None) -> HttpResponse:
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


@login_not_required
@require_GET
async def stream(request, code):
    if not isinstance(request, ASGIRequest):
        # 204 tells EventSource not to reconnect (a 5xx would read as a server error).
        response = HttpResponse(status=204)
        response["Retry-After"] = "60"
        return response
    queue: asyncio.Queue[tuple[bytes, bool]] = asyncio.Queue()
    loop = asyncio.get_running_loop()

    def wake(event: bytes, last: bool) -> None:  # called in the hub's thread
        loop.call_soon_threadsafe(queue.put_nowait, (event, last))

    try:
        subscription, state = await sync_to_async(_open)(request, code, wake)
    except live.TooManyStreams as exc:
        return _refusal(_("För många öppna direktuppdateringar. Försök igen senare."), 429, exc.retry_after)
    max_seconds = settings.KUNSKAPSNOD_LIVE_STREAMS["max_seconds"]

    async def events():
        try:
            # Reconnect after 2–5 s, spread so that a restarted server is not hit by all at once.
            yield f"retry: {random.randint(2000, 5000)}\n\n".encode()
            yield live.encode_event(state, "closed" if state["closed"] else "change")
            ends = time.monotonic() + max_seconds
            while not state["closed"] and time.monotonic() < ends:
                try:
                    event, last = await asyncio.wait_for(queue.get(), live.HEARTBEAT)
                except TimeoutError:
                    yield b": ping\n\n"  # also how a vanished client is noticed
                    continue
                yield event
                if last:
                    break
        finally:
            live.hub.unsubscribe(subscription)

    body = events()
    # A client gone before the first event: the server drops the response without starting
    # the generator, whose finally then never runs; the finalizer lets the stream go anyway.
    weakref.finalize(body, live.hub.unsubscribe, subscription)
    response = StreamingHttpResponse(body, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: pass every event on at once
    return response
