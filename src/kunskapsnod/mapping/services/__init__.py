"""Every write of the mapping module, and its non-trivial reads (see STYLE.md)."""

from kunskapsnod.mapping.services.common import MappingError, can_manage_models
from kunskapsnod.mapping.services.priorities import classify_priorities, save_prioritised_needs

__all__ = [
    "MappingError",
    "can_manage_models",
    "classify_priorities",
    "save_prioritised_needs",
]
