"""The mapping import (``import_prestudy``) against a raw bulk insert of the same rows into
the same table, in the same run, and how long a participant's note waits meanwhile.

    .venv/bin/python bench/mapping_import.py                     # SQLite, /tmp file
    DATABASE_URL=postgres://kunskapsnod:kunskapsnod@127.0.0.1:5432/kunskapsnod_bench_mapping \\
        .venv/bin/python bench/mapping_import.py
    .venv/bin/python bench/mapping_import.py --tiny              # 200 rows: seconds (the tests run this)

The database must be a throwaway one: its name has to contain "bench" (the script drops
and creates it, or deletes the SQLite file, and migrates it). The document is GENERATED
(needs "GENERERAT behov …" spread over the real municipalities, each with one actor and one
classification in version 2 of the real analysis model, plus each municipality's ranked
list of the same texts); regions and the analysis model are the real ones.

Figures, for ``--rows`` items plus as many priorities:

* baseline: ``bulk_create`` of the same need rows into the mapping's item table (objects
  built untimed), then emptied again;
* the import by a signed-in user (validation, permission, lookups, upsert, actors,
  classifications, priorities, audit rows) into the empty tables, and its rows/s over the
  items and priorities it wrote; ratio = import rows/s ÷ baseline rows/s;
* the same import again (everything unchanged: reads and compares, writes nothing);
* while the first import runs, another process adds a workshop note every 20 ms (each its
  own short write transaction, as a participant's phone would): the longest wait is what
  the slowest participant felt.
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

from _benchdb import setup_bench_database

DEFAULT_URL = "sqlite:////tmp/kunskapsnod-bench-mapping.sqlite3"
TINY_ROWS = 200


def _document(rows: int) -> dict:
    from kunskapsnod.mapping.models import AnalysisModel
    from kunskapsnod.regions.models import Organisation

    model = AnalysisModel.objects.get(version=2)
    theme, level = model.themes.first().name, model.levels.first().name
    names = list(Organisation.objects.municipalities().order_by("name").values_list("name", flat=True))
    per = -(-rows // len(names))
    needs, priorities = [], []
    for index, name in enumerate(names):
        count = min(per, rows - index * per)
        if count <= 0:
            break
        texts = [f"GENERERAT behov {n} i {name}" for n in range(count)]
        classification = [{"version": 2, "teman": [theme], "niva": level}]
        needs.append(
            {
                "kommun": name,
                "datum": "2026-01-15",
                "kalla": "GENERERAD workshop",
                "behov": [{"text": t, "aktorer": ["skola"], "klassificering": classification} for t in texts],
            }
        )
        priorities.append(
            {
                "kommun": name,
                "datum": "2026-02-15",
                "prioriteringar": [{"text": t, "rang": n + 1, "pluppar": n % 7} for n, t in enumerate(texts)],
            }
        )
    return {"kalla": "GENERERAD benchdata", "behov_steg1": needs, "prioriteringar_steg2": priorities}


def _baseline(document: dict) -> float:
    """rows/s of a bulk_create of the same need rows into the same table."""
    from django.db import transaction

    from kunskapsnod.mapping.models import Item, Kind, Source
    from kunskapsnod.regions.models import Organisation

    by_name = {m.name: m for m in Organisation.objects.municipalities()}
    objects = []
    for block in document["behov_steg1"]:
        source = Source.objects.create(municipality=by_name[block["kommun"]], label="baseline", date=date(2026, 1, 1))
        objects += [
            Item(kind=Kind.NEED, text=e["text"], municipality=source.municipality, source=source, position=n)
            for n, e in enumerate(block["behov"], start=1)
        ]
    started = time.perf_counter()
    with transaction.atomic():
        Item.objects.bulk_create(objects)
    seconds = time.perf_counter() - started
    Item.objects.all().delete()
    Source.objects.all().delete()
    label = "bulk_create of the same item rows (baseline)"
    print(f"  {label:<52} {seconds:8.2f} s {len(objects) / seconds:10,.0f} rows/s")
    return len(objects) / seconds


class _NoteProbe:
    """Another process (as a second gunicorn worker would be) adds a workshop note every
    20 ms, each its own short write transaction, and reports how long each waited."""

    def __init__(self, actor) -> None:
        from kunskapsnod.regions.models import Organisation
        from kunskapsnod.workshops import services

        workshop = services.create_workshop(
            actor=actor, organisation=Organisation.objects.get(slug="boras"), title="GENERERAD bench-workshop"
        )
        people = [services.join_workshop(workshop=workshop).pk for _ in range(40)]
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--probe-notes", ",".join(map(str, people))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def finish(self) -> tuple[list[float], int]:
        """Stop the other process; its waits (sorted) and how many notes failed."""
        out, _ = self.process.communicate("stop\n", timeout=120)
        report = json.loads(out)
        return sorted(report["waits"]), report["failed"]


def _probe_notes(participants: str) -> None:
    """The other process: Django on the same database (the parent's environment)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from kunskapsnod.workshops import services
    from kunskapsnod.workshops.models import Participant

    people = list(Participant.objects.filter(pk__in=[int(p) for p in participants.split(",")]))
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
    print("ready", flush=True)
    waits, failed, n = [], 0, 0
    while not stop.is_set():
        started = time.perf_counter()
        try:
            services.add_note(participant=people[(n // 40) % len(people)], text=f"GENERERAD lapp {n}")
        except Exception:
            failed += 1
        waits.append(time.perf_counter() - started)
        n += 1
        time.sleep(0.02)
    print(json.dumps({"waits": waits, "failed": failed}))


def _import(document: dict, actor, label: str, rows: int, probe: bool = False) -> float:
    from kunskapsnod.mapping.services import import_prestudy

    note = _NoteProbe(actor) if probe else None
    started = time.perf_counter()
    summary = import_prestudy(actor=actor, data=document)
    seconds = time.perf_counter() - started
    print(f"  {label:<52} {seconds:8.2f} s {rows / seconds:10,.0f} rows/s  ({summary})")
    if note:
        time.sleep(0.2)
        waits, failed = note.finish()
        print(
            f"  {'another process adding workshop notes meanwhile':<52} {len(waits)} notes, "
            f"longest wait {waits[-1] * 1000:.0f} ms, median {waits[len(waits) // 2] * 1000:.0f} ms, "
            f"{failed} failed"
        )
    return rows / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5_000, help="items (and as many priorities); default 5,000")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--tiny", action="store_true", help=f"{TINY_ROWS} rows (seconds; the tests run this)")
    parser.add_argument("--probe-notes", help=argparse.SUPPRESS)  # the note-writing other process
    args = parser.parse_args()
    if args.probe_notes:
        return _probe_notes(args.probe_notes)
    if args.tiny:
        args.rows = TINY_ROWS
    os.environ.setdefault("KUNSKAPSNOD_IMPORT_MAX_ROWS", str(max(10_000, 2 * args.rows)))
    setup_bench_database(args.database_url)
    from django.conf import settings
    from django.db import connection

    from kunskapsnod.accounts.models import Role
    from kunskapsnod.accounts.services import create_user
    from kunskapsnod.mapping.services import load_analysis_models
    from kunskapsnod.regions.services import import_regions

    import_regions(settings.DATA_DIR / "regions.csv")
    load_analysis_models(settings.DATA_DIR / "analysmodell.json")
    staff = create_user(
        username="bench-staff", password="bench-only-" + "x" * 20, role=Role.ADMINISTRATOR, organisation=None
    )
    document = _document(args.rows)
    written = 2 * args.rows
    print(f"mapping import of {args.rows:,} GENERATED needs + {args.rows:,} priorities on {connection.vendor}")
    baseline = _baseline(document)
    ours = _import(document, staff, "import_prestudy by a user (empty tables)", written, probe=True)
    again = _import(document, staff, "the same import again (all unchanged)", written)
    print(f"  ratio import/baseline: {ours / baseline:.2f}; idempotent re-run/baseline: {again / baseline:.2f}")


if __name__ == "__main__":
    main()
