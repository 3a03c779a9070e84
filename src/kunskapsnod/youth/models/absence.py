"""Absence per pupil and period, schools' thresholds and the early-warning flags."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kunskapsnod.regions.models import Organisation


def _percent(label, default):
    return models.DecimalField(label, max_digits=4, decimal_places=1, null=True, blank=True, default=default)


class SchoolThreshold(models.Model):
    """A school's own limits (the law sets none), in percent of the scheduled time; an empty
    limit switches its rule off. The defaults are those of ``earlywarning.Thresholds``."""

    municipality = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="youth_thresholds", verbose_name=_("kommun")
    )
    school = models.CharField(_("skola"), max_length=200)
    total_percent = _percent(_("total frånvaro, %"), 10)
    invalid_percent = _percent(_("ogiltig frånvaro, %"), 5)
    rise_points = _percent(_("ökning sedan förra perioden, procentenheter"), 5)
    combined_percent = _percent(_("frånvaro tillsammans med underkända kurser, %"), 5)
    combined_failed = models.PositiveSmallIntegerField(_("antal underkända kurser för den gränsen"), default=1)
    failed_courses = models.PositiveSmallIntegerField(_("underkända kurser enbart (tomt: av)"), null=True, blank=True)

    class Meta:
        ordering = ["school"]
        constraints = [models.UniqueConstraint(fields=["municipality", "school"], name="youth_threshold_school")]
        verbose_name = _("skolans gränsvärden")
        verbose_name_plural = _("skolors gränsvärden")

    def __str__(self) -> str:
        return self.school


class AbsenceRecord(models.Model):
    """One pupil's absence in one period, as a school administration system exports it.
    ``pupil_key`` is the keyed hash of the pupil id; the id itself is encrypted."""

    municipality = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="youth_absence", verbose_name=_("kommun")
    )
    school = models.CharField(max_length=200, verbose_name=_("skola"))
    pupil_key = models.CharField(max_length=64, verbose_name=_("elevnyckel"))
    pupil_encrypted = models.TextField(blank=True, verbose_name=_("elev-id (krypterat)"))
    period = models.CharField(max_length=40, verbose_name=_("period"))
    period_start = models.DateField(verbose_name=_("periodens början"))
    lessons = models.PositiveIntegerField(verbose_name=_("schemalagda lektioner"))
    valid_absence = models.PositiveIntegerField(verbose_name=_("giltig frånvaro"))
    invalid_absence = models.PositiveIntegerField(verbose_name=_("ogiltig frånvaro"))
    failing_courses = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("ej godkända kurser"))
    imported_at = models.DateTimeField(default=timezone.now, verbose_name=_("importerad"))

    class Meta:
        ordering = ["school", "period", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "pupil_key", "period"], name="youth_absence_unique"),
            models.CheckConstraint(
                condition=Q(lessons__gte=models.F("valid_absence") + models.F("invalid_absence")),
                name="youth_absence_within_lessons",
            ),
        ]
        verbose_name = _("frånvarouppgift")
        verbose_name_plural = _("frånvarouppgifter")

    def __str__(self) -> str:
        return f"{self.school} {self.period}"


class Flag(models.Model):
    """An early-warning flag on one pupil's period, with the rule's reason, and the follow-up
    the law asks of the head teacher: an investigation opened, the home municipality told."""

    record = models.ForeignKey(
        AbsenceRecord, on_delete=models.CASCADE, related_name="flags", verbose_name=_("frånvarouppgift")
    )
    rule = models.CharField(max_length=40, verbose_name=_("regel"))
    reason = models.CharField(max_length=300, verbose_name=_("skäl"))
    raised_at = models.DateTimeField(default=timezone.now, verbose_name=_("flaggad"))
    investigation_opened_on = models.DateField(_("utredning inledd"), null=True, blank=True)
    home_informed_on = models.DateField(_("hemkommunen informerad"), null=True, blank=True)

    class Meta:
        ordering = ["record__school", "record__period", "pk"]
        constraints = [models.UniqueConstraint(fields=["record", "rule"], name="youth_flag_once_per_rule")]
        verbose_name = _("flagga")
        verbose_name_plural = _("flaggor")

    def __str__(self) -> str:
        return f"{self.rule} ({self.record_id})"
