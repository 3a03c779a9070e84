"""The organisation hierarchy: Riket → län → kommunalförbund → kommun, and other actors.

Geography is a tree through ``parent`` (kommun → län → Riket), while membership of a
kommunalförbund is a relation: Kungsbacka lies in Hallands län but is a member of
Göteborgsregionen.
"""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kunskapsnod.text import is_ascii_digits


class OrganisationKind(models.TextChoices):
    COUNTRY = "riket", _("Riket")
    COUNTY = "lan", _("Län")
    ASSOCIATION = "forbund", _("Kommunalförbund")
    MUNICIPALITY = "kommun", _("Kommun")
    REGION = "region", _("Region")
    SCHOOL = "skola", _("Skola")
    STUDENT_HEALTH = "elevhalsa", _("Elevhälsa")
    SOCIAL_SERVICES = "socialtjanst", _("Socialtjänst")
    BUP = "bup", _("BUP")
    PRIMARY_CARE = "primarvard", _("Primärvård")
    CIVIL_SOCIETY = "civilsamhalle", _("Civilsamhälle")
    SCIENCE_CENTRE = "science_center", _("Science center")
    OTHER = "annan", _("Annan aktör")


GEOGRAPHIC_KINDS = (
    OrganisationKind.COUNTRY,
    OrganisationKind.COUNTY,
    OrganisationKind.ASSOCIATION,
    OrganisationKind.MUNICIPALITY,
)


# The values of ``accounts.models.Role`` that the write rule reads (a test keeps them equal).
READER_ROLE = "reader"
NODE_STAFF_ROLE = "node_staff"


class OrganisationQuerySet(models.QuerySet):
    def municipalities(self):
        return self.filter(kind=OrganisationKind.MUNICIPALITY)

    def associations(self):
        return self.filter(kind=OrganisationKind.ASSOCIATION)

    def actors(self):
        return self.exclude(kind__in=GEOGRAPHIC_KINDS)

    def by_kolada_id(self, kolada_id: str):
        return self.get(kolada_id=kolada_id)

    def members_of(self, association: "Organisation"):
        """The association's member municipalities, by name."""
        return self.filter(association_links__association=association).order_by("name")

    def associations_of(self, organisation: "Organisation"):
        """The associations an organisation belongs to, directly or through its parent
        (a school belongs to its municipality's association)."""
        direct = Q(member_links__member=organisation)
        if organisation.parent_id is not None:
            direct |= Q(member_links__member_id=organisation.parent_id)
        return self.associations().filter(direct).distinct().order_by("name")

    def by_key(self, key: str):
        """By slug or by Kolada id: ``/kommun/1490/`` finds Borås as ``/kommun/boras/`` does."""
        if is_ascii_digits(key):
            return self.filter(kolada_id=key)
        return self.filter(slug=key)

    def writable_by(self, user) -> "OrganisationQuerySet":
        """The organisations whose data ``user`` may change; the rule is explained in
        :mod:`kunskapsnod.regions.permissions`. It reads only ``role`` and
        ``organisation_id``, so this app never imports ``accounts``."""
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
            return self.none()
        if user.is_administrator:
            return self.all()
        if user.organisation_id is None or user.role == READER_ROLE:
            return self.none()
        own = Q(pk=user.organisation_id) | Q(parent_id=user.organisation_id)
        if user.role == NODE_STAFF_ROLE:
            own |= Q(association_links__association_id=user.organisation_id)
            own |= Q(parent__association_links__association_id=user.organisation_id)
        return self.filter(own).distinct()


class Organisation(models.Model):
    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn"), max_length=80, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=OrganisationKind.choices)
    kolada_id = models.CharField(
        _("Kolada-id"),
        max_length=10,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Kommunkod eller regionkod i Kolada, t.ex. 1490 för Borås."),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("ingår i"),
    )
    description = models.TextField(_("beskrivning"), blank=True, max_length=5000)
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-post till kontaktperson"), blank=True)
    website = models.URLField(_("webbplats"), blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in OrganisationKind]), name="organisation_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.MUNICIPALITY) | Q(kolada_id__isnull=False),
                name="municipality_has_kolada_id",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        if self.is_municipality:
            return reverse("regions:municipality", args=[self.slug])
        if self.is_association:
            return reverse("regions:association", args=[self.slug])
        return reverse("regions:organisation", args=[self.slug])

    @property
    def is_municipality(self) -> bool:
        return self.kind == OrganisationKind.MUNICIPALITY

    @property
    def is_association(self) -> bool:
        return self.kind == OrganisationKind.ASSOCIATION


class Membership(models.Model):
    """A municipality's (or other actor's) membership of a kommunalförbund."""

    association = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="member_links",
        limit_choices_to={"kind": OrganisationKind.ASSOCIATION},
        verbose_name=_("kommunalförbund"),
    )
    member = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="association_links",
        verbose_name=_("medlem"),
    )

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["association", "member"], name="membership_unique"),
            models.CheckConstraint(condition=~Q(association=models.F("member")), name="membership_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.member} ∈ {self.association}"


class Person(models.Model):
    """An official or other participant in the node's networks and meetings."""

    name = models.CharField(_("namn"), max_length=200)
    email = models.EmailField(_("e-post"), blank=True)
    title = models.CharField(_("befattning"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="people", verbose_name=_("organisation")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class GroupKind(models.TextChoices):
    STEERING = "styrgrupp", _("Styrgrupp")
    REFERENCE = "referensgrupp", _("Referensgrupp")
    NETWORK = "natverk", _("Delregionalt nätverk")
    WORKING = "arbetsgrupp", _("Arbetsgrupp")


class Group(models.Model):
    """A steering group, reference group or sub-regional network run by an association."""

    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=GroupKind.choices)
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="groups", verbose_name=_("ägare"))
    description = models.TextField(_("beskrivning"), blank=True, max_length=5000)
    members = models.ManyToManyField(Person, blank=True, related_name="groups", verbose_name=_("medlemmar"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("grupp eller nätverk")
        verbose_name_plural = _("grupper och nätverk")
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="group_name_unique_per_owner")]

    def __str__(self) -> str:
        return self.name


# A dialogue meeting is never larger than this; the form says so before the database does.
MAX_PARTICIPANTS = 10000


class MeetingQuerySet(models.QuerySet):
    def between(self, start, end):
        return self.filter(date__gte=start, date__lte=end)


class Meeting(models.Model):
    """A dialogue meeting or network meeting, counted in the node's follow-up."""

    date = models.DateField(_("datum"))
    topic = models.CharField(_("ämne"), max_length=300)
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="organised_meetings",
        verbose_name=_("arrangör"),
        help_text=_("Organisationen som äger uppgiften: kommunen eller kommunalförbundet."),
    )
    municipality = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
        verbose_name=_("kommun"),
    )
    group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        verbose_name=_("grupp eller nätverk"),
    )
    participant_count = models.PositiveIntegerField(
        _("antal deltagare"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_PARTICIPANTS)],
        help_text=_("Lämna tomt om antalet inte är känt."),
    )
    attendees = models.ManyToManyField(
        Person, blank=True, related_name="meetings", verbose_name=_("deltagande tjänstepersoner")
    )
    notes = models.TextField(_("anteckningar"), blank=True, max_length=20000)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "topic"]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        constraints = [
            models.CheckConstraint(
                condition=Q(participant_count__lte=MAX_PARTICIPANTS), name="meeting_participants_sane"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.topic}"
