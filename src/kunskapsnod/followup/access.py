"""Scoped reads of the follow-up by key, over the one seam
(:func:`kunskapsnod.regions.permissions.get_for_user_or_404`).

Every signed-in user reads plans, events, coverage and reports; whoever may change the
association (its node staff, administrators) changes its plan and writes its report; an
event belongs to its organiser. A municipality's editor reads the association's plan but
may not change it."""

from django.http import Http404

from kunskapsnod.followup.models import YEAR_MAX, YEAR_MIN, Activity, Event, GeneratedReport, ParticipantImport
from kunskapsnod.regions.models import Organisation, OrganisationKind
from kunskapsnod.regions.permissions import (
    can_change,
    get_for_user_or_404,
    get_organisation_or_404,
    writable_organisations,
)


def get_association_or_404(slug: str) -> Organisation:
    return get_organisation_or_404(slug, kind=OrganisationKind.ASSOCIATION)


def check_year(year: int) -> int:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404("Året finns inte")
    return year


def get_activity_for_user(user, pk: int, *, write: bool = False) -> Activity:
    queryset = Activity.objects.select_related("plan__association")
    return get_for_user_or_404(user, queryset, write=write, owner="plan__association", pk=pk)


def get_event_for_user(user, pk: int, *, write: bool = False) -> Event:
    return get_for_user_or_404(user, Event.objects.select_related("organiser"), write=write, owner="organiser", pk=pk)


def get_import_for_user(user, pk: int) -> ParticipantImport:
    """A pending participant list: only those who may change the event see it (it holds
    names not yet kept)."""
    queryset = ParticipantImport.objects.filter(confirmed_at__isnull=True).select_related("event__organiser")
    return get_for_user_or_404(user, queryset, write=True, owner="event__organiser", pk=pk)


def get_report_for_user(user, pk: int) -> GeneratedReport:
    return get_for_user_or_404(user, GeneratedReport.objects.select_related("association"), owner="association", pk=pk)


def can_edit_plan(user, association: Organisation) -> bool:
    return can_change(user, association)


def organiser_choices(user):
    """Who may organise an event the user registers: associations and municipalities in
    their scope."""
    kinds = (OrganisationKind.ASSOCIATION, OrganisationKind.MUNICIPALITY)
    return writable_organisations(user).filter(kind__in=kinds).order_by("kind", "name")
