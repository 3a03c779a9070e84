"""The nightly Kolada refresh (`kunskapsnod kolada refresh`, the scheduled job
kolada-refresh): it asks Kolada only for what changed since the last refresh, only for the
KPIs and areas the installation holds, records what Kolada revised (old -> new) and
says so in its summary, which becomes the job run's record. Kolada is the recorded real
v3 answer (data/kolada/v3-N02797-sjuharad.json) behind a mock transport: never the network."""

import datetime as dt
import json

import httpx
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from kunskapsnod.indicators.kolada import KoladaClient
from kunskapsnod.indicators.models import ImportBatch, Value, ValueRevision
from kunskapsnod.indicators.services import sync
from kunskapsnod.indicators.services.importing import import_kolada_values
from kunskapsnod.indicators.services.parsing import parse_kolada_json
from kunskapsnod.operations.models import RunStatus
from kunskapsnod.operations.services import run_job

RECORDED = settings.DATA_DIR / "kolada" / "v3-N02797-sjuharad.json"
V3 = json.loads(RECORDED.read_text("utf-8"))
HELD = ("1490", "1466", "0014")  # the areas this installation holds values of


class Kolada:
    """Kolada v3 as recorded, with ``changes`` applied; with ``from_date`` it answers only
    the values changed since (as Kolada does), and remembers every request."""

    def __init__(self, changes=None):
        self.changes, self.requests = changes or {}, []
        self.client = KoladaClient(transport=httpx.MockTransport(self.handle), sleep=lambda s: None)

    def handle(self, request):
        self.requests.append(request.url)
        parts = request.url.path.split("/")
        kpis = set(parts[parts.index("kpi") + 1].split(","))
        areas = set(parts[parts.index("municipality") + 1].split(","))
        since = request.url.params.get("from_date")
        items = []
        for item in json.loads(json.dumps(V3["values"])):
            if item["kpi"] not in kpis or item["municipality"] not in areas:
                continue
            entries = []
            for entry in item["values"]:
                change = self.changes.get((item["municipality"], item["period"], entry["gender"]))
                entry.update(change or {})
                if since is None or change is not None:
                    entries.append(entry)
            if entries:
                items.append({**item, "values": entries})
        return httpx.Response(200, json={"values": items, "count": len(items), "next_url": None})


def recorded(area, period, gender):
    item = next(i for i in V3["values"] if i["municipality"] == area and i["period"] == period)
    return next(e["value"] for e in item["values"] if e["gender"] == gender)


@pytest.fixture
def held(indicators):
    """The recorded values of three areas, imported from a file saved three days ago."""
    rows = [
        row for row in parse_kolada_json(RECORDED.read_text("utf-8"), file="saved.json") if row.municipality in HELD
    ]
    saved = timezone.now() - dt.timedelta(days=3)
    import_kolada_values(rows=rows, source="saved.json", file="saved.json", fetched_at=saved)
    return saved


def test_it_fetches_only_changes_since_the_oldest_retrieval_for_what_is_held_and_records_revisions(held):
    kolada = Kolada(
        changes={("1490", 2018, "T"): {"value": 9.5}, ("0014", 2018, "K"): {"value": None, "status": "Missing"}}
    )
    summary = sync.refresh_kolada_values(client=kolada.client)

    expected_since = (timezone.localtime(held) - dt.timedelta(days=1)).date()
    assert [url.params.get("from_date") for url in kolada.requests] == [expected_since.isoformat()]
    assert "/data/kpi/N02797/municipality/0014,1466,1490" in str(kolada.requests[0])  # held areas only
    assert summary.imported.updated == 2 and summary.imported.created == 0
    assert ValueRevision.objects.count() == 2
    text = str(summary)
    assert f"changed since {expected_since}" in text
    assert f"revised N02797 1490 Borås 2018 T: {recorded('1490', 2018, 'T'):g} -> 9.5" in text
    assert f"revised N02797 0014 Västra Götalands län 2018 K: {recorded('0014', 2018, 'K'):g} -> (Missing)" in text
    assert Value.objects.get(area__kolada_id="1490", period=2018, gender="T").value == 9.5


def test_the_next_refresh_starts_from_the_last_one_and_a_quiet_night_changes_nothing(held):
    sync.refresh_kolada_values(client=Kolada().client)
    last = ImportBatch.objects.get(source=sync.REFRESH_SOURCE)
    kolada = Kolada()
    summary = sync.refresh_kolada_values(client=kolada.client)
    assert (
        kolada.requests[0].params["from_date"]
        == (timezone.localtime(last.started_at) - dt.timedelta(days=1)).date().isoformat()
    )
    assert (summary.imported.created, summary.imported.updated) == (0, 0)
    assert not ValueRevision.objects.exists()


def test_an_installation_without_kolada_values_asks_kolada_nothing(indicators):
    kolada = Kolada()
    assert "nothing to refresh" in str(sync.refresh_kolada_values(client=kolada.client))
    assert kolada.requests == []


def test_the_scheduled_job_records_the_summary_of_the_command(held, monkeypatch):
    kolada = Kolada(changes={("1466", 2017, "M"): {"value": 1.25}})
    monkeypatch.setattr(sync, "KoladaClient", lambda: kolada.client)
    run = run_job(name="kolada-refresh")
    assert run.status == RunStatus.SUCCEEDED
    assert "Kolada refresh: 1 KPIs x 3 areas held here" in run.summary
    assert "revised N02797 1466" in run.summary and "-> 1.25" in run.summary


def test_the_scheduled_job_mails_what_changed_to_whom_is_configured(held, monkeypatch, settings, mailoutbox):
    kolada = Kolada(changes={("1466", 2017, "M"): {"value": 1.25}})
    monkeypatch.setattr(sync, "KoladaClient", lambda: kolada.client)
    settings.ADMINS, settings.KOLADA_SUMMARY_TO = [], [("", "statistik@example.se")]
    run = run_job(name="kolada-refresh")
    assert [(mail.to, mail.subject) for mail in mailoutbox] == [
        (["statistik@example.se"], "[Kunskapsnod] Jobbet kolada-refresh: vad som ändrades")
    ]
    assert "revised N02797 1466" in mailoutbox[0].body and "-> 1.25" in mailoutbox[0].body
    assert f"/drift/korning/{run.pk}/" in mailoutbox[0].body
    settings.KOLADA_SUMMARY_TO = []
    monkeypatch.setattr(sync, "KoladaClient", lambda: Kolada().client)
    run_job(name="kolada-refresh")
    assert len(mailoutbox) == 1  # nobody configured: no mail


def test_the_command_takes_a_day_to_start_from(held, monkeypatch, capsys):
    kolada = Kolada()
    monkeypatch.setattr(sync, "KoladaClient", lambda: kolada.client)
    call_command("kolada", "refresh", "--since", "2026-01-31")
    assert "changed since 2026-01-31" in capsys.readouterr().out
    assert kolada.requests[0].params["from_date"] == "2026-01-31"
