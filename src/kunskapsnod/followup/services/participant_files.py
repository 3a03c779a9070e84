"""Participant lists as registration tools export them: CSV (semicolon or comma, UTF-8 with
or without BOM, or cp1252) or an Excel workbook, with the columns name, e-mail,
organisation, municipality and role under whatever headers the tool uses.

Reading never writes: it returns the good rows and the broken ones by line, and the
import service keeps the good rows only when the user confirms."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from kunskapsnod.followup.services.plans import FollowupError
from kunskapsnod.text import clean_text

# Folded header → column. Folding: lower case, accents kept (å ä ö matter in Swedish),
# everything but letters and digits removed ("E-postadress:" → "epostadress").
HEADERS = {
    "name": {
        "namn",
        "fullstandigtnamn",
        "fullständigtnamn",
        "deltagare",
        "deltagarnamn",
        "name",
        "fullname",
        "förochefternamn",
        "namnpådeltagare",
        "attendee",
        "attendeename",
    },
    "first_name": {"förnamn", "fornamn", "firstname", "givenname"},
    "last_name": {"efternamn", "lastname", "surname", "familyname"},
    "email": {
        "epost",
        "epostadress",
        "email",
        "emailaddress",
        "emailadress",
        "mail",
        "mailadress",
        "mejl",
        "mejladress",
        "ep",
        "emejl",
    },
    "organisation": {
        "organisation",
        "organization",
        "arbetsgivare",
        "organisationarbetsgivare",
        "arbetsplats",
        "company",
        "företag",
        "foretag",
        "myndighetorganisation",
        "organisationföretag",
        "förvaltningorganisation",
        "verksamhet",
        "employer",
    },
    "municipality": {
        "kommun",
        "municipality",
        "hemkommun",
        "kommunort",
        "ort",
        "kommunregion",
        "verksamkommun",
        "kommundärduarbetar",
    },
    "role": {
        "roll",
        "befattning",
        "titel",
        "yrkesroll",
        "role",
        "title",
        "jobtitle",
        "yrke",
        "funktion",
        "befattningroll",
        "yrkestitel",
    },
}
COLUMNS = {header: column for column, headers in HEADERS.items() for header in headers}
HEADER_SEARCH_ROWS = 10  # some tools put a title row or two above the header


@dataclass
class ParsedRow:
    line: int
    name: str
    email: str
    organisation_name: str
    municipality_name: str
    role: str


@dataclass
class ParsedFile:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # {"line": n, "message": "..."}
    columns: list[str] = field(default_factory=list)

    def rows_as_data(self) -> list[dict]:
        return [asdict(r) for r in self.rows]


def fold_header(text: str) -> str:
    return "".join(ch for ch in clean_text(str(text)).strip().lower() if ch.isalnum())


def read_participant_file(data: bytes, *, file_name: str) -> ParsedFile:
    """The rows of an uploaded participant list; raises FollowupError when the file as a
    whole cannot be read (too large, not text, no header it recognises)."""
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise FollowupError(
            _("Filen %(file)s är för stor (högst %(max)s byte).")
            % {"file": file_name, "max": settings.IMPORT_MAX_BYTES}
        )
    table = _xlsx_table(data, file_name) if data.startswith(b"PK\x03\x04") else _csv_table(data, file_name)
    header_at, columns = _find_header(table, file_name)
    parsed = ParsedFile(columns=[c for c in columns if c])
    width = len(columns)
    for index, cells in enumerate(table[header_at + 1 :], start=header_at + 2):
        if not any(str(c).strip() for c in cells):
            continue
        if len(parsed.rows) + len(parsed.errors) >= settings.IMPORT_MAX_ROWS:
            raise FollowupError(
                _("Filen %(file)s har fler än %(max)s rader.") % {"file": file_name, "max": settings.IMPORT_MAX_ROWS}
            )
        _read_row(parsed, index, cells, columns, width)
    if not parsed.rows and not parsed.errors:
        raise FollowupError(_("Filen %(file)s har inga deltagare under rubrikraden.") % {"file": file_name})
    return parsed


def _read_row(parsed: ParsedFile, line: int, cells: list[str], columns: list[str | None], width: int) -> None:
    extra = [c for c in cells[width:] if str(c).strip()]
    if extra:
        parsed.errors.append({"line": line, "message": _("fler fält än rubrikraden (%(n)s)") % {"n": width}})
        return
    values: dict[str, str] = {}
    for column, cell in zip(columns, cells, strict=False):
        if column:
            values[column] = " ".join(clean_text(str(cell)).split())
    name = values.get("name") or " ".join(p for p in (values.get("first_name"), values.get("last_name")) if p)
    row = ParsedRow(
        line=line,
        name=name[:200],
        email=values.get("email", "")[:254],
        organisation_name=values.get("organisation", "")[:300],
        municipality_name=values.get("municipality", "")[:200],
        role=values.get("role", "")[:200],
    )
    problem = _row_problem(row)
    if problem:
        parsed.errors.append({"line": line, "message": problem})
    else:
        parsed.rows.append(row)


def _row_problem(row: ParsedRow) -> str:
    if not row.organisation_name and not row.municipality_name:
        return _("organisation och kommun saknas")
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            return _("ogiltig e-postadress ”%(value)s”") % {"value": row.email}
    return ""


def _find_header(table: list[list[str]], file_name: str) -> tuple[int, list[str | None]]:
    for index, cells in enumerate(table[:HEADER_SEARCH_ROWS]):
        columns = [COLUMNS.get(fold_header(c)) for c in cells]
        found = {c for c in columns if c}
        if len(found) >= 2 and found & {"organisation", "municipality"}:
            seen: set[str] = set()
            unique = []
            for column in columns:  # a second column with the same meaning is ignored
                unique.append(column if column and column not in seen else None)
                seen.add(column or "")
            return index, unique
    raise FollowupError(
        _(
            "Filen %(file)s saknar en rubrikrad med kolumnerna för deltagarna (t.ex. Namn, E-post, "
            "Organisation, Kommun, Roll)."
        )
        % {"file": file_name}
    )


def _decode(data: bytes, file_name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FollowupError(_("Filen %(file)s är inte text i UTF-8 eller Windows-1252.") % {"file": file_name})


def _csv_table(data: bytes, file_name: str) -> list[list[str]]:
    text = _decode(data, file_name)
    if "\x00" in text:
        raise FollowupError(_("Filen %(file)s är inte en CSV- eller Excelfil.") % {"file": file_name})
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    # The delimiter is the one the header (the line with the most candidates) uses most.
    header_line = max(lines[:HEADER_SEARCH_ROWS], key=lambda line: sum(line.count(d) for d in ";,\t"))
    delimiter = max((";", ",", "\t"), key=header_line.count)
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise FollowupError(
            _("Filen %(file)s kan inte läsas som CSV (%(error)s).") % {"file": file_name, "error": exc}
        ) from None


def _xlsx_table(data: bytes, file_name: str) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        table = []
        for row in sheet.iter_rows(values_only=True):
            table.append(["" if c is None else clean_text(str(c)) for c in row])
            if len(table) > settings.IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS:
                break
        return table
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise FollowupError(_("Filen %(file)s är ingen läsbar Excelfil.") % {"file": file_name}) from None


# --- Names of organisations and municipalities --------------------------------------------

_SPACES = re.compile(r"\s+")


def fold_name(text: str) -> str:
    """The key under which an organisation's name is matched and remembered: case,
    spacing, surrounding punctuation and Unicode forms do not matter."""
    text = unicodedata.normalize("NFC", clean_text(text)).lower()
    return _SPACES.sub(" ", text).strip(" .,;:-–\"'”")[:300]


MUNICIPALITY_SUFFIXES = (" kommun", " stad", " municipality", " kommunförvaltning")


def municipality_keys(text: str) -> list[str]:
    """The keys a municipality may be named by: "Borås Stad", "Marks kommun", "Göteborgs
    stad", "Alingsås kommun" → borås, mark (or marks), göteborg, alingsås; the name as it
    is comes first ("Mariestad")."""
    key = fold_name(text)
    keys = [key]
    for suffix in MUNICIPALITY_SUFFIXES:
        if key.endswith(suffix):
            stem = key[: -len(suffix)].strip()
            keys.append(stem)
            if stem.endswith("s"):
                keys.append(stem[:-1])
    return keys
