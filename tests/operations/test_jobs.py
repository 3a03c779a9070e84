"""Scheduled jobs run once across servers, every run is recorded, and a crash is recorded
as failed and does not keep the job from running next time."""

import datetime
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from kunskapsnod.operations import services
from kunskapsnod.operations.jobs import JOBS, Job, installed_jobs
from kunskapsnod.operations.models import JobLock, JobRun, RunStatus

# clearsessions is installed everywhere and harmless: the job every test can really run.
JOB = "clear-sessions"


def test_it_runs_a_job_and_records_what_it_said(db):
    run = services.run_job(name=JOB)
    assert run.status == RunStatus.SUCCEEDED
    assert run.finished_at >= run.started_at
    assert not JobLock.objects.exists()  # released


def test_a_job_that_crashes_is_recorded_as_failed_and_runs_again_next_time(db, monkeypatch):
    def crash(*args, **kwargs):
        kwargs["stdout"].write("fetched 3 of 10 areas\n")
        raise RuntimeError("Kolada answered 502")

    monkeypatch.setattr(services, "call_command", crash)
    with pytest.raises(RuntimeError):
        services.run_job(name=JOB)
    failed = JobRun.objects.get()
    assert failed.status == RunStatus.FAILED
    assert "Kolada answered 502" in failed.error
    assert "fetched 3 of 10 areas" in failed.summary
    monkeypatch.undo()
    assert services.run_job(name=JOB).status == RunStatus.SUCCEEDED


def test_a_job_held_by_another_server_does_not_run_and_leaves_no_record(db, monkeypatch):
    other = JobRun.objects.create(job=JOB, started_at=timezone.now(), host="app2", pid=4242)
    JobLock.objects.create(job=JOB, run=other, expires_at=timezone.now() + datetime.timedelta(hours=1))
    monkeypatch.setattr(services, "call_command", lambda *a, **k: pytest.fail("ran although locked"))
    assert services.run_job(name=JOB) is None
    assert list(JobRun.objects.values_list("host", flat=True)) == ["app2"]


def test_the_lock_of_a_server_that_died_expires_and_its_run_is_recorded_as_failed(db):
    long_ago = timezone.now() - datetime.timedelta(days=1)
    dead = JobRun.objects.create(job=JOB, started_at=long_ago, host="app2", pid=4242)
    JobLock.objects.create(job=JOB, run=dead, expires_at=long_ago + JOBS[JOB].lease)
    run = services.run_job(name=JOB)
    assert run.status == RunStatus.SUCCEEDED
    dead.refresh_from_db()
    assert dead.status == RunStatus.FAILED and services.ABANDONED in dead.error


@pytest.mark.django_db(transaction=True)
def test_a_job_started_on_two_servers_at_once_runs_once(monkeypatch):
    if connection.vendor == "sqlite":
        pytest.skip("two writers at once need a server database; the lock is the same INSERT on SQLite")
    calls = []

    def slow_job(*args, **kwargs):
        calls.append(threading.get_ident())
        time.sleep(0.5)

    monkeypatch.setattr(services, "call_command", slow_job)
    barrier, results = threading.Barrier(2), []

    def server():
        barrier.wait()
        try:
            results.append(services.run_job(name=JOB))
        finally:
            connection.close()

    threads = [threading.Thread(target=server) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert sorted(run is None for run in results) == [False, True]
    assert JobRun.objects.filter(status=RunStatus.SUCCEEDED).count() == 1


def test_the_command_runs_a_job_and_lists_them(db, capsys):
    call_command("runjob", JOB)
    assert f"{JOB}: succeeded" in capsys.readouterr().out
    call_command("runjob", "--list")
    listed = capsys.readouterr().out
    assert all(job.name in listed for job in installed_jobs())
    with pytest.raises(CommandError, match="Okänt jobb"):
        call_command("runjob", "no-such-job")


def test_jobs_of_modules_that_are_not_installed_are_left_out():
    assert not Job("ghost", ("no_such_command",), every=datetime.timedelta(days=1)).installed
    assert JOBS[JOB].installed
