"""A KAA list never silently overwrites what a coordinator entered by hand: the hand value
stays, the difference waits as one open conflict, and the coordinator keeps our value or
takes the list's on /unga/kaa/konflikter/ (docs/youth.md, "When a list and a coordinator
disagree")."""

import datetime

import pytest
from django.urls import reverse

from kunskapsnod.regions.permissions import PermissionDenied
from kunskapsnod.youth.models import AccessLog, HandEdit, ImportConflict, KaaImport, Person
from kunskapsnod.youth.services import people
from kunskapsnod.youth.services.conflicts import resolve_conflicts
from kunskapsnod.youth.services.imports import import_kaa_list
from kunskapsnod.youth.services.retention import enforce_retention

ALVA, ELIAS = "20080512-1373", "20100304-5828"
HEADER = "personnummer;namn;senaste skola;status;kön\n"


def kaa_list(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


LIST = kaa_list(f"{ALVA};Alva Genererad;Skola A;ny;", f"{ELIAS};Elias Genererad;Skola B;ny;")


@pytest.fixture
def imported(gbg_coordinator, org):
    """Göteborg's register after one list; Alva's name then corrected by hand."""
    goteborg = org("goteborg")
    import_kaa_list(actor=gbg_coordinator, municipality=goteborg, data=LIST)
    alva = Person.objects.get(name="Alva Genererad")
    people.save_person(actor=gbg_coordinator, municipality=goteborg, person=alva, identity_number=ALVA,
                       name="Alva Rättad Genererad", last_school="Skola A")  # fmt: skip
    return goteborg


def again(coordinator, goteborg, data=LIST):
    return import_kaa_list(actor=coordinator, municipality=goteborg, data=data)


def test_it_keeps_a_hand_corrected_name_and_records_one_conflict_however_often_the_list_comes(
    gbg_coordinator, imported
):
    first = again(gbg_coordinator, imported)
    second = again(gbg_coordinator, imported)
    alva = Person.objects.get(municipality=imported, name="Alva Rättad Genererad")
    conflict = ImportConflict.objects.get()
    assert (conflict.person, conflict.field, conflict.our_value, conflict.list_value, conflict.resolution) == (
        alva,
        "name",
        "Alva Rättad Genererad",
        "Alva Genererad",
        "",
    )
    assert conflict.kaa_import == KaaImport.objects.filter(municipality=imported).order_by("pk")[1]
    assert (first.created, first.updated, first.unchanged, first.conflicts, first.new_conflicts) == (0, 0, 2, 1, 1)
    assert (second.conflicts, second.new_conflicts) == (1, 0)
    assert ImportConflict.objects.count() == 1


def test_it_updates_values_nobody_edited_by_hand(gbg_coordinator, imported):
    result = again(gbg_coordinator, imported, kaa_list(f"{ALVA};Alva Ny Genererad;Skola C;ny;",
                                                      f"{ELIAS};Elias Ny Genererad;Skola D;studier;"))  # fmt: skip
    alva, elias = Person.objects.get(name__startswith="Alva"), Person.objects.get(name__startswith="Elias")
    assert (alva.name, alva.last_school) == ("Alva Rättad Genererad", "Skola C")  # only the name was the hand's
    assert (elias.name, elias.last_school, elias.kaa.status) == ("Elias Ny Genererad", "Skola D", "studier")
    assert (result.updated, result.conflicts) == (2, 1)
    assert elias.last_import.imported_at >= alva.hand_edits.get(field="name").edited_at


def test_a_status_set_by_hand_is_kept_and_blank_cells_overwrite_nothing(gbg_coordinator, imported):
    elias = Person.objects.get(name="Elias Genererad")
    people.save_kaa(actor=gbg_coordinator, person=elias, status="kontakt")
    people.save_person(actor=gbg_coordinator, municipality=imported, person=elias, identity_number=ELIAS,
                       name="Elias Genererad", gender="annat", last_school="Skola B")  # fmt: skip
    again(gbg_coordinator, imported, kaa_list(f"{ELIAS};Elias Genererad;;avslutad;"))
    elias.refresh_from_db()
    assert (elias.kaa.status, elias.gender, elias.last_school) == ("kontakt", "annat", "Skola B")
    conflict = ImportConflict.objects.get(person=elias)
    assert (conflict.field, conflict.our_value, conflict.list_value) == ("status", "kontakt", "avslutad")


def test_taking_the_lists_value_writes_it_closes_the_conflict_and_lets_the_next_list_update(gbg_coordinator, imported):
    again(gbg_coordinator, imported)
    conflict = ImportConflict.objects.get()
    assert resolve_conflicts(actor=gbg_coordinator, conflicts=[conflict], choice="list") == 1
    conflict.refresh_from_db()
    assert (conflict.person.name, conflict.resolution, conflict.resolved_by) == (
        "Alva Genererad",
        "list",
        gbg_coordinator,
    )
    assert not HandEdit.objects.filter(person=conflict.person, field="name").exists()
    again(gbg_coordinator, imported, kaa_list(f"{ALVA};Alva Senare Genererad;Skola A;ny;"))
    assert Person.objects.filter(name="Alva Senare Genererad").exists()
    assert not ImportConflict.objects.filter(resolution="").exists()
    assert AccessLog.objects.filter(person=conflict.person, what__contains="tog listans värde").exists()


def test_keeping_our_value_closes_the_conflict_and_the_same_list_does_not_ask_again(gbg_coordinator, imported):
    again(gbg_coordinator, imported)
    resolve_conflicts(actor=gbg_coordinator, conflicts=list(ImportConflict.objects.all()), choice="ours")
    again(gbg_coordinator, imported)
    assert Person.objects.filter(name="Alva Rättad Genererad").exists()
    assert list(ImportConflict.objects.values_list("resolution", flat=True)) == ["ours"]
    # A list with yet another name is a new difference to decide.
    again(gbg_coordinator, imported, kaa_list(f"{ALVA};Alva Tredje Genererad;Skola A;ny;"))
    assert ImportConflict.objects.get(resolution="").list_value == "Alva Tredje Genererad"


def test_a_list_that_comes_round_to_our_value_closes_the_conflict(gbg_coordinator, imported):
    again(gbg_coordinator, imported)
    again(gbg_coordinator, imported, kaa_list(f"{ALVA};Alva Rättad Genererad;Skola A;ny;"))
    assert ImportConflict.objects.get().resolution == "agreed"
    assert not HandEdit.objects.filter(field="name").exists()


def test_the_coordinator_decides_on_the_page_one_at_a_time_or_all_alike(client, gbg_coordinator, imported, verified):
    elias = Person.objects.get(name="Elias Genererad")
    people.save_kaa(actor=gbg_coordinator, person=elias, status="kontakt")
    again(gbg_coordinator, imported)
    people.save_person(actor=gbg_coordinator, municipality=imported, person=elias, identity_number=ELIAS,
                       name="Elias Rättad Genererad", last_school="Skola B")  # fmt: skip
    again(gbg_coordinator, imported)
    verified(client, gbg_coordinator)
    page = client.get(reverse("youth:conflicts")).content.decode()
    assert "Alva Genererad" in page and "Alva Rättad Genererad" in page and "Kontakt etablerad" in page
    assert "3 skillnader väntar på beslut" in page
    name = ImportConflict.objects.get(person__name__startswith="Alva")
    response = client.post(reverse("youth:conflict_resolve", kwargs={"pk": name.pk}), {"val": "lista"})
    assert response.status_code == 302
    assert Person.objects.filter(name="Alva Genererad").exists()
    rest = ImportConflict.objects.filter(resolution="")
    response = client.post(reverse("youth:conflicts"), {"val": "behall", "konflikt": [c.pk for c in rest]})
    assert response.status_code == 302 and not ImportConflict.objects.filter(resolution="").exists()
    elias.refresh_from_db()
    assert (elias.name, elias.kaa.status) == ("Elias Rättad Genererad", "kontakt")
    history = client.get(reverse("youth:conflicts")).content.decode()
    assert "Inga skillnader väntar på beslut" in history and "Behöll vårt värde" in history
    assert AccessLog.objects.filter(person=elias, action="read", what="importkonflikter").exists()


def test_another_municipalitys_coordinator_can_neither_see_nor_decide(
    client, gbg_coordinator, boras_coordinator, imported, verified
):
    again(gbg_coordinator, imported)
    conflict = ImportConflict.objects.get()
    verified(client, boras_coordinator)
    assert "Alva" not in client.get(reverse("youth:conflicts")).content.decode()
    assert client.get("/api/youth/conflicts").json()["open"] == []
    assert (
        client.post(reverse("youth:conflict_resolve", kwargs={"pk": conflict.pk}), {"val": "lista"}).status_code == 404
    )
    assert client.post(reverse("youth:conflicts"), {"val": "lista", "konflikt": [conflict.pk]}).status_code == 400
    with pytest.raises(PermissionDenied):
        resolve_conflicts(actor=boras_coordinator, conflicts=[conflict], choice="list")
    conflict.refresh_from_db()
    assert (conflict.resolution, conflict.person.name) == ("", "Alva Rättad Genererad")


def test_the_json_twin_lists_the_conflict(client, gbg_coordinator, imported, verified):
    again(gbg_coordinator, imported)
    verified(client, gbg_coordinator)
    body = client.get("/api/youth/conflicts").json()
    assert body["open_count"] == 1
    assert {k: body["open"][0][k] for k in ("field", "our_value", "list_value")} == {
        "field": "name", "our_value": "Alva Rättad Genererad", "list_value": "Alva Genererad"
    }  # fmt: skip
    assert AccessLog.objects.filter(what="importkonflikter (API)").count() == 1


def test_anonymisation_removes_the_conflicts_personal_values(gbg_coordinator, imported, settings, tmp_path):
    settings.KUNSKAPSNOD_YOUTH_EXPORT_DIR = tmp_path
    again(gbg_coordinator, imported)
    alva = Person.objects.get(name="Alva Rättad Genererad")
    people.save_kaa(actor=gbg_coordinator, person=alva, status="avslutad", ended_on=datetime.date(2026, 1, 1))
    enforce_retention(now=datetime.datetime(2040, 1, 1, tzinfo=datetime.UTC))
    alva.refresh_from_db()
    assert alva.anonymised_at is not None
    assert not ImportConflict.objects.filter(person=alva).exists()
    assert not ImportConflict.objects.filter(list_value__contains="Alva").exists()


def test_hostile_text_in_a_list_value_is_escaped_on_the_page(client, gbg_coordinator, imported, verified):
    again(gbg_coordinator, imported, kaa_list(f'{ALVA};<script>alert("x")</script> Genererad;Skola A;ny;'))
    verified(client, gbg_coordinator)
    page = client.get(reverse("youth:conflicts")).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Genererad" in page
    assert "<script>alert" not in page


def test_the_persons_page_points_to_their_open_conflict(client, gbg_coordinator, imported, verified):
    again(gbg_coordinator, imported)
    alva = Person.objects.get(name="Alva Rättad Genererad")
    verified(client, gbg_coordinator)
    page = client.get(reverse("youth:person", kwargs={"pk": alva.pk})).content.decode()
    assert "skiljer sig från 1 uppgift som skrivits in för hand" in page
    own = client.get(reverse("youth:conflicts"), {"person": alva.pk}).content.decode()
    assert "Alva Genererad" in own and "inskrivet för hand" in own
    assert client.get(reverse("youth:conflicts"), {"person": alva.pk + 1000}).status_code == 404


def test_a_hand_edit_while_a_conflict_is_open_shows_there_or_settles_it(gbg_coordinator, imported):
    again(gbg_coordinator, imported)
    alva = Person.objects.get(name="Alva Rättad Genererad")
    edit = {"actor": gbg_coordinator, "municipality": imported, "person": alva, "identity_number": ALVA,
            "last_school": "Skola A"}  # fmt: skip
    people.save_person(**edit, name="Alva Andra Genererad")
    assert ImportConflict.objects.get().our_value == "Alva Andra Genererad"
    people.save_person(**edit, name="Alva Genererad")  # the coordinator comes round to the list
    assert ImportConflict.objects.get().resolution == "agreed"
