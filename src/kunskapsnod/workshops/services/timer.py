"""The countdown of the current phase, started, paused, resumed, extended and stopped by
the facilitator; every screen counts down to the deadline stored here."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from kunskapsnod.accounts.models import User
from kunskapsnod.regions.permissions import require_change
from kunskapsnod.workshops.models import Workshop
from kunskapsnod.workshops.services.common import InvalidInput, WorkshopError, facilitator_write, require_running

TIMER_MAX_SECONDS = 3 * 60 * 60


def _timer_seconds(seconds: int) -> int:
    if not 1 <= seconds <= TIMER_MAX_SECONDS:
        raise InvalidInput(_("Tiden ska vara mellan 1 sekund och %(h)s timmar.") % {"h": TIMER_MAX_SECONDS // 3600})
    return seconds


def _save_timer(workshop: Workshop, *, ends_at=None, remaining: int | None = None) -> Workshop:
    workshop.timer_ends_at, workshop.timer_remaining = ends_at, remaining
    workshop.save(update_fields=["timer_ends_at", "timer_remaining"])
    return workshop


@facilitator_write
def start_timer(*, actor: User, workshop: Workshop, seconds: int) -> Workshop:
    """Start (or restart) the countdown of the current phase. Every board computes the
    time left from the deadline stored here and the server's clock, so all show the same."""
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    require_running(locked)
    return _save_timer(locked, ends_at=timezone.now() + timedelta(seconds=_timer_seconds(seconds)))


@facilitator_write
def pause_timer(*, actor: User, workshop: Workshop) -> Workshop:
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if locked.timer_ends_at is None:
        raise WorkshopError(_("Ingen tid går just nu."))
    left = max(0, round((locked.timer_ends_at - timezone.now()).total_seconds()))
    return _save_timer(locked, remaining=left)


@facilitator_write
def resume_timer(*, actor: User, workshop: Workshop) -> Workshop:
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    require_running(locked)
    if locked.timer_remaining is None:
        raise WorkshopError(_("Tiden är inte pausad."))
    return _save_timer(locked, ends_at=timezone.now() + timedelta(seconds=locked.timer_remaining))


@facilitator_write
def extend_timer(*, actor: User, workshop: Workshop, seconds: int) -> Workshop:
    """Add time to a running or paused countdown (an expired one starts again from now)."""
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    require_running(locked)
    seconds = _timer_seconds(seconds)
    if locked.timer_remaining is not None:
        return _save_timer(locked, remaining=min(locked.timer_remaining + seconds, TIMER_MAX_SECONDS))
    if locked.timer_ends_at is None:
        raise WorkshopError(_("Starta tiden först."))
    ends_at = max(locked.timer_ends_at, timezone.now()) + timedelta(seconds=seconds)
    return _save_timer(locked, ends_at=min(ends_at, timezone.now() + timedelta(seconds=TIMER_MAX_SECONDS)))


@facilitator_write
def stop_timer(*, actor: User, workshop: Workshop) -> Workshop:
    require_change(actor, workshop.organisation, what="workshoppar")
    return _save_timer(Workshop.objects.select_for_update().get(pk=workshop.pk))
