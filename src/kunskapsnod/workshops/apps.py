from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "kunskapsnod.workshops"
    verbose_name = "Workshoppar"

    def ready(self):
        from kunskapsnod.accounts.audit import register_models

        # Workshops and notes are user-entered and audited. Participants (anonymous) and
        # dots (hundreds of clicks per session, counted in the results) are not.
        register_models(["workshops.Workshop", "workshops.Note"])
