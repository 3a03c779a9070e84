"""Failover: a live workshop of 600 participants voting through nginx while one of its two
app servers is killed, with the vote count checked against the database.

    .venv/bin/python bench/failover.py                       # PostgreSQL (BENCH_POSTGRES_URL or the local server)
    BENCH_POSTGRES_URL=postgres://kunskapsnod:kunskapsnod@127.0.0.1:5432/kunskapsnod_bench_failover \\
        .venv/bin/python bench/failover.py
    DATABASE_URL=sqlite:////tmp/x-bench.sqlite3 .venv/bin/python bench/failover.py --tiny
                                                             # that database; 8 participants (the suite)

A throwaway database (its name must contain "bench") is migrated and given a workshop
of ten notes (as bench/workshop_load.py's); two app servers start as production runs them
(gunicorn with deploy/gunicorn.conf.py: uvicorn workers serving kunskapsnod.asgi; plain
gunicorn threads if this version has no ASGI entry point) on two free loopback ports, and
nginx (not root, a free high port, files in a temp dir) with the site of
deploy/nginx/kunskapsnod.conf, TLS and the port-80 server taken out and the upstream
pointed at the two servers. Every participant joins through nginx, the facilitator opens
the voting, and they vote (DOTS each, a pool of concurrent clients). Each vote carries a
fresh request key, as workshops.js sends, and a vote whose answer does not come (a lost
connection, a time-out, a 5xx such as nginx's 502 when the server died under it) is sent
again with the same key, as a phone's browser retries, at most VOTE_TRIES times. When 40 %
of the votes are in, one app server is killed (SIGKILL to its process group: no graceful
shutdown), and the others go on through nginx.

Checked against the database (the stored dots' request keys): every accepted vote (302) is
there, and no key is stored twice (a vote whose answer was lost when its server died may
or may not have been stored by the first send; the retry with its key finds it and casts
none); participants voting after the kill get votes accepted through the other server;
once the failover window has passed no vote is refused. Reported: votes/s and p95 before
the kill, in the failover window (the kill + 5 s) and after, the errors, the votes sent
again, and ratios against the before phase (the baseline).
Loopback only; every request has a 30 s timeout and the whole run a bound.
"""

import argparse
import getpass
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from _benchdb import fresh_database

# Only the helpers that keep their shape; the crowd's clients are this script's own.
from workshop_load import BIN, DEFAULT_PG, FACILITATOR, _env, _free_port, _pct

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "deploy" / "nginx" / "kunskapsnod.conf"
CROWD, TINY_CROWD = 600, 8
DOTS = 5  # the workshop's dots per participant
KILL_AT = 0.4  # share of the votes accepted before one server is killed
WINDOW = 5.0  # seconds after the kill counted as "during the failover"
CLIENTS = 64  # concurrent participants' requests (phones tapping at once)
BOUND = 900  # seconds: the whole run is stopped after this
VOTE_TRIES = 3  # a vote is sent at most this often, with the same request key


def _asgi_available() -> bool:
    return (ROOT / "src" / "kunskapsnod" / "asgi.py").exists() and shutil.which("gunicorn", path=str(BIN)) is not None


def _start_app_server(url: str, port: int, folder: Path) -> subprocess.Popen:
    metrics = folder / f"metrics-{port}"
    metrics.mkdir()
    env = {**_env(url), "PROMETHEUS_MULTIPROC_DIR": str(metrics), "KUNSKAPSNOD_WORKERS": "2"}
    if _asgi_available():
        command = [
            BIN / "gunicorn",
            "kunskapsnod.asgi:application",
            "--config",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
        ]
    else:
        command = [BIN / "gunicorn", "kunskapsnod.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
        command += ["--threads", "8", "--log-level", "warning"]
    return subprocess.Popen(command, env=env, start_new_session=True)


def _wait_for(url: str, what: str, proc: subprocess.Popen | None = None) -> None:
    for _ in range(300):
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if proc is not None and proc.poll() is not None:
            sys.exit(f"{what} exited with status {proc.returncode}")
        time.sleep(0.2)
    sys.exit(f"{what} did not answer {url}")


def _logged_by_nginx(log: Path, text: str) -> bool:
    """nginx writes its access-log line after the response has gone out, so a fast client
    can read the log before the line is there: wait up to five seconds for it."""
    for _ in range(50):
        if text in log.read_text("utf-8"):
            return True
        time.sleep(0.1)
    return False


def nginx_site(ports: tuple[int, int], listen: int, folder: Path) -> str:
    """deploy/nginx/kunskapsnod.conf for a loopback test: no TLS, no port-80 server, the
    upstream on ``ports``, logs and static files in ``folder``. Everything else (failover,
    stream, headers, static caching) is the production site's."""
    site = re.sub(r"(?m)^\s*#[^\n]*\n", "", SITE.read_text("utf-8"))  # comments name the production ports
    site = re.sub(r"server \{\n    listen 80;.*?\n\}\n\n", "", site, count=1, flags=re.DOTALL)
    site = site.replace("127.0.0.1:8001", f"127.0.0.1:{ports[0]}").replace("127.0.0.1:8002", f"127.0.0.1:{ports[1]}")
    site = re.sub(r"    listen 443 ssl http2;\n", f"    listen 127.0.0.1:{listen};\n", site)
    site = re.sub(r"    listen \[::\]:443 ssl http2;\n", "", site)
    site = re.sub(r"    ssl_[a-z_]+ [^\n]*;\n", "", site)
    site = site.replace("/var/log/nginx/", f"{folder}/").replace("root /var/lib/kunskapsnod;", f"root {folder};")
    if "ssl" in site or "8001" in site or "listen 80" in site:
        sys.exit("deploy/nginx/kunskapsnod.conf changed shape; bench/failover.py cannot adapt it")
    return site


def _start_nginx(ports: tuple[int, int], listen: int, folder: Path) -> subprocess.Popen:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    (folder / "site.conf").write_text(nginx_site(ports, listen, folder), "utf-8")
    temps = ""
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        temps += f" {kind}_temp_path {folder / kind};"
    config = folder / "nginx.conf"
    config.write_text(
        # Started by root, nginx's workers would run as nobody, who cannot enter the temp folder.
        f"user {getpass.getuser()};\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
        "worker_processes 1;\n"
        f"events {{ worker_connections 4096; }}\n"
        f"http {{\n include /etc/nginx/mime.types;\n{temps}\n include {folder / 'site.conf'};\n}}\n",
        "utf-8",
    )
    return subprocess.Popen([nginx, "-c", str(config), "-p", str(folder), "-g", "daemon off;"], start_new_session=True)


@dataclass
class Vote:
    person: int
    started: float
    ended: float
    accepted: bool
    status: str  # the last send's HTTP status, or the client's error
    key: str = ""
    first: str = ""  # the first send's answer (a retry followed when it was not 2xx-4xx)
    sends: int = 1


@dataclass
class Run:
    votes: list[Vote] = field(default_factory=list)
    killed_at: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def accepted(self) -> int:
        return sum(v.accepted for v in self.votes)


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NOTES = 10
SETUP = """
from django.conf import settings
from kunskapsnod.accounts.models import Role
from kunskapsnod.accounts.services import create_user
from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.services import import_regions
from kunskapsnod.workshops import services
import_regions(settings.DATA_DIR / "regions.csv")
staff = create_user(username=FACILITATOR[0], password=FACILITATOR[1], role=Role.NODE_STAFF,
                    organisation=Organisation.objects.get(slug="sjuharad"), email="bench@example.org")
w = services.create_workshop(actor=staff, organisation=Organisation.objects.get(slug="boras"),
                             title="GENERATED failover bench", dots_per_participant=DOTS)
for i in range(NOTES):
    note = services.add_facilitator_note(actor=staff, workshop=w, text=f"GENERATED note {i}")
    services.place_note_as_facilitator(actor=staff, workshop=w, note_id=note.pk, placement="delregionalt")
print(w.pk, w.join_code, *w.notes.values_list("pk", flat=True))
"""


def _prepare(url: str) -> tuple[int, str, list[int]]:
    """Migrate, load the regions, and make a workshop (open for joining) with NOTES notes."""
    subprocess.run([BIN / "kunskapsnod", "migrate", "--no-input", "-v", "0"], env=_env(url), check=True)
    out = subprocess.run(
        [BIN / "python", "-c", "import django; django.setup(); import sys; exec(sys.stdin.read())"],
        input=f"DOTS, NOTES, FACILITATOR = {DOTS}, {NOTES}, {FACILITATOR!r}\n{SETUP}",
        env=_env(url),
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    pk, code, *notes = out.split()
    return int(pk), code, [int(n) for n in notes]


def _post(client: httpx.Client, path: str, token: str, data: dict) -> httpx.Response:
    return client.post(
        path, data={"csrfmiddlewaretoken": token, **data}, headers={"Referer": f"{client.base_url}{path}"}
    )


def _open_voting(base: str, workshop_pk: int) -> None:
    """The facilitator signs in and moves the workshop to voting through the board's form."""
    with httpx.Client(base_url=base, timeout=30) as client:
        token = TOKEN.search(client.get("/konto/logga-in/").text).group(1)
        answer = _post(client, "/konto/logga-in/", token, dict(zip(("username", "password"), FACILITATOR, strict=True)))
        assert answer.status_code == 302, f"the facilitator could not sign in ({answer.status_code})"
        board = f"/workshoppar/{workshop_pk}/"
        answer = _post(client, f"{board}fas/", TOKEN.search(client.get(board).text).group(1), {"phase": "voting"})
        assert answer.status_code == 302, f"opening the voting answered {answer.status_code}"


class Voter:
    """One participant's phone: its own cookies, a new connection per request (as many phones)."""

    def __init__(self, base: str, code: str, index: int):
        self.code, self.index, self.token = code, index, ""
        self.client = httpx.Client(base_url=base, timeout=30, limits=httpx.Limits(max_keepalive_connections=0))

    def join(self) -> None:
        self.token = TOKEN.search(self.client.get(f"/w/{self.code}/").text).group(1)
        answer = _post(self.client, f"/w/{self.code}/", self.token, {"name": f"bench-{self.index}"})
        assert answer.status_code == 302, answer.status_code

    def cast(self, note_id: int, run: Run) -> None:
        """One click on "Lägg plupp", sent again with its key while no answer comes."""
        key, start, statuses = uuid.uuid4().hex, time.perf_counter(), []
        while len(statuses) < VOTE_TRIES:
            try:
                data = {"note": note_id, "request_key": key}
                statuses.append(str(_post(self.client, f"/w/{self.code}/plupp/", self.token, data).status_code))
            except httpx.HTTPError as exc:
                statuses.append(type(exc).__name__)
            if statuses[-1].isdigit() and int(statuses[-1]) < 500:
                break
            time.sleep(0.2 * len(statuses))
        vote = Vote(self.index, start, time.perf_counter(), statuses[-1] == "302", statuses[-1], key, statuses[0])
        vote.sends = len(statuses)
        with run.lock:
            run.votes.append(vote)


class StreamHolder(threading.Thread):
    """A phone keeping the board's live stream (server-sent events) open through nginx, and
    opening it again when it ends, as the browser's EventSource does."""

    def __init__(self, voter: Voter, stop: threading.Event):
        super().__init__(daemon=True)
        self.voter, self.stop = voter, stop
        self.events: list[float] = []  # arrival of each data line
        self.opened = 0
        self.ended: list[float] = []  # when each opened stream ended
        self.unsupported = ""

    def run(self) -> None:
        client = httpx.Client(base_url=self.voter.client.base_url, cookies=self.voter.client.cookies)
        timeout = httpx.Timeout(10, read=5)
        while not self.stop.is_set():
            try:
                with client.stream("GET", f"/w/{self.voter.code}/strom/", timeout=timeout) as answer:
                    if answer.status_code != 200 or "event-stream" not in answer.headers.get("content-type", ""):
                        self.unsupported = f"{answer.status_code} {answer.headers.get('content-type', '')}"
                        return
                    self.opened += 1
                    for line in answer.iter_lines():
                        if line.startswith("data:"):
                            self.events.append(time.perf_counter())
                        if self.stop.is_set():
                            break
            except httpx.HTTPError:
                pass
            self.ended.append(time.perf_counter())
            self.stop.wait(0.5)  # EventSource's reconnection delay, about
        client.close()


def _stored_keys(url: str, workshop_pk: int) -> list[str]:
    """The request key of every dot stored in the workshop ("-" for a dot without one)."""
    script = (
        "import django; django.setup()\n"
        "from kunskapsnod.workshops.models import Dot\n"
        f"for key in Dot.objects.filter(note__workshop_id={workshop_pk}).values_list('request_key', flat=True):"
        " print(key or '-')\n"
    )
    out = subprocess.run([BIN / "python", "-c", script], env=_env(url), check=True, capture_output=True, text=True)
    return out.stdout.split()


def _phase(votes: list[Vote], start: float, end: float) -> dict:
    """The votes answered in [start, end): an answer lost to the kill counts where it came."""
    inside = [v for v in votes if start <= v.ended < end]
    accepted = [v.ended - v.started for v in inside if v.accepted]
    wall = max(min(end, max((v.ended for v in inside), default=start)) - start, 1e-6)
    return {
        "votes": len(accepted),
        "errors": sum(not v.accepted for v in inside),
        "per_s": len(accepted) / wall,
        "p95": _pct(accepted, 95) if len(accepted) >= 2 else float("nan"),
    }


def _bench(url: str, crowd: int) -> bool:
    deadline = time.monotonic() + BOUND
    pk, code, notes = _prepare(url)
    folder = Path(tempfile.mkdtemp(prefix="kunskapsnod-failover-"))
    ports, listen = (_free_port(), _free_port()), _free_port()
    servers = [_start_app_server(url, port, folder) for port in ports]
    proxy = None
    try:
        for port, server in zip(ports, servers, strict=True):
            _wait_for(f"http://127.0.0.1:{port}/halsa/", f"app server {port}", server)
        proxy = _start_nginx(ports, listen, folder)
        base = f"http://127.0.0.1:{listen}"
        _wait_for(f"{base}/halsa/", "nginx", proxy)
        rid = httpx.get(f"{base}/halsa/", timeout=30).headers.get("x-request-id", "")
        logged = _logged_by_nginx(folder / "kunskapsnod.access.log", f"request_id={rid} ")
        if not (re.fullmatch(r"[0-9a-f]{32}", rid) and logged):
            sys.exit(f"the app did not answer with nginx's request id ({rid!r}, in nginx's log: {logged})")
        kind = "uvicorn workers (ASGI)" if _asgi_available() else "gthread (WSGI)"
        print(f"two app servers ({kind}, 2 workers each) on 127.0.0.1:{ports[0]} and :{ports[1]}, nginx on :{listen}")
        print(f"nginx's request id reaches the app and comes back: {rid} (in nginx's access log too)")

        people = [Voter(base, code, i) for i in range(crowd)]
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=min(CLIENTS, crowd)) as pool:
            list(pool.map(Voter.join, people))
        print(f"{crowd} participants joined through nginx in {time.perf_counter() - started:.1f} s")
        _open_voting(base, pk)

        run, total = Run(), crowd * DOTS
        victim = servers[0]
        stop = threading.Event()
        holders = [StreamHolder(person, stop) for person in people[: max(2, crowd // 30)]]
        for holder in holders:
            holder.start()

        def kill_when_due():
            while run.accepted() < total * KILL_AT and time.monotonic() < deadline:
                time.sleep(0.01)
            run.killed_at = time.perf_counter()
            os.killpg(victim.pid, signal.SIGKILL)

        killer = threading.Thread(target=kill_when_due, daemon=True)
        killer.start()

        def vote_all(person: Voter):
            for k in range(DOTS):
                if time.monotonic() > deadline:
                    return
                person.cast(notes[(person.index + k) % len(notes)], run)

        voting_started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=min(CLIENTS, crowd)) as pool:
            list(pool.map(vote_all, people))
        voting_ended = time.perf_counter()
        killer.join(timeout=5)
        time.sleep(2)  # the last changes reach the streams
        stop.set()
        for holder in holders:
            holder.join(timeout=10)
        for person in people:
            person.client.close()
        return _report(url, pk, run, crowd, voting_started, voting_ended, holders)
    finally:
        for proc in (*servers, proxy):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def _report(url: str, pk: int, run: Run, crowd: int, started: float, ended: float, holders: list) -> bool:
    stored = _stored_keys(url, pk)
    accepted = {v.key for v in run.votes if v.accepted}
    failed = {v.key for v in run.votes if not v.accepted}
    lost = accepted - set(stored)
    doubled = len(stored) - len(set(stored) - {"-"})  # dots beyond one per key; a keyless dot is one
    landed_anyway = len(failed & set(stored))
    retried = [v for v in run.votes if v.sends > 1]
    killed = run.killed_at or ended
    settled = killed + WINDOW
    after_kill = {v.person for v in run.votes if v.started > killed}
    carried_on = {v.person for v in run.votes if v.started > killed and v.accepted}
    late_errors = sum(not v.accepted for v in run.votes if v.started > settled)

    phases = {
        "before the kill": _phase(run.votes, started, killed),
        f"failover (kill + {WINDOW:.0f} s)": _phase(run.votes, killed, killed + WINDOW),
        "after": _phase(run.votes, killed + WINDOW, ended + 1),
        "whole voting": _phase(run.votes, started, ended + 1),
    }
    base = phases["before the kill"]
    print(f"\n{crowd} participants x {DOTS} votes through nginx; one app server killed at {KILL_AT:.0%} of the votes")
    print(
        f"{'phase':<24} {'votes':>6} {'errors':>6} {'votes/s':>8} {'p95 ms':>7}  {'ratio votes/s':>13} {'ratio p95':>9}"
    )
    for name, p in phases.items():
        ratio_p95 = p["p95"] / base["p95"] if base["p95"] == base["p95"] and p["p95"] == p["p95"] else float("nan")
        print(
            f"{name:<24} {p['votes']:>6} {p['errors']:>6} {p['per_s']:>8.0f} {p['p95']:>7.0f}  "
            f"{p['per_s'] / max(base['per_s'], 1e-9):>13.2f} {ratio_p95:>9.2f}".replace("nan", "  -")
        )
    print(
        f"database: {len(stored)} votes stored = {len(accepted)} accepted + {landed_anyway} of "
        f"{len(failed)} never answered; lost {len(lost)}, duplicates (dots beyond one per request key) {doubled}"
    )
    print(
        f"votes sent again with their key: {len(retried)} (first answers {dict(Counter(v.first for v in retried))}"
        f" or none), of which {sum(v.accepted for v in retried)} were then accepted"
    )
    errors = Counter(v.status for v in run.votes if not v.accepted)
    print(f"failed votes by last answer: {dict(errors) or 'none'}")
    print(
        f"participants voting after the kill: {len(after_kill)}, of whom {len(carried_on)} got a vote accepted "
        f"through the other server; votes refused once the failover window had passed: {late_errors}"
    )
    streams_ok = _report_streams(holders, killed)
    ok = not lost and not doubled and run.killed_at is not None and bool(carried_on) and not late_errors
    ok = ok and streams_ok
    print("failover check: " + ("passed" if ok else "FAILED"))
    return ok


def _report_streams(holders: list[StreamHolder], killed: float) -> bool:
    """Every phone keeping the live stream had updates after the kill (a stream the dead
    server held was opened again through the other one)."""
    unsupported = {h.unsupported for h in holders if h.unsupported}
    if unsupported:
        print(f"live stream: not served here ({', '.join(sorted(unsupported))}); phones poll instead")
        return True
    cut = sum(any(killed <= t < killed + 1 for t in h.ended) and h.opened > 1 for h in holders)
    updated = sum(any(t > killed for t in h.events) for h in holders)
    print(
        f"live stream: {len(holders)} phones held it through nginx; {cut} were cut within 1 s of the kill and "
        f"opened it again through the other server; {updated} of {len(holders)} had updates after the kill"
    )
    return updated == len(holders)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help=f"{TINY_CROWD} participants (seconds; the tests run this)")
    parser.add_argument("--crowd", type=int, help=f"participants (default {CROWD})")
    args = parser.parse_args()
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        sys.exit("nginx is not installed (apt install nginx)")
    url = os.environ.get("DATABASE_URL") or os.environ.get(
        "BENCH_POSTGRES_URL", DEFAULT_PG.replace("workshops", "failover")
    )
    fresh_database(url)  # refuses any database whose name lacks "bench"
    print(f"database: {'SQLite' if url.startswith('sqlite:') else 'PostgreSQL'} ({url.rsplit('/', 1)[-1]})")
    if not _bench(url, TINY_CROWD if args.tiny else (args.crowd or CROWD)):
        sys.exit(1)


if __name__ == "__main__":
    main()
