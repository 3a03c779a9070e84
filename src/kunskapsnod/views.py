from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from kunskapsnod.accounts.services import recent_activity
from kunskapsnod.regions.services import home_association, members_of


def home(request):
    association = home_association(request.user)
    context = {
        "association": association,
        "municipalities": members_of(association) if association else [],
        "activity": recent_activity(request.user, limit=10),
    }
    return render(request, "home.html", context)


@login_not_required
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
