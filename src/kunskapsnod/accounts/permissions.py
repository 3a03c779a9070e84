"""Who may change what: the one place that answers it.

Reading is open to every signed-in user (the platform holds public statistics and the
node's shared mapping). Writing is scoped by organisation:

* reader: nothing;
* editor: data owned by their own organisation, and by organisations under it;
* node staff: data of their association and of every member of it;
* administrator: everything.

Views never test roles themselves; they ask :func:`writable_organisations` or
:func:`can_change`, or go through an access helper built on them.
"""

from django.db.models import Q, QuerySet

from kunskapsnod.accounts.models import Role, User
from kunskapsnod.regions.models import Organisation


def writable_organisations(user: User) -> QuerySet[Organisation]:
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_administrator:
        return Organisation.objects.all()
    if user.organisation_id is None or user.role == Role.READER:
        return Organisation.objects.none()
    own = Q(pk=user.organisation_id) | Q(parent_id=user.organisation_id)
    if user.role == Role.NODE_STAFF:
        members = Q(association_links__association_id=user.organisation_id)
        member_children = Q(parent__association_links__association_id=user.organisation_id)
        own |= members | member_children
    return Organisation.objects.filter(own).distinct()


def can_change(user: User, organisation: Organisation | int | None) -> bool:
    if organisation is None:
        return bool(user.is_authenticated and user.is_administrator)
    pk = organisation if isinstance(organisation, int) else organisation.pk
    return writable_organisations(user).filter(pk=pk).exists()


def can_write_anything(user: User) -> bool:
    return writable_organisations(user).exists()
