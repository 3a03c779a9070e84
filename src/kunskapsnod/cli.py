"""The `kunskapsnod` console script: Django's management commands under one name.

`kunskapsnod kolada sync ...` and `kunskapsnod manage migrate` both work: the first word
is the command (a group such as `kolada` is itself a command with sub-commands)."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kunskapsnod.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.db import OperationalError

    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["manage"]:
        args = args[1:]
    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["kunskapsnod", *args])
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"kunskapsnod: configuration error: {exc}\n")
        raise SystemExit(2) from None
    except OperationalError as exc:
        url = _redacted(os.environ.get("DATABASE_URL", "the default SQLite file"))
        sys.stderr.write(f"kunskapsnod: cannot use the database ({url}): {exc}\n")
        raise SystemExit(2) from None


def _redacted(url: str) -> str:
    """The URL without its password, fit to print."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


if __name__ == "__main__":
    main()
