from django.urls import path

from kunskapsnod.regions import views

app_name = "regions"

urlpatterns = [
    path("organisering/", views.overview, name="overview"),
    path("organisering/aktorer/ny/", views.actor_create, name="actor_create"),
    path("organisering/grupper/", views.group_list, name="groups"),
    path("organisering/grupper/ny/", views.group_form, name="group_create"),
    path("organisering/grupper/<int:pk>/redigera/", views.group_form, name="group_edit"),
    path("organisering/personer/", views.person_list, name="people"),
    path("organisering/personer/ny/", views.person_form, name="person_create"),
    path("organisering/personer/<int:pk>/redigera/", views.person_form, name="person_edit"),
    path("kommun/<slug:slug>/", views.organisation_detail, name="municipality"),
    path("forbund/<slug:slug>/", views.organisation_detail, name="association"),
    path("organisation/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("organisation/<slug:slug>/redigera/", views.organisation_edit, name="organisation_edit"),
    path("moten/", views.meeting_list, name="meetings"),
    path("moten/nytt/", views.meeting_form, name="meeting_create"),
    path("moten/<int:pk>/", views.meeting_detail, name="meeting"),
    path("moten/<int:pk>/redigera/", views.meeting_form, name="meeting_edit"),
    path("moten/<int:pk>/ta-bort/", views.meeting_delete, name="meeting_delete"),
]
