"""Grants, people and their KAA documentation: the plan, measures, contact attempts,
consents and the notes that need one."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.permissions import PermissionDenied
from kunskapsnod.youth import identity
from kunskapsnod.youth.access import require_coordinator
from kunskapsnod.youth.models import (
    AccessLog,
    Consent,
    ContactAttempt,
    CoordinatorGrant,
    Gender,
    KaaRecord,
    KaaStatus,
    Measure,
    Person,
    SensitiveNote,
)
from kunskapsnod.youth.services import YouthError
from kunskapsnod.youth.services.conflicts import PERSON_FIELDS, changed_values, current_value, mark_hand_edits
from kunskapsnod.youth.services.log import log_access, log_change


@transaction.atomic
def grant_coordinator(*, actor: Any, user: Any, municipality: Organisation) -> CoordinatorGrant:
    """Make ``user`` youth coordinator of ``municipality``. Granted by an administrator or
    by a coordinator of that municipality; never to oneself, and only to a user of that
    municipality (or of a unit under it)."""
    if not (actor.is_administrator or _coordinates(actor, municipality)) or actor.pk == user.pk:
        raise PermissionDenied(
            _("Du får inte ge behörighet som ungdomssamordnare för %(name)s.") % {"name": municipality}
        )
    if municipality.pk not in {user.organisation_id, getattr(user.organisation, "parent_id", None)}:
        raise YouthError(_("Användaren hör inte till %(name)s.") % {"name": municipality})
    grant, _created = CoordinatorGrant.objects.get_or_create(
        user=user, municipality=municipality, defaults={"granted_by": actor}
    )
    log_access(actor=actor, action=AccessLog.Action.GRANT, what=f"gav {user.get_username()}", municipality=municipality)
    return grant


@transaction.atomic
def revoke_coordinator(*, actor: Any, grant: CoordinatorGrant) -> None:
    if not (actor.is_administrator or _coordinates(actor, grant.municipality)):
        raise PermissionDenied(_("Du får inte ta bort behörigheten."))
    log_access(
        actor=actor, action=AccessLog.Action.GRANT, what=f"tog bort {grant.user.get_username()}",
        municipality=grant.municipality,
    )  # fmt: skip
    grant.delete()


def _coordinates(actor: Any, municipality: Organisation) -> bool:
    return CoordinatorGrant.objects.filter(user=actor, municipality=municipality, user__is_active=True).exists()


def person_fields(
    *, identity_number: str, name: str, gender: str = "", birth_date: datetime.date | None = None
) -> dict[str, Any]:
    """The stored form of a person's identity: keyed hash, encrypted number, birth year and
    date, and the legal gender from the number unless given. Refuses a bad number."""
    try:
        number = identity.parse(identity_number)
    except identity.InvalidIdentityNumber as exc:
        raise YouthError(_("Personnumret %(reason)s.") % {"reason": exc}) from None
    if birth_date is not None and birth_date != number.birth_date:
        raise YouthError(_("Födelsedatumet stämmer inte med personnumret."))
    if not gender:
        gender = Gender.GIRL if int(number.canonical[10]) % 2 == 0 else Gender.BOY
    return {
        "match_key": identity.match_key(number.canonical),
        "identity_encrypted": identity.encrypt(number.canonical),
        "birth_date": number.birth_date,
        "birth_year": number.birth_date.year,
        "gender": gender,
        "name": name.strip(),
    }


@transaction.atomic
def save_person(
    *,
    actor: Any,
    municipality: Organisation,
    identity_number: str,
    name: str,
    gender: str = "",
    last_school: str = "",
    person: Person | None = None,
    in_kaa: bool = False,
) -> Person:
    """Register a young person by hand (or change one), optionally into the KAA register.
    The values entered or changed here are marked as the coordinator's: a KAA list that
    differs later leaves them and records a conflict."""
    require_coordinator(actor, municipality)
    if person is not None and person.municipality_id != municipality.pk:
        raise YouthError(_("Personen hör till en annan kommun."))
    fields = person_fields(identity_number=identity_number, name=name, gender=gender)
    if not fields["name"]:
        raise YouthError(_("Ange ett namn."))
    clash = Person.objects.filter(municipality=municipality, match_key=fields["match_key"])
    if person is not None:
        clash = clash.exclude(pk=person.pk)
    if clash.exists():
        raise YouthError(_("Personen finns redan i registret."))
    if person is not None:
        before = {name: current_value(person, name) for name in PERSON_FIELDS}
    else:  # a new person: a gender read from the number and an empty school were not entered
        before = {"gender": fields["gender"] if not gender else "", "last_school": ""}
    person = person or Person(municipality=municipality)
    for key, value in fields.items():
        setattr(person, key, value)
    person.last_school = last_school.strip()
    person.save()
    mark_hand_edits(
        actor=actor, person=person,
        values=changed_values(before, {name: current_value(person, name) for name in PERSON_FIELDS}),
    )  # fmt: skip
    if in_kaa and not hasattr(person, "kaa"):
        KaaRecord.objects.create(person=person)
    log_change(actor=actor, person=person, what="uppgifter om personen")
    return person


@transaction.atomic
def save_kaa(
    *,
    actor: Any,
    person: Person,
    status: str,
    plan: str = "",
    goal: str = "",
    registered_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
) -> KaaRecord:
    """The person's KAA entry: status, the plan and its goal."""
    require_coordinator(actor, person.municipality_id)
    if status not in KaaStatus.values:
        raise YouthError(_("Okänd status."))
    record, _created = KaaRecord.objects.get_or_create(person=person)
    if record.status != status:
        mark_hand_edits(actor=actor, person=person, values={"status": status})
    record.status, record.plan, record.goal = status, plan.strip(), goal.strip()
    record.registered_on = registered_on or record.registered_on
    record.ended_on = ended_on
    if ended_on is None and status == KaaStatus.ENDED:
        record.ended_on = timezone.localdate()
    record.save()
    log_change(actor=actor, person=person, what="KAA-plan och status")
    return record


@transaction.atomic
def save_measure(*, actor: Any, measure: Measure) -> Measure:
    """Add or change a measure of the plan (ending it needs a reason)."""
    require_coordinator(actor, measure.person.municipality_id)
    if measure.ends_on and measure.ends_on < measure.starts_on:
        raise YouthError(_("Slutdatumet ligger före startdatumet."))
    if measure.ends_on and not measure.end_reason.strip():
        raise YouthError(_("Ange varför åtgärden avslutades."))
    measure.save()
    log_change(actor=actor, person=measure.person, what="åtgärd i planen")
    return measure


@transaction.atomic
def log_contact(*, actor: Any, contact: ContactAttempt) -> ContactAttempt:
    require_coordinator(actor, contact.person.municipality_id)
    contact.recorded_by = actor
    contact.save()
    log_change(actor=actor, person=contact.person, what="kontaktförsök")
    return contact


@transaction.atomic
def record_consent(*, actor: Any, consent: Consent) -> Consent:
    """Document a consent; only then may notes on its topic be written."""
    require_coordinator(actor, consent.person.municipality_id)
    if not consent.documentation.strip() or not consent.given_by.strip():
        raise YouthError(_("Ange vem som lämnat samtycket och hur det är dokumenterat."))
    consent.recorded_by = actor
    consent.save()
    log_change(actor=actor, person=consent.person, what=f"samtycke: {consent.topic}")
    return consent


@transaction.atomic
def withdraw_consent(*, actor: Any, consent: Consent, on: datetime.date | None = None) -> Consent:
    """Withdraw a consent: the notes it covered are deleted at once."""
    require_coordinator(actor, consent.person.municipality_id)
    consent.withdrawn_on = on or timezone.localdate()
    consent.save(update_fields=["withdrawn_on"])
    consent.notes.all().delete()
    log_change(actor=actor, person=consent.person, what=f"återkallat samtycke: {consent.topic}")
    return consent


def active_consent(person: Person, topic: str) -> Consent | None:
    return person.consents.filter(topic=topic, withdrawn_on__isnull=True).order_by("-given_on").first()


@transaction.atomic
def add_sensitive_note(*, actor: Any, person: Person, topic: str, text: str) -> SensitiveNote:
    """A note on a sensitive topic (a reason for absence, health): refused without an
    active documented consent on that topic."""
    require_coordinator(actor, person.municipality_id)
    consent = active_consent(person, topic)
    if consent is None:
        raise YouthError(_("Det finns inget dokumenterat samtycke för detta. Inget sparades."))
    if not text.strip():
        raise YouthError(_("Skriv en anteckning."))
    note = SensitiveNote.objects.create(person=person, consent=consent, text=text.strip())
    log_change(actor=actor, person=person, what=f"känslig anteckning: {topic}")
    return note
