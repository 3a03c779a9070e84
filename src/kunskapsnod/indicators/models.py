"""Kolada key figures: indicators (KPIs), their values per area, period and gender,
the import batches that brought them in, and the revisions Kolada made without notice.

Values are statistics, not user input: they enter only through
``indicators.services.import_kolada_values`` and are never audited row by row."""

from django.db import models
from django.db.models import Max, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kunskapsnod.regions.models import Organisation


class Gender(models.TextChoices):
    TOTAL = "T", _("Totalt")
    WOMEN = "K", _("Kvinnor/flickor")
    MEN = "M", _("Män/pojkar")


# Own indicators (other sources than Kolada) have codes with this prefix. Kolada's ids are
# a letter and five digits (N15428, U31803) and never hold a hyphen, so no Kolada id can
# ever collide with an own code, and a metadata load from Kolada never matches one.
OWN_PREFIX = "EGEN-"
OWN_THEME = "egen källa"
KOLADA_SOURCE = "Kolada"


def is_percentage(title: str, unit: str = "") -> bool:
    """Kolada titles shares as "andel (%)", own indicators name "%" in their unit; such
    values must lie in 0–100."""
    return "andel (%)" in title.lower() or "%" in unit


class IndicatorQuerySet(models.QuerySet):
    def kolada(self):
        """Kolada's KPIs: everything ``kolada sync|import`` and the metadata load may touch."""
        return self.filter(owner__isnull=True)

    def own(self):
        """Indicators the node defined itself, with values from another source."""
        return self.filter(owner__isnull=False)

    def default_set(self):
        """The fullföljda-studier set, in the order the node presents it."""
        return self.filter(in_default_set=True).order_by("sort_order", "code")

    def search(self, text: str):
        return self.filter(Q(title__icontains=text) | Q(code__iexact=text.strip()))


class Indicator(models.Model):
    """One Kolada KPI, e.g. N15428. Metadata comes from Kolada; direction and default-set
    membership are the node's own judgement (data/kolada/indicator-direction.csv).

    Or an *own* indicator (``owner`` set): defined by node staff for data from another
    source (child health, pupils' wellbeing surveys, the CAN survey), with a code that
    starts with ``OWN_PREFIX``, its own ``source``, ``unit`` and ``contact``; its values are
    imported by ``import_own_values`` and never by Kolada's sync or import."""

    code = models.CharField(_("kod"), max_length=40, unique=True)
    title = models.CharField(_("titel"), max_length=400)
    description = models.TextField(_("beskrivning"), blank=True)
    is_divided_by_gender = models.BooleanField(_("könsuppdelad"), default=False)
    municipality_type = models.CharField(_("kommuntyp"), max_length=10, blank=True)
    auspice = models.CharField(_("regi"), max_length=10, blank=True)
    operating_area = models.CharField(_("verksamhetsområde"), max_length=200, blank=True)
    perspective = models.CharField(_("perspektiv"), max_length=100, blank=True)
    publication_period = models.CharField(_("publiceringsperiod"), max_length=20, blank=True)
    publication_date = models.DateField(_("publiceringsdatum"), null=True, blank=True)
    higher_is_better = models.BooleanField(
        _("högre är bättre"),
        null=True,
        blank=True,
        help_text=_("Tomt: okänt eller inte tillämpligt."),
    )
    direction_reason = models.CharField(_("motivering för riktning"), max_length=300, blank=True)
    in_default_set = models.BooleanField(_("i standarduppsättningen"), default=False)
    theme = models.CharField(_("tema"), max_length=100, blank=True)
    sort_order = models.IntegerField(_("sorteringsordning"), default=0)
    discontinued_after = models.PositiveSmallIntegerField(
        _("upphörde efter år"),
        null=True,
        blank=True,
    )
    successor_code = models.CharField(
        _("efterföljare"),
        max_length=20,
        blank=True,
        help_text=_("Närmaste efterföljande nyckeltal; ett annat mått, serierna skarvas aldrig ihop."),
    )
    in_kolada = models.BooleanField(
        _("finns i Kolada"),
        default=True,
        help_text=_("Falskt för nyckeltal som Kolada har tagit bort."),
    )
    owner = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_indicators",
        verbose_name=_("ägare"),
        help_text=_("Tomt för Koladas nyckeltal; för en egen indikator förbundet som ansvarar för den."),
    )
    source = models.CharField(
        _("källa"),
        max_length=300,
        blank=True,
        help_text=_("Var värdena kommer ifrån; tomt för Koladas nyckeltal (källan är Kolada)."),
    )
    unit = models.CharField(_("enhet"), max_length=100, blank=True)
    contact = models.CharField(_("kontakt"), max_length=300, blank=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("nyckeltal")
        verbose_name_plural = pgettext_lazy("plural", "nyckeltal")
        constraints = [
            # Own codes carry the prefix and Kolada codes never do: the two can never collide.
            models.CheckConstraint(
                condition=(Q(owner__isnull=True) & ~Q(code__startswith=OWN_PREFIX))
                | (Q(owner__isnull=False) & Q(code__startswith=OWN_PREFIX) & ~Q(source="")),
                name="indicator_own_code_prefix_and_source",
            ),
        ]
        # Every statistics page starts from the default set: a few dozen of Kolada's 6,000
        # KPIs, found without reading the others.
        indexes = [
            models.Index(fields=["sort_order", "code"], condition=Q(in_default_set=True), name="indicator_default_set"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_own(self) -> bool:
        return self.owner_id is not None

    @property
    def source_name(self) -> str:
        """What "Källa:" names under this indicator's figures: Kolada, or the own source."""
        return self.source if self.is_own else KOLADA_SOURCE

    @property
    def is_percentage(self) -> bool:
        return is_percentage(self.title, self.unit)

    @property
    def is_discontinued(self) -> bool:
        return self.discontinued_after is not None


class ImportBatch(models.Model):
    """One run of an import: where the values came from and what it changed."""

    source = models.CharField(_("källa"), max_length=500)
    started_at = models.DateTimeField(_("startad"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    created = models.PositiveIntegerField(_("nya"), default=0)
    updated = models.PositiveIntegerField(_("ändrade"), default=0)
    unchanged = models.PositiveIntegerField(_("oförändrade"), default=0)
    skipped = models.PositiveIntegerField(_("överhoppade"), default=0)
    actor = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("utförd av"),
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("importomgång")
        verbose_name_plural = _("importomgångar")

    def __str__(self) -> str:
        return f"{self.source} ({self.started_at:%Y-%m-%d %H:%M})"


class ValueQuerySet(models.QuerySet):
    def for_indicator(self, code):
        """One code (str), an Indicator, or an iterable of codes."""
        if isinstance(code, Indicator):
            return self.filter(indicator=code)
        if isinstance(code, str):
            return self.filter(indicator__code=code)
        return self.filter(indicator__code__in=list(code))

    def for_area(self, area):
        """One Organisation, a Kolada id (str), or an iterable of either."""
        if isinstance(area, Organisation):
            return self.filter(area=area)
        if isinstance(area, str):
            return self.filter(area__kolada_id=area)
        areas = list(area)
        if areas and all(isinstance(a, str) for a in areas):
            return self.filter(area__kolada_id__in=areas)
        return self.filter(area__in=areas)

    def for_period(self, period: int):
        return self.filter(period=period)

    def for_gender(self, gender: str):
        return self.filter(gender=gender)

    def total(self):
        return self.filter(gender=Gender.TOTAL)

    def with_value(self):
        """Values that are actually there: not null and not suppressed/missing."""
        return self.filter(value__isnull=False, status="")

    def latest_period(self) -> int | None:
        """The latest period (year) in this queryset, or None when it is empty."""
        return self.aggregate(latest=Max("period"))["latest"]

    def at_latest_period(self):
        """This queryset restricted to its latest period."""
        latest = self.latest_period()
        return self.filter(period=latest) if latest is not None else self.none()


class Value(models.Model):
    """One Kolada value: indicator × area × period × gender. ``status`` non-empty means
    missing or suppressed (e.g. "Privacy"); such values are shown as such, never as zero."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("nyckeltal")
    )
    area = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="indicator_values", verbose_name=_("område")
    )
    period = models.PositiveSmallIntegerField(_("år"))
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices, default=Gender.TOTAL)
    value = models.FloatField(_("värde"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=40, blank=True)
    source = models.CharField(_("källa"), max_length=300)
    fetched_at = models.DateTimeField(_("hämtad"))
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, related_name="values", verbose_name=_("importomgång")
    )

    objects = ValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("värde")
        verbose_name_plural = _("värden")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "gender"],
                name="value_unique_key",
            ),
            models.CheckConstraint(
                condition=Q(gender__in=["T", "K", "M"]),
                name="value_gender_valid",
            ),
        ]
        # Covering indexes: every statistics read is answered from an index alone, without
        # reading the table (measured in bench/pages.py). One for a year across all areas
        # (rankings, a profile's ranks and references), one for an area's series (a
        # profile, comparisons, association means). The value, status and fetch date are
        # key columns, not INCLUDE, so that SQLite covers with them too.
        indexes = [
            models.Index(
                fields=["indicator", "gender", "period", "area", "value", "status", "fetched_at"],
                name="value_period_covering",
            ),
            models.Index(
                fields=["area", "indicator", "gender", "period", "value", "status", "fetched_at"],
                name="value_series_covering",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.area_id}/{self.period}/{self.gender}: {self.value}"

    @property
    def is_missing(self) -> bool:
        return self.value is None or bool(self.status)


class ValueRevision(models.Model):
    """What a Value was before a later import changed it (Kolada revises without notice)."""

    value_row = models.ForeignKey(Value, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("värde"))
    previous_value = models.FloatField(_("tidigare värde"), null=True, blank=True)
    previous_status = models.CharField(_("tidigare status"), max_length=40, blank=True)
    previous_source = models.CharField(_("tidigare källa"), max_length=300, blank=True)
    previous_fetched_at = models.DateTimeField(_("tidigare hämtad"), null=True, blank=True)
    changed_at = models.DateTimeField(_("ändrad"), auto_now_add=True)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, related_name="revisions", verbose_name=_("importomgång")
    )

    class Meta:
        ordering = ["-changed_at"]
        verbose_name = _("värderevision")
        verbose_name_plural = _("värderevisioner")

    def __str__(self) -> str:
        return f"{self.value_row_id}: {self.previous_value} {self.previous_status}".strip()
