"""The annual report of an association: the inputs gathered from the platform (statistics,
the activity plan, meetings, events, workshops, the knowledge bank, the survey, the texts
staff wrote), and the report generated from them as HTML and PDF.

The inputs are plain JSON and the report is a function of them alone: no clock, no
database read and no random identifier while rendering, so the same data gives the same
report byte for byte (the stored ``inputs_hash`` says when two reports rest on the same
data)."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_noop, override

from kunskapsnod.followup.models import ActivityStatus, GeneratedReport, ReportText
from kunskapsnod.followup.services import coverage as coverage_service
from kunskapsnod.followup.services import plans
from kunskapsnod.indicators.analysis.comparison import compare
from kunskapsnod.indicators.analysis.keyfigures import key_indicators, short_title
from kunskapsnod.indicators.charts import retrieval_label
from kunskapsnod.indicators.models import Indicator
from kunskapsnod.regions.models import Meeting, Organisation
from kunskapsnod.regions.permissions import require_change

WHAT = gettext_noop("årsrapporten")
COUNTRY_ID = "0000"
TREND_YEARS = 5  # a key figure's development: from up to five years before its latest


def report_indicators() -> list[Indicator]:
    return key_indicators()


def build_inputs(association: Organisation, year: int) -> dict[str, Any]:
    """Everything the report of ``association`` for ``year`` says, as plain data."""
    members = list(Organisation.objects.members_of(association))
    texts = ReportText.objects.filter(association=association, year=year).first()
    with override("sv"):
        return {
            "association": {"name": association.name, "slug": association.slug},
            "year": year,
            "members": [m.name for m in members],
            "texts": {
                "foreword": texts.foreword if texts else "",
                "conclusions": texts.conclusions if texts else "",
            },
            "indicators": _indicators(association, members, year),
            "plan": _plan(association, year),
            "meetings": _meetings(association, members, year),
            "events": _events(association, year),
            "workshops": _workshops(association, members, year),
            "knowledge": _knowledge(association, members, year),
            "survey": _survey(association, year),
        }


def inputs_hash(inputs: dict) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@transaction.atomic
def save_report_texts(
    *, actor: Any, association: Organisation, year: int, foreword: str, conclusions: str
) -> ReportText:
    require_change(actor, association, what=WHAT)
    text, _created = ReportText.objects.get_or_create(association=association, year=year)
    text.foreword, text.conclusions = foreword, conclusions
    text.full_clean(exclude=["association"])
    text.save()
    return text


@transaction.atomic
def generate_report(*, actor: Any, association: Organisation, year: int) -> GeneratedReport:
    """Gather the inputs, render HTML and PDF, and store all three with the date."""
    from kunskapsnod.followup.services.rendering import render_report

    require_change(actor, association, what=WHAT)
    inputs = build_inputs(association, year)
    html, pdf = render_report(inputs)
    return GeneratedReport.objects.create(
        association=association,
        year=year,
        generated_by=actor if getattr(actor, "pk", None) else None,
        inputs=inputs,
        inputs_hash=inputs_hash(inputs),
        html=html,
        pdf=pdf,
    )


# --- The sections' inputs ---------------------------------------------------------------


def _indicators(association: Organisation, members: list[Organisation], year: int) -> list[dict]:
    indicators = report_indicators()
    county = coverage_service.county_of(members)
    country = Organisation.objects.filter(kolada_id=COUNTRY_ID).first()
    areas = [a for a in (association, county, country) if a is not None]
    comparison = compare(indicators, areas=areas)
    result = []
    for item in comparison.indicators:
        by_kind = {s.kind: s for s in item.series}
        own = by_kind.get("forbund")
        periods = [p for p in item.periods if p <= year]
        mine = _values(own, periods)
        latest = max((int(p) for p in mine), default=None)
        first = min((int(p) for p in mine if latest is not None and int(p) >= latest - TREND_YEARS), default=None)
        indicator = item.indicator
        result.append(
            {
                "code": indicator.code,
                "title": indicator.title,
                "short_title": short_title(indicator),
                "percentage": indicator.is_percentage,
                "higher_is_better": indicator.higher_is_better,
                "discontinued": indicator.is_discontinued,
                "members": len(members),
                "counts": {str(p): a.count for p, a in (own.aggregates.items() if own else []) if p <= year},
                "association": mine,
                "county": _values(by_kind.get("lan"), periods),
                "country": _values(by_kind.get("riket"), periods),
                "county_name": county.name if county else "",
                "first_period": first,
                "source": retrieval_label(comparison.fetched_years, [indicator]),
            }
        )
    return result


def _values(series, periods: list[int]) -> dict[str, float]:
    """A series' numbers by year (as text: JSON keys), the years without one left out."""
    if series is None:
        return {}
    return {str(p): m.number for p in periods if (m := series.measure(p)) is not None and m.number is not None}


def _plan(association: Organisation, year: int) -> dict:
    plan = plans.plan_for(association, year)
    working = plans.activity_records(plan)
    decision = plans.latest_decision(plan)
    current = {r["id"]: r for r in working}
    decided = decision.activities if decision else []
    rows = [
        {
            "title": r["title"],
            "focus_area": r["focus_area"],
            "strategy": plans.display_value("strategy", r["strategy"]),
            "planned": r["status"],
            "status": current[r["id"]]["status"] if r["id"] in current else "",
            "outcome": current[r["id"]]["outcome"] if r["id"] in current else "",
        }
        for r in decided
    ]
    decided_ids = {r["id"] for r in decided}
    return {
        "decision": (
            {
                "version": decision.version,
                "decided_on": decision.decided_on.isoformat(),
                "decided_by": decision.decided_by,
            }
            if decision
            else None
        ),
        "decided": rows,
        "decided_status": plans.status_counts([current[i] for i in decided_ids if i in current]),
        "removed": sum(1 for r in decided if r["id"] not in current),
        "added": [
            {"title": r["title"], "status": r["status"], "outcome": r["outcome"]}
            for r in working
            if r["id"] not in decided_ids
        ],
        "working_status": plans.status_counts(working),
        "statuses": {s.value: str(s.label) for s in ActivityStatus},
    }


def _meetings(association: Organisation, members: list[Organisation], year: int) -> dict:
    meetings = Meeting.objects.filter(
        Q(organiser=association) | Q(organiser__in=members) | Q(municipality__in=members), date__year=year
    ).distinct()
    totals = Meeting.objects.filter(pk__in=meetings.values("pk")).aggregate(
        count=Count("pk"), participants=Sum("participant_count")
    )
    attendees = Meeting.attendees.through.objects.filter(meeting__in=meetings.values("pk"))
    return {
        "count": totals["count"] or 0,
        "participants": totals["participants"] or 0,
        "officials": attendees.values("person_id").distinct().count(),
        "organisations": sorted(set(attendees.values_list("person__organisation__name", flat=True))),
        "municipalities": sorted(
            set(meetings.exclude(municipality__isnull=True).values_list("municipality__name", flat=True))
        ),
    }


def _events(association: Organisation, year: int) -> dict:
    found = coverage_service.coverage(association, year)
    previous = found.previous
    return {
        "count": len(found.events),
        "participants": found.participants,
        "list": [
            {"date": e.date.isoformat(), "title": e.title, "kind": e.get_kind_display(), "organiser": e.organiser.name}
            for e in found.events
        ],
        "members_reached": [m.name for m in found.members_reached],
        "members_not_reached": [m.name for m in found.members_not_reached],
        "county_name": found.county.name if found.county else "",
        "county_total": found.county_municipalities,
        "county_reached": len(found.county_reached),
        "by_group": [[s.label, s.count] for s in found.by_group],
        "by_association": [[s.label, s.count] for s in found.by_association],
        "previous": {"year": previous.year, "participants": previous.participants} if previous else None,
    }


def _workshops(association: Organisation, members: list[Organisation], year: int) -> list[dict]:
    from kunskapsnod.mapping.models import Priority
    from kunskapsnod.workshops.models import Workshop
    from kunskapsnod.workshops.services import workshop_ref

    workshops = list(
        Workshop.objects.filter(organisation__in=[association, *members], created_at__year=year)
        .select_related("organisation")
        .order_by("created_at", "pk")
    )
    refs = {workshop_ref(w): w for w in workshops}
    priorities: dict[str, list[str]] = {ref: [] for ref in refs}
    for ref, rank, text in (
        Priority.objects.filter(source__workshop_ref__in=list(refs), parent__isnull=True)
        .order_by("source__workshop_ref", "rank")
        .values_list("source__workshop_ref", "rank", "text")
    ):
        priorities[str(ref)].append(f"{rank}. {text}")
    return [
        {
            "title": w.title,
            "date": w.created_at.date().isoformat(),
            "organisation": w.organisation.name,
            "priorities": priorities[ref],
        }
        for ref, w in refs.items()
    ]


def _knowledge(association: Organisation, members: list[Organisation], year: int) -> dict:
    try:
        from kunskapsnod.knowledge.models import Entry
    except ImportError:  # pragma: no cover - the knowledge bank is an optional module
        return {"available": False, "entries": []}
    entries = (
        Entry.objects.published_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        .filter(owner__in=[association, *members])
        .select_related("owner")
        .order_by("published_at", "pk")
    )
    return {
        "available": True,
        "entries": [
            {
                "title": e.title,
                "kind": e.get_kind_display(),
                "owner": e.owner.name,
                "published": f"{e.published_at:%Y-%m-%d}",
            }
            for e in entries
        ],
    }


def _survey(association: Organisation, year: int) -> dict:
    """The survey module's aggregated results (its small-group rule applied there)."""
    try:
        from kunskapsnod.surveys.services import results_for_report
    except ImportError:  # the survey module is not installed here
        return {"available": False, "results": None}
    results = results_for_report(organisation=association, year=year)
    if results is None:
        return {"available": True, "results": None}
    return {"available": True, "results": json.loads(json.dumps(dataclasses.asdict(results), default=str))}
