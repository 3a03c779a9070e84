"""The audit trail as people read it (the audit log and the start page's activity feed).

django-auditlog stores raw text: English action names, "True"/"False", foreign keys as
ids, reverse relations as "app.Model.None". Here an entry becomes an :class:`Event` in
Swedish: a verb, the model's verbose name, field labels, values as the pages show them
(Ja/Nej, choice labels, the related object's name, dates as 2026-12-01 14:05), and a link
to the changed object while it still exists. :func:`group` folds what one person did in
one go (a meeting and its attendees, a list of priorities saved at once) into one line.
Every lookup is batched per model, so a page of entries costs a few queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kunskapsnod.accounts.services import recent_activity

Action = LogEntry.Action
VERBS = {
    Action.CREATE: _("skapade"),
    Action.UPDATE: _("ändrade"),
    Action.DELETE: _("tog bort"),
    Action.ACCESS: _("läste"),
}
NOUNS = {
    Action.CREATE: _("Skapande"),
    Action.UPDATE: _("Ändring"),
    Action.DELETE: _("Borttagning"),
    Action.ACCESS: _("Läsning"),
}
ACTION_CHOICES = [(int(action), label) for action, label in NOUNS.items()]
M2M_OPERATIONS = {"add": _("lade till"), "delete": _("tog bort"), "clear": _("tömde")}
NOTHING = "–"
LONGEST_VALUE = 200
# One person's changes to one object this close in time are one event in the feed, and
# their changes to several objects of one kind (a saved list) are one line.
SAME_EVENT = datetime.timedelta(minutes=10)
SAME_BATCH = datetime.timedelta(minutes=1)

# Models without a page of their own link to the page that shows them.
_PAGES = {
    "regions.meeting": lambda obj: reverse("regions:meeting", args=[obj.pk]),
    "regions.person": lambda obj: reverse("regions:people"),
    "regions.group": lambda obj: reverse("regions:groups") + f"#grupp-{obj.pk}",
    "mapping.priority": lambda obj: reverse("mapping:municipality", args=[obj.municipality.slug]),
    "mapping.source": lambda obj: reverse("mapping:municipality", args=[obj.municipality.slug]),
    "accounts.user": lambda obj: reverse("admin:accounts_user_change", args=[obj.pk]),
}


@dataclass
class Change:
    field: str
    before: str
    after: str
    operation: str = ""  # many-to-many: "lade till", "tog bort"

    @property
    def text(self) -> str:
        if self.operation:
            return f"{self.operation} {self.after}"
        if not self.before or not self.after:  # the value set at creation, or held at deletion
            return self.after or self.before
        return f"{self.before} → {self.after}"


@dataclass
class Event:
    """One line of the trail: who did what to which object, and when."""

    timestamp: datetime.datetime
    actor: object
    action: int
    model: type[models.Model] | None
    object_pk: str
    object_repr: str
    changes: list[Change] = field(default_factory=list)
    url: str | None = None
    others: int = 0  # more objects of the same kind changed in the same go
    entries: int = 1

    @property
    def verb(self) -> str:
        return str(VERBS.get(self.action, self.action))

    @property
    def noun(self) -> str:
        return str(NOUNS.get(self.action, self.action))

    @property
    def kind(self) -> str:
        """The model's name in Swedish ("möte"), plural when several objects are meant."""
        if self.model is None:
            return str(_("uppgift"))
        meta = self.model._meta
        return str(meta.verbose_name_plural if self.others else meta.verbose_name)

    @property
    def summary(self) -> str:
        """What was changed, as the feed says it: ”Borås” or 3 prioriteringar, bl.a. ”…”."""
        if not self.others:
            return f"{self.kind} ”{self.object_repr}”"
        count = self.others + 1
        return ngettext("%(n)s %(kind)s, bland annat ”%(name)s”", "%(n)s %(kind)s, bland annat ”%(name)s”", count) % {
            "n": count,
            "kind": self.kind,
            "name": self.object_repr,
        }


def describe(entries: Iterable[LogEntry], *, with_changes: bool = True) -> list[Event]:
    """One event per entry, with its changes in words and a link to the object."""
    entries = list(entries)
    related = _related_names(entries) if with_changes else {}
    urls = _object_urls(entries)
    events = []
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        events.append(
            Event(
                timestamp=entry.timestamp,
                actor=entry.actor,
                action=entry.action,
                model=model,
                object_pk=entry.object_pk,
                object_repr=entry.object_repr,
                changes=_changes(entry, model, related) if with_changes else [],
                url=urls.get((entry.content_type_id, entry.object_pk)),
            )
        )
    return events


def group(events: list[Event]) -> list[Event]:
    """Fold the events (newest first) into what a reader sees as one change each."""
    return _batches(_per_object(events))


def _per_object(events: list[Event]) -> list[Event]:
    """One event per person and object within SAME_EVENT: created-then-edited reads as
    created, and the newest action wins otherwise (a deletion stays a deletion)."""
    open_events: dict[tuple, tuple[Event, datetime.datetime]] = {}
    merged: list[Event] = []
    for event in events:
        key = (getattr(event.actor, "pk", None), event.model, event.object_pk)
        current, oldest = open_events.get(key, (None, None))
        if current is not None and oldest - event.timestamp <= SAME_EVENT:
            open_events[key] = (current, event.timestamp)
            current.entries += 1
            if event.action == Action.CREATE and current.action != Action.DELETE:
                current.action = Action.CREATE
            current.changes = event.changes + current.changes
            continue
        open_events[key] = (event, event.timestamp)
        merged.append(event)
    return merged


def _batches(events: list[Event]) -> list[Event]:
    """Consecutive events by one person on objects of one kind with the same action,
    within SAME_BATCH of each other, become one line (a list saved at once)."""
    lines: list[Event] = []
    for event in events:
        last = lines[-1] if lines else None
        if (
            last is not None
            and getattr(last.actor, "pk", None) == getattr(event.actor, "pk", None)
            and last.model is event.model
            and last.action == event.action
            and last.object_pk != event.object_pk
            and last.timestamp - event.timestamp <= SAME_BATCH
        ):
            last.others += 1
            continue
        lines.append(event)
    return lines


# --- Values ---------------------------------------------------------------------------


def _changes(entry: LogEntry, model, related: dict) -> list[Change]:
    rows = []
    for name, change in (entry.changes_dict or {}).items():
        model_field = _field(model, name)
        if _not_shown(model_field):
            continue
        label = capfirst(str(getattr(model_field, "verbose_name", name)))
        if isinstance(change, dict):  # many-to-many: {"type": "m2m", "operation": ..., "objects": [...]}
            operation = str(change.get("operation", ""))
            objects = ", ".join(map(str, change.get("objects", []))) or NOTHING
            rows.append(Change(label, "", objects, str(M2M_OPERATIONS.get(operation, operation))))
        elif isinstance(change, list | tuple) and len(change) == 2:
            before, after = (_shown(model_field, value, related) for value in change)
            # A creation lists what was set, a deletion what was there; empty fields are left out.
            if entry.action == Action.CREATE:
                if after == NOTHING:
                    continue
                before = ""
            elif entry.action == Action.DELETE:
                if before == NOTHING:
                    continue
                after = ""
            rows.append(Change(label, before, after))
    return rows


def _not_shown(model_field) -> bool:
    """The id, and reverse relations (which auditlog records as "app.Model.None")."""
    if model_field is None:
        return False
    return getattr(model_field, "primary_key", False) or not (model_field.concrete or model_field.many_to_many)


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _shown(model_field, value, related: dict) -> str:
    """A stored value as the pages would show it."""
    if value in (None, "", "None"):
        return NOTHING
    value = str(value)
    if model_field is None:
        return _shorten(value)
    if isinstance(model_field, models.BooleanField):
        return str({"True": _("Ja"), "False": _("Nej")}.get(value, value))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(_typed(model_field, value), value))
    if _is_foreign_key(model_field):
        name = related.get((model_field.related_model, value))
        return name if name is not None else str(_("borttagen (id %(id)s)") % {"id": value})
    if isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(value)
        if moment is not None:
            moment = moment if timezone.is_aware(moment) else timezone.make_aware(moment, datetime.UTC)
            return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    elif isinstance(model_field, models.DateField):
        day = parse_date(value[:10])
        if day is not None:
            return formats.date_format(day)
    return _shorten(value)


def _typed(model_field, value: str):
    try:
        return model_field.to_python(value)
    except ValidationError:  # an old value the field no longer accepts: shown as stored
        return value


def _shorten(value: str) -> str:
    return value if len(value) <= LONGEST_VALUE else value[: LONGEST_VALUE - 1] + "…"


def _related_names(entries: list[LogEntry]) -> dict:
    """{(related model, stored id): name} for every foreign key value in the entries."""
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, change in (entry.changes_dict or {}).items():
            model_field = _field(model, name)
            if (
                model_field is None
                or not (model_field.many_to_one or model_field.one_to_one)
                or not model_field.concrete
            ):
                continue
            if isinstance(change, list | tuple):
                wanted[model_field.related_model] |= {str(v) for v in change if v not in (None, "", "None")}
    names = {}
    for related_model, ids in wanted.items():
        for obj in related_model._default_manager.filter(pk__in=_valid_keys(related_model, ids)):
            names[(related_model, str(obj.pk))] = str(obj)
    return names


def _is_foreign_key(model_field) -> bool:
    return model_field is not None and model_field.concrete and (model_field.many_to_one or model_field.one_to_one)


def _valid_keys(model, keys: Iterable[str]) -> list:
    """The stored keys that can be primary keys of ``model`` (old rows may hold others)."""
    valid = []
    for key in keys:
        try:
            valid.append(model._meta.pk.to_python(key))
        except ValidationError:
            continue
    return valid


# --- Links ----------------------------------------------------------------------------------


def _object_urls(entries: list[LogEntry]) -> dict[tuple[int, str], str]:
    """{(content type id, object pk): url} for the objects that still exist."""
    pks: dict[int, set[str]] = defaultdict(set)
    types = {}
    for entry in entries:
        pks[entry.content_type_id].add(entry.object_pk)
        types[entry.content_type_id] = entry.content_type
    urls = {}
    for type_id, keys in pks.items():
        model = types[type_id].model_class()
        if model is None:
            continue
        page = _page_of(model)
        if page is None:
            continue
        for obj in _loaded(model).filter(pk__in=_valid_keys(model, keys)):
            try:
                urls[(type_id, str(obj.pk))] = page(obj)
            except (NoReverseMatch, AttributeError):
                continue
    return urls


def _page_of(model):
    label = model._meta.label_lower
    if label in _PAGES:
        return _PAGES[label]
    if hasattr(model, "get_absolute_url"):
        return lambda obj: obj.get_absolute_url()
    parent = _parent_field(model)
    if parent is not None:  # a part of something with a page: a membership, a note, ...
        return lambda obj: getattr(obj, parent.name).get_absolute_url()
    return None


def _parent_field(model):
    return next(
        (
            f
            for f in model._meta.concrete_fields
            if f.many_to_one and not f.null and hasattr(f.related_model, "get_absolute_url")
        ),
        None,
    )


def _loaded(model):
    """The model's rows with what their links need, in one query."""
    related = [f.name for f in model._meta.concrete_fields if f.many_to_one and not f.null]
    return model._default_manager.select_related(*related)


def feed(user, *, limit: int = 10) -> list[Event]:
    """The start page's "Senaste aktivitet": the newest changes people made, one line each."""
    # Enough raw rows that a saved list of many priorities still leaves `limit` lines.
    entries = recent_activity(user, limit=limit * 30)
    return group(describe(entries, with_changes=False))[:limit]
