"""Building a survey: node staff of the association make it from the template or from
scratch, order its questions, open it (questions locked) and close it."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from kunskapsnod.regions.permissions import PermissionDenied
from kunskapsnod.surveys import services
from kunskapsnod.surveys.models import Question, Status, Survey

STANDARD_KEYS = ["kanner-till-stodet", "tillfort-ordinarie-arbete", "starkt-samverkan", "tillfort-fritext"]


def test_the_template_has_the_standard_questions_and_the_background(make_survey):
    survey = make_survey(opened=False)
    keys = list(survey.questions.values_list("key", flat=True))
    assert keys == [*STANDARD_KEYS, "kommun", "sektor", "roll"]
    assert list(survey.questions.filter(background=True).values_list("key", flat=True)) == ["kommun", "sektor", "roll"]
    assert LogEntry.objects.get_for_model(Survey).filter(object_pk=str(survey.pk)).exists()


@pytest.mark.parametrize("persona", ["boras_editor", "boras_reader", "gr_staff"])
def test_only_the_associations_node_staff_make_its_surveys(personas, org, persona):
    with pytest.raises(PermissionDenied):
        services.create_survey(actor=personas[persona], organisation=org("sjuharad"), title="Enkät", year=2026)
    assert not Survey.objects.exists()


def test_a_survey_belongs_to_an_association(administrator, org):
    with pytest.raises(services.SurveyError):
        services.create_survey(actor=administrator, organisation=org("boras"), title="Enkät", year=2026)


def test_questions_are_ordered_and_locked_once_open(make_survey, sjuharad_staff):
    survey = make_survey(opened=False, open_link=False)
    question = services.save_question(
        actor=sjuharad_staff,
        survey=survey,
        question=Question(kind="flera_val", text="Vilka träffar har du varit på?", choices=["Konferens", "Seminarium"]),
    )
    assert question.position == 8 and question.key == "vilka-traffar-har-du-varit-pa"
    services.move_question(actor=sjuharad_staff, question=question, offset=-1)
    assert list(survey.questions.values_list("key", flat=True))[6] == question.key
    services.open_survey(actor=sjuharad_staff, survey=survey)
    with pytest.raises(services.SurveyError, match="låsta"):
        services.delete_question(actor=sjuharad_staff, question=question)
    with pytest.raises(services.SurveyError, match="låsta"):
        services.save_question(actor=sjuharad_staff, survey=survey, question=Question(kind="fritext", text="Mer?"))
    assert survey.questions.count() == 8


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "ett_val", "text": "Färg?", "choices": ["Blå"]},
        {"kind": "ett_val", "text": "Färg?", "choices": ["Blå", "Blå"]},
        {"kind": "likert", "text": "  "},
        {"kind": "fritext", "text": "Bakgrund?", "background": True},
        {"kind": "likert", "text": "Samma nyckel", "key": "kommun"},
    ],
)
def test_it_refuses_a_question_that_cannot_be_answered_or_compared(make_survey, sjuharad_staff, fields):
    survey = make_survey(opened=False)
    with pytest.raises(services.SurveyError):
        services.save_question(actor=sjuharad_staff, survey=survey, question=Question(**fields))
    assert survey.questions.count() == 7


def test_a_survey_goes_from_draft_to_open_to_closed(make_survey, sjuharad_staff):
    survey = make_survey(opened=False)
    with pytest.raises(services.SurveyError):
        services.close_survey(actor=sjuharad_staff, survey=survey)
    survey = services.open_survey(actor=sjuharad_staff, survey=survey)
    assert survey.status == Status.OPEN and survey.opened_on is not None
    survey = services.close_survey(actor=sjuharad_staff, survey=survey)
    assert survey.status == Status.CLOSED and survey.closed_on is not None
    with pytest.raises(services.SurveyError):
        services.open_survey(actor=sjuharad_staff, survey=survey)


def test_staff_build_a_survey_through_the_pages(client, sjuharad_staff, org):
    client.force_login(sjuharad_staff)
    created = client.post(
        reverse("surveys:survey_create"),
        {"organisation": org("sjuharad").pk, "title": "Enkät 2026", "year": "2026", "from_template": "on"},
    )
    survey = Survey.objects.get()
    assert created.url == survey.get_absolute_url()
    client.post(
        reverse("surveys:question_create", kwargs={"survey_pk": survey.pk}),
        {"kind": "ett_val", "text": "Hur hörde du om noden?", "choices_text": "Kollega\nWebben\n", "required": "on"},
    )
    added = survey.questions.get(key="hur-horde-du-om-noden")
    assert added.choices == ["Kollega", "Webben"] and added.required
    client.post(reverse("surveys:question_move", kwargs={"pk": added.pk}), {"direction": "up"})
    client.post(reverse("surveys:survey_open", kwargs={"pk": survey.pk}))
    page = client.get(survey.get_absolute_url()).content.decode()
    assert "Öppen" in page and "Stäng enkäten" in page and "Flytta upp" not in page
    assert survey.questions.get(pk=added.pk).position == 7


def test_a_reader_sees_surveys_but_no_actions(client, boras_reader, make_survey):
    survey = make_survey()
    client.force_login(boras_reader)
    assert "Ny enkät" not in client.get(reverse("surveys:index")).content.decode()
    page = client.get(survey.get_absolute_url()).content.decode()
    assert survey.title in page and "Stäng enkäten" not in page and "Skicka personliga länkar" not in page
    assert client.get(reverse("surveys:survey_create")).status_code == 403
    assert client.post(reverse("surveys:survey_close", kwargs={"pk": survey.pk})).status_code == 403
    assert Survey.objects.get().status == Status.OPEN
