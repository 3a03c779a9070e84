"""`kunskapsnod restore ARCHIVE`: verify a backup completely, then replace this
installation's database and uploaded files with it and migrate
(kunskapsnod/operations/backup.py). Stop the app servers and timers first."""

import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kunskapsnod.operations.backup import BackupError, restore, verify


class Command(BaseCommand):
    help = "Restore a backup written by `kunskapsnod backup` (replaces the database and uploaded files)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--no-input", "--noinput", dest="interactive", action="store_false")
        parser.add_argument("--check", action="store_true", help="only verify the archive; change nothing")

    def handle(self, *args, archive, interactive, check, **options):
        try:
            if check:
                with tempfile.TemporaryDirectory(prefix="kunskapsnod-verify-") as folder:
                    manifest = verify(archive, Path(folder)).manifest
                self.stdout.write(
                    f"{archive}: intact ({manifest['engine']}, version {manifest['version']}, "
                    f"{manifest['created_at']}, {len(manifest['files'])} files)"
                )
                return
            if interactive:
                answer = input(
                    "This replaces the database and every uploaded file of this installation "
                    f"with those of {archive}. Type 'yes' to continue: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled; nothing was changed.")
            result = restore(archive=archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"restore: {result}")
