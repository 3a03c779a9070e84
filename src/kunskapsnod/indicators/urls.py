from django.urls import path

from kunskapsnod.indicators import own_views, views
from kunskapsnod.indicators.public import public_statistics

app_name = "indicators"

# The statistics pages (and their downloads) are public when KUNSKAPSNOD_PUBLIC_STATISTICS
# is on; the staff pages of own indicators never are.
urlpatterns = [
    path("statistik/", public_statistics(views.index), name="index"),
    path("statistik/kommun/", public_statistics(views.choose_municipality), name="choose_municipality"),
    path("statistik/jamfor/", public_statistics(views.comparison), name="compare"),
    # Own indicators (staff pages): before statistik/<code>/, which would take "egna".
    path("statistik/egna/", own_views.own_list, name="own_list"),
    path("statistik/egna/ny/", own_views.own_create, name="own_create"),
    path("statistik/egna/<str:code>/", own_views.own_edit, name="own_edit"),
    path("statistik/egna/<str:code>/varden/", own_views.own_upload, name="own_upload"),
    path("statistik/<str:code>/", public_statistics(views.indicator_detail), name="indicator"),
    path("statistik/<str:code>/karta/", public_statistics(views.indicator_map), name="map"),
    path("kommun/<slug:slug>/statistik/", public_statistics(views.profile), name="profile"),
    path(
        "kommun/<slug:slug>/statistik/<str:code>/", public_statistics(views.profile_indicator), name="profile_indicator"
    ),
    path("kommun/<slug:slug>/liknande/", public_statistics(views.similar), name="similar"),
]
