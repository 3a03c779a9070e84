"""The scheduled jobs: what each runs, how often it is expected to, and how long its lock
may be held. systemd timers (deploy/) start them with `kunskapsnod runjob <name>`; the
interval here is what readiness compares the last run with, not what starts them."""

import datetime
from dataclasses import dataclass

from django.core.management import get_commands
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Job:
    name: str
    command: tuple[str, ...]
    every: datetime.timedelta
    # A lock older than this belongs to a server that died mid-run; the next run takes it.
    lease: datetime.timedelta = datetime.timedelta(hours=2)
    # Its summary (what changed) is mailed to KOLADA_SUMMARY_TO after every successful run.
    mails_summary: bool = False

    @property
    def installed(self) -> bool:
        """Jobs of modules that are not installed (or not built yet) are left out."""
        return self.command[0] in get_commands()

    @property
    def every_text(self) -> str:
        """How often, in words for the operations page ("varje dygn", not "1 day, 0:00:00")."""
        hours = int(self.every.total_seconds() // 3600)
        if hours and hours % 24 == 0:
            days = hours // 24
            return ngettext("varje dygn", "med %(n)s dygns mellanrum", days) % {"n": days}
        return ngettext("varje timme", "med %(n)s timmars mellanrum", hours) % {"n": hours}


DAY = datetime.timedelta(days=1)

JOBS = {
    job.name: job
    for job in (
        Job("kolada-refresh", ("kolada", "refresh"), every=DAY, lease=datetime.timedelta(hours=6), mails_summary=True),
        Job("participant-names", ("purge_participant_names",), every=DAY),
        Job("youth-retention", ("youth_retention",), every=DAY),
        Job("reports", ("regenerate_reports",), every=DAY),
        Job("clear-sessions", ("clearsessions",), every=DAY),
        Job("backup", ("backup",), every=DAY),
    )
}


def installed_jobs() -> list[Job]:
    return [job for job in JOBS.values() if job.installed]
