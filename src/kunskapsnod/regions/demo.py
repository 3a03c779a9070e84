import json

from django.conf import settings

from kunskapsnod.regions.services import import_prestudy_meetings, import_regions


def load(out) -> None:
    summary = import_regions(settings.DATA_DIR / "regions.csv")
    out.write(f"regions: {summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged")
    prestudy = json.loads((settings.DATA_DIR / "sjuharad-forstudie-2022.json").read_text("utf-8"))
    created = import_prestudy_meetings(prestudy)
    out.write(f"meetings: {created} pre-study workshops added")
