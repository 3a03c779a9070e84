from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "kunskapsnod.indicators"
    verbose_name = "Statistik och analys"

    def ready(self) -> None:
        # Audit the import runs (who loaded what, when), never the millions of values.
        from kunskapsnod.accounts.audit import register_models

        register_models(["indicators.ImportBatch"])
