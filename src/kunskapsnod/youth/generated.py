"""Generated people for tests, the demo and the benches: valid-looking identity numbers
(Luhn-correct, so they pass validation) for made-up people, whose names say "genererad".
No real person's data is ever used."""

from __future__ import annotations

import datetime
import random

from kunskapsnod.youth.identity import luhn_ok

LABEL = "genererad"
_FIRST = ("Alva", "Elias", "Maja", "Liam", "Ebba", "Noah", "Saga", "Hugo", "Wilma", "Adam", "Ella", "Omar")


def identity_number(rng: random.Random, born: datetime.date, *, coordination: bool = False) -> str:
    """A ten-digit-body identity number written with twelve digits (YYYYMMDD-NNNC)."""
    day = born.day + (60 if coordination else 0)
    body = f"{born:%y%m}{day:02d}{rng.randrange(1000):03d}"
    check = next(c for c in range(10) if luhn_ok(f"{body}{c}"))
    return f"{born.year}{body[2:6]}-{body[6:]}{check}"


def name(index: int) -> str:
    return f"{_FIRST[index % len(_FIRST)]} Genererad {index}"


def birth_date(
    rng: random.Random, *, youngest: int = 16, oldest: int = 19, today: datetime.date | None = None
) -> datetime.date:
    today = today or datetime.date.today()
    return today - datetime.timedelta(days=rng.randint(youngest * 365 + 1, oldest * 365 + 300))


def kaa_csv(count: int, *, seed: int = 1, separator: str = ";") -> str:
    """A KAA list of ``count`` generated people, as a school system would export it."""
    rng = random.Random(seed)
    lines = [separator.join(["personnummer", "namn", "födelsedatum", "senaste skola", "status"])]
    used: set[str] = set()
    statuses = ("ny", "ej_nadd", "kontakt", "atgard", "studier", "arbete")
    while len(lines) <= count:
        born = birth_date(rng)
        number = identity_number(rng, born)
        if number in used:
            continue
        used.add(number)
        row = [number, name(len(lines)), born.isoformat(), f"Genererad skola {rng.randint(1, 9)}", rng.choice(statuses)]
        lines.append(separator.join(row))
    return "\n".join(lines) + "\n"


def absence_csv(pupils: int, periods: tuple[str, ...] = ("HT2025", "VT2026"), *, seed: int = 1) -> str:
    """Absence of ``pupils`` generated pupils over ``periods`` (one row per pupil and period)."""
    rng = random.Random(seed)
    lines = ["elev-id;skola;period;schemalagda lektioner;giltig frånvaro;ogiltig frånvaro;underkända kurser"]
    for pupil in range(pupils):
        school = f"Genererad skola {pupil % 7 + 1}"
        for period in periods:
            lessons = rng.randint(300, 420)
            valid = min(lessons // 2, int(rng.expovariate(1 / 20)))
            invalid = min(lessons // 4, int(rng.expovariate(1 / 6)))
            lines.append(f"G{pupil:06d};{school};{period};{lessons};{valid};{invalid};{rng.choice([0, 0, 0, 1, 2])}")
    return "\n".join(lines) + "\n"
