"""Events and their participants: registering an event, importing a participant list in
two steps (read and check, then keep on confirmation), matching organisations to the
platform's organisations and actor groups, and purging names when their time is up."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kunskapsnod.followup.models import (
    ActorGroup,
    Event,
    EventParticipant,
    OrganisationAlias,
    ParticipantImport,
)
from kunskapsnod.followup.services.participant_files import (
    fold_name,
    municipality_keys,
    read_participant_file,
)
from kunskapsnod.followup.services.plans import FollowupError
from kunskapsnod.regions.models import Organisation, OrganisationKind
from kunskapsnod.regions.permissions import require_change

WHAT = gettext_noop("evenemangen")

# The actor group of a known organisation by its kind (schools, student health and social
# services are the municipality's; BUP and primary care the region's).
KIND_GROUPS: dict[str, str] = {
    OrganisationKind.MUNICIPALITY: ActorGroup.MUNICIPALITY,
    OrganisationKind.SCHOOL: ActorGroup.MUNICIPALITY,
    OrganisationKind.STUDENT_HEALTH: ActorGroup.MUNICIPALITY,
    OrganisationKind.SOCIAL_SERVICES: ActorGroup.MUNICIPALITY,
    OrganisationKind.ASSOCIATION: ActorGroup.ASSOCIATION,
    OrganisationKind.REGION: ActorGroup.REGION,
    OrganisationKind.COUNTY: ActorGroup.REGION,
    OrganisationKind.BUP: ActorGroup.REGION,
    OrganisationKind.PRIMARY_CARE: ActorGroup.REGION,
    OrganisationKind.CIVIL_SOCIETY: ActorGroup.CIVIL_SOCIETY,
    OrganisationKind.COUNTRY: ActorGroup.AUTHORITY,
}
# Suggestions for names the platform does not know (the user decides; nothing is saved
# from a guess without their confirmation).
GUESSES = [
    (re.compile(r"universitet|högskola|university|forskning"), ActorGroup.ACADEMIA),
    (re.compile(r"samordningsförbund"), ActorGroup.COORDINATION),
    (
        re.compile(r"kommunalförbund|regionen sjuhärad|göteborgsregionen|fyrbodal|skaraborgs kommunalförbund"),
        ActorGroup.ASSOCIATION,
    ),
    (re.compile(r"^region |regionen|\bvgr\b|västra götalandsregionen"), ActorGroup.REGION),
    (
        re.compile(r"verket|myndighet|arbetsförmedling|försäkringskassa|länsstyrelse|polis|skolinspektion"),
        ActorGroup.AUTHORITY,
    ),
    (
        re.compile(r"förening|stiftelse|föreningen|rädda barnen|bris\b|idrott|kyrk|studieförbund|civilsamhälle"),
        ActorGroup.CIVIL_SOCIETY,
    ),
    (re.compile(r"\bab\b|aktiebolag"), ActorGroup.BUSINESS),
    (re.compile(r"kommun\b|\bstad\b"), ActorGroup.MUNICIPALITY),
]


@dataclass(frozen=True)
class Match:
    organisation_id: int | None
    municipality_id: int | None
    actor_group: str


class Matcher:
    """Resolves names in one import: the organiser's remembered answers first, then the
    platform's organisations by name, then municipalities by their usual forms."""

    def __init__(self, owner: Organisation):
        organisations = list(Organisation.objects.only("pk", "name", "slug", "kind", "parent_id", "kolada_id"))
        self.by_id = {o.pk: o for o in organisations}
        self.by_name = {fold_name(o.name): o for o in organisations}
        self.municipalities = {fold_name(o.name): o for o in organisations if o.kind == OrganisationKind.MUNICIPALITY}
        self.municipalities.update(
            {o.kolada_id: o for o in organisations if o.kolada_id and o.kind == OrganisationKind.MUNICIPALITY}
        )
        self.aliases = {a.key: a for a in OrganisationAlias.objects.filter(owner=owner)}

    def municipality(self, text: str) -> Organisation | None:
        for key in municipality_keys(text) if text else []:
            if key in self.municipalities:
                return self.municipalities[key]
        return None

    def organisation(self, text: str) -> Match | None:
        """The match for an organisation's name, or None when it is unknown."""
        if not text:
            return None
        alias = self.aliases.get(fold_name(text))
        if alias is not None:
            return Match(alias.organisation_id, alias.municipality_id, alias.actor_group)
        found = self.by_name.get(fold_name(text)) or self.municipality(text)
        if found is None:
            return None
        return Match(found.pk, self._municipality_of(found), KIND_GROUPS.get(found.kind, ActorGroup.OTHER))

    def _municipality_of(self, organisation: Organisation) -> int | None:
        if organisation.kind == OrganisationKind.MUNICIPALITY:
            return organisation.pk
        parent = self.by_id.get(organisation.parent_id) if organisation.parent_id else None
        return parent.pk if parent and parent.kind == OrganisationKind.MUNICIPALITY else None


def guess_actor_group(name: str) -> str:
    folded = fold_name(name)
    return next((group for pattern, group in GUESSES if pattern.search(folded)), ActorGroup.UNKNOWN)


@dataclass(frozen=True)
class Unknown:
    key: str
    name: str
    rows: int
    guess: str


def unknown_organisations(pending: ParticipantImport) -> list[Unknown]:
    """The organisations of a pending list that nothing resolves, each with the number of
    rows that name it and a guessed actor group, by name."""
    matcher = Matcher(pending.event.organiser)
    found: dict[str, Unknown] = {}
    for row in pending.rows:
        name = row["organisation_name"]
        if not name or matcher.organisation(name) is not None:
            continue
        key = fold_name(name)
        known = found.get(key)
        found[key] = Unknown(
            key, known.name if known else name, (known.rows if known else 0) + 1, guess_actor_group(name)
        )
    return sorted(found.values(), key=lambda u: u.key)


# --- Writes -----------------------------------------------------------------------------


@transaction.atomic
def save_event(*, actor: Any, event: Event) -> Event:
    if event.pk:
        require_change(actor, Event.objects.select_for_update().get(pk=event.pk).organiser, what=WHAT)
    require_change(actor, event.organiser, what=WHAT)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def delete_event(*, actor: Any, event: Event) -> None:
    require_change(actor, event.organiser, what=WHAT)
    event.delete()


@transaction.atomic
def start_participant_import(*, actor: Any, event: Event, data: bytes, file_name: str) -> ParticipantImport:
    """Read and check a participant list; nothing is kept as participants yet. Broken rows
    are listed by line; the whole file is refused only when it cannot be read at all."""
    require_change(actor, event.organiser, what=WHAT)
    parsed = read_participant_file(data, file_name=file_name)
    matcher = Matcher(event.organiser)
    rows, errors = [], list(parsed.errors)
    for row in parsed.rows:
        municipality = matcher.municipality(row.municipality_name) if row.municipality_name else None
        if row.municipality_name and municipality is None:
            errors.append({"line": row.line, "message": _("okänd kommun ”%(name)s”") % {"name": row.municipality_name}})
            continue
        rows.append(vars(row))
    pending = ParticipantImport(
        event=event,
        file_name=file_name[:300],
        rows=rows,
        errors=sorted(errors, key=lambda e: e["line"]),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    pending.save()
    return pending


@transaction.atomic
def confirm_participant_import(
    *,
    actor: Any,
    pending: ParticipantImport,
    resolutions: dict[str, Match],
    keep_good_rows: bool = False,
) -> int:
    """Keep the good rows of a checked list as the event's participants, remembering how
    each unknown organisation was resolved (for the organiser's next import). With broken
    rows the user must say ``keep_good_rows``; every unknown organisation needs an answer.
    Returns the number of participants kept."""
    event = pending.event
    require_change(actor, event.organiser, what=WHAT)
    pending = ParticipantImport.objects.select_for_update().get(pk=pending.pk)
    if pending.confirmed_at is not None:
        raise FollowupError(_("Listan är redan sparad."))
    if pending.errors and not keep_good_rows:
        raise FollowupError(
            _("Listan har %(n)s rader med fel. Kryssa i att de felfria raderna ska sparas, eller rätta filen.")
            % {"n": len(pending.errors)}
        )
    missing = [u.name for u in unknown_organisations(pending) if u.key not in resolutions]
    if missing:
        raise FollowupError(_("Ange aktörsgrupp för: %(names)s.") % {"names": ", ".join(missing)})
    _remember(event.organiser, pending, resolutions)
    matcher = Matcher(event.organiser)
    participants = [_participant(event, row, matcher) for row in pending.rows]
    EventParticipant.objects.bulk_create(participants)
    pending.confirmed_at = timezone.now()
    pending.rows = []  # the names now live only in the participants (and are purged there)
    pending.save(update_fields=["confirmed_at", "rows"])
    return len(participants)


def _remember(owner: Organisation, pending: ParticipantImport, resolutions: dict[str, Match]) -> None:
    names = {fold_name(r["organisation_name"]): r["organisation_name"] for r in pending.rows}
    for key, match in resolutions.items():
        if key not in names:
            continue
        if match.actor_group not in ActorGroup.values:
            raise FollowupError(_("Okänd aktörsgrupp för %(name)s.") % {"name": names[key]})
        OrganisationAlias.objects.update_or_create(
            owner=owner,
            key=key,
            defaults={
                "name": names[key],
                "organisation_id": match.organisation_id,
                "municipality_id": match.municipality_id,
                "actor_group": match.actor_group,
            },
        )


def _participant(event: Event, row: dict, matcher: Matcher) -> EventParticipant:
    match = matcher.organisation(row["organisation_name"])
    municipality = matcher.municipality(row["municipality_name"]) if row["municipality_name"] else None
    municipality_id = municipality.pk if municipality else (match.municipality_id if match else None)
    group = match.actor_group if match else (ActorGroup.MUNICIPALITY if municipality_id else ActorGroup.UNKNOWN)
    return EventParticipant(
        event=event,
        name=row["name"],
        email=row["email"],
        organisation_name=row["organisation_name"],
        role=row["role"],
        organisation_id=match.organisation_id if match else None,
        municipality_id=municipality_id,
        actor_group=group,
    )


@transaction.atomic
def discard_participant_import(*, actor: Any, pending: ParticipantImport) -> None:
    require_change(actor, pending.event.organiser, what=WHAT)
    pending.delete()


@dataclass(frozen=True)
class PurgeSummary:
    participants: int
    imports: int


def purge_participant_names(*, now: datetime.datetime | None = None, days: int | None = None) -> PurgeSummary:
    """Blank the names and e-mail addresses of participants of events older than the
    retention period, and delete lists never confirmed within it; counts stay."""
    now = now or timezone.now()
    days = settings.KUNSKAPSNOD_PARTICIPANT_NAME_RETENTION_DAYS if days is None else days
    cutoff = now - datetime.timedelta(days=days)
    with transaction.atomic():
        stale = EventParticipant.objects.filter(event__date__lt=cutoff.date(), names_purged_at__isnull=True)
        participants = stale.update(name="", email="", names_purged_at=now)
        imports, _deleted = ParticipantImport.objects.filter(created_at__lt=cutoff, confirmed_at__isnull=True).delete()
    return PurgeSummary(participants, imports)
