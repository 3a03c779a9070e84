"""Pages of the youth follow-up. Every page passes the module's door (``gate.py``):
switched on, a coordinator grant (or, for the dashboard, node staff), and a recent TOTP
code. Every page that shows a person logs the read."""

from __future__ import annotations

import csv
import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kunskapsnod.spreadsheets import csv_text
from kunskapsnod.youth import access, aggregates, identity, otp
from kunskapsnod.youth.forms import (
    ConsentForm,
    ContactForm,
    EndEnrolmentForm,
    EnrolForm,
    FlagFollowUpForm,
    HalfYearForm,
    KaaForm,
    MeasureForm,
    PeriodForm,
    PersonForm,
    SensitiveNoteForm,
    StepForm,
)
from kunskapsnod.youth.gate import module_page, protected_page
from kunskapsnod.youth.models import AccessLog, KaaStatus, Module
from kunskapsnod.youth.services import YouthError, people, progress
from kunskapsnod.youth.services.flags import follow_up_flag
from kunskapsnod.youth.services.log import export_person_log, log_access, log_read, person_log

PAGE_SIZE = 50


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else default


# --- TOTP ------------------------------------------------------------------------------


@module_page
def otp_setup(request):
    device = otp.device_for(request.user)
    if device is not None and device.confirmed:
        return redirect("youth:otp_verify")
    device = otp.start_enrolment(request.user)
    if request.method == "POST" and otp.verify(request, request.POST.get("code", "")):
        messages.success(request, _("Tvåstegsverifieringen är aktiverad."))
        return redirect(_next_url(request, "youth:index"))
    error = request.method == "POST"
    context = {"qr": otp.qr_svg(device), "secret": otp.secret_text(device), "error": error}
    return render(request, "youth/otp_setup.html", context, status=400 if error else 200)


@module_page
def otp_verify(request):
    device = otp.device_for(request.user)
    if device is None or not device.confirmed:
        return redirect("youth:otp_setup")
    if request.method == "POST":
        if otp.verify(request, request.POST.get("code", "")):
            return redirect(_next_url(request, "youth:index"))
        return render(request, "youth/otp_verify.html", {"error": True}, status=400)
    return render(request, "youth/otp_verify.html", {"error": False})


# --- Overview and people ----------------------------------------------------------------


@protected_page
def index(request):
    municipalities = access.coordinator_municipalities(request.user)
    context = {
        "municipalities": municipalities,
        "people_count": access.people_for(request.user).active().count(),
        "open_flags": access.get_open_flag_count(request.user),
        "open_conflicts": access.conflicts_for(request.user).open().count(),
        "is_coordinator": municipalities.exists(),
    }
    return render(request, "youth/index.html", context)


@protected_page
def person_list(request):
    access.require_coordinator(request.user)
    found = access.people_for(request.user).active().select_related("municipality", "kaa").order_by("name", "pk")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        found = _search(found, query)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("sida"))
    for municipality in access.coordinator_municipalities(request.user):
        log_access(actor=request.user, action=AccessLog.Action.READ, what="lista över unga", municipality=municipality)
    return render(request, "youth/person_list.html", {"page": page, "query": query})


def _search(people_qs, query: str):
    """By name, or by identity number through its keyed hash (never by decrypting)."""
    try:
        number = identity.parse(query)
    except identity.InvalidIdentityNumber:
        return people_qs.filter(name__icontains=query)
    return people_qs.filter(match_key=identity.match_key(number.canonical))


@protected_page
def person_create(request):
    access.require_coordinator(request.user)
    form = PersonForm(request.POST or None, municipalities=access.coordinator_municipalities(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            person = people.save_person(actor=request.user, **form.cleaned_data)
        except YouthError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("youth:person", pk=person.pk)
    return render(request, "youth/form.html", {"form": form, "title": _("Registrera en ung person")})


@protected_page
def person_detail(request, pk):
    person = access.get_person_for_user(request.user, pk)
    show_number = request.GET.get("visa") == "personnummer"
    log_read(actor=request.user, person=person, what="personnummer" if show_number else "personens sida")
    number = identity.decrypt(person.identity_encrypted) if person.identity_encrypted else ""
    enrolments = person.enrolments.select_related("scale", "organisation").prefetch_related(
        "step_changes__step", "step_changes__recorded_by", "scale__steps"
    )
    context = {
        "person": person,
        "kaa": getattr(person, "kaa", None),
        "number": number if show_number else (f"{number[:8]}-****" if number else ""),
        "show_number": show_number,
        "measures": person.measures.all(),
        "contacts": person.contacts.select_related("recorded_by"),
        "consents": person.consents.all(),
        "notes": person.sensitive_notes.select_related("consent"),
        "enrolments": enrolments,
        "forms": _person_forms(request.user, person),
        "statuses": KaaStatus.choices,
        "open_conflicts": person.import_conflicts.filter(resolution="").count(),
    }
    return render(request, "youth/person_detail.html", context)


def _person_forms(user, person) -> dict:
    kaa = getattr(person, "kaa", None)
    today = timezone.localdate()
    return {
        "kaa": KaaForm(initial={"status": kaa.status, "plan": kaa.plan, "goal": kaa.goal,
                                "registered_on": kaa.registered_on, "ended_on": kaa.ended_on}
                       if kaa else {"status": KaaStatus.NEW, "registered_on": today}),
        "measure": MeasureForm(initial={"starts_on": today}, prefix="measure"),
        "contact": ContactForm(initial={"date": today}, prefix="contact"),
        "consent": ConsentForm(initial={"given_on": today}, prefix="consent"),
        "note": SensitiveNoteForm(prefix="note"),
        "enrol": _enrol_form(user, person, initial={"started_on": today}),
    }  # fmt: skip


def _enrol_form(user, person, data=None, **kwargs):
    from kunskapsnod.regions.models import Organisation

    organisations = Organisation.objects.filter(pk=person.municipality_id) | Organisation.objects.filter(
        member_links__member=person.municipality_id
    )
    return EnrolForm(
        data, organisations=organisations.distinct(), scales=access.scales_for(user), prefix="enrol", **kwargs
    )


def _post_form(request, pk, make_form, save, done: str):
    """A form posted from the person's page: ``make_form(person)`` binds it, ``save(person,
    form)`` calls the service; errors come back as a message on the page (the forms are
    small enough to retype)."""
    if request.method != "POST":
        return redirect("youth:person", pk=pk)
    person = access.get_person_for_user(request.user, pk)
    form = make_form(person)
    try:
        if not form.is_valid():
            raise _invalid(form)
        save(person, form)
    except YouthError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("youth:person", pk=person.pk)


def _invalid(form) -> YouthError:
    return YouthError(" ".join(str(e) for errors in form.errors.values() for e in errors))


@protected_page
def person_edit(request, pk):
    person = access.get_person_for_user(request.user, pk)
    initial = {"municipality": person.municipality, "identity_number": identity.decrypt(person.identity_encrypted),
               "name": person.name, "gender": person.gender, "last_school": person.last_school}  # fmt: skip
    own = access.coordinator_municipalities(request.user).filter(pk=person.municipality_id)
    form = PersonForm(request.POST or None, initial=initial, municipalities=own)
    if request.method == "POST" and form.is_valid():
        try:
            people.save_person(actor=request.user, person=person, **form.cleaned_data)
        except YouthError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("youth:person", pk=person.pk)
    else:
        log_read(actor=request.user, person=person, what="redigera personens uppgifter")
    return render(request, "youth/form.html", {"form": form, "title": _("Ändra uppgifter"), "person": person})


@protected_page
def kaa_save(request, pk):
    return _post_form(
        request, pk, lambda person: KaaForm(request.POST),
        lambda person, form: people.save_kaa(actor=request.user, person=person, **form.cleaned_data),
        _("KAA-planen är sparad."),
    )  # fmt: skip


@protected_page
def measure_add(request, pk):
    return _post_form(
        request, pk, lambda person: MeasureForm(request.POST, prefix="measure", instance=_new(person, "measures")),
        lambda person, form: people.save_measure(actor=request.user, measure=form.instance),
        _("Åtgärden är sparad."),
    )  # fmt: skip


def _new(person, relation):
    return getattr(person, relation).model(person=person)


@protected_page
def measure_edit(request, pk):
    measure = access.get_measure_for_user(request.user, pk)
    form = MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        try:
            people.save_measure(actor=request.user, measure=form.instance)
        except YouthError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("youth:person", pk=measure.person_id)
    log_read(actor=request.user, person=measure.person, what="åtgärd i planen")
    return render(request, "youth/form.html", {"form": form, "title": _("Ändra åtgärd"), "person": measure.person})


@protected_page
def contact_add(request, pk):
    return _post_form(
        request, pk, lambda person: ContactForm(request.POST, prefix="contact", instance=_new(person, "contacts")),
        lambda person, form: people.log_contact(actor=request.user, contact=form.instance),
        _("Kontaktförsöket är loggat."),
    )  # fmt: skip


@protected_page
def consent_add(request, pk):
    return _post_form(
        request, pk, lambda person: ConsentForm(request.POST, prefix="consent", instance=_new(person, "consents")),
        lambda person, form: people.record_consent(actor=request.user, consent=form.instance),
        _("Samtycket är dokumenterat."),
    )  # fmt: skip


@protected_page
@require_POST
def consent_withdraw(request, pk):
    consent = access.get_consent_for_user(request.user, pk)
    people.withdraw_consent(actor=request.user, consent=consent)
    messages.success(request, _("Samtycket är återkallat och anteckningarna det gällde är raderade."))
    return redirect("youth:person", pk=consent.person_id)


@protected_page
def note_add(request, pk):
    return _post_form(
        request, pk, lambda person: SensitiveNoteForm(request.POST, prefix="note"),
        lambda person, form: people.add_sensitive_note(actor=request.user, person=person, **form.cleaned_data),
        _("Anteckningen är sparad."),
    )  # fmt: skip


@protected_page
def enrol(request, pk):
    return _post_form(
        request, pk, lambda person: _enrol_form(request.user, person, request.POST),
        lambda person, form: progress.enrol(actor=request.user, person=person, **form.cleaned_data),
        _("Inskrivningen är sparad."),
    )  # fmt: skip


@protected_page
def enrolment_detail(request, pk):
    enrolment = access.get_enrolment_for_user(request.user, pk)
    steps = enrolment.scale.steps.all()
    step_form = StepForm(request.POST if "step" in request.POST else None, steps=steps,
                         initial={"date": timezone.localdate()})  # fmt: skip
    end_form = EndEnrolmentForm(request.POST if "outcome" in request.POST else None,
                                initial={"ended_on": timezone.localdate()})  # fmt: skip
    try:
        if step_form.is_bound and step_form.is_valid():
            progress.record_step(actor=request.user, enrolment=enrolment, **step_form.cleaned_data)
            return redirect("youth:enrolment", pk=enrolment.pk)
        if end_form.is_bound and end_form.is_valid():
            progress.end_enrolment(actor=request.user, enrolment=enrolment, **end_form.cleaned_data)
            return redirect("youth:enrolment", pk=enrolment.pk)
    except YouthError as exc:
        messages.error(request, str(exc))
    log_read(actor=request.user, person=enrolment.person, what="inskrivning och steg")
    context = {"enrolment": enrolment, "changes": enrolment.step_changes.select_related("step", "recorded_by"),
               "step_form": step_form, "end_form": end_form}  # fmt: skip
    return render(request, "youth/enrolment.html", context)


@protected_page
def person_log_view(request, pk):
    """The person's own log: who read or changed what, and when; exportable as CSV."""
    person = access.get_person_for_user(request.user, pk)
    if request.GET.get("format") == "csv":
        return _log_csv(export_person_log(actor=request.user, person=person), f"logg-{person.pk}.csv")
    log_read(actor=request.user, person=person, what="personens logg")
    return render(request, "youth/person_log.html", {"person": person, "entries": person_log(person)})


def _log_csv(rows: list[dict], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(["tid", "vem", "handling", "vad"])
    writer.writerows([csv_text(v) for v in row.values()] for row in rows)
    return response


# --- Registers and dashboards ------------------------------------------------------------


@protected_page
def kaa_counts(request):
    municipalities = access.coordinator_municipalities(request.user)
    access.require_coordinator(request.user)
    today = timezone.localdate()
    default = {"municipality": municipalities.first(), "year": today.year, "half": 1 if today.month <= 6 else 2}
    form = HalfYearForm(request.GET or default, municipalities=municipalities)
    counts = None
    if form.is_valid():
        data = form.cleaned_data
        counts = aggregates.kaa_counts(
            municipality=data["municipality"], year=data["year"], half=data["half"], minimum=1
        )
    context = {"form": form, "counts": counts, "labels": dict(KaaStatus.choices)}
    return render(request, "youth/kaa_counts.html", context)


def dashboard_figures(user, params) -> tuple[PeriodForm, dict | None]:
    """The dashboard's form and figures, shared by the page and its JSON twin. Coordinators
    see their municipality's figures in full; everyone else the suppressed ones."""
    organisations = access.dashboard_organisations(user)
    today = timezone.localdate()
    form = PeriodForm(params or None, organisations=organisations)
    if not form.is_valid() and form.is_bound:
        return form, None
    data = form.cleaned_data if form.is_bound else {}
    organisation = data.get("organisation") or organisations.first()
    if organisation is None:
        return form, None
    start = data.get("start") or datetime.date(today.year, 1, 1)
    end = data.get("end") or today
    if end < start:
        form.add_error("end", _("Slutet ligger före starten."))
        return form, None
    full = access.is_coordinator(user, organisation)
    figures = aggregates.progress(organisations=[organisation], start=start, end=end, module=data.get("module") or "",
                                  minimum=1 if full else None)  # fmt: skip
    return form, {**figures, "organisation": organisation.name, "suppressed": not full}


@protected_page
def dashboard(request):
    form, figures = dashboard_figures(request.user, request.GET)
    context = {"form": form, "figures": figures, "modules": dict(Module.choices)}
    return render(request, "youth/dashboard.html", context)


@protected_page
def flag_detail(request, pk):
    flag = access.get_flag_for_user(request.user, pk)
    dates = {"investigation_opened_on": flag.investigation_opened_on, "home_informed_on": flag.home_informed_on}
    form = FlagFollowUpForm(request.POST or None, initial=dates)
    if request.method == "POST" and form.is_valid():
        follow_up_flag(actor=request.user, flag=flag, **form.cleaned_data)
        messages.success(request, _("Uppföljningen är sparad."))
        return redirect("youth:absence")
    pupil = identity.decrypt(flag.record.pupil_encrypted) if flag.record.pupil_encrypted else ""
    log_access(actor=request.user, action=AccessLog.Action.READ, what=f"flagga {flag.pk}",
               municipality=flag.record.municipality)  # fmt: skip
    return render(request, "youth/flag.html", {"flag": flag, "form": form, "pupil": pupil})
