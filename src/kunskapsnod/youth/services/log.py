"""The append-only access log: every read, change, export and removal of a person's
record, with who and when. A person's own log can be exported (GDPR art. 15)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kunskapsnod.regions.models import Organisation
from kunskapsnod.youth.models import AccessLog, Person


def log_access(
    *,
    actor: Any,
    action: str,
    what: str,
    person: Person | None = None,
    municipality: Organisation | None = None,
) -> AccessLog:
    """Append one row. ``what`` names the page or data (never the person's data itself)."""
    return AccessLog.objects.create(
        user=actor if getattr(actor, "pk", None) else None,
        username=getattr(actor, "get_username", lambda: "system")(),
        action=action,
        what=what[:200],
        person=person,
        municipality=municipality or (person.municipality if person else None),
    )


def log_read(*, actor: Any, person: Person, what: str) -> None:
    log_access(actor=actor, action=AccessLog.Action.READ, what=what, person=person)


def log_change(*, actor: Any, person: Person, what: str) -> None:
    log_access(actor=actor, action=AccessLog.Action.CHANGE, what=what, person=person)


def person_log(person: Person) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(person=person).order_by("at", "pk")


def export_person_log(*, actor: Any, person: Person) -> list[dict[str, str]]:
    """The person's log as rows (for CSV or JSON), itself logged as an export."""
    rows = [
        {"tid": entry.at.isoformat(), "vem": entry.username, "handling": entry.action, "vad": entry.what}
        for entry in person_log(person)
    ]
    log_access(actor=actor, action=AccessLog.Action.EXPORT, what="logg över läsningar", person=person)
    return rows
