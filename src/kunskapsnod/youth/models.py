"""The youth follow-up's records. Everything about a person lives here and nowhere else:
no other app imports these models (tests/youth/test_architecture.py), and what leaves the
module are the aggregates of :mod:`kunskapsnod.youth.aggregates`.

Identity numbers and pupil ids are never stored in clear: ``match_key`` is a keyed hash
for finding a person again, ``identity_encrypted`` the Fernet token shown to coordinators
(:mod:`kunskapsnod.youth.identity`). Ages and statistics read ``birth_year``, which
survives anonymisation, so a retention run leaves every count unchanged."""

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
