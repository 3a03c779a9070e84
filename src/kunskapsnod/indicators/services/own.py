"""Own indicators: statistics from other sources than Kolada (child health, pupils'
wellbeing surveys, the CAN drug survey) that node staff define and import themselves.

An own indicator belongs to an association (its ``owner``): node staff define indicators
for their own association, administrators for any. Only they may change it or import its
values, through these services; every change is audited. Its code starts with
``OWN_PREFIX`` so it can never collide with a Kolada id, and Kolada's sync and import never
write its values (``import_kolada_values`` only knows Kolada's KPIs)."""

import re
from collections.abc import Iterable

from auditlog.context import set_actor
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kunskapsnod.indicators.models import OWN_PREFIX, OWN_THEME, Indicator
from kunskapsnod.indicators.services.errors import ImportDataError
from kunskapsnod.indicators.services.importing import ImportSummary, import_values
from kunskapsnod.indicators.services.rows import ValueRow
from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.permissions import require_change, require_node_staff
from kunskapsnod.text import clean_text

WHAT = "egna indikatorer"
CODE_PATTERN = re.compile(r"^[A-Z0-9]+(-[A-Z0-9]+)*$")
_code_max = Indicator._meta.get_field("code").max_length
assert _code_max is not None  # a CharField's
CODE_MAX: int = _code_max
# Own indicators follow the Kolada set on the statistics pages, in the order they are made.
FIRST_SORT_ORDER = 1000
EDITABLE = ("title", "unit", "higher_is_better", "source", "description", "contact", "theme")


def own_code(text: str) -> str:
    """What a user typed as a code, as stored: upper case, spaces as hyphens, with the
    prefix ("can alkohol" → "EGEN-CAN-ALKOHOL"). Raises ValidationError if unusable."""
    code = "-".join(clean_text(text).strip().upper().split())
    if not code.startswith(OWN_PREFIX):
        code = OWN_PREFIX + code
    if len(code) > CODE_MAX or not CODE_PATTERN.match(code) or code == OWN_PREFIX.rstrip("-"):
        raise ValidationError(
            _("Koden får bestå av A–Z, 0–9 och bindestreck och bli högst %(n)s tecken med %(prefix)s först.")
            % {"n": CODE_MAX, "prefix": OWN_PREFIX},
            code="invalid",
        )
    return code


def owner_choices(user) -> list[Organisation]:
    """The associations ``user`` may make an own indicator for (node staff: their own;
    administrators: all)."""
    return list(Organisation.objects.writable_by(user).associations().order_by("name"))


def _require(actor, owner: Organisation | None) -> None:
    require_node_staff(actor, what=WHAT)
    require_change(actor, owner, what=WHAT)


def _clean(fields: dict) -> dict:
    cleaned = {name: fields[name] for name in EDITABLE if name in fields}
    for name in ("title", "unit", "source", "description", "contact", "theme"):
        if name in cleaned:  # no control characters from any way in (kunskapsnod/text.py)
            cleaned[name] = clean_text(cleaned[name] or "").strip()
    if "title" in cleaned and not cleaned["title"]:
        raise ValidationError(_("Ange en titel."), code="required")
    if "source" in cleaned and not cleaned["source"]:
        raise ValidationError(_("Ange källan: var värdena kommer ifrån."), code="required")
    if "theme" in cleaned and not cleaned["theme"]:
        cleaned["theme"] = OWN_THEME
    return cleaned


@transaction.atomic
def create_own_indicator(
    *,
    actor,
    owner: Organisation,
    code: str,
    title: str,
    source: str,
    unit: str = "",
    higher_is_better: bool | None = None,
    description: str = "",
    contact: str = "",
    theme: str = "",
) -> Indicator:
    """A new own indicator of ``owner`` (an association), shown on every statistics page
    after the Kolada set."""
    _require(actor, owner)
    if not owner.is_association:
        raise ValidationError(_("En egen indikator ägs av ett kommunalförbund."), code="owner")
    code = own_code(code)
    if Indicator.objects.filter(code=code).exists():
        raise ValidationError(_("Koden %(code)s finns redan.") % {"code": code}, code="unique")
    fields = _clean(
        {
            "title": title,
            "unit": unit,
            "higher_is_better": higher_is_better,
            "source": source,
            "description": description,
            "contact": contact,
            "theme": theme,
        }
    )
    last = Indicator.objects.own().aggregate(last=Max("sort_order"))["last"]
    with set_actor(actor):
        return Indicator.objects.create(
            code=code,
            owner=owner,
            in_default_set=True,
            in_kolada=False,
            sort_order=max(FIRST_SORT_ORDER, (last or 0) + 1),
            **fields,
        )


@transaction.atomic
def update_own_indicator(*, actor, indicator: Indicator, **fields) -> Indicator:
    """Change an own indicator's description (title, unit, direction, source, definition,
    contact, theme). Its code stays: files, links and exports name it."""
    indicator = Indicator.objects.own().select_for_update().get(pk=indicator.pk)
    _require(actor, indicator.owner)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    changed = {name: value for name, value in _clean(fields).items() if getattr(indicator, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(indicator, name, value)
        with set_actor(actor):
            indicator.save(update_fields=list(changed))
    return indicator


def import_own_values(*, actor, indicator: Indicator, rows: Iterable[ValueRow], file: str) -> ImportSummary:
    """Values of one own indicator from a file in the long format of Kolada's CSV import
    (kpi, municipality_id, period, gender, value, status); atomic and idempotent as that
    import is. Every row must name this indicator in its ``kpi`` column."""
    if not indicator.is_own:
        raise ImportDataError(f"{indicator.code} is a Kolada KPI; its values come from Kolada", file=file)
    _require(actor, indicator.owner)
    checked = [_this_indicator(row, indicator, file) for row in rows]
    if len(checked) > settings.IMPORT_MAX_ROWS:
        raise ImportDataError(
            f"{len(checked)} rows; one file may hold at most {settings.IMPORT_MAX_ROWS} (KUNSKAPSNOD_IMPORT_MAX_ROWS)",
            file=file,
        )
    with set_actor(actor):
        return import_values(
            rows=checked,
            indicators=Indicator.objects.own().filter(pk=indicator.pk),
            source=f"{indicator.code}: {file}",
            file=file,
            actor=actor,
        )


def _this_indicator(row: ValueRow, indicator: Indicator, file: str) -> ValueRow:
    if row.kpi.strip().upper() != indicator.code:
        raise ImportDataError(
            f"{row.kpi!r} is not this indicator; every row must name {indicator.code}",
            file=file,
            where=row.where,
            field="kpi",
        )
    return row._replace(kpi=indicator.code)
