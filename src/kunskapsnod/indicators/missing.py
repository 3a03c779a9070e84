"""Which indicators of the default set have no values yet, said plainly on the statistics
pages, and for staff (node staff and administrators, never readers or visitors) how to get
them: the ``kunskapsnod kolada sync`` command with the right codes, or for an own
indicator the page to upload its values."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from kunskapsnod.indicators.models import Indicator
from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.permissions import can_change, is_node_staff

# Kolada ids of the county and the country, fetched beside the municipalities.
REFERENCE_AREAS = ("0014", "0000")


@dataclass
class MissingValues:
    """``indicators``: those without values, in set order. The rest only for staff:
    ``command`` fetches the Kolada ones; ``uploads`` are own indicators they may fill."""

    indicators: list[Indicator]
    codes: list[str] = field(default_factory=list)  # what the sync command fetches …
    areas: list[str] = field(default_factory=list)  # … and for which areas
    withdrawn: list[Indicator] = field(default_factory=list)
    uploads: list[Indicator] = field(default_factory=list)
    where: str = ""

    def __bool__(self) -> bool:
        return bool(self.indicators)

    @property
    def command(self) -> str:
        return sync_command(self.codes, self.areas) if self.codes else ""


def sync_command(codes: Iterable[str], areas: Iterable[str]) -> str:
    return f"kunskapsnod kolada sync --kpi {','.join(codes)} --municipality {','.join(areas)}"


def all_areas() -> list[str]:
    """Every association (its members) and the county and country: the whole region."""
    slugs = Organisation.objects.associations().order_by("slug").values_list("slug", flat=True)
    return [*slugs, *REFERENCE_AREAS]


def missing_values(
    user, indicators: Iterable[Indicator], *, areas: list[str] | None = None, where: str = ""
) -> MissingValues:
    """``indicators`` lack values (``where``: "för Borås", or all municipalities). Staff get
    the sync command for ``areas`` (Kolada ids or slugs; default all of the region)."""
    indicators = list(indicators)
    result = MissingValues(indicators, where=where)
    if not indicators or not is_node_staff(user):
        return result
    kolada = [i for i in indicators if not i.is_own]
    result.codes = [i.code for i in kolada if i.in_kolada]
    result.withdrawn = [i for i in kolada if not i.in_kolada]
    if result.codes:
        result.areas = areas or all_areas()
    result.uploads = [i for i in indicators if i.is_own and can_change(user, i.owner_id)]
    return result
