"""Rate limits kept in the database, so that they hold across processes and servers.

Django's cache would be the usual place, but this installation configures none, and the
default (a per-process memory cache) would let every gunicorn worker count alone; a
database cache table needs `createcachetable`, a deploy step that `migrate` does not do.
One small table, created by the migrations, works the same on SQLite and PostgreSQL."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from kunskapsnod.accounts.models import ThrottleEvent

WINDOW = datetime.timedelta(hours=1)


@transaction.atomic
def allow(scope: str, limits: list[tuple[str, int]], *, window: datetime.timedelta = WINDOW) -> bool:
    """Whether one more ``scope`` action may happen now: each (key, limit) of ``limits``
    (an address, a client IP) has had fewer than ``limit`` allowed actions within
    ``window``. An allowed action is counted under every key; a refused one is not, so a
    flood of requests cannot keep the real owner of an address waiting longer than the
    window."""
    now = timezone.now()
    ThrottleEvent.objects.filter(created_at__lt=now - window).delete()
    keys = [(_hashed(scope, raw), limit) for raw, limit in limits if raw]
    recent = ThrottleEvent.objects.filter(scope=scope, created_at__gte=now - window)
    if any(recent.filter(key=key).count() >= limit for key, limit in keys):
        return False
    ThrottleEvent.objects.bulk_create([ThrottleEvent(scope=scope, key=key, created_at=now) for key, _ in keys])
    return True


def _hashed(scope: str, raw: str) -> str:
    return salted_hmac(f"kunskapsnod.throttle.{scope}", raw.strip().casefold(), algorithm="sha256").hexdigest()
