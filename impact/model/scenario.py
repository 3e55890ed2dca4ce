"""The validated input of an estimate: which country, when, what was cut, for whom.

:func:`Scenario.create` accepts the forms people use (country names, ISO 8601 dates, a
duration in hours or days, daily windows such as exam-time shutdowns) and normalises them into
a frozen :class:`Scenario`. Every rejection is an :class:`~impact.errors.InputError` that says
what was wrong and what is accepted.
"""
from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Mapping

from impact.data import countries
from impact.model import parameters
from impact.errors import InputError

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
REACHES = ("national", "share", "isp", "regions")
REGION_WEIGHTS = ("population", "income")
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


def override_spec(name: str) -> tuple[str, float, float] | None:
    """(unit, lowest, highest) accepted for an override, or None if ``name`` is not one."""
    if name in DATA_OVERRIDES:
        return DATA_OVERRIDES[name]
    p = parameters.load().parameters.get(name)
    return (p.unit, *p.valid) if p and p.overridable else None


def override_names() -> list[str]:
    return [*DATA_OVERRIDES, *(n for n, p in parameters.load().parameters.items() if p.overridable)]
DEFAULT_DRAWS = 10_000
MAX_DRAWS = 1_000_000
FIRST_YEAR = 1960
LAST_YEAR = 2100          # latest year a date may fall in (what-if scenarios may be in the future)
MAX_YEARS = 50            # longest disruption accepted
MAX_HOURS = 24 * 366 * MAX_YEARS
MAX_DAYS = 366 * MAX_YEARS

_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–/]\s*(\d{1,2}):(\d{2})\s*$")


def _bad(name: str, value: Any, accepted: str) -> InputError:
    return InputError(f"{name}={value!r} is not accepted: {accepted}")


def _number(name: str, value: Any, lo: float = 0.0, hi: float = math.inf) -> float:
    if isinstance(value, bool):
        raise _bad(name, value, f"give a number from {lo:g} to {hi:g}")
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise _bad(name, value, f"give a number from {lo:g} to {hi:g}") from None
    if not math.isfinite(x) or not (lo <= x <= hi):
        raise _bad(name, value, f"give a finite number from {lo:g} to {hi:g}")
    return x


def _whole(name: str, value: Any, lo: int, hi: int) -> int:
    x = _number(name, value, lo, hi)
    if not x.is_integer():
        raise _bad(name, value, f"a whole number from {lo:,} to {hi:,}")
    return int(x)


def parse_moment(name: str, value: Any) -> tuple[datetime, bool]:
    """Parse a date or datetime; naive means UTC. Returns (moment in UTC, was_date_only).

    Any ISO 8601 date form without a time is "date only" (an end given so is inclusive).
    """
    accepted = (f"give an ISO 8601 date or datetime from {FIRST_YEAR} to {LAST_YEAR}, "
                f"e.g. 2017-06-13 or 2017-06-13T09:00")
    if isinstance(value, datetime):
        dt, date_only = value, False
    elif isinstance(value, date):
        dt, date_only = datetime(value.year, value.month, value.day), True
    elif isinstance(value, str):
        text = value.strip()
        try:
            day = date.fromisoformat(text)  # any ISO 8601 date form, with no time
            dt, date_only = datetime(day.year, day.month, day.day), True
        except ValueError:
            try:
                dt, date_only = datetime.fromisoformat(text.replace("Z", "+00:00")), False
            except ValueError:
                raise _bad(name, value, accepted) from None
    else:
        raise _bad(name, value, accepted)
    if not FIRST_YEAR <= dt.year <= LAST_YEAR:
        raise _bad(name, value, accepted)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc), date_only


def parse_window(value: Any) -> tuple[time, time]:
    """'09:00-13:00' → (09:00, 13:00); a window may cross midnight ('22:00-06:00')."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        value = f"{value[0]}-{value[1]}"
    m = _WINDOW.match(str(value)) if value is not None else None
    if not m:
        raise _bad("daily_window", value, "give HH:MM-HH:MM, e.g. 09:00-13:00")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise _bad("daily_window", value, "hours 00–24 and minutes 00–59, e.g. 09:00-13:00")
    if (h1, m1) == (h2 % 24, m2):
        raise _bad("daily_window", value, "a window must have a length, e.g. 09:00-13:00")
    return time(h1, m1), time(0, 0) if h2 == 24 else time(h2, m2)


def format_window(window: tuple[time, time]) -> str:
    """(09:00, 13:00) → '09:00-13:00' (an end at midnight is written 24:00)."""
    end = "24:00" if window[1] == time(0) and window[0] != time(0) else f"{window[1]:%H:%M}"
    return f"{window[0]:%H:%M}-{end}"


def window_hours(window: tuple[time, time]) -> float:
    start, end = (t.hour + t.minute / 60 for t in window)
    return (end - start) % 24 or 24.0


def windowed_hours(start: datetime, end: datetime, window: tuple[time, time]) -> float:
    """Hours of the daily window that fall between ``start`` and ``end`` (UTC)."""
    length = timedelta(hours=window_hours(window))
    total = timedelta(0)
    day = start.date() - timedelta(days=1)  # a window opened the evening before may run into start
    while day <= end.date():
        opens = datetime.combine(day, window[0], tzinfo=timezone.utc)
        overlap = min(opens + length, end) - max(opens, start)
        if overlap > timedelta(0):
            total += overlap
        day += timedelta(days=1)
    return total.total_seconds() / 3600


def _services(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        items = list(value)
    else:
        raise _bad("services", value, f"platform names, as a list or comma-separated, from: {', '.join(SERVICES)}")
    out = []
    for item in items:
        key = str(item).strip().casefold()
        key = SERVICE_ALIASES.get(key, key)
        if key not in SERVICES:
            raise _bad("services", item, f"name platforms from: {', '.join(SERVICES)} (x = twitter)")
        if key not in out:
            out.append(key)
    return tuple(out)


def _disruption(value: Any) -> str:
    key = str(value).strip().casefold()
    key = DISRUPTION_ALIASES.get(key, key)
    if key not in DISRUPTIONS:
        raise _bad("disruption", value, f"one of {', '.join(DISRUPTIONS)}")
    return key


def _year(name: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    this_year = datetime.now(timezone.utc).year
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise _bad(name, value, f"a year from {FIRST_YEAR} to {this_year}") from None
    if year != value and str(year) != str(value).strip():
        raise _bad(name, value, f"a whole year from {FIRST_YEAR} to {this_year}")
    if not FIRST_YEAR <= year <= this_year:
        raise _bad(name, value, f"a year from {FIRST_YEAR} to {this_year}")
    return year


@dataclass(frozen=True)
class Scenario:
    """One disruption to cost. Build it with :meth:`create`; fields are already validated.

    Attributes
    ----------
    country : ISO 3166 alpha-3 code.
    hours : total hours of disruption (the sum of the daily windows when there are any).
    start, end : ISO 8601 UTC moments, when given; a date-only end is inclusive (end of day).
    daily_window : "HH:MM-HH:MM" when the disruption recurs daily.
    disruption : full | mobile | services | throttle.
    services : platforms blocked (for ``services``).
    severity : 0–1 share of capacity lost (for ``throttle``).
    reach : national | share | isp | regions, with ``share``, ``isp_share`` or ``regions``.
    region_weight : regions count by their share of the population (default) or of income
        (population × GNI per head).
    gdp_year, price_year : data year asked (default: latest not after the event) and the
        year of constant US$ asked (default: none, current US$ of the GDP year).
    method : brookings | deloitte | cipesa | all.
    overrides : inputs set by the caller instead of data or parameters.
    draws, seed : Monte Carlo draws for the range (0 = bounds only) and their seed.
    """

    country: str
    hours: float
    disruption: str = "full"
    start: str | None = None
    end: str | None = None
    daily_window: str | None = None
    services: tuple[str, ...] = ()
    severity: float | None = None
    reach: str = "national"
    share: float | None = None
    isp_share: float | None = None
    regions: tuple[str, ...] = ()
    region_weight: str = "population"
    gdp_year: int | None = None
    price_year: int | None = None
    method: str = "brookings"
    overrides: tuple[tuple[str, float], ...] = field(default=())
    draws: int = DEFAULT_DRAWS
    seed: int = 0

    # -- construction -------------------------------------------------------------------
    @classmethod
    def create(cls, country: Any = None, *, start: Any = None, end: Any = None, hours: Any = None,
               days: Any = None, daily_window: Any = None, disruption: Any = "full", type: Any = None,
               services: Any = None, severity: Any = None, share: Any = None, isp_share: Any = None,
               regions: Any = None, region_weight: Any = None, gdp_year: Any = None, price_year: Any = None,
               method: Any = "brookings", overrides: Mapping[str, Any] | None = None,
               draws: Any = DEFAULT_DRAWS, seed: Any = 0, **more_overrides: Any) -> "Scenario":
        """Validate and normalise the fields a user gives (see the class docstring).

        Overrides may be given as ``overrides={...}`` or as keyword arguments named after
        them (``gdp_usd=...``, ``internet_share=...``); names are given by :func:`override_names`.
        """
        if country is None:
            raise InputError("country is required: give an ISO3 code or a country name, e.g. 'Mali'")
        if not isinstance(country, str):
            raise _bad("country", country, "a country name or ISO3 code as text, e.g. 'Mali' or 'MLI'")
        iso3 = countries.to_iso3(country)
        if type is not None and disruption not in (None, "full") and _disruption(type) != _disruption(disruption):
            raise InputError(f"type={type!r} and disruption={disruption!r} disagree: give one of them")
        disruption = _disruption(type if type is not None else disruption)

        hours_total, start_s, end_s, window_s = cls._duration(start, end, hours, days, daily_window)

        svc = _services(services)
        if disruption == "services" and not svc:
            raise InputError(f"disruption 'services' needs services=: name one or more of {', '.join(SERVICES)}")
        if disruption != "services" and svc:
            raise InputError(f"services= goes with disruption 'services', not {disruption!r}")
        sev = None
        if disruption == "throttle":
            if severity is None or severity == "":
                raise InputError("disruption 'throttle' needs severity=: the share of capacity lost, 0 to 1")
            sev = _number("severity", severity, 0.0, 1.0)
        elif severity not in (None, ""):
            raise InputError(f"severity= goes with disruption 'throttle', not {disruption!r}")

        reach, share_v, isp_v, region_t = cls._reach(share, isp_share, regions)
        weight = "population" if region_weight in (None, "") else str(region_weight).strip().casefold()
        if weight not in REGION_WEIGHTS:
            raise _bad("region_weight", region_weight, f"one of {', '.join(REGION_WEIGHTS)}")
        if weight != "population" and reach != "regions":
            raise InputError("region_weight= goes with regions=: name the regions whose income share to use")

        method_v = str(method).strip().casefold()
        if method_v not in METHODS:
            raise _bad("method", method, f"one of {', '.join(METHODS)}")

        if overrides is not None and not isinstance(overrides, Mapping):
            raise _bad("overrides", overrides, "a mapping of override names to numbers, e.g. {'gdp_usd': 1e10}")
        merged = dict(overrides or {})
        for key, value in more_overrides.items():
            if override_spec(key) is None:
                raise InputError(
                    f"unknown field {key!r}: scenario fields are country, start, end, hours, days, "
                    f"daily_window, disruption, services, severity, share, isp_share, regions, region_weight, gdp_year, "
                    f"price_year, method, draws, seed; overrides are {', '.join(override_names())}"
                )
            merged[key] = value
        checked = []
        for key in sorted(merged):
            if merged[key] is None:
                continue
            spec = override_spec(key)
            if spec is None:
                raise InputError(f"unknown override {key!r}: accepted overrides are {', '.join(override_names())}")
            unit, lo, hi = spec
            checked.append((key, _number(key, merged[key], lo, hi)))

        draws_v = _whole("draws", draws, 0, MAX_DRAWS)
        if draws_v == 1:
            raise _bad("draws", draws, f"0 (bounds only) or from 2 to {MAX_DRAWS:,} draws")
        seed_v = _whole("seed", seed, 0, 2**32 - 1)
        return cls(
            country=iso3, hours=hours_total, disruption=disruption, start=start_s, end=end_s,
            daily_window=window_s, services=svc, severity=sev, reach=reach, share=share_v,
            isp_share=isp_v, regions=region_t, region_weight=weight, gdp_year=_year("gdp_year", gdp_year),
            price_year=_year("price_year", price_year), method=method_v, overrides=tuple(checked),
            draws=draws_v, seed=seed_v,
        )

    @staticmethod
    def _duration(start, end, hours, days, daily_window):
        given = [n for n, v in (("hours", hours), ("days", days)) if v not in (None, "")]
        if len(given) > 1:
            raise InputError("give the duration once: hours= or days=, not both")
        window = parse_window(daily_window) if daily_window not in (None, "") else None
        window_s = None if window is None else format_window(window)
        start_dt = parse_moment("start", start)[0] if start not in (None, "") else None
        end_dt = None
        if end not in (None, ""):
            end_dt, date_only = parse_moment("end", end)
            if start_dt is not None and (end_dt.date() < start_dt.date() if date_only else end_dt < start_dt):
                raise InputError(f"end ({end}) is before start ({start}): the end must not come before the start")
            if date_only:
                end_dt += timedelta(days=1)  # a date-only end is inclusive: to the end of that day
        if end_dt is not None and start_dt is None:
            raise InputError("end= needs start=: give start and end, or a duration in hours= or days=")
        if end_dt is not None and given:
            raise InputError("give either start and end, or a duration (hours= or days=), not both")
        if start_dt is None and end_dt is None and not given:
            raise InputError("a duration is required: give start and end dates, hours=, or days=")
        if given:
            name = given[0]
            amount = _number(name, hours if name == "hours" else days, 0.0, MAX_HOURS if name == "hours" else MAX_DAYS)
            if window and name != "days":
                raise InputError("daily_window= goes with days= (the number of windows) or with start and end")
            if start_dt is None:
                total = amount * window_hours(window) if window else amount if name == "hours" else amount * 24
                return float(total), None, None, window_s
            end_dt = start_dt + timedelta(hours=amount if name == "hours" else amount * 24)
        span = (end_dt - start_dt).total_seconds() / 3600
        if span > MAX_HOURS:
            raise InputError(f"the disruption from {start} to {end_dt:%Y-%m-%d} lasts over {MAX_YEARS} years: "
                             f"give a span of at most {MAX_YEARS} years")
        total = windowed_hours(start_dt, end_dt, window) if window else span
        iso = lambda d: d.isoformat().replace("+00:00", "Z")  # noqa: E731
        return float(total), iso(start_dt), iso(end_dt), window_s

    @staticmethod
    def _reach(share, isp_share, regions):
        if regions in (None, "") or (isinstance(regions, (list, tuple)) and not regions):
            region_t = ()
        else:
            if isinstance(regions, str):
                region_list = regions.split(",")
            elif isinstance(regions, (list, tuple)) and all(isinstance(r, str) for r in regions):
                region_list = list(regions)
            else:
                raise _bad("regions", regions, "region names, as a list or comma-separated, e.g. 'Tigray,Amhara'")
            region_t = tuple(r.strip() for r in region_list if r.strip())
            if not region_t:
                raise _bad("regions", regions, "at least one region name, e.g. 'Tigray' (leave it out for national)")
        chosen = [n for n, v in (("share", share), ("isp_share", isp_share), ("regions", region_t))
                  if v not in (None, "", ())]
        if len(chosen) > 1:
            raise InputError(f"give one reach: share=, isp_share= or regions= (got {', '.join(chosen)})")
        if not chosen:
            return "national", None, None, ()
        if chosen[0] == "share":
            return "share", _number("share", share, 0.0, 1.0), None, ()
        if chosen[0] == "isp_share":
            return "isp", None, _number("isp_share", isp_share, 0.0, 1.0), ()
        return "regions", None, None, region_t

    # -- use ------------------------------------------------------------------------------
    @property
    def days(self) -> float:
        return self.hours / 24

    @property
    def event_year(self) -> int | None:
        return int(self.start[:4]) if self.start else None

    def override(self, name: str) -> float | None:
        return dict(self.overrides).get(name)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["services"] = list(self.services)
        d["regions"] = list(self.regions)
        d["overrides"] = dict(self.overrides)
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Scenario":
        """Rebuild a scenario saved by :meth:`to_dict` (validated again)."""
        d = dict(d)
        kwargs = {k: d.get(k) for k in ("country", "start", "daily_window", "disruption", "services",
                                         "severity", "gdp_year", "price_year", "method", "draws", "seed")}
        if d.get("start") and d.get("end"):  # saved moments are exact UTC datetimes
            kwargs["end"] = d["end"]
        elif d.get("daily_window"):
            kwargs["days"] = float(d["hours"]) / window_hours(parse_window(d["daily_window"]))
        else:
            kwargs["hours"] = d.get("hours")
        reach = d.get("reach", "national")
        kwargs.update(share=d.get("share") if reach == "share" else None,
                      isp_share=d.get("isp_share") if reach == "isp" else None,
                      regions=d.get("regions") if reach == "regions" else None,
                      region_weight=d.get("region_weight") if reach == "regions" else None,
                      overrides=d.get("overrides") or {})
        scenario = cls.create(**kwargs)
        saved = _number("hours", d.get("hours", scenario.hours))
        if abs(scenario.hours - saved) > 1e-9 * max(1.0, saved):
            raise InputError(f"saved scenario does not rebuild: hours {saved:g} became {scenario.hours:g}")
        return scenario
