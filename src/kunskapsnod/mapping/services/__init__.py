"""Every write of the mapping module, and its non-trivial reads (see docs/architecture.md)."""

from kunskapsnod.mapping.services.common import MappingError
from kunskapsnod.mapping.services.document import DocumentError, parse_document
from kunskapsnod.mapping.services.export import export_document
from kunskapsnod.mapping.services.formats import READERS, WRITERS, read_document
from kunskapsnod.mapping.services.items import classify_items, delete_item, save_classification, save_item
from kunskapsnod.mapping.services.models import (
    carry_over_classifications,
    create_model_version,
    load_analysis_models,
    set_version_mappings,
)
from kunskapsnod.mapping.services.prestudy import ImportSummary, import_prestudy
from kunskapsnod.mapping.services.priorities import (
    classify_priorities,
    link_priority_to_need,
    save_prioritised_needs,
)
from kunskapsnod.regions.permissions import PermissionDenied

__all__ = [
    "READERS",
    "WRITERS",
    "DocumentError",
    "ImportSummary",
    "MappingError",
    "PermissionDenied",
    "carry_over_classifications",
    "classify_items",
    "classify_priorities",
    "create_model_version",
    "delete_item",
    "export_document",
    "import_prestudy",
    "link_priority_to_need",
    "load_analysis_models",
    "parse_document",
    "read_document",
    "save_classification",
    "save_item",
    "save_prioritised_needs",
    "set_version_mappings",
]
