"""`kunskapsnod backup [--output PATH]`: the database and the uploaded files in one archive
with a manifest and checksums (kunskapsnod/operations/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kunskapsnod.operations.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a backup archive (database + uploaded files, manifest, SHA-256) for `kunskapsnod restore`."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            help="archive to write (default: KUNSKAPSNOD_BACKUP_DIR/kunskapsnod-<time>.tar)",
        )

    def handle(self, *args, output, **options):
        try:
            result = backup(output=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"backup: {result}")
