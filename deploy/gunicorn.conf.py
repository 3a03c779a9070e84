"""gunicorn settings of one Kunskapsnod app server (deploy/systemd/kunskapsnod@.service
passes --bind 127.0.0.1:<port>). Uvicorn workers serve the ASGI application
(kunskapsnod.asgi): ordinary views in a thread each, the live-workshop streams async."""

import os

worker_class = "uvicorn_worker.UvicornWorker"
workers = int(os.environ.get("KUNSKAPSNOD_WORKERS", "3"))
# nginx keeps idle connections to the app servers (upstream keepalive); keep ours longer.
keepalive = 75
timeout = 60
graceful_timeout = 25
# Only nginx on this machine talks to the app server; trust its X-Forwarded-* headers.
forwarded_allow_ips = "127.0.0.1"
accesslog = None  # nginx logs every request with its request id
errorlog = "-"
loglevel = os.environ.get("KUNSKAPSNOD_SERVER_LOG_LEVEL", "warning")


def child_exit(server, worker):
    """A worker that exited leaves its metric files; prometheus_client's multiprocess mode
    must be told, or the open-streams gauge would count its connections forever."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
