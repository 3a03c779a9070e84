"""Kartläggning: interventions and needs per municipality, the versioned analysis model
they are classified in, and the municipalities' ranked priorities.

Interventions (insatser) and needs (behov) share one ``Item`` model with a ``kind``: they
carry the same fields (text, source, actors, age group, sub-items, classification), are
listed, filtered, imported and counted by the same code, and the analysis matrix counts
both kinds side by side in one grouped query. The one need-only field, ``scope``, is
guarded by a check constraint.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kunskapsnod.regions.models import Meeting, Organisation, OrganisationKind

TEXT_MAX = 2000


class AnalysisModel(models.Model):
    """One version of the analysis model: its themes × levels."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    name = models.CharField(_("namn"), max_length=200)
    created_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
        verbose_name=_("skapad från"),
    )
    notes = models.TextField(_("anteckningar"), blank=True, max_length=5000)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        ordering = ["version"]
        verbose_name = _("analysmodell")
        verbose_name_plural = _("analysmodeller")
        constraints = [models.CheckConstraint(condition=Q(version__gte=1), name="analysis_model_version_positive")]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("mapping:model", args=[self.version])


class Theme(models.Model):
    model = models.ForeignKey(
        AnalysisModel, on_delete=models.CASCADE, related_name="themes", verbose_name=_("analysmodell")
    )
    name = models.CharField(_("namn"), max_length=200)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    keywords = models.TextField(
        _("nyckelord"),
        blank=True,
        max_length=2000,
        help_text=_("Ord som hör till temat, åtskilda med kommatecken. Används för klassificeringsförslag."),
    )

    class Meta:
        ordering = ["model__version", "order", "name"]
        verbose_name = _("tema")
        verbose_name_plural = _("teman")
        constraints = [models.UniqueConstraint(fields=["model", "name"], name="theme_name_unique_per_model")]

    def __str__(self) -> str:
        return self.name


class Level(models.Model):
    model = models.ForeignKey(
        AnalysisModel, on_delete=models.CASCADE, related_name="levels", verbose_name=_("analysmodell")
    )
    name = models.CharField(_("namn"), max_length=200)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    description = models.TextField(_("beskrivning"), blank=True, max_length=2000)
    keywords = models.TextField(
        _("nyckelord"),
        blank=True,
        max_length=2000,
        help_text=_("Ord som hör till nivån, åtskilda med kommatecken. Används för klassificeringsförslag."),
    )

    class Meta:
        ordering = ["model__version", "order", "name"]
        verbose_name = _("nivå")
        verbose_name_plural = _("nivåer")
        constraints = [models.UniqueConstraint(fields=["model", "name"], name="level_name_unique_per_model")]

    def __str__(self) -> str:
        return self.name


class ThemeMapping(models.Model):
    """Old theme → theme of a later version (rename, merge: several old to one new)."""

    old = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="mapped_to", verbose_name=_("gammalt tema"))
    new = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="mapped_from", verbose_name=_("nytt tema"))

    class Meta:
        verbose_name = _("temamappning")
        verbose_name_plural = _("temamappningar")
        constraints = [
            models.UniqueConstraint(fields=["old", "new"], name="theme_mapping_unique"),
            models.CheckConstraint(condition=~Q(old=models.F("new")), name="theme_mapping_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"


class LevelMapping(models.Model):
    """Old level → level of a later version; levels change between versions too."""

    old = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="mapped_to", verbose_name=_("gammal nivå"))
    new = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="mapped_from", verbose_name=_("ny nivå"))

    class Meta:
        verbose_name = _("nivåmappning")
        verbose_name_plural = _("nivåmappningar")
        constraints = [
            models.UniqueConstraint(fields=["old", "new"], name="level_mapping_unique"),
            models.CheckConstraint(condition=~Q(old=models.F("new")), name="level_mapping_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"


class SourceQuerySet(models.QuerySet):
    def ranked_lists(self) -> "SourceQuerySet":
        """Sources that hold a ranked list of priorities (a workshop's step 2). A source of
        interventions and needs only is no list, however new."""
        top = Priority.objects.filter(source=models.OuterRef("pk"), parent__isnull=True)
        return self.filter(models.Exists(top))

    def current_lists(self) -> "SourceQuerySet":
        """The one rule for a municipality's *current* list, which the combined
        sub-regional priorities use and every count of priorities counts: of its ranked
        lists (within this queryset), the one with the latest date, and of those the one
        saved last. One row per municipality."""
        ranked = self.ranked_lists()
        newest = ranked.filter(municipality=models.OuterRef("municipality")).order_by(*NEWEST_LIST_FIRST)
        return ranked.filter(pk=models.Subquery(newest.values("pk")[:1]))


# The order of a municipality's lists, newest first; saving gives a list the highest pk.
NEWEST_LIST_FIRST = ("-date", "-pk")


class Source(models.Model):
    """Where items came from: a workshop or meeting on a date. Items without a source
    were entered by hand."""

    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="mapping_sources",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
        verbose_name=_("kommun"),
    )
    label = models.CharField(_("källa"), max_length=300)
    date = models.DateField(_("datum"))
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mapping_sources",
        verbose_name=_("möte"),
    )
    workshop_ref = models.CharField(
        _("workshop-referens"),
        max_length=100,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Sätts när resultatet kommer från en workshop i plattformen."),
    )
    citation = models.CharField(_("dokumentation"), max_length=500, blank=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name", "date", "label"]
        verbose_name = _("källa")
        verbose_name_plural = _("källor")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "label", "date"],
                condition=Q(workshop_ref__isnull=True),
                name="source_unique_per_municipality",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.date:%Y-%m-%d}"


class Kind(models.TextChoices):
    INTERVENTION = "insats", _("Insats")
    NEED = "behov", pgettext_lazy("one entry", "Behov")


class Scope(models.TextChoices):
    INTERNAL = "internt", _("Internt (kan lösas i kommunen)")
    SUBREGIONAL = "delregionalt", _("Delregionalt (kräver samverkan)")


class Actor(models.TextChoices):
    SCHOOL = "skola", _("Skola")
    PRESCHOOL = "forskola", _("Förskola")
    SOCIAL_SERVICES = "socialtjanst", _("Socialtjänst")
    STUDENT_HEALTH = "elevhalsa", _("Elevhälsa")
    BUP = "bup", _("BUP")
    PRIMARY_CARE = "primarvard", _("Primärvård")
    LEISURE = "fritid", _("Fritid")
    CIVIL_SOCIETY = "civilsamhalle", _("Civilsamhälle")
    POLICE = "polis", _("Polis")
    LABOUR_MARKET = "arbetsmarknad", _("Arbetsmarknad/KAA")
    PARENTS = "foraldrar", _("Föräldrar")
    OTHER = "annan", _("Annan")


class AgeGroup(models.TextChoices):
    EARLY = "0-5", _("0–5 år")
    PRIMARY = "6-12", _("6–12 år")
    LOWER_SECONDARY = "13-15", _("13–15 år")
    UPPER_SECONDARY = "16-20", _("16–20 år")
    ALL = "alla", _("Alla åldrar")


class ItemQuerySet(models.QuerySet):
    def interventions(self):
        return self.filter(kind=Kind.INTERVENTION)

    def needs(self):
        return self.filter(kind=Kind.NEED)

    def top_level(self):
        return self.filter(parent__isnull=True)

    def in_municipalities(self, municipalities):
        return self.filter(municipality__in=municipalities)

    def classified_in(self, model: AnalysisModel):
        return self.filter(classifications__model=model, classifications__is_current=True)

    def unclassified_in(self, model: AnalysisModel):
        return self.exclude(pk__in=Classification.objects.current().filter(model=model).values("item_id"))


class Item(models.Model):
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("text"), max_length=TEXT_MAX)
    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="mapping_items",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
        verbose_name=_("kommun"),
    )
    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name=_("källa"),
        help_text=_("Tom om posten har matats in för hand."),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="parts",
        verbose_name=_("del av"),
    )
    # Order within its list in the source (or among its parent's parts); the import's key.
    position = models.PositiveIntegerField(_("ordning"), default=0)
    target_age = models.CharField(_("målgrupp (ålder)"), max_length=10, choices=AgeGroup.choices, blank=True)
    scope = models.CharField(_("lösning"), max_length=20, choices=Scope.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("skapad"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("ändrad"))

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name", "kind", "source__date", "position", "pk"]
        verbose_name = _("insats eller behov")
        verbose_name_plural = _("insatser och behov")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in Kind]), name="item_kind_valid"),
            models.CheckConstraint(condition=Q(kind=Kind.NEED) | Q(scope=""), name="item_scope_only_for_needs"),
            models.CheckConstraint(condition=~Q(text=""), name="item_text_not_empty"),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="item_not_own_parent"),
        ]
        indexes = [models.Index(fields=["municipality", "kind"])]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("mapping:item", args=[self.pk])

    @property
    def actor_values(self) -> list[str]:
        return [link.actor for link in self.actor_links.all()]

    def actor_labels(self) -> list[str]:
        return [Actor(value).label for value in self.actor_values]


class ItemActor(models.Model):
    """An actor involved in an intervention or need (several per item)."""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="actor_links", verbose_name=_("insats eller behov")
    )
    actor = models.CharField(_("aktör"), max_length=20, choices=Actor.choices)

    class Meta:
        ordering = ["actor"]
        constraints = [
            models.UniqueConstraint(fields=["item", "actor"], name="item_actor_unique"),
            models.CheckConstraint(condition=Q(actor__in=[a.value for a in Actor]), name="item_actor_valid"),
        ]
        verbose_name = _("aktör")
        verbose_name_plural = _("aktörer")

    def __str__(self) -> str:
        return self.actor


class ClassificationQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)


class Classification(models.Model):
    """An item's themes and level in one model version. Re-classifying keeps the old row
    (is_current=False) as history; an item has at most one current row per version."""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="classifications", verbose_name=_("insats eller behov")
    )
    model = models.ForeignKey(
        AnalysisModel, on_delete=models.PROTECT, related_name="classifications", verbose_name=_("analysmodell")
    )
    themes = models.ManyToManyField(Theme, related_name="classifications", verbose_name=_("teman"))
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="classifications", verbose_name=_("nivå"))
    is_current = models.BooleanField(default=True, verbose_name=_("gällande"))
    derived_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived",
        help_text=_("Klassificeringen i en äldre version som denna mappades från."),
        verbose_name=_("härledd från"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("skapad"))
    # Set when a person accepted (or changed) a machine suggestion into this classification.
    suggestion = models.OneToOneField(
        "ClassificationSuggestion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="classification",
        verbose_name=_("från förslag"),
    )

    objects = ClassificationQuerySet.as_manager()

    class Meta:
        ordering = ["item", "model__version", "-created_at"]
        verbose_name = _("klassificering")
        verbose_name_plural = _("klassificeringar")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "model"],
                condition=Q(is_current=True),
                name="classification_one_current_per_model",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} – v{self.model_id}"


class Decision(models.TextChoices):
    ACCEPTED = "godkant", _("Godkänt")
    CHANGED = "andrat", _("Ändrat")
    REJECTED = "avvisat", _("Avvisat")


class ClassificationSuggestion(models.Model):
    """A machine suggestion (theme and level) that a person decided on. Open suggestions
    are computed when shown (mapping/suggestions.py) and never stored, so they never count
    anywhere; this row records the decision: accepted or changed (the classification
    it became points here), or rejected (the theme is not suggested for the item again)."""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("insats eller behov")
    )
    model = models.ForeignKey(
        AnalysisModel, on_delete=models.PROTECT, related_name="suggestions", verbose_name=_("analysmodell")
    )
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="suggestions", verbose_name=_("tema"))
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="suggestions", verbose_name=_("nivå"))
    reason = models.TextField(_("motivering"), blank=True, max_length=2000)
    score = models.FloatField(_("säkerhet"), default=0)
    decision = models.CharField(_("beslut"), max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("beslutad av"),
    )
    decided_at = models.DateTimeField(_("beslutat"))

    class Meta:
        ordering = ["item", "-decided_at", "-pk"]
        verbose_name = _("klassificeringsförslag")
        verbose_name_plural = _("klassificeringsförslag")
        constraints = [
            models.CheckConstraint(condition=Q(decision__in=Decision.values), name="suggestion_decision_valid"),
        ]
        indexes = [models.Index(fields=["model", "decision"])]

    def __str__(self) -> str:
        return f"{self.item} → {self.theme} ({self.get_decision_display()})"


class Priority(models.Model):
    """One line of a municipality's ranked list of needs for sub-regional cooperation
    (workshop step 2). Sub-items ("delar") are rows with a parent and no rank."""

    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="mapping_priorities",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
        verbose_name=_("kommun"),
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="priorities", verbose_name=_("källa"))
    rank = models.PositiveIntegerField(_("rang"), null=True, blank=True)
    text = models.TextField(_("text"), max_length=TEXT_MAX)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="parts",
        verbose_name=_("del av"),
    )
    position = models.PositiveIntegerField(_("ordning"), default=0)
    dots = models.PositiveIntegerField(_("pluppar"), null=True, blank=True)
    need = models.ForeignKey(
        Item,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="priorities",
        limit_choices_to={"kind": Kind.NEED},
        verbose_name=_("behov"),
    )
    # Themes of any model version; classifying in one version leaves the others alone.
    themes = models.ManyToManyField(Theme, blank=True, related_name="priorities", verbose_name=_("teman"))

    class Meta:
        ordering = ["municipality__name", "source__date", "rank", "position"]
        verbose_name = _("prioritering")
        verbose_name_plural = _("prioriteringar")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "rank"],
                condition=Q(parent__isnull=True),
                name="priority_rank_unique_per_list",
            ),
            models.CheckConstraint(
                condition=(Q(parent__isnull=True) & Q(rank__gte=1)) | (Q(parent__isnull=False) & Q(rank__isnull=True)),
                name="priority_rank_on_top_level_only",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="priority_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.text[:60]}" if self.rank else self.text[:60]
