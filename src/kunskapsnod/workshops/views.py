"""Facilitator pages (signed-in node staff and editors). Participant pages: participant_views.py."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.permissions import can_change, can_write_anything, require_write_access, writable_organisations
from kunskapsnod.text import parse_id
from kunskapsnod.workshops import clustering, services
from kunskapsnod.workshops.access import get_workshop_for_user
from kunskapsnod.workshops.forms import SortByForm, WorkshopForm
from kunskapsnod.workshops.models import NOTE_MAX_LENGTH, Note, Phase, Placement, Workshop
from kunskapsnod.workshops.qr import qr_svg


def _board_context(request, workshop: Workshop, version: str | None = None) -> dict:
    """What the facilitator's board and the projector show: the notes in columns by level
    or theme (notes merged into one lie in it), the votes or only how many have voted."""
    notes = list(
        Note.objects.filter(workshop=workshop).with_dot_counts().select_related("author").order_by("created_at", "pk")
    )
    by_id = {note.pk: note for note in notes}
    for note in notes:
        note.children = [n for n in notes if n.merged_into_id == note.pk]
        note.merged_into = by_id.get(note.merged_into_id)  # type: ignore[assignment]
    active = [n for n in notes if not n.hidden and not n.merged_into_id]
    sorting = workshop.phase in (Phase.NOTES, Phase.SORTING)
    groups = clustering.similar_groups((n.pk, n.text) for n in active) if sorting else []
    columns = services.board_columns(workshop)
    return {
        "workshop": workshop,
        "notes": notes,
        "active_notes": active,
        "columns": [(column, [n for n in active if workshop.column_of(n) == column.key]) for column in columns],
        "column_choices": columns,
        "hidden_notes": [n for n in notes if n.hidden],
        "votable_count": sum(workshop.votes_on(n) for n in active),
        "similar": [[by_id[pk] for pk in group] for group in groups],
        "sorting": sorting,
        "participant_count": workshop.participants.count(),
        "summary": services.voting_summary(workshop) if workshop.phase == Phase.VOTING else None,
        "results": services.ranked_results(workshop) if workshop.phase != Phase.NOTES else [],
        "placements": Placement,
        "phases": Phase,
        "next_phase": Phase(workshop.next_phase()) if workshop.next_phase() else None,
        "join_link": request.build_absolute_uri(workshop.join_url()),
        "version": version or services.board_version(workshop),
        "now": timezone.now(),
        "max_length": NOTE_MAX_LENGTH,
    }


def _after_write(request, workshop: Workshop, error: services.WorkshopError | None = None, **extra):
    """HTMX gets the fresh board; a plain form post is redirected back (post/redirect/get)."""
    if request.htmx:
        context = {**_board_context(request, workshop), "feedback": error, "can_run": True, **extra}
        return render(request, "workshops/facilitate.html#board", context)
    if error is not None:
        messages.error(request, str(error))
    return redirect(workshop)


def index(request):
    workshops = Workshop.objects.select_related("organisation", "facilitator").with_counts()
    organisation = Organisation.objects.filter(slug=request.GET.get("organisation", "")).first()
    if organisation is not None:
        workshops = workshops.filter(organisation=organisation)
    writable = set(writable_organisations(request.user).values_list("pk", flat=True))
    context = {
        "organisation": organisation,
        "workshops": workshops,
        "writable": writable,
        "can_create": can_write_anything(request.user),
    }
    return render(request, "workshops/index.html", context)


def create(request):
    require_write_access(request.user, what="leda workshoppar")
    form = WorkshopForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = services.create_workshop(actor=request.user, **form.cleaned_data)
        except services.WorkshopError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Workshoppen är skapad. Dela koden %(code)s med deltagarna.") % {"code": workshop.join_code},
            )
            return redirect(workshop)
    return render(request, "workshops/create.html", {"form": form})


def facilitate(request, pk):
    workshop = get_workshop_for_user(request.user, pk)
    version = services.board_version(workshop)
    if request.htmx and request.GET.get("v") == version:
        return HttpResponse(status=204)  # unchanged: htmx keeps the board as it is
    can_run = can_change(request.user, workshop.organisation)
    context = {**_board_context(request, workshop, version), "can_run": can_run}
    if request.htmx:
        return render(request, "workshops/facilitate.html#board", context)
    if can_run and workshop.phase == Phase.NOTES:  # chosen before the sorting starts
        context["sort_form"] = SortByForm(initial={"sort_by": workshop.sort_by})
    return render(request, "workshops/facilitate.html", context)


def projector(request, pk):
    """The big screen: join code, QR code, participants, phase, timer and the board,
    readable from the back of the hall. Those who run the workshop open it."""
    workshop = get_workshop_for_user(request.user, pk, write=True)
    version = services.board_version(workshop)
    if request.htmx and request.GET.get("v") == version:
        return HttpResponse(status=204)
    context = {
        **_board_context(request, workshop, version),
        "qr": qr_svg(request.build_absolute_uri(workshop.join_url())),
    }
    template = "workshops/projector.html#screen" if request.htmx else "workshops/projector.html"
    return render(request, template, context)


def _facilitator_action(request, pk, action):
    workshop = get_workshop_for_user(request.user, pk, write=True)
    try:
        result = action(workshop)
    except services.WorkshopError as exc:
        return _after_write(request, workshop, exc)
    workshop.refresh_from_db()
    merged = request.POST.get("action") == "merge" and isinstance(result, Note)
    return _after_write(request, workshop, undo=_note_id(request) if merged else None)


def _note_id(request) -> int:
    note_id = parse_id(request.POST.get("note"))
    if note_id is None:
        raise services.InvalidInput(_("Ingen lapp vald."))
    return note_id


@require_POST
def change_phase(request, pk):
    phase = request.POST.get("phase", "")
    refuse_empty = request.POST.get("confirm") != "1"  # "Börja röstningen ändå" confirms
    return _facilitator_action(
        request,
        pk,
        lambda w: services.set_phase(actor=request.user, workshop=w, phase=phase, refuse_empty_voting=refuse_empty),
    )


@require_POST
def joining(request, pk):
    """Close the workshop to new participants (or open it again)."""
    is_open = request.POST.get("joining") == "open"
    return _facilitator_action(
        request, pk, lambda w: services.set_joining(actor=request.user, workshop=w, open=is_open)
    )


@require_POST
def sort_by(request, pk):
    """Sort the board by level or by theme (until the sorting starts)."""
    workshop = get_workshop_for_user(request.user, pk, write=True)
    form = SortByForm(request.POST)
    try:
        if not form.is_valid():
            raise services.InvalidInput(_("Välj hur lapparna ska sorteras."))
        services.set_sort_by(actor=request.user, workshop=workshop, sort_by=form.cleaned_data["sort_by"])
    except services.WorkshopError as exc:
        messages.error(request, str(exc))
    return redirect(workshop)


@require_POST
def note_action(request, pk):
    """One endpoint for the note buttons on the board: hide, show, place, merge."""
    post = request.POST

    def act(workshop):
        action, note_id = post.get("action"), _note_id(request)
        if action in ("hide", "show"):
            return services.hide_note(actor=request.user, workshop=workshop, note_id=note_id, hidden=action == "hide")
        if action == "place":
            return services.place_note_as_facilitator(
                actor=request.user,
                workshop=workshop,
                note_id=note_id,
                placement=post.get("placement", ""),
            )
        if action == "merge":
            target = parse_id(post.get("target"))
            if target is None:
                raise services.InvalidInput(_("Välj vilken lapp den ska slås samman med."))
            return services.merge_notes(actor=request.user, workshop=workshop, source_id=note_id, target_id=target)
        if action == "unmerge":
            return services.unmerge_note(actor=request.user, workshop=workshop, note_id=note_id)
        raise services.InvalidInput(_("Okänd åtgärd."))

    return _facilitator_action(request, pk, act)


def _seconds(request, field: str) -> int:
    minutes = parse_id(request.POST.get(field))
    if minutes is None or minutes > 24 * 60:
        raise services.InvalidInput(_("Ange tiden i hela minuter."))
    return minutes * 60


@require_POST
def timer(request, pk):
    """Start, pause, resume, extend or stop the countdown of the current phase."""
    actions = {
        "start": lambda w: services.start_timer(actor=request.user, workshop=w, seconds=_seconds(request, "minutes")),
        "extend": lambda w: services.extend_timer(actor=request.user, workshop=w, seconds=_seconds(request, "minutes")),
        "pause": lambda w: services.pause_timer(actor=request.user, workshop=w),
        "resume": lambda w: services.resume_timer(actor=request.user, workshop=w),
        "stop": lambda w: services.stop_timer(actor=request.user, workshop=w),
    }
    return _facilitator_action(request, pk, actions.get(request.POST.get("action", ""), _unknown_action))


def _unknown_action(workshop):
    raise services.InvalidInput(_("Okänd åtgärd."))


@require_POST
def votes(request, pk):
    """Reveal the votes, or switch showing them live on and off."""
    actions = {
        "reveal": lambda w: services.reveal_votes(actor=request.user, workshop=w),
        "live": lambda w: services.set_votes_live(actor=request.user, workshop=w, live=True),
        "hidden": lambda w: services.set_votes_live(actor=request.user, workshop=w, live=False),
    }
    return _facilitator_action(request, pk, actions.get(request.POST.get("action", ""), _unknown_action))


@require_POST
def add_note(request, pk):
    return _facilitator_action(
        request,
        pk,
        lambda w: services.add_facilitator_note(actor=request.user, workshop=w, text=request.POST.get("text", "")),
    )


def review_results(request, pk):
    """The facilitator reviews the ranked result, leaves out what should not be in the
    list (junk, duplicates) and saves it as the municipality's prioritised needs."""
    workshop = get_workshop_for_user(request.user, pk, write=True)
    error = None
    if request.method == "POST":
        left_out = [note_id for v in request.POST.getlist("leave_out") if (note_id := parse_id(v)) is not None]
        try:
            kept = services.save_results(actor=request.user, workshop=workshop, left_out=left_out)
        except services.WorkshopError as exc:
            error = exc
        else:
            text = ngettext(
                "%(n)s lapp sparades som prioriterade behov för %(org)s.",
                "%(n)s lappar sparades som prioriterade behov för %(org)s.",
                len(kept),
            )
            messages.success(request, text % {"n": len(kept), "org": workshop.organisation})
            return redirect("workshops:review_results", pk=workshop.pk)
    context = {
        "workshop": workshop,
        "results": services.ranked_results(workshop) if workshop.shows_results else [],
        "list_status": services.mapping_list_status(workshop) if workshop.saves_prioritised_needs else None,
        "feedback": error,
        "can_run": True,
    }
    return render(request, "workshops/review_results.html", context, status=error.status if error else 200)
