"""One plain-Swedish sentence per key figure, written from the figure's data and nothing
else: "Andelen elever i åk 9 som är behöriga till yrkesprogram ökade i Sjuhärad från
80,1 % 2019 till 82,3 % 2024, mer än i länet (+1,0 procentenheter)."

Every number a sentence states is one of the figure's (``Statement.numbers``, in the
order the sentence states them), formatted as the tables format it; a change is the
difference of the two values as shown, so a reader who subtracts gets the same number.
The direction (better or worse) comes from the indicator's "higher is better" and is
left out when the indicator has none; an association's value that rests on fewer than all
its members says so, and on two or fewer that it should be read with care."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from kunskapsnod.indicators import formatting as fmt

# How the sentence names the key indicators; any other says "Värdet för ”<title>”".
SUBJECTS = {
    "N15428": "Andelen elever i åk 9 som är behöriga till yrkesprogram",
    "N02797": "Andelen unga 16–24 år som varken arbetar eller studerar",
    "N02904": "Andelen invånare 0–19 år i ekonomiskt utsatta hushåll",
    "N09811": "Antalet barnbokslån per barn 0–17 år",
    "N66077": "Andelen invånare 0–19 år med låg ekonomisk standard",
}
SMALL_BASE = 2  # an association value over this few municipalities is read with care
DECIMALS = 1


@dataclass
class Statement:
    text: str
    numbers: list[float] = field(default_factory=list)


def shown(value: float) -> float:
    """The value as the sentence shows it (one decimal)."""
    return round(value, DECIMALS)


def subject(code: str, title: str) -> str:
    return SUBJECTS.get(code) or _("Värdet för ”%(title)s”") % {"title": title}


def key_figure_sentence(figure: dict, area: str, county: str = "länet") -> Statement:
    """``figure``: one indicator of the report's inputs (see services.report)."""
    series = {int(p): v for p, v in figure["association"].items() if v is not None}
    name = subject(figure["code"], figure["title"])
    if not series:
        return Statement(_("%(subject)s: inga värden för %(area)s.") % {"subject": name, "area": area})
    last = max(series)
    first = figure.get("first_period")
    first = int(first) if first is not None and int(first) in series and int(first) < last else None
    numbers: list[float] = []
    if first is None:
        text = _("%(subject)s var %(value)s i %(area)s %(year)s; äldre värden att jämföra med saknas") % {
            "subject": name,
            "value": _value(figure, series[last], numbers),
            "area": area,
            "year": _year(last, numbers),
        }
        return _finish(figure, text + _caveat(figure, [last], numbers), numbers)
    change = shown(series[last]) - shown(series[first])
    verb = _("ökade") if change > 0 else _("minskade") if change < 0 else _("var oförändrad")
    text = _("%(subject)s %(verb)s i %(area)s från %(first)s %(y1)s till %(last)s %(y2)s") % {
        "subject": name,
        "verb": verb,
        "area": area,
        "first": _value(figure, series[first], numbers),
        "y1": _year(first, numbers),
        "last": _value(figure, series[last], numbers),
        "y2": _year(last, numbers),
    }
    text += _county_clause(figure, first, last, change, county, numbers)
    text += _direction(figure, change)
    return _finish(figure, text + _caveat(figure, [first, last], numbers), numbers)


def _finish(figure: dict, text: str, numbers: list[float]) -> Statement:
    if figure.get("discontinued"):
        text += _("; serien har upphört")
    return Statement(text + ".", numbers)


def _value(figure: dict, value: float, numbers: list[float]) -> str:
    numbers.append(shown(value))
    text = fmt.number(value, DECIMALS)
    return f"{text} %" if figure.get("percentage") else text


def _year(year: int, numbers: list[float]) -> str:
    numbers.append(year)
    return str(year)


def _change(figure: dict, change: float, numbers: list[float]) -> str:
    numbers.append(shown(change))
    text = fmt.signed(shown(change), DECIMALS)
    return _("%(change)s procentenheter") % {"change": text} if figure.get("percentage") else text


def _county_clause(figure: dict, first: int, last: int, change: float, county: str, numbers: list[float]) -> str:
    values = {int(p): v for p, v in figure.get("county", {}).items() if v is not None}
    if first not in values or last not in values:
        return ""
    other = shown(values[last]) - shown(values[first])
    if change and other and (change > 0) == (other > 0):
        if abs(change) > abs(other):
            compared = _("mer än i %(county)s")
        elif abs(change) < abs(other):
            compared = _("mindre än i %(county)s")
        else:
            compared = _("lika mycket som i %(county)s")
        return ", " + compared % {"county": county} + f" ({_change(figure, other, numbers)})"
    if not other:
        return ", " + _("medan %(county)s låg still") % {"county": county}
    moved = _("medan %(county)s ökade") if other > 0 else _("medan %(county)s minskade")
    return ", " + moved % {"county": county} + f" ({_change(figure, other, numbers)})"


def _direction(figure: dict, change: float) -> str:
    better = figure.get("higher_is_better")
    if better is None or not change:
        return ""
    return " – " + (_("en förbättring") if (change > 0) == better else _("en försämring"))


def _caveat(figure: dict, periods: list[int], numbers: list[float]) -> str:
    """The association's value as a mean of fewer members than it has, and how few."""
    counts = figure.get("counts", {})
    members = figure.get("members") or 0
    partial = [(p, counts.get(str(p), counts.get(p, members))) for p in periods]
    partial = [(p, n) for p, n in partial if n < members]
    if not partial:
        return ""
    joined = " {} ".format(_("och")).join
    if len({count for _p, count in partial}) == 1:  # the same base in both years: said once
        count = partial[0][1]
        numbers.extend([count, members, *(p for p, _n in partial)])
        years = joined(str(p) for p, _n in partial)
        parts = [_("%(n)s av %(total)s kommuner %(year)s") % {"n": count, "total": members, "year": years}]
    else:
        parts = []
        for period, count in partial:
            numbers.extend([count, members, period])
            parts.append(_("%(n)s av %(total)s kommuner %(year)s") % {"n": count, "total": members, "year": period})
    text = "; " + _("värdet bygger på %(parts)s") % {"parts": joined(parts)}
    if min(n for _p, n in partial) <= SMALL_BASE:
        text += _(", ett litet underlag att tolka med försiktighet")
    return text
