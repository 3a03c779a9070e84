"""Who may read (the coordinator grant, TOTP), the people and their KAA documentation."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kunskapsnod.regions.models import Organisation


class Gender(models.TextChoices):
    GIRL = "flicka", _("Flicka/kvinna")
    BOY = "pojke", _("Pojke/man")
    OTHER = "annat", _("Annat")
    UNKNOWN = "okant", _("Okänt")


class KaaStatus(models.TextChoices):
    NEW = "ny", _("Ny i registret")
    NOT_REACHED = "ej_nadd", _("Ej nådd")
    CONTACT = "kontakt", _("Kontakt etablerad")
    MEASURE = "atgard", _("I åtgärd")
    STUDIES = "studier", _("Studier")
    WORK = "arbete", _("Arbete")
    ENDED = "avslutad", _("Avslutad (flyttat, fyllt 20, examen)")


class Module(models.TextChoices):
    KAA = "kaa", _("KAA")
    STEG1 = "steg1", _("Steg1")
    SCHOOL = "skolstod", _("Stöd i skolan")
    HEALTH = "halsa", _("Ungas psykiska hälsa")


class Outcome(models.TextChoices):
    STUDIES = "studier", _("Studier")
    WORK = "arbete", _("Arbete")
    OTHER = "annat", _("Annat")
    UNKNOWN = "okant", _("Okänt")


class Responsible(models.TextChoices):
    YOUNG = "unga", _("Den unga")
    MUNICIPALITY = "kommunen", _("Kommunen")
    OTHERS = "andra", _("Andra")


class ConsentTopic(models.TextChoices):
    ABSENCE_REASON = "franvaroorsak", _("Orsak till frånvaro")
    HEALTH = "halsa", _("Hälsa")


class CoordinatorGrant(models.Model):
    """The permission "ungdomssamordnare" for one user in one municipality. No role implies
    it, administrators included: only a grant opens the module's personal data."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="youth_grants", verbose_name=_("användare")
    )
    municipality = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="youth_grants", verbose_name=_("kommun")
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="youth_grants_given",
        verbose_name=_("beviljad av"),
    )
    granted_at = models.DateTimeField(default=timezone.now, verbose_name=_("beviljad"))

    class Meta:
        verbose_name = _("ungdomssamordnare")
        constraints = [models.UniqueConstraint(fields=["user", "municipality"], name="youth_grant_unique")]
        verbose_name_plural = _("ungdomssamordnare")

    def __str__(self) -> str:
        return f"{self.user} · {self.municipality}"


class TotpDevice(models.Model):
    """A user's authenticator app. The secret is Fernet-encrypted like the identity numbers;
    ``last_step`` refuses a code used once already."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="youth_totp", verbose_name=_("användare")
    )
    secret_encrypted = models.TextField(verbose_name=_("hemlighet (krypterad)"))
    confirmed = models.BooleanField(default=False, verbose_name=_("bekräftad"))
    last_step = models.BigIntegerField(default=0, verbose_name=_("senast använda kodsteg"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("skapad"))

    class Meta:
        verbose_name = _("autentiseringsapp")
        verbose_name_plural = _("autentiseringsappar")

    def __str__(self) -> str:
        return f"TOTP {self.user_id}"


class PersonQuerySet(models.QuerySet):
    def for_municipalities(self, municipalities) -> PersonQuerySet:
        return self.filter(municipality__in=municipalities)

    def active(self) -> PersonQuerySet:
        return self.filter(anonymised_at__isnull=True)


class Person(models.Model):
    """A young person in the municipality's follow-up (the KAA register, a project, a
    school's support). All people in tests, the demo and benches are generated."""

    municipality = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="youth_people", verbose_name=_("kommun")
    )
    match_key = models.CharField(max_length=64, blank=True, verbose_name=_("matchningsnyckel"))
    identity_encrypted = models.TextField(blank=True, verbose_name=_("personnummer (krypterat)"))
    name = models.CharField(_("namn"), max_length=200, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("födelseår"))
    birth_date = models.DateField(_("födelsedatum"), null=True, blank=True)
    gender = models.CharField(_("kön"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    last_school = models.CharField(_("senaste skola"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("skapad"))
    anonymised_at = models.DateTimeField(null=True, blank=True, verbose_name=_("avidentifierad"))
    last_import = models.ForeignKey(
        "KaaImport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("senast uppdaterad av import"),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("ung person")
        verbose_name_plural = _("unga personer")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "match_key"], condition=~Q(match_key=""), name="youth_person_unique_identity"
            )
        ]

    def __str__(self) -> str:
        return self.name or _("(anonymiserad)")

    def age_in(self, year: int) -> int:
        return year - self.birth_year


class KaaRecord(models.Model):
    """The person's entry in the municipality's KAA register, with the plan and its goal
    (Skolverket's general advice on the municipal activity responsibility)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="kaa", verbose_name=_("person"))
    status = models.CharField(_("status"), max_length=10, choices=KaaStatus.choices, default=KaaStatus.NEW)
    registered_on = models.DateField(_("registrerad"), default=datetime.date.today)
    ended_on = models.DateField(_("avslutad"), null=True, blank=True)
    plan = models.TextField(_("plan"), blank=True)
    goal = models.TextField(_("mål"), blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in KaaStatus]), name="youth_kaa_status_valid")
        ]
        verbose_name = _("KAA-uppgift")
        verbose_name_plural = _("KAA-uppgifter")

    def __str__(self) -> str:
        return f"KAA {self.person_id}: {self.status}"


class Measure(models.Model):
    """One measure of a plan: who is responsible, when, why it ended, when to follow up."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="measures", verbose_name=_("person"))
    responsible = models.CharField(_("ansvarig"), max_length=10, choices=Responsible.choices)
    description = models.TextField(_("åtgärd"))
    starts_on = models.DateField(_("startdatum"))
    ends_on = models.DateField(_("slutdatum"), null=True, blank=True)
    end_reason = models.CharField(_("orsak till avslut"), max_length=300, blank=True)
    follow_up_on = models.DateField(_("uppföljningsdatum"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="youth_measure_dates"
            )
        ]
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")

    def __str__(self) -> str:
        return f"{self.get_responsible_display()}: {self.starts_on}"


class ContactAttempt(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("person"))
    date = models.DateField(_("datum"))
    channel = models.CharField(_("kanal"), max_length=60)
    reached = models.BooleanField(_("nådd"), default=False)
    note = models.TextField(_("anteckning"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registrerad av"),
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("kontaktförsök")
        verbose_name_plural = _("kontaktförsök")

    def __str__(self) -> str:
        return f"{self.date} {self.channel}"


class Consent(models.Model):
    """A documented consent to record a sensitive topic (a reason for absence beyond
    valid/invalid, health). Without an active one, nothing on that topic is collected."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person"))
    topic = models.CharField(_("gäller"), max_length=20, choices=ConsentTopic.choices)
    given_on = models.DateField(_("lämnat"))
    given_by = models.CharField(_("lämnat av"), max_length=120)
    documentation = models.CharField(_("hur samtycket är dokumenterat"), max_length=300)
    withdrawn_on = models.DateField(_("återkallat"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registrerad av"),
    )

    class Meta:
        verbose_name = _("samtycke")
        verbose_name_plural = _("samtycken")

    def __str__(self) -> str:
        return f"{self.get_topic_display()} {self.given_on}"


class SensitiveNote(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="sensitive_notes", verbose_name=_("person")
    )
    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="notes", verbose_name=_("samtycke"))
    text = models.TextField(_("anteckning"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("skapad"))

    class Meta:
        verbose_name = _("känslig anteckning")
        verbose_name_plural = _("känsliga anteckningar")

    def __str__(self) -> str:
        return f"{self.consent_id} {self.created_at:%Y-%m-%d}"
