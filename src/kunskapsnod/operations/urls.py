from django.urls import path

from kunskapsnod.operations import views

app_name = "operations"
urlpatterns = [
    path("halsa/redo/", views.ready, name="ready"),
    path("metrics", views.metrics, name="metrics"),
    path("drift/", views.job_runs, name="job_runs"),
    path("drift/korning/<int:pk>/", views.job_run, name="job_run"),
]
