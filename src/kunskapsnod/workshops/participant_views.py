"""Participant pages: open without an account (the join code is the key), with a session
cookie that holds the participant's token. CSRF protection stays on."""

import functools

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kunskapsnod.text import parse_id
from kunskapsnod.workshops import exports, services
from kunskapsnod.workshops.access import (
    UnknownJoinCode,
    current_participant,
    get_workshop_by_code,
    remember_participant,
)
from kunskapsnod.workshops.forms import JoinCodeForm
from kunskapsnod.workshops.models import NOTE_MAX_LENGTH, Note, Phase, Placement, Workshop

DRAFT_MAX_LENGTH = 1000


def _unknown_code(request, exc: UnknownJoinCode):
    return render(
        request,
        "workshops/unknown_code.html",
        {"code": exc.code, "form": JoinCodeForm()},
        status=404,
    )


def _participant_context(workshop: Workshop, participant, **extra) -> dict:
    notes = Note.objects.filter(workshop=workshop).active().select_related("theme")
    if workshop.phase == Phase.VOTING:
        notes = notes.votable()
    mine = services.dots_by_note(participant) if participant else {}
    used = sum(mine.values())
    return {
        "workshop": workshop,
        "participant": participant,
        "notes": [(note, mine.get(note.pk, 0)) for note in notes],
        "dots_left": workshop.dots_per_participant - used,
        "dots_used": used,
        "results": services.ranked_results(workshop) if workshop.shows_results else [],
        "phases": Phase,
        "placements": Placement,
        "column_choices": services.board_columns(workshop) if workshop.phase == Phase.SORTING else [],
        "max_length": NOTE_MAX_LENGTH,
        "now": timezone.now(),
        "version": extra.pop("version", None) or services.board_version(workshop, participant),
        **extra,
    }


def shared_results_board(workshop: Workshop) -> str:
    """The board as every participant's phone shows it once the results are out: the same
    for all (no one's own notes or dots on it, no form), so the live stream carries it,
    rendered once per process per change, instead of 600 phones fetching it at the same
    moment (live.py). In the installation's language: live.js takes it only on a page in
    that language."""
    assert workshop.shows_results
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("workshops/participate.html#board", _participant_context(workshop, None))


def _board(request, workshop, participant, *, error=None, status=200):
    # A refused note comes back for shortening; a huge one (pasted by mistake or on
    # purpose) only in part, so the answer stays small.
    draft = request.POST.get("text", "")[:DRAFT_MAX_LENGTH]
    context = _participant_context(workshop, participant, feedback=error, draft=draft)
    if request.htmx:
        # HTMX swaps only 2xx answers; the refusal is shown inside the board instead.
        return render(request, "workshops/participate.html#board", context)
    return render(request, "workshops/participate.html", context, status=status)


@login_not_required
def join_by_code(request):
    form = JoinCodeForm(request.GET or None)
    if form.is_valid():
        return redirect("workshops:participate", code=services.normalise_join_code(form.cleaned_data["kod"]))
    return render(request, "workshops/join_code.html", {"form": form})


@login_not_required
def participate(request, code):
    try:
        workshop = get_workshop_by_code(code)
    except UnknownJoinCode as exc:
        return _unknown_code(request, exc)
    if workshop.join_code != code:
        return redirect("workshops:participate", code=workshop.join_code)
    participant = current_participant(request, workshop)
    if participant is None:
        return _join(request, workshop)
    version = services.board_version(workshop, participant)
    if request.htmx and request.GET.get("v") == version:
        return HttpResponse(status=204)  # unchanged: htmx keeps the board as it is
    template = "workshops/participate.html#board" if request.htmx else "workshops/participate.html"
    return render(request, template, _participant_context(workshop, participant, version=version))


def _join(request, workshop):
    error = None
    if request.method == "POST":
        try:
            participant = services.join_workshop(workshop=workshop, display_name=request.POST.get("name", ""))
        except services.WorkshopError as exc:
            error = exc
        else:
            remember_participant(request, participant)
            return redirect("workshops:participate", code=workshop.join_code)
    status = error.status if error else 200
    context = {
        "workshop": workshop,
        "feedback": error,
        # Said before anyone types a name: the form would only be refused.
        "joining_closed": None if workshop.joining_open else services.joining_closed_message(workshop),
    }
    return render(request, "workshops/join.html", context, status=status)


def _participant_write(request, code, action):
    """Look up the participant, run one service call, answer: redirect on success (or the
    board for HTMX), the page with the refusal and its status code otherwise."""
    try:
        workshop = get_workshop_by_code(code)
    except UnknownJoinCode as exc:
        return _unknown_code(request, exc)
    participant = current_participant(request, workshop)
    if participant is None:
        return redirect("workshops:participate", code=workshop.join_code)
    try:
        action(participant)
    except services.WorkshopError as exc:
        workshop.refresh_from_db()
        return _board(request, workshop, participant, error=exc, status=exc.status)
    if request.htmx:
        response = _board(request, workshop, participant)
        response["X-Workshop-Result"] = "ok"
        return response
    return redirect(reverse("workshops:participate", args=[workshop.join_code]) + "#tavla")


def _posted_note_id(request) -> int:
    note_id = parse_id(request.POST.get("note"))
    if note_id is None:
        raise services.InvalidInput(_("Ingen lapp vald."))
    return note_id


def _request_key(request) -> str:
    """The click's request key: the form's hidden field (a fresh one per click from
    workshops.js, or the one rendered with the page without JavaScript), or the header."""
    return request.POST.get("request_key") or request.headers.get("Idempotency-Key", "")


@login_not_required
@require_POST
def add_note(request, code):
    return _participant_write(
        request,
        code,
        lambda p: services.add_note(
            participant=p, text=request.POST.get("text", ""), request_key=_request_key(request)
        ),
    )


@login_not_required
@require_POST
def place_note(request, code):
    return _participant_write(
        request,
        code,
        lambda p: services.place_note(
            participant=p,
            note_id=_posted_note_id(request),
            placement=request.POST.get("placement", ""),
        ),
    )


@login_not_required
@require_POST
def own_note(request, code):
    """The author edits or deletes their own note (until the sorting starts)."""

    def act(participant):
        note_id = _posted_note_id(request)
        if request.POST.get("action") == "delete":
            return services.delete_note(participant=participant, note_id=note_id)
        return services.edit_note(participant=participant, note_id=note_id, text=request.POST.get("text", ""))

    return _participant_write(request, code, act)


@login_not_required
@require_POST
def dot(request, code):
    def act(participant):
        if request.POST.get("action") == "remove":
            return services.remove_dot(
                participant=participant, note_id=_posted_note_id(request), request_key=_request_key(request)
            )
        return services.cast_dot(
            participant=participant, note_id=_posted_note_id(request), request_key=_request_key(request)
        )

    return _participant_write(request, code, act)


@login_not_required
def results(request, code):
    try:
        workshop = get_workshop_by_code(code)
    except UnknownJoinCode as exc:
        return _unknown_code(request, exc)
    return _results_page(request, workshop)


def _results_page(request, workshop: Workshop, *, status: int = 200):
    """The ranked result, or until it is shown a page that says when it will be (an
    ordinary 200 answer: nothing is wrong with asking early; it updates itself)."""
    context = {
        "workshop": workshop,
        "results": services.ranked_results(workshop) if workshop.shows_results else [],
    }
    template = "workshops/results.html#result" if request.htmx and status == 200 else "workshops/results.html"
    return render(request, template, context, status=status)


FILES = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.results_xlsx),
    "png": ("image/png", exports.results_png),
    "pdf": ("application/pdf", lambda result: exports.results_pdf(result, lambda r: _printable(r, for_pdf=True))),
}


def _printable(result, *, for_pdf: bool = False) -> str:
    return render_to_string("workshops/results_print.html", {"result": result, "for_pdf": for_pdf})


def _result_view(view):
    """A view of the shown result: the workshop by code, or the results page's answer
    (404 for an unknown code, 409 while the result is not shown yet)."""

    @functools.wraps(view)
    def wrapper(request, code, **kwargs):
        try:
            workshop = get_workshop_by_code(code)
        except UnknownJoinCode as exc:
            return _unknown_code(request, exc)
        if not workshop.shows_results:  # a file that does not exist yet
            return _results_page(request, workshop, status=409)
        return view(request, workshop, **kwargs)

    return login_not_required(wrapper)


@_result_view
def results_print(request, workshop):
    """The printable one-page result; the PDF is this page rendered by WeasyPrint."""
    return HttpResponse(_printable(exports.result_file(workshop)))


@_result_view
def results_file(request, workshop, fmt):
    """The ranked result as Excel, PDF or PNG, named after the workshop's code and day."""
    if fmt not in FILES:
        raise Http404(_("Okänt filformat."))
    content_type, write = FILES[fmt]
    result = exports.result_file(workshop)
    response = HttpResponse(write(result), content_type=content_type)
    name = f"workshop-{workshop.join_code}-{result.date.isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
