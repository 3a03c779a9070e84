"""The audit trail: django-auditlog records every create/update/delete of the models
registered here, with the acting user taken from the request (AuditlogMiddleware) or
from ``auditlog.context.set_actor`` in commands and services."""

import datetime
import functools

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import DateTimeField
from django.utils import timezone
from django.utils.encoding import smart_str

AUDITED_MODELS = [
    "accounts.User",
    "regions.Organisation",
    "regions.Membership",
    "regions.Person",
    "regions.Group",
    "regions.Meeting",
]

# Passwords never, and no reverse relations (a user's workshops are audited as workshops).
_INCLUDED_FIELDS = {
    "accounts.User": [
        "username",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "role",
        "is_active",
        "is_staff",
        "is_superuser",
    ]
}


def register_models(extra: list[str] | None = None) -> None:
    for label in [*AUDITED_MODELS, *(extra or [])]:
        model = apps.get_model(label)
        if not auditlog.contains(model):
            auditlog.register(
                model,
                include_fields=_INCLUDED_FIELDS.get(label, []),
                m2m_fields=_m2m_fields(model),
            )


def _m2m_fields(model) -> set[str]:
    return {f.name for f in model._meta.many_to_many}


class AuditBatch:
    """Audit rows for writes made in bulk. ``bulk_create`` and ``bulk_update`` skip
    auditlog's signals, so a service that writes in bulk (the mapping import) collects here
    the rows auditlog would have written, one per created, changed or deleted object and
    one per many-to-many addition, and saves them in one ``executemany``. The changes have
    auditlog's shape ({field: [old, new]} as text) over the model's own columns (without
    its reverse relations, which auditlog lists as "app.Model.None"). Without an actor
    (the system loading shipped data) nothing is recorded, as with ``disable_auditlog``."""

    def __init__(self, actor) -> None:
        self.actor = actor
        self.rows: list[tuple] = []
        self._types: dict[type, int | None] = {}
        context = auditlog_value.get({}) if actor is not None else {}
        self._context = (context.get("remote_addr"), context.get("remote_port"))

    def created(self, objects, extra=None) -> None:
        """``extra(obj)``: more changes to record in the same row (e.g. a new item's actors
        and classification, instead of one row for each)."""
        for obj in objects:
            changes = {name: ["None", value] for name, value in _values(obj).items()}
            self._add(obj, LogEntry.Action.CREATE, {**changes, **(extra(obj) if extra else {})})

    def updated(self, pairs) -> None:
        """``pairs``: (a copy of the object before the change, the object after it)."""
        for old, new in pairs:
            before, after = _values(old), _values(new)
            changes = {name: [before[name], value] for name, value in after.items() if before[name] != value}
            if changes:
                self._add(new, LogEntry.Action.UPDATE, changes)

    def deleted(self, objects) -> None:
        for obj in objects:
            self._add(obj, LogEntry.Action.DELETE, {name: [value, "None"] for name, value in _values(obj).items()})

    def m2m_added(self, obj, field: str, related) -> None:
        if related:
            names = [smart_str(r) for r in related]
            self._add(obj, LogEntry.Action.UPDATE, {field: {"type": "m2m", "operation": "add", "objects": names}})

    def _add(self, obj, action, changes) -> None:
        model = type(obj)
        if model not in self._types:  # None for a model that is not audited
            self._types[model] = ContentType.objects.get_for_model(model).pk if auditlog.contains(model) else None
        content_type = self._types[model] if self.actor is not None else None
        if content_type is not None:
            self.rows.append((content_type, str(obj.pk), obj.pk, str(obj), action, changes))

    def save(self) -> None:
        if not self.rows:
            return
        columns = ["content_type_id", "object_pk", "object_id", "object_repr", "action", "changes"]
        columns += ["changes_text", "actor_id", "actor_email", "cid", "remote_addr", "remote_port", "timestamp"]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        common = (
            "",
            self.actor.pk,
            getattr(self.actor, "email", None),
            get_cid(),
            *self._context,
            now,
        )
        to_json = LogEntry._meta.get_field("changes").get_db_prep_save
        # Table and column names come from the model's metadata; every value is a parameter.
        table, marks = connection.ops.quote_name(LogEntry._meta.db_table), ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
        params = [(*row[:5], to_json(row[5], connection), *common) for row in self.rows]
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
        self.rows = []


@functools.cache
def _columns(model) -> list[tuple[str, str, bool]]:
    """(name, attribute, is a date-time) of the columns auditlog records for ``model``."""
    registered = auditlog.get_model_fields(model)
    fields = [
        f
        for f in model._meta.concrete_fields
        if not registered["include_fields"] or f.name in registered["include_fields"]
    ]
    return [
        (f.name, f.attname, isinstance(f, DateTimeField)) for f in fields if f.name not in registered["exclude_fields"]
    ]


def _values(obj) -> dict[str, str]:
    """The object's columns as auditlog writes them: text, date-times in naive UTC."""
    values = {}
    for name, attname, is_datetime in _columns(type(obj)):
        value = getattr(obj, attname)
        if is_datetime and value is not None and timezone.is_aware(value):
            value = timezone.make_naive(value, datetime.UTC)
        values[name] = value if type(value) is str else str(value)
    return values
