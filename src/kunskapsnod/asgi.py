"""The ASGI entry point: what `make demo` and production serve (gunicorn with uvicorn
workers, see docs/deployment.md). Sync views run in a thread per request; the workshop
streams (workshops/stream_views.py) are async and hold no thread while they wait."""

import asyncio
import os
import re

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kunskapsnod.settings")
# Read by settings.py: under ASGI every request runs in a thread of its own, so database
# connections come from a pool (PostgreSQL) or are opened per request (SQLite).
os.environ.setdefault("KUNSKAPSNOD_ASGI", "1")

STREAM = re.compile(r"^/w/[^/]+/strom/$")


class BoundedRequests:
    """At most ``limit`` requests of one process in Django at once; the rest wait here, in
    the event loop, in arrival order. Django gives every request a thread of its own, so a
    hall of 600 voting at once would otherwise be 600 threads fighting over SQLite's write
    lock (some past its busy timeout) or PostgreSQL's pool. The streams are let through:
    they hold no thread while open (like gunicorn's threads before, minus the streams)."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit
        self.gate: asyncio.Semaphore | None = None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or STREAM.match(scope.get("path", "")):
            return await self.app(scope, receive, send)
        if self.gate is None:  # created in the worker's event loop
            self.gate = asyncio.Semaphore(self.limit)
        async with self.gate:
            return await self.app(scope, receive, send)


django_application = get_asgi_application()
application = BoundedRequests(django_application, int(os.environ.get("KUNSKAPSNOD_ASGI_CONCURRENCY", "16")))
