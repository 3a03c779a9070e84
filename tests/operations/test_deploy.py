"""deploy/: the nginx site passes `nginx -t`, the systemd units pass `systemd-analyze
verify`, every scheduled job has a timer (and every timer a job), and the example
environment file sets only documented variables."""

import contextlib
import datetime
import getpass
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.urls import NoReverseMatch, reverse

from kunskapsnod.operations.jobs import JOBS

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SITE = (DEPLOY / "nginx" / "kunskapsnod.conf").read_text("utf-8")


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kunskapsnod.example.se")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return folder / "cert.pem", folder / "key.pem"


def nginx_main_config(folder: Path, site: str) -> Path:
    """An nginx.conf like Debian's (the site included inside http {}) writing only to ``folder``."""
    (folder / "site.conf").write_text(site, "utf-8")
    temp = " ".join(
        f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = folder / "nginx.conf"
    config.write_text(
        # Started by root, nginx's workers would run as nobody, who cannot enter a test's folder.
        f"user {getpass.getuser()};\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n {temp}\n include {folder / 'site.conf'};\n}}\n",
        "utf-8",
    )
    return config


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed (.ci/run installs it)")
def test_the_nginx_site_passes_nginx_t(tmp_path):
    cert, key = _self_signed(tmp_path)
    site = (
        SITE.replace("/etc/letsencrypt/live/kunskapsnod.example.se/fullchain.pem", str(cert))
        .replace("/etc/letsencrypt/live/kunskapsnod.example.se/privkey.pem", str(key))
        .replace("/var/log/nginx/", f"{tmp_path}/")
    )
    config = nginx_main_config(tmp_path, site)
    result = subprocess.run(
        [shutil.which("nginx"), "-t", "-c", str(config), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def _location(pattern: str) -> str:
    start = SITE.index(f"location {pattern}")
    return SITE[start : SITE.index("\n    }\n", start)]


def test_the_nginx_site_fails_over_streams_unbuffered_and_caches_hashed_static_files():
    assert re.search(r"server 127\.0\.0\.1:8001 .*\n\s*server 127\.0\.0\.1:8002", SITE)
    assert "proxy_next_upstream error timeout http_502 http_503 http_504;" in SITE
    # A POST is sent to the other server only where the app counts a request key once: the
    # participants' votes and new notes. Everywhere else a resent POST could write twice.
    keyed = _location("~ ^/w/[^/]+/(plupp|lapp)/$")
    assert "non_idempotent" in keyed and SITE.count(" non_idempotent ") == 1
    assert "proxy_set_header X-Request-ID $request_id;" in SITE and "request_id=$request_id" in SITE
    stream = _location("~ ^/w/[^/]+/strom/$")
    assert "proxy_buffering off;" in stream and "proxy_read_timeout 1h;" in stream
    with contextlib.suppress(NoReverseMatch):  # the app's stream address is what the location catches
        assert re.search(r"^/w/[^/]+/strom/$", reverse("workshops:stream", args=["K7M2QX"]))
    static = _location("/static/")
    hashed = re.search(r'location ~ "([^"]+)"', static).group(1)
    assert re.search(hashed, "/static/workshops/workshops.3f2a9c1b7d4e.css")  # whitenoise's 12 hex digits
    assert not re.search(hashed, "/static/workshops/workshops.css")
    assert "immutable" in static and "gzip_static on;" in static


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_the_systemd_units_pass_systemd_analyze_verify(tmp_path):
    for unit in (DEPLOY / "systemd").iterdir():
        # The units name the installation's paths; here the repository and this environment stand in.
        text = unit.read_text("utf-8").replace("/srv/kunskapsnod/.venv/bin", str(Path(sys.executable).parent))
        (tmp_path / unit.name).write_text(text.replace("/srv/kunskapsnod", str(ROOT)), "utf-8")
    units = ["kunskapsnod@8001.service", *(f"kunskapsnod-job@{job}.service" for job in JOBS)]
    units += [p.name for p in tmp_path.glob("*.timer")]
    result = subprocess.run(
        [shutil.which("systemd-analyze"), "verify", *(f"./{unit}" for unit in units)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    problems = [line for line in result.stderr.splitlines() if "kunskapsnod" in line]
    assert result.returncode == 0 and not problems, result.stderr


def test_every_scheduled_job_has_a_timer_and_every_timer_a_job():
    timers = {
        p.name.removeprefix("kunskapsnod-job@").removesuffix(".timer") for p in (DEPLOY / "systemd").glob("*.timer")
    }
    assert timers == set(JOBS)


def test_the_example_environment_sets_only_documented_variables():
    documented = (ROOT / "docs" / "configuration.md").read_text("utf-8")
    example = (DEPLOY / "kunskapsnod.env.example").read_text("utf-8")
    names = re.findall(r"^#?([A-Z][A-Z0-9_]+)=", example, re.MULTILINE)
    assert "DATABASE_URL" in names and "KUNSKAPSNOD_SECRET_KEY" in names
    assert [name for name in names if f"`{name}`" not in documented] == []


def _bench_site(ports: tuple[int, int], listen: int, folder: Path) -> str:
    """The production site as bench/failover.py runs it (no TLS, loopback, files in ``folder``)."""
    import importlib.util

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        spec = importlib.util.spec_from_file_location("failover_bench", ROOT / "bench" / "failover.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.nginx_site(ports, listen, folder)
    finally:
        sys.path.remove(str(ROOT / "bench"))


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed (.ci/run installs it)")
def test_nginx_serves_hashed_static_files_for_a_year_and_others_for_an_hour(tmp_path):
    import gzip
    import socket
    import time

    import httpx

    css = tmp_path / "static" / "workshops"
    css.mkdir(parents=True)
    body = b"body { color: black; }\n" * 100
    for name in ("workshops.3f2a9c1b7d4e.css", "workshops.css"):
        (css / name).write_bytes(body)
    (css / "workshops.3f2a9c1b7d4e.css.gz").write_bytes(gzip.compress(body))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = nginx_main_config(tmp_path, _bench_site((1, 2), port, tmp_path))
    proxy = subprocess.Popen([shutil.which("nginx"), "-c", str(config), "-p", str(tmp_path), "-g", "daemon off;"])
    try:
        base = f"http://127.0.0.1:{port}/static/workshops/"
        for _ in range(100):
            try:
                hashed = httpx.get(base + "workshops.3f2a9c1b7d4e.css", headers={"Accept-Encoding": "gzip"})
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        plain = httpx.get(base + "workshops.css")
        assert hashed.status_code == plain.status_code == 200
        assert "immutable" in hashed.headers["cache-control"] and "max-age=31536000" in hashed.headers["cache-control"]
        assert hashed.headers["content-encoding"] == "gzip" and hashed.content == body  # the .gz beside it
        assert plain.headers["cache-control"] == "max-age=3600"
        assert hashed.headers["x-content-type-options"] == plain.headers["x-content-type-options"] == "nosniff"
        assert httpx.get(f"http://127.0.0.1:{port}/halsa/").status_code == 502  # no app server here
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
