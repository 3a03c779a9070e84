"""JSON twins of the survey pages: the list, one survey with its questions, and its
results as the results page shows them (small groups suppressed here too). Signed-in users
only (the router is added with ``django_auth``); respondents answer through the HTML form."""

from dataclasses import asdict

from django.http import HttpRequest
from ninja import Router, Schema

from kunskapsnod.surveys import services
from kunskapsnod.surveys.access import get_survey_for_user
from kunskapsnod.surveys.models import Survey

router = Router(tags=["enkäter"])


class SurveyOut(Schema):
    id: int
    title: str
    year: int
    organisation: str
    status: str
    open_link: bool
    opened_on: str | None
    closed_on: str | None
    url: str


class QuestionOut(Schema):
    key: str
    position: int
    kind: str
    text: str
    help_text: str
    required: bool
    background: bool
    choices: list[str]
    low_label: str
    high_label: str


class SurveyDetailOut(SurveyOut):
    introduction: str
    responses: int
    questions: list[QuestionOut]


class OptionOut(Schema):
    label: str
    count: int
    share: float


class AggregateOut(Schema):
    answered: int | None
    suppressed: bool
    mean: float | None
    distribution: list[OptionOut]
    texts: list[str]


class GroupOut(Schema):
    label: str
    result: AggregateOut


class BreakdownOut(Schema):
    by_key: str
    by_text: str
    groups: list[GroupOut]


class YearPointOut(Schema):
    year: int
    survey_id: int
    text: str
    result: AggregateOut


class QuestionResultOut(Schema):
    key: str
    text: str
    kind: str
    background: bool
    result: AggregateOut
    breakdowns: list[BreakdownOut]
    history: list[YearPointOut]


class ResultsOut(Schema):
    survey_id: int
    title: str
    year: int
    organisation: str
    status: str
    responses: int
    min_group_size: int
    compared_years: list[int]
    questions: list[QuestionResultOut]


def _survey(survey: Survey) -> dict:
    return {
        "id": survey.pk,
        "title": survey.title,
        "year": survey.year,
        "organisation": survey.organisation.name,
        "status": survey.status,
        "open_link": survey.open_link,
        "opened_on": survey.opened_on.isoformat() if survey.opened_on else None,
        "closed_on": survey.closed_on.isoformat() if survey.closed_on else None,
        "url": survey.get_absolute_url(),
    }


@router.get("/surveys", response=list[SurveyOut])
def survey_list(request: HttpRequest) -> list[dict]:
    """Every survey, newest year first."""
    surveys = Survey.objects.select_related("organisation").order_by("-year", "organisation__name", "title")
    return [_survey(s) for s in surveys]


@router.get("/surveys/{survey_id}", response=SurveyDetailOut)
def survey_detail(request: HttpRequest, survey_id: int) -> dict:
    survey = get_survey_for_user(request.user, survey_id)
    questions = [
        {
            "key": q.key,
            "position": q.position,
            "kind": q.kind,
            "text": q.text,
            "help_text": q.help_text,
            "required": q.required,
            "background": q.background,
            "choices": q.choices,
            "low_label": q.low_label,
            "high_label": q.high_label,
        }
        for q in survey.questions.all()
    ]
    extra = {"introduction": survey.introduction, "responses": survey.responses.count(), "questions": questions}
    return {**_survey(survey), **extra}


@router.get("/surveys/{survey_id}/results", response=ResultsOut)
def survey_results(request: HttpRequest, survey_id: int) -> dict:
    """The results page's data: per question, per background group and earlier years.
    Groups below KUNSKAPSNOD_SURVEY_MIN_GROUP have ``suppressed`` true and no figures."""
    survey = get_survey_for_user(request.user, survey_id)
    return asdict(services.survey_results(survey))
