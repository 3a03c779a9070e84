from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YouthConfig(AppConfig):
    name = "kunskapsnod.youth"
    verbose_name = _("Individuppföljning")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from kunskapsnod.accounts.audit import register_models
        from kunskapsnod.youth import menu

        user_logged_in.connect(menu.on_login, dispatch_uid="youth-menu")

        # Only what holds no personal data goes to the site-wide audit log (read by every
        # administrator); changes to people are logged in youth's own AccessLog, which only
        # the person's municipality's coordinators read.
        register_models(["youth.CoordinatorGrant", "youth.StepScale", "youth.Step", "youth.SchoolThreshold"])
