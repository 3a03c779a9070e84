"""The ASGI entry point: what `make demo` and production serve (gunicorn with uvicorn
workers, see docs/deployment.md). Sync views run in a thread per request; the workshop
streams (workshops/stream_views.py) are async and hold no thread while they wait."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kunskapsnod.settings")
# Read by settings.py: under ASGI every request runs in a thread of its own, so database
# connections come from a pool (PostgreSQL) or are opened per request (SQLite).
os.environ.setdefault("KUNSKAPSNOD_ASGI", "1")
application = get_asgi_application()
