from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "kunskapsnod.surveys"
    verbose_name = _("Enkäter")

    def ready(self) -> None:
        from kunskapsnod.accounts.audit import register_models

        # The survey and its questions are staff's work and audited. Invitations and
        # responses are deliberately NOT: an audit row for "invitation used" next to one
        # for "response created", a second apart, would tie an answer to an address
        # (docs/surveys.md, "Anonymity").
        register_models(["surveys.Survey", "surveys.Question"])
