"""Where a person's values come from: KAA list imports, values entered by hand, and the
conflicts between the two (``services/conflicts.py``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kunskapsnod.regions.models import Organisation
from kunskapsnod.youth.models.people import Person


class TrackedField(models.TextChoices):
    """The values a KAA list and a coordinator may both set (birth date and year follow
    the identity number that matched, so they never differ)."""

    NAME = "name", _("Namn")
    GENDER = "gender", _("Kön")
    LAST_SCHOOL = "last_school", _("Senaste skola")
    STATUS = "status", _("KAA-status")


class Resolution(models.TextChoices):
    OURS = "ours", _("Behöll vårt värde")
    LIST = "list", _("Tog listans värde")
    AGREED = "agreed", _("Listan fick samma värde")


class KaaImport(models.Model):
    """One import of a KAA list: who, when and what it did (counts only, no personal data).
    Conflicts and people's ``last_import`` point to it."""

    municipality = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="youth_kaa_imports", verbose_name=_("kommun")
    )
    imported_at = models.DateTimeField(default=timezone.now, verbose_name=_("importerad"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("importerad av"),
    )
    username = models.CharField(max_length=150, verbose_name=_("användarnamn"))
    rows = models.PositiveIntegerField(default=0, verbose_name=_("personer i listan"))
    created = models.PositiveIntegerField(default=0, verbose_name=_("nya"))
    updated = models.PositiveIntegerField(default=0, verbose_name=_("uppdaterade"))
    unchanged = models.PositiveIntegerField(default=0, verbose_name=_("oförändrade"))
    conflicts = models.PositiveIntegerField(default=0, verbose_name=_("öppna konflikter"))

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("import av KAA-lista")
        verbose_name_plural = _("importer av KAA-listor")

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.imported_at:%Y-%m-%d %H:%M}"


class HandEdit(models.Model):
    """The person's current value of ``field`` was entered by hand (and no list has carried
    it since): an import that differs leaves it and records an :class:`ImportConflict`.
    A field without a row holds the value of the import or registration that set it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="hand_edits", verbose_name=_("person"))
    field = models.CharField(_("uppgift"), max_length=20, choices=TrackedField.choices)
    edited_at = models.DateTimeField(default=timezone.now, verbose_name=_("ändrad för hand"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("ändrad av")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "field"], name="youth_hand_edit_once"),
            models.CheckConstraint(condition=Q(field__in=TrackedField.values), name="youth_hand_edit_field_valid"),
        ]
        verbose_name = _("handinmatat värde")
        verbose_name_plural = _("handinmatade värden")

    def __str__(self) -> str:
        return f"{self.person_id} {self.field}"


class ImportConflictQuerySet(models.QuerySet):
    def open(self) -> ImportConflictQuerySet:
        return self.filter(resolution="")


class ImportConflict(models.Model):
    """A KAA list that differs from a value a coordinator entered by hand: the hand value is
    kept until the coordinator decides. At most one open conflict per person and field; a
    decided one stays as history (who, when, which choice). Personal data: removed with the
    person's other personal data by retention (``services/retention.py``)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="import_conflicts", verbose_name=_("person")
    )
    field = models.CharField(_("uppgift"), max_length=20, choices=TrackedField.choices)
    our_value = models.CharField(_("vårt värde"), max_length=200, blank=True)
    list_value = models.CharField(_("listans värde"), max_length=200, blank=True)
    kaa_import = models.ForeignKey(
        KaaImport, on_delete=models.PROTECT, related_name="conflict_rows", verbose_name=_("import")
    )
    found_at = models.DateTimeField(default=timezone.now, verbose_name=_("upptäckt"))
    resolution = models.CharField(_("beslut"), max_length=10, choices=Resolution.choices, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("avgjord"))
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("avgjord av")
    )
    resolved_by_name = models.CharField(max_length=150, blank=True, verbose_name=_("avgjord av (namn)"))

    objects = ImportConflictQuerySet.as_manager()

    class Meta:
        ordering = ["person__name", "person_id", "field", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "field"], condition=Q(resolution=""), name="youth_conflict_one_open_per_field"
            ),
            models.CheckConstraint(condition=Q(field__in=TrackedField.values), name="youth_conflict_field_valid"),
            models.CheckConstraint(
                condition=Q(resolution="", resolved_at__isnull=True)
                | Q(resolution__in=Resolution.values, resolved_at__isnull=False),
                name="youth_conflict_resolved_when_decided",
            ),
        ]
        verbose_name = _("importkonflikt")
        verbose_name_plural = _("importkonflikter")

    def __str__(self) -> str:
        return f"{self.person_id} {self.field}: {self.resolution or 'öppen'}"
