"""Every write of the indicators app (docs/architecture.md: one named service per write)."""

from kunskapsnod.indicators.services.errors import ImportDataError
from kunskapsnod.indicators.services.importing import ImportSummary, import_kolada_values
from kunskapsnod.indicators.services.metadata import MetadataSummary, load_indicator_metadata
from kunskapsnod.indicators.services.parsing import (
    parse_kolada_json,
    parse_values_csv,
    read_values_file,
)
from kunskapsnod.indicators.services.rows import ValueRow

__all__ = [
    "ImportDataError",
    "ImportSummary",
    "MetadataSummary",
    "ValueRow",
    "import_kolada_values",
    "load_indicator_metadata",
    "parse_kolada_json",
    "parse_values_csv",
    "read_values_file",
]
