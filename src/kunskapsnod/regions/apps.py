from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "kunskapsnod.regions"
    verbose_name = _("Organisering")

    def ready(self) -> None:
        from kunskapsnod import lookups

        lookups.install()  # every app's models depend on this one: installed before any query
