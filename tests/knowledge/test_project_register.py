"""The project register: per municipality and association, which projects run now, who
funds them and which overlap in theme and target group; its Excel export and JSON twin."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kunskapsnod.knowledge.models import Entry, EntryKind
from kunskapsnod.knowledge.register import Show, build_register
from kunskapsnod.regions.models import Organisation

TODAY = datetime.date.today()
YEAR = datetime.timedelta(days=365)


@pytest.fixture
def projects(make_entry, current_model, org):
    health, parents = (
        current_model.themes.get(name="Hälsa för lärande"),
        current_model.themes.get(name="Föräldrar som resurs"),
    )

    def project(owner, title, *, start, end=None, themes=(), status="publicerad", **fields):
        return make_entry(
            owner,
            title=title,
            kind=EntryKind.PROJECT,
            status=status,
            start_date=start,
            end_date=end,
            themes=list(themes),
            **fields,
        )

    return {
        "esf": project(
            "boras",
            "Hela vägen",
            start=TODAY - YEAR,
            end=TODAY + YEAR,
            themes=[health],
            funding="esf",
            funder="ESF-rådet",
            budget=4_000_000,
            target_group="Nyanlända elever på gymnasiet",
            municipalities=[org("mark")],
        ),
        "fund": project(
            "mark",
            "Må bra i skolan",
            start=TODAY - YEAR,
            themes=[health, parents],
            funding="social_investering",
            budget=600_000,
            target_group="Elever som är nyanlända",
        ),
        "ended": project("boras", "Avslutat projekt", start=TODAY - 3 * YEAR, end=TODAY - YEAR, themes=[health]),
        "undated": project("boras", "Projekt utan period", start=None, themes=[health]),
        "draft": project("boras", "Hemligt projektutkast", start=TODAY - YEAR, status="utkast", themes=[health]),
        "method": make_entry("boras", title="En metod, inget projekt", status="publicerad"),
    }


def test_it_lists_the_projects_running_today_and_not_ended_undated_or_other_kinds(client, projects):
    text = client.get(reverse("knowledge:projects")).content.decode()
    assert "Hela vägen" in text and "Må bra i skolan" in text
    assert "Avslutat projekt" not in text and "Projekt utan period" not in text
    assert "En metod, inget projekt" not in text
    assert "Hemligt projektutkast" not in text  # a visitor never sees drafts


def test_it_shows_every_project_when_asked(client, projects):
    text = client.get(reverse("knowledge:projects"), {"visa": "alla"}).content.decode()
    assert "Avslutat projekt" in text and "Projekt utan period" in text


def test_a_municipality_sees_what_it_owns_and_takes_part_in(client, projects):
    text = client.get(reverse("knowledge:projects"), {"organisation": "mark"}).content.decode()
    assert "Må bra i skolan" in text  # Mark owns it
    assert "Hela vägen" in text  # Mark takes part in Borås' project
    text = client.get(reverse("knowledge:projects"), {"organisation": "alingsas"}).content.decode()
    assert "Hela vägen" not in text and "Inga projekt pågår" in text


def test_an_association_sees_its_members_projects(client, projects):
    text = client.get(reverse("knowledge:projects"), {"organisation": "sjuharad"}).content.decode()
    assert "Hela vägen" in text and "Må bra i skolan" in text
    text = client.get(reverse("knowledge:projects"), {"organisation": "goteborgsregionen"}).content.decode()
    assert "Hela vägen" not in text


def test_it_names_funders_with_their_projects_and_budget(projects):
    register = build_register(Entry.objects.published(), organisation=None)
    rows = {row.label: (row.projects, row.budget) for row in register.funders}
    assert rows == {"ESF-rådet": (1, 4_000_000), "Sociala investeringsfonder": (1, 600_000)}


def test_projects_with_a_shared_theme_and_target_group_overlap(projects):
    register = build_register(Entry.objects.published(), organisation=None)
    assert len(register.overlaps) == 1
    overlap = register.overlaps[0]
    assert {overlap.first.title, overlap.second.title} == {"Hela vägen", "Må bra i skolan"}
    assert [t.name for t in overlap.themes] == ["Hälsa för lärande"]
    assert "nyanlända" in overlap.target and "elever" in overlap.target


def test_a_shared_theme_without_a_shared_target_group_is_no_overlap(projects):
    Entry.objects.filter(pk=projects["fund"].pk).update(target_group="Föräldrar till förskolebarn")
    assert build_register(Entry.objects.published(), organisation=None).overlaps == []


def test_same_age_group_is_a_shared_target_group(make_entry, current_model):
    theme = current_model.themes.get(name="God lärmiljö")
    for owner in ("boras", "mark"):
        make_entry(
            owner, kind=EntryKind.PROJECT, status="publicerad", start_date=TODAY, target_age="13-15", themes=[theme]
        )
    register = build_register(Entry.objects.published(), organisation=None, show=Show.ALL)
    assert [o.target for o in register.overlaps] == ["13–15 år"]


def test_the_excel_export_holds_projects_overlaps_and_funders_with_formulas_as_text(client, projects):
    Entry.objects.filter(pk=projects["esf"].pk).update(title='=HYPERLINK("http://evil","x")')
    response = client.get(reverse("knowledge:projects_xlsx"), {"organisation": "mark"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["Projekt", "Överlapp", "Finansiärer"]
    rows = list(workbook["Projekt"].iter_rows(values_only=True))
    assert rows[0][0] == "Projekt" and len(rows) == 3
    cell = next(c for row in workbook["Projekt"].iter_rows() for c in row if str(c.value).startswith("=HYPER"))
    assert cell.data_type == "s"
    assert len(list(workbook["Överlapp"].iter_rows())) == 2


def test_the_json_twin_answers_the_same_selection(client, projects):
    response = client.get("/api/knowledge/projects", {"organisation": "mark"})
    assert response.status_code == 200
    data = response.json()
    assert {p["title"] for p in data["projects"]} == {"Hela vägen", "Må bra i skolan"}
    assert all(p["running"] for p in data["projects"])
    assert data["overlaps"][0]["themes"] == ["Hälsa för lärande"]
    assert {f["label"] for f in data["funders"]} == {"ESF-rådet", "Sociala investeringsfonder"}
    assert client.get("/api/knowledge/projects", {"organisation": "nowhere"}).status_code == 400


def test_the_page_costs_a_fixed_number_of_queries(client, projects, make_entry, django_assert_max_num_queries):
    for n in range(5):
        make_entry("mark", kind=EntryKind.PROJECT, status="publicerad", start_date=TODAY, title=f"Extra {n}")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("knowledge:projects"), {"organisation": "sjuharad"}).status_code == 200


def test_a_signed_in_editor_also_sees_their_own_draft_projects(client, projects, boras_editor):
    client.force_login(boras_editor)
    assert "Hemligt projektutkast" in client.get(reverse("knowledge:projects")).content.decode()


@pytest.mark.parametrize("slug", ["boras", "sjuharad"])
def test_every_owner_kind_is_a_choice(client, regions, slug):
    assert Organisation.objects.get(slug=slug)
    assert client.get(reverse("knowledge:projects"), {"organisation": slug}).status_code == 200
