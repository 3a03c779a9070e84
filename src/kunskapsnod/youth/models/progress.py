"""Step scales, enrolments in modules and dated step changes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kunskapsnod.regions.models import Organisation
from kunskapsnod.youth.models.people import Module, Outcome, Person


class StepScale(models.Model):
    """An organisation's step scale, versioned: a change is a new version, so step changes
    recorded against an old version keep their meaning."""

    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="youth_scales", verbose_name=_("ägare")
    )
    name = models.CharField(_("namn"), max_length=120)
    version = models.PositiveIntegerField(default=1, verbose_name=_("version"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("skapad"))

    class Meta:
        ordering = ["owner", "name", "-version"]
        constraints = [models.UniqueConstraint(fields=["owner", "name", "version"], name="youth_scale_version")]
        verbose_name = _("stegskala")
        verbose_name_plural = _("stegskalor")

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Step(models.Model):
    scale = models.ForeignKey(StepScale, on_delete=models.CASCADE, related_name="steps", verbose_name=_("stegskala"))
    position = models.PositiveSmallIntegerField(verbose_name=_("ordning"))
    label = models.CharField(max_length=120, verbose_name=_("benämning"))

    class Meta:
        ordering = ["scale", "position"]
        constraints = [models.UniqueConstraint(fields=["scale", "position"], name="youth_step_position")]
        verbose_name = _("steg")
        verbose_name_plural = _("steg")

    def __str__(self) -> str:
        return f"{self.position}. {self.label}"


class Enrolment(models.Model):
    """A person's participation in one module, run by a municipality or an association."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("person"))
    module = models.CharField(_("modul"), max_length=10, choices=Module.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="youth_enrolments", verbose_name=_("organisation")
    )
    scale = models.ForeignKey(
        StepScale, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("stegskala")
    )
    started_on = models.DateField(_("start"))
    ended_on = models.DateField(_("avslut"), null=True, blank=True)
    outcome = models.CharField(_("utfall vid avslut"), max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["-started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, outcome="") | Q(ended_on__isnull=False) & ~Q(outcome=""),
                name="youth_enrolment_outcome_at_exit",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="youth_enrolment_dates",
            ),
        ]
        verbose_name = _("inskrivning")
        verbose_name_plural = _("inskrivningar")

    def __str__(self) -> str:
        return f"{self.get_module_display()} {self.started_on}"


class StepChange(models.Model):
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="step_changes", verbose_name=_("inskrivning")
    )
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="+", verbose_name=_("steg"))
    date = models.DateField(_("datum"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registrerad av"),
    )
    recorded_at = models.DateTimeField(default=timezone.now, verbose_name=_("registrerad"))

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("stegförändring")
        verbose_name_plural = _("stegförändringar")

    def __str__(self) -> str:
        return f"{self.date}: {self.step_id}"
