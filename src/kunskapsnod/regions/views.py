from django.contrib import messages
from django.http import HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kunskapsnod.accounts.permissions import can_change, can_write_anything
from kunskapsnod.regions import services
from kunskapsnod.regions.access import get_meeting_for_user, get_organisation_for_user
from kunskapsnod.regions.forms import MeetingForm, OrganisationForm, PeriodForm
from kunskapsnod.regions.models import Group, Meeting, Organisation, OrganisationKind


def overview(request):
    associations = Organisation.objects.associations().prefetch_related("member_links__member")
    actors = Organisation.objects.actors().select_related("parent")
    return render(request, "regions/overview.html", {"associations": associations, "actors": actors})


def organisation_detail(request, slug):
    organisation = get_organisation_for_user(request.user, slug)
    context = {
        "organisation": organisation,
        "can_edit": can_change(request.user, organisation),
        "associations": [link.association for link in organisation.association_links.select_related("association")],
        "members": services.members_of(organisation) if organisation.is_association else [],
        "children": organisation.children.order_by("kind", "name"),
        "meetings": services.meetings_of(organisation)[:10],
        "groups": Group.objects.filter(owner=organisation),
    }
    return render(request, "regions/organisation_detail.html", context)


def organisation_edit(request, slug):
    organisation = get_organisation_for_user(request.user, slug, write=True)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.update_organisation(actor=request.user, organisation=organisation, **form.cleaned_data)
        messages.success(request, _("Uppgifterna är sparade."))
        return redirect(organisation)
    return render(request, "regions/organisation_form.html", {"organisation": organisation, "form": form})


def meeting_list(request):
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    association = form.cleaned_data.get("association") if form.is_valid() else None
    scope = services.association_scope(association) if association else list(Organisation.objects.all())
    meetings = Meeting.objects.between(start, end).filter(organiser__in=scope)
    context = {
        "form": form,
        "meetings": meetings.select_related("organiser", "municipality", "group"),
        "summary": services.summarise_meetings(organisations=scope, start=start, end=end),
        "start": start,
        "end": end,
        "can_create": can_write_anything(request.user),
    }
    return render(request, "regions/meeting_list.html", context)


def meeting_detail(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    context = {"meeting": meeting, "can_edit": can_change(request.user, meeting.organiser)}
    return render(request, "regions/meeting_detail.html", context)


def meeting_form(request, pk=None):
    if pk is None and not can_write_anything(request.user):
        return HttpResponseForbidden(_("Du har inte behörighet att registrera möten."))
    meeting = get_meeting_for_user(request.user, pk, write=True) if pk else Meeting()
    form = MeetingForm(request.POST or None, instance=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        meeting = services.save_meeting(
            actor=request.user, meeting=form.save(commit=False), attendees=form.cleaned_data["attendees"]
        )
        messages.success(request, _("Mötet är sparat."))
        return redirect("regions:meeting", pk=meeting.pk)
    return render(request, "regions/meeting_form.html", {"form": form, "meeting": meeting})


@require_POST
def meeting_delete(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    services.delete_meeting(actor=request.user, meeting=meeting)
    messages.success(request, _("Mötet är borttaget."))
    return redirect("regions:meetings")


def group_list(request):
    groups = Group.objects.select_related("owner").prefetch_related("members__organisation")
    return render(request, "regions/group_list.html", {"groups": groups, "kinds": OrganisationKind})
