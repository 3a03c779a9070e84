from django.core.management.base import BaseCommand

from kunskapsnod.followup.services import purge_participant_names


class Command(BaseCommand):
    help = (
        "Blank the names and e-mail addresses of event participants older than "
        "KUNSKAPSNOD_PARTICIPANT_NAME_RETENTION_DAYS (the counts stay), and delete "
        "participant lists never confirmed within that time. Meant to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="override the retention setting (days)")

    def handle(self, *args, days=None, **options):
        summary = purge_participant_names(days=days)
        self.stdout.write(
            f"Purged names of {summary.participants} participants; deleted {summary.imports} unconfirmed lists."
        )
