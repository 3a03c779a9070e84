"""Prometheus metrics: requests and their timings per view, errors, open push connections,
scheduled job runs.

Request metrics are counted in each process; with several worker processes (the production
server) they are summed across processes by prometheus_client's multiprocess mode, which is
on when PROMETHEUS_MULTIPROC_DIR names a directory the workers share (deploy/ sets it and
empties it at start). Job runs are read from the database at scrape time, because jobs run
in other processes (systemd timers) and on other servers."""

import os
import time
from inspect import iscoroutinefunction

from django.utils.decorators import sync_and_async_middleware
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

REQUESTS = Counter(
    "kunskapsnod_http_requests", "HTTP requests answered, by view, method and status", ["view", "method", "status"]
)
LATENCY = Histogram(
    "kunskapsnod_http_request_duration_seconds",
    "Time to the response's headers, by view",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
ERRORS = Counter("kunskapsnod_http_errors", "Responses with a 5xx status, by view", ["view"])
# Open server-sent-event streams (the live workshop); "livesum" adds up the live processes.
PUSH_CONNECTIONS = Gauge("kunskapsnod_push_connections", "Open live-update streams", multiprocess_mode="livesum")


def _view_name(request) -> str:
    # The route's name, never the path: paths carry ids and would make a series per object.
    match = getattr(request, "resolver_match", None)
    return match.view_name if match and match.view_name else "unresolved"


def _observe(request, response, started: float) -> None:
    view = _view_name(request)
    REQUESTS.labels(view, request.method, str(response.status_code)).inc()
    LATENCY.labels(view).observe(time.perf_counter() - started)
    if response.status_code >= 500:
        ERRORS.labels(view).inc()


@sync_and_async_middleware
def metrics_middleware(get_response):
    if iscoroutinefunction(get_response):

        async def middleware(request):
            started = time.perf_counter()
            response = await get_response(request)
            _observe(request, response, started)
            return response

    else:

        def middleware(request):
            started = time.perf_counter()
            response = get_response(request)
            _observe(request, response, started)
            return response

    return middleware


class JobRunCollector:
    """Runs per job and outcome, and the time of each job's last success, from the database."""

    def collect(self):
        from django.db.models import Count, Max

        from kunskapsnod.operations.models import JobRun, RunStatus

        runs = CounterMetricFamily(
            "kunskapsnod_job_runs", "Scheduled job runs by job and status", labels=["job", "status"]
        )
        for row in JobRun.objects.values("job", "status").annotate(n=Count("pk")).order_by("job", "status"):
            runs.add_metric([row["job"], row["status"]], row["n"])
        yield runs
        last = GaugeMetricFamily(
            "kunskapsnod_job_last_success_timestamp_seconds", "When each job last succeeded", labels=["job"]
        )
        succeeded = JobRun.objects.filter(status=RunStatus.SUCCEEDED).values("job").annotate(at=Max("started_at"))
        for row in succeeded.order_by("job"):
            last.add_metric([row["job"]], row["at"].timestamp())
        yield last


def exposition() -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        for metric in (REQUESTS, LATENCY, ERRORS, PUSH_CONNECTIONS):
            registry.register(metric)
    registry.register(JobRunCollector())
    return generate_latest(registry)
