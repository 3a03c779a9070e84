from kunskapsnod.indicators.models import Indicator
from kunskapsnod.indicators.services import load_indicator_metadata


def test_it_loads_every_kolada_kpi_and_the_withdrawn_one(db):
    summary = load_indicator_metadata()
    assert summary.created == 6_100
    assert Indicator.objects.filter(in_kolada=True).count() == 6_099
    assert not Indicator.objects.get(code="N02904").in_kolada


def test_the_default_set_keeps_its_order_theme_and_direction(db):
    load_indicator_metadata()
    default = list(Indicator.objects.default_set())
    assert len(default) == 40
    assert [i.code for i in default[:4]] == ["N02904", "N15428", "N02797", "N09811"]
    uvas = Indicator.objects.get(code="N02797")
    assert uvas.higher_is_better is False and uvas.theme == "pre-study 3"
    assert Indicator.objects.get(code="N17461").higher_is_better is True
    assert Indicator.objects.get(code="N15901").higher_is_better is None
    outside = Indicator.objects.filter(in_default_set=False, higher_is_better__isnull=False)
    assert not outside.exists()


def test_child_poverty_is_discontinued_with_a_successor(db):
    load_indicator_metadata()
    poverty = Indicator.objects.get(code="N02904")
    assert poverty.discontinued_after == 2019
    assert poverty.successor_code == "N66077"
    assert Indicator.objects.get(code="N66077").discontinued_after is None


def test_a_second_load_changes_nothing(db):
    load_indicator_metadata()
    summary = load_indicator_metadata()
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 6_100)
