"""`kunskapsnod runjob NAME`: run a scheduled job once across all servers, recorded."""

from django.core.management.base import BaseCommand, CommandError

from kunskapsnod.operations.jobs import installed_jobs
from kunskapsnod.operations.services import UnknownJob, run_job


class Command(BaseCommand):
    help = "Run a scheduled job (with its lock and a record of the run); --list shows them."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?")
        parser.add_argument("--list", action="store_true", help="list the installed jobs")

    def handle(self, *args, name, list, **options):
        if list or not name:
            for job in installed_jobs():
                self.stdout.write(f"{job.name}\t{' '.join(job.command)}\tevery {job.every}")
            return
        try:
            run = run_job(name=name)
        except UnknownJob as exc:
            raise CommandError(str(exc)) from None
        if run is None:
            self.stdout.write(f"{name}: already running on another server; nothing done.")
        else:
            self.stdout.write(f"{name}: {run.status} in {run.duration}")
