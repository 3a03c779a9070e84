from django.urls import path

from kunskapsnod.followup.views import events, plans, reports

app_name = "followup"

# Paths with a fixed word first: "uppfoljning/aktivitet/3/" must not read as the plan of an
# association "aktivitet" for the year 3.
urlpatterns = [
    path("uppfoljning/", plans.index, name="index"),
    path("uppfoljning/aktivitet/<int:pk>/", plans.activity_form, name="activity_edit"),
    path("uppfoljning/aktivitet/<int:pk>/ta-bort/", plans.activity_delete, name="activity_delete"),
    path("uppfoljning/evenemang/nytt/", events.event_form, name="event_create"),
    path("uppfoljning/evenemang/<int:pk>/", events.event_detail, name="event"),
    path("uppfoljning/evenemang/<int:pk>/redigera/", events.event_form, name="event_edit"),
    path("uppfoljning/evenemang/<int:pk>/ta-bort/", events.event_delete, name="event_delete"),
    path("uppfoljning/deltagarlista/<int:pk>/", events.import_review, name="import"),
    path("uppfoljning/arsrapport/<int:pk>/", reports.report, name="report"),
    path("uppfoljning/arsrapport/<int:pk>/pdf/", reports.report_pdf, name="report_pdf"),
    path("uppfoljning/<slug:slug>/evenemang/", events.event_list, name="events"),
    path("uppfoljning/<slug:slug>/<int:year>/", plans.plan, name="plan"),
    path("uppfoljning/<slug:slug>/<int:year>/beslutad/", plans.decided_plan, name="decided_plan"),
    path("uppfoljning/<slug:slug>/<int:year>/besluta/", plans.decide, name="decide"),
    path("uppfoljning/<slug:slug>/<int:year>/aktivitet/ny/", plans.activity_form, name="activity_create"),
    path("uppfoljning/<slug:slug>/<int:year>/deltagare/", events.participants, name="participants"),
    path("uppfoljning/<slug:slug>/<int:year>/arsrapport/", reports.report_home, name="report_home"),
    path("uppfoljning/<slug:slug>/<int:year>/arsrapport/skapa/", reports.generate, name="report_generate"),
]
