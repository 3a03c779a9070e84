"""The project register: which projects a municipality or an association takes part in,
which of them run now, who funds them, and which overlap in theme and target group — the
overview the municipalities said they lack ("everything lands in the municipality").

A read (see docs/architecture.md, convention 2): four queries whatever the number of
projects (the projects, their themes, their municipalities, the involving organisation's
members), the overlaps computed in Python over the projects in scope.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from kunskapsnod.knowledge.models import Entry, Funding
from kunskapsnod.mapping.models import AgeGroup, Theme
from kunskapsnod.mapping.similarity import shared_terms
from kunskapsnod.regions.models import Organisation

# Pairwise overlaps are compared over at most this many projects (the newest first), so a
# register of every project in the region stays one page's work.
MAX_COMPARED = 400


class Show:
    RUNNING = "pagaende"
    ALL = "alla"
    CHOICES = [(RUNNING, _("Pågående i dag")), (ALL, _("Alla projekt"))]


@dataclass
class Overlap:
    first: Entry
    second: Entry
    themes: list[Theme]
    target: str  # what the target groups share, in words

    @property
    def owners(self) -> str:
        return f"{self.first.owner.name} / {self.second.owner.name}"


@dataclass
class FunderRow:
    label: str
    projects: int = 0
    budget: int = 0


@dataclass
class Register:
    organisation: Organisation | None
    today: datetime.date
    show: str
    projects: list[Entry]
    overlaps: list[Overlap]
    funders: list[FunderRow]
    running_ids: set[int] = field(default_factory=set)

    @property
    def running_count(self) -> int:
        return len(self.running_ids)


def build_register(
    entries, *, organisation: Organisation | None, show: str = Show.RUNNING, today: datetime.date | None = None
) -> Register:
    """The register over ``entries`` (the entries the reader may see): the projects that
    ``organisation`` takes part in (``None``: all), running on ``today`` or all of them."""
    today = today or datetime.date.today()
    projects = entries.projects()
    if organisation is not None:
        projects = projects.involving(organisation)
    running_ids = set(projects.running_on(today).values_list("pk", flat=True))
    if show == Show.RUNNING:
        projects = projects.filter(pk__in=running_ids)
    listed = list(
        projects.select_related("owner", "project_owner", "level")
        .prefetch_related("themes", "municipalities")
        .order_by(F("start_date").desc(nulls_last=True), "title", "pk")
    )
    return Register(
        organisation=organisation,
        today=today,
        show=show,
        projects=listed,
        overlaps=find_overlaps(listed[:MAX_COMPARED]),
        funders=funders(listed),
        running_ids=running_ids,
    )


def find_overlaps(projects: list[Entry]) -> list[Overlap]:
    """Pairs of projects that share at least one theme and reach the same target group:
    the same age group (or one of them "all ages"), or target-group texts that share a
    word (after Swedish analysis: "nyanlända elever" meets "elever som är nyanlända")."""
    found = []
    themes = {p.pk: {t.pk: t for t in p.themes.all()} for p in projects}
    for i, first in enumerate(projects):
        for second in projects[i + 1 :]:
            common = [themes[first.pk][pk] for pk in themes[first.pk].keys() & themes[second.pk].keys()]
            if not common:
                continue
            target = same_target(first, second)
            if target:
                found.append(Overlap(first, second, sorted(common, key=lambda t: (t.order, t.name)), target))
    return found


def same_target(first: Entry, second: Entry) -> str:
    """What two projects' target groups have in common, or "" when nothing."""
    words = shared_terms(first.target_group, second.target_group)
    if words:
        return ", ".join(words)
    ages = {first.target_age, second.target_age}
    if "" in ages:
        return ""
    if len(ages) == 1:
        return str(AgeGroup(first.target_age).label)
    if AgeGroup.ALL in ages:
        other = (ages - {AgeGroup.ALL}).pop()
        return str(AgeGroup(other).label)
    return ""


def funders(projects: list[Entry]) -> list[FunderRow]:
    """Projects and budget per funder (the named funder, else the kind of funding),
    largest budget first."""
    rows: dict[str, FunderRow] = defaultdict(lambda: FunderRow(""))
    for project in projects:
        label = funder_label(project)
        row = rows[label]
        row.label = label
        row.projects += 1
        row.budget += project.budget or 0
    return sorted(rows.values(), key=lambda r: (-r.budget, -r.projects, r.label))


def funder_label(project: Entry) -> str:
    if project.funder:
        return project.funder
    if project.funding:
        return str(Funding(project.funding).label)
    return str(_("Finansiär ej angiven"))
