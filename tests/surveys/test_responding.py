"""Answering without an account: through a one-time link or the open link, anonymously;
a link used twice keeps the first answer, a tampered link stores nothing."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.db import models
from django.urls import reverse

from kunskapsnod.surveys import services
from kunskapsnod.surveys.models import Invitation, Response

LIKERT = {"q-kanner-till-stodet": "4", "q-tillfort-ordinarie-arbete": "5", "q-starkt-samverkan": "3"}


@pytest.fixture
def token(survey, sjuharad_staff):
    services.send_invitations(
        actor=sjuharad_staff, survey=survey, addresses=["anna@boras.se"], link_base="http://testserver"
    )
    return mail.outbox[-1].body.split("/enkat/svara/")[1].split("/")[0]


def _link(token):
    return reverse("surveys:respond", kwargs={"token": token})


def test_it_stores_the_answers_of_a_one_time_link_and_forgets_the_address(client, survey, token, org):
    response = client.post(_link(token), {**LIKERT, "q-kommun": str(org("boras").pk), "q-sektor": "0"})
    assert response.status_code == 302 and response.url == reverse("surveys:thanks")
    stored = Response.objects.get()
    assert stored.answers == {"kanner-till-stodet": 4, "tillfort-ordinarie-arbete": 5, "starkt-samverkan": 3,
                              "kommun": org("boras").pk, "sektor": 0}  # fmt: skip
    invitation = Invitation.objects.get()
    assert invitation.used and invitation.email == ""
    assert "Tack för dina svar" in client.get(response.url).content.decode()


def test_a_link_used_twice_keeps_the_first_answer_and_says_so(client, survey, token):
    client.post(_link(token), LIKERT)
    again = client.post(_link(token), {**LIKERT, "q-kanner-till-stodet": "1"})
    assert again.status_code == 409
    assert "Du har redan svarat på enkäten" in again.content.decode()
    assert "Ditt första svar är sparat" in again.content.decode()
    assert [r.answers["kanner-till-stodet"] for r in Response.objects.all()] == [4]
    page = client.get(_link(token))
    assert "Du har redan svarat" in page.content.decode() and "Skicka svaren" not in page.content.decode()


@pytest.mark.parametrize("change", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: t[:10], lambda t: "x"])
def test_a_tampered_link_answers_not_found_and_stores_nothing(client, survey, token, change):
    for method in (client.get, client.post):
        response = method(_link(change(token)), LIKERT)
        assert response.status_code == 404
        assert "Länken fungerar inte" in response.content.decode()
    assert Response.objects.count() == 0
    assert not Invitation.objects.get().used


def test_it_asks_again_for_required_answers_and_stores_nothing(client, survey, token):
    response = client.post(_link(token), {"q-kanner-till-stodet": "4"})
    assert response.status_code == 400
    assert "Några svar saknas eller behöver rättas" in response.content.decode()
    assert Response.objects.count() == 0 and not Invitation.objects.get().used


@pytest.mark.parametrize(
    "answers",
    [
        {"kanner-till-stodet": 6},
        {"kanner-till-stodet": "4; DROP"},
        {"kanner-till-stodet": True},
        {"sektor": 99},
        {"kommun": -1},
    ],
)
def test_it_refuses_answers_outside_the_options(survey, answers):
    link = services.link_for_open_code(survey.open_code)
    base = {"kanner-till-stodet": 3, "tillfort-ordinarie-arbete": 3, "starkt-samverkan": 3}
    with pytest.raises(services.AnswerErrors):
        services.submit_response(link=link, answers={**base, **answers})
    assert Response.objects.count() == 0


def test_a_municipality_outside_the_association_is_refused(survey, org, answer):
    with pytest.raises(services.AnswerErrors) as refused:
        answer(survey, kanner_till_stodet=3, tillfort_ordinarie_arbete=3, starkt_samverkan=3, kommun=org("goteborg").pk)
    assert "kommun" in refused.value.errors


def test_the_open_link_works_only_while_switched_on_and_the_survey_is_open(client, make_survey, sjuharad_staff):
    survey = make_survey(open_link=True)
    url = reverse("surveys:respond_open", kwargs={"code": survey.open_code})
    assert client.get(url).status_code == 200
    assert client.post(url, LIKERT).status_code == 302
    assert client.post(url, LIKERT).status_code == 302  # an open link may be used again
    services.close_survey(actor=sjuharad_staff, survey=survey)
    closed = client.post(url, LIKERT)
    assert closed.status_code == 410 and "Enkäten är stängd" in closed.content.decode()
    assert Response.objects.count() == 2
    no_link = make_survey(2027, open_link=False)
    assert client.get(reverse("surveys:respond_open", kwargs={"code": no_link.open_code})).status_code == 404


def test_a_draft_takes_no_answers(client, make_survey):
    draft = make_survey(open_link=True, opened=False)
    response = client.post(reverse("surveys:respond_open", kwargs={"code": draft.open_code}), LIKERT)
    assert response.status_code == 404 and "inte öppen ännu" in response.content.decode()
    assert Response.objects.count() == 0


def test_a_response_cannot_be_tied_to_an_invitation_in_the_tables():
    """No key from a response to anything but its survey, no time finer than the day, and a
    random primary key; the invitation has no key to a response either."""
    response_fields = {f.name: f for f in Response._meta.get_fields()}
    assert {f.name for f in response_fields.values() if f.is_relation} == {"survey"}
    assert not any(isinstance(f, models.DateTimeField | models.TimeField) for f in response_fields.values())
    assert isinstance(Response._meta.pk, models.UUIDField)
    assert {f.name for f in Invitation._meta.get_fields() if f.is_relation} == {"survey"}


def test_answering_writes_no_audit_rows_and_keeps_the_day_only(client, survey, token):
    before = LogEntry.objects.count()
    client.post(_link(token), LIKERT)
    assert LogEntry.objects.count() == before
    assert isinstance(Response.objects.get().submitted_on, datetime.date)


def test_the_days_answers_are_all_kept_when_shuffled(survey, answer):
    for value in [1, 2, 3, 4, 5, 5, 4]:
        answer(survey, kanner_till_stodet=value, tillfort_ordinarie_arbete=3, starkt_samverkan=3)
    stored = sorted(r.answers["kanner-till-stodet"] for r in Response.objects.all())
    assert stored == [1, 2, 3, 4, 4, 5, 5]


def test_the_respondent_page_needs_no_login_and_shows_every_question(client, survey, token):
    page = client.get(_link(token)).content.decode()
    for question in survey.questions.all():
        assert question.text in page
    assert 'name="q-kommun"' in page and "Borås" in page and "Göteborg<" not in page
