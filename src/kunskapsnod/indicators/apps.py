from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "kunskapsnod.indicators"
    verbose_name = _("Statistik och analys")

    def ready(self) -> None:
        # Audit the import runs (who loaded what, when) and changes to indicators (own ones
        # through their services; the metadata load writes in bulk, unaudited), never the values.
        from kunskapsnod.accounts.audit import register_models

        register_models(["indicators.ImportBatch", "indicators.Indicator"])
