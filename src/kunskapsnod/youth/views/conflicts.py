"""The import conflicts page: where a KAA list differed from a value a coordinator entered
by hand, the coordinator keeps our value or takes the list's, one at a time or all the
listed ones the same way. Plain forms (no JavaScript); each decision is a service call."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kunskapsnod.text import parse_id
from kunskapsnod.youth import access
from kunskapsnod.youth.forms import ResolveForm
from kunskapsnod.youth.gate import protected_page
from kunskapsnod.youth.services.conflicts import conflict_overview, resolve_conflicts


def _done(request, count: int) -> None:
    if count:
        messages.success(request, ngettext("%(n)s skillnad är avgjord.", "%(n)s skillnader är avgjorda.", count)
                         % {"n": count})  # fmt: skip
    else:
        messages.info(request, _("Skillnaderna var redan avgjorda."))


def _back(request, person_pk: int | None):
    url = reverse("youth:conflicts")
    return redirect(f"{url}?person={person_pk}" if person_pk else url)


@protected_page
def conflicts(request):
    """GET: the open conflicts (optionally of one person, ``?person=``) and the latest
    decisions. POST: decide every listed conflict the same way."""
    access.require_coordinator(request.user)
    person_pk = parse_id(request.GET.get("person") or request.POST.get("person"))
    form = ResolveForm(request.POST or None, conflicts=access.conflicts_for(request.user).open())
    if request.method == "POST" and form.is_valid():
        _done(request, resolve_conflicts(actor=request.user, conflicts=form.cleaned_data["konflikt"],
                                         choice=form.choice()))  # fmt: skip
        return _back(request, person_pk)
    overview = conflict_overview(actor=request.user, person_pk=person_pk)
    context = {**overview, "form": form, "person_pk": person_pk, "choices": ResolveForm.base_fields["val"].choices}
    return render(request, "youth/conflicts.html", context, status=400 if form.errors else 200)


@protected_page
def conflict_resolve(request, pk):
    """POST: decide one conflict (404 unless it is one of the user's municipalities').
    GET: the conflicts page at the conflict's person."""
    conflict = access.get_conflict_for_user(request.user, pk)
    if request.method != "POST":
        return _back(request, conflict.person_id)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj att behålla vårt värde eller ta listans värde."))
    else:
        _done(request, resolve_conflicts(actor=request.user, conflicts=[conflict], choice=form.choice()))
    return _back(request, parse_id(request.POST.get("person")))
