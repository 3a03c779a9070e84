"""Every write of the follow-up, and its non-trivial reads (see the submodules)."""

from kunskapsnod.followup.services.events import (
    Match,
    confirm_participant_import,
    delete_event,
    discard_participant_import,
    purge_participant_names,
    save_event,
    start_participant_import,
    unknown_organisations,
)
from kunskapsnod.followup.services.plans import (
    FollowupError,
    decide_plan,
    delete_activity,
    get_or_create_plan,
    save_activity,
)
from kunskapsnod.followup.services.regeneration import regenerate_reports
from kunskapsnod.followup.services.report import generate_report, save_report_texts

__all__ = [
    "FollowupError",
    "Match",
    "confirm_participant_import",
    "decide_plan",
    "delete_activity",
    "delete_event",
    "discard_participant_import",
    "generate_report",
    "get_or_create_plan",
    "purge_participant_names",
    "regenerate_reports",
    "save_activity",
    "save_event",
    "save_report_texts",
    "start_participant_import",
    "unknown_organisations",
]
