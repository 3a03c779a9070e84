"""Every write of the live workshops, and the reads that need more than one query.

Facilitator writes take ``actor=`` and check :func:`require_change` on the workshop's
organisation. Participant writes take the ``participant`` (anonymous, from the session).
The locking rules that make concurrent votes exact are in :mod:`.common`.

* :mod:`.lifecycle`: join codes, creating and joining a workshop, its phases;
* :mod:`.timer`: the countdown of the current phase;
* :mod:`.notes`: writing, editing and deleting notes;
* :mod:`.board`: placing, hiding and merging notes (with undo), the board's fingerprint;
* :mod:`.voting`: dots, hidden or revealed votes;
* :mod:`.results`: the ranked result, saved as the municipality's prioritised needs.
"""

from kunskapsnod.workshops.services.board import (
    Column,
    board_columns,
    board_version,
    hide_note,
    merge_notes,
    place_note,
    place_note_as_facilitator,
    set_sort_by,
    unmerge_note,
    workshop_themes,
)
from kunskapsnod.workshops.services.common import InvalidInput, WorkshopError
from kunskapsnod.workshops.services.lifecycle import (
    close_workshop,
    create_example_workshop,
    create_workshop,
    join_workshop,
    joining_closed_message,
    new_join_code,
    normalise_join_code,
    set_joining,
    set_phase,
)
from kunskapsnod.workshops.services.notes import (
    NOTES_PER_PARTICIPANT,
    add_facilitator_note,
    add_note,
    clean_note_text,
    delete_note,
    edit_note,
)
from kunskapsnod.workshops.services.results import (
    MappingListStatus,
    RankedNote,
    competition_ranked,
    mapping_list_status,
    ranked_results,
    save_results,
    workshop_ref,
)
from kunskapsnod.workshops.services.timer import (
    TIMER_MAX_SECONDS,
    extend_timer,
    pause_timer,
    resume_timer,
    start_timer,
    stop_timer,
)
from kunskapsnod.workshops.services.voting import (
    VotingSummary,
    cast_dot,
    dots_by_note,
    remove_dot,
    reveal_votes,
    set_votes_live,
    voting_summary,
)

__all__ = [
    "NOTES_PER_PARTICIPANT",
    "TIMER_MAX_SECONDS",
    "Column",
    "InvalidInput",
    "MappingListStatus",
    "RankedNote",
    "VotingSummary",
    "WorkshopError",
    "add_facilitator_note",
    "add_note",
    "board_columns",
    "board_version",
    "cast_dot",
    "clean_note_text",
    "close_workshop",
    "competition_ranked",
    "create_example_workshop",
    "create_workshop",
    "delete_note",
    "dots_by_note",
    "edit_note",
    "extend_timer",
    "hide_note",
    "join_workshop",
    "joining_closed_message",
    "mapping_list_status",
    "merge_notes",
    "new_join_code",
    "normalise_join_code",
    "pause_timer",
    "place_note",
    "place_note_as_facilitator",
    "ranked_results",
    "remove_dot",
    "resume_timer",
    "reveal_votes",
    "save_results",
    "set_joining",
    "set_phase",
    "set_sort_by",
    "set_votes_live",
    "start_timer",
    "stop_timer",
    "unmerge_note",
    "voting_summary",
    "workshop_ref",
    "workshop_themes",
]
