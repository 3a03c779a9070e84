"""The production server (gunicorn with a uvicorn worker on kunskapsnod.asgi, as `make demo`
serves) in a subprocess, on the database under test: for what only an ASGI server can do
(the workshop streams). A fixture built on this asks for pytest-django's live_server too,
which makes the SQLite test database a file that both processes open; the tests commit
their data (transactional tests), so the server sees it."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from django.conf import settings
from django.db import connection

BIN = Path(sys.executable).parent
TESTS = Path(__file__).resolve().parent


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def asgi_server(**environment: str) -> Iterator[str]:
    """Serve on a free port of 127.0.0.1 with one worker; yields the base URL."""
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(TESTS),
        "DJANGO_SETTINGS_MODULE": "pytest_settings",
        "DATABASE_URL": _database_url(),
        "KUNSKAPSNOD_SECRET_KEY": settings.SECRET_KEY,  # the sessions the tests make are signed with it
        **environment,
    }
    command = [BIN / "gunicorn", "kunskapsnod.asgi", "-k", "uvicorn_worker.UvicornWorker", "--workers", "1"]
    server = subprocess.Popen(
        [*command, "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--graceful-timeout", "2"],
        env=env,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url, server)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def _wait_for(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(f"{url}/halsa/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("the ASGI server did not start")
