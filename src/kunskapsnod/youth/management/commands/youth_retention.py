"""Enforce the youth module's retention periods: export, then delete or anonymise, and
log what went. Run daily (cron or a systemd timer; see docs/youth.md)."""

from django.core.management.base import BaseCommand

from kunskapsnod.youth.services.retention import enforce_retention


class Command(BaseCommand):
    help = "Export, then delete or anonymise youth records past their retention period."

    def handle(self, *args, **options):
        for outcome in enforce_retention():
            where = f" (export: {outcome.export_file})" if outcome.export_file else ""
            self.stdout.write(f"{outcome.record_type}: {outcome.count}{where}")
