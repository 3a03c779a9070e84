"""Errors and text normalising shared by the mapping services. Permission checks come
from the one seam, :mod:`kunskapsnod.regions.permissions`."""


class MappingError(ValueError):
    """Input the mapping services refuse; the message says what and where."""


def normalise(text: str) -> str:
    """Text as compared across lists: case and surrounding/inner whitespace ignored."""
    return " ".join(text.split()).casefold()
