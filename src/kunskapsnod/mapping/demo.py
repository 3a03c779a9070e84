import json

from django.conf import settings

from kunskapsnod.mapping.models import Item, Priority
from kunskapsnod.mapping.services import import_prestudy, load_analysis_models


def load(out) -> None:
    models = load_analysis_models(settings.DATA_DIR / "analysmodell.json")
    prestudy = json.loads((settings.DATA_DIR / "sjuharad-forstudie-2022.json").read_text("utf-8"))
    summary = import_prestudy(actor=None, data=prestudy)
    out.write(
        f"mapping: {models} new analysis model versions; pre-study {summary} "
        f"({Item.objects.count()} items, {Priority.objects.count()} priorities)"
    )
