"""Sending a survey out: a list of e-mail addresses in (a CSV or text file, one address a
row or an address column), one-time links out through Django's e-mail backend (the
console in the demo). The addresses are read and checked before anything is written:
every bad row is reported by its line number and the good ones are shown for the user to
confirm; an address is invited once per survey, however often it is uploaded."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kunskapsnod.accounts.models import User
from kunskapsnod.surveys.models import Invitation, Survey
from kunskapsnod.surveys.services.building import require_survey_staff
from kunskapsnod.surveys.services.errors import SurveyError
from kunskapsnod.surveys.services.tokens import address_hash, new_token, token_hash
from kunskapsnod.text import clean_text

ADDRESS_HEADERS = {"e-post", "epost", "e-postadress", "email", "e-mail", "mail", "adress"}
ADDRESS_MAX_LENGTH = 254


@dataclass
class AddressList:
    """What a file of addresses holds: the good addresses (lower case, each once, in file
    order), the rows refused with their line number and why, and how many repeated."""

    addresses: list[str] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)
    repeated: int = 0


@dataclass
class Sent:
    sent: int = 0
    already_invited: int = 0
    failed: list[str] = field(default_factory=list)


def read_addresses(data: bytes) -> AddressList:
    """The addresses in a file as Excel or a mail program writes them: UTF-8 (with or
    without BOM) or cp1252, separated by ``;``, ``,`` or tabs, an optional header row;
    in a row of several cells the address column (by its header, else the cell with @)."""
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise SurveyError(_("Filen är för stor (högst %(max)s byte).") % {"max": settings.IMPORT_MAX_BYTES})
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise SurveyError(_("Filen kan inte läsas som CSV (rad %(line)s).") % {"line": reader.line_num}) from exc
    if len(rows) > settings.IMPORT_MAX_ROWS:
        raise SurveyError(_("Filen har för många rader (högst %(max)s).") % {"max": settings.IMPORT_MAX_ROWS})
    column = _address_column(rows[0]) if rows else None
    result, seen = AddressList(), set()
    for line, row in enumerate(rows, start=1):
        if line == 1 and column is not None:
            continue
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        address = _pick(cells, column)
        problem = _problem(address)
        if problem:
            result.problems.append((line, address or ";".join(cells), problem))
        elif address.lower() in seen:
            result.repeated += 1
        else:
            seen.add(address.lower())
            result.addresses.append(address.lower())
    return result


@transaction.atomic
def send_invitations(*, actor: User, survey: Survey, addresses: list[str], link_base: str) -> Sent:
    """One one-time link to each address not already invited to ``survey`` (open).
    ``link_base``: the site's address, e.g. ``https://nod.example.se``. An address whose
    mail the backend refuses gets no invitation, so it can be sent again later."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    require_survey_staff(actor, survey.organisation_id)
    if not survey.is_open:
        raise SurveyError(_("Inbjudningar kan bara skickas medan enkäten är öppen."))
    bad = [a for a in addresses if _problem(a)]
    if bad:
        raise SurveyError(_("Ogiltig e-postadress: %(address)s") % {"address": bad[0]})
    unique = list(dict.fromkeys(a.strip().lower() for a in addresses))
    taken = set(
        survey.invitations.filter(email_hash__in=[address_hash(a) for a in unique]).values_list("email_hash", flat=True)
    )
    report = Sent(already_invited=sum(address_hash(a) in taken for a in unique))
    connection = get_connection()
    today = timezone.localdate()
    for address in (a for a in unique if address_hash(a) not in taken):
        token = new_token()
        invitation = Invitation.objects.create(
            survey=survey, token_hash=token_hash(token), email_hash=address_hash(address), email=address, sent_on=today
        )
        if _send(
            connection, survey, address, link_base.rstrip("/") + reverse("surveys:respond", kwargs={"token": token})
        ):
            report.sent += 1
        else:
            invitation.delete()
            report.failed.append(address)
    return report


def _send(connection, survey: Survey, address: str, link: str) -> bool:
    context = {"survey": survey, "link": link, "operator": settings.OPERATOR}
    message = EmailMessage(
        subject=_("Enkät: %(title)s") % {"title": survey.title},
        body=render_to_string("surveys/invitation_email.txt", context),
        to=[address],
        connection=connection,
    )
    try:
        message.send()
    except Exception:  # noqa: BLE001 - any backend failure: this address is not invited
        return False
    return True


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return clean_text(text, breaks="").replace("\x00", "")


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max(";,\t", key=first.count) if any(d in first for d in ";,\t") else ";"


def _address_column(header: list[str]) -> int | None:
    names = [c.strip().lower() for c in header]
    return next((i for i, name in enumerate(names) if name in ADDRESS_HEADERS), None)


def _pick(cells: list[str], column: int | None) -> str:
    if column is not None:
        return cells[column] if column < len(cells) else ""
    with_at = [c for c in cells if "@" in c]
    return with_at[0] if with_at else next(c for c in cells if c)


def _problem(address: str) -> str:
    if not address:
        return _("adressen saknas")
    if len(address) > ADDRESS_MAX_LENGTH:
        return _("adressen är för lång")
    try:
        validate_email(address)
    except ValidationError:
        return _("ogiltig e-postadress")
    return ""
