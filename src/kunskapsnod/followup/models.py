"""Uppföljning: an association's yearly activity plan (a working copy and the frozen
versions its steering group decided), the node's events and their participants, and the
annual reports generated from what the platform holds.

A decided plan is frozen as a JSON snapshot of its activities (``PlanDecision``), not as a
second set of rows: the decided version never changes, whatever happens to the working
copy, the priorities or the municipalities it named, and comparing the two is a
comparison of two lists of dictionaries keyed by the activity's id."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kunskapsnod.regions.models import Organisation, OrganisationKind

YEAR_MIN, YEAR_MAX = 2000, 2100
TEXT_MAX = 5000


class Strategy(models.TextChoices):
    """How the node works (analysmodell.json, "strategier")."""

    PROCESS_SUPPORT = "processtod", _("Processtöd")
    COOPERATION_ARENA = "samverkansarena", _("Samverkansarena")
    MONITORING = "omvarldsbevakning", _("Omvärldsbevakning")
    DEVELOPMENT_ARENA = "utvecklingsarena", _("Utvecklingsarena")


class ActivityStatus(models.TextChoices):
    PLANNED = "planerad", _("Planerad")
    ONGOING = "pagar", _("Pågår")
    DONE = "genomford", _("Genomförd")
    CANCELLED = "installd", _("Inställd")


class ActivityPlan(models.Model):
    """One association's plan for one year: the working copy. ``decisions`` hold the
    versions the steering group decided."""

    association = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="activity_plans",
        limit_choices_to={"kind": OrganisationKind.ASSOCIATION},
        verbose_name=_("kommunalförbund"),
    )
    year = models.PositiveIntegerField(_("år"))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        ordering = ["association__name", "-year"]
        verbose_name = _("aktivitetsplan")
        verbose_name_plural = _("aktivitetsplaner")
        constraints = [
            models.UniqueConstraint(fields=["association", "year"], name="activity_plan_unique_per_year"),
            models.CheckConstraint(condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX), name="activity_plan_year_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.association} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("followup:plan", args=[self.association.slug, self.year])


class Activity(models.Model):
    plan = models.ForeignKey(
        ActivityPlan, on_delete=models.CASCADE, related_name="activities", verbose_name=_("aktivitetsplan")
    )
    title = models.CharField(_("rubrik"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True, max_length=TEXT_MAX)
    focus_area = models.CharField(_("fokusområde"), max_length=200, blank=True)
    strategy = models.CharField(_("strategi"), max_length=20, choices=Strategy.choices, blank=True)
    priorities = models.ManyToManyField(
        "mapping.Priority", blank=True, related_name="activities", verbose_name=_("prioriterade behov")
    )
    municipalities = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="followup_activities",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
        verbose_name=_("berörda kommuner"),
    )
    responsible = models.CharField(_("ansvarig"), max_length=200, blank=True)
    planned_start = models.DateField(_("planerad start"), null=True, blank=True)
    planned_end = models.DateField(_("planerat slut"), null=True, blank=True)
    actual_start = models.DateField(_("faktisk start"), null=True, blank=True)
    actual_end = models.DateField(_("faktiskt slut"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    outcome = models.TextField(_("resultat"), blank=True, max_length=TEXT_MAX)

    class Meta:
        ordering = ["planned_start", "title", "pk"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="activity_title_not_empty"),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
                name="activity_planned_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=True)
                | Q(actual_end__gte=models.F("actual_start")),
                name="activity_actual_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ActivityStatus]), name="activity_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanDecision(models.Model):
    """A version of the plan as the steering group decided it, frozen."""

    plan = models.ForeignKey(
        ActivityPlan, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("aktivitetsplan")
    )
    version = models.PositiveIntegerField(_("version"))
    decided_on = models.DateField(_("beslutsdatum"))
    decided_by = models.CharField(_("beslutad av"), max_length=200, default="Styrgruppen")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registrerad av"),
    )
    recorded_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    activities = models.JSONField(_("aktiviteter"), default=list)

    class Meta:
        ordering = ["plan", "-version"]
        verbose_name = _("beslutad version")
        verbose_name_plural = _("beslutade versioner")
        constraints = [models.UniqueConstraint(fields=["plan", "version"], name="plan_decision_version_unique")]

    def __str__(self) -> str:
        return f"{self.plan} v{self.version} ({self.decided_on:%Y-%m-%d})"


class EventKind(models.TextChoices):
    CONFERENCE = "konferens", _("Konferens")
    SEMINAR = "seminarium", _("Seminarium")
    NETWORK_MEETING = "natverksmote", _("Nätverksmöte")


class ActorGroup(models.TextChoices):
    """Who a participant came from, as the regional evaluation counted them."""

    MUNICIPALITY = "kommun", _("Kommun")
    REGION = "region", _("Region")
    ACADEMIA = "akademi", _("Akademi")
    AUTHORITY = "myndighet", _("Myndighet")
    COORDINATION = "samordningsforbund", _("Samordningsförbund")
    CIVIL_SOCIETY = "civilsamhalle", _("Civilsamhälle")
    ASSOCIATION = "kommunalforbund", _("Kommunalförbund")
    BUSINESS = "naringsliv", _("Näringsliv")
    OTHER = "annan", _("Annan")
    UNKNOWN = "okand", _("Okänd")


class Event(models.Model):
    organiser = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="followup_events", verbose_name=_("arrangör")
    )
    kind = models.CharField(_("typ"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("namn"), max_length=300)
    date = models.DateField(_("datum"))
    place = models.CharField(_("plats"), max_length=200, blank=True)
    notes = models.TextField(_("anteckningar"), blank=True, max_length=TEXT_MAX)

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("evenemang")
        verbose_name_plural = _("evenemang")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="event_title_not_empty"),
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in EventKind]), name="event_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("followup:event", args=[self.pk])


class Resolved(models.Model):
    """Whom a name in a participant list stands for: an organisation of the platform (if
    any), a municipality (if any) and always an actor group."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("organisation")
    )
    municipality = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
        verbose_name=_("kommun"),
    )
    actor_group = models.CharField(_("aktörsgrupp"), max_length=20, choices=ActorGroup.choices)

    class Meta:
        abstract = True


class EventParticipant(Resolved):
    """One participant of an event. Name and e-mail are personal data kept only as long
    as KUNSKAPSNOD_PARTICIPANT_NAME_RETENTION_DAYS says; organisation, municipality,
    actor group and role stay, so every count survives the purge."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants", verbose_name=_("evenemang"))
    name = models.CharField(_("namn"), max_length=200, blank=True)
    email = models.CharField(_("e-post"), max_length=254, blank=True)
    organisation_name = models.CharField(_("organisation (som angiven)"), max_length=300, blank=True)
    role = models.CharField(_("roll"), max_length=200, blank=True)
    names_purged_at = models.DateTimeField(_("namn rensade"), null=True, blank=True)
    imported_at = models.DateTimeField(_("importerad"), auto_now_add=True)

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")
        constraints = [
            models.CheckConstraint(
                condition=Q(actor_group__in=[g.value for g in ActorGroup]), name="participant_actor_group_valid"
            )
        ]

    def __str__(self) -> str:
        return self.name or self.organisation_name or str(self.pk)


class OrganisationAlias(Resolved):
    """How an organisation named in a participant list was resolved, remembered for the
    next import of the same organiser (``key`` is the name folded: case and spacing)."""

    owner = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="participant_aliases", verbose_name=_("ägare")
    )
    key = models.CharField(max_length=300, verbose_name=_("namn i deltagarlistor"))
    name = models.CharField(_("namn i deltagarlistan"), max_length=300)

    class Meta:
        ordering = ["owner", "name"]
        verbose_name = _("tolkad organisation")
        verbose_name_plural = _("tolkade organisationer")
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="organisation_alias_unique")]

    def __str__(self) -> str:
        return self.name


class ParticipantImport(models.Model):
    """A participant list read and checked but not yet kept: the user sees the broken
    rows (by line) and the unknown organisations, resolves those, then confirms. The
    parsed rows wait here (with names, so they are purged like participants)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="imports", verbose_name=_("evenemang"))
    file_name = models.CharField(_("fil"), max_length=300)
    rows = models.JSONField(default=list, verbose_name=_("rader"))
    errors = models.JSONField(default=list, verbose_name=_("fel"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    created_at = models.DateTimeField(_("inläst"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("deltagarimport")
        verbose_name_plural = _("deltagarimporter")

    def __str__(self) -> str:
        return self.file_name


class ReportText(models.Model):
    """What staff write themselves for an association's annual report."""

    association = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="report_texts",
        limit_choices_to={"kind": OrganisationKind.ASSOCIATION},
        verbose_name=_("kommunalförbund"),
    )
    year = models.PositiveIntegerField(_("år"))
    foreword = models.TextField(_("förord"), blank=True, max_length=20000)
    conclusions = models.TextField(_("slutsatser"), blank=True, max_length=20000)

    class Meta:
        verbose_name = _("rapporttext")
        verbose_name_plural = _("rapporttexter")
        constraints = [models.UniqueConstraint(fields=["association", "year"], name="report_text_unique_per_year")]

    def __str__(self) -> str:
        return f"{self.association} {self.year}"


class GeneratedReport(models.Model):
    """An annual report as generated: the inputs it was built from (and their hash), the
    HTML and the PDF. The same inputs give the same HTML and PDF, byte for byte."""

    association = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="annual_reports",
        limit_choices_to={"kind": OrganisationKind.ASSOCIATION},
        verbose_name=_("kommunalförbund"),
    )
    year = models.PositiveIntegerField(_("år"))
    generated_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    inputs = models.JSONField(_("underlag"))
    inputs_hash = models.CharField(max_length=64, verbose_name=_("underlagets kontrollsumma"))
    html = models.TextField(verbose_name=_("HTML"))
    pdf = models.BinaryField(verbose_name=_("PDF"))

    class Meta:
        ordering = ["-generated_at", "-pk"]
        verbose_name = _("årsrapport")
        verbose_name_plural = _("årsrapporter")

    def __str__(self) -> str:
        return f"{self.association} {self.year} ({self.generated_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("followup:report", args=[self.pk])
