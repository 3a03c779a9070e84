import datetime

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from kunskapsnod.accounts.services import recent_activity
from kunskapsnod.indicators.analysis.keyfigures import home_areas, key_figures
from kunskapsnod.indicators.public import public_statistics
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
        "activity": recent_activity(request.user, limit=10),
        "meetings": association
        and summarise_meetings(organisations=association_scope(association), start=year_ago, end=today),
        "meetings_since": year_ago,
        "key_figures": key_figures(home_areas(request.user)),
    }
    return render(request, "home.html", context)


@login_not_required
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
