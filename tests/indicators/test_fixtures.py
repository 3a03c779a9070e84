"""The shared fixtures (conftest.py) load the KPI metadata once for consecutive tests that
ask for it, and nobody else sees it. The tests run in file order and depend on it."""

from kunskapsnod.indicators.models import Indicator, Value
from kunskapsnod.regions.models import Organisation


def test_the_first_test_that_asks_loads_regions_and_every_kpi(indicators, _committed):
    assert Indicator.objects.count() == 6_100
    assert Organisation.objects.filter(slug="boras").exists()
    assert not Value.objects.exists()
    assert _committed.loads == 1


def test_the_next_test_that_asks_finds_them_without_loading_again(indicators, _committed):
    Indicator.objects.filter(code="N02797").delete()  # rolled back with this test
    assert Indicator.objects.count() == 6_099
    assert _committed.loads == 1


def test_what_a_test_changed_is_rolled_back(indicators, _committed):
    assert Indicator.objects.filter(code="N02797").exists()
    assert _committed.loads == 1


def test_the_values_come_on_top_when_asked_for(stored_values):
    assert stored_values.count() == 9_480
    assert Indicator.objects.count() == 6_100


def test_a_test_that_asks_only_for_indicators_gets_no_values(indicators):
    assert not Value.objects.exists()


def test_a_database_test_that_does_not_ask_sees_an_empty_database(db):
    assert not Indicator.objects.exists()
    assert not Organisation.objects.exists()


def test_asking_again_loads_again(indicators, _committed):
    assert Indicator.objects.count() == 6_100
    assert _committed.loads == 2
