"""Typed readers for environment variables that fail loudly on bad values.

Every variable the platform reads is documented in docs/configuration.md; a test
checks that the two stay in step.
"""

import os
import re
from email.utils import parseaddr

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer; got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+$")


def env_addresses(name: str, default: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    """Comma-separated e-mail addresses, each bare or as ``Name <address>``, as Django's
    ``ADMINS`` wants them: (name, address) pairs. ``default`` when the variable is not set;
    set and empty means nobody."""
    if name not in os.environ:
        return list(default or [])
    pairs = []
    for item in env_list(name, []):
        display, address = parseaddr(item)
        if not _ADDRESS.match(address):
            raise ImproperlyConfigured(f"{name} must be comma-separated e-mail addresses; got {item!r}")
        pairs.append((display, address))
    return pairs
