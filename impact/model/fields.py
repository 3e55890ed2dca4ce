"""The one table of the scenario's fields: each field parses and validates its own raw value.

Every interface takes its validation from here: :meth:`impact.Scenario.create` (the library),
the command-line flags (generated from :data:`SCENARIO_FIELDS` and :func:`override_fields`),
the page's widgets and URL parameters, and the batch's simple schema. A field knows its kind,
its limits, its choices and their aliases, its help text, and what to say when a value is not
accepted.

:meth:`Field.parse` takes a raw value — text from a flag, a URL or a CSV cell, or a Python
value — and returns the normalised value (None when nothing was given), or raises
:class:`FieldError` (an :class:`~impact.errors.InputError`) whose message names the field, the
value, and what is accepted. Rules between fields (one reach, a duration given once, services
with ``services`` only…) are :meth:`impact.Scenario.create`'s.

Limits of the overrides: the data inputs' own bounds (:data:`DATA_OVERRIDES`) and, for model
parameters, the ``valid`` range in ``data/parameters.yaml``.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from dataclasses import field as _dc_field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Any, Callable, Mapping, NamedTuple

from impact.errors import InputError
from impact.model import parameters

DISRUPTIONS = ("full", "mobile", "services", "throttle")
DISRUPTION_ALIASES = {
    "blackout": "full", "internet": "full", "shutdown": "full", "total": "full",
    "mobile data": "mobile", "mobile-data": "mobile",
    "social media": "services", "social-media": "services", "apps": "services", "app": "services",
    "service-based": "services", "throttling": "throttle", "slowdown": "throttle",
}
SERVICES = ("facebook", "whatsapp", "twitter", "instagram", "youtube", "telegram", "tiktok",
            "signal", "viber", "skype", "messenger", "voip", "other")
SERVICE_ALIASES = {"x": "twitter", "fb": "facebook", "facebook messenger": "messenger",
                   "voip calling": "voip", "calls": "voip"}
METHODS = ("brookings", "deloitte", "cipesa", "all")
REGION_WEIGHTS = ("population", "income")
DEFAULT_DRAWS = 10_000
MAX_DRAWS = 1_000_000
MAX_SEED = 2**32 - 1
FIRST_YEAR = 1960
LAST_YEAR = 2100          # latest year a date may fall in (what-if scenarios may be in the future)
MAX_YEARS = 50            # longest disruption accepted
MAX_HOURS = 24 * 366 * MAX_YEARS
MAX_DAYS = 366 * MAX_YEARS
# Data inputs a caller may set instead of the country data: name → (unit, lo, hi). Every
# parameter of data/parameters.yaml may be overridden too, within its `valid` range.
DATA_OVERRIDES = {
    "gdp_usd": ("current US$", 0.0, 1e15),
    "population": ("people", 1.0, 2e10),
    "penetration": ("fraction of population", 0.0, 1.0),
    "internet_share": ("fraction of GDP", 0.0, 1.0),
    "mobile_access_share": ("fraction of connections", 0.0, 1.0),
    "deloitte_share": ("fraction of daily GDP", 0.0, 1.0),
}
# Data overrides whose low end itself is refused: no internet users leave no internet economy to
# estimate the share from (the share is fitted to log penetration); an economy of no GDP has
# nothing to lose (its cost would read US$0). The population's low end is already one person.
POSITIVE_OVERRIDES = frozenset({"penetration", "gdp_usd"})


class FieldError(InputError):
    """A field's value is not accepted. ``field``, ``value``, ``problem`` (e.g. "out of range",
    "not a number") and ``accepted`` (what the field takes) let each interface word it."""

    def __init__(self, name: str, value: Any, accepted: str, problem: str = "not accepted"):
        self.field, self.value, self.accepted, self.problem = name, value, accepted, problem
        super().__init__(f"{name}={value!r} is not accepted: {accepted}")


# -- moments and daily windows ------------------------------------------------------------
class Moment(NamedTuple):
    """A moment in UTC and whether it was given as a date alone (an end so given is inclusive)."""

    at: datetime
    date_only: bool


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$|^(\d{4})(\d{2})(\d{2})$")
_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})(?:-(\d))?$|^(\d{4})W(\d{2})(\d)?$")
_ISO_TIME = re.compile(r"^(?:(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?|(\d{2})(?:(\d{2})(?:(\d{2})(?:[.,](\d+))?)?)?)"
                       r"(Z|[+-]\d{2}(?::?\d{2})?)?$")
MOMENT_ACCEPTED = (f"give an ISO 8601 date or datetime from {FIRST_YEAR} to {LAST_YEAR}, "
                   f"e.g. 2017-06-13 or 2017-06-13T09:00")


def _iso_date(text: str) -> date | None:
    """An ISO 8601 calendar or week date (basic or extended form), None if ``text`` is neither."""
    if len(text) == 10 and text[4] == "-" == text[7] and (text[:4] + text[5:7] + text[8:]).isdecimal():
        return date(int(text[:4]), int(text[5:7]), int(text[8:]))   # YYYY-MM-DD: most dates, without a regex
    m = _ISO_DATE.match(text)
    if m:
        return date(*[int(g) for g in m.groups() if g is not None])
    m = _ISO_WEEK.match(text)
    if m:
        year, week, day = (g for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
        return date.fromisocalendar(int(year), int(week), int(day or 1))
    return None


def _iso_datetime(text: str) -> datetime:
    """ISO 8601 date and time (the forms Python 3.11's ``fromisoformat`` reads, on every version)."""
    for sep in ("T", "t", " "):
        if sep in text:
            day_text, clock = text.split(sep, 1)
            break
    else:
        raise ValueError(text)
    day = _iso_date(day_text)
    m = _ISO_TIME.match(clock.strip())
    if day is None or not m:
        raise ValueError(text)
    groups = m.groups()
    hh, mm, ss, frac = groups[0:4] if groups[0] is not None else groups[4:8]
    zone = groups[8]
    micro = int((frac or "0")[:6].ljust(6, "0"))
    tz = None
    if zone:
        if zone == "Z":
            tz = timezone.utc
        else:
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))
    return datetime(day.year, day.month, day.day, int(hh), int(mm or 0), int(ss or 0), micro, tzinfo=tz)


def parse_moment(name: str, value: Any) -> Moment:
    """Parse a date or datetime (text or Python value); naive means UTC. The one parser of moments.

    Any ISO 8601 date form without a time is "date only" (an end given so is inclusive).
    """
    if isinstance(value, datetime):
        dt, date_only = value, False
    elif isinstance(value, date):
        dt, date_only = datetime(value.year, value.month, value.day, tzinfo=timezone.utc), True
    elif isinstance(value, str):
        text = value.strip()
        try:
            day = _iso_date(text)
            if day is not None:
                dt, date_only = datetime(day.year, day.month, day.day, tzinfo=timezone.utc), True
            else:
                dt, date_only = _iso_datetime(text), False
        except ValueError:
            raise FieldError(name, value, MOMENT_ACCEPTED) from None
    else:
        raise FieldError(name, value, MOMENT_ACCEPTED)
    if not FIRST_YEAR <= dt.year <= LAST_YEAR:
        raise FieldError(name, value, MOMENT_ACCEPTED, "out of range")
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return Moment(dt.astimezone(timezone.utc), date_only)


def iso_moment(moment: datetime) -> str:
    """A UTC moment as saved in results: ``2017-06-13T00:00:00Z``."""
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–/]\s*(\d{1,2}):(\d{2})\s*$")


def parse_window(value: Any) -> tuple[time, time]:
    """'09:00-13:00' → (09:00, 13:00); a window may cross midnight ('22:00-06:00')."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        value = f"{value[0]}-{value[1]}"
    m = _WINDOW.match(str(value)) if value is not None else None
    if not m:
        raise FieldError("daily_window", value, "give HH:MM-HH:MM, e.g. 09:00-13:00")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise FieldError("daily_window", value, "hours 00–24 and minutes 00–59, e.g. 09:00-13:00", "out of range")
    if (h1, m1) == (h2 % 24, m2):
        raise FieldError("daily_window", value, "a window must have a length, e.g. 09:00-13:00")
    return time(h1, m1), time(0, 0) if h2 == 24 else time(h2, m2)


def format_window(window: tuple[time, time]) -> str:
    """(09:00, 13:00) → '09:00-13:00' (an end at midnight is written 24:00)."""
    end = "24:00" if window[1] == time(0) and window[0] != time(0) else f"{window[1]:%H:%M}"
    return f"{window[0]:%H:%M}-{end}"


def window_hours(window: tuple[time, time]) -> float:
    start, end = (t.hour + t.minute / 60 for t in window)
    return (end - start) % 24 or 24.0


# -- parsers of one value (raw → normalised, or FieldError) ---------------------------------
def _blank(value: Any) -> bool:
    """Nothing given: None, blank text or an empty list."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, (list, tuple)) and not value


def _range_text(low: float, high: float) -> str:
    def text(x: float) -> str:   # a whole number in full (a seed's 4,294,967,295, not 4.29497e+09)
        return f"{x:,.0f}" if float(x).is_integer() and abs(x) >= 1e6 else f"{x:g}"
    return f"from {text(low)} to {text(high)}"


def _span(f: "Field") -> str:
    """The numbers a field accepts, in words (for its error messages)."""
    return f"more than 0 and at most {f.high:g}" if f.positive else _range_text(f.low, f.high)


def _number(f: "Field", value: Any) -> float:
    if isinstance(value, bool):
        raise FieldError(f.name, value, f"give a number {_span(f)}", "not a number")
    try:
        x = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError, OverflowError):
        raise FieldError(f.name, value, f"give a number {_span(f)}", "not a number") from None
    if not math.isfinite(x):
        raise FieldError(f.name, value, f"give a finite number {_span(f)}", "not a finite number")
    if not f.low <= x <= f.high or (f.positive and x <= f.low):
        raise FieldError(f.name, value, f"give a finite number {_span(f)}", "out of range")
    return x


def _whole(f: "Field", value: Any) -> int:
    x = _number(f, value)
    if not x.is_integer():
        raise FieldError(f.name, value, f"a whole number from {f.low:,.0f} to {f.high:,.0f}", "not a whole number")
    return int(x)


def _draws(f: "Field", value: Any) -> int:
    n = _whole(f, value)
    if n == 1:
        raise FieldError(f.name, value, f"0 (bounds only) or from 2 to {MAX_DRAWS:,} draws", "out of range")
    return n


def this_year() -> int:
    return datetime.now(timezone.utc).year


def _year(f: "Field", value: Any) -> int:
    last = this_year()
    if isinstance(value, bool):
        raise FieldError(f.name, value, f"a year from {FIRST_YEAR} to {last}", "not a number")
    try:
        year = int(value)
    except (TypeError, ValueError, OverflowError):
        raise FieldError(f.name, value, f"a year from {FIRST_YEAR} to {last}", "not a number") from None
    if year != value and str(year) != str(value).strip():
        raise FieldError(f.name, value, f"a whole year from {FIRST_YEAR} to {last}", "not a whole number")
    if not FIRST_YEAR <= year <= last:
        raise FieldError(f.name, value, f"a year from {FIRST_YEAR} to {last}", "out of range")
    return year


def _text(f: "Field", value: Any) -> str:
    if not isinstance(value, str):
        raise FieldError(f.name, value, "a country name or ISO3 code as text, e.g. 'Mali' or 'MLI'")
    return value.strip()


def _moment(f: "Field", value: Any) -> Moment:
    return parse_moment(f.name, value)


def _window(f: "Field", value: Any) -> str:
    return format_window(parse_window(value))


def _choice(f: "Field", value: Any) -> str:
    key = str(value).strip().casefold()
    key = f.aliases.get(key, key)
    if key not in f.choices:
        raise FieldError(f.name, value, f"one of {', '.join(f.choices)}")
    return key


def _items(f: "Field", value: Any, what: str) -> list[str]:
    if isinstance(value, str):
        return value.split(",")
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    raise FieldError(f.name, value, f"{what}, as a list or comma-separated")


def _services(f: "Field", value: Any) -> tuple[str, ...]:
    out: list[str] = []
    for item in _items(f, value, f"platform names from: {', '.join(SERVICES)}"):
        key = item.strip().casefold()
        key = f.aliases.get(key, key)
        if key not in f.choices:
            raise FieldError(f.name, item, f"name platforms from: {', '.join(SERVICES)} (x = twitter)")
        if key not in out:
            out.append(key)
    return tuple(out)


def _regions(f: "Field", value: Any) -> tuple[str, ...]:
    """The region names given, each once (case ignored), in the order first given."""
    names: dict[str, str] = {}
    for r in _items(f, value, "region names, e.g. 'Tigray,Amhara'"):
        if r.strip():
            names.setdefault(r.strip().casefold(), r.strip())
    if not names:
        raise FieldError(f.name, value, "at least one region name, e.g. 'Tigray' (leave it out for national)")
    return tuple(names.values())


# -- the table ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Field:
    """One scenario field: what it is, what it accepts, and how to read a raw value of it."""

    name: str          # keyword of Scenario.create / impact.estimate
    help: str
    kind: str          # "str" | "float" | "int" | "choice" | "list" | "date"
    reader: Callable[["Field", Any], Any] = _dc_field(repr=False, compare=False, default=_number)
    choices: tuple[str, ...] = ()
    aliases: Mapping[str, str] = _dc_field(default_factory=dict, compare=False)
    low: float | None = None
    high: float | None = None
    default: object = None
    unit: str = ""
    positive: bool = False   # the low end itself is refused (a duration of no time is not a disruption)

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def parse(self, value: Any) -> Any:
        """The normalised value of ``value`` (text or Python), None when nothing is given.

        Raises :class:`FieldError` saying what is accepted. Values: str (country, as given;
        daily_window as ``HH:MM-HH:MM``), float, int, a choice (aliases resolved), a tuple
        (services, regions: each once, in the order given), a :class:`Moment` (start, end).
        """
        if value is None or _blank(value):
            return None
        return self.reader(self, value)

    def accepts(self, value: Any) -> bool:
        try:
            self.parse(value)
        except InputError:
            return False
        return True

    @property
    def limits(self) -> tuple[float, float] | None:
        """(lowest, highest) accepted for a number (years: up to this year), else None."""
        if self.reader is _year:
            return float(FIRST_YEAR), float(this_year())
        if self.low is None and self.high is None:
            return None
        return self.low, self.high

    def describe(self) -> str:
        """Help text with what is accepted (the CLI's ``--help``)."""
        parts = [self.help]
        if self.choices and self.kind == "choice":
            parts.append(f"one of {', '.join(self.choices)}")
        elif self.choices:
            parts.append(f"from {', '.join(self.choices)}")
        if self.aliases:
            parts.append("also " + ", ".join(f"{k} = {v}" for k, v in self.aliases.items()))
        if self.low is not None or self.high is not None:
            lo = "" if self.low is None else _range_text(self.low, self.low).split(" to ")[-1]
            hi = "" if self.high is None else _range_text(self.high, self.high).split(" to ")[-1]
            span = f"more than {lo}, up to {hi}" if self.positive else f"{lo}–{hi}"
            parts.append(f"accepted {span}{' ' + self.unit if self.unit else ''}".rstrip())
        if self.default is not None:
            parts.append(f"default {self.default}")
        return "; ".join(parts)


SCENARIO_FIELDS: tuple[Field, ...] = (
    Field("country", "country name (English or French) or ISO3 code, e.g. Mali, MLI, \"Côte d'Ivoire\", Tchad",
          "str", _text),
    Field("start", "start, ISO 8601 date or datetime (naive = UTC)", "date", _moment),
    Field("end", "end, ISO 8601; a date-only end is inclusive", "date", _moment),
    Field("hours", "duration in hours (instead of start/end)", "float", _number, low=0.0, high=MAX_HOURS,
          unit="hours", positive=True),
    Field("days", "duration in days, or the number of daily windows (with --start: the windows in that many "
          "days)", "float", _number, low=0.0, high=MAX_DAYS, unit="days",
          positive=True),
    Field("daily_window", "recurring daily window HH:MM-HH:MM in UTC, e.g. 09:00-13:00", "str", _window),
    Field("disruption", "what was cut", "choice", _choice, choices=DISRUPTIONS, aliases=DISRUPTION_ALIASES,
          default="full"),
    Field("services", "platforms blocked, comma-separated (for services)", "list", _services, choices=SERVICES,
          aliases=SERVICE_ALIASES),
    Field("severity", "share of capacity lost, 0-1 (for throttle)", "float", _number, low=0.0, high=1.0,
          positive=True),
    Field("share", "share of the population affected, 0-1", "float", _number, low=0.0, high=1.0, unit="fraction",
          positive=True),
    Field("isp_share", "market share of the ISP(s) cut, 0-1", "float", _number, low=0.0, high=1.0,
          unit="fraction", positive=True),
    Field("regions", "sub-national regions, comma-separated, e.g. Tigray,Amhara", "list", _regions),
    Field("region_weight", "regions count by population (default) or income share", "choice", _choice,
          choices=REGION_WEIGHTS),
    Field("gdp_year", "GDP year (default: latest not after the event)", "int", _year, low=FIRST_YEAR),
    Field("price_year", "express the cost in constant US$ of this year", "int", _year, low=FIRST_YEAR),
    Field("method", "estimation method", "choice", _choice, choices=METHODS, default="brookings"),
    Field("draws", "Monte Carlo draws for the range (0 = parameter bounds only)", "int", _draws, low=0,
          high=MAX_DRAWS, default=DEFAULT_DRAWS),
    Field("seed", "random seed of the draws", "int", _whole, low=0, high=MAX_SEED, default=0),
)
FIELDS: Mapping[str, Field] = {f.name: f for f in SCENARIO_FIELDS}


def override_spec(name: str) -> tuple[str, float, float] | None:
    """(unit, lowest, highest) accepted for an override, or None if ``name`` is not one."""
    if name in DATA_OVERRIDES:
        return DATA_OVERRIDES[name]
    p = parameters.load().parameters.get(name)
    return (p.unit, *p.valid) if p and p.overridable else None


def override_names() -> list[str]:
    return [*DATA_OVERRIDES, *(n for n, p in parameters.load().parameters.items() if p.overridable)]


@lru_cache(maxsize=None)
def _override_fields(parameter_hash: str) -> tuple[Field, ...]:
    pset = parameters.load()
    out = []
    for name in override_names():
        unit, low, high = override_spec(name)
        p = pset.parameters.get(name)
        help_ = (f"override: {p.title} (default {p.value:g} {p.unit})" if p
                 else f"override: {name.replace('_', ' ')} ({unit})")
        out.append(Field(name, help_, "float", _number, low=low, high=high, unit=unit,
                         positive=name in POSITIVE_OVERRIDES))
    return tuple(out)


def override_fields() -> tuple[Field, ...]:
    """One field per override, bounded as :func:`override_spec` says."""
    return _override_fields(parameters.load().hash)


def get(name: str) -> Field:
    """The field (scenario field or override) called ``name``; InputError naming them all if none."""
    if name in FIELDS:
        return FIELDS[name]
    for f in override_fields():
        if f.name == name:
            return f
    raise InputError(f"unknown field {name!r}: scenario fields are {', '.join(FIELDS)}; "
                     f"overrides are {', '.join(override_names())}")
