"""The shape every parser produces and the importer consumes."""

from datetime import datetime
from typing import NamedTuple

GENDERS = frozenset({"T", "K", "M"})


class ValueRow(NamedTuple):
    """One value as read from a file or the API, not yet checked against the database.

    ``where`` says where it came from ("line 12", "item 3, value 2") for error messages.
    ``fetched_at`` is when the value was retrieved from Kolada, when the file says so (an
    aware datetime); None means "now" to the importer (a live sync, a file without dates)."""

    kpi: str
    municipality: str
    period: int
    gender: str
    value: float | None
    status: str
    source: str
    where: str = ""
    fetched_at: datetime | None = None

    @property
    def key(self) -> tuple[str, str, int, str]:
        return (self.kpi, self.municipality, self.period, self.gender)
