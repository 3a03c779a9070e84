from django.urls import path

from kunskapsnod.youth.views import conflicts, registers
from kunskapsnod.youth.views import people as views

app_name = "youth"

urlpatterns = [
    path("unga/", views.index, name="index"),
    path("unga/tvastegsverifiering/", views.otp_setup, name="otp_setup"),
    path("unga/kod/", views.otp_verify, name="otp_verify"),
    path("unga/personer/", views.person_list, name="people"),
    path("unga/personer/ny/", views.person_create, name="person_create"),
    path("unga/personer/<int:pk>/", views.person_detail, name="person"),
    path("unga/personer/<int:pk>/redigera/", views.person_edit, name="person_edit"),
    path("unga/personer/<int:pk>/kaa/", views.kaa_save, name="kaa_save"),
    path("unga/personer/<int:pk>/atgarder/", views.measure_add, name="measure_add"),
    path("unga/personer/<int:pk>/kontakter/", views.contact_add, name="contact_add"),
    path("unga/personer/<int:pk>/samtycken/", views.consent_add, name="consent_add"),
    path("unga/personer/<int:pk>/kansligt/", views.note_add, name="note_add"),
    path("unga/personer/<int:pk>/inskrivningar/", views.enrol, name="enrol"),
    path("unga/personer/<int:pk>/logg/", views.person_log_view, name="person_log"),
    path("unga/atgarder/<int:pk>/", views.measure_edit, name="measure_edit"),
    path("unga/samtycken/<int:pk>/aterkalla/", views.consent_withdraw, name="consent_withdraw"),
    path("unga/inskrivningar/<int:pk>/", views.enrolment_detail, name="enrolment"),
    path("unga/kaa/halvar/", views.kaa_counts, name="kaa_counts"),
    path("unga/kaa/import/", registers.kaa_import, name="kaa_import"),
    path("unga/kaa/konflikter/", conflicts.conflicts, name="conflicts"),
    path("unga/kaa/konflikter/<int:pk>/", conflicts.conflict_resolve, name="conflict_resolve"),
    path("unga/oversikt/", views.dashboard, name="dashboard"),
    path("unga/franvaro/", registers.absence, name="absence"),
    path("unga/franvaro/import/", registers.absence_import, name="absence_import"),
    path("unga/franvaro/granser/", registers.thresholds, name="thresholds"),
    path("unga/flaggor/<int:pk>/", views.flag_detail, name="flag"),
    path("unga/stegskalor/", registers.scales, name="scales"),
    path("unga/samordnare/", registers.grants, name="grants"),
    path("unga/samordnare/<int:pk>/ta-bort/", registers.grant_revoke, name="grant_revoke"),
]
