from django.urls import path

from kunskapsnod.workshops import participant_views, stream_views, views

app_name = "workshops"

urlpatterns = [
    path("workshoppar/", views.index, name="index"),
    path("workshoppar/ny/", views.create, name="create"),
    path("workshoppar/<int:pk>/", views.facilitate, name="facilitate"),
    path("workshoppar/<int:pk>/fas/", views.change_phase, name="phase"),
    path("workshoppar/<int:pk>/deltagare/", views.joining, name="joining"),
    path("workshoppar/<int:pk>/lapp/", views.note_action, name="note_action"),
    path("workshoppar/<int:pk>/sortering/", views.sort_by, name="sort_by"),
    path("workshoppar/<int:pk>/ny-lapp/", views.add_note, name="facilitator_note"),
    path("workshoppar/<int:pk>/resultat/", views.review_results, name="review_results"),
    path("workshoppar/<int:pk>/projektor/", views.projector, name="projector"),
    path("workshoppar/<int:pk>/tid/", views.timer, name="timer"),
    path("workshoppar/<int:pk>/roster/", views.votes, name="votes"),
    # Participants: no account needed.
    path("w/", participant_views.join_by_code, name="join"),
    path("workshop/delta/", participant_views.join_by_code, name="join_alias"),
    path("w/<str:code>/", participant_views.participate, name="participate"),
    path("w/<str:code>/lapp/", participant_views.add_note, name="add_note"),
    path("w/<str:code>/placera/", participant_views.place_note, name="place_note"),
    path("w/<str:code>/min-lapp/", participant_views.own_note, name="own_note"),
    path("w/<str:code>/plupp/", participant_views.dot, name="dot"),
    path("w/<str:code>/resultat/", participant_views.results, name="results"),
    # Live updates of the board (server-sent events), for participants and signed-in users.
    path("w/<str:code>/strom/", stream_views.stream, name="stream"),
    path("w/<str:code>/resultat/utskrift/", participant_views.results_print, name="results_print"),
    path("w/<str:code>/resultat.<str:fmt>", participant_views.results_file, name="results_file"),
]
