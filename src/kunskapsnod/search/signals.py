"""The index follows every delete of what it holds, whoever deletes it.

The write services re-index what they write, in their transaction. Deletes also come
from where no service of ours runs: Django's admin (an object's delete page and the bulk
"delete selected" action of a model without a delete service), and cascades — an
organisation's memberships and its place in entries' lists of municipalities, a parent
item's parts. So the search app listens to ``post_delete`` of the indexed rows and of
what their facets are made of (organisations, memberships, an item's current
classification, themes). Django sends it inside the deleting transaction (the
collector's ``atomic`` block), once per row, cascaded rows included: the index changes
commit or roll back with the delete. A service that already removed the document makes
the receiver find nothing (one query).

A receiver, not a service call, because a cascade has no service to call; and the index
is derived data, like the workshops' change notifications (workshops/live.py), not a
business rule. Connecting a receiver makes Django fetch rows it would otherwise delete
in one statement: deleting many items at once costs a few queries per item.
"""

from collections import defaultdict

from django.db.models import Q, QuerySet
from django.db.models.signals import post_delete, post_save, pre_save

from kunskapsnod.knowledge.models import Entry
from kunskapsnod.mapping.access import latest_model
from kunskapsnod.mapping.models import AnalysisModel, Classification, Item, Priority, Theme
from kunskapsnod.regions.models import Membership, Organisation
from kunskapsnod.search import services
from kunskapsnod.search.models import Document, Source

_REINDEX = {
    Source.ITEM: services.reindex_items,
    Source.PRIORITY: services.reindex_priorities,
    Source.ENTRY: services.reindex_entries,
}


def _item_deleted(sender, instance: Item, **kwargs) -> None:
    # A part is indexed with its parent; a parent that is gone too leaves the index.
    if instance.parent_id:
        services.reindex_items([instance.parent_id])
    else:
        services.remove_items([instance.pk])


def _priority_deleted(sender, instance: Priority, **kwargs) -> None:
    if instance.parent_id:
        services.reindex_priorities([instance.parent_id])
    else:
        services.remove_priorities([instance.pk])


def _entry_deleted(sender, instance: Entry, **kwargs) -> None:
    services.remove_entry(instance.pk)


def _deleted_with_its_item(origin) -> bool:
    """The delete began at items (one, or a queryset): their own receiver takes them out."""
    return _deleted_with(origin, Item)


def _classification_deleted(sender, instance: Classification, origin=None, **kwargs) -> None:
    # An item's current classification is its theme and level facets (the admin may delete
    # one); a classification that is history, or goes with its item, changes nothing.
    if instance.is_current and not _deleted_with_its_item(origin):
        services.reindex_items([instance.item_id])


def _theme_deleted(sender, instance: Theme, origin=None, **kwargs) -> None:
    # Deleting a theme (the analysis model's admin page) takes it off classifications,
    # priorities and entries without a signal of their own. Themes that go with their
    # model are left to the model's receiver.
    if not _deleted_with(origin, AnalysisModel):
        _reindex(Document.objects.filter(themes__contains=f",{instance.pk},"))


def _deleted_with(origin, model) -> bool:
    return isinstance(origin, model) or (isinstance(origin, QuerySet) and origin.model is model)


def _model_deleted(sender, instance: AnalysisModel, **kwargs) -> None:
    # The facets show the newest version's themes and levels: without it, the one before
    # is the newest, for every document (the admin may delete a version nothing is
    # classified in yet; classifications protect the others).
    newest = latest_model()
    if newest is None or newest.version < instance.version:
        services.reindex_all()


def reindex_naming(organisation_id: int) -> int:
    """Re-index every document whose facets name the organisation, or that belongs to it
    (its municipality's items and priorities, entries it owns or takes part in)."""
    marker = f",{organisation_id},"
    return _reindex(
        Document.objects.filter(
            Q(municipality_id=organisation_id)
            | Q(owner_id=organisation_id)
            | Q(municipalities__contains=marker)
            | Q(associations__contains=marker)
        )
    )


def _reindex(documents: QuerySet[Document]) -> int:
    by_source: dict[str, list[int]] = defaultdict(list)
    for source, object_id in documents.values_list("source", "object_id"):
        by_source[source].append(object_id)
    return sum(_REINDEX[source](ids) for source, ids in by_source.items())


def _organisation_deleted(sender, instance: Organisation, **kwargs) -> None:
    reindex_naming(instance.pk)


def _remember_slug(sender, instance: Organisation, raw=False, update_fields=None, **kwargs) -> None:
    # A priority's document links to its municipality's page by slug. Saves that name
    # their fields and leave the slug out (the descriptive fields' service) cost nothing.
    if raw or instance.pk is None or (update_fields is not None and "slug" not in update_fields):
        return
    instance._search_slug_before = Organisation.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()


def _organisation_saved(sender, instance: Organisation, created=False, raw=False, **kwargs) -> None:
    # The region import (a renamed municipality) and the admin may change a slug; regions
    # imports nothing of search, so the index follows here, in the saving transaction.
    before = instance.__dict__.pop("_search_slug_before", None)
    if not created and not raw and before is not None and before != instance.slug:
        _reindex(Document.objects.filter(municipality_id=instance.pk))


def _membership_changed(sender, instance: Membership, **kwargs) -> None:
    # A municipality's documents carry the associations it belongs to; the admin's inline
    # may move a membership to another member, which leaves the one it had.
    for member_id in {instance.member_id, instance.__dict__.pop("_search_member_before", None)} - {None}:
        reindex_naming(member_id)


def _remember_member(sender, instance: Membership, raw=False, **kwargs) -> None:
    if not raw and instance.pk is not None:
        before = Membership.objects.filter(pk=instance.pk).values_list("member_id", flat=True).first()
        instance._search_member_before = before


def connect_signals() -> None:
    """Called from SearchConfig.ready()."""
    for model, receiver in (
        (Item, _item_deleted),
        (Priority, _priority_deleted),
        (Entry, _entry_deleted),
        (Classification, _classification_deleted),
        (Theme, _theme_deleted),
        (Organisation, _organisation_deleted),
        (AnalysisModel, _model_deleted),
        (Membership, _membership_changed),
    ):
        post_delete.connect(receiver, sender=model, dispatch_uid=f"search-{model.__name__}-delete")
    post_save.connect(_membership_changed, sender=Membership, dispatch_uid="search-Membership-save")
    pre_save.connect(_remember_member, sender=Membership, dispatch_uid="search-Membership-member")
    pre_save.connect(_remember_slug, sender=Organisation, dispatch_uid="search-Organisation-slug")
    post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="search-Organisation-save")
