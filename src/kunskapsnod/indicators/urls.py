from django.urls import path

from kunskapsnod.indicators import views

app_name = "indicators"

urlpatterns = [
    path("statistik/", views.index, name="index"),
    path("statistik/kommun/", views.choose_municipality, name="choose_municipality"),
    path("statistik/jamfor/", views.comparison, name="compare"),
    path("statistik/<str:code>/", views.indicator_detail, name="indicator"),
    path("statistik/<str:code>/karta/", views.indicator_map, name="map"),
    path("kommun/<slug:slug>/statistik/", views.profile, name="profile"),
    path("kommun/<slug:slug>/statistik/<str:code>/", views.profile_indicator, name="profile_indicator"),
    path("kommun/<slug:slug>/liknande/", views.similar, name="similar"),
]
