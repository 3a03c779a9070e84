from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "kunskapsnod.search"
    verbose_name = _("Sök")

    def ready(self) -> None:
        from kunskapsnod.accounts.audit import register_models

        # The synonym list is edited by staff; the index itself is derived data.
        register_models(["search.Synonym"])

        from kunskapsnod.search.signals import connect_signals

        connect_signals()
