"""Scoped access helpers: the only way views read an organisation-owned object by key.

Each answers 404 for "missing" and "not yours" alike, so guessing ids tells nothing.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from kunskapsnod.accounts.models import User
from kunskapsnod.accounts.permissions import writable_organisations
from kunskapsnod.regions.models import Group, Meeting, Organisation, Person


def get_organisation_for_user(user: User, slug: str, *, write: bool = False) -> Organisation:
    queryset = writable_organisations(user) if write else Organisation.objects.all()
    return get_object_or_404(queryset, slug=slug)


def get_meeting_for_user(user: User, pk: int, *, write: bool = False) -> Meeting:
    queryset = Meeting.objects.select_related("organiser", "municipality", "group")
    if write:
        queryset = queryset.filter(organiser__in=writable_organisations(user))
    meeting = queryset.filter(pk=pk).first()
    if meeting is None:
        raise Http404("Mötet finns inte")
    return meeting


def get_group_for_user(user: User, pk: int, *, write: bool = False) -> Group:
    queryset = Group.objects.select_related("owner")
    if write:
        queryset = queryset.filter(owner__in=writable_organisations(user))
    return get_object_or_404(queryset, pk=pk)


def get_person_for_user(user: User, pk: int, *, write: bool = False) -> Person:
    queryset = Person.objects.select_related("organisation")
    if write:
        queryset = queryset.filter(organisation__in=writable_organisations(user))
    return get_object_or_404(queryset, pk=pk)
