"""Writes and non-trivial reads of the organisation hierarchy."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, Sum
from django.utils.text import slugify

from kunskapsnod.regions.models import (
    GEOGRAPHIC_KINDS,
    Group,
    Meeting,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
)
from kunskapsnod.regions.permissions import require_change
from kunskapsnod.text import clean_text, is_ascii_digits

if TYPE_CHECKING:
    from kunskapsnod.accounts.models import User

REGION_COLUMNS = ["municipality_id", "municipality", "county_id", "county", "association"]

# The node's own short names for the associations; Kolada has no codes for them.
ASSOCIATION_SLUGS = {
    "Boråsregionen Sjuhärad": "sjuharad",
    "Fyrbodal": "fyrbodal",
    "Göteborgsregionen": "goteborgsregionen",
    "Skaraborg": "skaraborg",
}
COUNTRY = {"kolada_id": "0000", "name": "Riket", "slug": "riket"}


class RegionFileError(ValueError):
    """A region data file that cannot be loaded; the message names file, line and field."""


@dataclass(frozen=True)
class RegionRow:
    line: int
    municipality_id: str
    municipality: str
    county_id: str
    county: str
    association: str


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int
    memberships_created: int


REGION_NAME_MAX = 80


def read_region_file(path: Path) -> list[RegionRow]:
    """Parse and validate the whole file before anything is written."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise RegionFileError(f"{path}: filen finns inte") from None
    except UnicodeDecodeError as exc:
        raise RegionFileError(f"{path}: filen är inte UTF-8 (byte {exc.start})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))  # not splitlines(): it breaks at "\x0b" too
    try:
        missing = [c for c in REGION_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise RegionFileError(f"{path}, rad 1: kolumn saknas: {', '.join(missing)}")
        rows = [_parse_region_row(path, line, raw) for line, raw in enumerate(reader, start=2)]
    except csv.Error as exc:
        raise RegionFileError(f"{path}, rad {reader.line_num}: kan inte läsas som CSV ({exc})") from None
    if not rows:
        raise RegionFileError(f"{path}: filen innehåller inga kommuner")
    _check_unique_ids(path, rows)
    return rows


def _parse_region_row(path: Path, line: int, raw: dict) -> RegionRow:
    values = {c: clean_text(raw.get(c) or "").strip() for c in REGION_COLUMNS}
    for column, value in values.items():
        if not value:
            raise RegionFileError(f"{path}, rad {line}, fält {column}: värde saknas")
        if len(value) > REGION_NAME_MAX:  # a name's slug must fit its column
            raise RegionFileError(f"{path}, rad {line}, fält {column}: längre än {REGION_NAME_MAX} tecken")
    if not (is_ascii_digits(values["municipality_id"]) and len(values["municipality_id"]) == 4):
        raise RegionFileError(
            f"{path}, rad {line}, fält municipality_id: {values['municipality_id']!r} är inte en fyrsiffrig kommunkod"
        )
    if not (is_ascii_digits(values["county_id"]) and len(values["county_id"]) <= 2):
        raise RegionFileError(f"{path}, rad {line}, fält county_id: {values['county_id']!r} är inte en länskod")
    return RegionRow(line=line, **values)


def _check_unique_ids(path: Path, rows: list[RegionRow]) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        if row.municipality_id in seen:
            raise RegionFileError(
                f"{path}, rad {row.line}, fält municipality_id: {row.municipality_id} förekommer "
                f"redan på rad {seen[row.municipality_id]}"
            )
        seen[row.municipality_id] = row.line


@transaction.atomic
def import_regions(path: Path) -> ImportSummary:
    """Load the hierarchy idempotently: upsert on Kolada id (or slug), never delete."""
    rows = read_region_file(path)
    counter = {"created": 0, "updated": 0, "unchanged": 0}
    country = _upsert(counter, kind=OrganisationKind.COUNTRY, parent=None, **COUNTRY)
    counties = {
        row.county_id: _upsert(
            counter,
            kind=OrganisationKind.COUNTY,
            kolada_id=row.county_id.zfill(4),
            name=row.county,
            slug=slugify(row.county),
            parent=country,
        )
        for row in _first_per(rows, "county_id")
    }
    associations = {
        row.association: _upsert(
            counter,
            kind=OrganisationKind.ASSOCIATION,
            kolada_id=None,
            name=row.association,
            slug=ASSOCIATION_SLUGS.get(row.association, slugify(row.association)),
            parent=None,
        )
        for row in _first_per(rows, "association")
    }
    memberships = 0
    for row in rows:
        municipality = _upsert(
            counter,
            kind=OrganisationKind.MUNICIPALITY,
            kolada_id=row.municipality_id,
            name=row.municipality,
            slug=slugify(row.municipality),
            parent=counties[row.county_id],
        )
        _, created = Membership.objects.get_or_create(association=associations[row.association], member=municipality)
        memberships += created
    return ImportSummary(memberships_created=memberships, **counter)


def _first_per(rows: list[RegionRow], field: str) -> list[RegionRow]:
    return list({getattr(row, field): row for row in reversed(rows)}.values())


def _upsert(counter: dict, *, kind, kolada_id, name, slug, parent) -> Organisation:
    lookup = {"kolada_id": kolada_id} if kolada_id else {"slug": slug, "kind": kind}
    wanted = {"kind": kind, "name": name, "slug": slug, "parent": parent}
    organisation = Organisation.objects.filter(**lookup).first()
    if organisation is None:
        counter["created"] += 1
        return Organisation.objects.create(kolada_id=kolada_id, **wanted)
    changed = [field for field, value in wanted.items() if getattr(organisation, field) != value]
    for field in changed:
        setattr(organisation, field, wanted[field])
    if changed:
        organisation.save(update_fields=changed)
    counter["updated" if changed else "unchanged"] += 1
    return organisation


# --- Organisations and meetings ---------------------------------------------------------

ORGANISATION_EDITABLE_FIELDS = ("description", "contact_name", "contact_email", "website")


@transaction.atomic
def update_organisation(*, actor: User, organisation: Organisation, **fields) -> Organisation:
    """Change the descriptive fields of an organisation the actor may change."""
    require_change(actor, organisation)
    unknown = set(fields) - set(ORGANISATION_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"fälten kan inte ändras här: {', '.join(sorted(unknown))}")
    for field, value in fields.items():
        setattr(organisation, field, value)
    organisation.full_clean()
    organisation.save(update_fields=list(fields))
    return organisation


@transaction.atomic
def create_actor(*, actor: User, name: str, kind: str, parent: Organisation, **fields) -> Organisation:
    """Register another actor (a school, student health, BUP, ...) under an organisation
    the acting user may change; the slug is derived from the name and kept unique."""
    require_change(actor, parent)
    if kind in GEOGRAPHIC_KINDS:
        raise ValueError("kommuner, län och förbund kommer från regionfilen och skapas inte här")
    organisation = Organisation(name=name, kind=kind, parent=parent, slug=_free_slug(name), **fields)
    organisation.full_clean()
    organisation.save()
    return organisation


def _free_slug(name: str) -> str:
    base = slugify(name)[:70] or "organisation"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def save_meeting(*, actor: User, meeting: Meeting, attendees=None) -> Meeting:
    """Create or update a meeting; the actor must be allowed to change its organiser
    (and, for an existing meeting, the organiser it had before)."""
    if meeting.pk:
        previous = Meeting.objects.select_for_update().get(pk=meeting.pk)
        require_change(actor, previous.organiser, what="möten")
    require_change(actor, meeting.organiser, what="möten")
    if meeting.municipality_id:
        require_change(actor, meeting.municipality, what="möten")
    meeting.full_clean()
    meeting.save()
    if attendees is not None:
        meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def save_group(*, actor: User, group: Group, members=None) -> Group:
    """Create or update a group or network; the actor must be allowed to change its owner
    (before and after the change)."""
    if group.pk:
        require_change(actor, Group.objects.select_for_update().get(pk=group.pk).owner, what="grupper")
    require_change(actor, group.owner, what="grupper")
    group.full_clean()
    group.save()
    if members is not None:
        group.members.set(members)
    return group


@transaction.atomic
def save_person(*, actor: User, person: Person) -> Person:
    """Register or update an official; the actor must be allowed to change the person's
    organisation (before and after the change)."""
    if person.pk:
        require_change(actor, Person.objects.select_for_update().get(pk=person.pk).organisation, what="personer")
    require_change(actor, person.organisation, what="personer")
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def delete_meeting(*, actor: User, meeting: Meeting) -> None:
    require_change(actor, meeting.organiser, what="möten")
    meeting.delete()


@dataclass(frozen=True)
class MeetingSummary:
    meetings: int
    participants: int
    unique_officials: int
    municipalities: int


def summarise_meetings(
    *, organisations: list[Organisation], start: datetime.date, end: datetime.date
) -> MeetingSummary:
    """ "30 dialogue meetings, more than 150 unique officials" for a period.

    Unique officials are distinct registered attendees; meetings where only a head count
    was recorded add to participants but cannot add to the unique count."""
    meetings = Meeting.objects.between(start, end).filter(organiser__in=organisations)
    totals = meetings.aggregate(
        n=Count("pk", distinct=True),
        participants=Sum("participant_count"),
        municipalities=Count("municipality", distinct=True),
    )
    unique = Meeting.attendees.through.objects.filter(meeting__in=meetings).values("person_id").distinct().count()
    return MeetingSummary(
        meetings=totals["n"] or 0,
        participants=totals["participants"] or 0,
        unique_officials=unique,
        municipalities=totals["municipalities"] or 0,
    )


def association_scope(association: Organisation) -> list[Organisation]:
    """The association itself and its members: the organisations a node reports on."""
    return [association, *Organisation.objects.members_of(association)]


def home_association(user: User) -> Organisation | None:
    """The association whose overview a user's start page shows."""
    organisation = getattr(user, "organisation", None)
    if organisation is None:
        return Organisation.objects.associations().first()
    if organisation.is_association:
        return organisation
    return Organisation.objects.associations_of(organisation).first() or Organisation.objects.associations().first()


def meetings_of(organisation: Organisation):
    """Meetings an organisation organised or that were held with it as municipality."""
    from django.db.models import Q

    return Meeting.objects.filter(Q(organiser=organisation) | Q(municipality=organisation)).select_related(
        "organiser", "municipality", "group"
    )


PRESTUDY_STEPS = [
    ("insatser_steg1", "Workshop steg 1: insatser och behov"),
    ("prioriteringar_steg2", "Workshop steg 2: prioritering av delregionala behov"),
]


@transaction.atomic
def import_prestudy_meetings(prestudy: dict) -> int:
    """Record the pre-study's workshops as dialogue meetings of Boråsregionen Sjuhärad.

    The report gives each workshop's municipality and date but not its head count, so
    participant_count stays unknown rather than invented. Returns how many were new."""
    organiser = Organisation.objects.get(slug="sjuharad")
    created = 0
    for key, topic in PRESTUDY_STEPS:
        for workshop in prestudy[key]:
            municipality = Organisation.objects.municipalities().get(name=workshop["kommun"])
            _, new = Meeting.objects.get_or_create(
                date=datetime.date.fromisoformat(workshop["datum"]),
                organiser=organiser,
                municipality=municipality,
                topic=topic,
            )
            created += new
    return created
