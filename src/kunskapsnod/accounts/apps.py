from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kunskapsnod.accounts"
    verbose_name = "Konton"

    def ready(self) -> None:
        from kunskapsnod.accounts import audit

        audit.register_models()
