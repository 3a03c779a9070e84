"""Fixtures of the indicators tests.

Loading all 6,100 KPIs writes 3.5 MB and took 1.5–4 s, in every test that asked for them.
Now the data is committed once and kept while consecutive tests of a module ask for it:
each test still runs in its own rolled-back transaction on top of it. Whoever did not ask
for it does not see it: before a database test without ``indicators``/``stored_values``
the committed rows are removed (and loaded again for the next test that asks), and they
are removed when the module is done, so other modules — also other apps' tests on the same
xdist worker — start from an empty database as before. A transactional test flushes the
database; the next test then finds the data missing and loads it again."""

import copy

import pytest
from django.conf import settings
from django.db import connection

from kunskapsnod.indicators.models import ImportBatch, Indicator, Value, ValueRevision
from kunskapsnod.indicators.services import import_kolada_values, load_indicator_metadata, read_values_file
from kunskapsnod.regions.models import Membership, Organisation
from kunskapsnod.regions.services import import_regions

VALUES_CSV = settings.DATA_DIR / "kolada" / "values.csv"


class _Committed:
    """What this module committed, so that removing takes exactly that away."""

    active: "_Committed | None" = None

    def __init__(self):
        self.regions = self.metadata = self.values = False
        self.kpis = self.value_count = 0
        self.loads = getattr(self, "loads", 0)  # how often the metadata was loaded (test_fixtures.py)

    def _metadata_present(self) -> bool:
        return Organisation.objects.exists() and 0 < self.kpis == Indicator.objects.count()

    def ensure(self, *, values: bool) -> None:
        """Regions and KPI metadata present; the values present exactly when ``values``."""
        if not self._metadata_present():
            if not Organisation.objects.exists():
                import_regions(settings.DATA_DIR / "regions.csv")
                self.regions = True
            if not Indicator.objects.exists():
                load_indicator_metadata()
                self.metadata = True
                self.loads += 1
            self.kpis = Indicator.objects.count()
        if values and not (0 < self.value_count == Value.objects.count()):
            self._remove_values()
            import_kolada_values(rows=read_values_file(VALUES_CSV), source="values.csv")
            self.values, self.value_count = True, Value.objects.count()
        elif not values and self.values:
            self._remove_values()

    def _remove_values(self) -> None:
        _delete(ValueRevision, Value, ImportBatch)
        self.values, self.value_count = False, 0

    def remove(self) -> None:
        if self.values or self.metadata:
            self._remove_values()
        if self.metadata:
            _delete(Indicator)
        if self.regions:
            _delete(Membership, Organisation)
        self.__init__()


def _delete(*models) -> None:
    # Plain SQL deletes, in this order: the collector would first read every row and visit
    # every relation, and nothing else refers to these rows (tests roll theirs back).
    for model in models:
        model.objects.all()._raw_delete(model.objects.db)


@pytest.fixture(scope="module")
def _committed(django_db_setup, django_db_blocker):
    committed = _Committed.active = _Committed()
    yield committed
    with django_db_blocker.unblock():
        committed.remove()
    _Committed.active = None


def _uses_db(request) -> bool:
    return "django_db_setup" in request.fixturenames or request.node.get_closest_marker("django_db") is not None


@pytest.fixture(autouse=True)
def _committed_data(request, django_db_blocker):
    """Runs before the test's own transaction begins (autouse), so what it loads is
    committed and what it removes is gone. Should a transaction already be open (a
    ``django_db`` mark), the same happens inside it: slower, never wrong."""
    wanted = {"indicators", "stored_values"} & set(request.fixturenames)
    if wanted:
        committed = request.getfixturevalue("_committed")
    elif _Committed.active is not None and _uses_db(request):
        committed = _Committed.active
    else:
        return
    with django_db_blocker.unblock():
        if connection.in_atomic_block:
            # Whatever happens now is rolled back with the test: keep the record unchanged.
            committed = copy.copy(committed)
        if wanted:
            committed.ensure(values="stored_values" in wanted)
        else:
            committed.remove()


@pytest.fixture
def indicators(regions):
    """All Kolada KPI metadata and the real region hierarchy (no values)."""
    return regions


@pytest.fixture
def stored_values(indicators):
    """``indicators`` plus the 9,480 values of data/kolada/values.csv."""
    return Value.objects


@pytest.fixture
def reader(client, boras_reader):
    """A test client signed in as the Borås reader."""
    client.force_login(boras_reader)
    return client
