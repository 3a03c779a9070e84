"""The pre-study document: parsing and validating it before anything is written.

The shape is that of data/sjuharad-forstudie-2022.json. Optional keys carry what the
platform adds (actors, age group, scope, classifications, dot counts, a block's own
source label, workshop reference or document source "dokumentkalla" when it is not the
document's "kalla", e.g. "" for items typed by hand or from a workshop), so an export
holds everything and the real file, which has none of them, is exported back to exactly
itself.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from kunskapsnod.mapping.models import TEXT_MAX, Actor, AgeGroup, Kind, Scope
from kunskapsnod.mapping.services.common import MappingError
from kunskapsnod.text import clean_text

SECTIONS = {
    # section key → (item kind, list key, default source label)
    "insatser_steg1": (Kind.INTERVENTION, "insatser", "Workshop steg 1: insatser och behov"),
    "behov_steg1": (Kind.NEED, "behov", "Workshop steg 1: insatser och behov"),
    "prioriteringar_steg2": (
        None,
        "prioriteringar",
        "Workshop steg 2: prioritering av delregionala behov",
    ),
}
ITEM_SECTIONS = ("insatser_steg1", "behov_steg1")
PRIORITY_SECTION = "prioriteringar_steg2"
# Ranks, dot counts and versions are stored as 32-bit integers on every database.
INTEGER_MAX = 2_147_483_647


class DocumentError(MappingError):
    """Bad input; the message names the item (by index path) and the field."""


@dataclass
class ClassificationIn:
    version: int
    themes: list[str]
    level: str | None


@dataclass
class EntryIn:
    text: str
    parts: list["EntryIn"] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    target_age: str = ""
    scope: str = ""
    classifications: list[ClassificationIn] = field(default_factory=list)
    rank: int | None = None
    dots: int | None = None


@dataclass
class BlockIn:
    section: str
    municipality: str
    date: datetime.date | None
    label: str
    workshop_ref: str | None
    entries: list[EntryIn]
    citation: str | None = None  # the block's own document source; None: the document's "kalla"
    where: str = ""  # "behov_steg1[3]": how messages name the block


@dataclass
class DocumentIn:
    citation: str
    blocks: list[BlockIn]


def parse_document(data) -> DocumentIn:
    """Validate the whole document; raise DocumentError at the first fault."""
    if not isinstance(data, dict):
        raise DocumentError(_("dokumentet måste vara ett JSON-objekt"))
    unknown = set(data) - {"kalla", *SECTIONS}
    if unknown:
        raise DocumentError(_("okänd nyckel på översta nivån: %(keys)s") % {"keys": ", ".join(sorted(unknown))})
    citation = _string(data.get("kalla", ""), "kalla", required=False)
    blocks = []
    for section in SECTIONS:
        raw_blocks = data.get(section, [])
        if not isinstance(raw_blocks, list):
            raise DocumentError(_("%(where)s: måste vara en lista") % {"where": section})
        blocks += [_block(section, i, raw) for i, raw in enumerate(raw_blocks)]
    check_row_count(sum(1 + len(e.parts) for b in blocks for e in b.entries))
    return DocumentIn(citation=citation, blocks=blocks)


def check_row_count(rows: int) -> None:
    """One import may write at most KUNSKAPSNOD_IMPORT_MAX_ROWS items and priorities (sub-items
    included): it bounds how long an import holds the database."""
    if rows > settings.IMPORT_MAX_ROWS:
        raise DocumentError(
            _("filen har fler än %(n)s poster; dela upp den i flera filer (t.ex. per kommun)")
            % {"n": settings.IMPORT_MAX_ROWS}
        )


def _block(section: str, index: int, raw) -> BlockIn:
    where = f"{section}[{index}]"
    if not isinstance(raw, dict):
        raise DocumentError(_("%(where)s: måste vara ett objekt") % {"where": where})
    kind, list_key, default_label = SECTIONS[section]
    municipality = _string(raw.get("kommun"), f"{where}.kommun")
    date = _date(raw.get("datum"), f"{where}.datum", required=kind is None)
    label = _string(raw.get("kalla", default_label), f"{where}.kalla", max_length=300)
    ref = raw.get("workshop")
    if ref is not None:
        ref = _string(ref, f"{where}.workshop", max_length=100)
    citation = raw.get("dokumentkalla")
    if citation is not None:
        citation = _string(citation, f"{where}.dokumentkalla", required=False)
    entries = raw.get(list_key)
    if not isinstance(entries, list):
        raise DocumentError(_("%(where)s: måste vara en lista") % {"where": f"{where}.{list_key}"})
    parse = _priority if kind is None else _entry
    parsed = [parse(e, f"{where}.{list_key}[{i}]", kind) for i, e in enumerate(entries)]
    if kind is None:
        _check_ranks(parsed, f"{where}.{list_key}")
    return BlockIn(section, municipality, date if date else None, label, ref, parsed, citation, where)


def _entry(raw, where: str, kind, *, allow_parts: bool = True) -> EntryIn:
    if isinstance(raw, str) and not allow_parts:
        raw = {"text": raw}
    if not isinstance(raw, dict):
        raise DocumentError(_("%(where)s: måste vara ett objekt") % {"where": where})
    entry = EntryIn(text=_text(raw.get("text"), f"{where}.text"))
    entry.actors = _choices(raw.get("aktorer", []), f"{where}.aktorer", Actor)
    entry.target_age = _choice(raw.get("malgrupp", ""), f"{where}.malgrupp", AgeGroup)
    if "omfang" in raw and kind != Kind.NEED:
        raise DocumentError(_("%(where)s.omfang: bara behov kan vara internt eller delregionalt") % {"where": where})
    entry.scope = _choice(raw.get("omfang", ""), f"{where}.omfang", Scope)
    entry.classifications = _classifications(raw.get("klassificering", []), f"{where}.klassificering")
    entry.parts = _parts(raw, where, lambda r, w: _entry(r, w, kind, allow_parts=False), allow_parts)
    return entry


def _priority(raw, where: str, kind=None, *, top: bool = True) -> EntryIn:
    if isinstance(raw, str) and not top:
        raw = {"text": raw}
    if not isinstance(raw, dict):
        raise DocumentError(_("%(where)s: måste vara ett objekt") % {"where": where})
    entry = EntryIn(text=_text(raw.get("text"), f"{where}.text"))
    if top:
        entry.rank = _integer(raw.get("rang"), f"{where}.rang", minimum=1)
    if raw.get("pluppar") is not None:
        entry.dots = _integer(raw.get("pluppar"), f"{where}.pluppar", minimum=0)
    entry.classifications = _classifications(raw.get("klassificering", []), f"{where}.klassificering")
    entry.parts = _parts(raw, where, lambda r, w: _priority(r, w, top=False), top)
    return entry


def _parts(raw: dict, where: str, parse, allowed: bool) -> list[EntryIn]:
    parts = raw.get("delar", [])
    if parts and not allowed:
        raise DocumentError(_("%(where)s.delar: delar kan bara ligga en nivå under en post") % {"where": where})
    if not isinstance(parts, list):
        raise DocumentError(_("%(where)s: måste vara en lista") % {"where": f"{where}.delar"})
    return [parse(p, f"{where}.delar[{j}]") for j, p in enumerate(parts)]


def _check_ranks(entries: list[EntryIn], where: str) -> None:
    seen: dict[int | None, int] = {}
    for i, entry in enumerate(entries):
        if entry.rank in seen:
            raise DocumentError(
                _("%(where)s[%(i)s].rang: rang %(rank)s finns redan på [%(other)s]")
                % {"where": where, "i": i, "rank": entry.rank, "other": seen[entry.rank]}
            )
        seen[entry.rank] = i


def _classifications(raw, where: str) -> list[ClassificationIn]:
    if not isinstance(raw, list):
        raise DocumentError(_("%(where)s: måste vara en lista") % {"where": where})
    result = []
    for i, c in enumerate(raw):
        if not isinstance(c, dict):
            raise DocumentError(_("%(where)s: måste vara ett objekt") % {"where": f"{where}[{i}]"})
        themes = c.get("teman")
        if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
            raise DocumentError(_("%(where)s: måste vara en lista av texter") % {"where": f"{where}[{i}].teman"})
        themes = [clean_text(t) for t in themes]
        level = c.get("niva")
        if level is not None:
            level = _string(level, f"{where}[{i}].niva")
        result.append(ClassificationIn(_integer(c.get("version"), f"{where}[{i}].version", 1), themes, level))
    return result


def _string(value, where: str, *, required: bool = True, max_length: int | None = None) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise DocumentError(
            _("%(where)s: måste vara en text, inte %(type)s") % {"where": where, "type": type(value).__name__}
        )
    value = clean_text(value).strip()
    if required and not value:
        raise DocumentError(_("%(where)s: värde saknas") % {"where": where})
    if max_length is not None and len(value) > max_length:
        raise DocumentError(_("%(where)s: texten är längre än %(n)s tecken") % {"where": where, "n": max_length})
    return value


def _text(value, where: str) -> str:
    if value is None:
        raise DocumentError(_("%(where)s: text saknas") % {"where": where})
    text = _string(value, where)
    if len(text) > TEXT_MAX:
        raise DocumentError(_("%(where)s: texten är längre än %(n)s tecken") % {"where": where, "n": TEXT_MAX})
    return text


def _integer(value, where: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DocumentError(
            _("%(where)s: måste vara ett heltal, inte %(value)s") % {"where": where, "value": _shown(value)}
        )
    if value < minimum:
        raise DocumentError(_("%(where)s: måste vara minst %(n)s") % {"where": where, "n": minimum})
    if value > INTEGER_MAX:
        raise DocumentError(_("%(where)s: får vara högst %(n)s") % {"where": where, "n": INTEGER_MAX})
    return value


def _shown(value) -> str:
    """A bad value as a message shows it: short, whatever was sent."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _date(value, where: str, *, required: bool) -> datetime.date | None:
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise DocumentError(
            _("%(where)s: måste vara ett datum ÅÅÅÅ-MM-DD, inte %(value)s") % {"where": where, "value": _shown(value)}
        )
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise DocumentError(
            _("%(where)s: %(value)s är inte ett datum ÅÅÅÅ-MM-DD") % {"where": where, "value": _shown(value)}
        ) from None


def _choice(value, where: str, choices) -> str:
    if value in ("", None):
        return ""
    if not isinstance(value, str) or value not in choices.values:
        raise DocumentError(
            _("%(where)s: %(value)s är inte ett av %(choices)s")
            % {"where": where, "value": _shown(value), "choices": ", ".join(choices.values)}
        )
    return value


def _choices(values, where: str, choices) -> list[str]:
    if not isinstance(values, list):
        raise DocumentError(_("%(where)s: måste vara en lista") % {"where": where})
    return [_choice(v, f"{where}[{i}]", choices) for i, v in enumerate(values)]
