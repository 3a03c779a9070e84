"""Every write of the knowledge bank (see docs/architecture.md): entries through their
workflow draft → in review → published → archived, and their attachments.

Each function is keyword-only, takes the acting user as ``actor=``, runs in one
transaction with the actor set for the audit log, checks the one permission rule inside
(:mod:`kunskapsnod.regions.permissions`) and refuses bad input with a
:class:`KnowledgeError` in Swedish before anything is written.

Who may do what (the rule in full is in :mod:`kunskapsnod.knowledge.access`):

* ``create_entry``, ``submit_entry``, ``archive_entry``, attachments of a draft:
  whoever may change the owning organisation (an editor of Borås for Borås' entries);
* ``publish_entry``, ``return_entry`` and changes to a published entry: those who may
  change the owner AND are node staff or administrators. ``delete_entry`` (the admin's;
  the site archives instead) follows the same rule as a change. Publishing is the node's review:
  an editor who could publish their own municipality's entry would skip it.
"""

import hashlib
import re
import uuid
from collections.abc import Iterable, Sequence
from typing import IO, Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kunskapsnod.accounts.models import User
from kunskapsnod.knowledge.files import AttachmentError, inspect_upload
from kunskapsnod.knowledge.models import (
    OWNER_KINDS,
    PROJECT_FIELDS,
    Attachment,
    Connection,
    ConnectionStatus,
    Entry,
    EntryActor,
    EntryKind,
    EntryLink,
    Status,
)
from kunskapsnod.mapping.access import latest_model
from kunskapsnod.mapping.models import Actor, Item, Kind, Level, Theme
from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.permissions import PermissionDenied, require_change, require_node_staff
from kunskapsnod.search.services import reindex_entry, remove_entry

WHAT = "kunskapsbanken"
MAX_LINKS = 20
MAX_ATTACHMENTS = 20
TEXT_FIELDS = (
    "title", "summary", "body", "target_group", "contact_name", "contact_email", "contact_phone",
    "funder", "modules", "goals", "results",
)  # fmt: skip
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

__all__ = [
    "AttachmentError",
    "KnowledgeError",
    "PermissionDenied",
    "add_attachment",
    "archive_entry",
    "create_entry",
    "decide_connection",
    "delete_attachment",
    "delete_entry",
    "publish_entry",
    "return_entry",
    "submit_entry",
    "update_entry",
]


class KnowledgeError(ValueError):
    """Input the knowledge services refuse; the message says what and where, in Swedish."""


# --- entries -------------------------------------------------------------------------------


@transaction.atomic
def create_entry(
    *,
    actor: User,
    entry: Entry,
    themes: Iterable[Theme] = (),
    actors: Iterable[str] = (),
    municipalities: Iterable[Organisation] = (),
    links: Sequence[tuple[str, str]] = (),
) -> Entry:
    """Save a new entry as a draft of ``entry.owner`` (a municipality or an association
    the actor may change). ``links`` are (url, text) pairs."""
    if entry.pk is not None:
        raise KnowledgeError("posten finns redan; ändra den med update_entry")
    require_change(actor, entry.owner, what=WHAT)
    entry.status = Status.DRAFT
    entry.created_by = actor
    entry.submitted_at = entry.published_at = entry.published_by = entry.archived_at = None
    themes = list(themes)
    with set_actor(actor):
        _save(entry, themes=themes)
        _set_relations(entry, themes=themes, actors=actors, municipalities=municipalities, links=links)
    reindex_entry(entry)
    return entry


@transaction.atomic
def update_entry(
    *,
    actor: User,
    entry: Entry,
    themes: Iterable[Theme] | None = None,
    actors: Iterable[str] | None = None,
    municipalities: Iterable[Organisation] | None = None,
    links: Sequence[tuple[str, str]] | None = None,
) -> Entry:
    """Save changes to ``entry`` (its fields as set on the instance; a relation given as
    ``None`` is left alone). The workflow fields cannot change here. A draft or an entry
    in review is changed by its owner's editors; a published or archived one only by
    those who may publish. Moving an entry to another owner needs the right to change
    both."""
    previous = Entry.objects.select_for_update().select_related("owner").filter(pk=entry.pk).first()
    if previous is None:
        raise KnowledgeError("posten finns inte")
    _require_edit(actor, previous)
    if entry.owner_id != previous.owner_id:
        require_change(actor, entry.owner, what=WHAT)
    for field in ("status", "created_by", "submitted_at", "published_at", "published_by", "archived_at"):
        setattr(entry, field, getattr(previous, field))
    themes = None if themes is None else list(themes)
    with set_actor(actor):
        _save(entry, themes=themes)
        _set_relations(entry, themes=themes, actors=actors, municipalities=municipalities, links=links)
    reindex_entry(entry)
    return entry


@transaction.atomic
def submit_entry(*, actor: User, entry: Entry) -> Entry:
    """Draft → in review: the owner's editor asks the node to publish."""
    entry = _locked(entry)
    require_change(actor, entry.owner, what=WHAT)
    _require_status(entry, Status.DRAFT, gettext_noop("skickas för granskning"))
    return _move(actor, entry, Status.REVIEW, submitted_at=timezone.now())


@transaction.atomic
def publish_entry(*, actor: User, entry: Entry) -> Entry:
    """Draft, in review or archived → published; node staff (or administrators) who may
    change the owner. The first publication date is kept when an entry is published again."""
    entry = _locked(entry)
    _require_publisher(actor, entry)
    _require_status(entry, (Status.DRAFT, Status.REVIEW, Status.ARCHIVED), gettext_noop("publiceras"))
    return _move(
        actor,
        entry,
        Status.PUBLISHED,
        published_at=entry.published_at or timezone.now(),
        published_by=actor,
        archived_at=None,
    )


@transaction.atomic
def return_entry(*, actor: User, entry: Entry) -> Entry:
    """In review → draft: the node sends an entry back to its owner for more work."""
    entry = _locked(entry)
    _require_publisher(actor, entry)
    _require_status(entry, Status.REVIEW, gettext_noop("skickas tillbaka"))
    return _move(actor, entry, Status.DRAFT, submitted_at=None)


@transaction.atomic
def archive_entry(*, actor: User, entry: Entry) -> Entry:
    """Published → archived: no longer public (the owner may always withdraw its own
    entry; publishing it again is the node's decision)."""
    entry = _locked(entry)
    require_change(actor, entry.owner, what=WHAT)
    _require_status(entry, Status.PUBLISHED, gettext_noop("arkiveras"))
    return _move(actor, entry, Status.ARCHIVED, archived_at=timezone.now())


@transaction.atomic
def delete_entry(*, actor: User, entry: Entry) -> None:
    """Delete an entry with its attachments, links and connections (Django's admin; the
    site's pages archive instead). It leaves the search index in the same transaction; its
    files go once the transaction has committed."""
    entry = _locked(entry)
    _require_edit(actor, entry)
    files = [(a.file.storage, a.file.name) for a in entry.attachments.all() if a.file.name]
    pk = entry.pk
    with set_actor(actor):
        entry.delete()
    remove_entry(pk)
    transaction.on_commit(lambda: _delete_files(files))


def _delete_files(files: list[tuple[Any, str]]) -> None:
    for storage, name in files:
        storage.delete(name)


def _locked(entry: Entry) -> Entry:
    return Entry.objects.select_for_update().select_related("owner").get(pk=entry.pk)


def _move(actor: User, entry: Entry, status: str, **fields: Any) -> Entry:
    entry.status = status
    for field, value in fields.items():
        setattr(entry, field, value)
    with set_actor(actor):
        entry.save(update_fields=["status", "updated_at", *fields])
    # Publishing makes the entry searchable for everyone, archiving hides it again.
    reindex_entry(entry)
    return entry


def _require_status(entry: Entry, allowed: str | tuple[str, ...], verb: str) -> None:
    allowed = (allowed,) if isinstance(allowed, str) else allowed
    if entry.status not in allowed:
        raise KnowledgeError(
            _("En post som är ”%(status)s” kan inte %(verb)s.")
            % {"status": entry.get_status_display().lower(), "verb": _(verb)}
        )


def _require_publisher(actor: User, entry: Entry) -> None:
    require_change(actor, entry.owner, what=WHAT)
    require_node_staff(actor, what="publiceringen i kunskapsbanken")


def _require_edit(actor: User, entry: Entry) -> None:
    require_change(actor, entry.owner, what=WHAT)
    if entry.status not in (Status.DRAFT, Status.REVIEW):
        require_node_staff(actor, what="en publicerad post i kunskapsbanken")


def _save(entry: Entry, *, themes: list[Theme] | None) -> None:
    for field in TEXT_FIELDS:
        value = getattr(entry, field) or ""
        setattr(entry, field, _CONTROLS.sub("", value).strip())
    if entry.owner.kind not in OWNER_KINDS:
        raise KnowledgeError(
            _("%(owner)s kan inte äga poster i kunskapsbanken: välj en kommun eller ett förbund")
            % {"owner": entry.owner}
        )
    if entry.kind != EntryKind.PROJECT:
        for field, empty in PROJECT_FIELDS.items():
            setattr(entry, field, empty)
    _check_classification(entry.level, themes)
    try:
        entry.full_clean()
    except ValidationError as exc:
        raise KnowledgeError(_describe(exc)) from exc
    entry.save()


def _check_classification(level: Level | None, themes: list[Theme] | None) -> None:
    """Themes and level come from the current (newest) version of the analysis model."""
    model = latest_model()
    if level is not None and (model is None or level.model_id != model.pk):
        raise KnowledgeError(_("nivån måste höra till den gällande versionen av analysmodellen"))
    if themes and (model is None or any(theme.model_id != model.pk for theme in themes)):
        raise KnowledgeError(_("teman måste höra till den gällande versionen av analysmodellen"))


def _field_name(field: str) -> str:
    if field == "__all__":
        return _("posten")
    return str(getattr(Entry._meta.get_field(field), "verbose_name", field))


def _describe(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{_field_name(field)}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
    return " ".join(exc.messages)


def _set_relations(entry: Entry, *, themes, actors, municipalities, links) -> None:
    if themes is not None:
        entry.themes.set(list(themes))
    if municipalities is not None:
        municipalities = list(municipalities)
        if any(not m.is_municipality for m in municipalities):
            raise KnowledgeError(_("bara kommuner kan anges som deltagande kommuner"))
        entry.municipalities.set(municipalities)
    if actors is not None:
        _set_actors(entry, set(actors))
    if links is not None:
        _set_links(entry, list(links))


def _set_actors(entry: Entry, wanted: set[str]) -> None:
    unknown = wanted - set(Actor.values)
    if unknown:
        raise KnowledgeError(_("okänd aktör: %(actors)s") % {"actors": ", ".join(sorted(unknown))})
    entry.actor_links.exclude(actor__in=wanted).delete()
    existing = set(entry.actor_links.values_list("actor", flat=True))
    for value in sorted(wanted - existing):
        EntryActor.objects.create(entry=entry, actor=value)


def _set_links(entry: Entry, links: list[tuple[str, str]]) -> None:
    if len(links) > MAX_LINKS:
        raise KnowledgeError(_("högst %(n)s länkar per post") % {"n": MAX_LINKS})
    validate = URLValidator(schemes=["http", "https"])
    cleaned = []
    for position, (url, label) in enumerate(links, start=1):
        url, label = _CONTROLS.sub("", url).strip(), _CONTROLS.sub("", label).strip()
        try:
            validate(url)
        except ValidationError:
            message = _("länk %(n)s: ”%(url)s” är ingen webbadress (http:// eller https://)") % {
                "n": position,
                "url": url[:100],
            }
            raise KnowledgeError(message) from None
        if len(url) > 500 or len(label) > 200:
            raise KnowledgeError(_("länk %(n)s: adressen eller texten är för lång") % {"n": position})
        cleaned.append((url, label))
    current = [(link.url, link.label) for link in entry.links.all()]
    if current != cleaned:
        entry.links.all().delete()
        EntryLink.objects.bulk_create(
            EntryLink(entry=entry, url=url, label=label, position=position)
            for position, (url, label) in enumerate(cleaned, start=1)
        )


# --- attachments ---------------------------------------------------------------------------


@transaction.atomic
def add_attachment(*, actor: User, entry: Entry, file: IO[bytes], name: str | None = None) -> Attachment:
    """Attach ``file`` to ``entry`` after checking its content (:mod:`.files`). ``name``
    is the name the user gave (default: the file's own name), kept only for display; the
    file is stored under a generated name. Nothing is stored when anything is refused."""
    entry = _locked(entry)
    _require_edit(actor, entry)
    given = name if name is not None else str(getattr(file, "name", "") or "")
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    inspected = inspect_upload(file, name=given, size=size)
    if entry.attachments.count() >= MAX_ATTACHMENTS:
        raise AttachmentError(
            _("Filen ”%(name)s” sparades inte: en post har högst %(n)s bilagor.")
            % {"name": inspected.name, "n": MAX_ATTACHMENTS}
        )
    checksum = _sha256(file)
    storage = Attachment._meta.get_field("file").storage
    # The stored name is ours alone: the entry's folder and a random name with the
    # extension of what the content is. The user's name never reaches the file system.
    stored = storage.save(f"knowledge/{entry.pk}/{uuid.uuid4().hex}.{inspected.kind}", File(file))
    try:
        with set_actor(actor):
            attachment = Attachment.objects.create(
                entry=entry,
                file=stored,
                name=inspected.name,
                kind=inspected.kind,
                content_type=inspected.content_type,
                size=size,
                sha256=checksum,
                uploaded_by=actor,
            )
    except BaseException:
        storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def delete_attachment(*, actor: User, attachment: Attachment) -> None:
    """Remove an attachment; its file goes once the transaction has committed."""
    entry = _locked(attachment.entry)
    _require_edit(actor, entry)
    name = attachment.file.name
    storage = attachment.file.storage
    with set_actor(actor):
        attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _sha256(file: IO[bytes]) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


# --- connections between needs and what others do ------------------------------------------


@transaction.atomic
def decide_connection(*, actor: User, need: Item, target: Item | Entry, confirm: bool, reason: str = "") -> Connection:
    """Confirm or reject a suggested connection between ``need`` and ``target`` (an
    intervention of another municipality or a published entry); whoever may change the
    need's municipality decides. Deciding again replaces the earlier decision (a rejected
    suggestion can be confirmed later, and the other way round)."""
    require_change(actor, need.municipality, what="kartläggningen")
    if need.kind != Kind.NEED:
        raise KnowledgeError(_("bara ett behov kan kopplas till det andra gör"))
    if isinstance(target, Entry):
        if target.status != Status.PUBLISHED:
            raise KnowledgeError(_("bara publicerade poster i kunskapsbanken kan kopplas till ett behov"))
        lookup: dict[str, Any] = {"need": need, "entry": target, "intervention": None}
    else:
        if target.kind != Kind.INTERVENTION or target.municipality_id == need.municipality_id:
            raise KnowledgeError(_("ett behov kopplas till en insats i en annan kommun"))
        lookup = {"need": need, "intervention": target, "entry": None}
    status = ConnectionStatus.CONFIRMED if confirm else ConnectionStatus.REJECTED
    values = {"status": status, "reason": _CONTROLS.sub("", reason)[:500], "decided_by": actor}
    with set_actor(actor):
        connection, _created = Connection.objects.update_or_create(
            **lookup, defaults={**values, "decided_at": timezone.now()}
        )
    return connection
