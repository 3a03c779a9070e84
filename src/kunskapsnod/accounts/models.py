from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    READER = "reader", _("Läsare")
    EDITOR = "editor", _("Redaktör")
    NODE_STAFF = "node_staff", _("Nodpersonal")
    ADMINISTRATOR = "admin", _("Administratör")


class User(AbstractUser):
    """A person who logs in. What they may change follows from organisation and role;
    the rule itself lives in :mod:`kunskapsnod.regions.permissions`."""

    organisation = models.ForeignKey(
        "regions.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices, default=Role.READER)

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")
        constraints = [
            # Everyone but an administrator acts on behalf of an organisation.
            models.CheckConstraint(
                condition=Q(role=Role.ADMINISTRATOR) | Q(organisation__isnull=False),
                name="user_has_organisation_unless_admin",
            ),
            models.CheckConstraint(condition=Q(role__in=[r.value for r in Role]), name="user_role_valid"),
        ]

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.role == Role.ADMINISTRATOR


class ThrottleEvent(models.Model):
    """One counted request of a rate-limited action (a password-reset mail), shared by
    every process and server through the database. ``key`` is a keyed hash of the address
    or client IP, so no address is stored; rows older than the window are removed as new
    ones arrive (kunskapsnod.accounts.throttle)."""

    scope = models.CharField(_("åtgärd"), max_length=40)
    key = models.CharField(_("nyckel"), max_length=64)
    created_at = models.DateTimeField(_("skapad"), db_index=True)

    class Meta:
        verbose_name = _("begränsad begäran")
        verbose_name_plural = _("begränsade begäranden")
        indexes = [models.Index(fields=["scope", "key", "created_at"], name="throttle_lookup")]

    def __str__(self) -> str:
        return f"{self.scope} {self.created_at:%Y-%m-%d %H:%M}"
