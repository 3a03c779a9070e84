from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from kunskapsnod import views
from kunskapsnod.api import api

admin.site.site_header = "Kunskapsnod – administration"
admin.site.site_title = "Kunskapsnod"

urlpatterns = [
    path("", views.home, name="home"),
    path("halsa/", views.health, name="health"),
    path("", include("kunskapsnod.operations.urls")),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("personuppgifter/", views.privacy, name="privacy"),
    path("sprak/", login_not_required(set_language), name="set_language"),
    path("konto/", include("kunskapsnod.accounts.urls")),
    path("", include("kunskapsnod.regions.urls")),
    path("", include("kunskapsnod.indicators.urls")),
    path("", include("kunskapsnod.mapping.urls")),
    path("", include("kunskapsnod.workshops.urls")),
    path("", include("kunskapsnod.knowledge.urls")),
    path("", include("kunskapsnod.surveys.urls")),
    path("", include("kunskapsnod.followup.urls")),
    path("", include("kunskapsnod.youth.urls")),
    path("", include("kunskapsnod.search.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

handler404 = "kunskapsnod.views.not_found"
handler500 = "kunskapsnod.views.server_error"
