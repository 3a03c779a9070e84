import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from kunskapsnod.mapping.services import WRITERS, export_document


class Command(BaseCommand):
    help = "Export the whole mapping as the pre-study document (.json, .csv or .xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="file to write (stdout: JSON)")

    def handle(self, *args, path: Path | None, **options):
        document = export_document()
        if path is None:
            sys.stdout.buffer.write(WRITERS["json"](document))
            return
        fmt = path.suffix.lstrip(".").lower()
        path.write_bytes(WRITERS.get(fmt, WRITERS["json"])(document))
        self.stdout.write(f"mapping: exported to {path}")
