"""The page's scenario as a dict of :func:`impact.estimate` fields, and its two other forms.

* **URL query parameters** (``?country=MLI&start=…``): :func:`to_query` writes them and
  :func:`from_query` reads them back one field at a time, checking each value against the
  library, each region against the country's list, and then the whole scenario with
  :meth:`impact.Scenario.create`. A value not accepted is dropped with a :class:`Problem`
  (worded in the page's language by :mod:`impact.page.text`); every other field is kept.
* **Form values** (:func:`to_form` / :func:`from_form`): the form's state keyed by *values*
  (ISO3 codes, ``"full"``, ``"regions"``…), never by the labels shown, so that switching the
  language keeps every choice. Percentages in the form, fractions in the fields.

One date rule everywhere (the library's): a date without a time is a whole day, and a
date-only end is inclusive (13 to 14 June 2017 is 2 days); an end with a time is the moment
the disruption ended. The form keeps dates as dates unless the user asks for times.

No Streamlit here: everything is testable on plain dicts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field as dc_field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Iterable, Mapping

from impact.data import countries
from impact.errors import ImpactError, InputError
from impact.model.fields import FIELDS, SCENARIO_FIELDS, Field, FieldError, Moment, override_fields, override_names, parse_moment
from impact.model.scenario import Scenario
from .text import DEFAULT_LANG, LANGS

DEFAULT_COUNTRY = "MLI"
DEFAULT_START = date(2023, 6, 1)
DEFAULT_HOURS = 24.0
MAX_VALUE_LENGTH = 300  # a longer URL value is refused unread
TIME_FORMAT = "%H:%M"
# Offsets from UTC a start or end time may be given in (the offsets of the world's time zones, IANA
# tz database; UTC+00:00 first, the page's default): a local time and its offset make one moment.
UTC = "+00:00"
UTC_OFFSETS = (UTC, "-12:00", "-11:00", "-10:00", "-09:30", "-09:00", "-08:00", "-07:00", "-06:00", "-05:00",
               "-04:00", "-03:30", "-03:00", "-02:00", "-01:00", "+01:00", "+02:00", "+03:00", "+03:30", "+04:00",
               "+04:30", "+05:00", "+05:30", "+05:45", "+06:00", "+06:30", "+07:00", "+08:00", "+08:45", "+09:00",
               "+09:30", "+10:00", "+10:30", "+11:00", "+12:00", "+12:45", "+13:00", "+14:00")

# Scenario fields the page offers (draws and seed are left to the CLI; a URL's days= is read as hours).
PAGE_FIELDS = ("country", "start", "end", "hours", "daily_window", "disruption", "services", "severity", "share",
               "isp_share", "regions", "region_weight", "gdp_year", "price_year", "method")
REACH_FIELDS = {"share": "share", "isp": "isp_share", "regions": "regions"}
REACHES = ("national", "regions", "share", "isp")

# Values the form starts an input from when the scenario does not use it yet (services when
# the disruption is a blackout…), so that switching type or reach starts from something sensible.
FORM_DEFAULTS = {"services": ["facebook", "whatsapp"], "severity": 0.5, "share": 0.5, "isp_share": 0.5}


@dataclass(frozen=True)
class Problem:
    """A URL value not accepted: ``code`` names the wording (``warn.<code>`` in the page's files)."""

    code: str
    field: str
    value: str = ""
    params: Mapping[str, Any] = dc_field(default_factory=dict)


class NoEconomyError(InputError):
    """The snapshot lists no economy with the data a cost needs (GDP and population)."""


def field_table() -> dict[str, Field]:
    """The page's fields and the overrides, by name, from :mod:`impact.model.fields`."""
    table = {f.name: f for f in SCENARIO_FIELDS if f.name in PAGE_FIELDS}
    table.update({f.name: f for f in override_fields()})
    return table


def url_fields() -> tuple[str, ...]:
    """The parameters a link may carry (besides ``lang``): the page's fields and overrides, and
    ``days`` (the library's duration in days, read as hours)."""
    return (*field_table(), "days")


def default_country(economies: Iterable[str]) -> str:
    economies = list(economies)
    if not economies:
        raise NoEconomyError("the snapshot lists no economy with GDP and population")
    return DEFAULT_COUNTRY if DEFAULT_COUNTRY in economies else economies[0]


def defaults(economies: Iterable[str]) -> dict[str, Any]:
    """The scenario the page opens with: a one-day national blackout (1 June 2023)."""
    day = DEFAULT_START.isoformat()
    return {"country": default_country(economies), "start": day, "end": day, "disruption": "full",
            "method": "brookings"}


# -- URL ------------------------------------------------------------------------------------
def to_query(fields: Mapping[str, Any], lang: str = DEFAULT_LANG) -> dict[str, str]:
    """URL query parameters of a scenario (lists comma-separated, numbers exact, dates as given)."""
    out: dict[str, str] = {}
    for key, value in fields.items():
        if value is None or value == [] or value == ():
            continue
        if isinstance(value, (list, tuple)):
            out[key] = ",".join(str(v) for v in value)
        elif isinstance(value, float):
            out[key] = repr(value) if not value.is_integer() else str(int(value))
        else:
            out[key] = str(value)
    if lang != DEFAULT_LANG:
        out["lang"] = lang
    return out


def query_lang(params: Mapping[str, Any]) -> str:
    """The language asked by ``?lang=`` (the default when absent or not available)."""
    value = _single(params.get("lang"))
    return value if value in LANGS else DEFAULT_LANG


def from_query(params: Mapping[str, Any], economies: list[str], data=None) -> tuple[dict[str, Any], list[Problem]]:
    """The scenario in URL query parameters, every accepted field kept, with one problem per value dropped.

    Parameters
    ----------
    params : mapping
        Query parameters (``st.query_params.to_dict()``: name → string; lists are tolerated).
    economies : list of str
        ISO3 codes the snapshot has data for (the country must be one of them).
    data : CountryData, optional
        When given, each region is checked against the country's regions (kept in the
        snapshot's spelling); unknown ones are dropped one by one.
    """
    table = field_table()
    problems: list[Problem] = []
    given: dict[str, Any] = {}
    written: dict[str, str] = {}   # field → "name=value" as the link wrote it (for messages)
    windows = 0   # days= with daily_window=: the number of daily windows
    for key, raw in params.items():
        value = _single(raw)
        if key == "lang":
            if value not in LANGS:
                problems.append(Problem("lang", key, _short(value), {"accepted": ", ".join(LANGS)}))
            continue
        if key not in url_fields():
            problems.append(Problem("unknown_param", _short(key, 30), "", {"accepted": ", ".join(url_fields())}))
            continue
        if value is None or value.strip() == "":
            continue
        if len(value) > MAX_VALUE_LENGTH:
            problems.append(Problem("too_long", key, "", {"n": len(value), "limit": MAX_VALUE_LENGTH}))
            continue
        field = table.get(key) or FIELDS[key]
        try:
            parsed = parse_value(field, value.strip(), economies)
        except (ImpactError, ValueError) as why:
            problems.append(Problem("bad_value", key, _short(value), {"accepted": accepted(field),
                                                                      "detail": str(why)}))
            continue
        if key == "days":   # the library's duration in days; the page holds a duration in hours
            if _single(params.get("hours")):
                problems.append(Problem("duration_twice", key, _short(value)))
                continue
            if _single(params.get("daily_window")) and float(parsed).is_integer() and parsed >= 1:
                windows = int(parsed)  # days of daily windows: the page holds them as dates, start to end
                continue
            written["hours"] = f"days={_short(value.strip())!r}"
            key, parsed = "hours", parsed * 24
        given[key] = parsed
        written.setdefault(key, f"{key}={_short(value.strip())!r}")
    if windows and "daily_window" in given:
        start = str(given.get("start") or "")
        if start and len(start) != 10:   # a start with a time: the windows' days are not whole days
            given["hours"] = windows * 24.0
        else:
            if not start:
                start = DEFAULT_START.isoformat()
                problems.append(Problem("windows_dated", "days", str(windows), {"start": start}))
            given["start"] = start
            given["end"] = (date.fromisoformat(start) + timedelta(days=windows - 1)).isoformat()
    if "regions" in given and data is not None:
        iso3 = given.get("country") or default_country(economies)
        given["regions"], unknown, known = _known_regions(data, iso3, given["regions"])
        for name in unknown:
            problems.append(Problem("unknown_region", "regions", _short(name),
                                    {"country": iso3, "accepted": "; ".join(known[:12]) + ("…" if len(known) > 12 else "")}))
        if not given["regions"]:
            del given["regions"]
    fields = _merge(defaults(economies), given)
    # the whole scenario: drop, one at a time, the given field without which it is accepted
    while True:
        why = _refusal(fields)
        if why is None:
            break
        culprit = next((k for k in reversed(list(given)) if _refusal(_merge(defaults(economies), _without(given, k))) is None),
                       None)
        if culprit is None:  # no single field explains it: keep the country, drop the rest
            dropped = [k for k in given if k != "country"]
            problems.append(Problem("combination_all", ", ".join(dropped), "",
                                    {"written": ", ".join(written.get(k, k) for k in dropped), "detail": str(why)}))
            fields = _merge(defaults(economies), {k: v for k, v in given.items() if k == "country"})
            break
        # the value as the link wrote it (not as read: "share=.5", "regions=kayes", "days=2")
        problems.append(Problem("combination", culprit, "", {"written": written.get(culprit, culprit),
                                                            "detail": str(why)}))
        given = _without(given, culprit)
        fields = _merge(defaults(economies), given)
    return fields, problems


def country_refused(params: Mapping[str, Any], problems: Iterable[Problem]) -> bool:
    """Whether the link names a country that was refused (unknown, or without GDP in the data):
    what the rest of the link describes cannot then be costed."""
    return bool((_single(params.get("country")) or "").strip()) and any(
        p.field == "country" and p.code in ("bad_value", "too_long") for p in problems)


def _without(given: dict, key: str) -> dict:
    return {k: v for k, v in given.items() if k != key}


def _refusal(fields: Mapping[str, Any]) -> Exception | None:
    try:
        Scenario.create(**fields)
    except ImpactError as why:
        return why
    return None


def _known_regions(data, iso3: str, names: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(kept in the snapshot's spelling, unknown, every region of the country)."""
    from impact.data.regions import list_regions

    try:
        known = list_regions(data, iso3)
    except ImpactError:
        return [], list(names), []
    by_key = {k.casefold(): k for k in known}
    kept, unknown = [], []
    for n in names:
        (kept if n.casefold() in by_key else unknown).append(by_key.get(n.casefold(), n))
    return list(dict.fromkeys(kept)), unknown, known


def _single(raw: Any) -> str | None:
    if isinstance(raw, (list, tuple)):
        return str(raw[-1]) if raw else None
    return None if raw is None else str(raw)


def _short(value: Any, limit: int = 60) -> str:
    s = "" if value is None else str(value)
    return s if len(s) <= limit else s[:limit] + "…"


def _merge(base: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """Given fields over the defaults; a given duration replaces the default dates."""
    merged = dict(base)
    if "hours" in given:
        merged.pop("start", None)
        merged.pop("end", None)
    if "start" in given and "end" not in given and "hours" not in given:
        merged["end"] = given["start"][:10]  # a start alone: the default one whole day
    merged.update(given)
    if "services" in merged and "disruption" not in given:
        merged["disruption"] = "services"
    if "severity" in merged and "disruption" not in given:
        merged["disruption"] = "throttle"
    return merged


def accepted(field: Field) -> dict[str, Any]:
    """What a field accepts, as data the page words: kind and choices or limits."""
    if field.name == "country":
        return {"kind": "country"}
    if field.kind == "date":
        return {"kind": "date"}
    if field.choices:
        return {"kind": "choice", "choices": ", ".join(field.choices)}
    if field.limits is not None:
        low, high = field.limits
        return {"kind": "number", "low": low if low is not None else 0, "high": high,
                "percent": field.name in ("share", "isp_share", "severity"), "year": field.name.endswith("year"),
                "positive": bool(getattr(field, "positive", False))}
    if field.name == "daily_window":
        return {"kind": "window"}
    return {"kind": "text"}


def parse_value(field: Field, value: str, economies: list[str]) -> Any:
    """One URL value read by its field of the one table (:meth:`impact.model.fields.Field.parse`:
    limits, choices, aliases), normalised as the page keeps fields."""
    got = field.parse(value)
    if got is None:
        raise FieldError(field.name, value, "a value")
    if field.name == "country":
        iso3 = countries.to_iso3(got)
        if iso3 not in economies:
            raise FieldError("country", value, f"a country the data has GDP for, not {countries.name(iso3)} ({iso3})")
        return iso3
    if isinstance(got, Moment):  # a date alone stays a date: a date-only end is inclusive
        if got.date_only:
            return _naive(got.at).date().isoformat()
        offset = utc_offset_of(value)   # a local time keeps its offset (the form shows it so)
        return _local(got.at, offset).strftime("%Y-%m-%dT%H:%M") + ("" if offset == UTC else offset)
    if isinstance(got, tuple):   # services, regions: each once already (the field's own rule)
        return list(got)
    if field.kind == "float":
        return float(got)
    return got


# -- form -----------------------------------------------------------------------------------
def to_form(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The form's values for a scenario, keyed by value (codes, not labels)."""
    f = dict(fields)
    timed, start_d, end_d = False, DEFAULT_START, DEFAULT_START
    start_t, end_t = time(0, 0), time(0, 0)
    offset = UTC
    if "hours" not in f and f.get("start"):
        start, start_only = parse_moment("start", f["start"])
        end, end_only = parse_moment("end", f.get("end") or f["start"][:10])
        offset = utc_offset_of(f["start"]) if not start_only else UTC
        start, end = _local(start, offset), _local(end, offset)
        start_d, start_t = start.date(), start.time()
        if end_only:
            end_d = end.date()
        elif start.time() == end.time() == time(0) and end > start:  # midnight to midnight: whole days
            end_d = (end - timedelta(days=1)).date()
        else:
            end_d, end_t, timed = end.date(), end.time(), True
        timed = timed or start.time() != time(0) or offset != UTC
    reach = next((r for r, name in REACH_FIELDS.items() if f.get(name) not in (None, [], ())), "national")
    values = {
        "country": f["country"], "when": "duration" if "hours" in f else "dates",
        "start_date": start_d, "end_date": end_d, "timed": timed, "start_time": start_t, "end_time": end_t,
        "utc_offset": offset,
        "hours": float(f.get("hours") or DEFAULT_HOURS),
        "daily_window": f.get("daily_window") or "",
        "disruption": f.get("disruption", "full"),
        "services": list(f.get("services") or FORM_DEFAULTS["services"]),
        "severity": _percent(f.get("severity"), FORM_DEFAULTS["severity"]),
        "reach": reach, "regions": list(f.get("regions") or []),
        "region_weight": f.get("region_weight") or "population",
        "share": _percent(f.get("share"), FORM_DEFAULTS["share"]),
        "isp_share": _percent(f.get("isp_share"), FORM_DEFAULTS["isp_share"]),
        "gdp_year": f.get("gdp_year"), "price_year": f.get("price_year"),
        "method": f.get("method", "brookings"),
    }
    for name in override_names():
        values[f"ov_{name}"] = f.get(name)
    return values


def from_form(values: Mapping[str, Any]) -> dict[str, Any]:
    """Fields for :func:`impact.estimate` from the form's values.

    Only the inputs that go with the chosen disruption, reach and duration are kept, so the
    scenario is the one the user sees. Whole days are written as dates (the end day counts);
    with times, as moments. An empty choice of regions raises
    :class:`~impact.errors.InputError` (it would otherwise mean the whole country).
    """
    v = values
    fields: dict[str, Any] = {"country": v["country"]}
    if v["when"] == "dates":
        if v.get("timed"):
            offset = v.get("utc_offset") or UTC
            if offset not in UTC_OFFSETS:
                raise InputError(f"utc_offset={offset!r} is not accepted: one of {', '.join(UTC_OFFSETS)}")
            zone = "" if offset == UTC else offset   # local times with their offset: one moment each
            fields["start"] = f"{v['start_date'].isoformat()}T{v['start_time'].strftime(TIME_FORMAT)}{zone}"
            fields["end"] = f"{v['end_date'].isoformat()}T{v['end_time'].strftime(TIME_FORMAT)}{zone}"
        else:
            fields["start"] = v["start_date"].isoformat()
            fields["end"] = v["end_date"].isoformat()
        window = str(v.get("daily_window") or "").strip()
        if window:
            fields["daily_window"] = window
    else:
        fields["hours"] = float(v["hours"])
    fields["disruption"] = v["disruption"]
    if v["disruption"] == "services":
        fields["services"] = list(v["services"] or [])
    if v["disruption"] == "throttle":
        fields["severity"] = _fraction(v["severity"])
    if v["reach"] == "regions":
        if not v["regions"]:
            raise InputError("no_regions")
        fields["regions"] = list(v["regions"])
        if v.get("region_weight", "population") != "population":
            fields["region_weight"] = v["region_weight"]
    elif v["reach"] in ("share", "isp"):
        fields[REACH_FIELDS[v["reach"]]] = _fraction(v[REACH_FIELDS[v["reach"]]])
    for year in ("gdp_year", "price_year"):
        if v.get(year) is not None:
            fields[year] = int(v[year])
    fields["method"] = v["method"]
    for name in override_names():
        if v.get(f"ov_{name}") is not None:
            fields[name] = float(v[f"ov_{name}"])
    return fields


def days_of(values: Mapping[str, Any]) -> float | None:
    """The duration in days the form's dates give (None when they do not make one)."""
    if values.get("when") != "dates":
        try:
            hours = float(values["hours"])
        except (TypeError, ValueError):
            return None
        return hours / 24 if 0 < hours < float("inf") else None
    if values.get("timed"):
        a = datetime.combine(values["start_date"], values["start_time"])
        b = datetime.combine(values["end_date"], values["end_time"])
        span = (b - a).total_seconds() / 86400
    else:
        span = (values["end_date"] - values["start_date"]).days + 1
    return span if span > 0 else None


def is_future(fields: Mapping[str, Any], today: date | None = None) -> bool:
    """Whether the scenario starts after today (UTC): its cost uses the latest data, not the event's year."""
    start = fields.get("start")
    if not start:
        return False
    moment, _ = parse_moment("start", start)
    return moment.date() > (today or datetime.now(timezone.utc).date())


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def utc_offset_of(text: Any) -> str:
    """The offset from UTC a moment's text was written in, as the form offers it ("+03:30"; a
    moment without one, "Z", or an offset the form does not offer: UTC, the moment then shown in UTC)."""
    m = re.search(r"([+-])(\d\d):?(\d\d)$", str(text).strip())
    if not m or not re.search(r"\d[T ]\d", str(text)):
        return UTC
    offset = f"{m[1]}{m[2]}:{m[3]}"
    return offset if offset in UTC_OFFSETS else UTC


def _local(moment: datetime, offset: str) -> datetime:
    """A UTC moment as the wall-clock time of ``offset`` (naive)."""
    sign = -1 if offset.startswith("-") else 1
    hours, minutes = int(offset[1:3]), int(offset[4:6])
    zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return moment.astimezone(zone).replace(tzinfo=None) if moment.tzinfo else moment


def _percent(value: Any, default: float) -> float:
    return 100 * float(value if value is not None else default)


def _fraction(percent: Any) -> float | None:
    return None if percent is None else float(percent) / 100
