"""A delete in Django's admin — one object's delete page or the bulk "delete selected" —
takes what it deleted out of search at once, cascades included, and leaves the index as a
rebuild from the rows would make it."""

import datetime

from kunskapsnod.mapping.models import Kind
from kunskapsnod.mapping.services import save_prioritised_needs
from kunskapsnod.search.models import Document
from kunskapsnod.search.services import reindex_all
from search.admin_pages import assert_index_as_rebuilt, delete_one, delete_selected, shown


def test_deleting_entries_in_the_admin_takes_them_out_of_search(admin_client, searcher, make_entry):
    one, two, three = (make_entry(f"Läxhjälp {n}", status="publicerad") for n in ("ett", "två", "tre"))
    assert all(entry.title in shown(searcher, "läxhjälp") for entry in (one, two, three))
    delete_one(admin_client, "knowledge.entry", one.pk)
    delete_selected(admin_client, "knowledge.entry", [two.pk])
    page = shown(searcher, "läxhjälp")
    assert "Läxhjälp ett" not in page and "Läxhjälp två" not in page and "Läxhjälp tre" in page
    assert_index_as_rebuilt()


def test_deleting_interventions_needs_and_priorities_in_the_admin_takes_them_out_of_search(
    admin_client, searcher, make_item, administrator, org
):
    intervention = make_item("Läxhjälp på biblioteket")
    need = make_item("Läxhjälp för nyanlända", kind=Kind.NEED)
    parent = make_item("Studiestöd")
    part = make_item("Läxhjälp i helgen", parent=parent)
    priorities = save_prioritised_needs(
        actor=administrator,
        municipality=org("boras"),
        source_label="Workshop",
        source_date=datetime.date(2026, 11, 1),
        ranked=[("Läxhjälp för alla", 5), ("Läxhjälp på sommaren", 3)],
        workshop_ref="ws-1",
    )
    assert all(text in shown(searcher, "läxhjälp") for text in ("Läxhjälp för alla", "Läxhjälp i helgen"))

    delete_one(admin_client, "mapping.item", part.pk)  # the parent stays, without the part's words
    delete_selected(admin_client, "mapping.item", [intervention.pk, need.pk])
    delete_one(admin_client, "mapping.priority", priorities[0].pk)
    delete_selected(admin_client, "mapping.priority", [priorities[1].pk])

    page = shown(searcher, "läxhjälp")
    for text in ("Läxhjälp på biblioteket", "Läxhjälp för nyanlända", "Läxhjälp för alla", "Läxhjälp på sommaren"):
        assert text not in page
    assert "Studiestöd" not in page  # the part was its only way to "läxhjälp"
    assert "Studiestöd" in shown(searcher, "studiestöd")
    assert_index_as_rebuilt()


def test_deleting_an_organisation_in_the_admin_takes_it_out_of_the_facets(
    admin_client, searcher, make_item, make_entry, org
):
    boras, sjuharad, mark = org("boras"), org("sjuharad"), org("mark")
    make_item("Läxhjälp i Borås")
    make_entry("Läxhjälp i Mark och Borås", owner="boras", status="publicerad", municipalities=[mark])
    assert "Läxhjälp i Borås" in shown(searcher, "läxhjälp", association=sjuharad.pk)
    assert "Läxhjälp i Mark och Borås" in shown(searcher, "läxhjälp", municipality=mark.pk)

    delete_one(admin_client, "regions.organisation", mark.pk)
    delete_selected(admin_client, "regions.organisation", [sjuharad.pk])

    assert "Läxhjälp i Borås" not in shown(searcher, "läxhjälp", association=sjuharad.pk)
    assert "Läxhjälp i Mark och Borås" not in shown(searcher, "läxhjälp", municipality=mark.pk)
    assert "Läxhjälp i Mark och Borås" in shown(searcher, "läxhjälp", municipality=boras.pk)
    assert_index_as_rebuilt()


def test_deleting_a_classification_in_the_admin_takes_the_item_out_of_its_theme_and_level(
    admin_client, searcher, make_item, model, administrator
):
    from kunskapsnod.mapping.models import Classification
    from kunskapsnod.mapping.services import classify_items

    theme, level = model.themes.first(), model.levels.first()
    first, second = make_item("Läxhjälp i Borås"), make_item("Läxhjälp i Mark")
    classify_items(actor=administrator, items=[first, second], model=model, themes=[theme], level=level)
    assert "Läxhjälp i Borås" in shown(searcher, "läxhjälp", theme=theme.pk)

    delete_one(admin_client, "mapping.classification", Classification.objects.get(item=first).pk)
    delete_selected(admin_client, "mapping.classification", [Classification.objects.get(item=second).pk])

    for facet in ({"theme": theme.pk}, {"level": level.pk}):
        page = shown(searcher, "läxhjälp", **facet)
        assert "Läxhjälp i Borås" not in page and "Läxhjälp i Mark" not in page
    assert "Läxhjälp i Borås" in shown(searcher, "läxhjälp")  # the item itself is still found
    facets = sorted(Document.objects.values_list("object_id", "themes", "level_id"))
    reindex_all()
    assert sorted(Document.objects.values_list("object_id", "themes", "level_id")) == facets


def test_deleting_a_theme_takes_it_out_of_the_facets(searcher, make_item, make_entry, model, administrator):
    from kunskapsnod.mapping.services import classify_items

    kept, gone = model.themes.all()[:2]
    item = make_item("Läxhjälp i Borås")
    classify_items(actor=administrator, items=[item], model=model, themes=[kept, gone], level=model.levels.first())
    make_entry("Läxhjälp som metod", status="publicerad", themes=[gone])
    assert "Läxhjälp som metod" in shown(searcher, "läxhjälp", theme=gone.pk)

    gone_pk = gone.pk
    gone.delete()  # what the analysis model's admin page does with a theme marked for deletion

    assert "Läxhjälp" not in shown(searcher, "läxhjälp", theme=gone_pk)
    assert "Läxhjälp i Borås" in shown(searcher, "läxhjälp", theme=kept.pk)
    facets = sorted(Document.objects.values_list("object_id", "themes", "level_id"))
    reindex_all()
    assert sorted(Document.objects.values_list("object_id", "themes", "level_id")) == facets
