from django.core.management.base import BaseCommand

from kunskapsnod.demo import load_all


class Command(BaseCommand):
    help = "Load the shipped real data and create the demo accounts (idempotent)."

    def handle(self, *args, **options):
        load_all(self.stdout)
