"""Writes of a survey's content and life: created by an association's node staff (or an
administrator), built from questions while a draft, opened, closed. Questions are locked
once the survey is open, so every answer refers to the question its respondent read.

Every function is keyword-only, takes the acting user as ``actor=``, checks the rule
inside (node staff who may change the association) and runs in one transaction with the
actor set for the audit log."""

from __future__ import annotations

import secrets
from typing import Any

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kunskapsnod.accounts.models import User
from kunskapsnod.regions.models import Organisation, OrganisationKind
from kunskapsnod.regions.permissions import require_change, require_node_staff
from kunskapsnod.surveys.models import (
    BACKGROUND_KINDS,
    CHOICES_MAX,
    Question,
    QuestionKind,
    Status,
    Survey,
)
from kunskapsnod.surveys.services.errors import SurveyError
from kunskapsnod.surveys.template import STANDARD_QUESTIONS

WHAT = "enkäter"
CHOICE_MAX_LENGTH = 200
QUESTION_FIELDS = ("key", "kind", "text", "help_text", "required", "choices", "low_label", "high_label", "background")


def require_survey_staff(actor: User | Any, organisation: Organisation | int) -> None:
    """Node staff of the association (or an administrator): who builds, sends and reads
    the association's surveys."""
    require_node_staff(actor, what=WHAT)
    require_change(actor, organisation, what=WHAT)


@transaction.atomic
def create_survey(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    year: int,
    introduction: str = "",
    open_link: bool = False,
    from_template: bool = True,
) -> Survey:
    """A draft survey of ``organisation`` (an association); with ``from_template`` it
    starts with the standard questions and the respondent's background."""
    require_survey_staff(actor, organisation)
    if organisation.kind != OrganisationKind.ASSOCIATION:
        raise SurveyError(_("En enkät ägs av ett kommunalförbund, inte av %(name)s.") % {"name": organisation.name})
    survey = Survey(
        organisation=organisation,
        title=_required_text(title, _("Rubrik")),
        year=_year(year),
        introduction=introduction.strip(),
        open_link=open_link,
        open_code=secrets.token_urlsafe(24),
    )
    with set_actor(actor):
        survey.save()
        if from_template:
            for position, fields in enumerate(STANDARD_QUESTIONS, start=1):
                _validated(survey, Question(survey=survey, position=position, **fields)).save()
    return survey


@transaction.atomic
def update_survey(*, actor: User, survey: Survey, title: str, introduction: str, open_link: bool, year: int) -> Survey:
    """Title, introduction and the open link; the year only while a draft."""
    survey = _locked(survey)
    require_survey_staff(actor, survey.organisation_id)
    if survey.status == Status.CLOSED:
        raise SurveyError(_("Enkäten är stängd och kan inte ändras."))
    if year != survey.year and not survey.is_draft:
        raise SurveyError(_("Året kan bara ändras medan enkäten är ett utkast."))
    survey.title = _required_text(title, _("Rubrik"))
    survey.introduction = introduction.strip()
    survey.open_link = open_link
    survey.year = _year(year)
    with set_actor(actor):
        survey.save()
    return survey


@transaction.atomic
def save_question(*, actor: User, survey: Survey, question: Question) -> Question:
    """Add ``question`` to the draft ``survey`` (last) or save changes to one of its own."""
    survey = _draft(actor, survey)
    if question.pk is not None and question.survey_id != survey.pk:
        raise SurveyError(_("Frågan hör till en annan enkät."))
    question.survey = survey
    if question.pk is None:
        last = survey.questions.order_by("-position").values_list("position", flat=True).first()
        question.position = (last or 0) + 1
    with set_actor(actor):
        _validated(survey, question).save()
    return question


@transaction.atomic
def delete_question(*, actor: User, question: Question) -> None:
    survey = _draft(actor, question.survey)
    with set_actor(actor):
        question.delete()
        _renumber(survey)


@transaction.atomic
def move_question(*, actor: User, question: Question, offset: int) -> Question:
    """Move ``question`` ``offset`` places (−1 up, +1 down) within its draft survey."""
    survey = _draft(actor, question.survey)
    ordered = list(survey.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    with set_actor(actor):
        _renumber(survey, ordered)
    return ordered[target]


@transaction.atomic
def open_survey(*, actor: User, survey: Survey) -> Survey:
    """Draft → open: the links work from now on and the questions are locked."""
    survey = _locked(survey)
    require_survey_staff(actor, survey.organisation_id)
    if not survey.is_draft:
        raise SurveyError(_("Bara ett utkast kan öppnas."))
    if not survey.questions.exists():
        raise SurveyError(_("Lägg till minst en fråga innan enkäten öppnas."))
    survey.status, survey.opened_on = Status.OPEN, timezone.localdate()
    with set_actor(actor):
        survey.save(update_fields=["status", "opened_on"])
    return survey


@transaction.atomic
def close_survey(*, actor: User, survey: Survey) -> Survey:
    """Open → closed: no more answers, and the addresses of the one-time links are
    deleted (those already used kept none)."""
    survey = _locked(survey)
    require_survey_staff(actor, survey.organisation_id)
    if not survey.is_open:
        raise SurveyError(_("Bara en öppen enkät kan stängas."))
    survey.status, survey.closed_on = Status.CLOSED, timezone.localdate()
    with set_actor(actor):
        survey.save(update_fields=["status", "closed_on"])
    survey.invitations.exclude(email="").update(email="")
    return survey


# --- helpers -----------------------------------------------------------------------------------


def _locked(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().select_related("organisation").get(pk=survey.pk)


def _draft(actor: User, survey: Survey) -> Survey:
    survey = _locked(survey)
    require_survey_staff(actor, survey.organisation_id)
    if not survey.is_draft:
        raise SurveyError(_("Frågorna är låsta när enkäten har öppnats."))
    return survey


def _renumber(survey: Survey, ordered: list[Question] | None = None) -> None:
    ordered = ordered if ordered is not None else list(survey.questions.order_by("position", "pk"))
    for position, question in enumerate(ordered, start=1):
        if question.position != position:
            question.position = position
            question.save(update_fields=["position"])


def _year(year: int) -> int:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise SurveyError(_("Året måste vara mellan 2000 och 2100."))
    return year


def _required_text(value: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise SurveyError(_("%(field)s måste fyllas i.") % {"field": label})
    return value


def _validated(survey: Survey, question: Question) -> Question:
    """Refuse what would make a question unanswerable or its results unreadable."""
    question.text = _required_text(question.text, _("Frågan"))
    if question.kind not in QuestionKind.values:
        raise SurveyError(_("Okänd frågetyp: %(kind)s.") % {"kind": question.kind})
    if question.background and question.kind not in BACKGROUND_KINDS:
        raise SurveyError(_("En bakgrundsfråga måste vara ett val eller en kommun."))
    question.choices = _choices(question) if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) else []
    question.key = _key(survey, question)
    return question


def _choices(question: Question) -> list[str]:
    raw = question.choices if isinstance(question.choices, list) else []
    choices = [str(c).strip() for c in raw if str(c).strip()]
    if len(choices) < 2:
        raise SurveyError(_("Ett val eller flera val behöver minst två svarsalternativ."))
    if len(choices) > CHOICES_MAX:
        raise SurveyError(_("Högst %(max)s svarsalternativ.") % {"max": CHOICES_MAX})
    if len(set(choices)) < len(choices):
        raise SurveyError(_("Två svarsalternativ har samma text."))
    if any(len(c) > CHOICE_MAX_LENGTH for c in choices):
        raise SurveyError(_("Ett svarsalternativ får vara högst %(max)s tecken.") % {"max": CHOICE_MAX_LENGTH})
    return choices


def _key(survey: Survey, question: Question) -> str:
    """The given key (a slug), or one made from the text; unique within the survey."""
    key = slugify(question.key or question.text)[:50] or "fraga"
    taken = set(survey.questions.exclude(pk=question.pk).values_list("key", flat=True))
    if question.key and key in taken:
        raise SurveyError(_("Nyckeln %(key)s används redan av en annan fråga i enkäten.") % {"key": key})
    base, n = key, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key
