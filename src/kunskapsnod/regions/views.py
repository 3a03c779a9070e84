from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kunskapsnod.regions import services
from kunskapsnod.regions.access import (
    get_group_for_user,
    get_meeting_for_user,
    get_organisation_for_user,
    get_person_for_user,
)
from kunskapsnod.regions.forms import (
    NEW_ATTENDEE_PREFIX,
    ActorForm,
    GroupForm,
    MeetingForm,
    OrganisationForm,
    PeriodForm,
    PersonForm,
    meeting_draft,
    new_attendee_form,
)
from kunskapsnod.regions.models import Group, Meeting, Membership, Organisation, Person
from kunskapsnod.regions.permissions import can_change, can_write_anything, require_write_access, writable_organisations


def overview(request):
    members_by_name = Membership.objects.select_related("member").order_by("member__name")
    associations = Organisation.objects.associations().prefetch_related(Prefetch("member_links", members_by_name))
    actors = Organisation.objects.actors().select_related("parent")
    return render(request, "regions/overview.html", {"associations": associations, "actors": actors})


def organisation_detail(request, slug):
    organisation = get_organisation_for_user(request.user, slug)
    if slug != organisation.slug:  # a Kolada id (/kommun/1490/): one address per page, the slug's
        return redirect(organisation)
    context = {
        "organisation": organisation,
        "can_edit": can_change(request.user, organisation),
        "associations": [link.association for link in organisation.association_links.select_related("association")],
        "members": Organisation.objects.members_of(organisation) if organisation.is_association else [],
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


def actor_create(request):
    require_write_access(request.user)
    form = ActorForm(request.POST or None, user=request.user, initial={"parent": request.GET.get("under")})
    if request.method == "POST" and form.is_valid():
        organisation = services.create_actor(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Uppgifterna är sparade."))
        return redirect(organisation)
    return render(request, "regions/object_form.html", {"form": form, "title": _("Registrera aktör")})


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


def _form_page(request, *, instance, form_class, save, title, done, template="regions/object_form.html", extra=None):
    """The create/edit page shared by meetings, groups and people: the form limits
    choices to what the user may change, and the service checks again."""
    if instance.pk is None:
        require_write_access(request.user)
    form = form_class(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = save(form)
        messages.success(request, _("Uppgifterna är sparade."))
        return redirect(done(saved))
    context = {"form": form, "title": title, "cancel": request.GET.get("tillbaka"), **(extra or {})}
    return render(request, template, context)


def meeting_form(request, pk=None):
    meeting = get_meeting_for_user(request.user, pk, write=True) if pk else Meeting()
    title = _("Redigera möte") if pk else _("Registrera möte")
    if request.method == "POST" and "add_attendee" in request.POST and (request.htmx or _typed_a_person(request)):
        return _add_attendee(request, meeting, title)
    return _form_page(
        request,
        instance=meeting,
        form_class=MeetingForm,
        title=title,
        save=lambda form: services.save_meeting(
            actor=request.user, meeting=form.save(commit=False), attendees=form.cleaned_data["attendees"]
        ),
        done=lambda meeting: reverse("regions:meeting", args=[meeting.pk]),
        template="regions/meeting_form.html",
        extra={"person_form": new_attendee_form(user=request.user)},
    )


def _typed_a_person(request) -> bool:
    """Without JavaScript, Enter in any field sends the form's first button, "Lägg till som
    deltagare": it adds a person only when one was typed, and saves the meeting otherwise."""
    return any(request.POST.get(f"{NEW_ATTENDEE_PREFIX}-{name}", "").strip() for name in ("name", "title", "email"))


def _add_attendee(request, meeting, title):
    """Register a missing official from inside the meeting form and tick them as an
    attendee. The meeting is not saved yet: its fields come back as typed. With HTMX only
    the attendees part of the form is swapped."""
    if meeting.pk is None:
        require_write_access(request.user)
    person_form = new_attendee_form(request.POST, user=request.user)
    draft = meeting_draft(request.POST)
    added = None
    if person_form.is_valid():
        added = services.save_person(actor=request.user, person=person_form.save(commit=False))
        draft["attendees"] = [*draft.get("attendees", []), str(added.pk)]
        person_form = new_attendee_form(user=request.user)
    context = {
        "form": MeetingForm(initial=draft, instance=meeting, user=request.user),
        "person_form": person_form,
        "added": added,
        "title": title,
    }
    template = "regions/meeting_form.html#attendees" if request.htmx else "regions/meeting_form.html"
    return render(request, template, context)


def group_form(request, pk=None):
    group = get_group_for_user(request.user, pk, write=True) if pk else Group()
    return _form_page(
        request,
        instance=group,
        form_class=GroupForm,
        title=_("Redigera grupp eller nätverk") if pk else _("Ny grupp eller nätverk"),
        save=lambda form: services.save_group(
            actor=request.user, group=form.save(commit=False), members=form.cleaned_data["members"]
        ),
        done=lambda group: reverse("regions:groups") + f"#grupp-{group.pk}",
    )


def person_form(request, pk=None):
    person = get_person_for_user(request.user, pk, write=True) if pk else Person()
    return _form_page(
        request,
        instance=person,
        form_class=PersonForm,
        title=_("Redigera person") if pk else _("Registrera person"),
        save=lambda form: services.save_person(actor=request.user, person=form.save(commit=False)),
        done=lambda person: reverse("regions:people"),
    )


def person_list(request):
    people = Person.objects.select_related("organisation").prefetch_related("groups")
    writable = set(writable_organisations(request.user).values_list("pk", flat=True))
    context = {"people": people, "writable": writable, "can_create": bool(writable)}
    return render(request, "regions/person_list.html", context)


@require_POST
def meeting_delete(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    services.delete_meeting(actor=request.user, meeting=meeting)
    messages.success(request, _("Mötet är borttaget."))
    return redirect("regions:meetings")


def group_list(request):
    groups = Group.objects.select_related("owner").prefetch_related("members__organisation")
    writable = set(writable_organisations(request.user).values_list("pk", flat=True))
    context = {"groups": groups, "writable": writable, "can_create": bool(writable)}
    return render(request, "regions/group_list.html", context)
