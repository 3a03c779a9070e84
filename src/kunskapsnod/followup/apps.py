from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "kunskapsnod.followup"
    verbose_name = _("Uppföljning")

    def ready(self) -> None:
        from kunskapsnod.accounts.audit import register_models

        # The plan, its decisions, events and staff texts are user-entered and audited.
        # Participants are not (hundreds per import, and their names are purged by design:
        # an audit copy would keep what the retention setting removes).
        register_models(
            [
                "followup.ActivityPlan",
                "followup.Activity",
                "followup.PlanDecision",
                "followup.Event",
                "followup.OrganisationAlias",
                "followup.ReportText",
            ]
        )
