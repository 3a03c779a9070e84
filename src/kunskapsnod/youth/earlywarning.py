"""Early-warning rules for absence follow-up: plain data in, flags with reasons out.

A school (each school, not the platform) sets its own thresholds: Swedish law sets none.
The Education Act only requires the head teacher to see that repeated or long absence is
investigated quickly (for compulsory school skollagen 7 kap. 19 a §). The rules follow the
"ABC" indicators of the early-warning literature (attendance, behaviour, course
performance; Balfanz, Herzog & Mac Iver 2007; Allensworth & Easton 2007), without
behaviour, which Swedish school systems do not export:

* ``total_absence``: all absence (valid and invalid) is at least a share of the time
  scheduled in the period;
* ``invalid_absence``: invalid absence alone is at least a share;
* ``rising_absence``: the total share rose by at least some percentage points since the
  pupil's previous period;
* ``absence_and_results``: a lower absence share together with failing results (at least
  N courses with a failing grade, F or "–", in the period);
* ``failing_results``: failing results alone (off by default: it is a question for the
  grading teachers before it is one for absence follow-up).

A flag is a reason to talk to the pupil and the guardians, never a diagnosis: every
reason names the measured figures and the school's threshold and nothing else. The
module is pure (no models, no database); the ``youth`` app feeds it the imported records,
and ``bench/early_warning.py`` measures it on the public UCI data. ``docs/early-warning.md``
gives the defaults' grounds and the measured figures.

Units: lessons scheduled and absence in the same unit, whatever the school's system
exports (lessons or minutes); shares are fractions (0.10 = 10 %).
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from django.utils import formats
from django.utils.translation import gettext


def gettext_noop(message: str) -> str:
    """Marks a msgid for makemessages. Django's own reads the settings, and evaluating the
    rules must work without them (bench/early_warning.py runs without Django set up)."""
    return message


# Shown beside every list of flags (a msgid: translate it where it is shown).
NOT_A_DIAGNOSIS = gettext_noop(
    "En flagga är ett skäl att prata med eleven, aldrig en diagnos eller en bedömning av eleven."
)

FAILING_GRADES = frozenset({"F", "-", "–"})  # F, and "–" (streck: no basis for a grade)


class Rule(enum.StrEnum):
    TOTAL = "total_absence"
    INVALID = "invalid_absence"
    RISING = "rising_absence"
    COMBINED = "absence_and_results"
    RESULTS = "failing_results"


@dataclass(frozen=True)
class PeriodRecord:
    """One pupil's absence (and, where known, results) in one period.

    ``pupil`` is whatever key the caller uses (a pseudonym, never needed in clear);
    ``starts`` orders a pupil's periods. ``failed_courses`` is None when results are not
    known, which is not the same as none failed.
    """

    pupil: str
    period: str
    starts: date
    lessons_scheduled: int
    valid_absence: int = 0
    invalid_absence: int = 0
    failed_courses: int | None = None

    def __post_init__(self) -> None:
        counts = (self.lessons_scheduled, self.valid_absence, self.invalid_absence)
        if min(counts) < 0 or (self.failed_courses is not None and self.failed_courses < 0):
            raise ValueError(f"{self.pupil} {self.period}: negative count")
        if self.valid_absence + self.invalid_absence > self.lessons_scheduled:
            raise ValueError(f"{self.pupil} {self.period}: more absence than scheduled time")

    @property
    def absence(self) -> int:
        return self.valid_absence + self.invalid_absence

    @property
    def absence_share(self) -> float:
        return self.absence / self.lessons_scheduled if self.lessons_scheduled else 0.0

    @property
    def invalid_share(self) -> float:
        return self.invalid_absence / self.lessons_scheduled if self.lessons_scheduled else 0.0


def failed_courses_from_grades(grades: Iterable[str]) -> int:
    """How many of a period's grades are failing: F, or "–" (no basis for a grade)."""
    return sum(1 for grade in grades if grade.strip().upper() in FAILING_GRADES)


def _share(value: float | None, name: str) -> None:
    if value is not None and not 0 < value <= 1:
        raise ValueError(f"{name} must be a share above 0 and at most 1 (0.10 = 10 %), not {value}")


@dataclass(frozen=True)
class Thresholds:
    """A school's thresholds. None switches a rule off. Defaults, and why (docs/early-warning.md):

    * ``total_share`` 0.10: "chronic absence" in the early-warning literature is missing
      10 % or more of school time (Balfanz & Byrnes 2012);
    * ``invalid_share`` 0.05: invalid absence is a stronger signal than absence with a
      reason, so half that;
    * ``rise_points`` 0.05: five percentage points more than the pupil's previous period;
    * ``combined_share`` 0.05 with ``combined_failed`` 1: half the absence threshold when
      at least one course is failing;
    * ``failed_courses`` None: failing results alone raise no absence flag;
    * ``min_lessons`` 10: a period with less scheduled time than this is too short for a
      share to mean anything, and raises no share-based flag.
    """

    total_share: float | None = 0.10
    invalid_share: float | None = 0.05
    rise_points: float | None = 0.05
    combined_share: float | None = 0.05
    combined_failed: int = 1
    failed_courses: int | None = None
    min_lessons: int = 10

    def __post_init__(self) -> None:
        for name in ("total_share", "invalid_share", "rise_points", "combined_share"):
            _share(getattr(self, name), name)
        if self.combined_failed < 1 or (self.failed_courses is not None and self.failed_courses < 1):
            raise ValueError("a number of failed courses must be at least 1")
        if self.min_lessons < 1:
            raise ValueError("min_lessons must be at least 1")


@dataclass(frozen=True)
class Flag:
    """A rule that a pupil's period crossed, with the figures that crossed it.

    ``observed`` and ``threshold`` are in the rule's own unit (a share, percentage points
    as a share, or a number of courses); ``previous_share`` only for ``rising_absence``.
    """

    rule: Rule
    record: PeriodRecord
    observed: float
    threshold: float
    previous: PeriodRecord | None = field(default=None, compare=False)
    min_failed: int | None = None  # absence_and_results: the failed courses it also needs

    @property
    def reason(self) -> str:
        """The plain-Swedish reason (in the active language), naming the figures and the
        threshold. Needs Django's settings (translation); evaluating the rules does not."""
        record = self.record
        figures = {
            "period": record.period,
            "share": _percent(record.absence_share),
            "invalid": _percent(record.invalid_share),
            "absent": record.absence,
            "invalid_absent": record.invalid_absence,
            "scheduled": record.lessons_scheduled,
            "failed": record.failed_courses or 0,
            "threshold": _percent(self.threshold) if self.rule != Rule.RESULTS else int(self.threshold),
            "min_failed": self.min_failed,
        }
        if self.previous is not None:
            figures |= {
                "previous": self.previous.period,
                "before": _percent(self.previous.absence_share),
                "points": _points(self.observed),
                "threshold": _points(self.threshold),
            }
        return gettext(_REASONS[self.rule]) % figures


_REASONS = {
    Rule.TOTAL: gettext_noop(
        "Frånvaro %(share)s av den schemalagda tiden under %(period)s (%(absent)s av %(scheduled)s); "
        "skolans gräns är %(threshold)s."
    ),
    Rule.INVALID: gettext_noop(
        "Ogiltig frånvaro %(invalid)s av den schemalagda tiden under %(period)s "
        "(%(invalid_absent)s av %(scheduled)s); skolans gräns är %(threshold)s."
    ),
    Rule.RISING: gettext_noop(
        "Frånvaron ökade från %(before)s under %(previous)s till %(share)s under %(period)s, "
        "%(points)s procentenheter; skolans gräns är en ökning med %(threshold)s procentenheter."
    ),
    Rule.COMBINED: gettext_noop(
        "Frånvaro %(share)s under %(period)s och kurser utan godkänt resultat: %(failed)s; "
        "skolans gräns är %(threshold)s frånvaro och kurser utan godkänt resultat: minst %(min_failed)s."
    ),
    Rule.RESULTS: gettext_noop(
        "Kurser utan godkänt resultat under %(period)s: %(failed)s; skolans gräns är %(threshold)s."
    ),
}


def _number(value: float) -> str:
    rounded = round(value, 1)
    return formats.number_format(rounded, decimal_pos=0 if rounded == int(rounded) else 1)


def _percent(share: float) -> str:
    return gettext("%(number)s %%") % {"number": _number(share * 100)}


def _points(share: float) -> str:
    return _number(share * 100)


def evaluate_period(record: PeriodRecord, thresholds: Thresholds, previous: PeriodRecord | None = None) -> list[Flag]:
    """The flags of one period, given the pupil's previous period (for the rise rule)."""
    t = thresholds
    flags: list[Flag] = []
    long_enough = record.lessons_scheduled >= t.min_lessons
    share, failed = record.absence_share, record.failed_courses or 0
    if long_enough and t.total_share is not None and share >= t.total_share:
        flags.append(Flag(Rule.TOTAL, record, share, t.total_share))
    if long_enough and t.invalid_share is not None and record.invalid_share >= t.invalid_share:
        flags.append(Flag(Rule.INVALID, record, record.invalid_share, t.invalid_share))
    if (
        long_enough
        and t.rise_points is not None
        and previous is not None
        and previous.lessons_scheduled >= t.min_lessons
        and share - previous.absence_share >= t.rise_points - 1e-12  # 0.15 - 0.10 is 0.0499…
    ):
        flags.append(Flag(Rule.RISING, record, share - previous.absence_share, t.rise_points, previous))
    if long_enough and t.combined_share is not None and share >= t.combined_share and failed >= t.combined_failed:
        flags.append(Flag(Rule.COMBINED, record, share, t.combined_share, min_failed=t.combined_failed))
    if t.failed_courses is not None and failed >= t.failed_courses:
        flags.append(Flag(Rule.RESULTS, record, failed, t.failed_courses))
    return flags


def evaluate_pupil(history: Sequence[PeriodRecord], thresholds: Thresholds) -> list[Flag]:
    """The flags of every period of one pupil's history (any order; sorted by ``starts``)."""
    ordered = sorted(history, key=lambda record: record.starts)
    flags = evaluate_period(ordered[0], thresholds) if ordered else []
    for previous, record in pairwise(ordered):
        flags.extend(evaluate_period(record, thresholds, previous))
    return flags


def evaluate(records: Iterable[PeriodRecord], thresholds: Thresholds) -> list[Flag]:
    """The flags of many pupils' records, grouped by pupil, each pupil's periods in order."""
    by_pupil: dict[str, list[PeriodRecord]] = defaultdict(list)
    for record in records:
        by_pupil[record.pupil].append(record)
    return [flag for history in by_pupil.values() for flag in evaluate_pupil(history, thresholds)]


def flagged_pupils(flags: Iterable[Flag]) -> set[str]:
    return {flag.record.pupil for flag in flags}
