"""Demo: one example workshop for Borås whose notes are real needs from the Sjuhärad
pre-study (step 1, Borås, 2022), in the notes phase and without any dots: nothing is
invented. Staff who may change Borås run it from /workshoppar/."""

import json

from django.conf import settings

from kunskapsnod.regions.models import Organisation
from kunskapsnod.workshops.services import create_example_workshop

TITLE = "Exempel: Borås behov från förstudien 2022"
NOTES = 8


def load(out) -> None:
    prestudy = json.loads((settings.DATA_DIR / "sjuharad-forstudie-2022.json").read_text(encoding="utf-8"))
    boras = next(m for m in prestudy["behov_steg1"] if m["kommun"] == "Borås")
    texts = [need["text"] for need in boras["behov"][:NOTES]]
    workshop = create_example_workshop(organisation=Organisation.objects.get(slug="boras"), title=TITLE, texts=texts)
    out.write(f"workshops: example workshop {workshop.join_code} for Borås ({len(texts)} real needs as notes)")
