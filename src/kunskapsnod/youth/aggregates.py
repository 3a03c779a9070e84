"""What the youth module publishes: counts over groups, never a person. Other apps
(statistics, follow-up, reports) may call these functions and nothing else of youth.

Every count below the minimum group size (``KUNSKAPSNOD_YOUTH_MIN_GROUP``, default 5) is
suppressed (``None``), and so is every share computed from it, so a small group in a small
municipality cannot be recognised. Ages read the birth year (age during the year), which
survives anonymisation: a retention run leaves every figure unchanged."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q

from kunskapsnod.regions.models import Organisation
from kunskapsnod.youth.models import AbsenceRecord, Enrolment, Flag, KaaRecord, Outcome, StepChange

GOAL_SHARE = 0.60  # the ESF project's goal: 60 % in studies or work
AGE_GROUPS = ((0, 15, "–15"), (16, 17, "16–17"), (18, 19, "18–19"), (20, 24, "20–24"), (25, 200, "25–"))


def min_group() -> int:
    return max(1, settings.KUNSKAPSNOD_YOUTH_MIN_GROUP)


def suppress(count: int, *, minimum: int | None = None) -> int | None:
    """``count``, or None when it is a group too small to publish (0 is published)."""
    limit = min_group() if minimum is None else minimum
    return count if count == 0 or count >= limit else None


def share(part: int, whole: int, *, minimum: int | None = None) -> float | None:
    if suppress(whole, minimum=minimum) is None or suppress(part, minimum=minimum) is None or whole == 0:
        return None
    return round(part / whole, 3)


def age_group(age: int) -> str:
    return next(label for low, high, label in AGE_GROUPS if low <= age <= high)


def half_year(year: int, half: int) -> tuple[datetime.date, datetime.date]:
    return (datetime.date(year, 1, 1), datetime.date(year, 6, 30)) if half == 1 else (
        datetime.date(year, 7, 1), datetime.date(year, 12, 31))  # fmt: skip


def kaa_counts(*, municipality: Organisation, year: int, half: int, minimum: int | None = None) -> dict:
    """The municipality's half-yearly KAA counts: young people in the register during the
    half-year, by status, by age and by gender."""
    start, end = half_year(year, half)
    records = KaaRecord.objects.filter(person__municipality=municipality, registered_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    rows = list(records.values_list("status", "person__gender", "person__birth_year"))
    by = {
        "status": Counter(status for status, _g, _y in rows),
        "gender": Counter(gender for _s, gender, _y in rows),
        "age": Counter(age_group(end.year - born) for _s, _g, born in rows),
    }
    return {
        "period": f"{year}-H{half}",
        "total": suppress(len(rows), minimum=minimum),
        **{name: {k: suppress(v, minimum=minimum) for k, v in sorted(c.items())} for name, c in by.items()},
    }


@dataclass
class _Group:
    participants: int = 0
    stepped_forward: int = 0
    exits: int = 0
    in_studies_or_work: int = 0

    def published(self, minimum: int | None) -> dict:
        return {
            "participants": suppress(self.participants, minimum=minimum),
            "share_step_forward": share(self.stepped_forward, self.participants, minimum=minimum),
            "exits": suppress(self.exits, minimum=minimum),
            "share_studies_or_work": share(self.in_studies_or_work, self.exits, minimum=minimum),
        }


@dataclass
class _Tally:
    all: _Group = field(default_factory=_Group)
    groups: dict[str, dict[str, _Group]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(_Group)))

    def add(self, keys: dict[str, str], *, forward: bool, exited: bool, success: bool) -> None:
        for group in (self.all, *(self.groups[name][value] for name, value in keys.items())):
            group.participants += 1
            group.stepped_forward += forward
            group.exits += exited
            group.in_studies_or_work += success


def progress(
    *,
    organisations: Iterable[Organisation],
    start: datetime.date,
    end: datetime.date,
    module: str = "",
    minimum: int | None = None,
) -> dict:
    """Participants of the modules run by (or for people of) ``organisations`` during
    ``start``–``end``: how many, the share with at least one step forward in the period,
    and the share in studies or work at exit against the 60 % goal; by module, gender and
    age. An association's figures include its member municipalities' enrolments."""
    orgs = list(organisations)
    members = Organisation.objects.filter(association_links__association__in=orgs)
    scope = Q(organisation__in=orgs) | Q(person__municipality__in=orgs) | Q(person__municipality__in=members)
    enrolments = Enrolment.objects.filter(scope, started_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    if module:
        enrolments = enrolments.filter(module=module)
    rows = list(enrolments.values_list("pk", "module", "person__gender", "person__birth_year", "ended_on", "outcome"))
    forward = _stepped_forward([row[0] for row in rows], start, end)
    tally = _Tally()
    for pk, mod, gender, born, ended, outcome in rows:
        exited = ended is not None and start <= ended <= end
        tally.add(
            {"module": mod, "gender": gender, "age": age_group(end.year - born)},
            forward=pk in forward, exited=exited,
            success=exited and outcome in (Outcome.STUDIES, Outcome.WORK),
        )  # fmt: skip
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "goal_share": GOAL_SHARE,
        "minimum_group": min_group() if minimum is None else minimum,
        **tally.all.published(minimum),
        "by": {name: {k: g.published(minimum) for k, g in sorted(v.items())} for name, v in tally.groups.items()},
    }


def _stepped_forward(enrolment_ids: list[int], start: datetime.date, end: datetime.date) -> set[int]:
    """Enrolments whose step at the end of the period is above their step at its start (or
    above the first step recorded, for those who started during it)."""
    changes = StepChange.objects.filter(enrolment_id__in=enrolment_ids, date__lte=end).order_by("date", "pk")
    before: dict[int, int] = {}
    last: dict[int, int] = {}
    first_in: dict[int, int] = {}
    for enrolment_id, date, position in changes.values_list("enrolment_id", "date", "step__position"):
        if date < start:
            before[enrolment_id] = position
        else:
            first_in.setdefault(enrolment_id, position)
        last[enrolment_id] = position
    return {pk for pk, position in last.items() if position > before.get(pk, first_in.get(pk, position))}


def absence_summary(*, organisations: Iterable[Organisation], minimum: int | None = None) -> dict:
    """Pseudonymous absence figures per school and period: pupils, flagged pupils, flags
    followed up with an investigation and with the home municipality informed."""
    records = AbsenceRecord.objects.filter(municipality__in=list(organisations))
    pupils = Counter(records.values_list("school", "period"))
    flags = Flag.objects.filter(record__in=records)
    flagged_pupils = set(flags.values_list("record__school", "record__period", "record__pupil_key"))
    flagged = Counter((school, period) for school, period, _pupil in flagged_pupils)
    investigated = Counter(
        flags.filter(investigation_opened_on__isnull=False).values_list("record__school", "record__period")
    )
    informed = Counter(flags.filter(home_informed_on__isnull=False).values_list("record__school", "record__period"))
    return {
        "minimum_group": min_group() if minimum is None else minimum,
        "rows": [
            {"school": school, "period": period, "pupils": suppress(n, minimum=minimum),
             "flagged_pupils": suppress(flagged[(school, period)], minimum=minimum),
             "flags_investigated": suppress(investigated[(school, period)], minimum=minimum),
             "flags_home_informed": suppress(informed[(school, period)], minimum=minimum)}
            for (school, period), n in sorted(pupils.items())
        ],
    }  # fmt: skip
