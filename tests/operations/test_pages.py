"""The operations page and its JSON twin: administrators only."""

import pytest
from django.utils import timezone

from kunskapsnod.operations.models import JobRun, RunStatus


@pytest.fixture
def failed_run(db):
    now = timezone.now()
    return JobRun.objects.create(
        job="clear-sessions", status=RunStatus.FAILED, started_at=now, finished_at=now, host="app1", pid=7,
        summary="<b>halfway</b>", error="Traceback: Kolada 502",
    )  # fmt: skip


def test_an_administrator_sees_every_job_and_what_a_failed_run_said(client, administrator, failed_run):
    client.force_login(administrator)
    page = client.get("/drift/").content.decode()
    assert "clear-sessions" in page and "misslyckades" in page
    assert "varje dygn" in page and "day," not in page  # the interval in words, not a timedelta
    detail = client.get(f"/drift/korning/{failed_run.pk}/").content.decode()
    assert "Traceback: Kolada 502" in detail
    assert "&lt;b&gt;halfway&lt;/b&gt;" in detail  # output is text, never markup


@pytest.mark.parametrize("persona", ["boras_editor", "sjuharad_staff"])
def test_no_one_else_sees_the_jobs(client, request, persona, failed_run):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/drift/").status_code == 403
    assert client.get(f"/drift/korning/{failed_run.pk}/").status_code == 403
    assert client.get("/api/operations/runs").status_code == 403


def test_the_json_twin_lists_runs_for_administrators(client, administrator, failed_run):
    assert client.get("/api/operations/runs").status_code == 401
    client.force_login(administrator)
    runs = client.get("/api/operations/runs?job=clear-sessions").json()
    assert [run["error"] for run in runs] == ["Traceback: Kolada 502"]


def test_administrators_find_the_operations_page_in_the_header(client, administrator, boras_editor):
    client.force_login(administrator)
    assert 'href="/drift/"' in client.get("/").content.decode()
    client.force_login(boras_editor)
    assert 'href="/drift/"' not in client.get("/").content.decode()
