from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "kunskapsnod.regions"
    verbose_name = "Organisering"
