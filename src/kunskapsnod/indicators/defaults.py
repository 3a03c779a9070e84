"""Where the statistics pages start: the year a ranking opens on and the areas a profile,
trend or comparison shows before the user has chosen anything."""

from dataclasses import dataclass

from django.db.models import Count

from kunskapsnod.indicators.models import Gender, Indicator, Value
from kunskapsnod.regions.models import Organisation, OrganisationKind


def most_covered_period(indicator: Indicator, gender: str = Gender.TOTAL) -> int | None:
    """The newest year that most municipalities have a value for: the newest year with at
    least half as many municipalities as the best-covered year. A year that only a few
    municipalities have reported yet (Kolada publishes some early) is skipped, so a
    ranking or map opens on a year where most of them can be compared. One query."""
    counts = dict(
        Value.objects.filter(indicator=indicator, gender=gender, area__kind=OrganisationKind.MUNICIPALITY)
        .with_value()
        .values_list("period")
        .annotate(n=Count("id"))
        .values_list("period", "n")
    )
    if not counts:
        return None
    best = max(counts.values())
    return max(period for period, n in counts.items() if 2 * n >= best)


@dataclass(frozen=True)
class Home:
    """The signed-in user's own municipality and association, where they exist."""

    municipality: Organisation | None = None
    association: Organisation | None = None


def home_of(user) -> Home:
    """An editor or reader of a municipality (or of an organisation under one, such as a
    school): that municipality and its association. Node staff: their association. An
    administrator, an anonymous visitor or a user of another organisation: neither."""
    organisation = getattr(user, "organisation", None) if getattr(user, "is_authenticated", False) else None
    seen = set()
    while organisation is not None and organisation.pk not in seen:
        seen.add(organisation.pk)
        if organisation.is_municipality:
            association = Organisation.objects.associations().filter(member_links__member=organisation).first()
            return Home(organisation, association)
        if organisation.is_association:
            return Home(None, organisation)
        organisation = organisation.parent
    return Home()
