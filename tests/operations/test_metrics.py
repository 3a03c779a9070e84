"""/metrics: Prometheus text for the configured scraper only."""

import pytest
from django.utils import timezone

from kunskapsnod.operations.models import JobRun, RunStatus

TOKEN = "scraper-secret-0123456789"


@pytest.fixture
def scraper_token(settings):
    settings.METRICS_TOKEN = TOKEN
    return {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


def test_without_a_configured_token_nobody_reads_the_metrics(client, db, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_a_wrong_token_is_not_found(client, db, scraper_token):
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer guess").status_code == 404
    assert client.get("/metrics").status_code == 404


def test_the_scraper_reads_requests_per_view_timings_and_job_runs(client, db, scraper_token):
    client.get("/halsa/")
    now = timezone.now()
    JobRun.objects.create(
        job="clear-sessions", status=RunStatus.SUCCEEDED, started_at=now, finished_at=now, host="a", pid=1
    )
    text = client.get("/metrics", **scraper_token).content.decode()
    assert 'kunskapsnod_http_requests_total{method="GET",status="200",view="health"}' in text
    assert 'kunskapsnod_http_request_duration_seconds_bucket{le="0.005",view="health"}' in text
    assert 'kunskapsnod_job_runs_total{job="clear-sessions",status="succeeded"} 1.0' in text
    assert "kunskapsnod_push_connections" in text


def test_server_errors_are_counted_per_view(client, db, scraper_token, settings):
    settings.ROOT_URLCONF = "operations.failing_urls"
    client.raise_request_exception = False
    client.get("/boom/")
    text = client.get("/metrics", **scraper_token).content.decode()
    assert 'kunskapsnod_http_errors_total{view="boom"}' in text


def test_open_live_streams_are_counted(monkeypatch):
    from kunskapsnod.operations.metrics import PUSH_CONNECTIONS
    from kunskapsnod.workshops import live

    hub = live.Hub()
    monkeypatch.setattr(hub, "_ensure_running", lambda: None)  # no change-signal thread in this test
    before = PUSH_CONNECTIONS._value.get()
    streams = [live.Subscription(workshop_id=1, client=f"phone-{n}", address="10.0.0.1") for n in range(3)]
    for stream in streams:
        hub.subscribe(stream, state={})
    assert PUSH_CONNECTIONS._value.get() == before + 3
    hub.unsubscribe(streams[0])
    hub.unsubscribe(streams[0])  # twice: counted once
    assert PUSH_CONNECTIONS._value.get() == before + 2
