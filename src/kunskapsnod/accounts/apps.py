from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kunskapsnod.accounts"
    verbose_name = _("Konton")

    def ready(self) -> None:
        from kunskapsnod import formfields
        from kunskapsnod.accounts import audit

        audit.register_models()
        formfields.install()
