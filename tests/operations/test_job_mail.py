"""A failed scheduled job, or one a dead server abandoned, is mailed to the administrators
once (Django's locmem backend); nobody configured, no mail; request errors are never mailed."""

import datetime
import smtplib

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from fresh_process import run_with_settings
from kunskapsnod.env import env_addresses
from kunskapsnod.operations import services
from kunskapsnod.operations.jobs import JOBS
from kunskapsnod.operations.models import JobLock, JobRun, RunStatus

JOB = "clear-sessions"


@pytest.fixture
def admins(settings):
    settings.ADMINS = [("Drift", "drift@example.se"), ("", "it@example.se")]
    settings.KOLADA_SUMMARY_TO = settings.ADMINS
    settings.SITE_URL = "https://nod.example.se"
    return settings


@pytest.fixture
def crash(monkeypatch):
    def crash(*args, **kwargs):
        kwargs["stdout"].write("fetched 3 of 10 areas\n")
        raise RuntimeError("Kolada answered 502")

    monkeypatch.setattr(services, "call_command", crash)


def test_it_mails_the_administrators_once_when_a_job_fails(db, admins, crash, mailoutbox):
    with pytest.raises(RuntimeError):
        services.run_job(name=JOB)
    run = JobRun.objects.get()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["drift@example.se", "it@example.se"]
    assert mail.subject == f"[Kunskapsnod] Jobbet {JOB} misslyckades (körning {run.pk})"
    assert f"Körning: {run.pk}" in mail.body
    assert "Fel: RuntimeError: Kolada answered 502" in mail.body
    assert f"https://nod.example.se/drift/korning/{run.pk}/" in mail.body
    assert "Alla jobb: https://nod.example.se/drift/" in mail.body
    assert "Traceback" not in mail.body  # the whole traceback stays behind the login


def test_it_mails_nobody_when_nobody_is_configured(db, settings, crash, mailoutbox):
    settings.ADMINS, settings.KOLADA_SUMMARY_TO = [], []
    with pytest.raises(RuntimeError):
        services.run_job(name=JOB)
    assert JobRun.objects.get().status == RunStatus.FAILED
    assert mailoutbox == []


def test_a_successful_run_of_a_silent_job_mails_nothing(db, admins, mailoutbox):
    assert services.run_job(name=JOB).status == RunStatus.SUCCEEDED
    assert mailoutbox == []


def test_it_mails_once_about_a_run_that_a_dead_server_abandoned(db, admins, mailoutbox):
    long_ago = timezone.now() - datetime.timedelta(days=1)
    dead = JobRun.objects.create(job=JOB, started_at=long_ago, host="app2", pid=4242)
    JobLock.objects.create(job=JOB, run=dead, expires_at=long_ago + JOBS[JOB].lease)
    assert services.run_job(name=JOB).status == RunStatus.SUCCEEDED
    assert [mail.subject for mail in mailoutbox] == [f"[Kunskapsnod] Jobbet {JOB} misslyckades (körning {dead.pk})"]
    assert "på servern app2" in mailoutbox[0].body
    assert services.ABANDONED in mailoutbox[0].body


def test_a_mail_server_that_refuses_changes_nothing_of_the_record(db, admins, crash, monkeypatch, mailoutbox):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with pytest.raises(RuntimeError, match="Kolada answered 502"):  # the job's error, not the mail's
        services.run_job(name=JOB)
    run = JobRun.objects.get()
    assert run.status == RunStatus.FAILED and not JobLock.objects.exists()


def test_a_server_error_in_a_request_is_not_mailed(client, db, admins, mailoutbox):
    # Django would mail it with the request's data, which may be personal (youth module).
    admins.ROOT_URLCONF = "operations.failing_urls"
    client.raise_request_exception = False
    assert client.get("/boom/").status_code == 500
    assert mailoutbox == []


def test_the_administrators_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("KUNSKAPSNOD_ADMINS", "Drift <drift@example.se>, it@example.se,")
    assert env_addresses("KUNSKAPSNOD_ADMINS") == [("Drift", "drift@example.se"), ("", "it@example.se")]
    monkeypatch.setenv("KUNSKAPSNOD_ADMINS", "drift at example.se")
    with pytest.raises(ImproperlyConfigured, match="KUNSKAPSNOD_ADMINS"):
        env_addresses("KUNSKAPSNOD_ADMINS")


def test_the_mail_names_the_error_not_the_database_detail_with_its_values(db, admins, monkeypatch, mailoutbox):
    # PostgreSQL's message ends in a DETAIL line quoting the row: the traceback's last line.
    def clash(*args, **kwargs):
        raise RuntimeError(
            'duplicate key value violates unique constraint "person_email"\n'
            "DETAIL:  Key (email)=(anna.svensson@example.se) already exists."
        )

    monkeypatch.setattr(services, "call_command", clash)
    with pytest.raises(RuntimeError):
        services.run_job(name=JOB)
    (mail,) = mailoutbox
    assert 'Fel: RuntimeError: duplicate key value violates unique constraint "person_email"' in mail.body
    assert "anna.svensson" not in mail.body and "DETAIL" not in mail.body
    assert "anna.svensson@example.se" in JobRun.objects.get().error  # kept behind the login


def test_links_in_mails_never_point_at_a_wildcard_origin():
    # CSRF_TRUSTED_ORIGINS may hold a pattern such as https://*.kommun.se; no mail can link there.
    site_url = run_with_settings(
        "from django.conf import settings; print(settings.SITE_URL)",
        KUNSKAPSNOD_ALLOWED_HOSTS=".kommun.se",
        KUNSKAPSNOD_CSRF_TRUSTED_ORIGINS="https://*.kommun.se,https://nod.kommun.se",
    )
    assert site_url.strip() == "https://nod.kommun.se"


def test_the_kolada_summary_can_be_turned_off_while_failures_are_still_mailed(monkeypatch):
    admins = [("", "drift@example.se")]
    monkeypatch.delenv("KUNSKAPSNOD_KOLADA_SUMMARY_TO", raising=False)
    assert env_addresses("KUNSKAPSNOD_KOLADA_SUMMARY_TO", default=admins) == admins  # unset: the administrators
    monkeypatch.setenv("KUNSKAPSNOD_KOLADA_SUMMARY_TO", "")
    assert env_addresses("KUNSKAPSNOD_KOLADA_SUMMARY_TO", default=admins) == []  # set and empty: nobody
    monkeypatch.setenv("KUNSKAPSNOD_KOLADA_SUMMARY_TO", "statistik@example.se")
    assert env_addresses("KUNSKAPSNOD_KOLADA_SUMMARY_TO", default=admins) == [("", "statistik@example.se")]
