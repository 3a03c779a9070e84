"""Answering a survey, without an account, through a one-time link or the open link.

Anonymity (docs/surveys.md): the response is stored with its survey, its day and its
answers and nothing else. Using a one-time link marks the invitation used and deletes its
address in the same transaction, so the invitation that is left says neither who nor
which; no audit row is written for either. Then the day's responses are shuffled: the new
answers trade places with those of a response of the same day picked at random (the new
row included), an "inside-out" Fisher–Yates shuffle, so after each answer the day's rows
hold their answers in a uniformly random order and neither the rows' order on disk nor
their keys (random UUIDs) tell who answered first."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kunskapsnod.regions.models import Organisation
from kunskapsnod.surveys.models import (
    ANSWER_TEXT_MAX,
    LIKERT_SCALE,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Status,
    Survey,
)
from kunskapsnod.surveys.services.results import OTHER_MUNICIPALITY, OTHER_MUNICIPALITY_ID
from kunskapsnod.surveys.services.tokens import token_hash
from kunskapsnod.text import parse_id

Answers = dict[str, object]


class InvalidLink(LookupError):
    """No survey answers to this link (mistyped, tampered with, or never sent)."""


class AlreadyAnswered(Exception):
    """The one-time link has been used; the first answers stand."""


class SurveyNotOpen(Exception):
    def __init__(self, survey: Survey):
        super().__init__(survey.status)
        self.survey = survey


class AnswerErrors(ValueError):
    """What is wrong with the answers, per question key (Swedish messages)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class Link:
    """What a respondent's link leads to: the survey, and for a one-time link whether it
    has been used (``token`` None for the open link)."""

    survey: Survey
    token: str | None
    used: bool = False


def link_for_token(token: str) -> Link:
    """The survey behind a one-time link; InvalidLink for a token no invitation has."""
    invitation = Invitation.objects.select_related("survey__organisation").filter(token_hash=token_hash(token)).first()
    if invitation is None:
        raise InvalidLink(token)
    return Link(survey=invitation.survey, token=token, used=invitation.used)


def link_for_open_code(code: str) -> Link:
    """The survey behind an open link; InvalidLink unless the survey has it switched on."""
    survey = Survey.objects.select_related("organisation").filter(open_code=code, open_link=True).first()
    if survey is None or not code:
        raise InvalidLink(code)
    return Link(survey=survey, token=None)


def municipality_choices(survey: Survey) -> list[tuple[int, str]]:
    """What a municipality question offers: the association's member municipalities (from
    the regions hierarchy) and "another municipality"."""
    members = Organisation.objects.members_of(survey.organisation).municipalities().values_list("pk", "name")
    return [*members, (OTHER_MUNICIPALITY_ID, _(OTHER_MUNICIPALITY))]


@transaction.atomic
def submit_response(*, link: Link, answers: Mapping[str, object]) -> Response:
    """Store ``answers`` (question key → value, see :class:`Response`) given through
    ``link``. Refuses, storing nothing: a link that is no longer valid (InvalidLink), a used
    one (AlreadyAnswered), a survey that is not open (SurveyNotOpen) and invalid answers
    (AnswerErrors)."""
    survey = Survey.objects.select_for_update().get(pk=link.survey.pk)
    if survey.status != Status.OPEN:
        raise SurveyNotOpen(survey)
    if link.token is None and not survey.open_link:
        raise InvalidLink("")
    checked = check_answers(survey, list(survey.questions.all()), answers)
    if link.token is not None:
        _use_invitation(survey, link.token)
    response = Response.objects.create(survey=survey, submitted_on=timezone.localdate(), answers=checked)
    _shuffle_into_day(response)
    return response


def check_answers(survey: Survey, questions: Sequence[Question], answers: Mapping[str, object]) -> Answers:
    """The answers as stored, or AnswerErrors naming every question that is wrong."""
    checked: Answers = {}
    errors: dict[str, str] = {}
    municipalities = None
    for question in questions:
        value = answers.get(question.key)
        if value in (None, "", []):
            if question.required:
                errors[question.key] = _("Frågan måste besvaras.")
            continue
        if question.kind == QuestionKind.MUNICIPALITY and municipalities is None:
            municipalities = {pk for pk, _name in municipality_choices(survey)}
        problem, value = _check(question, value, municipalities or set())
        if problem:
            errors[question.key] = problem
        else:
            checked[question.key] = value
    if errors:
        raise AnswerErrors(errors)
    return checked


def _check(question: Question, value: object, municipalities: set[int]) -> tuple[str, object]:
    """(message, value): a message when ``value`` is no answer to ``question``."""
    if question.kind == QuestionKind.TEXT:
        text = str(value).strip()
        if len(text) > ANSWER_TEXT_MAX:
            return _("Svaret får vara högst %(max)s tecken.") % {"max": ANSWER_TEXT_MAX}, None
        return "", text
    if question.kind == QuestionKind.MULTIPLE:
        picked = [_number(v) for v in (value if isinstance(value, list) else [value])]
        if any(p is None or p >= len(question.choices) for p in picked):
            return _("Välj bland svarsalternativen."), None
        return "", sorted({p for p in picked if p is not None})
    number = _number(value)
    allowed = {
        QuestionKind.LIKERT: set(LIKERT_SCALE),
        QuestionKind.SINGLE: set(range(len(question.choices))),
        QuestionKind.MUNICIPALITY: municipalities,
    }[QuestionKind(question.kind)]
    if number is None or number not in allowed:
        return _("Välj ett av svarsalternativen."), None
    return "", number


def _number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    return parse_id(str(value)) if isinstance(value, str) else None


def _use_invitation(survey: Survey, token: str) -> None:
    invitation = Invitation.objects.select_for_update().filter(survey=survey, token_hash=token_hash(token)).first()
    if invitation is None:
        raise InvalidLink(token)
    if invitation.used:
        raise AlreadyAnswered()
    invitation.used, invitation.email = True, ""
    invitation.save(update_fields=["used", "email"])


def _shuffle_into_day(response: Response) -> None:
    """Trade answers with a uniformly chosen response of the same survey and day."""
    same_day = Response.objects.filter(survey=response.survey_id, submitted_on=response.submitted_on)
    count = same_day.count()
    pick = same_day.order_by("pk").values_list("pk", flat=True)[secrets.randbelow(count)]
    if pick == response.pk:
        return
    other = Response.objects.select_for_update().get(pk=pick)
    other.answers, response.answers = response.answers, other.answers
    other.save(update_fields=["answers"])
    response.save(update_fields=["answers"])
