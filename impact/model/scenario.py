"""The validated input of an estimate: which country, when, what was cut, for whom.

:func:`Scenario.create` accepts the forms people use (country names, ISO 8601 dates, a
duration in hours or days, daily windows such as exam-time shutdowns) and normalises them into
a frozen :class:`Scenario`. Every rejection is an :class:`~impact.errors.InputError` that says
what was wrong and what is accepted.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, time, timedelta, timezone
from typing import Any, Callable, Mapping

from impact.errors import InputError, UnknownCountryError
from impact.model.fields import (  # noqa: F401 - names of the field table, re-exported
    DATA_OVERRIDES, DEFAULT_DRAWS, DISRUPTION_ALIASES, DISRUPTIONS, FIELDS, FIRST_YEAR, LAST_YEAR, MAX_DAYS,
    MAX_DRAWS, MAX_HOURS, MAX_YEARS, METHODS, REGION_WEIGHTS, SERVICE_ALIASES, SERVICES, FieldError, Moment,
    format_window, iso_moment, override_fields, override_names, override_spec, parse_moment, parse_window,
    window_hours,
)
from impact.model.fields import _blank


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


def _iso3_only(name: str) -> str:
    code = name.strip().upper()
    if len(code) == 3 and code.isalpha():
        return code
    raise UnknownCountryError(name, ())


# Country names → ISO 3166 alpha-3. The model reads no country data itself: the package installs
# the resolver of impact.data.countries here when it is imported (impact/api.py), so that
# Scenario.create accepts names; on its own the model takes ISO3 codes only.
_resolve_country: Callable[[str], str] = _iso3_only


def use_country_names(resolve: Callable[[str], str]) -> None:
    """Resolve country names with ``resolve`` (name → ISO3, raising UnknownCountryError)."""
    global _resolve_country
    _resolve_country = resolve


def _given(value: Any) -> bool:
    """Whether a field has a value: the field table's own test of blank (None, '', an empty list)."""
    return not _blank(value)


@dataclass(frozen=True)
class Scenario:
    """One disruption to cost. Build it with :meth:`create`; fields are already validated.

    Attributes
    ----------
    country : ISO 3166 alpha-3 code.
    hours : total hours of disruption (the sum of the daily windows when there are any).
    start, end : UTC datetimes, when given; ``end`` is exclusive (a date-only end given by the
        user is inclusive, so it is stored as the midnight after that day).
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
    start: datetime | None = None
    end: datetime | None = None
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

        Each value is read by its field (:mod:`impact.model.fields`); this method adds the
        rules between fields. Overrides may be given as ``overrides={...}`` or as keyword
        arguments named after them (``gdp_usd=...``, ``internet_share=...``); names are given
        by :func:`override_names`.
        """
        F = FIELDS
        name = F["country"].parse(country)
        if name is None:
            raise InputError("country is required: give an ISO3 code or a country name, e.g. 'Mali'")
        iso3 = _resolve_country(name)
        kind = F["disruption"].parse(disruption) or "full"
        if type is not None:
            typed = F["disruption"].parse(type)
            if typed is not None and disruption not in (None, "full") and typed != kind:
                raise InputError(f"type={type!r} and disruption={disruption!r} disagree: give one of them")
            kind = typed or kind

        hours_total, start_at, end_at, window_s = cls._duration(start, end, hours, days, daily_window)

        svc = F["services"].parse(services) or ()
        if kind == "services" and not svc:
            raise InputError(f"disruption 'services' needs services=: name one or more of {', '.join(SERVICES)}")
        if kind != "services" and svc:
            raise InputError(f"services= goes with disruption 'services', not {kind!r}")
        sev = None
        if kind == "throttle":
            sev = F["severity"].parse(severity)
            if sev is None:
                raise InputError("disruption 'throttle' needs severity=: the share of capacity lost, 0 to 1")
        elif _given(severity):
            raise InputError(f"severity= goes with disruption 'throttle', not {kind!r}")

        reach, share_v, isp_v, region_t = cls._reach(share, isp_share, regions)
        weight = F["region_weight"].parse(region_weight) or "population"
        if weight != "population" and reach != "regions":
            raise InputError("region_weight= goes with regions=: name the regions whose income share to use")

        method_v = F["method"].parse(method) or "brookings"

        if overrides is not None and not isinstance(overrides, Mapping):
            raise FieldError("overrides", overrides, "a mapping of override names to numbers, e.g. {'gdp_usd': 1e10}")
        checked = cls._overrides(dict(overrides or {}), more_overrides) if overrides or more_overrides else ()

        draws_v = F["draws"].parse(draws)
        seed_v = F["seed"].parse(seed)
        return cls(
            country=iso3, hours=hours_total, disruption=kind, start=start_at, end=end_at,
            daily_window=window_s, services=svc, severity=sev, reach=reach, share=share_v,
            isp_share=isp_v, regions=region_t, region_weight=weight, gdp_year=F["gdp_year"].parse(gdp_year),
            price_year=F["price_year"].parse(price_year), method=method_v, overrides=checked,
            draws=DEFAULT_DRAWS if draws_v is None else draws_v, seed=0 if seed_v is None else seed_v,
        )

    @staticmethod
    def _overrides(merged: dict, more_overrides: Mapping[str, Any]) -> tuple[tuple[str, float], ...]:
        """The overrides given (``overrides=`` merged with keyword overrides), checked, by name."""
        known = {f.name: f for f in override_fields()}
        for key, value in more_overrides.items():
            if key not in known:
                raise InputError(
                    f"unknown field {key!r}: scenario fields are {', '.join(n for n in FIELDS)}; "
                    f"overrides are {', '.join(known)}"
                )
            merged[key] = value
        checked = []
        for key in sorted(merged):
            if key not in known:
                raise InputError(f"unknown override {key!r}: accepted overrides are {', '.join(known)}")
            value = known[key].parse(merged[key])
            if value is not None:
                checked.append((key, value))
        return tuple(checked)

    @staticmethod
    def _duration(start, end, hours, days, daily_window):
        F = FIELDS
        given = [n for n, v in (("hours", hours), ("days", days)) if _given(v)]
        if len(given) > 1:
            raise InputError("give the duration once: hours= or days=, not both")
        window_s = F["daily_window"].parse(daily_window)
        window = None if window_s is None else parse_window(window_s)
        begin: Moment | None = F["start"].parse(start)
        start_dt = None if begin is None else begin.at
        finish: Moment | None = F["end"].parse(end)
        end_dt = None
        if finish is not None:
            end_dt = finish.at
            if start_dt is not None and (end_dt.date() < start_dt.date() if finish.date_only else end_dt < start_dt):
                raise InputError(f"end ({end}) is before start ({start}): the end must not come before the start")
            if start_dt is not None and not finish.date_only and end_dt == start_dt:
                raise InputError(f"end ({end}) is the same moment as start ({start}): a disruption lasts some time; "
                                 f"give a later end, or a date-only end for the whole day")
            if finish.date_only:
                end_dt += timedelta(days=1)  # a date-only end is inclusive: to the end of that day
        if end_dt is not None and start_dt is None:
            raise InputError("end= needs start=: give start and end, or a duration in hours= or days=")
        if end_dt is not None and given:
            raise InputError("give either start and end, or a duration (hours= or days=), not both")
        if start_dt is None and end_dt is None and not given:
            raise InputError("a duration is required: give start and end dates, hours=, or days=")
        if start_dt is not None and end_dt is None and not given:
            raise InputError(f"start={start!r} needs an end: give end=, or a duration in hours= or days=")
        if given:
            name = given[0]
            amount = F[name].parse(hours if name == "hours" else days)
            if window and name != "days":
                raise InputError("daily_window= goes with days= (the number of windows) or with start and end")
            if window and start_dt is None and not float(amount).is_integer():  # with a start, days is a span
                raise InputError(f"days={amount:g} with daily_window=: days is then the number of daily windows, "
                                 f"a whole number (e.g. days=4)")
            if start_dt is None:
                total = amount * window_hours(window) if window else amount if name == "hours" else amount * 24
                return float(total), None, None, window_s
            end_dt = start_dt + timedelta(hours=amount if name == "hours" else amount * 24)
        span = (end_dt - start_dt).total_seconds() / 3600
        if span > MAX_HOURS:
            raise InputError(f"the disruption from {start} to {end_dt:%Y-%m-%d} lasts over {MAX_YEARS} years: "
                             f"give a span of at most {MAX_YEARS} years")
        total = windowed_hours(start_dt, end_dt, window) if window else span
        if window and total <= 0:
            raise InputError(f"the daily window {window_s} falls outside {start} to {end_dt:%Y-%m-%d %H:%M}: no hours "
                             f"are left to cost; give a span that holds the window, or no daily_window=")
        return float(total), start_dt, end_dt, window_s

    @staticmethod
    def _reach(share, isp_share, regions):
        F = FIELDS
        region_t = F["regions"].parse(regions) or ()
        chosen = [n for n, v in (("share", share), ("isp_share", isp_share), ("regions", region_t))
                  if _given(v) and v != ()]
        if len(chosen) > 1:
            raise InputError(f"give one reach: share=, isp_share= or regions= (got {', '.join(chosen)})")
        if not chosen:
            return "national", None, None, ()
        if chosen[0] == "share":
            return "share", F["share"].parse(share), None, ()
        if chosen[0] == "isp_share":
            return "isp", None, F["isp_share"].parse(isp_share), ()
        return "regions", None, None, region_t

    # -- use ------------------------------------------------------------------------------
    @property
    def days(self) -> float:
        return self.hours / 24

    @property
    def event_year(self) -> int | None:
        return self.start.year if self.start else None

    def override(self, name: str) -> float | None:
        for key, value in self.overrides:  # a few pairs, sorted by name
            if key == name:
                return value
        return None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["start"] = iso_moment(self.start) if self.start else None
        d["end"] = iso_moment(self.end) if self.end else None
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
        saved = FIELDS["hours"].parse(d.get("hours", scenario.hours))
        if abs(scenario.hours - saved) > 1e-9 * max(1.0, saved):
            raise InputError(f"saved scenario does not rebuild: hours {saved:g} became {scenario.hours:g}")
        return scenario
