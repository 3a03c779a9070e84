import datetime

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from kunskapsnod.accounts.services import recent_activity
from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.services import association_scope, home_association, summarise_meetings


def home(request):
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
    }
    return render(request, "home.html", context)


@login_not_required
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
