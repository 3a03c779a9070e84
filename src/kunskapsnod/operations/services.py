"""Running scheduled jobs once across servers, recording every run, and readiness.

`run_job` is what `kunskapsnod runjob <name>` calls: take the job's lock (one INSERT that
only one server can win), record the run, run the job's management command with its output
captured as the run's summary, record how it ended, release the lock. A crash inside the
command is recorded as failed and the lock released, so the next timer runs it again; a
server that dies without releasing (power, kill -9) leaves a lock that expires after the
job's lease, and the next run records the abandoned one as failed. Either failure is mailed
to the administrators, and a job that reports to people mails its summary
(kunskapsnod/operations/notify.py) — after the run is recorded."""

import datetime
import io
import os
import socket
import traceback
from dataclasses import dataclass, field

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from kunskapsnod.operations.jobs import JOBS, Job, installed_jobs
from kunskapsnod.operations.models import JobLock, JobRun, RunStatus
from kunskapsnod.operations.notify import notify_failed, notify_summary

SUMMARY_MAX = 20_000  # characters of a job's output kept as its summary (the tail)
ABANDONED = "Servern som körde jobbet slutade svara innan jobbet var klart (låset gick ut)."


class UnknownJob(ValueError):
    pass


def get_job(name: str) -> Job:
    try:
        return JOBS[name]
    except KeyError:
        raise UnknownJob(f"Okänt jobb: {name!r}. Kända jobb: {', '.join(sorted(JOBS))}.") from None


def run_job(*, name: str, now: datetime.datetime | None = None) -> JobRun | None:
    """Run the job unless another server runs it now; None when it does."""
    job = get_job(name)
    run = _start(job, now or timezone.now())
    if run is None:
        return None
    output = io.StringIO()
    try:
        call_command(*job.command, stdout=output, stderr=output)
    except BaseException as exc:  # noqa: BLE001 - recorded, then re-raised for the caller's exit status
        _finish(run, RunStatus.FAILED, output.getvalue(), error="".join(traceback.format_exception(exc)))
        notify_failed(run, error=exc)
        raise
    _finish(run, RunStatus.SUCCEEDED, output.getvalue())
    if job.mails_summary:
        notify_summary(run)
    return run


def _start(job: Job, now: datetime.datetime) -> JobRun | None:
    run = JobRun.objects.create(job=job.name, started_at=now, host=socket.gethostname()[:255], pid=os.getpid())
    try:
        with transaction.atomic():
            JobLock.objects.create(job=job.name, run=run, expires_at=now + job.lease)
        return run
    except IntegrityError:
        pass
    taken, abandoned = _take_over_expired_lock(job, run, now)
    if abandoned is not None:
        notify_failed(abandoned)
    if taken:
        return run
    run.delete()  # never ran: another server holds the lock
    return None


@transaction.atomic
def _take_over_expired_lock(job: Job, run: JobRun, now: datetime.datetime) -> tuple[bool, JobRun | None]:
    """(whether ``run`` took the lock, the abandoned run it recorded as failed if any)."""
    lock = JobLock.objects.select_for_update().filter(job=job.name, expires_at__lt=now).first()
    if lock is None:
        return False, None
    abandoned = lock.run
    # The conditional UPDATE is the arbiter when two servers find the same expired lock.
    taken = JobLock.objects.filter(job=job.name, run=abandoned).update(run=run, expires_at=now + job.lease)
    if taken and abandoned.status == RunStatus.RUNNING:
        abandoned.status, abandoned.finished_at, abandoned.error = RunStatus.FAILED, now, ABANDONED
        abandoned.save(update_fields=["status", "finished_at", "error"])
        return True, abandoned
    return bool(taken), None


def _finish(run: JobRun, status: str, output: str, *, error: str = "") -> None:
    run.status, run.finished_at = status, max(timezone.now(), run.started_at)
    run.summary, run.error = output[-SUMMARY_MAX:], error[-SUMMARY_MAX:]
    with transaction.atomic():
        run.save(update_fields=["status", "finished_at", "summary", "error"])
        JobLock.objects.filter(job=run.job, run=run).delete()


# --- Readiness -------------------------------------------------------------------------------


@dataclass
class Readiness:
    checks: dict[str, str] = field(default_factory=dict)  # name -> "ok" or what is wrong

    @property
    def ready(self) -> bool:
        return all(value == "ok" for value in self.checks.values())


def readiness(*, now: datetime.datetime | None = None) -> Readiness:
    """Database reachable, migrations applied, every installed job's last run recent."""
    result = Readiness()
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any database failure means not ready
        result.checks["database"] = f"databasen svarar inte: {type(exc).__name__}"
        return result
    result.checks["database"] = "ok"
    pending = _pending_migrations()
    result.checks["migrations"] = "ok" if not pending else f"{len(pending)} migreringar är inte körda"
    for name, problem in stale_jobs(now=now or timezone.now()).items():
        result.checks[f"job:{name}"] = problem
    for job in installed_jobs():
        result.checks.setdefault(f"job:{job.name}", "ok")
    return result


def _pending_migrations() -> list:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def stale_jobs(*, now: datetime.datetime) -> dict[str, str]:
    """Jobs whose last successful run is older than twice their interval. A job that never
    ran counts from the installation (the first applied migration), so a new server is ready
    until its first night has passed without the timer firing."""
    installed_at = MigrationRecorder.Migration.objects.order_by("applied").values_list("applied", flat=True).first()
    last_success = {
        run.job: run.started_at for run in JobRun.objects.filter(status=RunStatus.SUCCEEDED).latest_per_job().values()
    }
    stale = {}
    for job in installed_jobs():
        since = last_success.get(job.name) or installed_at
        if since is not None and now - since > 2 * job.every:
            stale[job.name] = f"senaste lyckade körning {since:%Y-%m-%d %H:%M} är äldre än {2 * job.every}"
    return stale
