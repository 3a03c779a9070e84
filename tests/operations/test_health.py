"""Readiness for the load balancer: the database answers, migrations are applied and the
scheduled jobs have run recently; 503 naming what is wrong otherwise."""

import datetime

from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from kunskapsnod.operations.jobs import installed_jobs
from kunskapsnod.operations.models import JobRun, RunStatus

URL = "/halsa/redo/"


def _succeeded(job, when):
    return JobRun.objects.create(
        job=job, status=RunStatus.SUCCEEDED, started_at=when, finished_at=when, host="app1", pid=1
    )


def test_a_new_installation_is_ready_without_login(client, db):
    answer = client.get(URL)
    assert answer.status_code == 200
    assert answer.json()["status"] == "ready"
    assert answer.json()["checks"]["database"] == "ok"
    assert answer.json()["checks"]["migrations"] == "ok"


def test_it_is_not_ready_while_a_migration_is_not_applied(client, db):
    MigrationRecorder.Migration.objects.filter(app="operations").delete()
    answer = client.get(URL)
    assert answer.status_code == 503
    assert "migreringar" in answer.json()["checks"]["migrations"]


def test_it_is_not_ready_when_a_nightly_job_has_not_succeeded_for_two_days(client, db):
    now = timezone.now()
    MigrationRecorder.Migration.objects.update(applied=now - datetime.timedelta(days=30))
    for job in installed_jobs():
        _succeeded(job.name, now - datetime.timedelta(hours=3))
    assert client.get(URL).status_code == 200
    stale = installed_jobs()[0]
    JobRun.objects.filter(job=stale.name).update(started_at=now - datetime.timedelta(days=3))
    answer = client.get(URL)
    assert answer.status_code == 503
    assert "äldre än" in answer.json()["checks"][f"job:{stale.name}"]


def test_the_plain_health_check_stays_alive_only(client, db):
    assert client.get("/halsa/").json()["status"] == "ok"
