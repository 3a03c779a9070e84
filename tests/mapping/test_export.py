import datetime
import json

import pytest

from kunskapsnod.mapping.models import Actor, AnalysisModel, Item, Kind, Priority, Scope, Source
from kunskapsnod.mapping.services import (
    WRITERS,
    classify_items,
    export_document,
    import_prestudy,
    read_document,
    save_prioritised_needs,
)
from kunskapsnod.mapping.services.formats import xlsx_values


def test_exporting_the_imported_pre_study_gives_the_file_back(imported):
    assert export_document() == imported


@pytest.fixture
def enriched(imported, sjuharad_staff):
    """The real data plus what the platform adds: classification, actors, scope, dots."""
    model = AnalysisModel.objects.get(version=2)
    items = list(Item.objects.filter(municipality__slug="boras")[:3])
    classify_items(
        actor=sjuharad_staff,
        items=items,
        model=model,
        themes=list(model.themes.all()[:2]),
        level=model.levels.first(),
    )
    need = Item.objects.filter(kind=Kind.NEED).first()
    need.scope = Scope.SUBREGIONAL
    need.save()
    need.actor_links.create(actor=Actor.BUP)
    need.actor_links.create(actor=Actor.SCHOOL)
    priority = Priority.objects.get(municipality__slug="mark", rank=11)
    priority.dots = 4
    priority.save()
    priority.themes.add(model.themes.first())
    part = Item.objects.filter(parent__isnull=False).first()
    part.target_age = "6-12"
    part.save()
    Item.objects.create(kind=Kind.INTERVENTION, text="Inmatad för hand", municipality=items[0].municipality)
    save_prioritised_needs(
        actor=sjuharad_staff,
        municipality=items[0].municipality,
        source_label="Workshop: hösten 2026",
        source_date=datetime.date(2026, 11, 27),
        ranked=[("Fler vuxna", 7), ("BUP", 3)],
        workshop_ref="workshop:ABC123",
    )


def _empty_db():
    Priority.objects.all().delete()
    Item.objects.all().delete()
    Source.objects.all().delete()


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_export_import_export_round_trips_without_loss(enriched, fmt):
    first = WRITERS[fmt](export_document())
    _empty_db()
    import_prestudy(actor=None, data=read_document(f"export.{fmt}", first))
    second = WRITERS[fmt](export_document())
    if fmt == "xlsx":  # the zip holds timestamps; the cells are what must match
        assert xlsx_values(second) == xlsx_values(first)
    else:
        assert second == first
    assert Item.objects.filter(classifications__is_current=True).count() == 3
    assert list(Priority.objects.filter(source__workshop_ref="workshop:ABC123").values_list("rank", "dots")) == [
        (1, 7),
        (2, 3),
    ]


def test_the_json_export_keeps_what_the_platform_added(enriched):
    text = WRITERS["json"](export_document()).decode()
    assert '"omfang": "delregionalt"' in text
    assert '"aktorer": [\n' in text or '"aktorer": ["' in text
    assert '"pluppar": 4' in text
    assert json.loads(text)["insatser_steg1"][-1]["datum"] is None or "Inmatad för hand" in text


def test_the_csv_export_is_what_swedish_excel_reads(imported):
    content = WRITERS["csv"](export_document())
    assert content.startswith("\ufeff".encode())
    header = content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("avsnitt;kommun;datum;")


def test_a_csv_with_a_bad_number_names_line_and_column(imported):
    lines = WRITERS["csv"](export_document()).decode("utf-8-sig").splitlines()
    cells = lines[3].split(";")
    cells[5] = "tre"
    lines[3] = ";".join(cells)
    with pytest.raises(Exception, match=r"x\.csv: rad 4, fält nr"):
        read_document("x.csv", "\n".join(lines).encode())


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_the_export_command_writes_a_file_the_import_command_reads(imported, tmp_path, fmt):
    from django.core.management import call_command

    path = tmp_path / f"kartlaggning.{fmt}"
    call_command("export_mapping", str(path))
    _empty_db()
    call_command("import_prestudy", str(path))
    assert export_document() == imported


def _csv_rows(content: bytes) -> list[dict]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_export_names_each_rows_own_document_source(enriched, imported):
    rows = _csv_rows(WRITERS["csv"](export_document()))
    by_text = {row["text"]: row["dokumentkalla"] for row in rows}
    assert by_text["Inmatad för hand"] == ""  # typed by hand in the platform
    assert [r["dokumentkalla"] for r in rows if r["workshop"] == "workshop:ABC123"] == ["", ""]
    assert {r["dokumentkalla"] for r in rows if r["datum"] and not r["workshop"]} == {imported["kalla"]}


def test_reimporting_the_csv_does_not_credit_the_document_with_workshop_lists(enriched):
    content = WRITERS["csv"](export_document())
    _empty_db()
    import_prestudy(actor=None, data=read_document("export.csv", content))
    assert Source.objects.get(workshop_ref="workshop:ABC123").citation == ""
    assert _csv_rows(WRITERS["csv"](export_document())) == _csv_rows(content)
