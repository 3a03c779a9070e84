from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kunskapsnod.mapping.services import MappingError, import_prestudy, load_analysis_models, read_document


class Command(BaseCommand):
    help = (
        "Import interventions, needs and ranked priorities from a pre-study document "
        "(.json as data/sjuharad-forstudie-2022.json, or the .csv/.xlsx export). Loads the "
        "shipped analysis model (data/analysmodell.json) first when a version is missing. Idempotent."
    )

    def add_arguments(self, parser):
        default = settings.DATA_DIR / "sjuharad-forstudie-2022.json"
        parser.add_argument("path", nargs="?", type=Path, default=default)

    def handle(self, *args, path: Path, **options):
        # The pages need a model version and the document's classifications refer to one.
        models = load_analysis_models(settings.DATA_DIR / "analysmodell.json")
        try:
            data = read_document(str(path), path.read_bytes())
            summary = import_prestudy(actor=None, data=data)
        except FileNotFoundError:
            raise CommandError(f"{path}: filen finns inte") from None
        except MappingError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"analysis model: {models} new versions; prestudy: {summary}")
