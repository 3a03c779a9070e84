"""The append-only access log and the record of retention runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kunskapsnod.regions.models import Organisation
from kunskapsnod.youth.models.people import Person


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The access log is append-only")

    def delete(self):
        raise TypeError("The access log is append-only; youth_retention removes expired rows")

    def expire(self) -> int:
        """Remove rows past their retention period (youth_retention only)."""
        return models.QuerySet.delete(self)[0]


class AccessLog(models.Model):
    """Append-only: who read, changed, exported or removed what, and when. ``subject`` is the
    person's keyed hash (kept after anonymisation), so a person's log can still be found."""

    class Action(models.TextChoices):
        READ = "read", _("Läste")
        CHANGE = "change", _("Ändrade")
        EXPORT = "export", _("Exporterade")
        DELETE = "delete", _("Gallrade")
        GRANT = "grant", _("Behörighet")

    at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("tidpunkt"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("användare")
    )
    username = models.CharField(max_length=150, verbose_name=_("användarnamn"))
    action = models.CharField(max_length=10, choices=Action.choices, verbose_name=_("åtgärd"))
    municipality = models.ForeignKey(
        Organisation, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("kommun")
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="access_log", verbose_name=_("person")
    )
    what = models.CharField(max_length=200, verbose_name=_("vad"))

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("åtkomstloggpost")
        verbose_name_plural = _("åtkomstlogg")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The access log is append-only")


class RetentionRun(models.Model):
    """What one run of ``youth_retention`` removed, per record type, and where its export
    went: the record of the deletion that outlives the data."""

    ran_at = models.DateTimeField(default=timezone.now, verbose_name=_("körd"))
    record_type = models.CharField(max_length=20, verbose_name=_("posttyp"))
    count = models.PositiveIntegerField(verbose_name=_("antal"))
    export_file = models.CharField(max_length=300, blank=True, verbose_name=_("exportfil"))

    class Meta:
        verbose_name = _("gallringskörning")
        verbose_name_plural = _("gallringskörningar")

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d} {self.record_type}: {self.count}"
