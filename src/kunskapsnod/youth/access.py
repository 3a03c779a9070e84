"""Who may read what in the youth follow-up, and the scoped reads by key.

The permission is a grant, not a role: :class:`~kunskapsnod.youth.models.CoordinatorGrant`
names a user and a municipality. No role implies it (an administrator or node staff
without a grant reads no person), so the rule stays here, over the seam's
``get_for_user_or_404`` and ``PermissionDenied``, instead of in
``regions/permissions.py``, which cannot know about youth's grants without importing them.

* Personal records: coordinators of the record's municipality, after TOTP (``gate.py``).
* Aggregates (the dashboards): coordinators for their municipalities, node staff for their
  associations, administrators for every association; small groups suppressed.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.permissions import PermissionDenied, get_for_user_or_404, is_node_staff, writable_organisations
from kunskapsnod.youth.models import (
    AbsenceRecord,
    Consent,
    ContactAttempt,
    Enrolment,
    Flag,
    ImportConflict,
    Measure,
    Person,
    SchoolThreshold,
    StepScale,
)


def module_enabled() -> bool:
    return bool(settings.KUNSKAPSNOD_YOUTH)


def coordinator_municipalities(user) -> QuerySet[Organisation]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(youth_grants__user=user).order_by("name")


def is_coordinator(user, municipality: Organisation | int | None = None) -> bool:
    scope = coordinator_municipalities(user)
    if municipality is None:
        return scope.exists()
    pk = municipality if isinstance(municipality, int) else municipality.pk
    return scope.filter(pk=pk).exists()


def require_coordinator(user, municipality: Organisation | int | None = None) -> None:
    """Refuse unless ``user`` is youth coordinator (of ``municipality``, when given)."""
    if not is_coordinator(user, municipality):
        raise PermissionDenied(
            _("Individuppföljningen är bara öppen för kommunens ungdomssamordnare. Ingen annan roll ger behörigheten.")
        )


def dashboard_organisations(user) -> QuerySet[Organisation]:
    """Whose aggregated dashboards ``user`` may see."""
    pks = set(coordinator_municipalities(user).values_list("pk", flat=True))
    if getattr(user, "is_authenticated", False) and is_node_staff(user):
        scope = Organisation.objects.all() if user.is_administrator else writable_organisations(user)
        pks |= set(scope.associations().values_list("pk", flat=True))
    return Organisation.objects.filter(pk__in=pks).order_by("kind", "name")


def may_use_module(user) -> bool:
    return dashboard_organisations(user).exists()


def people_for(user) -> QuerySet[Person]:
    return Person.objects.filter(municipality__in=coordinator_municipalities(user))


def get_person_for_user(user, pk: int) -> Person:
    """The person ``pk`` if ``user`` coordinates their municipality; 404 otherwise."""
    return get_for_user_or_404(user, people_for(user).select_related("municipality", "kaa"), pk=pk)


def _by_person(user, queryset: QuerySet, pk: int):
    return get_for_user_or_404(user, queryset.filter(person__in=people_for(user)), pk=pk)


def get_measure_for_user(user, pk: int) -> Measure:
    return _by_person(user, Measure.objects.select_related("person"), pk)


def get_contact_for_user(user, pk: int) -> ContactAttempt:
    return _by_person(user, ContactAttempt.objects.select_related("person"), pk)


def get_consent_for_user(user, pk: int) -> Consent:
    return _by_person(user, Consent.objects.select_related("person"), pk)


def get_enrolment_for_user(user, pk: int) -> Enrolment:
    return _by_person(user, Enrolment.objects.select_related("person", "scale", "organisation"), pk)


def absence_for(user) -> QuerySet[AbsenceRecord]:
    return AbsenceRecord.objects.filter(municipality__in=coordinator_municipalities(user))


def flags_for(user) -> QuerySet[Flag]:
    return Flag.objects.filter(record__in=absence_for(user))


def get_flag_for_user(user, pk: int) -> Flag:
    queryset = flags_for(user).select_related("record")
    return get_for_user_or_404(user, queryset, pk=pk)


def get_threshold_for_user(user, pk: int) -> SchoolThreshold:
    queryset = SchoolThreshold.objects.filter(municipality__in=coordinator_municipalities(user))
    return get_for_user_or_404(user, queryset, pk=pk)


def scales_for(user) -> QuerySet[StepScale]:
    """The step scales ``user`` may use: those of their municipalities and of the
    associations those municipalities belong to."""
    municipalities = coordinator_municipalities(user)
    associations = Organisation.objects.filter(member_links__member__in=municipalities)
    owners = Organisation.objects.filter(pk__in=municipalities) | Organisation.objects.filter(pk__in=associations)
    return StepScale.objects.filter(owner__in=owners).prefetch_related("steps")


def get_scale_for_user(user, pk: int) -> StepScale:
    return get_for_user_or_404(user, scales_for(user), pk=pk)


def get_open_flag_count(user) -> int:
    """Flags of the user's municipalities whose investigation has not been opened yet."""
    return Flag.objects.filter(record__in=absence_for(user), investigation_opened_on__isnull=True).count()


def conflicts_for(user) -> QuerySet[ImportConflict]:
    """Import conflicts of the people ``user`` coordinates (anonymised people have none)."""
    return ImportConflict.objects.filter(person__in=people_for(user).active())


def get_conflict_for_user(user, pk: int) -> ImportConflict:
    return get_for_user_or_404(user, conflicts_for(user).select_related("person"), pk=pk)
