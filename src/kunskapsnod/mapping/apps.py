from django.apps import AppConfig


class MappingConfig(AppConfig):
    name = "kunskapsnod.mapping"
    verbose_name = "Kartläggning"
