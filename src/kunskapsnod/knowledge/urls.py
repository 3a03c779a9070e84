from django.urls import path

from kunskapsnod.knowledge import feeds, views

app_name = "knowledge"

urlpatterns = [
    path("kunskapsbank/", views.entry_list, name="index"),
    path("kunskapsbank/ny/", views.entry_form, name="entry_create"),
    path("kunskapsbank/flode/", feeds.feed, name="feed"),
    path("kunskapsbank/sammanstallning/", views.digest, name="digest"),
    path("kunskapsbank/projekt/", views.project_register, name="projects"),
    path("kunskapsbank/projekt.xlsx", views.project_register_xlsx, name="projects_xlsx"),
    path("kunskapsbank/behov/<int:pk>/koppla/", views.need_connect, name="need_connect"),
    path("kommun/<slug:slug>/vad-andra-gor/", views.municipality_connections, name="municipality"),
    path("kunskapsbank/<int:pk>/", views.entry_detail, name="entry"),
    path("kunskapsbank/<int:pk>/redigera/", views.entry_form, name="entry_edit"),
    path("kunskapsbank/<int:pk>/skicka/", views.entry_submit, name="entry_submit"),
    path("kunskapsbank/<int:pk>/publicera/", views.entry_publish, name="entry_publish"),
    path("kunskapsbank/<int:pk>/tillbaka/", views.entry_return, name="entry_return"),
    path("kunskapsbank/<int:pk>/arkivera/", views.entry_archive, name="entry_archive"),
    path("kunskapsbank/<int:pk>/bilagor/", views.attachment_add, name="attachment_add"),
    path("kunskapsbank/bilagor/<int:pk>/", views.attachment_download, name="attachment"),
    path("kunskapsbank/bilagor/<int:pk>/ta-bort/", views.attachment_delete, name="attachment_delete"),
]
