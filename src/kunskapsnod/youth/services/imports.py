"""Imports of the KAA list and of absence per pupil and period. Everything is validated
and resolved before the one short transaction; any error refuses the whole file with its
line numbers and writes nothing."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kunskapsnod.regions.models import Organisation
from kunskapsnod.youth import identity
from kunskapsnod.youth.access import require_coordinator
from kunskapsnod.youth.models import (
    AbsenceRecord,
    AccessLog,
    Gender,
    KaaImport,
    KaaRecord,
    KaaStatus,
    Person,
    TrackedField,
)
from kunskapsnod.youth.services import YouthError
from kunskapsnod.youth.services.conflicts import PERSON_FIELDS, Reconciler
from kunskapsnod.youth.services.files import Table, read_table
from kunskapsnod.youth.services.flags import raise_flags
from kunskapsnod.youth.services.log import log_access
from kunskapsnod.youth.services.people import person_fields

MAX_ERRORS = 20

KAA_COLUMNS = {
    "personnummer": ("pnr", "personal identity number", "personal_identity_number", "personnr", "samordningsnummer"),
    "namn": ("name", "fullständigt namn"),
    "fodelsedatum": ("födelsedatum", "date of birth", "date_of_birth", "birth_date"),
    "senaste_skola": ("senaste skola", "last school", "last_school", "skola"),
    "status": ("kaa-status", "kaa_status"),
    "kon": ("kön", "gender"),
}
ABSENCE_COLUMNS = {
    "elev": ("elev-id", "elevid", "elev_id", "pupil id", "pupil_id", "student id", "personnummer"),
    "skola": ("school",),
    "period": ("termin", "månad"),
    "lektioner": ("schemalagda lektioner", "lessons scheduled", "lessons_scheduled", "schemalagd tid"),
    "giltig": ("giltig frånvaro", "valid absence", "valid_absence"),
    "ogiltig": ("ogiltig frånvaro", "invalid absence", "invalid_absence"),
    "underkanda": ("underkända kurser", "failed courses", "failed_courses", "antal f"),
    "betyg": ("grades", "kursresultat"),
}
_STATUS_BY_TEXT = {**{s.value: s.value for s in KaaStatus}, **{str(s.label).lower(): s.value for s in KaaStatus}}
_GENDER_BY_TEXT = {"k": Gender.GIRL, "kvinna": Gender.GIRL, "flicka": Gender.GIRL, "f": Gender.GIRL,
                   "m": Gender.BOY, "man": Gender.BOY, "pojke": Gender.BOY, "p": Gender.BOY,
                   "annat": Gender.OTHER, "okänt": Gender.UNKNOWN, "": ""}  # fmt: skip


class _Errors(list):
    def add(self, line: int, message: str) -> None:
        self.append(_("Rad %(line)s: %(message)s") % {"line": line, "message": message})

    def refuse(self) -> None:
        if self:
            more = len(self) - MAX_ERRORS
            tail = [_("… och %(n)s fel till.") % {"n": more}] if more > 0 else []
            raise YouthError(_("Inget importerades.") + " " + " ".join(self[:MAX_ERRORS] + tail))


@dataclass
class ImportResult:
    """What an import did. For a KAA list: people ``created``, ``updated`` (a value
    written), ``unchanged``, and ``conflicts`` — differences from values entered by hand
    that the coordinator is left to decide (``new_conflicts`` of them found by this file)."""

    created: int
    updated: int
    flags: int = 0
    unchanged: int = 0
    conflicts: int = 0
    new_conflicts: int = 0


def import_kaa_list(*, actor: Any, municipality: Organisation, data: bytes) -> ImportResult:
    """Add the list's young people to ``municipality``'s KAA register (or update those
    already there, found by the keyed hash of their identity number). Values a
    coordinator entered by hand are kept where the list differs, and the difference is
    left as an open conflict (``services/conflicts.py``)."""
    require_coordinator(actor, municipality)
    table = read_table(data, aliases=KAA_COLUMNS, required=("personnummer", "namn"))
    people = _parse_kaa(table)
    return _write_kaa(actor=actor, municipality=municipality, people=people)


_Row = tuple[int, dict[str, Any], str, dict[str, str]]


def _parse_kaa(table: Table) -> dict[str, _Row]:
    """Per keyed hash: the line, the person's fields, the status for a new entry, and the
    tracked values the list states (a blank gender, school or status cell states none)."""
    errors, people = _Errors(), {}  # type: _Errors, dict[str, _Row]
    for line, cells in table.rows:
        try:
            fields = person_fields(
                identity_number=table.cell(cells, "personnummer"),
                name=table.cell(cells, "namn"),
                gender=_choice(_GENDER_BY_TEXT, table.cell(cells, "kon"), gettext_noop("okänt kön")),
                birth_date=_date(table.cell(cells, "fodelsedatum")),
            )
            status = _choice(_STATUS_BY_TEXT, table.cell(cells, "status").lower() or "ny", gettext_noop("okänd status"))
        except (YouthError, ValueError) as exc:
            errors.add(line, str(exc))
            continue
        if not fields["name"] or len(fields["name"]) > 200:
            errors.add(line, _("namn saknas") if not fields["name"] else _("namnet är längre än 200 tecken"))
            continue
        fields["last_school"] = table.cell(cells, "senaste_skola")[:200]
        key = fields["match_key"]
        if key in people and _comparable(people[key][1], people[key][2]) != _comparable(fields, status):
            errors.add(line, _("samma person som på rad %(other)s men med andra uppgifter") % {"other": people[key][0]})
        given = {"gender": table.cell(cells, "kon"), "last_school": fields["last_school"],
                 "status": table.cell(cells, "status")}  # fmt: skip
        stated = {TrackedField.NAME.value: fields["name"]}
        stated |= {name: fields.get(name, status) for name, text in given.items() if text.strip()}
        people.setdefault(key, (line, fields, status, stated))
    errors.refuse()
    return people


def _comparable(fields: dict[str, Any], status: str) -> tuple:
    return (fields["name"], fields["gender"], fields["last_school"], status)


def _choice(choices: dict[str, str], text: str, message: str) -> str:
    value = choices.get(text.strip().lower())
    if value is None:
        raise YouthError(f"{_(message)}: {text[:40]}")
    return value


def _date(text: str) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        raise YouthError(_("födelsedatumet ska skrivas ÅÅÅÅ-MM-DD")) from None


@transaction.atomic
def _write_kaa(*, actor: Any, municipality: Organisation, people: dict[str, _Row]) -> ImportResult:
    kaa_import = KaaImport.objects.create(
        municipality=municipality, imported_by=actor if actor.pk else None, username=actor.get_username(),
        rows=len(people),
    )  # fmt: skip
    existing = {p.match_key: p for p in Person.objects.filter(municipality=municipality, match_key__in=list(people))}
    records = {r.person_id: r for r in KaaRecord.objects.filter(person__in=existing.values())}
    reconciler = Reconciler(list(existing.values()), records)
    new = [Person(municipality=municipality, last_import=kaa_import, **row[1]) for key, row in people.items()
           if key not in existing]  # fmt: skip
    for key, person in existing.items():
        stated = people[key][3]
        if person.pk not in records:  # a status is compared only with an entry in the register
            stated = {name: value for name, value in stated.items() if name != TrackedField.STATUS}
        reconciler.compare(person, stated, kaa_import)
    found = reconciler.result
    changed = [existing[key] for key in existing if existing[key].pk in found.person_fields]
    for person in changed:
        for name in found.person_fields[person.pk]:
            setattr(person, name, people[person.match_key][1][name])
        person.last_import = kaa_import
    Person.objects.bulk_create(new, batch_size=1000)
    # Small batches: bulk_update's CASE WHEN costs rows² per batch on SQLite.
    Person.objects.bulk_update(changed, [*PERSON_FIELDS, "last_import"], batch_size=100)
    changed_records = [records[pk] for pk in found.statuses]
    for record in changed_records:
        record.status = found.statuses[record.person_id]
    KaaRecord.objects.bulk_update(changed_records, ["status"], batch_size=100)
    persons = {p.match_key: p for p in Person.objects.filter(municipality=municipality, match_key__in=list(people))}
    new_records = [KaaRecord(person=p, status=people[key][2]) for key, p in persons.items() if p.pk not in records]
    KaaRecord.objects.bulk_create(new_records, batch_size=1000)
    reconciler.save(actor=actor)
    AccessLog.objects.bulk_create(
        AccessLog(user=actor, username=actor.get_username(), action=AccessLog.Action.CHANGE, what="import av KAA-lista",
                  person=p, municipality=municipality)
        for p in persons.values()
    )  # fmt: skip
    updated = {p.pk for p in changed} | set(found.statuses) | {r.person_id for r in new_records}
    updated -= {p.pk for p in persons.values() if p.match_key not in existing}
    result = ImportResult(
        created=len(new), updated=len(updated), unchanged=len(existing) - len(updated), conflicts=found.open_count,
        new_conflicts=len(found.new_conflicts),
    )  # fmt: skip
    KaaImport.objects.filter(pk=kaa_import.pk).update(
        created=result.created, updated=result.updated, unchanged=result.unchanged, conflicts=result.conflicts
    )
    return result


# --- Absence ---------------------------------------------------------------------------

_PERIOD = re.compile(r"^(?:(HT|VT)\s*(\d{4})|(\d{4})\s*(HT|VT)|(\d{4})-(\d{2})(?:-(\d{2}))?|(\d{4}))\b", re.I)


def period_start(text: str) -> datetime.date:
    """When a period begins, for ordering a pupil's periods: ``HT2026`` (1 August),
    ``VT2027`` (1 January), ``2026-09``, ``2026-09-01`` (or a range starting so), ``2026``."""
    found = _PERIOD.match(text.strip())
    if found is None:
        raise YouthError(_("perioden ska skrivas som HT2026, VT2027, 2026-09 eller 2026-09-01"))
    term, year, year2, term2, y, m, d, only_year = found.groups()
    try:
        if term or term2:
            return datetime.date(int(year or year2), 8 if (term or term2).upper() == "HT" else 1, 1)
        if y:
            return datetime.date(int(y), int(m), int(d or 1))
        return datetime.date(int(only_year), 1, 1)
    except ValueError:
        raise YouthError(_("perioden är inget giltigt datum")) from None


def _count(text: str, what: str) -> int:
    """``text`` as a count; ``what`` (a msgid, translated only for the message) names it."""
    if not (text.isascii() and text.isdigit()) or len(text) > 7:
        message = _("%(what)s ska vara ett heltal, inte %(text)s")
        raise YouthError(message % {"what": _(what), "text": text[:20] or "tomt"})
    return int(text)


def _absence_row(table: Table, cells: list[str]) -> dict[str, Any]:
    pupil = table.cell(cells, "elev")
    if not pupil or len(pupil) > 64:
        raise YouthError(_("elev-id saknas eller är för långt"))
    school, period = table.cell(cells, "skola"), table.cell(cells, "period")
    if not school or len(school) > 200:
        raise YouthError(_("skola saknas"))
    lessons = _count(table.cell(cells, "lektioner"), gettext_noop("schemalagda lektioner"))
    valid = _count(table.cell(cells, "giltig"), gettext_noop("giltig frånvaro"))
    invalid = _count(table.cell(cells, "ogiltig"), gettext_noop("ogiltig frånvaro"))
    if valid + invalid > lessons:
        raise YouthError(_("mer frånvaro än schemalagd tid"))
    failed_text, grades = table.cell(cells, "underkanda"), table.cell(cells, "betyg")
    failed = _count(failed_text, gettext_noop("underkända kurser")) if failed_text else None
    if failed is None and grades:
        from kunskapsnod.youth.earlywarning import failed_courses_from_grades

        failed = failed_courses_from_grades(re.split(r"[,;\s]+", grades))
    return {"pupil": pupil, "school": school, "period": period[:40], "period_start": period_start(period),
            "lessons": lessons, "valid_absence": valid, "invalid_absence": invalid,
            "failing_courses": failed}  # fmt: skip


def import_absence(*, actor: Any, municipality: Organisation, data: bytes) -> ImportResult:
    """Absence per pupil and period for ``municipality``'s schools; rows of a pupil and
    period already imported are replaced. Flags are raised for the imported periods."""
    require_coordinator(actor, municipality)
    table = read_table(
        data, aliases=ABSENCE_COLUMNS, required=("elev", "skola", "period", "lektioner", "giltig", "ogiltig")
    )
    errors, rows, seen = _Errors(), {}, {}  # type: _Errors, dict[tuple[str, str], dict], dict[tuple[str, str], int]
    for line, cells in table.rows:
        try:
            row = _absence_row(table, cells)
        except YouthError as exc:
            errors.add(line, str(exc))
            continue
        key = (identity.match_key(row["pupil"]), row["period"])
        if key in rows and rows[key] != row:
            errors.add(line, _("samma elev och period som på rad %(other)s men andra värden") % {"other": seen[key]})
        rows.setdefault(key, row)
        seen.setdefault(key, line)
    errors.refuse()
    return _write_absence(actor=actor, municipality=municipality, rows=rows)


@transaction.atomic
def _write_absence(*, actor: Any, municipality: Organisation, rows: dict) -> ImportResult:
    existing = set(
        AbsenceRecord.objects.filter(municipality=municipality, pupil_key__in={k for k, _p in rows}).values_list(
            "pupil_key", "period"
        )
    )
    records = [
        AbsenceRecord(
            municipality=municipality, pupil_key=key, pupil_encrypted=identity.encrypt(row.pop("pupil")), **row
        )
        for (key, _period), row in rows.items()
    ]
    fields = [
        "school",
        "period_start",
        "lessons",
        "valid_absence",
        "invalid_absence",
        "failing_courses",
        "pupil_encrypted",
    ]
    AbsenceRecord.objects.bulk_create(
        records, batch_size=1000, update_conflicts=True, unique_fields=["municipality", "pupil_key", "period"],
        update_fields=fields,
    )  # fmt: skip
    flags = raise_flags(municipality=municipality, pupil_keys={k for k, _p in rows})
    log_access(actor=actor, action=AccessLog.Action.CHANGE, what=f"import av frånvaro, {len(rows)} rader",
               municipality=municipality)  # fmt: skip
    return ImportResult(created=len(rows) - len(existing & set(rows)), updated=len(existing & set(rows)), flags=flags)
