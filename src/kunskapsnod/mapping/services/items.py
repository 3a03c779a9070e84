"""Writes of interventions and needs and of their classification."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kunskapsnod.accounts.models import User
from kunskapsnod.mapping.models import (
    TEXT_MAX,
    AnalysisModel,
    Classification,
    Item,
    ItemActor,
    Kind,
    Level,
    Source,
    Theme,
)
from kunskapsnod.mapping.services.common import MappingError
from kunskapsnod.regions.models import Meeting
from kunskapsnod.regions.permissions import require_change
from kunskapsnod.search import services as search


@transaction.atomic
def save_item(*, actor: User, item: Item, actors: list[str] | None = None, meeting: Meeting | None = None) -> Item:
    """Create or update an intervention or need. The actor must be allowed to change the
    item's municipality (and, when it is moved, the municipality it had before). With a
    ``meeting``, the item's source becomes that meeting (one source per meeting)."""
    if meeting is not None:
        item.source = source_for_meeting(meeting=meeting, municipality=item.municipality)
    if item.pk:
        previous = Item.objects.select_for_update().select_related("municipality").get(pk=item.pk)
        require_change(actor, previous.municipality, what="kartläggningen")
    require_change(actor, item.municipality, what="kartläggningen")
    _check_item(item)
    if item.pk is None and not item.position:
        item.position = _next_position(item)
    item.full_clean()
    item.save()
    if actors is not None:
        set_item_actors(item, actors)
    search.reindex_items([item])
    return item


def source_for_meeting(*, meeting: Meeting, municipality) -> Source:
    source = Source.objects.filter(meeting=meeting, municipality=municipality).first()
    if source is None:
        source, _created = Source.objects.get_or_create(
            municipality=municipality,
            label=meeting.topic[:300],
            date=meeting.date,
            workshop_ref=None,
            defaults={"meeting": meeting},
        )
    return source


def _check_item(item: Item) -> None:
    item.text = (item.text or "").strip()
    if not item.text:
        raise MappingError(_("texten får inte vara tom"))
    if len(item.text) > TEXT_MAX:
        raise MappingError(_("texten är längre än %(n)s tecken") % {"n": TEXT_MAX})
    if item.kind != Kind.NEED:
        item.scope = ""
    if item.parent_id is not None:
        parent = Item.objects.get(pk=item.parent_id)
        if parent.municipality_id != item.municipality_id or parent.kind != item.kind:
            raise MappingError(_("en del måste höra till en post av samma typ i samma kommun"))
        if parent.pk == item.pk or parent.parent_id is not None:
            raise MappingError(_("delar kan bara ligga en nivå under en post"))
    if item.source is not None and item.source.municipality_id != item.municipality_id:
        raise MappingError(_("källan hör till en annan kommun"))


def _next_position(item: Item) -> int:
    siblings = Item.objects.filter(
        municipality=item.municipality, kind=item.kind, source=item.source, parent=item.parent
    )
    return (siblings.aggregate(top=Max("position"))["top"] or 0) + 1


def set_item_actors(item: Item, actors: list[str]) -> None:
    wanted = set(actors)
    item.actor_links.exclude(actor__in=wanted).delete()
    existing = set(item.actor_links.values_list("actor", flat=True))
    for value in sorted(wanted - existing):
        ItemActor.objects.create(item=item, actor=value)


@transaction.atomic
def delete_item(*, actor: User, item: Item) -> None:
    """Delete an item with its parts and classifications; priorities keep their text."""
    require_change(actor, item.municipality, what="kartläggningen")
    pk, parent = item.pk, item.parent_id
    item.delete()
    if parent:
        search.reindex_items([parent])  # a part is indexed with its parent
    else:
        search.remove_items([pk])


@transaction.atomic
def classify_items(
    *,
    actor: User,
    items: list[Item],
    model: AnalysisModel,
    themes: list[Theme],
    level: Level,
) -> int:
    """Classify items in one model version. An item's earlier classification in the same
    version becomes history (is_current=False); classifications in other versions stay.
    Unchanged classifications are left alone. Returns how many items got a new one."""
    if not themes:
        raise MappingError(_("välj minst ett tema"))
    if level.model_id != model.pk or any(t.model_id != model.pk for t in themes):
        raise MappingError(_("teman och nivå måste höra till den valda versionen av analysmodellen"))
    for municipality in {item.municipality for item in items}:
        require_change(actor, municipality, what="kartläggningen")
    wanted = {t.pk for t in themes}
    current = {
        c.item_id: c
        for c in Classification.objects.current().filter(model=model, item__in=items).prefetch_related("themes")
    }
    changed = 0
    for item in items:
        old = current.get(item.pk)
        if old and old.level_id == level.pk and {t.pk for t in old.themes.all()} == wanted:
            continue
        if old:
            old.is_current = False
            old.save(update_fields=["is_current"])
        new = Classification.objects.create(item=item, model=model, level=level, created_by=actor)
        new.themes.set(sorted(wanted))
        changed += 1
    search.reindex_items(items)
    return changed


@transaction.atomic
def save_classification(*, actor: User, classification: Classification, themes: list[Theme]) -> Classification:
    """Save one classification row as it is edited in place (Django's admin): its item,
    version, level, themes and whether it is current. ``classify_items`` is the page's way,
    which keeps the old row as history; an administrator correcting a row needs this one.
    The search index follows the item (and the item it was moved from)."""
    items = [classification.item_id]
    if classification.pk:
        previous = Classification.objects.select_for_update().select_related("item__municipality")
        before = previous.get(pk=classification.pk)
        require_change(actor, before.item.municipality, what="kartläggningen")
        items.append(before.item_id)
    require_change(actor, classification.item.municipality, what="kartläggningen")
    model_id = classification.model_id
    if classification.level.model_id != model_id or any(t.model_id != model_id for t in themes):
        raise MappingError(_("teman och nivå måste höra till den valda versionen av analysmodellen"))
    if not themes:
        raise MappingError(_("välj minst ett tema"))
    classification.full_clean()
    classification.save()
    classification.themes.set(themes)
    search.reindex_items(items)
    return classification
