"""Classification suggestions: a page of unclassified items, each with its suggested theme
and level and the reason, where staff accept, change or reject one by one or the whole
page at once. Plain form posts: every action works without JavaScript and by keyboard."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kunskapsnod.mapping.models import AnalysisModel, Decision, Item, Level, Theme
from kunskapsnod.mapping.services.suggestions import SuggestionDecision, decide_suggestions
from kunskapsnod.mapping.suggestions import Suggestion, reason, suggest_for, suggester_for, unclassified_items
from kunskapsnod.mapping.views.analysis import needs_model, scoped, writable_municipalities
from kunskapsnod.regions.models import OrganisationKind
from kunskapsnod.regions.permissions import require_write_access
from kunskapsnod.text import parse_id

PAGE_SIZE = 25


@dataclass
class Row:
    suggestion: Suggestion
    reason: str
    neighbours: list[tuple[int, str]]
    writable: bool

    @property
    def item(self) -> Item:
        return self.suggestion.item


def rows_for(model: AnalysisModel, items: list[Item], writable_ids: set[int]) -> list[Row]:
    texts = {e.key: e.text for e in suggester_for(model).examples.values()}
    rows = []
    for suggestion in suggest_for(model, items):
        near = [(pk, texts.get(pk, "")) for pk in suggestion.themes[0].neighbours[:3]]
        rows.append(Row(suggestion, reason(suggestion, texts), near, suggestion.item.pk in writable_ids))
    return rows


@needs_model
def suggestion_list(request):
    form, model = scoped(request)
    shown = unclassified_items(model, form.municipalities())
    writable = shown.filter(municipality__in=writable_municipalities(request.user))
    if request.method == "POST":
        require_write_access(request.user, kind=OrganisationKind.MUNICIPALITY, what="klassificera poster")
        _decide(request, model, writable)
        return redirect(f"{request.path}?{form.query()}")
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("sida"))
    items = list(page)
    writable_ids = set(writable.filter(pk__in=[i.pk for i in items]).values_list("pk", flat=True))
    context = {
        "form": form,
        "model": model,
        "scope": form.query(),
        "page": page,
        "rows": rows_for(model, items, writable_ids),
        "themes": list(model.themes.all()),
        "levels": list(model.levels.all()),
        "any_writable": bool(writable_ids),
    }
    return render(request, "mapping/suggestions.html", context)


def _decide(request, model: AnalysisModel, writable) -> None:
    """Read which items and what was decided from the buttons and boxes, recompute their
    suggestions and hand the decisions to the service (which checks the rule again)."""
    action, _sep, target = request.POST.get("atgard", "").partition("-")
    if action not in ("godkann", "avvisa"):
        messages.error(request, _("Välj Godkänn eller Avvisa."))
        return
    if target == "valda":
        ids = request.POST.getlist("val")
    elif target == "sidan":
        ids = request.POST.getlist("sidan")
    else:
        ids = [target]
    pks = {pk for pk in (parse_id(value) for value in ids[: PAGE_SIZE * 4]) if pk is not None}
    items = list(writable.filter(pk__in=pks))
    if not items:
        messages.error(request, _("Inga poster valdes."))
        return
    themes = {t.pk: t for t in model.themes.all()}
    levels = {lv.pk: lv for lv in model.levels.all()}
    texts = {e.key: e.text for e in suggester_for(model).examples.values()}
    decisions = [
        _decision(
            request.POST, s, Decision.ACCEPTED if action == "godkann" else Decision.REJECTED, themes, levels, texts
        )
        for s in suggest_for(model, items)
    ]
    summary = decide_suggestions(actor=request.user, model=model, decisions=decisions)
    messages.success(
        request,
        _("%(a)s godkända, %(c)s ändrade och %(r)s avvisade förslag.")
        % {"a": summary.accepted, "c": summary.changed, "r": summary.rejected},
    )


def _decision(post, s: Suggestion, decision: str, themes: dict, levels: dict, texts: dict) -> SuggestionDecision:
    pk = s.item.pk
    chosen_theme: Theme | None = themes.get(parse_id(post.get(f"tema-{pk}")))
    chosen_level: Level | None = levels.get(parse_id(post.get(f"niva-{pk}")))
    return SuggestionDecision(
        item=s.item,
        theme=s.theme,
        level=s.level.choice,  # type: ignore[arg-type]
        decision=decision,
        reason=reason(s, texts),
        score=s.score,
        chosen_theme=chosen_theme,
        chosen_level=chosen_level,
    )
