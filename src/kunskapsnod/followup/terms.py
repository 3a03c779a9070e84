"""The analysis model's words the activity plan uses: focus areas and strategies.

Focus areas are the region's focus areas and the themes of the newest version of the
analysis model (the mapping module's, loaded from analysmodell.json); a plan keeps the
name as text, so a later version of the model leaves decided plans readable."""

import json
from functools import lru_cache

from django.conf import settings

from kunskapsnod.followup.models import Strategy
from kunskapsnod.mapping.models import AnalysisModel, Theme


@lru_cache(maxsize=1)
def _document() -> dict:
    return json.loads((settings.DATA_DIR / "analysmodell.json").read_text("utf-8"))


def regional_focus_areas() -> list[str]:
    return list(_document().get("regionala_fokusomraden", []))


def focus_areas() -> list[str]:
    """The choices, in order: the newest model's themes, then the region's focus areas."""
    newest = AnalysisModel.objects.order_by("-version").first()
    themes = list(Theme.objects.filter(model=newest).order_by("order").values_list("name", flat=True)) if newest else []
    if not themes:
        model = max(_document().get("analysmodeller", []), key=lambda m: m["version"], default={})
        themes = list(model.get("teman", []))
    return list(dict.fromkeys([*themes, *regional_focus_areas()]))


def strategy_choices() -> list[tuple[str, str]]:
    return list(Strategy.choices)
