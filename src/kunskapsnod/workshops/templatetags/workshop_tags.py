"""Small helpers of the workshop pages: the countdown's filters and request keys."""

import uuid

from django import template

register = template.Library()


@register.filter
def seconds_until(deadline, now) -> int:
    """Whole seconds from ``now`` until ``deadline``, never negative."""
    if deadline is None or now is None:
        return 0
    return max(0, round((deadline - now).total_seconds()))


@register.filter
def mmss(seconds) -> str:
    """A countdown as the eye reads it: 4:05, 1:02:03."""
    seconds = max(0, int(seconds or 0))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.simple_tag
def request_key() -> str:
    """A fresh request key for a form (services.common.checked_request_key): posting the
    same rendered form twice writes once. workshops.js replaces it on every click."""
    return uuid.uuid4().hex
