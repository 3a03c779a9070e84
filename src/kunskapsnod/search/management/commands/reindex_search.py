from django.core.management.base import BaseCommand

from kunskapsnod.search.services import reindex_all


class Command(BaseCommand):
    help = "Rebuild the search index from interventions, needs, priorities and knowledge-bank entries (idempotent)."

    def handle(self, *args, **options):
        summary = reindex_all()
        self.stdout.write(f"search: indexed {summary}")
