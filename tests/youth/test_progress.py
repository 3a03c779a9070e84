"""Participants and stepwise progress: versioned step scales, dated steps with who
recorded them, the outcome at exit, and the dashboard's figures against the 60 % goal."""

import datetime

import pytest
from django.urls import reverse

from kunskapsnod.youth import aggregates
from kunskapsnod.youth.models import KaaStatus, StepChange
from kunskapsnod.youth.services import YouthError, people, progress
from youth_world import make_person

D = datetime.date


@pytest.fixture
def scale(gbg_coordinator, org):
    return progress.save_scale(
        actor=gbg_coordinator, owner=org("goteborg"), name="Steg", steps=["Ingen kontakt", "Kontakt", "Studier"]
    )


def test_a_changed_scale_is_a_new_version_and_old_steps_keep_theirs(gbg_coordinator, org, scale):
    newer = progress.save_scale(actor=gbg_coordinator, owner=org("goteborg"), name="Steg", steps=["A", "B", "C", "D"])
    assert (scale.version, newer.version) == (1, 2)
    assert list(scale.steps.values_list("label", flat=True)) == ["Ingen kontakt", "Kontakt", "Studier"]


def test_node_staff_define_their_associations_scale_but_not_a_municipalitys(sjuharad_staff, gr_staff, org):
    from kunskapsnod.regions.permissions import PermissionDenied

    assert progress.save_scale(actor=sjuharad_staff, owner=org("sjuharad"), name="Sjuhärad", steps=["A", "B"]).pk
    with pytest.raises(PermissionDenied):
        progress.save_scale(actor=gr_staff, owner=org("goteborg"), name="Steg", steps=["A", "B"])


def _participant(actor, org, scale, index, *, steps, outcome=None):
    person = make_person(actor, org("goteborg"), index)
    enrolment = progress.enrol(actor=actor, person=person, module="steg1", organisation=org("goteborg"), scale=scale,
                               started_on=D(2026, 1, 10))  # fmt: skip
    labels = list(scale.steps.all())
    for day, position in enumerate(steps, start=11):
        progress.record_step(actor=actor, enrolment=enrolment, step=labels[position], date=D(2026, 1, day))
    if outcome:
        progress.end_enrolment(actor=actor, enrolment=enrolment, ended_on=D(2026, 6, 1), outcome=outcome)
    return enrolment


def test_the_dashboard_counts_steps_forward_and_exits_in_studies_or_work(client, gbg_coordinator, org, scale, verified):
    for index in range(4):
        _participant(gbg_coordinator, org, scale, index, steps=[0, 2], outcome="studier")
    _participant(gbg_coordinator, org, scale, 4, steps=[1, 0], outcome="okant")
    _participant(gbg_coordinator, org, scale, 5, steps=[1])
    figures = aggregates.progress(organisations=[org("goteborg")], start=D(2026, 1, 1), end=D(2026, 12, 31), minimum=1)
    assert (figures["participants"], figures["share_step_forward"]) == (6, round(4 / 6, 3))
    assert (figures["exits"], figures["share_studies_or_work"], figures["goal_share"]) == (5, 0.8, 0.6)
    assert figures["by"]["module"]["steg1"]["participants"] == 6
    verified(client, gbg_coordinator)
    page = client.get(reverse("youth:dashboard"), {"start": "2026-01-01", "end": "2026-12-31"}).content.decode()
    assert "67 %" in page and "80 %" in page and "mål 60 %" in page
    api = client.get("/api/youth/dashboard", {"start": "2026-01-01", "end": "2026-12-31"}).json()
    assert api["participants"] == 6


def test_node_staff_see_the_associations_figures_suppressed(client, gbg_coordinator, gr_staff, org, scale, verified):
    for index in range(3):
        _participant(gbg_coordinator, org, scale, index, steps=[0, 2])
    verified(client, gr_staff)
    figures = client.get("/api/youth/dashboard", {"start": "2026-01-01", "end": "2026-12-31"}).json()
    assert figures["organisation"] == "Göteborgsregionen" and figures["participants"] is None
    assert client.get("/api/youth/people").status_code == 403


def test_a_step_records_who_and_must_belong_to_the_scale(gbg_coordinator, org, scale):
    enrolment = _participant(gbg_coordinator, org, scale, 1, steps=[1])
    assert StepChange.objects.get(enrolment=enrolment).recorded_by == gbg_coordinator
    other = progress.save_scale(actor=gbg_coordinator, owner=org("goteborg"), name="Annan", steps=["X", "Y"])
    with pytest.raises(YouthError):
        progress.record_step(actor=gbg_coordinator, enrolment=enrolment, step=other.steps.first(), date=D(2026, 2, 1))


def test_the_half_yearly_counts_are_by_status_age_and_gender(gbg_coordinator, org):
    goteborg = org("goteborg")
    for index in range(6):
        person = make_person(gbg_coordinator, goteborg, index)
        people.save_kaa(actor=gbg_coordinator, person=person, status=KaaStatus.CONTACT, registered_on=D(2026, 2, 1))
    counts = aggregates.kaa_counts(municipality=goteborg, year=2026, half=1, minimum=1)
    assert counts["total"] == 6 and counts["status"] == {"kontakt": 6}
    assert sum(counts["gender"].values()) == 6 and counts["age"] == {"18–19": 6}
    assert aggregates.kaa_counts(municipality=goteborg, year=2025, half=2, minimum=1)["total"] == 0
