"""A person's decisions on classification suggestions (mapping/suggestions.py): accept,
change or reject, one item or many at once."""

from collections.abc import Sequence
from dataclasses import dataclass

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kunskapsnod.accounts.models import User
from kunskapsnod.mapping.models import (
    AnalysisModel,
    Classification,
    ClassificationSuggestion,
    Decision,
    Item,
    Level,
    Theme,
)
from kunskapsnod.mapping.services.common import MappingError
from kunskapsnod.regions.permissions import require_change
from kunskapsnod.search import services as search

REASON_MAX = 2000
_COUNTERS = {Decision.ACCEPTED: "accepted", Decision.CHANGED: "changed", Decision.REJECTED: "rejected"}


@dataclass
class SuggestionDecision:
    """What a person decided for one item: ``theme`` and ``level`` are what was suggested;
    ``chosen_theme``/``chosen_level`` what the person picked instead (None: as suggested)."""

    item: Item
    theme: Theme
    level: Level
    decision: str  # Decision.ACCEPTED or Decision.REJECTED; a change is an acceptance with another choice
    reason: str = ""
    score: float = 0.0
    chosen_theme: Theme | None = None
    chosen_level: Level | None = None


@dataclass
class DecisionSummary:
    accepted: int = 0
    changed: int = 0
    rejected: int = 0
    skipped: int = 0  # classified meanwhile by someone else: their classification stands


@transaction.atomic
def decide_suggestions(
    *, actor: User, model: AnalysisModel, decisions: Sequence[SuggestionDecision]
) -> DecisionSummary:
    """Record each decision (who, when, what was suggested and why). An accepted or changed
    suggestion becomes the item's classification in ``model``, marked as coming from the
    suggestion; a rejected one is remembered so its theme is not suggested again. The
    actor must be allowed to change every item's municipality; nothing is written if one
    is refused."""
    for municipality in {d.item.municipality for d in decisions}:
        require_change(actor, municipality, what="kartläggningen")
    for d in decisions:
        _check(model, d)
    classified = set(
        Classification.objects.current()
        .filter(model=model, item__in=[d.item.pk for d in decisions])
        .values_list("item_id", flat=True)
    )
    summary = DecisionSummary()
    now = timezone.now()
    with set_actor(actor):
        for d in decisions:
            if d.item.pk in classified:
                summary.skipped += 1
                continue
            _record(actor, model, d, now, summary)
            classified.add(d.item.pk)
    # The search's theme and level facets follow the new classifications.
    search.reindex_items([d.item for d in decisions if d.decision == Decision.ACCEPTED])
    return summary


def _record(actor: User, model: AnalysisModel, d: SuggestionDecision, now, summary: DecisionSummary) -> None:
    theme, level = d.chosen_theme or d.theme, d.chosen_level or d.level
    if d.decision == Decision.REJECTED:
        outcome = Decision.REJECTED
    elif theme.pk == d.theme.pk and level.pk == d.level.pk:
        outcome = Decision.ACCEPTED
    else:
        outcome = Decision.CHANGED
    suggestion = ClassificationSuggestion.objects.create(
        item=d.item,
        model=model,
        theme=d.theme,
        level=d.level,
        reason=d.reason[:REASON_MAX],
        score=d.score,
        decision=outcome,
        decided_by=actor,
        decided_at=now,
    )
    counter = _COUNTERS[outcome]
    setattr(summary, counter, getattr(summary, counter) + 1)
    if outcome == Decision.REJECTED:
        return
    classification = Classification.objects.create(
        item=d.item, model=model, level=level, created_by=actor, suggestion=suggestion
    )
    classification.themes.set([theme])


def _check(model: AnalysisModel, d: SuggestionDecision) -> None:
    if d.decision not in (Decision.ACCEPTED, Decision.REJECTED):
        raise MappingError(_("okänt beslut: %(decision)s") % {"decision": d.decision})
    choices = [d.theme, d.level, d.chosen_theme, d.chosen_level]
    if any(c is not None and c.model_id != model.pk for c in choices):
        raise MappingError(_("teman och nivå måste höra till den valda versionen av analysmodellen"))
