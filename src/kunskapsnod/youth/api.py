"""JSON twins of the youth pages, behind the same door (``gate.check_api``): the module
switched on, a coordinator grant (node staff: the dashboard only) and a TOTP-verified
session. Reads of a person are logged as on the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from kunskapsnod.apiparams import Offset
from kunskapsnod.youth import access, aggregates
from kunskapsnod.youth.gate import check_api
from kunskapsnod.youth.models import SchoolThreshold
from kunskapsnod.youth.services.conflicts import conflict_overview
from kunskapsnod.youth.services.log import log_access, log_read, person_log
from kunskapsnod.youth.views.people import dashboard_figures

router = Router(tags=["individuppföljning"])
MAX_ROWS = 200


class PersonOut(Schema):
    id: int
    name: str
    birth_year: int
    gender: str
    municipality: str
    kaa_status: str | None


class LogOut(Schema):
    at: datetime.datetime
    user: str
    action: str
    what: str


class FlagOut(Schema):
    id: int
    school: str
    period: str
    rule: str
    reason: str
    investigation_opened_on: datetime.date | None
    home_informed_on: datetime.date | None


def _person(person: Any) -> dict[str, Any]:
    kaa = getattr(person, "kaa", None)
    return {
        "id": person.pk, "name": person.name, "birth_year": person.birth_year, "gender": person.gender,
        "municipality": person.municipality.name, "kaa_status": kaa.status if kaa else None,
    }  # fmt: skip


@router.get("/youth/people", response=list[PersonOut])
def people(request: HttpRequest, offset: Offset = 0) -> list[dict[str, Any]]:
    check_api(request)
    access.require_coordinator(request.user)
    found = (
        access.people_for(request.user)
        .filter(anonymised_at__isnull=True)
        .select_related("municipality", "kaa")
        .order_by("name", "pk")
    )
    for municipality in access.coordinator_municipalities(request.user):
        log_access(actor=request.user, action="read", what="lista över unga (API)", municipality=municipality)
    return [_person(p) for p in found[offset : offset + MAX_ROWS]]


@router.get("/youth/people/{pk}", response=PersonOut)
def person(request: HttpRequest, pk: int) -> dict[str, Any]:
    check_api(request)
    found = access.get_person_for_user(request.user, pk)
    log_read(actor=request.user, person=found, what="personens uppgifter (API)")
    return _person(found)


@router.get("/youth/people/{pk}/log", response=list[LogOut])
def person_log_api(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    check_api(request)
    found = access.get_person_for_user(request.user, pk)
    log_read(actor=request.user, person=found, what="personens logg (API)")
    return [{"at": e.at, "user": e.username, "action": e.action, "what": e.what} for e in person_log(found)]


@router.get("/youth/flags", response=list[FlagOut])
def flags(request: HttpRequest, offset: Offset = 0) -> list[dict[str, Any]]:
    check_api(request)
    access.require_coordinator(request.user)
    rows = access.flags_for(request.user).select_related("record")[offset : offset + MAX_ROWS]
    return [
        {"id": f.pk, "school": f.record.school, "period": f.record.period, "rule": f.rule, "reason": f.reason,
         "investigation_opened_on": f.investigation_opened_on, "home_informed_on": f.home_informed_on}
        for f in rows
    ]  # fmt: skip


class ConflictOut(Schema):
    id: int
    person_id: int
    person: str
    municipality: str
    field: str
    our_value: str
    list_value: str
    found_at: datetime.datetime
    import_id: int
    imported_at: datetime.datetime
    imported_by: str
    resolution: str | None
    resolved_at: datetime.datetime | None
    resolved_by: str | None
    hand_edited_at: datetime.datetime | None
    hand_edited_by: str | None


class ConflictsOut(Schema):
    open_count: int
    open: list[ConflictOut]
    history: list[ConflictOut]


@router.get("/youth/conflicts", response=ConflictsOut)
def conflicts(request: HttpRequest, person: int | None = Query(None, ge=1, le=2**63 - 1)) -> dict[str, Any]:
    """The twin of /unga/kaa/konflikter/: open differences between a KAA list and values
    entered by hand (the first 200), and the latest 50 decisions. Deciding is done on the page."""
    check_api(request)
    access.require_coordinator(request.user)
    return conflict_overview(actor=request.user, person_pk=person, what="importkonflikter (API)")


@router.get("/youth/kaa/counts")
def kaa_counts(request: HttpRequest, year: int = Query(0, ge=0, le=2100), half: int = Query(1, ge=1, le=2)) -> dict:
    check_api(request)
    access.require_coordinator(request.user)
    year = year or timezone.localdate().year
    return {
        "municipalities": [
            {
                "municipality": m.name,
                **aggregates.kaa_counts(municipality=m, year=max(year, 2000), half=half, minimum=1),
            }
            for m in access.coordinator_municipalities(request.user)
        ]
    }


@router.get("/youth/dashboard")
def dashboard(request: HttpRequest) -> dict:
    check_api(request)
    form, figures = dashboard_figures(request.user, request.GET)
    if figures is None:
        raise HttpError(422, "Ogiltig förfrågan" if form.errors else "Ingen organisation att visa")
    return figures


@router.get("/youth/absence/summary")
def absence_summary(request: HttpRequest) -> dict:
    """Pupils, flagged pupils and followed-up flags per school and period."""
    check_api(request)
    access.require_coordinator(request.user)
    return aggregates.absence_summary(organisations=access.coordinator_municipalities(request.user), minimum=1)


@router.get("/youth/thresholds")
def thresholds(request: HttpRequest) -> list[dict[str, Any]]:
    check_api(request)
    access.require_coordinator(request.user)
    rows = SchoolThreshold.objects.filter(municipality__in=access.coordinator_municipalities(request.user))
    fields = ("school", "total_percent", "invalid_percent", "rise_points", "combined_percent", "combined_failed",
              "failed_courses")  # fmt: skip
    return [{name: _plain(getattr(row, name)) for name in fields} for row in rows.order_by("school")]


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


@router.get("/youth/scales")
def scales(request: HttpRequest) -> list[dict[str, Any]]:
    check_api(request)
    return [
        {"id": s.pk, "owner": s.owner.name, "name": s.name, "version": s.version,
         "steps": [step.label for step in s.steps.all()]}
        for s in access.scales_for(request.user).select_related("owner")
    ]  # fmt: skip


@router.get("/youth/enrolments/{pk}")
def enrolment(request: HttpRequest, pk: int) -> dict[str, Any]:
    check_api(request)
    found = access.get_enrolment_for_user(request.user, pk)
    log_read(actor=request.user, person=found.person, what="inskrivning och steg (API)")
    changes = found.step_changes.select_related("step", "recorded_by")
    return {
        "id": found.pk, "module": found.module, "organisation": found.organisation.name, "scale": str(found.scale),
        "started_on": found.started_on, "ended_on": found.ended_on, "outcome": found.outcome or None,
        "steps": [{"date": c.date, "step": c.step.label, "position": c.step.position,
                   "recorded_by": c.recorded_by.get_username() if c.recorded_by else None} for c in changes],
    }  # fmt: skip
