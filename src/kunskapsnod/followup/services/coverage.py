"""Whom the node's events reach: for an association and a year, which of its member
municipalities and which of the county's were reached (and which never were), the shares
by actor group and by association, and the change from year to year.

One grouped query over the participants of all the association's events (by year,
municipality and actor group), whatever the number of participants."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from kunskapsnod.followup.models import ActorGroup, Event, EventParticipant
from kunskapsnod.regions.models import Membership, Organisation


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    count: int
    total: int

    @property
    def percent(self) -> float:
        return 100 * self.count / self.total if self.total else 0.0


@dataclass(frozen=True)
class YearRow:
    year: int
    events: int
    participants: int
    members_reached: int
    county_reached: int
    groups: dict[str, int]


@dataclass
class Coverage:
    association: Organisation
    year: int
    county: Organisation | None
    events: list[Event]
    participants: int
    members: list[Organisation]
    members_reached: list[Organisation]
    members_not_reached: list[Organisation]
    members_never_reached: list[Organisation]
    county_municipalities: int
    county_reached: list[Organisation]
    county_not_reached: list[Organisation]
    by_group: list[Share]
    by_association: list[Share]
    years: list[YearRow] = field(default_factory=list)

    @property
    def previous(self) -> YearRow | None:
        earlier = [row for row in self.years if row.year < self.year]
        return earlier[-1] if earlier else None

    @property
    def current(self) -> YearRow | None:
        return next((row for row in self.years if row.year == self.year), None)


def association_events(association: Organisation):
    """Events the association or one of its members organised."""
    members = Organisation.objects.members_of(association)
    return Event.objects.filter(Q(organiser=association) | Q(organiser__in=members))


def county_of(members: list[Organisation]) -> Organisation | None:
    """The county most members lie in (Göteborgsregionen: Västra Götaland, not Halland)."""
    counts = Counter(m.parent_id for m in members if m.parent_id)
    if not counts:
        return None
    return Organisation.objects.filter(pk=counts.most_common(1)[0][0]).first()


def coverage(association: Organisation, year: int) -> Coverage:
    members = list(Organisation.objects.members_of(association))
    county = county_of(members)
    county_municipalities = list(Organisation.objects.municipalities().filter(parent=county)) if county else []
    events = association_events(association)
    grouped = list(
        EventParticipant.objects.filter(event__in=events)
        .annotate(year=ExtractYear("event__date"))
        .values_list("year", "municipality_id", "actor_group")
        .annotate(n=Count("pk"))
        .order_by()
    )
    member_ids = {m.pk for m in members}
    county_ids = {m.pk for m in county_municipalities}
    reached = {m for y, m, _g, _n in grouped if y == year and m}
    ever = {m for _y, m, _g, _n in grouped if m}
    this_year = [(m, g, n) for y, m, g, n in grouped if y == year]
    total = sum(n for _m, _g, n in this_year)
    return Coverage(
        association=association,
        year=year,
        county=county,
        events=list(events.filter(date__year=year).select_related("organiser").order_by("date", "title")),
        participants=total,
        members=members,
        members_reached=[m for m in members if m.pk in reached],
        members_not_reached=[m for m in members if m.pk not in reached],
        members_never_reached=[m for m in members if m.pk not in ever],
        county_municipalities=len(county_municipalities),
        county_reached=[m for m in county_municipalities if m.pk in reached],
        county_not_reached=[m for m in county_municipalities if m.pk not in reached],
        by_group=_group_shares(this_year, total),
        by_association=_association_shares(this_year, total),
        years=_years(grouped, events, member_ids, county_ids),
    )


def _group_shares(rows: list[tuple], total: int) -> list[Share]:
    counts: Counter[str] = Counter()
    for _m, group, n in rows:
        counts[group] += n
    return [Share(g, str(ActorGroup(g).label), counts[g], total) for g in ActorGroup.values if counts[g]]


def _association_shares(rows: list[tuple], total: int) -> list[Share]:
    """Participants by the association of their municipality; without one, as "no
    municipality given"."""
    ids = {m for m, _g, _n in rows if m}
    links = Membership.objects.filter(member_id__in=ids).select_related("association").order_by("association__name")
    association_of = {link.member_id: link.association for link in links}
    counts: Counter[int] = Counter()
    names: dict[int, str] = {}
    for municipality, _g, n in rows:
        association = association_of.get(municipality) if municipality else None
        key = association.pk if association else 0
        names[key] = association.name if association else ""
        counts[key] += n
    return [
        Share(str(key), names[key], count, total)
        for key, count in sorted(counts.items(), key=lambda kv: (kv[0] == 0, -kv[1], names[kv[0]]))
    ]


def _years(grouped: list[tuple], events, member_ids: set[int], county_ids: set[int]) -> list[YearRow]:
    per_year: dict[int, dict] = defaultdict(lambda: {"participants": 0, "municipalities": set(), "groups": Counter()})
    for year, municipality, group, n in grouped:
        row = per_year[year]
        row["participants"] += n
        row["groups"][group] += n
        if municipality:
            row["municipalities"].add(municipality)
    event_counts = dict(
        events.annotate(year=ExtractYear("date"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("year", "n")
    )
    years = sorted(set(per_year) | set(event_counts))
    return [
        YearRow(
            year=y,
            events=event_counts.get(y, 0),
            participants=per_year[y]["participants"] if y in per_year else 0,
            members_reached=len(per_year[y]["municipalities"] & member_ids) if y in per_year else 0,
            county_reached=len(per_year[y]["municipalities"] & county_ids) if y in per_year else 0,
            groups=dict(per_year[y]["groups"]) if y in per_year else {},
        )
        for y in years
    ]
