"""The activity plan: the working copy, the versions the steering group decided, the
difference between them, and the plan's views (by focus area, strategy, quarter, and the
prioritised needs no activity answers)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kunskapsnod.followup.models import (
    YEAR_MAX,
    YEAR_MIN,
    Activity,
    ActivityPlan,
    ActivityStatus,
    PlanDecision,
    Strategy,
)
from kunskapsnod.followup.terms import focus_areas
from kunskapsnod.mapping.models import Priority, Source
from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.permissions import require_change

WHAT = gettext_noop("aktivitetsplanen")


class FollowupError(ValueError):
    """Input the follow-up cannot accept; the message says why, in Swedish."""


def plan_for(association: Organisation, year: int) -> ActivityPlan | None:
    return ActivityPlan.objects.filter(association=association, year=year).first()


@transaction.atomic
def get_or_create_plan(*, actor: Any, association: Organisation, year: int) -> ActivityPlan:
    require_change(actor, association, what=WHAT)
    if not association.is_association:
        raise FollowupError(_("En aktivitetsplan hör till ett kommunalförbund."))
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise FollowupError(_("Året måste ligga mellan %(min)s och %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX})
    plan, _created = ActivityPlan.objects.get_or_create(association=association, year=year)
    return plan


@transaction.atomic
def save_activity(
    *,
    actor: Any,
    activity: Activity,
    priorities: list[Priority] | QuerySet[Priority] | None = None,
    municipalities: list[Organisation] | QuerySet[Organisation] | None = None,
) -> Activity:
    """Create or change an activity of the working copy (a decided version never changes:
    it is a snapshot). Municipalities must be members of the plan's association, the
    needs theirs."""
    plan = ActivityPlan.objects.select_related("association").get(pk=activity.plan_id)
    require_change(actor, plan.association, what=WHAT)
    if activity.pk and Activity.objects.filter(pk=activity.pk).exclude(plan=plan).exists():
        raise FollowupError(_("Aktiviteten hör till en annan plan."))
    members = set(Organisation.objects.members_of(plan.association).values_list("pk", flat=True))
    if municipalities is not None and any(m.pk not in members for m in municipalities):
        raise FollowupError(_("Berörda kommuner måste vara medlemmar i %(name)s.") % {"name": plan.association.name})
    if priorities is not None and any(p.municipality_id not in members for p in priorities):
        raise FollowupError(_("De prioriterade behoven måste vara medlemskommunernas."))
    if activity.focus_area and activity.focus_area not in focus_areas():
        raise FollowupError(_("Okänt fokusområde: %(name)s.") % {"name": activity.focus_area})
    activity.full_clean(exclude=["plan"])
    activity.save()
    if priorities is not None:
        activity.priorities.set(priorities)
    if municipalities is not None:
        activity.municipalities.set(municipalities)
    return activity


@transaction.atomic
def delete_activity(*, actor: Any, activity: Activity) -> None:
    """Remove an activity from the working copy; decided versions keep it."""
    require_change(actor, activity.plan.association, what=WHAT)
    activity.delete()


@transaction.atomic
def decide_plan(*, actor: Any, plan: ActivityPlan, decided_on: datetime.date, decided_by: str = "") -> PlanDecision:
    """Freeze the working copy as the steering group decided it on ``decided_on``."""
    require_change(actor, plan.association, what=WHAT)
    plan = ActivityPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.activities.exists():
        raise FollowupError(_("En tom plan kan inte beslutas: lägg till minst en aktivitet."))
    latest = plan.decisions.order_by("-version").first()
    if latest and decided_on < latest.decided_on:
        raise FollowupError(
            _("Beslutsdatumet kan inte ligga före förra beslutet (%(date)s).")
            % {"date": f"{latest.decided_on:%Y-%m-%d}"}
        )
    decision = PlanDecision(
        plan=plan,
        version=(latest.version + 1) if latest else 1,
        decided_on=decided_on,
        decided_by=decided_by.strip() or "Styrgruppen",
        recorded_by=actor if getattr(actor, "pk", None) else None,
        activities=activity_records(plan),
    )
    decision.full_clean(exclude=["plan", "recorded_by"])
    decision.save()
    return decision


def latest_decision(plan: ActivityPlan | None) -> PlanDecision | None:
    return plan.decisions.order_by("-version").first() if plan else None


# --- Records and the difference -------------------------------------------------------

RECORD_FIELDS = (
    ("title", gettext_noop("Rubrik")),
    ("description", gettext_noop("Beskrivning")),
    ("focus_area", gettext_noop("Fokusområde")),
    ("strategy", gettext_noop("Strategi")),
    ("priorities", gettext_noop("Prioriterade behov")),
    ("municipalities", gettext_noop("Berörda kommuner")),
    ("responsible", gettext_noop("Ansvarig")),
    ("planned_start", gettext_noop("Planerad start")),
    ("planned_end", gettext_noop("Planerat slut")),
    ("actual_start", gettext_noop("Faktisk start")),
    ("actual_end", gettext_noop("Faktiskt slut")),
    ("status", gettext_noop("Status")),
    ("outcome", gettext_noop("Resultat")),
)


def plan_activities(plan: ActivityPlan | None) -> list[Activity]:
    if plan is None:
        return []
    return list(
        plan.activities.prefetch_related("municipalities", "priorities__municipality").order_by(
            "planned_start", "title", "pk"
        )
    )


def activity_record(activity: Activity) -> dict:
    """An activity as plain data: what a decided version freezes and the API returns."""

    def day(value: datetime.date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": activity.pk,
        "title": activity.title,
        "description": activity.description,
        "focus_area": activity.focus_area,
        "strategy": activity.strategy,
        "priorities": sorted(
            (f"{p.municipality.name}: {p.rank}. {p.text}" if p.rank else f"{p.municipality.name}: {p.text}")
            for p in activity.priorities.all()
        ),
        "municipalities": sorted(m.name for m in activity.municipalities.all()),
        "responsible": activity.responsible,
        "planned_start": day(activity.planned_start),
        "planned_end": day(activity.planned_end),
        "actual_start": day(activity.actual_start),
        "actual_end": day(activity.actual_end),
        "status": activity.status,
        "outcome": activity.outcome,
    }


def activity_records(plan: ActivityPlan | None) -> list[dict]:
    return [activity_record(a) for a in plan_activities(plan)]


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class PlanDiff:
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[tuple[dict, list[FieldChange]]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def display_value(key: str, value: Any) -> str:
    """A record's field as a person reads it (status and strategy by their names)."""
    if value in (None, "", []):
        return "–"
    if key == "status":
        return str(ActivityStatus(value).label) if value in ActivityStatus.values else str(value)
    if key == "strategy":
        return str(Strategy(value).label) if value in Strategy.values else str(value)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def plan_diff(decided: list[dict], working: list[dict]) -> PlanDiff:
    """What changed since the decision: activities added, removed, and changed field by
    field (matched on the activity's id)."""
    before = {r["id"]: r for r in decided}
    after = {r["id"]: r for r in working}
    diff = PlanDiff(
        added=[r for r in working if r["id"] not in before],
        removed=[r for r in decided if r["id"] not in after],
    )
    for record in working:
        old = before.get(record["id"])
        if old is None:
            continue
        changes = [
            FieldChange(_(label), display_value(key, old.get(key)), display_value(key, record.get(key)))
            for key, label in RECORD_FIELDS
            if old.get(key) != record.get(key)
        ]
        if changes:
            diff.changed.append((record, changes))
    return diff


# --- The plan's views -------------------------------------------------------------------


def by_focus_area(records: list[dict]) -> list[tuple[str, list[dict]]]:
    return _grouped(records, lambda r: r["focus_area"] or _("Utan fokusområde"))


def by_strategy(records: list[dict]) -> list[tuple[str, list[dict]]]:
    order = {value: index for index, value in enumerate(Strategy.values)}
    ordered = sorted(records, key=lambda r: order.get(r["strategy"], len(order)))
    return _grouped(
        ordered, lambda r: display_value("strategy", r["strategy"]) if r["strategy"] else _("Utan strategi")
    )


def _grouped(records: list[dict], key) -> list[tuple[str, list[dict]]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        groups[key(record)].append(record)
    return list(groups.items())


def by_quarter(records: list[dict], year: int) -> list[tuple[str, list[dict]]]:
    """A timeline: each quarter of ``year`` with the activities planned to run in it (an
    activity over several quarters shows in each), then those without dates."""
    quarters: list[tuple[str, list[dict]]] = [(_("Kvartal %(n)s") % {"n": n}, []) for n in range(1, 5)]
    undated: list[dict] = []
    for record in records:
        span = _quarter_span(record, year)
        if span is None:
            undated.append(record)
            continue
        for index in span:
            quarters[index][1].append(record)
    return [*quarters, (_("Utan planerade datum"), undated)]


def _quarter_span(record: dict, year: int) -> range | None:
    start = record["planned_start"] or record["planned_end"]
    end = record["planned_end"] or record["planned_start"]
    if not start:
        return None
    first, last = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
    if last.year < year or first.year > year:
        return None
    q_first = 0 if first.year < year else (first.month - 1) // 3
    q_last = 3 if last.year > year else (last.month - 1) // 3
    return range(q_first, q_last + 1)


def member_priorities(association: Organisation) -> QuerySet[Priority]:
    """The top-level lines of each member municipality's current ranked list."""
    current = Source.objects.filter(municipality__in=Organisation.objects.members_of(association)).current_lists()
    return Priority.objects.filter(parent__isnull=True, source__in=current).select_related("municipality")


def needs_without_activity(plan: ActivityPlan | None, association: Organisation) -> list[Priority]:
    priorities = member_priorities(association)
    if plan is not None:
        priorities = priorities.exclude(activities__plan=plan)
    return list(priorities.order_by("municipality__name", "rank"))


def status_counts(records: list[dict]) -> dict[str, int]:
    counts = dict.fromkeys(ActivityStatus.values, 0)
    for record in records:
        counts[record["status"]] = counts.get(record["status"], 0) + 1
    return counts
