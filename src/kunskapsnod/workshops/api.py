"""JSON twin of the results page: public once the workshop shows its results, and
nothing personal (no participant names, no authors)."""

from datetime import datetime

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from kunskapsnod.workshops import services
from kunskapsnod.workshops.access import get_workshop_by_code

router = Router(tags=["workshoppar"])


class RankedNoteOut(Schema):
    rank: int = Field(description="Standard competition ranking: equal dots share a rank (1, 1, 3).")
    shared_rank: bool = Field(description="True when another note has the same rank.")
    text: str
    dots: int
    left_out: bool = Field(description="Left out of the list the facilitator saved as prioritised needs.")


class ResultsOut(Schema):
    code: str
    title: str
    organisation: str
    organisation_kolada_id: str | None
    phase: str
    dots_per_participant: int
    participants: int
    saved_at: datetime | None = Field(
        description="When the facilitator saved the list as the municipality's prioritised needs (null: not saved)."
    )
    results: list[RankedNoteOut]


@router.get("/workshops/{code}/results", response=ResultsOut, url_name="workshop_results")
def workshop_results(request, code: str):
    try:
        workshop = get_workshop_by_code(code)
    except Http404:
        raise Http404("Det finns ingen workshop med den koden") from None
    if not workshop.shows_results:
        raise HttpError(409, "Resultatet visas när röstningen är avslutad")
    return {
        "code": workshop.join_code,
        "title": workshop.title,
        "organisation": workshop.organisation.name,
        "organisation_kolada_id": workshop.organisation.kolada_id,
        "phase": workshop.phase,
        "dots_per_participant": workshop.dots_per_participant,
        "participants": workshop.participants.count(),
        "saved_at": workshop.results_saved_at,
        "results": [
            {"rank": r.rank, "shared_rank": r.shared, "text": r.text, "dots": r.dots, "left_out": r.left_out}
            for r in services.ranked_results(workshop)
        ],
    }
