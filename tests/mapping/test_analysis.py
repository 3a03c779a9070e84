import datetime

import pytest
from django.db.models import Q

from kunskapsnod.mapping.models import AnalysisModel, Item, Kind, Priority, Source
from kunskapsnod.mapping.services import classify_items, classify_priorities
from kunskapsnod.mapping.services.analysis import (
    borda_points,
    build_matrix,
    combined_priorities,
    gap_ranking,
)
from kunskapsnod.regions.models import Organisation


@pytest.fixture
def v2(analysis_models):
    return AnalysisModel.objects.get(version=2)


def _item(org, slug, kind, text="x"):
    return Item.objects.create(kind=kind, text=text, municipality=org(slug))


def test_the_matrix_counts_interventions_and_needs_per_theme_and_level(v2, org, sjuharad_staff):
    health, parents = v2.themes.get(name="Hälsa för lärande"), v2.themes.get(name="Föräldrar som resurs")
    level = v2.levels.get(name="Förebyggande insatser")
    needs = [_item(org, "boras", Kind.NEED) for _ in range(3)]
    intervention = _item(org, "mark", Kind.INTERVENTION)
    _item(org, "mark", Kind.NEED)  # stays unclassified
    classify_items(actor=sjuharad_staff, items=needs, model=v2, themes=[health], level=level)
    classify_items(actor=sjuharad_staff, items=[intervention], model=v2, themes=[health, parents], level=level)
    matrix = build_matrix(model=v2, municipalities=Organisation.objects.municipalities())
    cells = {(c.theme.name, c.level.name): c for c in matrix.cells}
    cell = cells[("Hälsa för lärande", "Förebyggande insatser")]
    assert (cell.interventions, cell.needs, cell.heat_needs, cell.gap) == (1, 3, 5, 2)
    assert cells[("Föräldrar som resurs", "Förebyggande insatser")].interventions == 1
    assert matrix.unclassified == {"insats": 0, "behov": 1}
    only_mark = build_matrix(model=v2, municipalities=Organisation.objects.filter(slug="mark"))
    assert sum(c.needs for c in only_mark.cells) == 0
    ranking = gap_ranking(matrix)
    assert ranking["cells"][0].label == "Hälsa för lärande – Förebyggande insatser"
    assert ranking["themes"][0].gap == 2


def test_the_matrix_takes_a_fixed_number_of_queries(v2, org, imported, django_assert_num_queries):
    municipalities = Organisation.objects.filter(Q(slug="boras") | Q(slug="mark"))
    with django_assert_num_queries(4):  # themes, levels, counts, unclassified
        build_matrix(model=v2, municipalities=municipalities)


def test_borda_points_are_normalised_per_list():
    assert borda_points(1, 4) == 1
    assert borda_points(4, 4) == 0.25
    assert borda_points(1, 11) == 1


def _list(org, slug, texts, date=datetime.date(2022, 4, 1)):
    source = Source.objects.create(municipality=org(slug), label="Workshop steg 2", date=date)
    return [
        Priority.objects.create(municipality=org(slug), source=source, rank=r, position=r, text=t)
        for r, t in enumerate(texts, start=1)
    ]


def test_combined_priorities_group_by_theme_and_count_municipalities(v2, org, sjuharad_staff):
    boras = _list(org, "boras", ["BUP", "Föräldraskapsstöd"])
    mark = _list(org, "mark", ["Aktiv fritid", "Föräldraskapsstöd", "bup"])
    health = v2.themes.get(name="Hälsa för lärande")
    classify_priorities(actor=sjuharad_staff, priorities=[boras[0], mark[2]], model=v2, themes=[health])
    overview = combined_priorities(model=v2, municipalities=Organisation.objects.municipalities())
    first = overview.groups[0]
    assert first.theme == health
    assert (first.needs[0].municipality_count, first.needs[0].score) == (2, round(1 + 1 / 3, 2))
    unclassified = overview.groups[-1]
    assert unclassified.theme is None
    assert unclassified.needs[0].text == "Föräldraskapsstöd"
    assert unclassified.needs[0].municipality_count == 2


def test_only_each_municipalitys_latest_list_is_combined(v2, org):
    _list(org, "boras", ["Gammalt"], date=datetime.date(2022, 4, 1))
    _list(org, "boras", ["Nytt"], date=datetime.date(2026, 11, 1))
    overview = combined_priorities(model=v2, municipalities=Organisation.objects.municipalities())
    assert [n.text for g in overview.groups for n in g.needs] == ["Nytt"]


def test_the_real_lists_stay_unclassified_until_someone_classifies_them(imported):
    v2 = AnalysisModel.objects.get(version=2)
    overview = combined_priorities(model=v2, municipalities=Organisation.objects.municipalities())
    assert [g.theme for g in overview.groups] == [None]
    assert len(overview.lists) == 6
    assert {m.name: n for m, _s, n in overview.lists}["Svenljunga"] == 11
    both = {n.text: n.municipality_count for n in overview.groups[0].needs}
    assert both["Ökad politisk förståelse för ungas villkor"] == 2
    assert both["BUP"] == 2
