"""Kunskapsbank: good examples, methods, research and projects, owned by a municipality or
an association and published through a review workflow.

One ``Entry`` model carries all four kinds. The project-only fields (owner, funder,
period, budget, modules, goals, results) sit on the same row and check constraints keep
them empty for the other kinds, so that:

* the database itself guarantees "only a project has a budget" and "the period ends on or
  after it starts" (a one-to-one ``ProjectDetails`` row could be attached to a method, and
  no constraint can look across the two tables);
* the list, the filters, the feed, the API and the coming search index and project
  register read one table without a join, and the register's questions ("which projects
  run now, who funds them") are plain filters on it.

Every text a person writes stays plain text (the body is Markdown source) so a search
index can read the fields as they are; rendering happens on display
(:mod:`kunskapsnod.knowledge.markdown`).
"""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kunskapsnod.mapping.models import Actor, AgeGroup, Level, Theme
from kunskapsnod.regions.models import Organisation, OrganisationKind
from kunskapsnod.regions.permissions import writable_organisations

TITLE_MAX = 200
SUMMARY_MAX = 1000
BODY_MAX = 50_000
PROJECT_TEXT_MAX = 5000

# Who may own an entry: the organisations the node works with and for.
OWNER_KINDS = (OrganisationKind.MUNICIPALITY, OrganisationKind.ASSOCIATION)


class EntryKind(models.TextChoices):
    GOOD_EXAMPLE = "gott_exempel", _("Gott exempel")
    METHOD = "metod", _("Metod")
    RESEARCH = "forskning", _("Forskning")
    PROJECT = "projekt", _("Projekt")


class Status(models.TextChoices):
    DRAFT = "utkast", _("Utkast")
    REVIEW = "granskning", _("För granskning")
    PUBLISHED = "publicerad", _("Publicerad")
    ARCHIVED = "arkiverad", _("Arkiverad")


class Funding(models.TextChoices):
    ESF = "esf", _("Europeiska socialfonden (ESF+)")
    SOCIAL_INVESTMENT = "social_investering", _("Sociala investeringsfonder")
    MUNICIPAL = "kommunal", _("Kommunens egna medel")
    REGION = "region", _("Regionen")
    STATE = "statlig", _("Statsbidrag")
    FOUNDATION = "stiftelse", _("Stiftelse eller fond")
    OTHER = "annan", _("Annan finansiering")


# The fields only a project may fill, with their empty value (for the check constraint).
PROJECT_FIELDS = {
    "project_owner": None,
    "funding": "",
    "funder": "",
    "start_date": None,
    "end_date": None,
    "budget": None,
    "modules": "",
    "goals": "",
    "results": "",
}


def _project_fields_empty() -> Q:
    condition = Q()
    for field, empty in PROJECT_FIELDS.items():
        condition &= Q(**{f"{field}__isnull": True}) if empty is None else Q(**{field: empty})
    return condition


class EntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def owned_by(self, organisations):
        return self.filter(owner__in=organisations)

    def visible_to(self, user):
        """What ``user`` may read: every published entry, and any entry whose owner the
        user may change (their drafts, the review queue of node staff). Anonymous visitors
        and readers see published entries only."""
        if not getattr(user, "is_authenticated", False):
            return self.published()
        return self.filter(Q(status=Status.PUBLISHED) | Q(owner__in=writable_organisations(user)))

    def published_between(self, start, end):
        """Published (now) with a first publication date in [start, end] (dates, inclusive)."""
        return self.published().filter(published_at__date__gte=start, published_at__date__lte=end)

    def projects(self):
        return self.filter(kind=EntryKind.PROJECT)

    def running_on(self, day):
        """Projects whose period covers ``day``: started on or before it, and not ended
        before it (no end date: still running). A project without a start date has no
        known period and does not count as running."""
        return self.projects().filter(Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gte=day))

    def involving(self, organisation):
        """Entries an organisation takes part in: it owns them, owns the project or
        participates; for an association also whatever its member municipalities do."""
        orgs = [organisation.pk]
        if organisation.is_association:
            orgs += list(Organisation.objects.members_of(organisation).values_list("pk", flat=True))
        condition = Q(owner__in=orgs) | Q(project_owner__in=orgs) | Q(municipalities__in=orgs)
        return self.filter(pk__in=self.model.objects.filter(condition).values("pk"))


class Entry(models.Model):
    kind = models.CharField(_("typ"), max_length=20, choices=EntryKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="knowledge_entries",
        limit_choices_to={"kind__in": OWNER_KINDS},
        verbose_name=_("ägs av"),
        help_text=_("Kommunen eller kommunalförbundet som ansvarar för posten."),
    )
    title = models.CharField(_("rubrik"), max_length=TITLE_MAX)
    summary = models.TextField(_("sammanfattning"), max_length=SUMMARY_MAX)
    body = models.TextField(_("beskrivning"), max_length=BODY_MAX, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="knowledge_entries", verbose_name=_("teman"))
    level = models.ForeignKey(
        Level,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="knowledge_entries",
        verbose_name=_("nivå"),
    )
    target_group = models.CharField(_("målgrupp"), max_length=300, blank=True)
    target_age = models.CharField(_("målgrupp (ålder)"), max_length=10, choices=AgeGroup.choices, blank=True)
    municipalities = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="knowledge_involvement",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
        verbose_name=_("kommuner som deltar"),
    )
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-post till kontaktperson"), blank=True)
    contact_phone = models.CharField(_("telefon till kontaktperson"), max_length=40, blank=True)

    # --- projects only (see the module docstring) ---
    project_owner = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="knowledge_projects",
        verbose_name=_("projektägare"),
    )
    funding = models.CharField(_("finansiering"), max_length=30, choices=Funding.choices, blank=True)
    funder = models.CharField(
        _("finansiär"), max_length=200, blank=True, help_text=_("T.ex. ESF-rådet eller namnet på fonden.")
    )
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("slutdatum"), null=True, blank=True)
    budget = models.BigIntegerField(_("budget (kronor)"), null=True, blank=True)
    modules = models.TextField(_("moduler"), max_length=PROJECT_TEXT_MAX, blank=True, help_text=_("En per rad."))
    goals = models.TextField(_("mål"), max_length=PROJECT_TEXT_MAX, blank=True)
    results = models.TextField(_("resultat"), max_length=PROJECT_TEXT_MAX, blank=True)

    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("skapad av")
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    submitted_at = models.DateTimeField(_("skickad för granskning"), null=True, blank=True)
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    published_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("publicerad av"),
    )
    archived_at = models.DateTimeField(_("arkiverad"), null=True, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-updated_at", "-pk"]
        verbose_name = _("kunskapsbankspost")
        verbose_name_plural = _("kunskapsbanksposter")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EntryKind.values), name="knowledge_entry_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="knowledge_entry_status_valid"),
            models.CheckConstraint(condition=~Q(title=""), name="knowledge_entry_title_not_empty"),
            models.CheckConstraint(condition=~Q(summary=""), name="knowledge_entry_summary_not_empty"),
            models.CheckConstraint(
                condition=Q(target_age="") | Q(target_age__in=AgeGroup.values), name="knowledge_entry_target_age_valid"
            ),
            # Published and archived entries have been published: they carry the date.
            models.CheckConstraint(
                condition=Q(status__in=[Status.DRAFT, Status.REVIEW]) | Q(published_at__isnull=False),
                name="knowledge_entry_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.ARCHIVED) | Q(archived_at__isnull=False),
                name="knowledge_entry_archived_has_date",
            ),
            models.CheckConstraint(
                condition=Q(kind=EntryKind.PROJECT) | _project_fields_empty(),
                name="knowledge_entry_project_fields_only_for_projects",
            ),
            models.CheckConstraint(
                condition=Q(funding="") | Q(funding__in=Funding.values), name="knowledge_entry_funding_valid"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="knowledge_entry_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="knowledge_entry_budget_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["kind", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:entry", args=[self.pk])

    @property
    def is_project(self) -> bool:
        return self.kind == EntryKind.PROJECT

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def actor_values(self) -> list[str]:
        return [link.actor for link in self.actor_links.all()]

    def actor_labels(self) -> list[str]:
        return [Actor(value).label for value in self.actor_values]

    def module_list(self) -> list[str]:
        return [line.strip() for line in self.modules.splitlines() if line.strip()]

    def clean(self) -> None:
        """The rules the check constraints hold, as form errors in Swedish."""
        from django.core.exceptions import ValidationError

        errors = {}
        if self.kind != EntryKind.PROJECT:
            filled = [f for f, empty in PROJECT_FIELDS.items() if getattr(self, f) not in (empty, None, "")]
            for field in filled:
                errors[field] = _("Bara projekt har detta fält.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Slutdatum kan inte ligga före startdatum.")
        if self.budget is not None and self.budget < 0:
            errors["budget"] = _("Budgeten kan inte vara negativ.")
        if errors:
            raise ValidationError(errors)


class EntryActor(models.Model):
    """An actor involved in an entry (several per entry), as in the mapping."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="actor_links", verbose_name=_("kunskapsbankspost")
    )
    actor = models.CharField(_("aktör"), max_length=20, choices=Actor.choices)

    class Meta:
        ordering = ["actor"]
        verbose_name = _("aktör")
        verbose_name_plural = _("aktörer")
        constraints = [
            models.UniqueConstraint(fields=["entry", "actor"], name="knowledge_entry_actor_unique"),
            models.CheckConstraint(condition=Q(actor__in=Actor.values), name="knowledge_entry_actor_valid"),
        ]

    def __str__(self) -> str:
        return self.get_actor_display()


class EntryLink(models.Model):
    """A web link of an entry: the project's site, a report, the research article."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="links", verbose_name=_("kunskapsbankspost")
    )
    url = models.URLField(_("adress"), max_length=500)
    label = models.CharField(_("text"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("länk")
        verbose_name_plural = _("länkar")
        constraints = [
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="knowledge_link_is_http",
            )
        ]

    def __str__(self) -> str:
        return self.label or self.url


class AttachmentKind(models.TextChoices):
    """The file types an attachment may be, decided by content (knowledge/files.py)."""

    PDF = "pdf", _("PDF")
    DOCX = "docx", _("Word-dokument")
    XLSX = "xlsx", _("Excel-arbetsbok")
    PPTX = "pptx", _("PowerPoint-presentation")
    ODT = "odt", _("OpenDocument-text")
    ODS = "ods", _("OpenDocument-kalkylblad")
    ODP = "odp", _("OpenDocument-presentation")


class Attachment(models.Model):
    """A file of an entry. The file lies under MEDIA_ROOT with a generated name; the name
    the user gave is kept, cleaned, only to be shown and offered on download."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("kunskapsbankspost")
    )
    file = models.FileField(_("fil"), max_length=200)
    name = models.CharField(_("filnamn"), max_length=200)
    kind = models.CharField(_("filtyp"), max_length=10, choices=AttachmentKind.choices)
    content_type = models.CharField(_("innehållstyp"), max_length=120)
    size = models.PositiveBigIntegerField(_("storlek (byte)"))
    sha256 = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64)
    uploaded_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uppladdad av"),
    )
    uploaded_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AttachmentKind.values), name="knowledge_attachment_kind_valid"),
            models.CheckConstraint(condition=Q(size__gt=0), name="knowledge_attachment_not_empty"),
            models.CheckConstraint(condition=~Q(name=""), name="knowledge_attachment_has_name"),
            models.UniqueConstraint(fields=["file"], name="knowledge_attachment_file_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:attachment", args=[self.pk])


class ConnectionStatus(models.TextChoices):
    CONFIRMED = "bekraftad", _("Bekräftad")
    REJECTED = "avvisad", _("Avvisad")


class Connection(models.Model):
    """A person's decision on a suggested connection between a need and what others
    already do: an intervention of another municipality or a knowledge-bank entry.
    Suggestions are computed when a need's page is shown (knowledge/connections.py);
    this row records that someone confirmed one (it then shows on both sides and on the
    municipalities' pages) or rejected it (it is not suggested again)."""

    need = models.ForeignKey(
        "mapping.Item",
        on_delete=models.CASCADE,
        related_name="connections",
        limit_choices_to={"kind": "behov"},
        verbose_name=_("behov"),
    )
    intervention = models.ForeignKey(
        "mapping.Item",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="connected_needs",
        limit_choices_to={"kind": "insats"},
        verbose_name=_("insats"),
    )
    entry = models.ForeignKey(
        Entry,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="connected_needs",
        verbose_name=_("kunskapsbankspost"),
    )
    status = models.CharField(_("status"), max_length=10, choices=ConnectionStatus.choices)
    reason = models.CharField(_("motivering"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("av")
    )
    decided_at = models.DateTimeField(_("beslutad"))

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("koppling")
        verbose_name_plural = _("kopplingar")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ConnectionStatus.values), name="knowledge_connection_status"),
            models.CheckConstraint(
                condition=(Q(intervention__isnull=True) & Q(entry__isnull=False))
                | (Q(intervention__isnull=False) & Q(entry__isnull=True)),
                name="knowledge_connection_one_target",
            ),
            models.CheckConstraint(condition=~Q(need=F("intervention")), name="knowledge_connection_not_self"),
            models.UniqueConstraint(
                fields=["need", "intervention"],
                condition=Q(entry__isnull=True),
                name="knowledge_connection_unique_item",
            ),
            models.UniqueConstraint(
                fields=["need", "entry"],
                condition=Q(intervention__isnull=True),
                name="knowledge_connection_unique_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.need} ↔ {self.intervention or self.entry}"

    @property
    def target(self):
        return self.intervention if self.intervention_id else self.entry
