"""The page's scenario as a dict of :func:`impact.estimate` fields, and its two other forms.

* **URL query parameters** (``?country=MLI&start=…``): :func:`to_query` writes them and
  :func:`from_query` reads them back, checking every value against the one field table
  (:mod:`impact.model.fields`) and then the whole scenario with :meth:`impact.Scenario.create`.
  Anything not accepted becomes a warning (plain text) and the defaults, never an exception.
* **Widget values** of the form: :func:`to_form` fills the widgets from the fields and
  :func:`from_form` collects them back (percentages become fractions, inputs that do not go
  with the chosen type or reach are left out).

No Streamlit here: everything is testable on plain dicts.
"""
from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable, Mapping

from impact.data import countries
from impact.errors import ImpactError, InputError
from impact.model.fields import SCENARIO_FIELDS, Field, override_fields
from impact.model.scenario import Scenario, format_window, override_names, parse_moment, parse_window
from .text import DEFAULT_LANG, LANGS, shorten

DEFAULT_COUNTRY = "MLI"
DEFAULT_START = datetime(2023, 6, 1, 0, 0)
DEFAULT_HOURS = 24.0
MAX_VALUE_LENGTH = 300  # a longer URL value is refused unread
DATE_FORMAT = "%Y-%m-%dT%H:%M"

# Scenario fields the page offers (draws, seed, days and daily windows are left to the CLI).
PAGE_FIELDS = ("country", "start", "end", "hours", "daily_window", "disruption", "services", "severity", "share",
               "isp_share", "regions", "region_weight", "gdp_year", "price_year", "method")
REACH_FIELDS = {"share": "share", "isp": "isp_share", "regions": "regions"}

# Values the form shows for inputs the scenario does not use yet (e.g. services when the
# disruption is a blackout), so that switching type or reach starts from something sensible.
FORM_DEFAULTS = {"services": ["facebook", "whatsapp"], "severity": 0.5, "share": 0.5, "isp_share": 0.5}


def field_table() -> dict[str, Field]:
    """The page's fields and the overrides, by name, from :mod:`impact.model.fields`."""
    table = {f.name: f for f in SCENARIO_FIELDS if f.name in PAGE_FIELDS}
    table.update({f.name: f for f in override_fields()})
    return table


def default_country(economies: Iterable[str]) -> str:
    economies = list(economies)
    if not economies:
        raise ValueError("the snapshot lists no economy")
    return DEFAULT_COUNTRY if DEFAULT_COUNTRY in economies else economies[0]


def defaults(economies: Iterable[str]) -> dict[str, Any]:
    """The scenario the page opens with: a one-day national blackout."""
    return {"country": default_country(economies), "start": DEFAULT_START.strftime(DATE_FORMAT),
            "end": (DEFAULT_START + timedelta(hours=DEFAULT_HOURS)).strftime(DATE_FORMAT),
            "disruption": "full", "method": "brookings"}


# -- URL ------------------------------------------------------------------------------------
def to_query(fields: Mapping[str, Any], lang: str = DEFAULT_LANG) -> dict[str, str]:
    """URL query parameters of a scenario (lists comma-separated, numbers exact)."""
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


def from_query(params: Mapping[str, Any], economies: list[str], data=None) -> tuple[dict[str, Any], list[str]]:
    """The scenario in URL query parameters, or the defaults, with warnings (plain text).

    Parameters
    ----------
    params : mapping
        Query parameters (``st.query_params.to_dict()``: name → string; lists are tolerated).
    economies : list of str
        ISO3 codes the snapshot has data for (the country must be one of them).
    data : CountryData, optional
        When given, region names are resolved to the snapshot's names (as the form lists them).

    Returns
    -------
    fields, warnings
        Fields for :func:`impact.estimate`; one warning per value not accepted. Each warning
        quotes at most a short, ``repr``-quoted piece of what was given.
    """
    table = field_table()
    warnings: list[str] = []
    fields: dict[str, Any] = {}
    for key, raw in params.items():
        if key == "lang":
            if _single(raw) not in LANGS:
                warnings.append(f"lang={shorten(_single(raw))} is not accepted: use one of {', '.join(LANGS)}")
            continue
        if key not in table:
            warnings.append(f"unknown parameter {shorten(key, 30)} ignored: parameters are "
                            f"{', '.join(table)}, lang")
            continue
        value = _single(raw)
        if value is None or value.strip() == "":
            continue
        if len(value) > MAX_VALUE_LENGTH:
            warnings.append(f"{key}: value of {len(value)} characters refused (at most {MAX_VALUE_LENGTH})")
            continue
        try:
            fields[key] = _parse(table[key], value.strip(), economies)
        except (ImpactError, ValueError) as why:
            warnings.append(f"{key}={shorten(value)} is not accepted: {_reason(why)}")
    if not fields:
        return defaults(economies), warnings
    merged = _merge(defaults(economies), fields)
    try:
        scenario = Scenario.create(**merged)
        if scenario.start and scenario.end and "hours" not in merged:
            # the library's reading of the dates (a date-only end is inclusive), to the minute
            merged["start"], merged["end"] = _text(scenario.start), _text(scenario.end)
        if data is not None and merged.get("regions"):
            merged["regions"] = list(data.region_share(merged["country"], merged["regions"]).regions)
    except ImpactError as why:
        warnings.append(f"the scenario of the link is not accepted: {_reason(why)}")
        return defaults(economies), warnings
    return merged, warnings


def _single(raw: Any) -> str | None:
    if isinstance(raw, (list, tuple)):
        return str(raw[-1]) if raw else None
    return None if raw is None else str(raw)


def _reason(why: Exception) -> str:
    text = str(why)
    if " is not accepted: " in text:  # the library's own message already names the value
        text = text.split(" is not accepted: ", 1)[1]
    return text if len(text) <= 300 else text[:300] + "…"


def _merge(base: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """Given fields over the defaults; a given duration replaces the default dates."""
    merged = dict(base)
    if "hours" in given:
        merged.pop("start", None)
        merged.pop("end", None)
    if "start" in given and "end" not in given and "hours" not in given:
        merged.pop("end", None)
        merged["hours"] = DEFAULT_HOURS
    merged.update(given)
    return merged


def _parse(field: Field, value: str, economies: list[str]) -> Any:
    """One URL value checked against its field (kind, choices, limits)."""
    if field.name == "country":
        iso3 = countries.to_iso3(value)
        if iso3 not in economies:
            raise ValueError(f"the data has no GDP for {countries.name(iso3)} ({iso3})")
        return iso3
    if field.kind == "date":
        moment, date_only = parse_moment(field.name, value)
        if date_only:  # a date alone: kept as a date, so that an end date stays inclusive
            return moment.date().isoformat()
        return moment.replace(tzinfo=None).strftime(DATE_FORMAT)
    if field.kind == "choice":
        key = value.casefold()
        if key not in field.choices:
            raise ValueError(f"one of {', '.join(field.choices)}")
        return key
    if field.kind == "list":
        items = [v.strip() for v in value.split(",") if v.strip()]
        if field.choices:
            bad = [v for v in items if v.casefold() not in field.choices]
            if bad:
                raise ValueError(f"name items from {', '.join(field.choices)}")
            items = [v.casefold() for v in items]
        if not items:
            raise ValueError("an empty list")
        return list(dict.fromkeys(items))
    if field.kind in ("float", "int"):
        x = float(value)
        high = field.high if field.high is not None else (datetime.now(timezone.utc).year if field.kind == "int" else math.inf)
        low = field.low if field.low is not None else -math.inf
        if not math.isfinite(x) or not low <= x <= high:
            raise ValueError(f"a number from {low:g} to {high:g}")
        if field.kind == "int":
            if not x.is_integer():
                raise ValueError("a whole number")
            return int(x)
        return x
    if field.name == "daily_window":
        return format_window(parse_window(value))
    raise ValueError(f"field kind {field.kind!r} is not read from a URL")


# -- form -----------------------------------------------------------------------------------
def to_form(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Widget values for a scenario (fractions as percentages, dates as datetimes)."""
    f = dict(fields)
    dates = "hours" not in f
    start = _datetime(f.get("start")) or DEFAULT_START
    end = _datetime(f.get("end")) or start + timedelta(hours=float(f.get("hours") or DEFAULT_HOURS))
    reach = next((r for r, name in REACH_FIELDS.items() if f.get(name) not in (None, [], ())), "national")
    values = {
        "country": f["country"], "when": "dates" if dates else "duration", "start": start, "end": end,
        "hours": float(f.get("hours") or (end - start).total_seconds() / 3600 or DEFAULT_HOURS),
        "disruption": f.get("disruption", "full"),
        "services": list(f.get("services") or FORM_DEFAULTS["services"]),
        "severity": 100 * float(f.get("severity") if f.get("severity") is not None else FORM_DEFAULTS["severity"]),
        "daily_window": f.get("daily_window") or "",
        "reach": reach, "regions": list(f.get("regions") or []),
        "region_weight": f.get("region_weight") or "population",
        "share": 100 * float(f.get("share") if f.get("share") is not None else FORM_DEFAULTS["share"]),
        "isp_share": 100 * float(f.get("isp_share") if f.get("isp_share") is not None else FORM_DEFAULTS["isp_share"]),
        "gdp_year": f.get("gdp_year"), "price_year": f.get("price_year"),
        "method": f.get("method", "brookings"),
    }
    for name in override_names():
        values[f"ov_{name}"] = f.get(name)
    return values


def from_form(values: Mapping[str, Any]) -> dict[str, Any]:
    """Fields for :func:`impact.estimate` from the form's widget values.

    Only the inputs that go with the chosen disruption, reach and duration are kept, so the
    scenario is the one the user sees; the library validates the rest. An empty choice of
    regions raises :class:`~impact.errors.InputError` (it would otherwise mean the whole country).
    """
    v = values
    fields: dict[str, Any] = {"country": v["country"]}
    window = str(v.get("daily_window") or "").strip()
    if v["when"] == "dates":
        fields["start"] = _text(v["start"])
        fields["end"] = _text(v["end"])
        if window:
            fields["daily_window"] = window
    else:
        if window:
            raise InputError("a daily window goes with start and end dates: choose 'start and end', "
                             "or clear the daily window")
        fields["hours"] = v["hours"]
    fields["disruption"] = v["disruption"]
    if v["disruption"] == "services":
        fields["services"] = list(v["services"] or [])
    if v["disruption"] == "throttle":
        fields["severity"] = _fraction(v["severity"])
    if v["reach"] == "regions":
        if not v["regions"]:
            raise InputError(f"reach 'regions' needs one or more regions of {countries.name(v['country'])}: "
                             f"pick them in the list, or choose another reach")
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


def _fraction(percent: Any) -> float | None:
    return None if percent is None else float(percent) / 100


def _datetime(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def _text(value: Any) -> str | None:
    moment = _datetime(value)
    return None if moment is None else moment.strftime(DATE_FORMAT)
