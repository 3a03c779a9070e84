import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from kunskapsnod.indicators.models import ImportBatch, Indicator, Value


@pytest.fixture
def batch(db):
    return ImportBatch.objects.create(source="test")


@pytest.fixture
def indicator(db):
    return Indicator.objects.create(code="N15428", title="Elever i åk 9 ..., andel (%)")


def _value(indicator, area, batch, **kw):
    fields = {"period": 2024, "gender": "T", "value": 80.0, "source": "test", "fetched_at": timezone.now(), **kw}
    return Value.objects.create(indicator=indicator, area=area, batch=batch, **fields)


def test_it_refuses_two_values_for_one_key(org, indicator, batch):
    _value(indicator, org("boras"), batch)
    with pytest.raises(IntegrityError), transaction.atomic():
        _value(indicator, org("boras"), batch, value=81.0)


def test_it_refuses_an_unknown_gender(org, indicator, batch):
    with pytest.raises(IntegrityError), transaction.atomic():
        _value(indicator, org("boras"), batch, gender="X")


def test_queryset_vocabulary_reads_values(org, indicator, batch):
    _value(indicator, org("boras"), batch)
    _value(indicator, org("boras"), batch, period=2025, value=None, status="Privacy")
    _value(indicator, org("mark"), batch, gender="K")
    values = Value.objects.for_indicator("N15428")
    assert values.for_area(org("boras")).count() == 2
    assert values.for_area("1490").total().with_value().count() == 1
    assert values.latest_period() == 2025
    assert values.at_latest_period().count() == 1
    assert Value.objects.none().latest_period() is None


def test_default_set_is_ordered_by_sort_order(db):
    Indicator.objects.create(code="B", title="b", in_default_set=True, sort_order=2)
    Indicator.objects.create(code="A", title="a", in_default_set=True, sort_order=1)
    Indicator.objects.create(code="C", title="c")
    assert [i.code for i in Indicator.objects.default_set()] == ["A", "B"]


def test_percentage_is_read_from_the_title(indicator):
    assert indicator.is_percentage
    assert not Indicator(code="N1", title="Ohälsotal, 16-19 år, dagar").is_percentage
