"""Step scales, enrolments in modules, dated step changes and the outcome at exit."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.permissions import require_change
from kunskapsnod.youth.access import coordinator_municipalities, require_coordinator
from kunskapsnod.youth.models import Enrolment, Module, Outcome, Person, Step, StepChange, StepScale
from kunskapsnod.youth.services import YouthError
from kunskapsnod.youth.services.log import log_change

DEFAULT_STEPS = ("Ingen kontakt", "Kontakt", "Regelbundna möten", "I aktivitet", "I studier eller arbete")


@transaction.atomic
def save_scale(*, actor: Any, owner: Organisation, name: str, steps: list[str]) -> StepScale:
    """A new version of ``owner``'s scale ``name`` (version 1 if it is new). A municipality's
    coordinators define their municipality's scales; an association's, its node staff."""
    if owner.is_municipality:
        require_coordinator(actor, owner)
    else:
        require_change(actor, owner, what="stegskalor")
    labels = [s.strip() for s in steps if s.strip()]
    if len(labels) < 2 or len(labels) > 12 or len(set(labels)) != len(labels):
        raise YouthError(_("En stegskala har 2–12 olika steg."))
    if not name.strip():
        raise YouthError(_("Ge skalan ett namn."))
    latest = StepScale.objects.filter(owner=owner, name=name.strip()).aggregate(v=Max("version"))["v"] or 0
    scale = StepScale.objects.create(owner=owner, name=name.strip(), version=latest + 1)
    Step.objects.bulk_create(Step(scale=scale, position=i, label=label[:120]) for i, label in enumerate(labels, 1))
    return scale


@transaction.atomic
def enrol(
    *, actor: Any, person: Person, module: str, organisation: Organisation, scale: StepScale, started_on: datetime.date
) -> Enrolment:
    require_coordinator(actor, person.municipality_id)
    if module not in Module.values:
        raise YouthError(_("Okänd modul."))
    allowed = {person.municipality_id, *Organisation.objects.filter(
        member_links__member=person.municipality_id).values_list("pk", flat=True)}  # fmt: skip
    if organisation.pk not in allowed or scale.owner_id not in allowed:
        raise YouthError(_("Välj kommunen eller ett kommunalförbund den hör till, och en av deras stegskalor."))
    enrolment = Enrolment.objects.create(
        person=person, module=module, organisation=organisation, scale=scale, started_on=started_on
    )
    log_change(actor=actor, person=person, what=f"inskrivning i {module}")
    return enrolment


@transaction.atomic
def record_step(*, actor: Any, enrolment: Enrolment, step: Step, date: datetime.date) -> StepChange:
    """A dated step change, with who recorded it."""
    require_coordinator(actor, enrolment.person.municipality_id)
    if step.scale_id != enrolment.scale_id:
        raise YouthError(_("Steget hör inte till inskrivningens stegskala."))
    if date < enrolment.started_on or (enrolment.ended_on and date > enrolment.ended_on):
        raise YouthError(_("Datumet ligger utanför inskrivningen."))
    change = StepChange.objects.create(enrolment=enrolment, step=step, date=date, recorded_by=actor)
    log_change(actor=actor, person=enrolment.person, what="stegförflyttning")
    return change


@transaction.atomic
def end_enrolment(*, actor: Any, enrolment: Enrolment, ended_on: datetime.date, outcome: str) -> Enrolment:
    require_coordinator(actor, enrolment.person.municipality_id)
    if outcome not in Outcome.values:
        raise YouthError(_("Ange utfallet vid avslut."))
    if ended_on < enrolment.started_on:
        raise YouthError(_("Avslutet ligger före starten."))
    enrolment.ended_on, enrolment.outcome = ended_on, outcome
    enrolment.save(update_fields=["ended_on", "outcome"])
    log_change(actor=actor, person=enrolment.person, what="avslut av inskrivning")
    return enrolment


def ensure_default_scale(*, actor: Any) -> StepScale | None:
    """The first municipality's default scale, for a coordinator who has none yet."""
    municipality = coordinator_municipalities(actor).first()
    if municipality is None:
        return None
    scale = StepScale.objects.filter(owner=municipality).first()
    return scale or save_scale(actor=actor, owner=municipality, name="Stegförflyttning", steps=list(DEFAULT_STEPS))
