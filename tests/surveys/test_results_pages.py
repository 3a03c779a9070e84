"""The results page, its downloads (charts, Excel) and its JSON twin: what a user sees is
what the small-group rule lets through, free texts escaped."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kunskapsnod.surveys.models import Survey


@pytest.fixture
def answered(survey, answer, org):
    boras = org("boras").pk
    for value in [5, 4, 4, 3, 5, 2]:
        answer(survey, kanner_till_stodet=value, tillfort_ordinarie_arbete=4, starkt_samverkan=2, kommun=boras)
    answer(survey, kanner_till_stodet=1, tillfort_ordinarie_arbete=1, starkt_samverkan=1, kommun=org("mark").pk,
           tillfort_fritext="<script>alert(1)</script> Mer stöd")  # fmt: skip
    return survey


def test_the_page_shows_each_question_and_hides_small_groups(client, boras_reader, answered):
    client.force_login(boras_reader)
    page = client.get(reverse("surveys:results", kwargs={"pk": answered.pk})).content.decode()
    assert "7 svar" in page
    assert "Medelvärde 3,43 på skalan 1–5" in page  # (5+4+4+3+5+2+1)/7
    assert "Borås" in page and "för få svar (under 5)" in page
    assert "Färre än 5 har svarat på frågan" in page  # the free text: one answer
    assert "<script>alert(1)</script>" not in page


def test_free_texts_are_listed_escaped(client, boras_reader, survey, answer):
    for n in range(5):
        answer(survey, kanner_till_stodet=3, tillfort_ordinarie_arbete=3, starkt_samverkan=3,
               tillfort_fritext=f"<b>svar {n}</b>")  # fmt: skip
    client.force_login(boras_reader)
    page = client.get(reverse("surveys:results", kwargs={"pk": survey.pk})).content.decode()
    assert "&lt;b&gt;svar 3&lt;/b&gt;" in page and "<b>svar" not in page


def test_the_charts_come_as_svg_without_javascript(client, boras_reader, answered):
    client.force_login(boras_reader)
    url = reverse("surveys:results", kwargs={"pk": answered.pk})
    assert 'src="?format=svg&amp;chart=fraga-kanner-till-stodet"' in client.get(url).content.decode()
    svg = client.get(url, {"format": "svg", "chart": "fraga-kanner-till-stodet"})
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert client.get(url, {"format": "svg", "chart": "fraga-tillfort-fritext"}).status_code == 404


def test_the_excel_file_holds_the_results_and_no_small_group(client, boras_reader, answered):
    client.force_login(boras_reader)
    response = client.get(reverse("surveys:results_xlsx", kwargs={"pk": answered.pk}))
    workbook = load_workbook(io.BytesIO(response.content))
    rows = [list(row) for row in workbook["Resultat"].iter_rows(values_only=True)]
    assert ["Jag vet vilket stöd kunskapsnoden kan erbjuda mig och min verksamhet.", "kanner-till-stodet", "4", 2,
            28.6, 3.43] in [list(r) for r in rows]  # fmt: skip
    groups = [list(r) for r in workbook["Per grupp"].iter_rows(values_only=True)]
    mark = [r for r in groups if r[2] == "Mark"]
    assert mark and all(r[3] == "färre än 5 svar" and r[4] is None for r in mark)


def test_the_api_answers_what_the_page_shows(client, boras_reader, answered):
    url = f"/api/surveys/{answered.pk}/results"
    assert client.get(url).status_code == 401
    client.force_login(boras_reader)
    data = client.get(url).json()
    question = next(q for q in data["questions"] if q["key"] == "kanner-till-stodet")
    assert question["result"]["mean"] == pytest.approx(3.43) and question["result"]["answered"] == 7
    groups = {g["label"]: g["result"] for g in question["breakdowns"][0]["groups"]}
    assert groups["Mark"] == {"answered": None, "suppressed": True, "mean": None, "distribution": [], "texts": []}
    free = next(q for q in data["questions"] if q["key"] == "tillfort-fritext")
    assert free["result"]["texts"] == [] and free["result"]["suppressed"]
    assert client.get("/api/surveys/999999/results").json() == {"error": "Enkät finns inte"}


def test_the_api_lists_surveys_and_questions(client, boras_reader, survey):
    client.force_login(boras_reader)
    listed = client.get("/api/surveys").json()
    assert [s["id"] for s in listed] == [survey.pk]
    detail = client.get(f"/api/surveys/{survey.pk}").json()
    keys = [q["key"] for q in detail["questions"]]
    assert keys[:3] == ["kanner-till-stodet", "tillfort-ordinarie-arbete", "starkt-samverkan"]


def test_the_results_read_in_few_queries(client, boras_reader, answered, make_survey, django_assert_max_num_queries):
    make_survey(2025)
    client.force_login(boras_reader)
    with django_assert_max_num_queries(16):
        client.get(f"/api/surveys/{answered.pk}/results")
    assert Survey.objects.count() == 2
