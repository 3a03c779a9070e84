"""Import of the pre-study document (the JSON shape of sjuharad-forstudie-2022.json; CSV
and Excel files become the same document in formats.py).

Import is an idempotent upsert keyed on (municipality, kind, source, parent, position):
the n-th item of a workshop's list is the same row every time, so re-running changes
nothing, and duplicate texts in one list (the file has some) stay distinct items.
Nothing is deleted. Classifications in the document are added when they differ from
the current ones; items without any in the document keep those made in the platform.

Every write passes the rule a form passes, for the organisation it is written to: the
importer may change every block's municipality, and a block's list reference
("workshop") must belong to that same municipality, so that no block can write into
another municipality's list.

Cost. Everything is validated and resolved before the transaction: the document, the
municipalities, model versions, themes and levels, permissions and list references; then
the affected rows are read in a few queries and the differences worked out in memory
(upsert.py), still without a lock. The transaction only checks that those rows did not
change meanwhile and writes the differences in bulk, with the audit rows in one insert.
So an import holds the database (on SQLite, its one write lock) for the writes alone, and
settings.IMPORT_MAX_ROWS bounds them.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from kunskapsnod.accounts.models import User
from kunskapsnod.mapping.models import AnalysisModel, Source
from kunskapsnod.mapping.services.document import (
    PRIORITY_SECTION,
    ClassificationIn,
    DocumentError,
    DocumentIn,
    EntryIn,
    parse_document,
)
from kunskapsnod.mapping.services.references import reference_owner
from kunskapsnod.mapping.services.upsert import ImportSummary, Writer, foreign_reference
from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.permissions import require_change

__all__ = ["ImportSummary", "import_prestudy"]


def import_prestudy(*, actor: User | None, data) -> ImportSummary:
    """Validate the whole document, then upsert it in one short transaction. ``actor``
    None means the system loading shipped data (command, demo): that is not a user's
    change, so it is not written to the audit log. A user must be allowed to change every
    municipality in it, and their import is audited row by row."""
    document = parse_document(data)
    municipalities = _municipalities(document)
    targets = _Targets(document)
    if actor is not None:
        for municipality in municipalities.values():
            require_change(actor, municipality, what="kartläggningen")
    _check_references(document, municipalities)
    return _upsert(document, actor, municipalities, targets)


def _upsert(document: DocumentIn, actor, municipalities, targets) -> ImportSummary:
    """Plan against what is stored (reads only, no lock), then write the plan in one
    transaction if nothing in the affected municipalities' mapping changed meanwhile (a
    fingerprint of counts, ids and sums, read again under the lock); else plan again."""
    for _attempt in range(3):
        writer = Writer(actor, municipalities, targets).with_refs(document)
        seen = writer.fingerprint()
        writer.plan(document)
        with transaction.atomic():
            if writer.fingerprint() == seen:
                writer.save()
                return writer.summary
    writer = Writer(actor, municipalities, targets).with_refs(document)  # still changing: plan under the lock
    with transaction.atomic():
        writer.plan(document)
        writer.save()
    return writer.summary


def _municipalities(document: DocumentIn) -> dict[str, Organisation]:
    by_name = {m.name: m for m in Organisation.objects.municipalities()}
    for block in document.blocks:
        if block.municipality not in by_name:
            raise DocumentError(
                _("%(where)s.kommun: okänd kommun %(name)r") % {"where": block.where, "name": block.municipality}
            )
    return {b.municipality: by_name[b.municipality] for b in document.blocks}


class _Targets:
    """Every classification's version, themes and level, resolved before writing."""

    def __init__(self, document: DocumentIn) -> None:
        self.models = {
            m.version: (m, {t.name: t for t in m.themes.all()}, {level.name: level for level in m.levels.all()})
            for m in AnalysisModel.objects.prefetch_related("themes", "levels")
        }
        for block in document.blocks:
            for entry in _walk(block.entries):
                for c in entry.classifications:
                    self.resolve(c, entry.text, block.section == PRIORITY_SECTION)

    def resolve(self, c: ClassificationIn, text: str, priority: bool):
        if c.version not in self.models:
            raise DocumentError(_("%(text)r: analysmodell version %(v)s finns inte") % {"text": text, "v": c.version})
        model, themes, levels = self.models[c.version]
        missing = [t for t in c.themes if t not in themes]
        if missing or (not priority and c.level not in levels):
            raise DocumentError(
                _("%(text)r: tema eller nivå finns inte i version %(v)s: %(missing)s")
                % {"text": text, "v": c.version, "missing": ", ".join(missing) or c.level}
            )
        return model, [themes[t] for t in c.themes], levels.get(c.level or "")


def _walk(entries: list[EntryIn]):
    for entry in entries:
        yield entry
        yield from entry.parts


def _check_references(document: DocumentIn, municipalities: dict[str, Organisation]) -> None:
    """A block's list reference must be its own municipality's: the list saved under it
    and the workshop it names (if that workshop is in this platform) belong there."""
    blocks = [(b, ref) for b in document.blocks if b.date is not None and (ref := b.workshop_ref)]
    refs = {ref for _, ref in blocks}
    saved = {
        s.workshop_ref: s.municipality
        for s in Source.objects.filter(workshop_ref__in=refs).select_related("municipality")
    }
    owners = {ref: [o for o in (saved.get(ref), reference_owner(ref)) if o is not None] for ref in refs}
    for block, ref in blocks:
        for owner in owners[ref]:
            if owner.pk != municipalities[block.municipality].pk:
                raise DocumentError(foreign_reference(block, owner.name))
