from django.urls import path

from kunskapsnod.search import views

app_name = "search"

urlpatterns = [
    path("sok/", views.search_page, name="index"),
    path("sok/synonymer/", views.synonym_list, name="synonyms"),
    path("sok/synonymer/<int:pk>/", views.synonym_list, name="synonym_edit"),
    path("sok/synonymer/<int:pk>/ta-bort/", views.synonym_delete, name="synonym_delete"),
]
