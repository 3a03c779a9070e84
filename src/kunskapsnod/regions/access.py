"""Scoped access helpers of the organisation pages, built on the one seam
(:func:`kunskapsnod.regions.permissions.get_for_user_or_404`)."""

from kunskapsnod.regions.models import Group, Meeting, Organisation, Person
from kunskapsnod.regions.permissions import get_for_user_or_404


def get_organisation_for_user(user, key: str, *, write: bool = False, kind: str | None = None) -> Organisation:
    """By slug or Kolada id; with ``write`` only within the user's scope (404 otherwise)."""
    queryset = Organisation.objects.by_key(key)
    if kind is not None:
        queryset = queryset.filter(kind=kind)
    return get_for_user_or_404(user, queryset, write=write, owner="pk")


def get_meeting_for_user(user, pk: int, *, write: bool = False) -> Meeting:
    queryset = Meeting.objects.select_related("organiser", "municipality", "group")
    return get_for_user_or_404(user, queryset, write=write, owner="organiser", pk=pk)


def get_group_for_user(user, pk: int, *, write: bool = False) -> Group:
    return get_for_user_or_404(user, Group.objects.select_related("owner"), write=write, owner="owner", pk=pk)


def get_person_for_user(user, pk: int, *, write: bool = False) -> Person:
    return get_for_user_or_404(user, Person.objects.select_related("organisation"), write=write, pk=pk)
