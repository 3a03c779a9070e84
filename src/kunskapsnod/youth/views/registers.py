"""The imports (KAA list, absence), the absence follow-up with its flags and school
thresholds, the step scales and the coordinators of a municipality."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.permissions import can_change, get_for_user_or_404
from kunskapsnod.youth import access, aggregates, earlywarning
from kunskapsnod.youth.forms import GrantForm, ScaleForm, ThresholdForm, UploadForm
from kunskapsnod.youth.gate import protected_page
from kunskapsnod.youth.models import CoordinatorGrant, SchoolThreshold
from kunskapsnod.youth.services import YouthError, imports
from kunskapsnod.youth.services.flags import save_threshold
from kunskapsnod.youth.services.people import grant_coordinator, revoke_coordinator
from kunskapsnod.youth.services.progress import save_scale


def _upload(request, *, title: str, importer, template_help: str, done: str):
    access.require_coordinator(request.user)
    municipalities = access.coordinator_municipalities(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = upload.read(_max_bytes() + 1)
            result = importer(actor=request.user, municipality=form.cleaned_data["municipality"], data=data)
        except YouthError as exc:
            form.add_error("file", str(exc))
        else:
            counts = {"created": result.created, "updated": result.updated, "flags": result.flags,
                      "unchanged": result.unchanged, "conflicts": result.conflicts}  # fmt: skip
            messages.success(request, done % counts)
            return redirect(request.path)
    context = {"form": form, "title": title, "columns": template_help}
    return render(request, "youth/import.html", context, status=400 if form.errors else 200)


def _max_bytes() -> int:
    from django.conf import settings

    return settings.IMPORT_MAX_BYTES


@protected_page
def kaa_import(request):
    return _upload(
        request, title=_("Importera KAA-lista"), importer=imports.import_kaa_list,
        template_help=_("personnummer; namn; födelsedatum; senaste skola; status (valfri); kön (valfri)"),
        done=_("Importen är klar: %(created)s nya, %(updated)s uppdaterade och %(unchanged)s oförändrade. "
               "Skillnader mot värden som skrivits in för hand och som väntar på beslut: %(conflicts)s."),
    )  # fmt: skip


@protected_page
def absence_import(request):
    return _upload(
        request, title=_("Importera frånvaro"), importer=imports.import_absence,
        template_help=_("elev-id; skola; period; schemalagda lektioner; giltig frånvaro; ogiltig frånvaro; "
                        "underkända kurser eller betyg (valfria)"),
        done=_("Importen är klar: %(created)s nya och %(updated)s ersatta rader, %(flags)s flaggor."),
    )  # fmt: skip


@protected_page
def absence(request):
    access.require_coordinator(request.user)
    flags = access.flags_for(request.user).select_related("record")
    school = request.GET.get("skola", "").strip()[:200]
    if school:
        flags = flags.filter(record__school=school)
    context = {
        "flags": flags[:500],
        "flag_count": flags.count(),
        "school": school,
        "summary": aggregates.absence_summary(organisations=access.coordinator_municipalities(request.user), minimum=1),
        "not_a_diagnosis": _(earlywarning.NOT_A_DIAGNOSIS),
    }
    return render(request, "youth/absence.html", context)


@protected_page
def thresholds(request):
    access.require_coordinator(request.user)
    municipalities = access.coordinator_municipalities(request.user)
    form = ThresholdForm(request.POST or None, instance=SchoolThreshold(municipality=municipalities.first()))
    if request.method == "POST" and form.is_valid():
        existing = SchoolThreshold.objects.filter(municipality=form.instance.municipality, school=form.instance.school)
        threshold = form.instance
        if existing.exists():
            threshold.pk = existing.get().pk
        try:
            save_threshold(actor=request.user, threshold=threshold)
        except YouthError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Gränserna för %(school)s är sparade.") % {"school": threshold.school})
            return redirect("youth:thresholds")
    listed = SchoolThreshold.objects.filter(municipality__in=municipalities)
    return render(request, "youth/thresholds.html", {"form": form, "thresholds": listed})


@protected_page
def scales(request):
    municipalities = access.coordinator_municipalities(request.user)
    owners = Organisation.objects.filter(pk__in=municipalities) | Organisation.objects.filter(
        pk__in=[o.pk for o in access.dashboard_organisations(request.user) if can_change(request.user, o)]
    )
    form = ScaleForm(request.POST or None, owners=owners.distinct())
    if request.method == "POST" and form.is_valid():
        try:
            save_scale(actor=request.user, owner=form.cleaned_data["owner"], name=form.cleaned_data["name"],
                       steps=form.cleaned_data["steps"].splitlines())  # fmt: skip
        except YouthError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("youth:scales")
    return render(request, "youth/scales.html", {"form": form, "scales": access.scales_for(request.user)})


@protected_page
def grants(request):
    access.require_coordinator(request.user)
    municipalities = access.coordinator_municipalities(request.user)
    form = GrantForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        user = get_user_model().objects.filter(username=form.cleaned_data["username"], is_active=True).first()
        try:
            if user is None:
                raise YouthError(_("Det finns ingen sådan användare."))
            grant_coordinator(actor=request.user, user=user, municipality=form.cleaned_data["municipality"])
        except YouthError as exc:
            form.add_error("username", str(exc))
        else:
            return redirect("youth:grants")
    listed = CoordinatorGrant.objects.filter(municipality__in=municipalities).select_related("user", "municipality")
    return render(request, "youth/grants.html", {"form": form, "grants": listed})


@protected_page
@require_POST
def grant_revoke(request, pk):
    queryset = CoordinatorGrant.objects.filter(municipality__in=access.coordinator_municipalities(request.user))
    grant = get_for_user_or_404(request.user, queryset, pk=pk)
    revoke_coordinator(actor=request.user, grant=grant)
    return redirect("youth:grants" if access.is_coordinator(request.user) else "youth:index")
