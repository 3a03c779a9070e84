"""Live-workshop throughput: 60 and 200 simulated participants voting at once against the
app served by gunicorn on 127.0.0.1, with a baseline in the same run.

    .venv/bin/python bench/workshop_load.py                 # SQLite (temp dir) + PostgreSQL if reachable
    .venv/bin/python bench/workshop_load.py --no-postgres
    BENCH_POSTGRES_URL=postgres://kunskapsnod:kunskapsnod@127.0.0.1:5432/kunskapsnod_bench_workshops \\
        .venv/bin/python bench/workshop_load.py
    DATABASE_URL=sqlite:////tmp/x-bench.sqlite3 .venv/bin/python bench/workshop_load.py --tiny
                                                            # only that database; 4 participants (tests)

For each database: migrate a throwaway database (a SQLite file in a temp dir; a PostgreSQL
database whose name must contain "bench", dropped and created again), load the real region
hierarchy, start gunicorn (2 workers × 8 threads, like `make demo`), then for each crowd
size: every participant joins (own httpx client, own session cookie, CSRF token from the
page), the facilitator signs in and opens the voting (joining closes when voting starts,
so the crowd joins first, as in a real workshop), a barrier releases them all at once,
and each casts its DOTS votes as fast as the server answers. Measured: votes/second
(accepted votes / wall time) and p50/p95 latency of one vote; then the same crowd polling
its board (HTMX GET with the board's version, which answers 204 while nothing changed:
what 200 open phones do every 2 s). Baseline: the same crowd doing the same number of
GET /halsa/ (health check: one SELECT 1) at once. Ratio = figure / baseline figure.
Workshop content is GENERATED.
Loopback only; bounded request counts, 30 s timeout per request.
"""

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from _benchdb import fresh_database

BIN = Path(sys.executable).parent  # the environment this script runs in (gunicorn, kunskapsnod)
CROWDS = (60, 200)
TINY_CROWDS = (4,)  # --tiny: the test suite runs every bench at a size of seconds
DOTS = 5
NOTES = 10
FACILITATOR = ("bench", "bench-only-password-1")
DEFAULT_PG = "postgres://kunskapsnod:kunskapsnod@127.0.0.1:5432/kunskapsnod_bench_workshops"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r"\?v=(\w+)")


def _env(url: str) -> dict:
    var = Path(tempfile.gettempdir()) / "kunskapsnod-bench-var"
    (var / "static").mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "kunskapsnod.settings",
        "KUNSKAPSNOD_HTTPS": "0",
        "KUNSKAPSNOD_SECRET_KEY": "bench-only-" + "x" * 50,
        "KUNSKAPSNOD_STATIC_FROM_FINDERS": "1",
        "KUNSKAPSNOD_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "KUNSKAPSNOD_ALLOWED_HOSTS": "127.0.0.1",
        "KUNSKAPSNOD_VAR_DIR": str(var),
    }


SETUP = """
import sys
from django.conf import settings
from kunskapsnod.accounts.models import Role
from kunskapsnod.accounts.services import create_user
from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.services import import_regions
from kunskapsnod.workshops import services
import_regions(settings.DATA_DIR / "regions.csv")
staff = create_user(username=FACILITATOR[0], password=FACILITATOR[1], role=Role.NODE_STAFF,
                    organisation=Organisation.objects.get(slug="sjuharad"), email="bench@example.org")
for crowd in sys.argv[1:]:
    w = services.create_workshop(actor=staff, organisation=Organisation.objects.get(slug="boras"),
                                 title=f"GENERATED bench workshop {crowd}", dots_per_participant=DOTS)
    for i in range(NOTES):
        note = services.add_facilitator_note(actor=staff, workshop=w, text=f"GENERATED note {i}")
        services.place_note_as_facilitator(actor=staff, workshop=w, note_id=note.pk, placement="delregionalt")
    # Still open for joining: the facilitator opens the voting once the crowd is in.
    print(crowd, w.pk, w.join_code, *w.notes.values_list("pk", flat=True))
"""


def _prepare(url: str, crowds: tuple[int, ...]) -> dict[int, tuple[int, str, list[int]]]:
    env = _env(url)
    subprocess.run([BIN / "kunskapsnod", "migrate", "--no-input", "-v", "0"], env=env, check=True)
    out = subprocess.run(
        [BIN / "python", "-c", "import sys, django; django.setup(); exec(sys.stdin.read())", *map(str, crowds)],
        input=f"DOTS, NOTES, FACILITATOR = {DOTS}, {NOTES}, {FACILITATOR!r}\n{SETUP}",
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    workshops = {}
    for line in out.splitlines():
        crowd, pk, code, *notes = line.split()
        workshops[int(crowd)] = (int(pk), code, [int(n) for n in notes])
    return workshops


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_gunicorn(url: str, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            BIN / "gunicorn",
            "kunskapsnod.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "8",
            "--log-level",
            "warning",
        ],
        env=_env(url),
        start_new_session=True,
    )
    for _ in range(100):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/halsa/", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    sys.exit("gunicorn did not answer on /halsa/")


class Participant:
    def __init__(self, base: str, code: str):
        self.base, self.code = base, code
        # A new connection per request: gunicorn closes idle keep-alive connections after
        # 2 s, and a reused connection closed under the client reads as a reset.
        self.client = httpx.Client(base_url=base, timeout=30, limits=httpx.Limits(max_keepalive_connections=0))
        self.token = ""

    def join(self) -> None:
        page = self.client.get(f"/w/{self.code}/")
        self.token = TOKEN.search(page.text).group(1)
        answer = self._post("", {"name": ""})
        assert answer.status_code == 302, answer.status_code

    def _post(self, suffix: str, data: dict) -> httpx.Response:
        return self.client.post(
            f"/w/{self.code}/{suffix}",
            data={"csrfmiddlewaretoken": self.token, **data},
            headers={"Referer": f"{self.base}/w/{self.code}/"},
        )

    def vote(self, note_id: int) -> tuple[float, bool]:
        start = time.perf_counter()
        answer = self._post("plupp/", {"note": note_id})
        return time.perf_counter() - start, answer.status_code == 302

    def read_version(self) -> None:
        self.version = VERSION.search(self.client.get(f"/w/{self.code}/").text).group(1)

    def poll(self, _note_id: int) -> tuple[float, bool]:
        start = time.perf_counter()
        answer = self.client.get(f"/w/{self.code}/", params={"v": self.version}, headers={"HX-Request": "true"})
        return time.perf_counter() - start, answer.status_code == 204

    def health(self, _note_id: int) -> tuple[float, bool]:
        start = time.perf_counter()
        answer = self.client.get("/halsa/")
        return time.perf_counter() - start, answer.status_code == 200


def _open_voting(base: str, workshop_pk: int) -> None:
    """The facilitator signs in and moves the workshop to voting through the board's form."""
    with httpx.Client(base_url=base, timeout=30) as client:
        token = TOKEN.search(client.get("/konto/logga-in/").text).group(1)
        username, password = FACILITATOR
        answer = client.post(
            "/konto/logga-in/",
            data={"csrfmiddlewaretoken": token, "username": username, "password": password},
            headers={"Referer": f"{base}/konto/logga-in/"},
        )
        assert answer.status_code == 302, f"the facilitator could not sign in ({answer.status_code})"
        board = f"/workshoppar/{workshop_pk}/"
        token = TOKEN.search(client.get(board).text).group(1)
        answer = client.post(
            f"{board}fas/",
            data={"csrfmiddlewaretoken": token, "phase": "voting"},
            headers={"Referer": f"{base}{board}"},
        )
        assert answer.status_code == 302, f"opening the voting answered {answer.status_code}"


def _at_once(people: list[Participant], action: str, notes: list[int]) -> tuple[float, list[float], int]:
    barrier = threading.Barrier(len(people))

    def run(indexed):
        index, person = indexed
        barrier.wait(timeout=120)
        return [getattr(person, action)(notes[(index + k) % len(notes)]) for k in range(DOTS)]

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(people)) as pool:
        results = [r for rs in pool.map(run, enumerate(people)) for r in rs]
    wall = time.perf_counter() - start
    return wall, [t for t, _ in results], sum(ok for _, ok in results)


def _pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] * 1000


def _figures(wall: float, times: list[float], ok: int) -> dict:
    return {"n": ok, "per_s": ok / wall, "p50": _pct(times, 50), "p95": _pct(times, 95)}


def _run_crowd(base: str, crowd: int, workshop: tuple[int, str, list[int]]) -> dict[str, dict]:
    pk, code, notes = workshop
    people = [Participant(base, code) for _ in range(crowd)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(Participant.join, people))
    _open_voting(base, pk)
    rows = {"GET /halsa/ (baseline)": _figures(*_at_once(people, "health", notes))}
    rows["vote (POST, 302)"] = _figures(*_at_once(people, "vote", notes))
    assert rows["vote (POST, 302)"]["n"] == crowd * DOTS, "not every vote was accepted"
    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(Participant.read_version, people))
    rows["board poll, unchanged (204)"] = _figures(*_at_once(people, "poll", notes))
    for person in people:
        person.client.close()
    return rows


def _bench(label: str, url: str, crowds: tuple[int, ...]) -> None:
    workshops = _prepare(url, crowds)
    port = _free_port()
    server = _start_gunicorn(url, port)
    try:
        print(f"\n{label}: gunicorn 2 workers × 8 threads on 127.0.0.1:{port}, {DOTS} requests per participant")
        header = f"{'crowd':>5}  {'request':<28} {'n':>5} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7}"
        print(f"{header}  {'ratio req/s':>11} {'ratio p95':>9}")
        for crowd in crowds:
            rows = _run_crowd(f"http://127.0.0.1:{port}", crowd, workshops[crowd])
            base = rows["GET /halsa/ (baseline)"]
            for name, r in rows.items():
                print(
                    f"{crowd:>5}  {name:<28} {r['n']:>5} {r['per_s']:>6.0f} {r['p50']:>7.0f} {r['p95']:>7.0f}  "
                    f"{r['per_s'] / base['per_s']:>11.2f} {r['p95'] / base['p95']:>9.2f}"
                )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def _postgres_url(args) -> str | None:
    if args.no_postgres:
        return None
    url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG)
    try:
        fresh_database(url)  # refuses (exits) unless the name contains "bench"
    except Exception as exc:  # no server, no rights: say so and run SQLite only
        print(f"PostgreSQL skipped ({url}): {exc}")
        return None
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--tiny", action="store_true", help=f"crowds of {TINY_CROWDS} (seconds; the tests run this)")
    args = parser.parse_args()
    crowds = TINY_CROWDS if args.tiny else CROWDS
    if os.environ.get("DATABASE_URL"):  # one given throwaway database only
        url = os.environ["DATABASE_URL"]
        fresh_database(url)
        _bench("SQLite" if url.startswith("sqlite:") else "PostgreSQL", url, crowds)
        return
    with tempfile.TemporaryDirectory(prefix="kunskapsnod-bench-") as tmp:
        _bench("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", crowds)
    url = _postgres_url(args)
    if url:
        _bench("PostgreSQL", url, crowds)


if __name__ == "__main__":
    main()
