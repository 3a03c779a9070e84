"""Who owns a list reference (``Source.workshop_ref``) that another app hands out.

A workshop's saved list is keyed ``workshop:<join code>``. The workshops app registers
how to find the organisation behind such a reference; the mapping never imports the
workshops app (the dependency runs workshops → mapping). An import uses this to refuse a
block whose reference belongs to another municipality than the block's own.
"""

from collections.abc import Callable

from kunskapsnod.regions.models import Organisation

Owner = Callable[[str], Organisation | None]
_OWNERS: dict[str, Owner] = {}


def register_reference_owner(prefix: str, owner: Owner) -> None:
    """``owner(rest)`` answers the organisation behind ``prefix + rest``, or None."""
    _OWNERS[prefix] = owner


def reference_owner(reference: str) -> Organisation | None:
    for prefix, owner in _OWNERS.items():
        if reference.startswith(prefix):
            return owner(reference.removeprefix(prefix))
    return None
