"""User text on its way in: no control characters, no lone surrogates.

Tab, newline and carriage return are text. Every other C0 control character, DEL and the
C1 controls are not: nobody can see them, XML (and so an Excel file) cannot hold most of
them, and PostgreSQL refuses NUL. A vertical tab or form feed (Word's line and page break
pasted into a field) becomes a newline; the others are removed. A lone surrogate (a JSON
``"\\ud800"`` escape) cannot be stored as UTF-8 at all and becomes U+FFFD, the visible
replacement character, so that the reader sees that something was there.

Where it is applied (once per way in, see docs/architecture.md): every request's GET and
POST values by :class:`kunskapsnod.middleware.CleanTextMiddleware` (every form, view, API
parameter and the admin), and every importer's text fields through :func:`clean_text`.
Writers of files (``kunskapsnod.spreadsheets``) clean every cell too, for rows stored
before this rule existed.
"""

import re

_BREAKS = re.compile("[\x0b\x0c]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_ANY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def has_unwanted(value: str) -> bool:
    return _ANY.search(value) is not None


def clean_text(value: str, *, breaks: str = "\n") -> str:
    """``value`` without control characters (tab, newline and CR stay) and without lone
    surrogates. Cheap when there is nothing to clean (one regex search). ``breaks``: what
    a vertical tab or form feed becomes; "" for a whole file before it is parsed as CSV,
    where a new line would split a row."""
    if not has_unwanted(value):
        return value
    return _SURROGATES.sub("\ufffd", _CONTROLS.sub("", _BREAKS.sub(breaks, value)))


def clean_value(value):
    """clean_text for a value of any type: strings are cleaned, the rest passes as is."""
    return clean_text(value) if isinstance(value, str) else value


def clean_data(value):
    """clean_text over decoded JSON: every string in it, keys included."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_data(v) for v in value]
    if isinstance(value, dict):
        return {clean_data(k): clean_data(v) for k, v in value.items()}
    return value


_ID = re.compile(r"[0-9]{1,18}")


def is_ascii_digits(text: str) -> bool:
    """Digits as a code or an id is written (``1490``): str.isdigit() alone also accepts
    "²" and "١٤٩٠", which no Kolada id or database key holds."""
    return text.isascii() and text.isdigit()


def parse_id(value) -> int | None:
    """An id (or a version, a count) sent as text, or None. ASCII digits only, and fewer
    than 19 of them (below 2**63, every database's limit): str.isdigit() also accepts
    "²", which int() refuses, and int() accepts "١٢" and any length."""
    text = value.strip() if isinstance(value, str) else ""
    return int(text) if _ID.fullmatch(text) else None
