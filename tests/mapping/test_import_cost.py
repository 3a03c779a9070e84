"""What one import may cost (issue 8): it is validated before its transaction, writes in
bulk with a number of queries that does not grow with the file, and is bounded in rows
and bytes; the audit trail and the import's semantics stay as they were."""

import json

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kunskapsnod.mapping.models import Classification, Item, ItemActor, Priority
from kunskapsnod.mapping.services import DocumentError, import_prestudy


def _generated(municipalities: list[str], per_list: int) -> dict:
    """GENERATED needs and priorities with actors, classifications and sub-items."""
    klass = [{"version": 1, "teman": ["Samverkan"], "niva": "Förebyggande insatser"}]
    return {
        "kalla": "GENERERAD testdata",
        "behov_steg1": [
            {
                "kommun": name,
                "datum": "2026-01-01",
                "behov": [
                    {"text": f"GENERERAT behov {n}", "aktorer": ["skola"], "klassificering": klass, "delar": ["del"]}
                    for n in range(per_list)
                ],
            }
            for name in municipalities
        ],
        "prioriteringar_steg2": [
            {
                "kommun": name,
                "datum": "2026-01-02",
                "prioriteringar": [
                    {"text": f"GENERERAT behov {n}", "rang": n + 1, "pluppar": 3, "klassificering": klass}
                    for n in range(per_list)
                ],
            }
            for name in municipalities
        ],
    }


@pytest.fixture
def themes_v1(analysis_models):
    from kunskapsnod.mapping.models import AnalysisModel

    model = AnalysisModel.objects.get(version=1)
    return {t.name for t in model.themes.all()}, {level.name for level in model.levels.all()}


def _queries(actor, data) -> tuple[int, int]:
    """(reads and updates, inserts) that one import makes."""
    with CaptureQueriesContext(connection) as captured:
        import_prestudy(actor=actor, data=data)
    inserts = sum(q["sql"].startswith("INSERT") for q in captured.captured_queries)
    return len(captured) - inserts, inserts


def test_the_number_of_queries_does_not_grow_with_the_file(sjuharad_staff, themes_v1):
    assert "Samverkan" in themes_v1[0] and "Aktiva insatser" in themes_v1[1]
    small = _queries(sjuharad_staff, _generated(["Borås"], 3))
    large = _queries(sjuharad_staff, _generated(["Mark", "Ulricehamn", "Tranemo"], 200))
    rows = 3 * 200 * 3  # needs, their parts, priorities; each with actors, classifications, audit rows
    assert Item.objects.filter(municipality__slug="mark").count() == 400
    assert large[0] <= small[0] + 2, (small, large)  # one per extra municipality's permission check
    assert large[1] <= rows / 15, (small, large)  # bulk inserts in batches, never one per row
    rerun = _queries(sjuharad_staff, _generated(["Mark", "Ulricehamn", "Tranemo"], 200))
    assert rerun[0] <= large[0] + 5 and rerun[1] == 0  # nothing to write


def test_a_users_import_is_audited_row_by_row_in_bulk(sjuharad_staff, themes_v1):
    import_prestudy(actor=sjuharad_staff, data=_generated(["Borås"], 2))
    need = Item.objects.get(text="GENERERAT behov 0")
    created = LogEntry.objects.get_for_object(need).get()
    assert (created.action, created.actor) == (LogEntry.Action.CREATE, sjuharad_staff)
    assert created.changes["text"] == ["None", "GENERERAT behov 0"]
    # A new item's one row names its actors and classification.
    assert created.changes["aktorer"] == ["None", "skola"]
    assert created.changes["klassificering"] == ["None", "v1: Samverkan (Förebyggande insatser)"]
    priority_log = LogEntry.objects.get_for_object(Priority.objects.get(rank=1))
    assert priority_log.get(action=LogEntry.Action.CREATE).actor == sjuharad_staff

    changed = _generated(["Borås"], 2)
    changed["behov_steg1"][0]["behov"][0].update(text="Ändrat behov", aktorer=["polis"])
    import_prestudy(actor=sjuharad_staff, data=changed)
    update = LogEntry.objects.get_for_object(need).filter(action=LogEntry.Action.UPDATE).get()
    assert update.changes["text"] == ["GENERERAT behov 0", "Ändrat behov"]
    assert sorted(ItemActor.objects.filter(item=need).values_list("actor", flat=True)) == ["polis"]
    assert LogEntry.objects.filter(action=LogEntry.Action.DELETE, content_type__model="itemactor").count() == 1


def test_a_system_import_writes_no_audit_rows(themes_v1):
    import_prestudy(actor=None, data=_generated(["Borås"], 2))
    assert Item.objects.exists()
    written = ["source", "item", "itemactor", "classification", "priority"]
    assert not LogEntry.objects.filter(content_type__model__in=written).exists()


def test_reimporting_a_changed_classification_keeps_the_old_one_as_history(sjuharad_staff, themes_v1):
    import_prestudy(actor=sjuharad_staff, data=_generated(["Borås"], 1))
    data = _generated(["Borås"], 1)
    data["behov_steg1"][0]["behov"][0]["klassificering"][0]["niva"] = "Aktiva insatser"
    summary = import_prestudy(actor=sjuharad_staff, data=data)
    need = Item.objects.get(text="GENERERAT behov 0")
    levels = list(Classification.objects.filter(item=need).order_by("pk").values_list("level__name", "is_current"))
    assert levels == [("Förebyggande insatser", False), ("Aktiva insatser", True)]
    assert (summary.created, summary.updated) == (0, 0)  # the item's own fields did not change
    assert import_prestudy(actor=sjuharad_staff, data=data).created == 0
    assert Classification.objects.filter(item=need).count() == 2


def test_a_file_over_the_row_cap_is_refused_before_anything_is_written(settings, sjuharad_staff, themes_v1):
    settings.IMPORT_MAX_ROWS = 10
    with pytest.raises(DocumentError, match="fler än 10 poster"):
        import_prestudy(actor=sjuharad_staff, data=_generated(["Borås"], 4))  # 4 needs + 4 parts + 4 priorities
    assert not Item.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_spreadsheet_over_the_row_cap_is_refused_with_a_message(settings, client, sjuharad_staff, themes_v1, fmt):
    from kunskapsnod.mapping.services import WRITERS

    content = WRITERS[fmt](_generated(["Borås"], 30))
    settings.IMPORT_MAX_ROWS = 25
    client.force_login(sjuharad_staff)
    response = client.post(reverse("mapping:import"), {"file": SimpleUploadedFile(f"stor.{fmt}", content)})
    assert response.status_code == 200
    assert "fler än 25 poster" in response.content.decode()
    assert not Item.objects.exists()


def test_a_file_over_the_size_cap_is_refused(settings, client, sjuharad_staff, themes_v1):
    settings.IMPORT_MAX_BYTES = 1000
    client.force_login(sjuharad_staff)
    content = json.dumps(_generated(["Borås"], 30)).encode()
    response = client.post(reverse("mapping:import"), {"file": SimpleUploadedFile("stor.json", content)})
    assert response.status_code == 200
    assert "Filen är större än" in response.content.decode()
    assert not Item.objects.exists()


def test_a_write_between_planning_and_saving_makes_it_plan_again(monkeypatch, sjuharad_staff, themes_v1):
    """The plan is made without a lock; someone importing the same lists meanwhile must
    not lead to doubled rows."""
    from kunskapsnod.mapping.services.upsert import Writer

    data = _generated(["Borås"], 5)
    plan, interrupted = Writer.plan, []

    def plan_then_someone_else_imports(self, document):
        plan(self, document)
        if not interrupted:
            interrupted.append(True)
            import_prestudy(actor=None, data=data)

    monkeypatch.setattr(Writer, "plan", plan_then_someone_else_imports)
    summary = import_prestudy(actor=sjuharad_staff, data=data)
    assert Item.objects.filter(parent__isnull=True).count() == 5
    assert Priority.objects.count() == 5
    assert summary.created == 0 and summary.unchanged == 15
