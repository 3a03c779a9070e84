"""JSON twin of the operations page: the scheduled jobs' runs, for administrators."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from kunskapsnod.operations.models import JobRun
from kunskapsnod.operations.views import ADMINISTRATORS_ONLY
from kunskapsnod.regions.permissions import require_administrator

router = Router(tags=["drift"], auth=django_auth)


class JobRunOut(Schema):
    id: int
    job: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    host: str
    pid: int
    summary: str
    error: str


@router.get("/operations/runs", response=list[JobRunOut])
def job_runs(request: HttpRequest, job: str = "") -> list[JobRun]:
    """The latest 100 runs, newest first; `job` keeps one job's."""
    require_administrator(request.user, message=ADMINISTRATORS_ONLY)
    runs = JobRun.objects.all()
    if job:
        runs = runs.filter(job=job)
    return list(runs[:100])
