"""Who may read and do what in the knowledge bank, over the one seam
(:mod:`kunskapsnod.regions.permissions`), and the scoped reads by key.

* Reading: everyone (also without login) reads published entries; a signed-in user also
  reads the entries of organisations they may change (drafts, the review queue).
* Drafting, editing a draft or an entry in review, submitting, archiving and attaching
  files: whoever may change the owning organisation (``can_change``).
* Publishing, sending back to draft and editing what is published: ``can_change`` on the
  owner AND node staff (or administrator). An editor of a municipality who could publish
  directly would bypass the node's review, which is the point of the workflow.
"""

from kunskapsnod.knowledge.models import OWNER_KINDS, Attachment, Entry, Status
from kunskapsnod.regions.permissions import can_change, get_for_user_or_404, is_node_staff, writable_organisations


def get_entry_for_user(user, pk: int, *, write: bool = False) -> Entry:
    """The entry ``pk`` if ``user`` may read it (with ``write``: change it); 404 otherwise,
    for missing and hidden entries alike."""
    queryset = Entry.objects.visible_to(user).select_related("owner", "level", "project_owner")
    return get_for_user_or_404(user, queryset, write=write, owner="owner", pk=pk)


def get_attachment_for_user(user, pk: int, *, write: bool = False) -> Attachment:
    queryset = Attachment.objects.filter(entry__in=Entry.objects.visible_to(user)).select_related("entry__owner")
    return get_for_user_or_404(user, queryset, write=write, owner="entry__owner", pk=pk)


def owner_choices(user):
    """The organisations ``user`` may create entries for: municipalities and associations
    in their scope."""
    return writable_organisations(user).filter(kind__in=OWNER_KINDS).order_by("kind", "name")


def can_create(user) -> bool:
    return owner_choices(user).exists()


def can_publish(user, entry: Entry) -> bool:
    """Node staff (or an administrator) who may change the owner publish, send back and
    edit published entries."""
    return is_node_staff(user) and can_change(user, entry.owner_id)


def can_edit(user, entry: Entry) -> bool:
    """Change the text and the attachments: the owner's editors while the entry is a
    draft or in review; once published or archived, only those who may publish."""
    if entry.status in (Status.DRAFT, Status.REVIEW):
        return can_change(user, entry.owner_id)
    return can_publish(user, entry)


def actions_for(user, entry: Entry) -> dict[str, bool]:
    """Which workflow buttons to show (the services check again)."""
    may_change = can_change(user, entry.owner_id)
    may_publish = may_change and is_node_staff(user)
    status = entry.status
    return {
        "edit": may_change and (status in (Status.DRAFT, Status.REVIEW) or may_publish),
        "submit": may_change and status == Status.DRAFT,
        "publish": may_publish and status in (Status.DRAFT, Status.REVIEW, Status.ARCHIVED),
        "return": may_publish and status == Status.REVIEW,
        "archive": may_change and status == Status.PUBLISHED,
    }


def connection_target(user, key: str):
    """The intervention or published entry a connection form names ("insats-12",
    "post-7"), if ``user`` may read it; ``None`` otherwise."""
    from kunskapsnod.mapping.models import Item, Kind
    from kunskapsnod.text import parse_id

    kind, _sep, value = key.partition("-")
    pk = parse_id(value)
    if pk is None:
        return None
    if kind == "post":
        return Entry.objects.published().select_related("owner").filter(pk=pk).first()
    if kind == "insats" and getattr(user, "is_authenticated", False):
        return Item.objects.filter(kind=Kind.INTERVENTION, pk=pk).select_related("municipality").first()
    return None
