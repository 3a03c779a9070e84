"""JSON twins of the follow-up pages, for signed-in users (the router is added with
``django_auth``). Participants' names and e-mail addresses are answered only to those who
may change the event; everyone else gets the counts."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from kunskapsnod.followup.access import (
    check_year,
    get_association_or_404,
    get_event_for_user,
    get_import_for_user,
    get_report_for_user,
)
from kunskapsnod.followup.models import GeneratedReport
from kunskapsnod.followup.services import plans, unknown_organisations
from kunskapsnod.followup.services.coverage import association_events, coverage
from kunskapsnod.followup.services.rendering import sentences
from kunskapsnod.regions.permissions import can_change

router = Router(tags=["uppföljning"])


@router.get("/uppfoljning/{slug}/{year}/plan")
def plan(request: HttpRequest, slug: str, year: int) -> dict[str, Any]:
    association = get_association_or_404(slug)
    found = plans.plan_for(association, check_year(year))
    working = plans.activity_records(found)
    decision = plans.latest_decision(found)
    diff = plans.plan_diff(decision.activities, working) if decision else None
    return {
        "association": association.name,
        "year": year,
        "activities": working,
        "decision": _decision(decision),
        "changes_since_decision": None
        if diff is None
        else {
            "added": [r["id"] for r in diff.added],
            "removed": [r["id"] for r in diff.removed],
            "changed": [
                {"id": r["id"], "fields": [{"field": c.label, "before": c.before, "after": c.after} for c in changes]}
                for r, changes in diff.changed
            ],
        },
        "needs_without_activity": [
            {"id": p.pk, "municipality": p.municipality.name, "rank": p.rank, "text": p.text}
            for p in plans.needs_without_activity(found, association)
        ],
    }


def _decision(decision) -> dict | None:
    if decision is None:
        return None
    return {
        "version": decision.version,
        "decided_on": decision.decided_on.isoformat(),
        "decided_by": decision.decided_by,
    }


@router.get("/uppfoljning/{slug}/{year}/plan/beslutad")
def decided_plan(request: HttpRequest, slug: str, year: int) -> dict[str, Any]:
    association = get_association_or_404(slug)
    decision = plans.latest_decision(plans.plan_for(association, check_year(year)))
    return {"decision": _decision(decision), "activities": decision.activities if decision else []}


@router.get("/uppfoljning/{slug}/{year}/deltagare")
def participants(request: HttpRequest, slug: str, year: int) -> dict[str, Any]:
    found = coverage(get_association_or_404(slug), check_year(year))
    return {
        "association": found.association.name,
        "year": year,
        "events": len(found.events),
        "participants": found.participants,
        "members_reached": [m.name for m in found.members_reached],
        "members_not_reached": [m.name for m in found.members_not_reached],
        "members_never_reached": [m.name for m in found.members_never_reached],
        "county": found.county.name if found.county else None,
        "county_municipalities": found.county_municipalities,
        "county_reached": [m.name for m in found.county_reached],
        "county_not_reached": [m.name for m in found.county_not_reached],
        "by_actor_group": [{"group": s.key, "label": s.label, "count": s.count} for s in found.by_group],
        "by_association": [{"association": s.label or None, "count": s.count} for s in found.by_association],
        "years": [
            {
                "year": r.year,
                "events": r.events,
                "participants": r.participants,
                "members_reached": r.members_reached,
                "county_reached": r.county_reached,
                "by_actor_group": r.groups,
            }
            for r in found.years
        ],
    }


@router.get("/uppfoljning/{slug}/evenemang")
def events(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    found = association_events(get_association_or_404(slug)).select_related("organiser").order_by("-date", "title")
    return [_event(e) for e in found]


def _event(event) -> dict[str, Any]:
    return {
        "id": event.pk,
        "title": event.title,
        "kind": event.kind,
        "date": event.date.isoformat(),
        "organiser": event.organiser.name,
        "place": event.place,
    }


@router.get("/uppfoljning/evenemang/{pk}")
def event(request: HttpRequest, pk: int) -> dict[str, Any]:
    found = get_event_for_user(request.user, pk)
    personal = can_change(request.user, found.organiser_id)
    rows = found.participants.select_related("municipality", "organisation")
    return {
        **_event(found),
        "participants": [
            {
                **({"name": p.name, "email": p.email} if personal else {}),
                "organisation": p.organisation_name,
                "municipality": p.municipality.name if p.municipality else None,
                "actor_group": p.actor_group,
                "role": p.role,
            }
            for p in rows
        ],
    }


@router.get("/uppfoljning/deltagarlista/{pk}")
def participant_list(request: HttpRequest, pk: int) -> dict[str, Any]:
    pending = get_import_for_user(request.user, pk)
    return {
        "event": pending.event_id,
        "file": pending.file_name,
        "rows": len(pending.rows),
        "errors": pending.errors,
        "unknown_organisations": [
            {"name": u.name, "rows": u.rows, "suggested_group": u.guess} for u in unknown_organisations(pending)
        ],
    }


@router.get("/uppfoljning/{slug}/{year}/arsrapport")
def reports(request: HttpRequest, slug: str, year: int) -> list[dict[str, Any]]:
    association = get_association_or_404(slug)
    found = GeneratedReport.objects.filter(association=association, year=check_year(year)).defer(
        "html", "pdf", "inputs"
    )
    return [_report(r) for r in found]


def _report(report: GeneratedReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "association": report.association.name,
        "year": report.year,
        "generated_at": report.generated_at.isoformat(),
        "inputs_hash": report.inputs_hash,
    }


@router.get("/uppfoljning/arsrapport/{pk}")
def report(request: HttpRequest, pk: int) -> dict[str, Any]:
    found = get_report_for_user(request.user, pk)
    written = sentences(found.inputs)
    return {
        **_report(found),
        "sentences": [
            {"code": figure["code"], "sentence": sentence}
            for figure, sentence in zip(found.inputs["indicators"], written, strict=True)
        ],
        "inputs": found.inputs,
    }
