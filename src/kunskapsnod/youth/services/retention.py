"""Retention: each record type is kept for its period after it closed
(``KUNSKAPSNOD_YOUTH_RETENTION_DAYS``), then exported (encrypted, to
``KUNSKAPSNOD_YOUTH_EXPORT_DIR``), then deleted or anonymised, and the removal logged.
Statistics survive: a person keeps birth year, gender, KAA status and enrolments with
their steps and outcome; absence rows keep their figures under a fresh pseudonym."""

from __future__ import annotations

import datetime
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from kunskapsnod.youth.identity import decrypt
from kunskapsnod.youth.keys import fernet
from kunskapsnod.youth.models import AbsenceRecord, AccessLog, Person, RetentionRun, SensitiveNote


@dataclass
class Outcome:
    record_type: str
    count: int
    export_file: str


def cutoff(record_type: str, now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(days=settings.KUNSKAPSNOD_YOUTH_RETENTION_DAYS[record_type])


def expired_people(now: datetime.datetime | None = None) -> QuerySet[Person]:
    """People whose every KAA entry and enrolment ended before the cutoff (or who have
    none and were registered before it)."""
    limit = cutoff("person", now).date()
    people = Person.objects.active().annotate(
        last_enrolment=Max("enrolments__ended_on"),
    )
    open_ = Q(kaa__isnull=False, kaa__ended_on__isnull=True) | Q(
        enrolments__isnull=False, enrolments__ended_on__isnull=True
    )
    # "IS NOT NULL" spelled out: without an enrolment the aggregate is NULL, and NOT (... OR
    # NULL) is NULL, which excluded every person with an ended KAA entry and no enrolment.
    closed_late = Q(kaa__ended_on__gte=limit) | Q(last_enrolment__isnull=False, last_enrolment__gte=limit)
    never = Q(kaa__isnull=True, enrolments__isnull=True, created_at__gte=cutoff("person", now))
    found = people.exclude(pk__in=Person.objects.filter(open_).values("pk")).exclude(closed_late).exclude(never)
    return cast(QuerySet[Person], found.distinct())


def _person_export(person: Person) -> dict[str, Any]:
    kaa = getattr(person, "kaa", None)
    return {
        "id": person.pk, "municipality": person.municipality.name, "name": person.name,
        "identity_number": decrypt(person.identity_encrypted), "birth_date": str(person.birth_date),
        "gender": person.gender, "last_school": person.last_school,
        "kaa": kaa and {"status": kaa.status, "plan": kaa.plan, "goal": kaa.goal,
                        "registered_on": str(kaa.registered_on), "ended_on": str(kaa.ended_on)},
        "measures": list(person.measures.values("responsible", "description", "starts_on", "ends_on", "end_reason",
                                                "follow_up_on")),
        "contacts": list(person.contacts.values("date", "channel", "reached", "note")),
        "consents": list(person.consents.values("topic", "given_on", "given_by", "documentation", "withdrawn_on")),
        "notes": list(person.sensitive_notes.values("text", "created_at")),
        "enrolments": list(person.enrolments.values("module", "organisation__name", "started_on", "ended_on",
                                                    "outcome")),
        "import_conflicts": list(person.import_conflicts.values("field", "our_value", "list_value", "found_at",
                                                                "resolution", "resolved_at", "resolved_by_name")),
    }  # fmt: skip


def _anonymise_people(people: list[Person]) -> None:
    ids = [p.pk for p in people]
    Person.objects.filter(pk__in=ids).update(
        name="", match_key="", identity_encrypted="", birth_date=None, last_school="", anonymised_at=timezone.now()
    )
    from kunskapsnod.youth.models import Consent, ContactAttempt, HandEdit, ImportConflict, KaaRecord, Measure

    KaaRecord.objects.filter(person__in=ids).update(plan="", goal="")
    # A conflict holds a name or school as the list and the coordinator had it: personal
    # data with no statistical use, exported above and removed with the rest.
    for model in (SensitiveNote, Consent, Measure, ContactAttempt, ImportConflict, HandEdit):
        model.objects.filter(person__in=ids).delete()


def _pseudonymise_absence(records: list[AbsenceRecord]) -> int:
    fresh: dict[str, str] = {}
    for record in records:
        record.pupil_key = fresh.setdefault(record.pupil_key, "x" + secrets.token_hex(31))
        record.pupil_encrypted = ""
    AbsenceRecord.objects.bulk_update(records, ["pupil_key", "pupil_encrypted"], batch_size=1000)
    return len(records)


def _export(record_type: str, rows: list[dict[str, Any]], now: datetime.datetime) -> str:
    """Write the rows, encrypted with the module's key, before anything is removed."""
    folder = Path(settings.KUNSKAPSNOD_YOUTH_EXPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"gallring-{record_type}-{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}.json.fernet"
    payload = json.dumps({"record_type": record_type, "exported_at": now.isoformat(), "rows": rows}, default=str)
    path.write_bytes(fernet().encrypt(payload.encode()))
    return str(path)


def _run(record_type: str, rows: list[dict[str, Any]], remove: Callable[[], int], now: datetime.datetime) -> Outcome:
    if not rows:
        return Outcome(record_type, 0, "")
    export = _export(record_type, rows, now)
    with transaction.atomic():
        count = remove()
        RetentionRun.objects.create(record_type=record_type, count=count, export_file=export)
    return Outcome(record_type, count, export)


def enforce_retention(*, now: datetime.datetime | None = None) -> list[Outcome]:
    """Export, then remove or anonymise, what has passed its retention period."""
    now = now or timezone.now()
    people = list(expired_people(now).select_related("municipality", "kaa"))

    def remove_people() -> int:
        _anonymise_people(people)
        AccessLog.objects.bulk_create(
            AccessLog(username="youth_retention", action=AccessLog.Action.DELETE, person=p, municipality=p.municipality,
                      what="gallrad: personuppgifter anonymiserade")
            for p in people
        )  # fmt: skip
        return len(people)

    notes = SensitiveNote.objects.filter(created_at__lt=cutoff("sensitive", now))
    absence = list(AbsenceRecord.objects.filter(imported_at__lt=cutoff("absence", now)).exclude(pupil_encrypted=""))
    log = AccessLog.objects.filter(at__lt=cutoff("access_log", now))
    return [
        _run("person", [_person_export(p) for p in people], remove_people, now),
        _run("sensitive", [dict(row) for row in notes.values("person_id", "consent__topic", "text", "created_at")],
             lambda: notes.delete()[0], now),
        _run("absence", [{"id": r.pk, "pupil": decrypt(r.pupil_encrypted), "school": r.school, "period": r.period}
                         for r in absence], lambda: _pseudonymise_absence(absence), now),
        _run("access_log", [dict(row) for row in log.values("at", "username", "action", "what", "person_id")],
             log.expire, now),
    ]  # fmt: skip
