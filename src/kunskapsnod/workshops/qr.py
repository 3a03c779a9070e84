"""The join link as a QR code: an inline SVG drawn on the server by segno (pure Python,
no dependencies; also used for the youth module's enrolment code)."""

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str) -> SafeString:
    """An SVG that scales with its box (no fixed size), dark on light, with a quiet zone.
    segno escapes nothing it does not draw: the URL is only encoded in the modules."""
    code = segno.make(url, error="m")
    return mark_safe(code.svg_inline(scale=1, omitsize=True, dark="#000", light="#fff", border=2))  # noqa: S308
