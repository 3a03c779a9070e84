import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language
from django.views import defaults

from kunskapsnod.accounts.activity import feed
from kunskapsnod.indicators.analysis.keyfigures import home_areas, key_figures
from kunskapsnod.indicators.public import public_statistics
from kunskapsnod.operations.logs import current_request_id
from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.services import association_scope, home_association, summarise_meetings


@public_statistics
def home(request):
    """The start page. A visitor (when statistics are public) sees the region's key figures
    and the way to the statistics; a signed-in user also the node's overview."""
    if not request.user.is_authenticated:
        return render(request, "home_public.html", {"key_figures": key_figures(home_areas(request.user))})
    association = home_association(request.user)
    today = datetime.date.today()
    year_ago = today - datetime.timedelta(days=365)
    context = {
        "association": association,
        "municipalities": Organisation.objects.members_of(association) if association else [],
        "activity": feed(request.user, limit=10),
        "meetings": association
        and summarise_meetings(organisations=association_scope(association), start=year_ago, end=today),
        "meetings_since": year_ago,
        "key_figures": key_figures(home_areas(request.user)),
    }
    return render(request, "home.html", context)


@login_not_required
def accessibility(request):
    """The accessibility statement required by the DOS act (DIGG's model), public."""
    return _statement(request, "accessibility")


@login_not_required
def privacy(request):
    """What personal data the platform keeps, why and for how long, public."""
    return _statement(request, "privacy")


def _statement(request, name: str):
    # A legal text reads best as one whole document per language; Swedish is the original.
    language = "en" if (get_language() or "").startswith("en") else "sv"
    context = {"operator": settings.OPERATOR, "contact_email": settings.CONTACT_EMAIL}
    return render(request, [f"about/{name}_{language}.html", f"about/{name}_sv.html"], context)


@login_not_required
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def not_found(request, exception):
    """404: the site's page, or under /api/ the API's documented ``{"error": ...}``, also
    for a path no route matches (ninja only answers for the routes it has)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": "Hittades inte"}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """500: the site's page, or JSON under /api/ (errors that ninja never saw, e.g. in a
    middleware)."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": "Ett oväntat fel uppstod. Felet är loggat.", "request_id": current_request_id()}, status=500
        )
    # Rendered without the request's context (which may be what failed), but with the id
    # that the log line of the error carries.
    html = loader.get_template("500.html").render({"request_id": current_request_id()})
    return HttpResponseServerError(html)
