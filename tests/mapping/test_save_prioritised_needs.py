import datetime

import pytest

from kunskapsnod.mapping.models import Item, Kind, Priority
from kunskapsnod.mapping.services import MappingError, save_prioritised_needs
from kunskapsnod.regions.permissions import PermissionDenied

DATE = datetime.date(2026, 11, 27)


def _save(actor, municipality, ranked, ref="ws-1"):
    return save_prioritised_needs(
        actor=actor,
        municipality=municipality,
        source_label="Workshop: prioritering",
        source_date=DATE,
        ranked=ranked,
        workshop_ref=ref,
    )


def test_it_saves_the_ranked_list_in_order_with_dots(sjuharad_staff, org):
    saved = _save(sjuharad_staff, org("boras"), [("Fler vuxna i skolan", 9), ("BUP", 4)])
    assert [(p.rank, p.text, p.dots) for p in saved] == [
        (1, "Fler vuxna i skolan", 9),
        (2, "BUP", 4),
    ]
    assert saved[0].source.label == "Workshop: prioritering"
    assert saved[0].source.date == DATE
    assert saved[0].source.workshop_ref == "ws-1"


def test_saving_again_replaces_that_workshops_list_only(sjuharad_staff, org):
    _save(sjuharad_staff, org("boras"), [("A", 3), ("B", 2)])
    _save(sjuharad_staff, org("boras"), [("Annan lista", 1)], ref="ws-2")
    _save(sjuharad_staff, org("boras"), [("C", 5)])
    texts = sorted(Priority.objects.values_list("source__workshop_ref", "text"))
    assert texts == [("ws-1", "C"), ("ws-2", "Annan lista")]


def test_it_links_a_priority_to_the_need_with_the_same_text(sjuharad_staff, org):
    need = Item.objects.create(kind=Kind.NEED, text="Bättre  samverkan med BUP", municipality=org("boras"))
    saved = _save(sjuharad_staff, org("boras"), [("bättre samverkan med bup", 2), ("Okänt", 1)])
    assert saved[0].need == need
    assert saved[1].need is None


def test_it_refuses_an_actor_outside_the_municipality(mark_editor, org):
    with pytest.raises(PermissionDenied):
        _save(mark_editor, org("boras"), [("A", 1)])
    assert not Priority.objects.exists()


def test_it_refuses_empty_text_and_negative_dots_naming_the_row(sjuharad_staff, org):
    with pytest.raises(MappingError, match=r"ranked\[1\]"):
        _save(sjuharad_staff, org("boras"), [("A", 1), ("  ", 1)])
    with pytest.raises(MappingError, match=r"ranked\[0\]"):
        _save(sjuharad_staff, org("boras"), [("A", -1)])
    assert not Priority.objects.exists()
