from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    name = "kunskapsnod.mapping"
    verbose_name = _("Kartläggning")

    def ready(self) -> None:
        from kunskapsnod.accounts.audit import register_models

        register_models(
            [
                "mapping.AnalysisModel",
                "mapping.Theme",
                "mapping.Level",
                "mapping.ThemeMapping",
                "mapping.LevelMapping",
                "mapping.Source",
                "mapping.Item",
                "mapping.ItemActor",
                "mapping.Classification",
                "mapping.ClassificationSuggestion",
                "mapping.Priority",
            ]
        )
