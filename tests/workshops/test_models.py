import pytest
from django.db import DataError, IntegrityError, transaction

from kunskapsnod.workshops import services
from kunskapsnod.workshops.models import JOIN_CODE_ALPHABET, Dot, Note, Phase, Workshop


def test_it_generates_six_character_codes_without_ambiguous_characters():
    codes = {services.new_join_code() for _ in range(200)}
    assert all(len(code) == 6 and set(code) <= set(JOIN_CODE_ALPHABET) for code in codes)
    assert len(JOIN_CODE_ALPHABET) == 31
    assert not set("01IOL") & set(JOIN_CODE_ALPHABET)


def test_it_gives_every_workshop_its_own_code(workshop, org, sjuharad_staff):
    other = services.create_workshop(actor=sjuharad_staff, organisation=org("mark"), title="Mark")
    assert other.join_code != workshop.join_code
    with pytest.raises(IntegrityError), transaction.atomic():
        Workshop.objects.filter(pk=other.pk).update(join_code=workshop.join_code)


@pytest.mark.parametrize("dots", [0, 21])
def test_the_database_refuses_a_dot_budget_out_of_range(workshop, dots):
    with pytest.raises(IntegrityError), transaction.atomic():
        Workshop.objects.filter(pk=workshop.pk).update(dots_per_participant=dots)


@pytest.mark.parametrize("text", ["", "x" * 501])
def test_the_database_refuses_empty_and_too_long_notes(workshop, text):
    # PostgreSQL's varchar(500) answers DataError before the check constraint is reached.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        Note.objects.create(workshop=workshop, text=text)


def test_the_database_refuses_two_dots_in_one_slot(voting_workshop):
    participant = services.join_workshop(workshop=voting_workshop)
    note = voting_workshop.notes.filter(placement="delregionalt").first()
    Dot.objects.create(participant=participant, note=note, slot=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Dot.objects.create(participant=participant, note=note, slot=1)


def test_phases_run_in_order(workshop):
    assert [workshop.phase, workshop.next_phase()] == [Phase.NOTES, Phase.SORTING]
    workshop.phase = Phase.CLOSED
    assert workshop.next_phase() is None


def test_the_demo_loads_an_example_workshop_of_real_needs_once(regions):
    from io import StringIO

    from kunskapsnod.workshops import demo

    out = StringIO()
    demo.load(out)
    demo.load(out)
    workshop = Workshop.objects.get()
    assert workshop.facilitator is None and workshop.phase == Phase.NOTES
    assert list(workshop.notes.values_list("text", flat=True)[:2]) == ["Språksvårigheter.", "Boendemiljön."]
    assert workshop.notes.count() == demo.NOTES and not Dot.objects.exists()
    assert "8 real needs" in out.getvalue()
