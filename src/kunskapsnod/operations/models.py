"""Scheduled jobs as the database records them: every run, and the lock that keeps two
servers from running the same job at once.

The lock is a row, not an engine feature (PostgreSQL's advisory locks have no SQLite
twin): taking it is an INSERT that the primary key lets only one server win, and a lease
lets the next run take over the lock of a server that died without releasing it."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    RUNNING = "running", _("pågår")
    SUCCEEDED = "succeeded", _("klar")
    FAILED = "failed", _("misslyckades")


class JobRunQuerySet(models.QuerySet):
    def latest_per_job(self) -> dict[str, "JobRun"]:
        latest: dict[str, JobRun] = {}
        for run in self.order_by("job", "-started_at", "-pk"):
            latest.setdefault(run.job, run)
        return latest


class JobRun(models.Model):
    job = models.CharField(_("jobb"), max_length=80, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    started_at = models.DateTimeField(_("startad"))
    finished_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    host = models.CharField(_("server"), max_length=255)
    pid = models.PositiveIntegerField(_("process"))
    summary = models.TextField(_("vad som ändrades"), blank=True)
    error = models.TextField(_("fel"), blank=True)

    objects = JobRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("jobbkörning")
        verbose_name_plural = _("jobbkörningar")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RunStatus.values), name="jobrun_status_valid"),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("started_at")),
                name="jobrun_finishes_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status=RunStatus.RUNNING, finished_at__isnull=True)
                | (~Q(status=RunStatus.RUNNING) & Q(finished_at__isnull=False)),
                name="jobrun_finished_unless_running",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def duration(self):
        return self.finished_at - self.started_at if self.finished_at else None


class JobLock(models.Model):
    job = models.CharField(_("jobb"), max_length=80, primary_key=True)
    run = models.OneToOneField(JobRun, on_delete=models.CASCADE, related_name="lock", verbose_name=_("körning"))
    expires_at = models.DateTimeField(_("gäller till"))

    class Meta:
        verbose_name = _("jobblås")
        verbose_name_plural = _("jobblås")

    def __str__(self) -> str:
        return f"{self.job} until {self.expires_at:%Y-%m-%d %H:%M}"
