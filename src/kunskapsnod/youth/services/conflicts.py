"""Provenance of a person's values and the conflicts between a KAA list and a coordinator.

A value a coordinator entered by hand (``save_person``, ``save_kaa``) is marked with a
:class:`~kunskapsnod.youth.models.HandEdit`. An import updates every value that carries no
such mark; where the list differs from a marked value, the hand value stays and the
difference is kept as an open :class:`~kunskapsnod.youth.models.ImportConflict` for the
coordinator to decide ("Behåll vårt värde" / "Ta listans värde"). The rules, in order, for
one person's field that the list states (docs/youth.md, "When a list and a coordinator
disagree"):

1. the list has our value: nothing to change; a hand mark is dropped (the list now carries
   the value) and an open conflict is closed as agreed;
2. no hand mark and no open conflict: the list's value is written, as before;
3. the coordinator already kept this very value against this very list value: nothing;
4. otherwise one open conflict per person and field holds the latest difference.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kunskapsnod.youth.access import conflicts_for, get_person_for_user, require_coordinator
from kunskapsnod.youth.models import (
    AccessLog,
    HandEdit,
    ImportConflict,
    KaaImport,
    KaaRecord,
    KaaStatus,
    Person,
    Resolution,
    TrackedField,
)
from kunskapsnod.youth.services import YouthError
from kunskapsnod.youth.services.log import log_change

PERSON_FIELDS: tuple[str, ...] = (TrackedField.NAME.value, TrackedField.GENDER.value, TrackedField.LAST_SCHOOL.value)


def current_value(person: Person, name: str, record: KaaRecord | None = None) -> str:
    """The stored value of tracked field ``name`` as text (the KAA status from ``record``)."""
    if name == TrackedField.STATUS:
        return record.status if record is not None else ""
    return str(getattr(person, name))


def mark_hand_edits(*, actor: Any, person: Person, values: dict[str, str]) -> None:
    """Record that the fields of ``values`` of ``person`` now hold what a coordinator
    entered. An open conflict on such a field follows: closed as agreed when the new value
    is the list's, else showing the new value as ours."""
    now = timezone.now()
    for name in values:
        HandEdit.objects.update_or_create(
            person=person, field=name, defaults={"edited_at": now, "edited_by": actor if actor.pk else None}
        )
    for conflict in ImportConflict.objects.filter(person=person, field__in=list(values), resolution=""):
        conflict.our_value = values[conflict.field]
        if conflict.our_value == conflict.list_value:
            _close(conflict, Resolution.AGREED, actor=actor, at=now)
        conflict.save()


def _close(conflict: ImportConflict, resolution: str, *, actor: Any, at: datetime.datetime) -> None:
    """Mark ``conflict`` decided (the caller saves it)."""
    conflict.resolution, conflict.resolved_at = resolution, at
    conflict.resolved_by, conflict.resolved_by_name = actor, actor.get_username()


def changed_values(before: dict[str, str], after: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in after.items() if before.get(name) != value}


@dataclass
class Reconciliation:
    """What an import does to the people it found already registered."""

    person_fields: dict[int, list[str]] = field(default_factory=dict)  # person pk -> fields to write
    statuses: dict[int, str] = field(default_factory=dict)  # person pk -> the list's status to write
    new_conflicts: list[ImportConflict] = field(default_factory=list)
    changed_conflicts: list[ImportConflict] = field(default_factory=list)
    agreed_conflicts: list[ImportConflict] = field(default_factory=list)
    confirmed_marks: list[tuple[int, str]] = field(default_factory=list)
    open_people: set[int] = field(default_factory=set)
    open_count: int = 0


class Reconciler:
    """Compares a list's values with the stored ones of the people it matched, knowing
    their hand marks, open conflicts and earlier "keep ours" decisions (three queries)."""

    def __init__(self, people: list[Person], records: dict[int, KaaRecord]):
        ids = [p.pk for p in people]
        self.records = records
        self.marks = set(HandEdit.objects.filter(person__in=ids).values_list("person_id", "field"))
        self.open = {(c.person_id, c.field): c for c in ImportConflict.objects.open().filter(person__in=ids)}
        self.kept = set(
            ImportConflict.objects.filter(person__in=ids, resolution=Resolution.OURS).values_list(
                "person_id", "field", "our_value", "list_value"
            )
        )
        self.result = Reconciliation()

    def compare(self, person: Person, stated: dict[str, str], kaa_import: KaaImport) -> None:
        """``stated``: the tracked fields the list gives a value for (a blank cell states nothing)."""
        for name, theirs in stated.items():
            ours = current_value(person, name, self.records.get(person.pk))
            key = (person.pk, name)
            conflict = self.open.get(key)
            if ours == theirs:
                if key in self.marks:
                    self.result.confirmed_marks.append(key)
                if conflict is not None:
                    self.result.agreed_conflicts.append(conflict)
            elif key not in self.marks and conflict is None:
                if name == TrackedField.STATUS:
                    self.result.statuses[person.pk] = theirs
                else:
                    self.result.person_fields.setdefault(person.pk, []).append(name)
            elif (person.pk, name, ours, theirs) in self.kept and conflict is None:
                continue
            else:
                self._disagree(person, name, ours, theirs, conflict, kaa_import)

    def _disagree(self, person, name, ours, theirs, conflict, kaa_import) -> None:
        self.result.open_people.add(person.pk)
        self.result.open_count += 1
        if conflict is None:
            self.result.new_conflicts.append(
                ImportConflict(person=person, field=name, our_value=ours, list_value=theirs, kaa_import=kaa_import)
            )
        elif (conflict.our_value, conflict.list_value) != (ours, theirs):
            conflict.our_value, conflict.list_value, conflict.kaa_import = ours, theirs, kaa_import
            conflict.found_at = timezone.now()
            self.result.changed_conflicts.append(conflict)

    def save(self, *, actor: Any) -> None:
        """Write the conflicts and provenance changes (the values themselves: the importer)."""
        result, now = self.result, timezone.now()
        ImportConflict.objects.bulk_create(result.new_conflicts, batch_size=500, ignore_conflicts=True)
        ImportConflict.objects.bulk_update(
            result.changed_conflicts, ["our_value", "list_value", "kaa_import", "found_at"], batch_size=100
        )
        for conflict in result.agreed_conflicts:
            _close(conflict, Resolution.AGREED, actor=actor, at=now)
        ImportConflict.objects.bulk_update(
            result.agreed_conflicts, ["resolution", "resolved_at", "resolved_by", "resolved_by_name"], batch_size=100
        )
        # One delete per field (at most four), not one per person.
        by_field: dict[str, list[int]] = {}
        for person_id, name in result.confirmed_marks:
            by_field.setdefault(name, []).append(person_id)
        for name, person_ids in by_field.items():
            HandEdit.objects.filter(field=name, person_id__in=person_ids).delete()


# --- Deciding ----------------------------------------------------------------------------


def value_label(name: str, value: str) -> str:
    """A stored value as the page shows it (the label of a gender or status)."""
    from kunskapsnod.youth.models import Gender

    choices = {TrackedField.GENDER: Gender, TrackedField.STATUS: KaaStatus}.get(name)  # type: ignore[call-overload]
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    return value


@transaction.atomic
def resolve_conflicts(*, actor: Any, conflicts: Iterable[ImportConflict], choice: str) -> int:
    """Decide open conflicts: ``"ours"`` keeps the hand value (a later list with the same
    value will not ask again), ``"list"`` writes the list's value and drops the hand mark.
    Each conflict is checked against the actor's grant for its person's municipality;
    conflicts decided already are left as they are. Returns how many were decided."""
    if choice not in (Resolution.OURS, Resolution.LIST):
        raise YouthError(_("Välj att behålla vårt värde eller ta listans värde."))
    decided = 0
    locked = ImportConflict.objects.select_for_update(of=("self",)).select_related("person", "person__kaa")
    for conflict in locked.filter(pk__in=[c.pk for c in conflicts]).order_by("pk"):
        require_coordinator(actor, conflict.person.municipality_id)
        if conflict.resolution:
            continue
        _decide(actor=actor, conflict=conflict, choice=choice)
        decided += 1
    return decided


# The access log is written in Swedish whatever the request's language.
_LOGGED_NAMES = {"name": "namn", "gender": "kön", "last_school": "senaste skola", "status": "KAA-status"}


def _decide(*, actor: Any, conflict: ImportConflict, choice: str) -> None:
    person = conflict.person
    record = getattr(person, "kaa", None)
    label = _LOGGED_NAMES[conflict.field]
    if choice == Resolution.LIST:
        if conflict.field == TrackedField.STATUS:
            if conflict.list_value not in KaaStatus.values:
                raise YouthError(_("Listans status finns inte längre. Ändra statusen för hand i stället."))
            record = record or KaaRecord(person=person)
            record.status = conflict.list_value
            record.save()
        else:
            setattr(person, conflict.field, conflict.list_value)
            person.save(update_fields=[conflict.field])
        HandEdit.objects.filter(person=person, field=conflict.field).delete()
        what = f"importkonflikt avgjord: tog listans värde för {label}"
    else:
        conflict.our_value = current_value(person, conflict.field, record)
        what = f"importkonflikt avgjord: behöll vårt värde för {label}"
    _close(conflict, choice, actor=actor, at=timezone.now())
    conflict.save()
    log_change(actor=actor, person=person, what=what)


# --- Reading ------------------------------------------------------------------------------

MAX_OPEN_SHOWN = 200
MAX_HISTORY_SHOWN = 50


def conflict_row(conflict: ImportConflict, hand: HandEdit | None = None) -> dict[str, Any]:
    """One conflict as the page and its JSON twin show it (``hand``: who entered our value)."""
    person, imported = conflict.person, conflict.kaa_import
    return {
        "id": conflict.pk, "person_id": person.pk, "person": person.name, "municipality": person.municipality.name,
        "field": conflict.field, "field_label": str(TrackedField(conflict.field).label),
        "our_value": conflict.our_value, "list_value": conflict.list_value,
        "our_label": value_label(conflict.field, conflict.our_value),
        "list_label": value_label(conflict.field, conflict.list_value),
        "found_at": conflict.found_at, "import_id": imported.pk, "imported_at": imported.imported_at,
        "imported_by": imported.username, "resolution": conflict.resolution or None,
        "resolution_label": conflict.get_resolution_display() if conflict.resolution else "",
        "resolved_at": conflict.resolved_at, "resolved_by": conflict.resolved_by_name or None,
        "hand_edited_at": hand.edited_at if hand else None,
        "hand_edited_by": hand.edited_by.get_username() if hand and hand.edited_by else None,
    }  # fmt: skip


def conflict_overview(*, actor: Any, person_pk: int | None = None, what: str = "importkonflikter") -> dict[str, Any]:
    """The open conflicts ``actor`` may decide (the first ``MAX_OPEN_SHOWN``, by person) and
    the latest decided ones, optionally of one person (404 for a person of another
    municipality, as everywhere). Every person shown is logged as read."""
    found = conflicts_for(actor).select_related("person", "person__municipality", "kaa_import")
    if person_pk is not None:  # one person: 404 unless the actor coordinates their municipality
        found = found.filter(person=get_person_for_user(actor, person_pk))
    pending = found.filter(resolution="")
    shown = list(pending.order_by("person__name", "person_id", "field", "pk")[:MAX_OPEN_SHOWN])
    history = list(found.exclude(resolution="").order_by("-resolved_at", "-pk")[:MAX_HISTORY_SHOWN])
    people = {c.person_id: c.person for c in shown + history}
    AccessLog.objects.bulk_create(
        AccessLog(user=actor, username=actor.get_username(), action=AccessLog.Action.READ, what=what, person=person,
                  municipality=person.municipality)
        for person in people.values()
    )  # fmt: skip
    marks = HandEdit.objects.filter(person__in=[c.person_id for c in shown]).select_related("edited_by")
    hand = {(mark.person_id, mark.field): mark for mark in marks}
    return {
        "open": [conflict_row(c, hand.get((c.person_id, c.field))) for c in shown],
        "open_count": pending.count() if len(shown) == MAX_OPEN_SHOWN else len(shown),
        "history": [conflict_row(c) for c in history],
    }
