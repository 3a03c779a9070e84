"""Who may change what: the one permission seam every app uses.

Reading is open to every signed-in user (and the statistics to everyone when public
statistics are on). Writing is scoped by organisation, along the hierarchy this app keeps:

* reader: nothing;
* editor: data owned by their own organisation, and by organisations under it;
* node staff: data of their association, of every member of it and of what lies under
  those members;
* administrator: everything.

The four things a view, service, API or admin needs:

* :func:`can_change` decides whether to *show* an action;
* :func:`require_change` is the check a service makes before it writes;
* :func:`get_for_user_or_404` reads one object by key, answering 404 for "missing" and
  "not yours" alike so that guessing ids tells nothing;
* :class:`PermissionDenied` is the one refusal: Django answers it with the styled
  ``403.html`` page, the JSON API with ``{"error": ...}`` and status 403.

The rule reads only the user's ``role`` and ``organisation_id``, so this module (and the
regions app) never imports ``accounts``: the dependency runs one way, accounts → regions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core import exceptions
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext, gettext_noop

from kunskapsnod.regions.models import NODE_STAFF_ROLE, Organisation, OrganisationQuerySet

if TYPE_CHECKING:
    from kunskapsnod.accounts.models import User

M = TypeVar("M", bound=Model)

# What callers name in their refusals (``what=``); listed here so that the English
# catalogue carries them and the messages below can translate them at refusal time.
WHAT = (
    gettext_noop("kartläggningen"),
    gettext_noop("ändra kartläggningen"),
    gettext_noop("registrera insatser eller behov"),
    gettext_noop("analysmodellen"),
    gettext_noop("möten"),
    gettext_noop("grupper"),
    gettext_noop("personer"),
    gettext_noop("workshoppar"),
    gettext_noop("leda workshoppar"),
    gettext_noop("egna indikatorer"),
    gettext_noop("kunskapsbanken"),
    gettext_noop("publiceringen i kunskapsbanken"),
    gettext_noop("en publicerad post i kunskapsbanken"),
)


class PermissionDenied(exceptions.PermissionDenied):
    """The acting user may not do this; the message says what, in Swedish."""


def writable_organisations(user: User | Any) -> OrganisationQuerySet:
    """The organisations whose data ``user`` may change."""
    return Organisation.objects.writable_by(user)


def can_change(user: User | Any, organisation: Organisation | int | None) -> bool:
    """May ``user`` change data owned by ``organisation``? ``None`` (data that belongs to
    no organisation, such as the analysis model's history) is for administrators only."""
    if not getattr(user, "is_authenticated", False):
        return False
    if organisation is None:
        return bool(user.is_administrator)
    pk = organisation if isinstance(organisation, int) else organisation.pk
    return writable_organisations(user).filter(pk=pk).exists()


def can_write_anything(user: User | Any, *, kind: str | None = None) -> bool:
    """Whether to show the "register …" actions at all (``kind``: only organisations of
    that kind count, e.g. municipalities for the mapping)."""
    scope = writable_organisations(user)
    return (scope if kind is None else scope.filter(kind=kind)).exists()


def is_node_staff(user: User | Any) -> bool:
    """Node staff of an association, or an administrator: who runs the node's own things
    (the analysis model, own indicators, the sync command)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_administrator:
        return True
    return user.role == NODE_STAFF_ROLE and writable_organisations(user).associations().exists()


def require_change(actor: User | Any, organisation: Organisation | int | None, *, what: str = "") -> None:
    """Raise :class:`PermissionDenied` unless ``actor`` may change ``organisation``'s data.
    ``what`` names the data in the message ("kartläggningen", "mötet", ...)."""
    if not can_change(actor, organisation):
        raise PermissionDenied(_denied_message(organisation, what))


def require_write_access(actor: User | Any, *, kind: str | None = None, what: str = "") -> None:
    """Before showing a form that creates something: the actor may change *some*
    organisation (of ``kind``, if given)."""
    if not can_write_anything(actor, kind=kind):
        what = gettext(what) if what else gettext("registrera uppgifter")
        raise PermissionDenied(gettext("Du har inte behörighet att %(what)s.") % {"what": what})


def require_node_staff(actor: User | Any, *, what: str = "") -> None:
    if not is_node_staff(actor):
        what = gettext(what) if what else gettext("detta")
        raise PermissionDenied(gettext("Bara nodpersonal och administratörer får ändra %(what)s.") % {"what": what})


def require_administrator(actor: User | Any, *, message: str) -> None:
    """For what only administrators see or do (the audit log); ``message`` is the refusal."""
    if not (getattr(actor, "is_authenticated", False) and actor.is_administrator):
        raise PermissionDenied(message)


def _denied_message(organisation: Organisation | int | None, what: str) -> str:
    subject = gettext(what) if what else gettext("uppgifterna")
    if organisation is None:
        return gettext("Bara administratörer får ändra %(what)s.") % {"what": subject}
    name = organisation if isinstance(organisation, int) else organisation.name
    return gettext("Du får inte ändra %(what)s för %(name)s.") % {"what": subject, "name": name}


def get_for_user_or_404(
    user: User | Any,
    queryset: QuerySet[M],
    *,
    write: bool = False,
    owner: str = "organisation",
    **lookup: Any,
) -> M:
    """The one object of ``queryset`` matching ``lookup`` that ``user`` may read (or, with
    ``write=True``, change: its ``owner`` field must point into the user's scope).
    Missing and foreign objects both raise 404."""
    if write:
        queryset = queryset.filter(**{f"{owner}__in": writable_organisations(user)})
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404(f"{queryset.model._meta.verbose_name} finns inte".capitalize())
    return obj


def get_organisation_or_404(key: str, *, kind: str | None = None) -> Organisation:
    """An organisation by its slug or its Kolada id (``boras`` or ``1490``)."""
    queryset = Organisation.objects.all() if kind is None else Organisation.objects.filter(kind=kind)
    organisation = queryset.by_key(key).first()
    if organisation is None:
        raise Http404("Organisationen finns inte")
    return organisation
