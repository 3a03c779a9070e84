"""What an uploaded attachment is, decided by its content, never by its name.

Only PDF and Office documents (OOXML: docx, xlsx, pptx; ODF: odt, ods, odp) pass:

1. the size: at most ``KUNSKAPSNOD_ATTACHMENT_MAX_BYTES``, and not empty;
2. the name: a plain file name (no path, no ``..``, no control characters), since a name
   that tries to climb directories is an attack, not a typo;
3. the first bytes, identified by ``puremagic`` (a pure-Python signature database, kept
   up to date, that also names what a refused file is: "Windows Executable", "ELF
   executable"): a PDF must be one from its first byte; OOXML and ODF are zip files;
4. for a zip, its directory, read without extracting anything: at most
   ``ZIP_MAX_ENTRIES`` entries, ``ZIP_MAX_TOTAL`` bytes uncompressed in all and a
   compression ratio of at most ``ZIP_MAX_RATIO`` (a zip bomb claims gigabytes from a few
   kilobytes), no encrypted entries, and the structure of the format: OOXML has
   ``[Content_Types].xml`` and the main part of a Word, Excel or PowerPoint file
   (macro-enabled variants are refused); ODF has a ``mimetype`` entry naming a text,
   spreadsheet or presentation document.

Every refusal is an :class:`AttachmentError` whose Swedish message names the file.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

import puremagic
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ZIP_MAX_ENTRIES = 5_000
ZIP_MAX_TOTAL = 300 * 1024 * 1024
ZIP_MAX_RATIO = 100
# Small parts we read to check the structure; a real one is a few kilobytes.
PART_MAX = 1024 * 1024
NAME_MAX = 150

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
# OOXML: the main part each format must have, and its content type in [Content_Types].xml.
OOXML_MAIN_PARTS = {
    "docx": ("word/document.xml", CONTENT_TYPES["docx"] + ".main+xml"),
    "xlsx": ("xl/workbook.xml", CONTENT_TYPES["xlsx"] + ".main+xml"),
    "pptx": ("ppt/presentation.xml", CONTENT_TYPES["pptx"] + ".main+xml"),
}
ODF_TYPES = {CONTENT_TYPES[kind]: kind for kind in ("odt", "ods", "odp")}
ACCEPTED = gettext_lazy("PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx) eller OpenDocument (.odt, .ods, .odp)")

_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f/\\]")
_NOT_IN_NAMES = re.compile(r'[<>:"|?*]')


class AttachmentError(ValueError):
    """An attachment refused; the message names the file and says why, in Swedish."""


@dataclass(frozen=True)
class Inspected:
    kind: str
    content_type: str
    name: str  # the display name: cleaned, with the extension of what the file is


def max_bytes() -> int:
    return settings.KUNSKAPSNOD_ATTACHMENT_MAX_BYTES


def inspect_upload(file: IO[bytes], *, name: str, size: int) -> Inspected:
    """Check ``file`` (seekable, at any position) and return what it is; raise
    :class:`AttachmentError` otherwise. ``name`` is the name the user gave, unchanged."""
    shown = display_name(name)
    if size <= 0:
        raise AttachmentError(_("Filen ”%(name)s” är tom.") % {"name": shown})
    if size > max_bytes():
        raise AttachmentError(
            _("Filen ”%(name)s” är %(size)s; en bilaga får vara högst %(max)s.")
            % {"name": shown, "size": filesizeformat(size), "max": filesizeformat(max_bytes())}
        )
    check_name(name)
    file.seek(0)
    head = file.read(4096)
    file.seek(0)
    if head.startswith(b"%PDF-") and _identified_as(head, "application/pdf"):
        kind = "pdf"
    elif head.startswith(b"PK\x03\x04"):
        kind = _inspect_zip(file, shown)
    else:
        raise AttachmentError(
            _("Filen ”%(name)s” är %(what)s. Bilagor får bara vara %(accepted)s.")
            % {"name": shown, "what": _what_it_is(head), "accepted": ACCEPTED}
        )
    file.seek(0)
    return Inspected(kind=kind, content_type=CONTENT_TYPES[kind], name=_with_extension(shown, kind))


def check_name(name: str) -> None:
    """Refuse a name that is a path (``../../etc/passwd.pdf``, ``C:\\x.pdf``) or hides
    characters; such a name is never anyone's honest file name."""
    shown = display_name(name)
    parts = re.split(r"[/\\]", name)
    if _UNSAFE_NAME.search(name) or any(part in {"..", "."} for part in parts) or name.startswith("~"):
        raise AttachmentError(
            _(
                "Filen ”%(name)s” har ett otillåtet namn (%(quoted)s): "
                "ett filnamn får inte innehålla sökvägar, ”..” eller kontrolltecken."
            )
            % {"name": shown, "quoted": _quote(name)}
        )
    if not name.strip(" ."):
        raise AttachmentError(_("Filen saknar namn."))


def display_name(name: str) -> str:
    """The name to show and to offer on download: the last path part, NFC, without
    control characters and characters that file systems refuse, at most NAME_MAX long
    (the extension kept)."""
    base = re.split(r"[/\\]", unicodedata.normalize("NFC", name or ""))[-1]
    base = _NOT_IN_NAMES.sub("_", _UNSAFE_NAME.sub("", base)).strip(" .")
    base = " ".join(base.split())
    if len(base) > NAME_MAX:
        stem, dot, ext = base.rpartition(".")
        ext = ext[:10] if dot else ""
        base = (stem if dot else base)[: NAME_MAX - len(ext) - 1].rstrip(" .") + (f".{ext}" if ext else "")
    return base or "bilaga"


def _with_extension(name: str, kind: str) -> str:
    """The content decides the type; a PDF called rapport.docx is offered as rapport.docx.pdf."""
    if name.lower().endswith(f".{kind}"):
        return name
    return f"{name[: NAME_MAX - len(kind) - 1]}.{kind}"


def _quote(name: str) -> str:
    return repr(name[:200])


def _identified_as(head: bytes, mime: str) -> bool:
    try:
        return any(match.mime_type == mime for match in puremagic.magic_string(head))
    except puremagic.PureError:
        return False


def _what_it_is(head: bytes) -> str:
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF") or head[:4] in _MACHO:
        return _("ett program (en körbar fil), inte ett dokument")
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        matches = []
    if matches and matches[0].name:
        return _("enligt sitt innehåll av typen ”%(type)s”") % {"type": matches[0].name}
    return _("av en typ som inte går att känna igen")


_MACHO = {b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe"}


def _inspect_zip(file: IO[bytes], shown: str) -> str:
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise AttachmentError(
            _("Filen ”%(name)s” är en skadad zip-fil och inget Office-dokument.") % {"name": shown}
        ) from exc
    with archive:
        infos = archive.infolist()
        _check_zip_sizes(infos, shown)
        names = {info.filename for info in infos}
        if "[Content_Types].xml" in names:
            return _ooxml_kind(archive, names, shown)
        if "mimetype" in names:
            return _odf_kind(archive, shown)
    raise AttachmentError(
        _("Filen ”%(name)s” är en zip-fil men inget Office-dokument. Bilagor får bara vara %(accepted)s.")
        % {"name": shown, "accepted": ACCEPTED}
    )


def _check_zip_sizes(infos: list[zipfile.ZipInfo], shown: str) -> None:
    if len(infos) > ZIP_MAX_ENTRIES:
        raise AttachmentError(
            _("Filen ”%(name)s” innehåller %(n)s delar; högst %(max)s tillåts.")
            % {"name": shown, "n": len(infos), "max": ZIP_MAX_ENTRIES}
        )
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if total > ZIP_MAX_TOTAL or total > ZIP_MAX_RATIO * max(packed, 1):
        raise AttachmentError(
            _("Filen ”%(name)s” packas upp till %(total)s från %(packed)s och liknar en zip-bomb; den sparades inte.")
            % {"name": shown, "total": filesizeformat(total), "packed": filesizeformat(packed)}
        )
    if any(info.flag_bits & 0x1 for info in infos):
        raise AttachmentError(
            _("Filen ”%(name)s” är krypterad eller lösenordsskyddad och kan inte granskas.") % {"name": shown}
        )


def _read_part(archive: zipfile.ZipFile, name: str, shown: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > PART_MAX:
        raise AttachmentError(
            _("Filen ”%(name)s” har en orimligt stor del (%(part)s).") % {"name": shown, "part": name}
        )
    try:
        with archive.open(info) as part:
            return part.read(PART_MAX + 1)[:PART_MAX]
    except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError, ValueError) as exc:
        raise AttachmentError(
            _("Filen ”%(name)s” är skadad (%(part)s går inte att läsa).") % {"name": shown, "part": name}
        ) from exc


def _ooxml_kind(archive: zipfile.ZipFile, names: set[str], shown: str) -> str:
    types = _read_part(archive, "[Content_Types].xml", shown).decode("utf-8", "replace")
    if "macroenabled" in types.lower() or "vbaproject" in types.lower():
        raise AttachmentError(
            _("Filen ”%(name)s” innehåller makron; spara den utan makron (.docx, .xlsx, .pptx).") % {"name": shown}
        )
    for kind, (part, main_type) in OOXML_MAIN_PARTS.items():
        if part in names and main_type in types:
            return kind
    raise AttachmentError(
        _("Filen ”%(name)s” är inget Word-, Excel- eller PowerPoint-dokument som går att känna igen.") % {"name": shown}
    )


def _odf_kind(archive: zipfile.ZipFile, shown: str) -> str:
    mimetype = _read_part(archive, "mimetype", shown).decode("ascii", "replace").strip()
    kind = ODF_TYPES.get(mimetype)
    if kind is None:
        raise AttachmentError(
            _("Filen ”%(name)s” är ett OpenDocument av en typ som inte tas emot (%(type)s).")
            % {"name": shown, "type": mimetype[:80]}
        )
    if "META-INF/manifest.xml" not in archive.namelist():
        raise AttachmentError(
            _("Filen ”%(name)s” saknar sin innehållsförteckning (META-INF/manifest.xml).") % {"name": shown}
        )
    return kind
