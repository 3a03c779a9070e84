"""Events, participant imports and the coverage page."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kunskapsnod.followup import services
from kunskapsnod.followup.access import (
    check_year,
    get_association_or_404,
    get_event_for_user,
    get_import_for_user,
    organiser_choices,
)
from kunskapsnod.followup.forms import ConfirmImportForm, EventForm, ParticipantFileForm
from kunskapsnod.followup.models import Event
from kunskapsnod.followup.services.coverage import association_events, coverage
from kunskapsnod.regions.permissions import PermissionDenied, can_change


def event_list(request, slug):
    association = get_association_or_404(slug)
    events = association_events(association).select_related("organiser").order_by("-date", "title")
    context = {"association": association, "events": events, "can_create": organiser_choices(request.user).exists()}
    return render(request, "followup/event_list.html", context)


def event_form(request, pk=None):
    if pk is None and not organiser_choices(request.user).exists():
        raise PermissionDenied(_("Du har inte behörighet att registrera evenemang."))
    event = get_event_for_user(request.user, pk, write=True) if pk else Event()
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        event = services.save_event(actor=request.user, event=form.save(commit=False))
        messages.success(request, _("Evenemanget är sparat."))
        return redirect(event)
    return render(
        request, "followup/event_form.html", {"form": form, "event": event}, status=400 if form.errors else 200
    )


def event_detail(request, pk):
    event = get_event_for_user(request.user, pk)
    may_change = can_change(request.user, event.organiser_id)
    form = ParticipantFileForm(request.POST or None, request.FILES or None) if may_change else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Du får inte ändra evenemangen för %(name)s.") % {"name": event.organiser.name})
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                # One byte past the limit is enough for the service to refuse the file.
                data = upload.read(settings.IMPORT_MAX_BYTES + 1)
                pending = services.start_participant_import(
                    actor=request.user, event=event, data=data, file_name=upload.name
                )
            except services.FollowupError as exc:
                form.add_error("file", str(exc))
            else:
                return redirect("followup:import", pending.pk)
    participants = event.participants.select_related("municipality", "organisation")
    context = {
        "event": event,
        "participants": participants,
        "form": form,
        "can_change": may_change,
        "pending": event.imports.filter(confirmed_at__isnull=True) if may_change else [],
    }
    return render(request, "followup/event_detail.html", context, status=400 if form and form.errors else 200)


@require_POST
def event_delete(request, pk):
    event = get_event_for_user(request.user, pk, write=True)
    services.delete_event(actor=request.user, event=event)
    messages.success(request, _("Evenemanget är borttaget."))
    return redirect("followup:index")


def import_review(request, pk):
    pending = get_import_for_user(request.user, pk)
    unknown = services.unknown_organisations(pending)
    form = ConfirmImportForm(request.POST or None, unknown=unknown)
    if request.method == "POST" and request.POST.get("action") == "discard":
        services.discard_participant_import(actor=request.user, pending=pending)
        messages.success(request, _("Listan är slängd; inget sparades."))
        return redirect(pending.event)
    if request.method == "POST" and form.is_valid():
        try:
            kept = services.confirm_participant_import(
                actor=request.user,
                pending=pending,
                resolutions=form.resolutions(),
                keep_good_rows=form.cleaned_data["keep_good_rows"],
            )
        except services.FollowupError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(n)s deltagare är sparade.") % {"n": kept})
            return redirect(pending.event)
    context = {"pending": pending, "event": pending.event, "unknown": unknown, "form": form}
    return render(request, "followup/import_review.html", context, status=400 if form.errors else 200)


def participants(request, slug, year):
    association = get_association_or_404(slug)
    context = {"coverage": coverage(association, check_year(year)), "association": association, "year": year}
    return render(request, "followup/coverage.html", context)
