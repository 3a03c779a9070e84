"""Shared fixtures: the real region hierarchy and the personas every permission test uses.

Personas (docs/architecture.md): a Borås editor, a Borås reader, a Mark editor, a Sjuhärad node
coordinator, a Göteborgsregionen node coordinator and an administrator.

Also the suite's infrastructure, for every app's tests (see "Test infrastructure" below):
database-free tests run once, in the SQLite pass; a file-based SQLite test database when
a live server runs; Hypothesis profiles."""

import io
import os
import tempfile
from importlib import import_module
from pathlib import Path

import pytest
from auditlog.context import disable_auditlog
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.db.models.signals import post_migrate
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from kunskapsnod.accounts.models import Role
from kunskapsnod.accounts.services import create_user
from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.services import import_regions
from personas import PASSWORD

# --- Test infrastructure --------------------------------------------------------------------

# Hypothesis: "ci" (the default) has no per-example deadline and no too-slow health check,
# which only measure how loaded a shared 2-core machine is; "deep" searches 20 times longer,
# for a run before a release or after changing a parser: HYPOTHESIS_PROFILE=deep pytest ... .
# A test's own @settings(max_examples=...) overrides the profile's count.
hypothesis_settings.register_profile(
    "ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.register_profile(
    "deep", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
hypothesis_settings.load_profile(HYPOTHESIS_PROFILE)

BROWSER_TESTS = Path(__file__).resolve().parent / "browser"

# Fixtures that give a test the database under test (pytest's closure of a test's fixtures
# includes those its fixtures request, so a test that takes `regions` uses `db`).
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "django_db_setup",  # e.g. a module-scoped fixture that commits data through django_db_blocker
    }
)


def uses_the_database(item: pytest.Item) -> bool:
    """Whether a test can reach the database under test. pytest-django blocks database
    access for every other test, so a test without these fixtures, the django_db marker
    or a Django TestCase with databases cannot depend on the engine; the marker
    `database_under_test` declares the rest (a subprocess given the test's DATABASE_URL)."""
    if DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())):
        return True
    if item.get_closest_marker("django_db") or item.get_closest_marker("database_under_test"):
        return True
    cls = getattr(item, "cls", None)
    return bool(cls is not None and getattr(cls, "databases", None))


def _delete_rows_when_flushing_postgresql() -> None:
    """After a transactional test (live server, browser) Django empties every table with one
    TRUNCATE of all ~50 tables. On PostgreSQL that costs 0.5–4 s a test, as TRUNCATE makes
    new files for every table and index; the few rows a test leaves are deleted in 0.1 s.
    Django's foreign keys on PostgreSQL are DEFERRABLE INITIALLY DEFERRED and the flush runs
    in one transaction, so the order of the DELETEs does not matter. Tests only; resetting
    sequences or cascading keeps Django's TRUNCATE."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};" for table in tables]

    DatabaseOperations.sql_flush = sql_flush


_delete_rows_when_flushing_postgresql()


def _seed_again_after_a_flush(**kwargs) -> None:
    """A transactional test (live server, browser) ends with a flush that empties every
    table, also what a data migration put there: the shipped synonym list. The flush sends
    post_migrate; put the list back as `migrate` left it, so the next test in the same worker
    sees the database every other test sees."""
    from django.apps import apps

    if kwargs.get("app_config") is not None and kwargs["app_config"].label == "search":
        import_module("kunskapsnod.search.migrations.0002_seed_synonyms").seed(apps, None)


post_migrate.connect(_seed_again_after_a_flush, dispatch_uid="tests-seed-again-after-a-flush")


def _sqlite_under_test() -> bool:
    return connections["default"].vendor == "sqlite"


def pytest_collection_modifyitems(config, items):
    if any("live_server" in getattr(item, "fixturenames", ()) for item in items):
        _use_a_file_for_the_sqlite_test_database()
    if not _sqlite_under_test():
        _deselect_database_free_tests(config, items)


def _deselect_database_free_tests(config, items):
    """`make test` runs the suite on SQLite, then on PostgreSQL. A test that cannot reach
    the database gives the same answer in both passes, so the PostgreSQL pass leaves it out.

    So does a browser test, unless marked `postgres_too`: the browser walks check what the
    pages look like and how their scripts behave (layout, keyboard, axe, CSP), which the
    engine does not change, while every query behind those pages runs on PostgreSQL in the
    non-browser tests of the same pass. They were 40 % of each pass; the two-core CI budget
    is spent on engine-dependent tests instead. A browser test whose outcome can depend on
    the engine (concurrent requests, locking, push) carries the marker."""
    twice = [item for item in items if uses_the_database(item) and (not _is_browser_test(item) or _postgres_too(item))]
    if len(twice) < len(items):
        kept = set(map(id, twice))
        config.hook.pytest_deselected(items=[item for item in items if id(item) not in kept])
        config._database_free_deselected = len(items) - len(twice)
        items[:] = twice


def _is_browser_test(item: pytest.Item) -> bool:
    return BROWSER_TESTS in Path(str(item.path)).parents


def _postgres_too(item: pytest.Item) -> bool:
    return item.get_closest_marker("postgres_too") is not None


def pytest_report_header(config):
    engine = connections["default"].vendor
    note = (
        ""
        if _sqlite_under_test()
        else "; tests that use no database, and browser tests not marked postgres_too, are deselected"
        " (they run in the SQLite pass)"
    )
    return f"database under test: {engine}{note}; hypothesis profile: {HYPOTHESIS_PROFILE}"


def _sqlite_test_file() -> Path:
    return Path(tempfile.gettempdir()) / f"kunskapsnod-test-{os.getpid()}.sqlite3"


def _use_a_file_for_the_sqlite_test_database():
    """live_server works on SQLite's in-memory test database only by handing every server
    thread the test thread's ONE connection, so a page's parallel requests (HTMX polling)
    and the test's own ORM calls would interleave transactions on it and BEGIN IMMEDIATE
    could serialise nothing. A file gives each thread its own connection, as in production.
    The name carries the process id, so parallel runs never share it (pytest-django appends
    the xdist worker suffix). An explicit TEST NAME is left alone."""
    database = settings.DATABASES["default"]
    if not _sqlite_under_test() or database.get("TEST", {}).get("NAME"):
        return
    database.setdefault("TEST", {})["NAME"] = str(_sqlite_test_file())


def pytest_sessionfinish(session):
    # Django deletes the database file itself but not SQLite's -wal and -shm companions.
    file = _sqlite_test_file()
    for leftover in file.parent.glob(file.name + "*"):
        leftover.unlink(missing_ok=True)


# --- Shared fixtures --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def committed_demo(django_db_setup, django_db_blocker):
    """What `make demo` loads, loaded once for a test module and committed (4 s a load); each
    test's own rows still roll back. Emptied when the module is done, as a transactional test
    leaves the database, so the next module starts from the empty database."""
    from kunskapsnod.demo import load_all

    with django_db_blocker.unblock():
        load_all(io.StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def regions(db):
    """The 50 municipalities, four associations, two counties and Riket from data/: shipped
    data present before the test begins, so not audited (auditing its ~140 rows took about
    half of a typical permission test's time)."""
    if not Organisation.objects.exists():
        _RegionCopy.load()
    return Organisation.objects


class _RegionCopy:
    """The hierarchy as `import_regions` leaves it, imported for real once per worker and
    then written again with one INSERT per level of the tree: the import's ~300 queries
    (and the search index's membership signals) took 0.15 s of nearly every test on
    PostgreSQL, about two minutes of each CI pass."""

    levels: list[list[Organisation]] | None = None
    memberships: list[tuple[int, int]] = []

    @classmethod
    def load(cls) -> None:
        from kunskapsnod.regions.models import Membership

        if cls.levels is None:
            with disable_auditlog():
                import_regions(settings.DATA_DIR / "regions.csv")
            cls._remember(Membership)
            return
        new_pk = {}
        for level in cls.levels:
            copies = [cls._copy(organisation, new_pk) for organisation in level]
            for organisation, copy in zip(level, Organisation.objects.bulk_create(copies), strict=True):
                new_pk[organisation.pk] = copy.pk
        Membership.objects.bulk_create(
            Membership(association_id=new_pk[association], member_id=new_pk[member])
            for association, member in cls.memberships
        )

    @classmethod
    def _remember(cls, membership_model) -> None:
        by_parent: dict[int | None, list[Organisation]] = {}
        for organisation in Organisation.objects.order_by("pk"):
            by_parent.setdefault(organisation.parent_id, []).append(organisation)
        levels, parents = [], {None}
        while parents:
            level = [organisation for parent in parents for organisation in by_parent.get(parent, [])]
            if level:
                levels.append(level)
            parents = {organisation.pk for organisation in level}
        cls.levels = levels
        cls.memberships = list(membership_model.objects.order_by("pk").values_list("association_id", "member_id"))

    @staticmethod
    def _copy(organisation: Organisation, new_pk: dict[int, int]) -> Organisation:
        fields = {f.attname: getattr(organisation, f.attname) for f in Organisation._meta.concrete_fields}
        fields.pop("id")
        if fields["parent_id"] is not None:
            fields["parent_id"] = new_pk[fields["parent_id"]]
        return Organisation(**fields)


@pytest.fixture
def org(regions):
    def by_slug(slug: str) -> Organisation:
        return Organisation.objects.get(slug=slug)

    return by_slug


def _persona(username, role, organisation):
    return create_user(
        username=username, password=PASSWORD, role=role, organisation=organisation, email=f"{username}@example.org"
    )


@pytest.fixture
def boras_editor(org):
    return _persona("alice", Role.EDITOR, org("boras"))


@pytest.fixture
def boras_reader(org):
    return _persona("bob", Role.READER, org("boras"))


@pytest.fixture
def mark_editor(org):
    return _persona("charlie", Role.EDITOR, org("mark"))


@pytest.fixture
def sjuharad_staff(org):
    return _persona("diana", Role.NODE_STAFF, org("sjuharad"))


@pytest.fixture
def gr_staff(org):
    return _persona("erik", Role.NODE_STAFF, org("goteborgsregionen"))


@pytest.fixture
def administrator(regions):
    from kunskapsnod.accounts.models import User

    demo_admin = User.objects.filter(username="admin").first()  # with `committed_demo`
    if demo_admin is None:
        return _persona("admin", Role.ADMINISTRATOR, None)
    demo_admin.set_password(PASSWORD)  # rolled back with the test
    demo_admin.save(update_fields=["password"])
    return demo_admin


@pytest.fixture
def personas(boras_editor, boras_reader, mark_editor, sjuharad_staff, gr_staff, administrator):
    return {
        "boras_editor": boras_editor,
        "boras_reader": boras_reader,
        "mark_editor": mark_editor,
        "sjuharad_staff": sjuharad_staff,
        "gr_staff": gr_staff,
        "administrator": administrator,
    }
