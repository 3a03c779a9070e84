"""The youth module's imports: a 10,000-row absence file and a 5,000-person KAA list,
against reading the same file alone (CSV parsing into rows, the baseline), in the same run.

    .venv/bin/python bench/youth_import.py                   # SQLite, /tmp file
    DATABASE_URL=postgres://kunskapsnod:kunskapsnod@127.0.0.1:5432/kunskapsnod_bench_youth \\
        .venv/bin/python bench/youth_import.py
    .venv/bin/python bench/youth_import.py --tiny            # 200 rows: seconds (the tests run this)

The database must be a throwaway one (its name contains "bench"). Every person and pupil
is GENERATED (kunskapsnod.youth.generated: Luhn-valid numbers of made-up people named
"… Genererad …"); the keys are generated for the run. Figures per file: the baseline
(parse only), the import into empty tables (validation, keyed hashes, encryption,
permission, bulk writes, access-log rows, flags), the same import again (every row found
again), ratio = import time ÷ parse time; then, in a separate untimed call each, the peak
Python memory (tracemalloc) of parsing and of an import.
"""

import argparse
import os
import secrets
import sys
import time
import tracemalloc

from _benchdb import setup_bench_database

DEFAULT_URL = "sqlite:////tmp/kunskapsnod-bench-youth.sqlite3"


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def _peak(function) -> int:
    """Peak Python memory of one call (tracemalloc slows the call, so it is not timed)."""
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def _bench(title: str, data: bytes, rows: int, importer, aliases, required, actor, municipality) -> None:
    from kunskapsnod.youth.services.files import read_table

    def parse():
        return read_table(data, aliases=aliases, required=required)

    def load():
        return importer(actor=actor, municipality=municipality, data=data)

    print(f"{title}: {rows:,} rows, {len(data) / 2**20:.2f} MiB")
    baseline = _timed(parse)
    print(f"  {'baseline: parse only':<30} {baseline:8.3f} s {rows / baseline:10,.0f} rows/s")
    for label in ("import into empty tables", "import again (all matched)"):
        seconds = _timed(load)
        print(f"  {label:<30} {seconds:8.3f} s {rows / seconds:10,.0f} rows/s  ratio {seconds / baseline:6.1f}")
    parse_peak, import_peak = _peak(parse), _peak(load)
    print(f"  peak Python memory: parse {parse_peak / 2**20:.1f} MiB, import {import_peak / 2**20:.1f} MiB "
          f"(ratio {import_peak / parse_peak:.1f})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiny", action="store_true", help="200 rows each")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()
    from cryptography.fernet import Fernet

    os.environ.update(
        {
            "KUNSKAPSNOD_YOUTH": "1",
            "KUNSKAPSNOD_YOUTH_FERNET_KEYS": Fernet.generate_key().decode(),
            "KUNSKAPSNOD_YOUTH_HMAC_KEY": secrets.token_urlsafe(32),
        }
    )
    setup_bench_database(args.database_url)
    from django.conf import settings
    from django.db import connection

    from kunskapsnod.accounts.models import Role
    from kunskapsnod.accounts.services import create_user
    from kunskapsnod.regions.models import Organisation
    from kunskapsnod.regions.services import import_regions
    from kunskapsnod.youth import generated
    from kunskapsnod.youth.services import imports
    from kunskapsnod.youth.services.people import grant_coordinator

    import_regions(settings.DATA_DIR / "regions.csv")
    municipality = Organisation.objects.get(slug="goteborg")
    admin = create_user(
        username="bench-admin", password=secrets.token_urlsafe(16), role=Role.ADMINISTRATOR, organisation=None
    )
    actor = create_user(
        username="bench-samordnare", password=secrets.token_urlsafe(16), role=Role.READER, organisation=municipality
    )
    grant_coordinator(actor=admin, user=actor, municipality=municipality)
    pupils, people = (100, 200) if args.tiny else (5_000, 5_000)
    print(f"database: {connection.vendor}; generated people only")
    absence = generated.absence_csv(pupils).encode()
    _bench("absence", absence, 2 * pupils, imports.import_absence, imports.ABSENCE_COLUMNS,
           ("elev", "skola", "period", "lektioner", "giltig", "ogiltig"), actor, municipality)  # fmt: skip
    kaa = generated.kaa_csv(people).encode()
    _bench("KAA list", kaa, people, imports.import_kaa_list, imports.KAA_COLUMNS, ("personnummer", "namn"),
           actor, municipality)  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
