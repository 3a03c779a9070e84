import pytest

from kunskapsnod.mapping.models import AnalysisModel, Classification, Item, Kind, LevelMapping, ThemeMapping
from kunskapsnod.mapping.services import (
    MappingError,
    carry_over_classifications,
    classify_items,
    create_model_version,
)
from kunskapsnod.regions.permissions import PermissionDenied


def test_the_shipped_versions_are_loaded_with_their_themes_and_levels(analysis_models):
    v1, v2 = AnalysisModel.objects.order_by("version")
    assert [t.name for t in v1.themes.all()][:2] == ["Fysisk planering", "Föräldrar som resurs"]
    assert [lv.name for lv in v2.levels.all()] == ["Främjande insatser", "Förebyggande insatser", "Åtgärdande insatser"]
    assert v2.created_from == v1
    assert "Samverkan togs bort" in v2.notes
    assert v1.levels.get(name="Aktiva insatser").description.startswith("Det som görs på individnivå")


def test_only_identical_names_are_mapped_between_the_shipped_versions(analysis_models):
    assert [str(m) for m in ThemeMapping.objects.all()] == ["Föräldrar som resurs → Föräldrar som resurs"]
    assert [str(m) for m in LevelMapping.objects.all()] == ["Förebyggande insatser → Förebyggande insatser"]


def _names(model):
    return {t.pk: t.name for t in model.themes.all()}


def test_a_new_version_renames_merges_removes_and_adds_themes(analysis_models, sjuharad_staff):
    v1 = AnalysisModel.objects.get(version=1)
    names = _names(v1)
    by_name = {n: pk for pk, n in names.items()}
    names[by_name["Hälsa"]] = "Hälsa för lärande"
    names[by_name["Motivation och framtidstro"]] = "Hälsa för lärande"  # merged
    names[by_name["Samverkan"]] = ""  # removed
    v3 = create_model_version(
        actor=sjuharad_staff,
        base=v1,
        name="Prov",
        theme_names=names,
        new_themes=["Meningsfull fritid"],
        level_names={lv.pk: lv.name for lv in v1.levels.all()},
    )
    assert v3.version == 3 and v3.created_from == v1
    assert [t.name for t in v3.themes.all()] == [
        "Fysisk planering",
        "Föräldrar som resurs",
        "Hälsa för lärande",
        "Utbildning",
        "Meningsfull fritid",
    ]
    merged = v3.themes.get(name="Hälsa för lärande")
    assert sorted(m.old.name for m in merged.mapped_from.all()) == ["Hälsa", "Motivation och framtidstro"]


def test_a_reader_or_editor_may_not_create_a_version(analysis_models, boras_editor):
    v1 = AnalysisModel.objects.get(version=1)
    with pytest.raises(PermissionDenied):
        create_model_version(actor=boras_editor, base=v1, name="X", theme_names={}, level_names={})


def test_a_version_needs_a_theme_and_a_level(analysis_models, sjuharad_staff):
    v1 = AnalysisModel.objects.get(version=1)
    with pytest.raises(MappingError):
        create_model_version(
            actor=sjuharad_staff, base=v1, name="Tom", theme_names=dict.fromkeys(_names(v1), ""), level_names={}
        )


def test_carrying_over_keeps_the_old_classification_and_records_the_version(analysis_models, sjuharad_staff, org):
    v2 = AnalysisModel.objects.get(version=2)
    item = Item.objects.create(kind=Kind.NEED, text="Föräldrastöd", municipality=org("boras"))
    other = Item.objects.create(kind=Kind.NEED, text="Skolgårdar", municipality=org("boras"))
    classify_items(
        actor=sjuharad_staff,
        items=[item],
        model=v2,
        themes=[v2.themes.get(name="Föräldrar som resurs")],
        level=v2.levels.get(name="Förebyggande insatser"),
    )
    classify_items(
        actor=sjuharad_staff,
        items=[other],
        model=v2,
        themes=[v2.themes.get(name="God lärmiljö")],
        level=v2.levels.get(name="Främjande insatser"),
    )
    names = _names(v2)
    names[v2.themes.get(name="God lärmiljö").pk] = ""
    v3 = create_model_version(
        actor=sjuharad_staff,
        base=v2,
        name="v3",
        theme_names=names,
        level_names={lv.pk: lv.name for lv in v2.levels.all()},
    )
    summary = carry_over_classifications(actor=sjuharad_staff, source=v2, target=v3)
    assert (summary.carried, summary.unmapped) == (1, 1)
    new = Classification.objects.get(item=item, model=v3)
    assert [t.name for t in new.themes.all()] == ["Föräldrar som resurs"]
    assert new.derived_from.model == v2
    assert Classification.objects.filter(item=item, model=v2, is_current=True).exists()
    assert Item.objects.unclassified_in(v3).filter(pk=other.pk).exists()
    again = carry_over_classifications(actor=sjuharad_staff, source=v2, target=v3)
    assert (again.carried, again.already) == (0, 1)


def test_reclassifying_keeps_the_earlier_classification_as_history(analysis_models, boras_editor, org):
    v2 = AnalysisModel.objects.get(version=2)
    item = Item.objects.create(kind=Kind.INTERVENTION, text="Fältverksamhet", municipality=org("boras"))
    themes = list(v2.themes.all())
    classify_items(actor=boras_editor, items=[item], model=v2, themes=themes[:1], level=v2.levels.first())
    classify_items(actor=boras_editor, items=[item], model=v2, themes=themes[1:3], level=v2.levels.last())
    rows = Classification.objects.filter(item=item).order_by("created_at", "pk")
    assert [r.is_current for r in rows] == [False, True]
    assert rows[1].created_by == boras_editor
    assert classify_items(actor=boras_editor, items=[item], model=v2, themes=themes[1:3], level=v2.levels.last()) == 0


def test_themes_of_another_version_are_refused(analysis_models, boras_editor, org):
    v1, v2 = AnalysisModel.objects.order_by("version")
    item = Item.objects.create(kind=Kind.INTERVENTION, text="X", municipality=org("boras"))
    with pytest.raises(MappingError):
        classify_items(actor=boras_editor, items=[item], model=v2, themes=[v1.themes.first()], level=v2.levels.first())


def test_node_staff_map_the_shipped_versions_and_carry_classifications_over(
    client, analysis_models, sjuharad_staff, org
):
    from django.urls import reverse

    v1, v2 = AnalysisModel.objects.order_by("version")
    health_v1, health_v2 = v1.themes.get(name="Hälsa"), v2.themes.get(name="Hälsa för lärande")
    active, remedial = v1.levels.get(name="Aktiva insatser"), v2.levels.get(name="Åtgärdande insatser")
    item = Item.objects.create(kind=Kind.NEED, text="Psykisk ohälsa", municipality=org("boras"))
    classify_items(actor=sjuharad_staff, items=[item], model=v1, themes=[health_v1], level=active)
    client.force_login(sjuharad_staff)
    url = reverse("mapping:model_mappings", args=[2])
    assert client.get(url).status_code == 200
    response = client.post(url, {f"theme_{health_v1.pk}": [health_v2.pk], f"level_{active.pk}": remedial.pk})
    assert response.status_code == 302
    assert ThemeMapping.objects.filter(old=health_v1, new=health_v2).exists()
    assert not ThemeMapping.objects.filter(old__name="Föräldrar som resurs").exists()  # replaced as a whole
    client.post(reverse("mapping:model_carry_over", args=[2]))
    new = Classification.objects.get(item=item, model=v2)
    assert (list(new.themes.all()), new.level) == ([health_v2], remedial)


def test_an_editor_may_not_change_the_mapping(client, analysis_models, boras_editor):
    from django.urls import reverse

    client.force_login(boras_editor)
    assert client.post(reverse("mapping:model_mappings", args=[2]), {}).status_code == 403
    assert ThemeMapping.objects.count() == 1
