"""One Göteborg object of every youth kind, for the permission matrices (tests/youth and
tests/test_write_matrix.py). Names carry MARKER so a leak is found in any response."""

import datetime
import random

from kunskapsnod.youth import generated
from kunskapsnod.youth.models import Consent, ConsentTopic, ContactAttempt, Measure, Module, SchoolThreshold
from kunskapsnod.youth.services import flags, imports, people, progress

MARKER = "Hemlig Genererad"


def youth_world(coordinator, goteborg) -> dict:
    person = people.save_person(
        actor=coordinator, municipality=goteborg, identity_number="20080512-1373", name=f"{MARKER} Göteborgare",
        last_school=f"{MARKER} skola", in_kaa=True,
    )  # fmt: skip
    people.save_kaa(actor=coordinator, person=person, status="kontakt", plan=f"{MARKER} plan", goal="Studier")
    measure = people.save_measure(
        actor=coordinator,
        measure=Measure(
            person=person, responsible="kommunen", description=f"{MARKER} åtgärd", starts_on=datetime.date(2026, 1, 10)
        ),
    )
    people.log_contact(
        actor=coordinator,
        contact=ContactAttempt(
            person=person, date=datetime.date(2026, 1, 5), channel="telefon", note=f"{MARKER} samtal"
        ),
    )
    consent = people.record_consent(
        actor=coordinator,
        consent=Consent(
            person=person,
            topic=ConsentTopic.HEALTH,
            given_on=datetime.date(2026, 1, 5),
            given_by="vårdnadshavare",
            documentation="blankett",
        ),
    )
    people.add_sensitive_note(actor=coordinator, person=person, topic=ConsentTopic.HEALTH, text=f"{MARKER} hälsa")
    scale = progress.save_scale(
        actor=coordinator, owner=goteborg, name="Göteborgs steg", steps=["Ingen", "Kontakt", "Studier"]
    )
    enrolment = progress.enrol(
        actor=coordinator,
        person=person,
        module=Module.STEG1,
        organisation=goteborg,
        scale=scale,
        started_on=datetime.date(2026, 1, 10),
    )
    progress.record_step(
        actor=coordinator, enrolment=enrolment, step=scale.steps.last(), date=datetime.date(2026, 2, 1)
    )
    flags.save_threshold(
        actor=coordinator, threshold=SchoolThreshold(municipality=goteborg, school=f"{MARKER} gymnasium")
    )
    data = (
        f"elev-id;skola;period;schemalagda lektioner;giltig frånvaro;ogiltig frånvaro\n"
        f"GBG-ELEV-1;{MARKER} gymnasium;HT2025;100;20;10\n"
    ).encode()
    imports.import_absence(actor=coordinator, municipality=goteborg, data=data)
    # The school system's list names the person otherwise: an open conflict with the hand value.
    data = f"personnummer;namn\n20080512-1373;{MARKER} Listnamn\n".encode()
    imports.import_kaa_list(actor=coordinator, municipality=goteborg, data=data)
    from kunskapsnod.youth.models import CoordinatorGrant, Flag, ImportConflict

    return {
        "youth_person": person, "youth_measure": measure, "youth_consent": consent, "youth_scale": scale,
        "youth_enrolment": enrolment, "youth_flag": Flag.objects.filter(record__municipality=goteborg).first(),
        "youth_grant": CoordinatorGrant.objects.get(user=coordinator),
        "youth_conflict": ImportConflict.objects.get(person=person),
    }  # fmt: skip


def youth_kwargs(name: str, world: dict) -> dict:
    """Arguments aiming a youth URL at the world's Göteborg objects."""
    by_name = {
        "youth:measure_edit": "measure", "youth:consent_withdraw": "consent", "youth:enrolment": "enrolment",
        "youth:flag": "flag", "youth:grant_revoke": "grant", "youth:conflict_resolve": "conflict",
    }  # fmt: skip
    return {"pk": world["youth_" + by_name.get(name, "person")].pk}


def make_person(actor, municipality, index=1, *, in_kaa=True, **extra):
    rng = random.Random(index)
    number = generated.identity_number(rng, datetime.date(2008, 3, (index % 27) + 1))
    return people.save_person(
        actor=actor, municipality=municipality, identity_number=number, name=generated.name(index), in_kaa=in_kaa,
        **extra,
    )  # fmt: skip
