"""Swedish personal identity numbers (personnummer) and coordination numbers
(samordningsnummer): validation, and the two forms in which the module stores them.

A number is accepted as 10 or 12 digits, with or without the separator (``-``, or ``+``
for a person aged 100 or more), e.g. ``20080512-1234``, ``0805121234``, ``080512+1234``.
The check digit follows the Luhn algorithm over the ten digits YYMMDDNNNC; a coordination
number adds 60 to the day (``080572-...``). The canonical form is the twelve digits
without separator; it is never stored as such:

* :func:`match_key` is a keyed HMAC-SHA256 (the key from the environment), used to find a
  person again on import without decrypting anything;
* :func:`encrypt` / :func:`decrypt` keep the number for display, encrypted with
  MultiFernet (the first key encrypts, every listed key decrypts, so keys rotate).

A database dump alone therefore reveals neither the numbers nor who is who.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kunskapsnod.youth.keys import fernet, hmac_key

_PATTERN = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$")


class InvalidIdentityNumber(ValueError):
    """The text is not a valid personal identity or coordination number."""


@dataclass(frozen=True)
class IdentityNumber:
    canonical: str  # twelve digits, YYYYMMDDNNNC
    birth_date: datetime.date
    coordination: bool

    @property
    def masked(self) -> str:
        return f"{self.canonical[:8]}-****"


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def parse(text: str, *, today: datetime.date | None = None) -> IdentityNumber:
    """The identity number written in ``text``; :class:`InvalidIdentityNumber` says why not."""
    raw = (text or "").strip().replace(" ", "")
    found = _PATTERN.match(raw) if raw.isascii() else None
    if found is None:
        raise InvalidIdentityNumber(_("ska ha 10 eller 12 siffror (ÅÅÅÅMMDD-NNNN)"))
    century, yy, mm, dd, separator, serial, check = found.groups()
    if not luhn_ok(f"{yy}{mm}{dd}{serial}{check}"):
        raise InvalidIdentityNumber(_("kontrollsiffran stämmer inte"))
    day = int(dd)
    coordination = day > 60
    if coordination:
        day -= 60
    today = today or datetime.date.today()
    year = int(century + yy) if century else _year_from_two_digits(int(yy), separator, today)
    try:
        born = datetime.date(year, int(mm), day)
    except ValueError:
        raise InvalidIdentityNumber(_("datumet finns inte")) from None
    if born > today:
        raise InvalidIdentityNumber(_("födelsedatumet ligger i framtiden"))
    return IdentityNumber(f"{year:04d}{mm}{dd}{serial}{check}", born, coordination)


def _year_from_two_digits(yy: int, separator: str, today: datetime.date) -> int:
    # Ten digits: the latest century that is not in the future; "+" adds a hundred years.
    year = today.year - (today.year - yy) % 100
    return year - 100 if separator == "+" else year


def is_valid(text: str) -> bool:
    try:
        parse(text)
    except InvalidIdentityNumber:
        return False
    return True


def match_key(canonical: str) -> str:
    """The keyed hash of a canonical number (or of a pupil id): equal input, equal key,
    and nothing to read back."""
    return hmac.new(hmac_key(), canonical.encode(), hashlib.sha256).hexdigest()


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    return fernet().decrypt(token.encode()).decode()
