"""How numbers and missing values read in Swedish, shared by templates, tables and exports.
Words are translated when used (the active language: Swedish unless English was chosen)."""

import re
from dataclasses import dataclass

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from kunskapsnod.indicators.analysis.common import Measure, Rank

DASH = "–"
# The themes of data/kolada/indicator-set-fullfoljda-studier.csv as the UI names them. The
# file keeps its (partly English) working names; themes already in Swedish are shown as
# they are, or in English when the catalogue has them (THEMES).
THEME_LABELS = {
    "child poverty proxy": gettext_noop("barnfattigdom (ersättningsmått)"),
}
THEME_PATTERNS = [
    (re.compile(r"pre-study (\d+) \(withdrawn\)"), gettext_noop("förstudien, nyckeltal %(n)s (indraget)")),
    (re.compile(r"pre-study (\d+)"), gettext_noop("förstudien, nyckeltal %(n)s")),
    (re.compile(r"successor candidate for (\w+)"), gettext_noop("möjlig efterföljare till %(n)s")),
]
THEMES = (
    gettext_noop("aktivitetsansvar"),
    gettext_noop("egen källa"),  # models.OWN_THEME
    gettext_noop("etablering"),
    gettext_noop("grundskola"),
    gettext_noop("gymnasieskola"),
    gettext_noop("hälsa"),
    gettext_noop("nyanlända"),
    gettext_noop("psykisk hälsa"),
    gettext_noop("socioekonomi"),
    gettext_noop("trygghet/skolenkät"),
    gettext_noop("utbildningsnivå vuxna"),
)


def theme(name: str) -> str:
    """A theme's display name: "pre-study 2" → "förstudien, nyckeltal 2"."""
    if name in THEME_LABELS:
        return _(THEME_LABELS[name])
    for pattern, label in THEME_PATTERNS:
        match = pattern.fullmatch(name)
        if match:
            return _(label) % {"n": match.group(1)}
    return _(name) if name in THEMES else name


def number(value: float | None, decimals: int = 1) -> str:
    """12.345 → "12,3" ("12.3" in English); thousands separated by a no-break space;
    None → "–"."""
    if value is None:
        return DASH
    text = f"{value:,.{decimals}f}".replace(",", "\u00a0")
    if not (get_language() or "sv").startswith("en"):
        text = text.replace(".", ",")
    return text.replace("-", "\u2212")


def signed(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return DASH
    return ("+" if value > 0 else "") + number(value, decimals)


def measure(m: Measure | None) -> str:
    """A value as the tables show it: the number, or why there is none ("sekretess")."""
    if m is None:
        return DASH
    return number(m.value) if not m.missing else m.status_label


def rank(r: Rank | None) -> str:
    return _("%(n)s av %(total)s") % {"n": r.position, "total": r.out_of} if r else DASH


@dataclass(frozen=True)
class Band:
    """One of Kolada's colour bands: the best, middle or worst third of the ranked
    municipalities. The shape and the words carry the meaning; the colour repeats it."""

    key: str  # CSS modifier: rank-best, rank-middle, rank-worst
    symbol: str
    msgid: str

    @property
    def label(self) -> str:
        return _(self.msgid)


BANDS = (
    Band("best", "\u25b2", gettext_noop("bästa tredjedelen")),
    Band("middle", "\u25cf", gettext_noop("mellersta tredjedelen")),
    Band("worst", "\u25bc", gettext_noop("sämsta tredjedelen")),
)


def rank_band(r: Rank | None) -> Band | None:
    """The third a rank falls in (Kolada's green, yellow and red). Ranks follow the
    indicator's direction, so for "lower is better" the best third holds the lowest
    values; an indicator without a direction has no ranks and so no band. Ties share a
    position and therefore a band; with 50 ranked the thirds are 17, 17 and 16."""
    if r is None or r.out_of < 1:
        return None
    return BANDS[min(2, (r.position - 1) * 3 // r.out_of)]


def improved(flag: bool | None) -> str:
    return {True: _("bättre"), False: _("sämre"), None: ""}[flag]


def short_title(title: str) -> str:
    """A Kolada title without its measure, to name an indicator in a sentence or a list:
    "Elever i åk 9 som …, hemkommun, andel (%)" → "Elever i åk 9 som …, hemkommun"."""
    return title.rsplit(",", 1)[0].strip() if "," in title else title


def unit(title: str) -> str:
    """The measure part of a Kolada title: "Elever …, andel (%)" → "Andel (%)"."""
    tail = title.rsplit(",", 1)[-1].strip() if "," in title else _("Värde")
    return tail[:1].upper() + tail[1:]


def cell(m: Measure | None):
    """A table cell for exports: the number, or empty. Why a value is missing goes in the
    table's status column (``statuses``), so that a number column holds only numbers."""
    if m is None or m.missing:
        return None
    return m.value


def statuses(measures: list[tuple[str, Measure | None]]) -> str | None:
    """The status column of a table row: why its missing values are missing, each named,
    e.g. "2019: sekretess; 2020: saknas" (a measure labelled "" gives just the reason);
    empty when nothing is missing for a known reason."""
    notes = [
        f"{label}: {reason}" if label else reason
        for label, m in measures
        if m and m.missing
        for reason in [m.status_label if m.status else _("saknas")]
    ]
    return "; ".join(notes) or None
