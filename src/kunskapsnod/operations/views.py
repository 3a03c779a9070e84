import hmac

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from kunskapsnod.operations import services
from kunskapsnod.operations.jobs import installed_jobs
from kunskapsnod.operations.metrics import exposition
from kunskapsnod.operations.models import JobRun
from kunskapsnod.regions.permissions import require_administrator

ADMINISTRATORS_ONLY = "Bara administratörer ser driftens jobb."


@login_not_required
def ready(request):
    """Readiness for a load balancer: 200 when this server can serve, 503 with what is wrong."""
    result = services.readiness()
    return JsonResponse(
        {"status": "ready" if result.ready else "not ready", "checks": result.checks},
        status=200 if result.ready else 503,
    )


@login_not_required
def metrics(request):
    """Prometheus exposition for the scraper holding KUNSKAPSNOD_METRICS_TOKEN; 404 for anyone
    else, and for everyone when no token is configured."""
    token = settings.METRICS_TOKEN
    sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token or not hmac.compare_digest(sent.encode(), token.encode()):
        raise Http404
    return HttpResponse(exposition(), content_type="text/plain; version=0.0.4; charset=utf-8")


def job_runs(request):
    require_administrator(request.user, message=ADMINISTRATORS_ONLY)
    latest = JobRun.objects.latest_per_job()
    context = {
        "jobs": [(job, latest.get(job.name)) for job in installed_jobs()],
        "stale": services.stale_jobs(now=services.timezone.now()),
        "runs": JobRun.objects.all()[:100],
    }
    return render(request, "operations/job_runs.html", context)


def job_run(request, pk: int):
    require_administrator(request.user, message=ADMINISTRATORS_ONLY)
    return render(request, "operations/job_run.html", {"run": get_object_or_404(JobRun, pk=pk)})
