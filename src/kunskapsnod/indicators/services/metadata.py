"""Kolada KPI metadata and the node's default indicator set."""

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from kunskapsnod.indicators.models import Indicator
from kunskapsnod.indicators.services.errors import ImportDataError

KOLADA_DIR = Path(settings.DATA_DIR) / "kolada"
_FIELDS = [
    "title",
    "description",
    "is_divided_by_gender",
    "municipality_type",
    "auspice",
    "operating_area",
    "perspective",
    "publication_period",
    "publication_date",
    "higher_is_better",
    "direction_reason",
    "in_default_set",
    "theme",
    "sort_order",
    "discontinued_after",
    "successor_code",
    "in_kolada",
]


@dataclass
class MetadataSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _read_csv(path: Path) -> list[tuple[int, dict]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(enumerate(csv.DictReader(handle), start=2))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ImportDataError(str(exc), file=path.name) from None


def _bool(path: Path, line: int, field: str, text: str) -> bool | None:
    lowered = text.strip().lower()
    if lowered in ("true", "1", "ja"):
        return True
    if lowered in ("false", "0", "nej"):
        return False
    if lowered == "":
        return None
    raise ImportDataError(f"expected true/false, got {text!r}", file=path.name, where=f"line {line}", field=field)


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _from_kolada(path: Path) -> dict[str, dict]:
    wanted = {}
    for line, row in _read_csv(path):
        wanted[row["id"]] = {
            "title": row["title"],
            "description": row["description"],
            "is_divided_by_gender": bool(_bool(path, line, "is_divided_by_gender", row["is_divided_by_gender"])),
            "municipality_type": row["municipality_type"],
            "auspice": row["auspice"],
            "operating_area": row["operating_area"],
            "perspective": row["perspective"],
            "publication_period": row["publ_period"],
            "publication_date": _date(row["publication_date"]),
            "in_kolada": True,
        }
    return wanted


def _apply_default_set(wanted: dict, path: Path) -> None:
    for order, (_line, row) in enumerate(_read_csv(path), start=1):
        entry = wanted.setdefault(row["kpi"], {"title": row["title"], "in_kolada": False})
        entry.update(in_default_set=True, theme=row["theme"], sort_order=order)


def _apply_directions(wanted: dict, path: Path) -> None:
    for line, row in _read_csv(path):
        if row["kpi"] not in wanted:
            raise ImportDataError(f"unknown KPI {row['kpi']!r}", file=path.name, where=f"line {line}", field="kpi")
        wanted[row["kpi"]].update(
            higher_is_better=_bool(path, line, "higher_is_better", row["higher_is_better"]),
            direction_reason=row["reason"],
        )


def _apply_lifecycle(wanted: dict, path: Path) -> None:
    for line, row in _read_csv(path):
        if row["kpi"] not in wanted:
            raise ImportDataError(f"unknown KPI {row['kpi']!r}", file=path.name, where=f"line {line}", field="kpi")
        wanted[row["kpi"]].update(discontinued_after=int(row["discontinued_after"]), successor_code=row["successor"])


def _complete(entry: dict) -> dict:
    defaults = {f.name: f.get_default() for f in Indicator._meta.fields if f.name in _FIELDS}
    return {**defaults, **entry}


@transaction.atomic
def load_indicator_metadata(
    *,
    kpi_path: Path = KOLADA_DIR / "kpis-2026.csv",
    default_set_path: Path = KOLADA_DIR / "indicator-set-fullfoljda-studier.csv",
    direction_path: Path = KOLADA_DIR / "indicator-direction.csv",
    lifecycle_path: Path = KOLADA_DIR / "indicator-lifecycle.csv",
) -> MetadataSummary:
    """Create or update every Kolada KPI, then mark the default set with its theme, order,
    direction and lifecycle. Idempotent: a second run reports everything unchanged.

    KPIs of the default set that Kolada has withdrawn (N02904) are kept with
    ``in_kolada=False`` so their historical values still have an indicator."""
    wanted = _from_kolada(kpi_path)
    _apply_default_set(wanted, default_set_path)
    _apply_directions(wanted, direction_path)
    _apply_lifecycle(wanted, lifecycle_path)
    existing = {i.code: i for i in Indicator.objects.kolada()}
    summary, new, changed = MetadataSummary(), [], []
    for code, entry in wanted.items():
        fields = _complete(entry)
        current = existing.get(code)
        if current is None:
            new.append(Indicator(code=code, **fields))
        elif any(getattr(current, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(current, name, value)
            changed.append(current)
        else:
            summary.unchanged += 1
    Indicator.objects.bulk_create(new, batch_size=500)
    Indicator.objects.bulk_update(changed, _FIELDS, batch_size=500)
    summary.created, summary.updated = len(new), len(changed)
    return summary
