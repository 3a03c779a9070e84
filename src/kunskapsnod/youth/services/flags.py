"""Early-warning flags over the imported absence, by the rules of
:mod:`kunskapsnod.youth.earlywarning` with each school's own thresholds, and the
follow-up the law asks for: an investigation opened, the home municipality informed."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import translation

from kunskapsnod.regions.models import Organisation
from kunskapsnod.youth import earlywarning
from kunskapsnod.youth.access import require_coordinator
from kunskapsnod.youth.models import AbsenceRecord, AccessLog, Flag, SchoolThreshold
from kunskapsnod.youth.services import YouthError
from kunskapsnod.youth.services.log import log_access


def thresholds_of(threshold: SchoolThreshold | None) -> earlywarning.Thresholds:
    if threshold is None:
        return earlywarning.Thresholds()

    def share(value: Decimal | None) -> float | None:
        return None if value is None else float(value) / 100

    return earlywarning.Thresholds(
        total_share=share(threshold.total_percent),
        invalid_share=share(threshold.invalid_percent),
        rise_points=share(threshold.rise_points),
        combined_share=share(threshold.combined_percent),
        combined_failed=threshold.combined_failed,
        failed_courses=threshold.failed_courses,
    )


def _period_record(record: AbsenceRecord) -> earlywarning.PeriodRecord:
    return earlywarning.PeriodRecord(
        pupil=record.pupil_key,
        period=record.period,
        starts=record.period_start,
        lessons_scheduled=record.lessons,
        valid_absence=record.valid_absence,
        invalid_absence=record.invalid_absence,
        failed_courses=record.failing_courses,
    )


def raise_flags(*, municipality: Organisation, pupil_keys: Iterable[str] | None = None) -> int:
    """(Re)evaluate the rules for ``municipality``'s pupils (all, or those given): new
    flags are added, flags no longer raised go unless their follow-up has begun."""
    records = AbsenceRecord.objects.filter(municipality=municipality).order_by("period_start", "pk")
    if pupil_keys is not None:
        records = records.filter(pupil_key__in=list(pupil_keys))
    limits = {t.school: thresholds_of(t) for t in SchoolThreshold.objects.filter(municipality=municipality)}
    history: dict[str, list[AbsenceRecord]] = defaultdict(list)
    for record in records:
        history[record.pupil_key].append(record)
    wanted: dict[tuple[int, str], earlywarning.Flag] = {}
    for periods in history.values():
        previous = None
        for record in periods:
            found = earlywarning.evaluate_period(
                _period_record(record),
                limits.get(record.school, earlywarning.Thresholds()),
                _period_record(previous) if previous else None,
            )
            wanted.update({(record.pk, str(f.rule)): f for f in found})
            previous = record
    return _store(records, wanted)


def _store(records, wanted: dict[tuple[int, str], earlywarning.Flag]) -> int:
    """Add the new flags, rewrite the reasons whose figures changed, and remove flags no
    longer raised unless their follow-up has begun (which is kept either way)."""
    existing = {(f.record_id, f.rule): f for f in Flag.objects.filter(record__in=records)}
    stale = [
        f.pk
        for key, f in existing.items()
        if key not in wanted and f.investigation_opened_on is None and f.home_informed_on is None
    ]
    Flag.objects.filter(pk__in=stale).delete()
    with translation.override("sv"):  # stored reasons are in Swedish, as the law's documents are
        reasons = {key: flag.reason[:300] for key, flag in wanted.items()}
    new = [
        Flag(record_id=pk, rule=rule, reason=reason)
        for (pk, rule), reason in reasons.items()
        if (pk, rule) not in existing
    ]
    Flag.objects.bulk_create(new, batch_size=1000)
    changed = [flag for key, flag in existing.items() if key in reasons and flag.reason != reasons[key]]
    for flag in changed:  # the same rule crossed with other figures (a corrected import)
        flag.reason = reasons[(flag.record_id, flag.rule)]
    Flag.objects.bulk_update(changed, ["reason"], batch_size=100)
    return len(wanted)


@transaction.atomic
def save_threshold(*, actor: Any, threshold: SchoolThreshold) -> SchoolThreshold:
    """A school's thresholds; the school's flags are evaluated again at once."""
    require_coordinator(actor, threshold.municipality_id)
    try:
        thresholds_of(threshold)
    except ValueError as exc:
        raise YouthError(str(exc)) from None
    threshold.save()
    pupils = AbsenceRecord.objects.filter(municipality=threshold.municipality, school=threshold.school)
    raise_flags(municipality=threshold.municipality, pupil_keys=pupils.values_list("pupil_key", flat=True))
    return threshold


@transaction.atomic
def follow_up_flag(
    *,
    actor: Any,
    flag: Flag,
    investigation_opened_on: datetime.date | None,
    home_informed_on: datetime.date | None,
) -> Flag:
    """Record that the head teacher opened an investigation and that the pupil's home
    municipality was informed."""
    require_coordinator(actor, flag.record.municipality_id)
    flag.investigation_opened_on = investigation_opened_on
    flag.home_informed_on = home_informed_on
    flag.save(update_fields=["investigation_opened_on", "home_informed_on"])
    log_access(actor=actor, action=AccessLog.Action.CHANGE, what=f"uppföljning av flagga {flag.pk}",
               municipality=flag.record.municipality)  # fmt: skip
    return flag
