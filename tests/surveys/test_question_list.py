"""Staff read a survey's questions as questions: the internal key that links answers
across years is shown only in the question's edit form, where it can be changed."""

import re

import pytest


@pytest.mark.parametrize("opened", [True, False])
def test_it_lists_questions_without_their_keys(client, make_survey, sjuharad_staff, opened):
    survey = make_survey(opened=opened)
    client.force_login(sjuharad_staff)
    page = client.get(f"/enkater/{survey.pk}/").content.decode()
    listed = page.split('class="question-list"', 1)[1].split("</ol>", 1)[0]
    first = survey.questions.order_by("position").first()
    assert first.text in listed
    assert "nyckel" not in listed.lower()
    assert not any(q.key in listed for q in survey.questions.all() if q.key not in q.text.lower())


def test_it_shows_the_key_with_its_meaning_in_the_edit_form(client, make_survey, sjuharad_staff):
    survey = make_survey(opened=False)
    question = survey.questions.order_by("position").first()
    client.force_login(sjuharad_staff)
    page = client.get(f"/enkater/fragor/{question.pk}/").content.decode()
    assert re.search(rf'name="key"[^>]*value="{question.key}"|value="{question.key}"[^>]*name="key"', page)
    assert "Frågor med samma nyckel jämförs mellan åren." in page
