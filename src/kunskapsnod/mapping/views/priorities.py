"""The combined sub-regional priorities, their classification and their link to needs."""

from django.contrib import messages
from django.db.models import F
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kunskapsnod.mapping import services
from kunskapsnod.mapping.access import get_priority_for_user, writable_municipalities
from kunskapsnod.mapping.forms import PriorityClassifyForm, PriorityNeedForm
from kunskapsnod.mapping.models import Priority
from kunskapsnod.mapping.services.analysis import combined_priorities
from kunskapsnod.mapping.views.analysis import in_scope, needs_model, scoped
from kunskapsnod.regions.models import OrganisationKind
from kunskapsnod.regions.permissions import require_write_access


@needs_model
def priorities(request):
    form, model = scoped(request)
    overview = combined_priorities(model=model, municipalities=form.municipalities())
    context = {
        "form": form,
        "model": model,
        "overview": overview,
        "scope": form.query(),
        "scope_label": form.scope_label(),
        "can_classify": writable_municipalities(request.user).exists(),
    }
    return render(request, "mapping/priorities.html", context)


@needs_model
def priority_classify(request):
    form, model = scoped(request)
    # A page for classifying, not for reading (the combined priorities show the themes).
    require_write_access(request.user, kind=OrganisationKind.MUNICIPALITY, what="klassificera prioriteringar")
    shown = in_scope(Priority.objects.select_related("municipality", "source"), form)
    writable = shown.filter(municipality__in=writable_municipalities(request.user))
    bulk = PriorityClassifyForm(request.POST or None, model=model, priorities=writable)
    if request.method == "POST" and bulk.is_valid():
        count = services.classify_priorities(
            actor=request.user,
            priorities=list(bulk.cleaned_data["priorities"]),
            model=model,
            themes=list(bulk.cleaned_data["themes"]),
        )
        messages.success(request, _("%(n)s prioriteringar klassificerades.") % {"n": count})
        return redirect(f"{request.path}?{form.query()}")
    context = {
        "form": form,
        "model": model,
        "bulk": bulk,
        "scope": form.query(),
        # Each list in rank order with its sub-items right under their priority.
        "priorities": shown.prefetch_related("themes").order_by(
            "municipality__name",
            "source__date",
            "source_id",
            Coalesce("rank", "parent__rank"),
            F("parent_id").asc(nulls_first=True),
            "position",
        ),
        "writable_ids": set(writable.values_list("pk", flat=True)),
    }
    return render(request, "mapping/priority_classify.html", context)


def priority_need(request, pk):
    priority = get_priority_for_user(request.user, pk, write=True)
    form = PriorityNeedForm(request.POST or None, priority=priority)
    if request.method == "POST" and form.is_valid():
        services.link_priority_to_need(actor=request.user, priority=priority, need=form.cleaned_data["need"])
        messages.success(request, _("Kopplingen är sparad."))
        return redirect("mapping:municipality", slug=priority.municipality.slug)
    return render(request, "mapping/priority_need.html", {"form": form, "priority": priority})
