from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kunskapsnod.regions.services import RegionFileError, import_regions


class Command(BaseCommand):
    help = "Load the organisation hierarchy (Riket, län, kommunalförbund, kommuner) from a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, default=settings.DATA_DIR / "regions.csv")

    def handle(self, *args, path: Path, **options):
        try:
            summary = import_regions(path)
        except RegionFileError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"regions: {summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged, {summary.memberships_created} new memberships"
        )
