from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "kunskapsnod.workshops"
    verbose_name = "Workshoppar"
