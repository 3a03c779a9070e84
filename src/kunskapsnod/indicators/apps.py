from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "kunskapsnod.indicators"
    verbose_name = "Statistik och analys"
