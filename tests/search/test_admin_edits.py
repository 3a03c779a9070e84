"""An edit in Django's admin, or anywhere else an indexed fact changes without a write
service of the mapping or knowledge bank, leaves the search index as a rebuild from the
rows would make it, in the editing transaction."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from kunskapsnod.mapping.models import AnalysisModel, Classification
from kunskapsnod.mapping.services import classify_items, create_model_version, save_prioritised_needs
from kunskapsnod.regions.services import import_regions
from search.admin_pages import assert_index_as_rebuilt, change, delete_one, shown


@pytest.fixture
def make_priority(administrator, org):
    def make(text):
        day = datetime.date(2026, 11, 1)
        return save_prioritised_needs(
            actor=administrator,
            municipality=org("boras"),
            source_label="Workshop",
            source_date=day,
            ranked=[(text, 5)],
            workshop_ref="ws-1",
        )[0]

    return make


def test_it_moves_an_item_to_the_themes_and_level_given_to_its_classification_in_the_admin(
    admin_client, searcher, make_item, model, administrator
):
    (old_theme, new_theme), (old_level, new_level) = model.themes.all()[:2], model.levels.all()[:2]
    item = make_item("Läxhjälp i Borås")
    classify_items(actor=administrator, items=[item], model=model, themes=[old_theme], level=old_level)

    classification = Classification.objects.get(item=item)
    change(admin_client, "mapping.classification", classification.pk, themes=[new_theme.pk], level=new_level.pk)

    assert "Läxhjälp i Borås" in shown(searcher, "läxhjälp", theme=new_theme.pk, level=new_level.pk)
    assert "Läxhjälp i Borås" not in shown(searcher, "läxhjälp", theme=old_theme.pk)
    assert "Läxhjälp i Borås" not in shown(searcher, "läxhjälp", level=old_level.pk)
    assert_index_as_rebuilt()


def test_it_refuses_a_level_of_another_version_in_the_classification_admin(
    admin_client, make_item, model, administrator
):
    newer = create_model_version(actor=administrator, base=model, name="Nyare", theme_names={}, level_names={})
    item = make_item("Läxhjälp i Borås")
    theme, level = model.themes.first(), model.levels.first()
    classify_items(actor=administrator, items=[item], model=model, themes=[theme], level=level)
    classification = Classification.objects.get(item=item)
    url = reverse("admin:mapping_classification_change", args=[classification.pk])
    page = admin_client.post(
        url, {"item": item.pk, "model": model.pk, "themes": [theme.pk], "level": newer.levels.first().pk}
    )
    assert page.status_code == 200
    assert "teman och nivå måste höra till den valda versionen" in page.content.decode()
    assert Classification.objects.get(pk=classification.pk).level == level


def test_it_links_a_priority_to_its_municipalitys_new_address_after_the_admin_changes_the_slug(
    admin_client, searcher, make_priority, org
):
    make_priority("Läxhjälp för alla")
    change(admin_client, "regions.organisation", org("boras").pk, slug="boras-stad")

    page = searcher.get(reverse("search:index"), {"q": "läxhjälp"}).content.decode()
    assert reverse("mapping:municipality", args=["boras-stad"]) in page
    assert reverse("mapping:municipality", args=["boras"]) not in page
    assert_index_as_rebuilt()


def test_it_follows_a_municipality_renamed_by_the_region_file(searcher, make_priority, tmp_path):
    make_priority("Läxhjälp för alla")
    renamed = tmp_path / "regions.csv"
    renamed.write_text((settings.DATA_DIR / "regions.csv").read_text().replace(",Borås,", ",Borås stad,"))

    import_regions(renamed)

    page = searcher.get(reverse("search:index"), {"q": "läxhjälp"}).content.decode()
    assert reverse("mapping:municipality", args=["boras-stad"]) in page
    assert_index_as_rebuilt()


def test_it_shows_the_previous_versions_themes_after_the_newest_version_is_deleted_in_the_admin(
    admin_client, searcher, make_item, make_entry, model, administrator
):
    theme = model.themes.first()
    item = make_item("Läxhjälp i Borås")
    classify_items(actor=administrator, items=[item], model=model, themes=[theme], level=model.levels.first())
    make_entry("Läxhjälp som metod", status="publicerad", themes=[theme])
    newer = create_model_version(actor=administrator, base=model, name="Nyare", theme_names={}, level_names={})
    assert "Läxhjälp" not in shown(searcher, "läxhjälp", theme=theme.pk)  # nothing classified in the newer one

    delete_one(admin_client, "mapping.analysismodel", newer.pk)

    assert not AnalysisModel.objects.filter(pk=newer.pk).exists()
    page = shown(searcher, "läxhjälp", theme=theme.pk)
    assert "Läxhjälp i Borås" in page and "Läxhjälp som metod" in page
    assert_index_as_rebuilt()


def test_it_shows_an_older_versions_themes_once_the_admin_renumbers_it_the_newest(
    admin_client, searcher, make_item, model, administrator
):
    theme = model.themes.first()
    item = make_item("Läxhjälp i Borås")
    classify_items(actor=administrator, items=[item], model=model, themes=[theme], level=model.levels.first())
    newer = create_model_version(actor=administrator, base=model, name="Nyare", theme_names={}, level_names={})
    assert "Läxhjälp i Borås" not in shown(searcher, "läxhjälp", theme=theme.pk)

    change(admin_client, "mapping.analysismodel", model.pk, version=newer.version + 1)

    assert "Läxhjälp i Borås" in shown(searcher, "läxhjälp", theme=theme.pk)
    assert_index_as_rebuilt()


def test_it_takes_a_municipality_out_of_an_association_when_the_admin_moves_its_membership(
    admin_client, searcher, make_item, org
):
    sjuharad, boras, goteborg = org("sjuharad"), org("boras"), org("goteborg")
    make_item("Läxhjälp i Borås")
    assert "Läxhjälp i Borås" in shown(searcher, "läxhjälp", association=sjuharad.pk)
    inline = (
        admin_client.get(reverse("admin:regions_organisation_change", args=[sjuharad.pk]))
        .context["inline_admin_formsets"][0]
        .formset
    )
    row = next(form for form in inline.forms if form.instance.member_id == boras.pk)

    change(admin_client, "regions.organisation", sjuharad.pk, **{f"{row.prefix}-member": goteborg.pk})

    assert "Läxhjälp i Borås" not in shown(searcher, "läxhjälp", association=sjuharad.pk)
    assert_index_as_rebuilt()
