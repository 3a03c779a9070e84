"""The annual survey: a survey of an association's target group, its ordered questions,
one-time invitations and anonymous responses.

Anonymity is a property of the tables, not only of the pages (docs/surveys.md):

* an :class:`Invitation` keeps a keyed hash of its random token (never the token), a keyed
  hash of the address (to refuse duplicates) and the address itself only until it is used
  or the survey closes;
* a :class:`Response` has no key to the invitation, a random UUID as primary key, only the
  day it came in, and its answers as one JSON document; responding shuffles the day's
  rows (services/responding.py) so that their order says nothing about who came when.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kunskapsnod.regions.models import Organisation, OrganisationKind

TITLE_MAX = 200
TEXT_MAX = 1000
ANSWER_TEXT_MAX = 5000
CHOICES_MAX = 30
LIKERT_SCALE = (1, 2, 3, 4, 5)


class Status(models.TextChoices):
    DRAFT = "utkast", _("Utkast")
    OPEN = "oppen", _("Öppen")
    CLOSED = "stangd", _("Stängd")


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Skala 1–5")
    SINGLE = "ett_val", _("Ett val")
    MULTIPLE = "flera_val", _("Flera val")
    TEXT = "fritext", _("Fritext")
    MUNICIPALITY = "kommun", _("Kommun")


# Kinds whose answers are counted per option (a distribution); free text is listed.
COUNTED_KINDS = (QuestionKind.LIKERT, QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.MUNICIPALITY)
# Kinds a result can be broken down by (the respondent's background).
BACKGROUND_KINDS = (QuestionKind.SINGLE, QuestionKind.MUNICIPALITY)


class SurveyQuerySet(models.QuerySet):
    def of(self, organisation: Organisation | int) -> "SurveyQuerySet":
        return self.filter(organisation=organisation)

    def reported(self) -> "SurveyQuerySet":
        """Surveys that have been sent out (open or closed): the ones with results."""
        return self.exclude(status=Status.DRAFT)


class Survey(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("förbund"),
        limit_choices_to={"kind": OrganisationKind.ASSOCIATION},
    )
    title = models.CharField(_("rubrik"), max_length=TITLE_MAX)
    year = models.PositiveSmallIntegerField(_("år"))
    introduction = models.TextField(_("inledning"), blank=True, max_length=TEXT_MAX * 5)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The open link: anyone holding its key may answer (as often as they like), while the
    # survey is open and the link is switched on.
    open_link = models.BooleanField(_("öppen länk"), default=False)
    open_code = models.CharField(max_length=64, unique=True, editable=False, verbose_name=_("öppen kod"))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    opened_on = models.DateField(_("öppnad"), null=True, blank=True)
    closed_on = models.DateField(_("stängd"), null=True, blank=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title", "pk"]
        verbose_name = _("enkät")
        verbose_name_plural = _("enkäter")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in Status]), name="survey_status_valid"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="survey_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("surveys:survey", kwargs={"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("enkät"))
    position = models.PositiveSmallIntegerField(_("ordning"))
    # Stable across years: next year's survey from the same template compares on it.
    key = models.SlugField(_("nyckel"), max_length=60)
    kind = models.CharField(_("frågetyp"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("fråga"), max_length=TEXT_MAX)
    help_text = models.CharField(_("förklaring"), max_length=TEXT_MAX, blank=True)
    required = models.BooleanField(_("obligatorisk"), default=False)
    # The options of a single or multiple choice question, in order (labels as shown).
    choices = models.JSONField(_("svarsalternativ"), default=list, blank=True)
    # The ends of a Likert scale ("Instämmer inte alls" … "Instämmer helt").
    low_label = models.CharField(_("text för 1"), max_length=100, blank=True)
    high_label = models.CharField(_("text för 5"), max_length=100, blank=True)
    # Background questions (municipality, sector, role) break the results down.
    background = models.BooleanField(_("bakgrundsfråga"), default=False)

    class Meta:
        ordering = ["survey", "position", "pk"]
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="question_key_unique_in_survey"),
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in QuestionKind]), name="question_kind_valid"),
            models.CheckConstraint(
                condition=Q(background=False) | Q(kind__in=[k.value for k in BACKGROUND_KINDS]),
                name="question_background_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_counted(self) -> bool:
        return self.kind in COUNTED_KINDS


class InvitationQuerySet(models.QuerySet):
    def unused(self) -> "InvitationQuerySet":
        return self.filter(used=False)


class Invitation(models.Model):
    """A one-time link. The token itself is only in the e-mail; here is its keyed hash."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("enkät"))
    token_hash = models.CharField(max_length=64, unique=True, verbose_name=_("nyckel (hash)"))
    email_hash = models.CharField(max_length=64, verbose_name=_("e-postadress (hash)"))
    # Cleared when the link is used and when the survey closes.
    email = models.EmailField(blank=True, verbose_name=_("e-postadress"))
    used = models.BooleanField(default=False, verbose_name=_("använd"))
    sent_on = models.DateField(null=True, blank=True, verbose_name=_("skickad"))

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")
        constraints = [
            models.UniqueConstraint(fields=["survey", "email_hash"], name="invitation_address_once"),
            # A used invitation keeps no address.
            models.CheckConstraint(condition=Q(used=False) | Q(email=""), name="invitation_used_no_address"),
        ]

    def __str__(self) -> str:
        return gettext("Inbjudan %(pk)s") % {"pk": self.pk}


class Response(models.Model):
    """One submitted answer sheet, tied to nothing but its survey and its day.

    ``answers`` maps a question's key to its answer: an int (Likert 1–5, the index of a
    single choice, a municipality's organisation id), a list of ints (multiple choice) or a
    string (free text). Unanswered optional questions are absent."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("id"))
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("enkät"))
    submitted_on = models.DateField(verbose_name=_("inskickad"))
    answers = models.JSONField(default=dict, verbose_name=_("svar"))

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        indexes = [models.Index(fields=["survey", "submitted_on"])]

    def __str__(self) -> str:
        return gettext("Svar från %(day)s") % {"day": self.submitted_on}
