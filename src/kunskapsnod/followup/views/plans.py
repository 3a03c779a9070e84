"""The activity plan's pages: the follow-up start page, the plan (working copy, its views
and the difference from the decided version), the activity form and the decision."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kunskapsnod.followup import services
from kunskapsnod.followup.access import check_year, get_activity_for_user, get_association_or_404
from kunskapsnod.followup.forms import ActivityForm, DecideForm, PlanViewForm
from kunskapsnod.followup.models import Activity
from kunskapsnod.followup.services import plans
from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.permissions import can_change, require_change


def index(request):
    year = datetime.date.today().year
    associations = [(a, can_change(request.user, a)) for a in Organisation.objects.associations().order_by("name")]
    return render(request, "followup/index.html", {"associations": associations, "year": year})


def plan_context(request, association, year: int) -> dict:
    plan = plans.plan_for(association, year)
    working = plans.activity_records(plan)
    decision = plans.latest_decision(plan)
    view = PlanViewForm(request.GET)
    chosen = view.view()
    groups = {
        "fokus": lambda: plans.by_focus_area(working),
        "strategi": lambda: plans.by_strategy(working),
        "kvartal": lambda: plans.by_quarter(working, year),
    }
    return {
        "association": association,
        "year": year,
        "plan": plan,
        "activities": working,
        "decision": decision,
        "diff": plans.plan_diff(decision.activities, working) if decision else None,
        "view_form": view,
        "view": chosen,
        "groups": groups[chosen]() if chosen in groups else None,
        "needs": plans.needs_without_activity(plan, association) if chosen == "behov" else None,
        "can_edit": can_change(request.user, association),
        "decide_form": DecideForm(initial={"decided_on": datetime.date.today(), "decided_by": "Styrgruppen"}),
        "years": (year - 1, year + 1),
    }


def plan(request, slug, year):
    association = get_association_or_404(slug)
    context = plan_context(request, association, check_year(year))
    template = "followup/plan.html#activities" if request.htmx else "followup/plan.html"
    return render(request, template, context)


def decided_plan(request, slug, year):
    association = get_association_or_404(slug)
    plan = plans.plan_for(association, check_year(year))
    decision = plans.latest_decision(plan)
    context = {
        "association": association,
        "year": year,
        "decision": decision,
        "decisions": list(plan.decisions.order_by("-version")) if plan else [],
        "records": decision.activities if decision else [],
    }
    return render(request, "followup/decided_plan.html", context)


def activity_form(request, slug=None, year=None, pk=None):
    if pk is not None:
        activity = get_activity_for_user(request.user, pk, write=True)
        association, year = activity.plan.association, activity.plan.year
    else:
        association = get_association_or_404(slug)
        year = check_year(year)
        require_change(request.user, association, what="aktivitetsplanen")
        activity = Activity()
    form = ActivityForm(request.POST or None, instance=activity, association=association)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        try:
            if activity.plan_id is None:
                activity.plan = services.get_or_create_plan(actor=request.user, association=association, year=year)
            services.save_activity(
                actor=request.user,
                activity=activity,
                priorities=form.cleaned_data["priorities"],
                municipalities=form.cleaned_data["municipalities"],
            )
        except services.FollowupError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Aktiviteten är sparad i arbetsversionen."))
            return redirect("followup:plan", association.slug, year)
    context = {"form": form, "association": association, "year": year, "activity": activity}
    return render(request, "followup/activity_form.html", context, status=400 if form.errors else 200)


@require_POST
def activity_delete(request, pk):
    activity = get_activity_for_user(request.user, pk, write=True)
    association, year = activity.plan.association, activity.plan.year
    services.delete_activity(actor=request.user, activity=activity)
    messages.success(request, _("Aktiviteten är borttagen ur arbetsversionen; beslutade versioner har den kvar."))
    return redirect("followup:plan", association.slug, year)


@require_POST
def decide(request, slug, year):
    association = get_association_or_404(slug)
    require_change(request.user, association, what="aktivitetsplanen")
    plan = plans.plan_for(association, check_year(year))
    form = DecideForm(request.POST)
    if plan is None:
        messages.error(request, _("Planen har inga aktiviteter att besluta."))
    elif not form.is_valid():
        messages.error(request, _("Ange ett giltigt beslutsdatum."))
    else:
        try:
            decision = services.decide_plan(actor=request.user, plan=plan, **form.cleaned_data)
        except services.FollowupError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Version %(n)s är beslutad och fryst.") % {"n": decision.version})
    return redirect("followup:plan", association.slug, year)
