from django.urls import path

from kunskapsnod.surveys import respond_views, views

app_name = "surveys"

urlpatterns = [
    path("enkater/", views.survey_list, name="index"),
    path("enkater/ny/", views.survey_create, name="survey_create"),
    path("enkater/<int:pk>/", views.survey_detail, name="survey"),
    path("enkater/<int:pk>/redigera/", views.survey_edit, name="survey_edit"),
    path("enkater/<int:pk>/oppna/", views.survey_open, name="survey_open"),
    path("enkater/<int:pk>/stang/", views.survey_close, name="survey_close"),
    path("enkater/<int:survey_pk>/fragor/ny/", views.question_form, name="question_create"),
    path("enkater/fragor/<int:pk>/", views.question_form, name="question_edit"),
    path("enkater/fragor/<int:pk>/ta-bort/", views.question_delete, name="question_delete"),
    path("enkater/fragor/<int:pk>/flytta/", views.question_move, name="question_move"),
    path("enkater/<int:pk>/inbjudningar/", views.invite, name="invite"),
    path("enkater/<int:pk>/resultat/", views.results, name="results"),
    path("enkater/<int:pk>/resultat.xlsx", views.results_xlsx, name="results_xlsx"),
    # The respondent's pages: no login, the link is the key.
    path("enkat/svara/<str:token>/", respond_views.respond, name="respond"),
    path("enkat/oppen/<str:code>/", respond_views.respond_open, name="respond_open"),
    path("enkat/tack/", respond_views.thanks, name="thanks"),
]
