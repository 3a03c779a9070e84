from django.apps import AppConfig


class MappingConfig(AppConfig):
    name = "kunskapsnod.mapping"
    verbose_name = "Kartläggning"

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
                "mapping.Priority",
            ]
        )
