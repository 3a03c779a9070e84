"""JSON twins of the board (the projector view, the participant's board) and the results
page: public to whoever holds the join code, and nothing personal (no participant names,
no authors). The dots per note appear only once the votes are shown."""

import datetime as dt

from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from kunskapsnod.workshops import services
from kunskapsnod.workshops.access import get_workshop_by_code
from kunskapsnod.workshops.models import Note, Placement

router = Router(tags=["workshoppar"])


class RankedNoteOut(Schema):
    rank: int = Field(description="Standard competition ranking: equal dots share a rank (1, 1, 3).")
    shared_rank: bool = Field(description="True when another note has the same rank.")
    text: str
    dots: int
    left_out: bool = Field(description="Left out of the list the facilitator saved as prioritised needs.")
    theme: str | None = Field(None, description="The note's theme; only when the board is sorted by theme.")


class ResultsOut(Schema):
    code: str
    title: str
    organisation: str
    organisation_kolada_id: str | None
    phase: str
    date: dt.date = Field(description="The workshop's day (as in the result files).")
    dots_per_participant: int
    participants: int
    saved_at: dt.datetime | None = Field(
        description="When the facilitator saved the list as the municipality's prioritised needs (null: not saved)."
    )
    sort_by: str = Field(description="niva: columns by level; tema: by the analysis model's themes.")
    results: list[RankedNoteOut]


class TimerOut(Schema):
    ends_at: dt.datetime | None = Field(description="When the countdown runs out (null: paused or no timer).")
    paused_remaining: int | None = Field(description="Seconds left while paused.")
    server_time: dt.datetime = Field(description="The server's clock, to correct the client's.")


class ColumnOut(Schema):
    key: str = Field(description="unsorted, internt, delregionalt, or a theme's id when sorted by theme.")
    label: str


class BoardNoteOut(Schema):
    id: int
    text: str
    placement: str = Field(description="unsorted, internt or delregionalt")
    column: str = Field(description="The key of the column the note lies in (see columns).")
    merged: list[str] = Field(description="Texts of the notes merged into this one.")
    dots: int | None = Field(description="Null while the votes are hidden.")


class BoardOut(Schema):
    code: str
    title: str
    organisation: str
    phase: str
    participants: int
    voters: int = Field(description="Participants who have cast at least one dot.")
    dots: int = Field(description="Dots cast in all.")
    votes_shown: bool
    timer: TimerOut | None
    sort_by: str = Field(description="niva: columns by level; tema: by the analysis model's themes.")
    columns: list[ColumnOut] = Field(description="The board's columns, Osorterat first.")
    notes: list[BoardNoteOut]


def _workshop(code: str):
    try:
        return get_workshop_by_code(code)
    except Http404:
        raise Http404("Det finns ingen workshop med den koden") from None


@router.get("/workshops/{code}/board", response=BoardOut, url_name="workshop_board")
def workshop_board(request, code: str):
    """The board as the projector shows it: the notes on the board by column."""
    workshop = _workshop(code)
    notes = list(Note.objects.filter(workshop=workshop, hidden=False).with_dot_counts().order_by("created_at", "pk"))
    summary = services.voting_summary(workshop)
    timer = None
    if workshop.timer_ends_at or workshop.timer_remaining is not None:
        timer = {
            "ends_at": workshop.timer_ends_at,
            "paused_remaining": workshop.timer_remaining,
            "server_time": timezone.now(),
        }
    return {
        "code": workshop.join_code,
        "title": workshop.title,
        "organisation": workshop.organisation.name,
        "phase": workshop.phase,
        "participants": workshop.participants.count(),
        "voters": summary.voters,
        "dots": summary.dots,
        "votes_shown": workshop.shows_votes,
        "timer": timer,
        "sort_by": workshop.sort_by,
        "columns": [{"key": c.key, "label": c.label} for c in services.board_columns(workshop)],
        "notes": [
            {
                "id": note.pk,
                "text": note.text,
                "placement": note.placement,
                "column": workshop.column_of(note),
                "merged": [n.text for n in notes if n.merged_into_id == note.pk],
                "dots": note.dot_count if workshop.shows_votes else None,
            }
            for note in notes
            if note.merged_into_id is None and note.placement in Placement.values
        ],
    }


@router.get("/workshops/{code}/results", response=ResultsOut, url_name="workshop_results", exclude_unset=True)
def workshop_results(request, code: str):
    workshop = _workshop(code)
    if not workshop.shows_results:
        raise HttpError(409, "Resultatet visas när röstningen är avslutad")
    return {
        "code": workshop.join_code,
        "title": workshop.title,
        "organisation": workshop.organisation.name,
        "organisation_kolada_id": workshop.organisation.kolada_id,
        "phase": workshop.phase,
        "date": timezone.localdate(workshop.created_at),
        "dots_per_participant": workshop.dots_per_participant,
        "participants": workshop.participants.count(),
        "saved_at": workshop.results_saved_at,
        "sort_by": workshop.sort_by,
        "results": [_ranked(r, workshop.sorts_by_theme) for r in services.ranked_results(workshop)],
    }


def _ranked(row: services.RankedNote, by_theme: bool) -> dict:
    out = {"rank": row.rank, "shared_rank": row.shared, "text": row.text, "dots": row.dots, "left_out": row.left_out}
    return {**out, "theme": row.theme or None} if by_theme else out
