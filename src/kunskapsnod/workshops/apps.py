from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "kunskapsnod.workshops"
    verbose_name = _("Workshoppar")

    def ready(self):
        from kunskapsnod.accounts.audit import register_models

        # Workshops and notes are user-entered and audited. Participants (anonymous) and
        # dots (hundreds of clicks per session, counted in the results) are not.
        register_models(["workshops.Workshop", "workshops.Note"])

        from kunskapsnod.mapping.services.references import register_reference_owner
        from kunskapsnod.workshops.models import Workshop

        def owner(join_code: str):
            workshop = Workshop.objects.filter(join_code=join_code).select_related("organisation").first()
            return workshop.organisation if workshop else None

        # A workshop's list in the mapping is keyed "workshop:<join code>" (services.workshop_ref).
        register_reference_owner("workshop:", owner)

        from kunskapsnod.workshops.live import connect_signals

        # The change signal of the live boards (PostgreSQL NOTIFY; see live.py).
        connect_signals()
