"""Make a user youth coordinator (ungdomssamordnare) of a municipality, or take it away.
The grant is the only way into the module's personal data; no role implies it."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from kunskapsnod.regions.permissions import get_organisation_or_404
from kunskapsnod.youth.models import CoordinatorGrant
from kunskapsnod.youth.services import YouthError
from kunskapsnod.youth.services.people import grant_coordinator, revoke_coordinator


class Command(BaseCommand):
    help = "Grant (or --revoke) the youth coordinator permission: youth_grant USER MUNICIPALITY --by ADMIN"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("municipality", help="slug or Kolada id")
        parser.add_argument("--by", required=True, help="the administrator or coordinator granting it")
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args, username, municipality, by, revoke=False, **options):
        users = get_user_model().objects
        try:
            user, actor = users.get(username=username), users.get(username=by)
            place = get_organisation_or_404(municipality, kind="kommun")
            if revoke:
                revoke_coordinator(actor=actor, grant=CoordinatorGrant.objects.get(user=user, municipality=place))
            else:
                grant_coordinator(actor=actor, user=user, municipality=place)
        except (ObjectDoesNotExist, Http404, PermissionDenied, YouthError) as exc:
            raise CommandError(str(exc) or "not found") from None
        self.stdout.write(f"{username}: {'no longer' if revoke else 'now'} youth coordinator of {place.name}")
