"""Live workshop in a full hall: 600 and 1,000 participants joined, every board open, all
voting 5 dots spread over 60 s, then the facilitator shows the result; pushed updates
(server-sent events) against the old polling path, measured in the same run.

    .venv/bin/python bench/workshop_load.py                 # SQLite (temp dir) + PostgreSQL if reachable
    .venv/bin/python bench/workshop_load.py --no-postgres --crowds 600 --spread 60
    BENCH_POSTGRES_URL=postgres://kunskapsnod:kunskapsnod@127.0.0.1:5432/kunskapsnod_bench_workshops \\
        .venv/bin/python bench/workshop_load.py
    DATABASE_URL=sqlite:////tmp/x-bench.sqlite3 .venv/bin/python bench/workshop_load.py --tiny
                                                            # only that database; 4 participants (tests)

For each database: migrate a throwaway database, load the real region hierarchy, start the
server as `make demo` serves (gunicorn, 2 uvicorn workers, kunskapsnod.asgi), then per crowd
size and mode a fresh GENERATED workshop (10 sub-regional notes, 5 dots each):

* every participant joins (own cookies, CSRF token from the page), the facilitator signs in
  and opens the voting (joining closes then);
* mode "poll" (the old path, the baseline): every phone and the projector (the facilitator's
  board) poll their board every 2 s (HTMX GET with the board's version: 204 while unchanged);
* mode "push": every phone and the projector hold the stream (GET /w/<code>/strom/); a phone
  fetches its board when the board's fingerprint changes (0–800 ms jitter), the projector
  also when the votes changed (at most once a second), as live.js does;
* every participant casts 5 votes at random moments within the spread (default 60 s), each
  with a fresh request key as workshops.js sends; a vote that times out (VOTE_TIMEOUT) or
  gets a 5xx is sent again with the same key, as a phone's browser retries, and one vote in
  RESEND_EVERY is sent a second time after its answer (an answer lost on bad wifi): the
  server must count each key once and answer the resend as the first;
* then the facilitator moves the workshop to its results; in push mode the event carries the
  phones' results board (as live.js takes it: no fetch), the projector fetches its own.

Measured: vote p50/p95; the delay from a vote's answer to its visibility on the projector
and on a sample of 50 phones (push: the first event whose dot count covers it; poll: the
first poll that started after it) and from the result's publication to every phone; the
requests/s served during the voting; the server's CPU; its memory per open stream (RSS of
the workers before and after the streams opened); and, checked against the database (the
stored dots' request keys), that no accepted vote is lost and none is stored twice (a
duplicate: more dots than distinct keys, or a dot without a key). The run exits with
status 1 if any vote is lost or duplicated. Ratio = push figure ÷ poll figure.
Loopback only; bounded request counts and time-outs.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from _benchdb import fresh_database

BIN = Path(sys.executable).parent  # the environment this script runs in (gunicorn, kunskapsnod)
CROWDS = (600, 1000)
TINY_CROWDS = (4,)  # --tiny: the test suite runs every bench at a size of seconds
DOTS = 5
NOTES = 10
POLL_EVERY = 2.0
PHONE_SAMPLE = 50
FACILITATOR = ("bench", "bench-only-password-1")
DEFAULT_PG = "postgres://kunskapsnod:kunskapsnod@127.0.0.1:5432/kunskapsnod_bench_workshops"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r"\?v=(\w+)")
RESULT_SHOWN = 'class="results-table"'  # the ranked result on a board
MODES = ("poll", "push")
NO_KEEPALIVE = httpx.Limits(max_keepalive_connections=0)
VOTE_TIMEOUT = 15.0  # seconds a phone waits for a vote's answer before sending it again
VOTE_TRIES = 3  # the first send and two retries, with the same request key
RESEND_EVERY = 10  # every tenth vote is sent once more after its answer came back


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
for key in sys.argv[1:]:
    w = services.create_workshop(actor=staff, organisation=Organisation.objects.get(slug="boras"),
                                 title=f"GENERATED bench workshop {key}", dots_per_participant=DOTS)
    for i in range(NOTES):
        note = services.add_facilitator_note(actor=staff, workshop=w, text=f"GENERATED note {i}")
        services.place_note_as_facilitator(actor=staff, workshop=w, note_id=note.pk, placement="delregionalt")
    print(key, w.pk, w.join_code, *w.notes.values_list("pk", flat=True))
"""

CHECK = """SELECT d.participant_id, d.request_key FROM workshops_dot d
JOIN workshops_note n ON n.id = d.note_id WHERE n.workshop_id = {pk}"""


def stored_dots(url: str, pk: int) -> list[tuple[int, str]]:
    """(participant, request key) of every dot stored in the workshop, read straight from
    the database."""
    sql = CHECK.format(pk=int(pk))
    if url.startswith("sqlite:"):
        import sqlite3

        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as db:
            return db.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as db:
        return db.execute(sql).fetchall()


def check_dots(dots: list[tuple[int, str]], accepted_keys: set[str]) -> dict[str, int]:
    """Stored dots against the votes the phones saw accepted: lost = an accepted key with
    no dot; duplicates = dots beyond one per key (a dot without a key counts as one: every
    simulated phone sends a key); most = most dots of one participant."""
    keys = [key for _, key in dots]
    per_person: dict[int, int] = {}
    for person, _ in dots:
        per_person[person] = per_person.get(person, 0) + 1
    return {
        "stored": len(dots),
        "lost": len(accepted_keys - set(keys)),
        "duplicates": len(dots) - len({key for key in keys if key}),
        "most": max(per_person.values(), default=0),
    }


def _django(url: str, script: str, *args: str) -> str:
    return subprocess.run(
        [BIN / "python", "-c", "import sys, django; django.setup(); exec(sys.stdin.read())", *args],
        input=f"DOTS, NOTES, FACILITATOR = {DOTS}, {NOTES}, {FACILITATOR!r}\n{script}",
        env=_env(url),
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout


def _prepare(url: str, keys: list[str]) -> dict[str, tuple[int, str, list[int]]]:
    subprocess.run([BIN / "kunskapsnod", "migrate", "--no-input", "-v", "0"], env=_env(url), check=True)
    workshops = {}
    for line in _django(url, SETUP, *keys).splitlines():
        key, pk, code, *notes = line.split()
        workshops[key] = (int(pk), code, [int(n) for n in notes])
    return workshops


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(url: str, port: int) -> subprocess.Popen:
    command = [BIN / "gunicorn", "kunskapsnod.asgi", "--worker-class", "uvicorn_worker.UvicornWorker"]
    proc = subprocess.Popen(
        [*command, "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
        env=_env(url),
        start_new_session=True,
    )
    for _ in range(150):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/halsa/", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    sys.exit("the server did not answer on /halsa/")


# --- the server's processes ------------------------------------------------------------------


def _workers(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return pids


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / os.sysconf("SC_CLK_TCK")


def _rss_kib(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    return total


# --- the simulated people --------------------------------------------------------------------


@dataclass
class Vote:
    start: float
    done: float
    ok: bool  # the last send's answer was the redirect of an accepted vote
    key: str
    sends: int  # requests sent with this key (retries and the resend included)
    again: str = ""  # the resend's answer ("" when not resent); must equal the first


@dataclass
class Phone:
    base: str
    code: str
    client: httpx.AsyncClient = None
    token: str = ""
    version: str = ""
    events: list[tuple[float, int]] = field(default_factory=list)  # (arrival, dots) per event
    polls: list[tuple[float, float]] = field(default_factory=list)  # (start, end) per poll
    board: str = ""
    fetched_after_result: float | None = None

    async def join(self) -> None:
        # A new connection per request: the server closes idle keep-alive connections after
        # 2 s, and a reused connection closed under the client reads as a reset.
        self.client = httpx.AsyncClient(base_url=self.base, timeout=60, limits=NO_KEEPALIVE)
        page = await self.client.get(f"/w/{self.code}/")
        self.token = TOKEN.search(page.text).group(1)
        answer = await self._post("", {"name": ""})
        assert answer.status_code == 302, answer.status_code

    async def _post(self, suffix: str, data: dict, timeout: float | None = None) -> httpx.Response:
        return await self.client.post(
            f"/w/{self.code}/{suffix}",
            data={"csrfmiddlewaretoken": self.token, **data},
            headers={"Referer": f"{self.base}/w/{self.code}/"},
            timeout=timeout or self.client.timeout,
        )

    async def vote(self, note_id: int, resend: bool = False) -> "Vote":
        """One click on "Lägg plupp": a fresh request key, sent again with the same key
        after a time-out, a lost connection or a 5xx (at most VOTE_TRIES sends), and with
        ``resend`` once more after the answer came (the answer lost on the way)."""
        key, start, sends, status = uuid.uuid4().hex, time.perf_counter(), 0, "none"
        data = {"note": note_id, "request_key": key}
        while sends < VOTE_TRIES:
            sends += 1
            try:
                status = str((await self._post("plupp/", data, VOTE_TIMEOUT)).status_code)
            except httpx.TransportError as exc:
                status = type(exc).__name__
            if status.isdigit() and int(status) < 500:
                break
            await asyncio.sleep(0.5 * sends)
        done = time.perf_counter()
        again = ""
        if resend and status == "302":
            sends += 1
            with contextlib.suppress(httpx.TransportError):
                again = str((await self._post("plupp/", data, VOTE_TIMEOUT)).status_code)
        return Vote(start, done, status == "302", key, sends, again)

    async def read_version(self) -> None:
        self.version = VERSION.search((await self.client.get(f"/w/{self.code}/")).text).group(1)

    async def fetch_board(self) -> int:
        start = time.perf_counter()
        answer = await self.client.get(f"/w/{self.code}/", params={"v": self.version}, headers={"HX-Request": "true"})
        if answer.status_code == 200 and (match := VERSION.search(answer.text)):
            self.version = match.group(1)
        self.polls.append((start, time.perf_counter()))
        return answer.status_code

    async def poll_forever(self, stop: asyncio.Event) -> None:
        await asyncio.sleep(random.random() * POLL_EVERY)
        while not stop.is_set():
            await self.fetch_board()
            await _sleep_or_stop(stop, POLL_EVERY)

    async def hold_stream(self, opened: asyncio.Event, stop: asyncio.Event, jitter: float, every_vote: bool) -> None:
        """As live.js: keep the stream, fetch the board when its fingerprint changes."""
        votes, throttle = None, 0.0
        async with self.client.stream("GET", f"/w/{self.code}/strom/") as response:
            assert response.status_code == 200, response.status_code
            opened.set()
            event = None
            async for line in response.aiter_lines():
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event in ("change", "closed"):
                    data = json.loads(line[6:])
                    now = time.perf_counter()
                    self.events.append((now, data.get("dots", -1)))
                    changed = self.board and data.get("board") != self.board
                    voted = every_vote and votes is not None and data.get("votes") != votes and now >= throttle
                    self.board, votes = data.get("board", ""), data.get("votes")
                    if changed and not every_vote and RESULT_SHOWN in data.get("html", ""):
                        self.polls.append((now, now))  # the board came with the event (live.js)
                    elif changed or voted:
                        throttle = now + 1.0
                        asyncio.get_running_loop().create_task(self._fetch_later(random.random() * jitter))
                    if event == "closed":
                        return
                if stop.is_set():
                    return

    async def _fetch_later(self, delay: float) -> None:
        await asyncio.sleep(delay)
        await self.fetch_board()


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


class Facilitator(Phone):
    """Signed in; its board (the facilitator's page) stands for the projector."""

    def __init__(self, base: str, code: str, pk: int):
        super().__init__(base, code)
        self.pk = pk

    async def sign_in(self) -> None:
        self.client = httpx.AsyncClient(base_url=self.base, timeout=60, limits=NO_KEEPALIVE)
        token = TOKEN.search((await self.client.get("/konto/logga-in/")).text).group(1)
        username, password = FACILITATOR
        answer = await self.client.post(
            "/konto/logga-in/",
            data={"csrfmiddlewaretoken": token, "username": username, "password": password},
            headers={"Referer": f"{self.base}/konto/logga-in/"},
        )
        assert answer.status_code == 302, f"the facilitator could not sign in ({answer.status_code})"

    async def set_phase(self, phase: str) -> None:
        board = f"/workshoppar/{self.pk}/"
        token = TOKEN.search((await self.client.get(board)).text).group(1)
        data = {"csrfmiddlewaretoken": token, "phase": phase}
        answer = await self.client.post(f"{board}fas/", data=data, headers={"Referer": f"{self.base}{board}"})
        assert answer.status_code == 302, f"moving to {phase} answered {answer.status_code}"

    async def read_version(self) -> None:
        self.version = VERSION.search((await self.client.get(f"/workshoppar/{self.pk}/")).text).group(1)

    async def fetch_board(self) -> int:
        start = time.perf_counter()
        answer = await self.client.get(
            f"/workshoppar/{self.pk}/", params={"v": self.version}, headers={"HX-Request": "true"}
        )
        if answer.status_code == 200 and (match := VERSION.search(answer.text)):
            self.version = match.group(1)
        self.polls.append((start, time.perf_counter()))
        return answer.status_code


# --- one run -----------------------------------------------------------------------------------


def _pct(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0] * 1000
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


async def _gather_bounded(coros, at_once: int = 25):
    gate = asyncio.Semaphore(at_once)

    async def run(coro):
        async with gate:
            return await coro

    return await asyncio.gather(*(run(c) for c in coros))


def _seen_push(holder: Phone, done: float, needed: int) -> float | None:
    for arrival, dots in holder.events:
        if dots >= needed:
            return max(0.0, arrival - done)
    return None


def _seen_poll(holder: Phone, done: float) -> float | None:
    for start, end in holder.polls:
        if start >= done:
            return end - done
    return None


async def _run(base: str, master: int, mode: str, crowd: int, workshop, spread: float) -> dict:
    pk, code, notes = workshop
    phones = [Phone(base, code) for _ in range(crowd)]
    await _gather_bounded([p.join() for p in phones])
    projector = Facilitator(base, code, pk)
    await projector.sign_in()
    await projector.set_phase("voting")
    await _gather_bounded([p.read_version() for p in [*phones, projector]])
    workers = _workers(master)
    rss_before = _rss_kib(workers)
    stop = asyncio.Event()
    if mode == "push":
        opened = [asyncio.Event() for _ in range(crowd + 1)]
        holders = [p.hold_stream(o, stop, 0.8, False) for p, o in zip(phones, opened, strict=False)]
        holders.append(projector.hold_stream(opened[-1], stop, 0.0, True))
        tasks = [asyncio.create_task(h) for h in holders]
        for i in range(0, len(opened), 50):  # open in steps, as a hall's phones do
            await asyncio.gather(*(o.wait() for o in opened[i : i + 50]))
    else:
        tasks = [asyncio.create_task(p.poll_forever(stop)) for p in [*phones, projector]]
    await asyncio.sleep(min(1.0, spread))
    rss_open = _rss_kib(workers)
    polls_before = sum(len(p.polls) for p in [*phones, projector])
    cpu_start, wall_start = _cpu_seconds(workers), time.perf_counter()

    count = iter(range(crowd * DOTS))

    async def vote_over_time(phone: Phone) -> list[Vote]:
        moments = sorted(random.random() * spread for _ in range(DOTS))
        results, begun = [], time.perf_counter()
        for moment in moments:
            await asyncio.sleep(max(0.0, begun + moment - time.perf_counter()))
            results.append(await phone.vote(random.choice(notes), resend=next(count) % RESEND_EVERY == 0))
        return results

    votes = [v for vs in await asyncio.gather(*(vote_over_time(p) for p in phones)) for v in vs]
    await asyncio.sleep(min(2.5, spread))  # the last votes reach every screen
    wall = time.perf_counter() - wall_start
    cpu = _cpu_seconds(workers) - cpu_start
    requests = sum(v.sends for v in votes) + sum(len(p.polls) for p in [*phones, projector]) - polls_before
    published = time.perf_counter()
    await projector.set_phase("results")
    # Until every phone has fetched its board after the change (polls or pushed), 30 s at most.
    deadline = time.perf_counter() + (30.0 if crowd > 10 else 5.0)
    while time.perf_counter() < deadline and any(_seen_poll(p, published) is None for p in phones):
        await asyncio.sleep(0.2)
    stop.set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    check = check_dots(stored_dots(_database, pk), {v.key for v in votes if v.ok})
    # Visibility: votes by the moment their answer came back.
    ordered = sorted(votes, key=lambda v: v.done)
    sample = random.sample(phones, min(PHONE_SAMPLE, crowd))
    seen_projector, seen_phones, seen_result = [], [], []
    for rank, done in enumerate((v.done for v in ordered), 1):
        if mode == "push":
            seen_projector.append(_seen_push(projector, done, rank))
            seen_phones += [_seen_push(p, done, rank) for p in sample]
        else:
            seen_projector.append(_seen_poll(projector, done))
            seen_phones += [_seen_poll(p, done) for p in sample]
    for phone in phones:
        seen_result.append(_seen_poll(phone, published))
    for client in [*phones, projector]:
        await client.client.aclose()
    unseen = sum(x is None for x in seen_projector + seen_phones)
    return {
        "votes": [v.done - v.start for v in votes],
        "accepted": sum(v.ok for v in votes),
        **check,
        "resent": sum(v.sends - 1 for v in votes),
        "resend_differs": sum(bool(v.again) and v.again != "302" for v in votes),
        "projector": [x for x in seen_projector if x is not None],
        "phones": [x for x in seen_phones if x is not None],
        "result": [x for x in seen_result if x is not None],
        "unseen": unseen,
        "req_s": requests / wall,
        "cpu": cpu / wall * 100,
        "kib_per_stream": (rss_open - rss_before) / (crowd + 1) if mode == "push" else None,
    }


_database = ""  # the URL of the database under the bench


def _print(label: str, crowd: int, mode: str, r: dict, base: dict | None) -> None:
    p95 = _pct(r["votes"], 95)
    kib = f"{r['kib_per_stream']:.0f}" if r["kib_per_stream"] is not None else "–"
    alone = "1.00" if mode == "poll" else "–"  # push without a baseline in this run
    ratio = f"{p95 / _pct(base['votes'], 95):.2f}" if base else alone
    vis = f"{_pct(r['projector'], 95) / _pct(base['projector'], 95):.2f}" if base else alone
    print(
        f"{label:<10} {crowd:>5} {mode:<5} {r['accepted']:>5} {r['resent']:>6} {r['lost']:>4} {r['duplicates']:>5} "
        f"{r['most']:>4} "
        f"{_pct(r['votes'], 50):>6.0f} {p95:>6.0f} {_pct(r['projector'], 95):>7.0f} {_pct(r['phones'], 95):>7.0f} "
        f"{_pct(r['result'], 95):>7.0f} {r['unseen']:>6} {r['req_s']:>6.0f} {r['cpu']:>5.0f}% {kib:>6}  "
        f"{ratio:>9} {vis:>9}"
    )


def _bench(label: str, url: str, crowds: tuple[int, ...], spread: float, modes: tuple[str, ...] = MODES) -> bool:
    """Run every crowd and mode; False if a vote was lost or stored twice, or a resend
    was answered otherwise than its first send."""
    global _database
    keys = [f"{crowd}-{mode}" for crowd in crowds for mode in modes]
    workshops = _prepare(url, keys)
    _database = url
    port = _free_port()
    server = _start_server(url, port)
    sound = True
    try:
        print(f"\n{label}: gunicorn, 2 uvicorn workers (kunskapsnod.asgi) on 127.0.0.1:{port}", end="; ")
        print(f"{DOTS} votes each over {spread:.0f} s")
        print(
            f"{'database':<10} {'crowd':>5} {'mode':<5} {'votes':>5} {'resent':>6} {'lost':>4} {'dupes':>5} {'max':>4} "
            f"{'p50 ms':>6} {'p95 ms':>6} {'proj95':>7} {'phone95':>7} {'result95':>7} {'unseen':>6} "
            f"{'req/s':>6} {'CPU':>6} {'KiB/st':>6}  {'ratio p95':>9} {'ratio vis':>9}"
        )
        for crowd in crowds:
            base = None
            for mode in modes:
                run = _run(f"http://127.0.0.1:{port}", server.pid, mode, crowd, workshops[f"{crowd}-{mode}"], spread)
                result = asyncio.run(run)
                _print(label, crowd, mode, result, base)
                sound = sound and not (result["lost"] or result["duplicates"] or result["resend_differs"])
                base = base or result
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return sound


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
    parser.add_argument("--crowds", type=int, nargs="+", help=f"crowd sizes (default {CROWDS})")
    parser.add_argument("--spread", type=float, help="seconds over which the votes are spread (default 60)")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=MODES, help="poll (the baseline) and/or push")
    args = parser.parse_args()
    crowds = TINY_CROWDS if args.tiny else tuple(args.crowds or CROWDS)
    spread = args.spread or (1.0 if args.tiny else 60.0)
    print("Columns: votes accepted; resent = sends beyond the first with the same request key (retries after a")
    print("time-out or 5xx, and every tenth vote sent again after its answer); lost and dupes (dots beyond one per")
    print("key) against the database's dots; max = most dots of one participant;")
    print("vote p50/p95; p95 delay until a vote is seen on the projector / a sample of phones, and the result on")
    print("every phone (ms); unseen = (vote, screen) pairs never seen; requests/s and server CPU (of 2 cores)")
    print("during the voting; KiB of server memory per open stream. Ratios: push ÷ poll (the baseline).")
    if os.environ.get("DATABASE_URL"):  # one given throwaway database only
        url = os.environ["DATABASE_URL"]
        fresh_database(url)
        label = "SQLite" if url.startswith("sqlite:") else "PostgreSQL"
        _exit(_bench(label, url, crowds, spread, tuple(args.modes)))
        return
    with tempfile.TemporaryDirectory(prefix="kunskapsnod-bench-") as tmp:
        sound = _bench("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", crowds, spread, tuple(args.modes))
    url = _postgres_url(args)
    if url:
        sound = _bench("PostgreSQL", url, crowds, spread, tuple(args.modes)) and sound
    _exit(sound)


def _exit(sound: bool) -> None:
    if not sound:
        sys.exit("votes lost or duplicated against the database, or a resend answered otherwise (see the table)")


if __name__ == "__main__":
    main()
