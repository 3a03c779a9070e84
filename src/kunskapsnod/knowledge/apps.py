from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "kunskapsnod.knowledge"
    verbose_name = _("Kunskapsbank")

    def ready(self) -> None:
        from kunskapsnod.accounts.audit import register_models

        # Entries, their links and attachments are user-entered and audited; the themes,
        # actors and municipalities of an entry are audited as its many-to-many changes.
        # A connection is a person's decision (who, when) on a suggested link.
        register_models(
            [
                "knowledge.Entry",
                "knowledge.EntryActor",
                "knowledge.EntryLink",
                "knowledge.Attachment",
                "knowledge.Connection",
            ]
        )
