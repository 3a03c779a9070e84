"""`kunskapsnod regenerate_reports`: store a new annual report wherever its inputs changed
(kunskapsnod/followup/services/regeneration.py); the operations app runs it nightly as the
job `reports`."""

from django.core.management.base import BaseCommand

from kunskapsnod.followup.services import regenerate_reports


class Command(BaseCommand):
    help = "Regenerate stored annual reports whose inputs changed since they were generated."

    def handle(self, *args, **options):
        lines = regenerate_reports()
        for line in lines:
            self.stdout.write(line)
        if not lines:
            self.stdout.write("no stored reports")
