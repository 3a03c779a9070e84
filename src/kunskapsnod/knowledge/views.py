"""Pages of the knowledge bank. Published entries, their attachments, the feed and the
digest are public (``login_not_required``); everything else needs a login, and drafts
answer 404 to whoever may not see them."""

import unicodedata
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kunskapsnod.knowledge import services
from kunskapsnod.knowledge.access import (
    actions_for,
    can_create,
    can_edit,
    connection_target,
    get_attachment_for_user,
    get_entry_for_user,
)
from kunskapsnod.knowledge.connections import confirmed_for_municipality, confirmed_for_target, what_similar_do
from kunskapsnod.knowledge.exports import XLSX, register_workbook
from kunskapsnod.knowledge.forms import AttachmentForm, DigestForm, EntryFilterForm, EntryForm, ProjectRegisterForm
from kunskapsnod.knowledge.models import Entry, EntryKind
from kunskapsnod.knowledge.register import build_register
from kunskapsnod.knowledge.uploads import sent_name
from kunskapsnod.mapping.access import get_item_for_user
from kunskapsnod.regions.models import OrganisationKind
from kunskapsnod.regions.permissions import PermissionDenied, get_organisation_or_404

PAGE_SIZE = 25


def listed_entries(user):
    return Entry.objects.visible_to(user).select_related("owner", "level").prefetch_related("themes")


@login_not_required
def entry_list(request):
    form = EntryFilterForm(request.GET, show_status=can_create(request.user))
    entries = form.filter(listed_entries(request.user))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("sida"))
    context = {
        "form": form,
        "page": page,
        "can_create": can_create(request.user),
        "filtered": any(value for key, value in request.GET.items() if key != "sida"),
        "query": _without_page(request.GET),
    }
    template = "knowledge/entry_list.html#results" if request.htmx else "knowledge/entry_list.html"
    return render(request, template, context)


def _without_page(params) -> str:
    params = params.copy()
    params.pop("sida", None)
    return params.urlencode()


@login_not_required
def entry_detail(request, pk):
    entry = get_entry_for_user(request.user, pk)
    return render(request, "knowledge/entry_detail.html", _detail_context(request, entry))


def _detail_context(request, entry, attachment_form=None):
    editable = can_edit(request.user, entry)
    return {
        "entry": entry,
        "themes": entry.themes.all(),
        "municipalities": entry.municipalities.all(),
        "links": entry.links.all(),
        "attachments": entry.attachments.all(),
        "actions": actions_for(request.user, entry),
        "can_attach": editable,
        "attachment_form": attachment_form or (AttachmentForm() if editable else None),
        # The needs are the mapping's, which only signed-in users read.
        "connected_needs": list(confirmed_for_target(entry)) if request.user.is_authenticated else [],
    }


def entry_form(request, pk=None):
    if pk is None and not can_create(request.user):
        raise PermissionDenied(_("Du har inte behörighet att lägga till poster i kunskapsbanken."))
    entry = get_entry_for_user(request.user, pk, write=True) if pk else Entry(kind=EntryKind.GOOD_EXAMPLE)
    if pk and not can_edit(request.user, entry):
        raise PermissionDenied(_("Bara nodpersonal och administratörer får ändra en publicerad post."))
    form = EntryForm(request.POST or None, instance=entry, user=request.user)
    if request.method == "POST" and form.is_valid():
        save = services.update_entry if pk else services.create_entry
        try:
            entry = save(actor=request.user, entry=form.save(commit=False), **form.relations())
        except services.KnowledgeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Posten är sparad."))
            return redirect(entry)
    return render(request, "knowledge/entry_form.html", {"form": form, "entry": entry})


def _step(service, done):
    @require_POST
    def view(request, pk):
        entry = get_entry_for_user(request.user, pk)
        try:
            service(actor=request.user, entry=entry)
        except services.KnowledgeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
        return redirect(entry)

    return view


entry_submit = _step(services.submit_entry, gettext_lazy("Posten är skickad för granskning."))
entry_publish = _step(services.publish_entry, gettext_lazy("Posten är publicerad."))
entry_return = _step(services.return_entry, gettext_lazy("Posten är skickad tillbaka till utkast."))
entry_archive = _step(services.archive_entry, gettext_lazy("Posten är arkiverad och visas inte längre publikt."))


@require_POST
def attachment_add(request, pk):
    """Upload one attachment; the file's name is the one the browser sent (see
    knowledge/uploads.py), so a path is refused rather than silently cut."""
    entry = get_entry_for_user(request.user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            attachment = services.add_attachment(
                actor=request.user, entry=entry, file=uploaded, name=sent_name(uploaded)
            )
        except (services.AttachmentError, services.KnowledgeError) as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("Bilagan ”%(name)s” är sparad.") % {"name": attachment.name})
            return redirect(entry)
    return render(request, "knowledge/entry_detail.html", _detail_context(request, entry, form), status=400)


@require_POST
def attachment_delete(request, pk):
    attachment = get_attachment_for_user(request.user, pk, write=True)
    entry = attachment.entry
    services.delete_attachment(actor=request.user, attachment=attachment)
    messages.success(request, _("Bilagan ”%(name)s” är borttagen.") % {"name": attachment.name})
    return redirect(entry)


@login_not_required
def attachment_download(request, pk):
    """The file, always as a download, with the type its content was found to be."""
    attachment = get_attachment_for_user(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("Filen saknas") from None
    response = FileResponse(handle, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition(attachment.name)
    response["Content-Length"] = str(attachment.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=300" if attachment.entry.is_published else "private, no-store"
    return response


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII fallback name and the real one as RFC 5987 filename*."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = "".join(c if c.isalnum() or c in " ._-()" else "_" for c in ascii_name).strip() or "bilaga"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


@login_not_required
def digest(request):
    """Published entries of a period, for the node's newsletter; prints cleanly."""
    form = DigestForm(request.GET or None)
    start, end = form.period()
    entries = (
        Entry.objects.published_between(start, end)
        .select_related("owner", "level")
        .prefetch_related("themes")
        .order_by("kind", "published_at", "pk")
    )
    groups = [(label, [e for e in entries if e.kind == kind]) for kind, label in EntryKind.choices]
    context = {"form": form, "start": start, "end": end, "groups": [g for g in groups if g[1]], "count": len(entries)}
    return render(request, "knowledge/digest.html", context)


def _register(request):
    form = ProjectRegisterForm(request.GET)
    organisation, show = form.selection()
    return form, build_register(Entry.objects.visible_to(request.user), organisation=organisation, show=show)


@login_not_required
def project_register(request):
    """Which projects a municipality or an association takes part in, which run now, who
    funds them and which overlap (public: what the reader may see of them)."""
    form, register = _register(request)
    context = {"form": form, "register": register, "query": request.GET.urlencode()}
    return render(request, "knowledge/project_register.html", context)


@login_not_required
def project_register_xlsx(request):
    """The register as an Excel workbook, the same selection as the page."""
    _form, register = _register(request)
    response = HttpResponse(register_workbook(register), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="projektregister.xlsx"'
    return response


@require_POST
def need_connect(request, pk):
    """Confirm or reject one suggested connection of a need (buttons on the need's page)."""
    need = get_item_for_user(request.user, pk, write=True)
    target = connection_target(request.user, request.POST.get("mal", ""))
    decision = request.POST.get("beslut")
    if target is None or decision not in ("bekrafta", "avvisa"):
        messages.error(request, _("Förslaget finns inte längre. Ladda om sidan."))
        return redirect(f"{need.get_absolute_url()}#kopplingar")
    try:
        services.decide_connection(
            actor=request.user,
            need=need,
            target=target,
            confirm=decision == "bekrafta",
            reason=request.POST.get("skal", ""),
        )
    except services.KnowledgeError as exc:
        messages.error(request, str(exc))
    else:
        done = _("Kopplingen är bekräftad.") if decision == "bekrafta" else _("Förslaget är avvisat.")
        messages.success(request, done)
    return redirect(f"{need.get_absolute_url()}#kopplingar")


def municipality_connections(request, slug):
    """What similar municipalities do, and the confirmed connections that touch this one."""
    municipality = get_organisation_or_404(slug, kind=OrganisationKind.MUNICIPALITY)
    context = {
        "municipality": municipality,
        "similar": what_similar_do(municipality),
        "confirmed": list(confirmed_for_municipality(municipality)),
    }
    return render(request, "knowledge/municipality_connections.html", context)
