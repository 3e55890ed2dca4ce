"""Reading single registry cells: countries, dates, durations, the cut-off.

Shared by the layouts' readers (:mod:`impact.events.access_now`, :mod:`impact.events.simple`).
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta, timezone
from typing import Any

from impact.data import countries
from impact.data.countries import TERRITORIES  # territories costed as regions of their country
from impact.errors import ImpactError, InputError
from impact.events.flags import Event

LONG_RUNNING_DAYS = 365
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12}
_DURATION = re.compile(
    r"^\s*(?:for\s+)?(?:about|around|approximately|approx\.?|~)?\s*(-?\d+(?:\.\d+)?|"
    + "|".join(_NUMBER_WORDS) + r")\s*(hours?|hrs?|h|days?|d)?\b", re.IGNORECASE)


def parse_cutoff(cutoff: Any) -> date:
    """The cut-off as a date (default today, UTC); InputError for anything else."""
    if cutoff is None or cutoff == "":
        return datetime.now(timezone.utc).date()
    if isinstance(cutoff, datetime):
        return cutoff.date()
    if isinstance(cutoff, date):
        return cutoff
    try:
        return date.fromisoformat(str(cutoff).strip())
    except ValueError:
        raise InputError(f"cutoff={cutoff!r} is not accepted: give a date as YYYY-MM-DD") from None


def countries_of(text: str) -> list[str]:
    """Country names of a registry cell: ``;`` separates countries (commas belong to names
    such as "Tanzania, United Republic of")."""
    names = [p.strip() for p in str(text).split(";")]
    return [n for n in names if n] or [""]


def country_of(e: Event, name: str, names: dict[str, str] | None = None) -> tuple[str, ...]:
    """Set e['country'] (ISO3); returns the territory's regions when the name is a territory.
    ``names``: a registry's own names (folded → ISO3), read before any other (Access Now writes the
    Republic of the Congo as "Congo", which names either Congo elsewhere)."""
    territory = TERRITORIES.get(name.strip().casefold())
    if territory:
        e["country"] = territory[0]
        e.flag("territory", f"{name} → {countries.name(territory[0])}")
        return territory[1]
    if names and name.strip().casefold() in names:
        e["country"] = names[name.strip().casefold()]
        return ()
    try:
        e["country"] = countries.to_iso3(name)
    except ImpactError as exc:
        e.reject("country_unknown", str(exc))
    return ()


def day(text: str) -> date | None:
    text = str(text).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def duration_hours(text: str) -> float | None:
    """Hours in a registry's duration field: a number of days, or "2 hours", "two hours"…

    Negative numbers (spreadsheet artefacts of a missing end date) and text without a number
    ("Curfew Style", "for a few hours") give None.
    """
    m = _DURATION.match(str(text))
    if not m:
        return None
    number, unit = m.group(1).casefold(), (m.group(2) or "d").casefold()
    value = float(_NUMBER_WORDS[number]) if number in _NUMBER_WORDS else float(number)
    if value < 0 or not math.isfinite(value):
        return None
    return value if unit.startswith("h") else value * 24


def clip(e: Event, start: date, cut: date) -> None:
    """Cut an event at the end of the cut-off day; flag one that lasts more than a year."""
    flag_long(e, start)
    limit = cut + timedelta(days=1)
    if e["end"] and date.fromisoformat(e["end"]) > cut:
        e["end"] = cut.isoformat()
        e.flag("cut_at_cutoff", f"cut at {cut}")
    elif e["hours"] is not None and not e["end"]:
        room = (limit - start).days * 24
        if e["hours"] > room:
            e["hours"] = float(room)
            e.flag("cut_at_cutoff", f"cut at {cut}")


def flag_long(e: Event, start: date) -> None:
    end = day(e["end"]) if e["end"] else None
    days = (end - start).days + 1 if end else (e["hours"] or 0) / 24
    if days > LONG_RUNNING_DAYS:
        e.flag("long_running", f"{days:,.0f} days")
