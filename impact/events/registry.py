"""Read shutdown registries into a tidy frame of events, one row per country and event.

Two layouts are read (:func:`read` detects which from the header):

* **Access Now #KeepItOn STOP** export as published (``start_date, end_date, duration, country,
  geo_scope, area_name, shutdown_type, affected_network, shutdown_extent, *_affected, …``);
* **our simple schema** (``country, start, type`` and optionally ``end, hours, services,
  severity, regions, share, id``), described in ``docs/BATCH.md``.

:func:`clean` turns either into the events frame (:data:`EVENT_COLUMNS`): the source row
number, the fields :meth:`impact.Scenario.create` takes, the flags that qualify the figure
(:data:`FLAGS`: short code → explanation) and, for an event that cannot be costed, the reason.
No row is dropped: a row naming several countries becomes one event per country, and a row that
cannot be used stays, with its reason. The cleaning rules are listed in ``docs/BATCH.md``.
"""
from __future__ import annotations

import difflib
import math
import os
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from impact.data import countries
from impact.model import parameters
from impact.errors import ImpactError, InputError
from impact.model.fields import SCENARIO_FIELDS
from impact.data.countries import TERRITORIES  # territories costed as regions of their country
from impact.data.regions import name_key as region_key
from impact.data.regions import resolve as resolve_region
from impact.model.scenario import SERVICE_ALIASES, SERVICES

ACCESS_NOW = "access_now"
SIMPLE = "simple"
ACCESS_NOW_REQUIRED = ("start_date", "end_date", "duration", "country", "geo_scope", "area_name",
                       "shutdown_type", "affected_network", "shutdown_extent")
SIMPLE_REQUIRED = ("country", "start", "type")
SIMPLE_OPTIONAL = ("end", "hours", "services", "severity", "regions", "share", "id")

# Every flag an event can carry: code → what it means for the figure.
FLAGS = {
    "split_row": "the row names several countries: one event per country, each costed as if the "
                 "whole event hit it",
    "territory": "a territory without World Bank data, costed as its regions of the country "
                 "that holds it",
    "start_estimated": "the registry marks the start date as estimated",
    "ongoing": "ongoing (no end date): costed up to the cut-off date",
    "cut_at_cutoff": "the event ends after the cut-off date: costed up to the cut-off",
    "long_running": "lasts more than a year: the published methods cost short disruptions, and a long "
                    "block is costed linearly for its whole length; check it before adding it to a total",
    "duration_field": "no end date: the duration comes from the registry's duration field",
    "duration_conflict": "the duration field disagrees with the dates by more than a day: the "
                         "dates are used",
    "duration_default": "no end date and no usable duration: the default duration given by the "
                        "user is assumed",
    "type_mixed": "recorded as both a shutdown and throttling: costed as the shutdown (an upper "
                  "bound)",
    "type_unknown": "the registry gives no shutdown type: costed from the extent and network",
    "throttle_severity": "the registry gives no throttling severity: the default severity is "
                         "assumed",
    "service_throttle": "services were throttled, not blocked: costed as a block (an upper bound)",
    "extent_mixed": "both the network and services were cut: costed as the network cut for the "
                    "whole event (an upper bound)",
    "broadband_only": "only fixed broadband was cut: costed as a full shutdown (the model has no "
                      "fixed-only type; an upper bound)",
    "network_unknown": "the registry does not say which network was cut: costed as a full "
                       "shutdown (an upper bound)",
    "services_unspecified": "a block of services without a platform named: costed as a block of "
                            "apps (the cost does not depend on which)",
    "national_except": "nationwide except some areas: costed as nationwide (an upper bound)",
    "region_upper_bound": "the event hit part of the region(s) named: costed at the whole "
                          "regions' population share (an upper bound)",
    "regions_partial": "the event spanned several regions but fewer were recognised: the share "
                       "of those recognised is used (a lower bound)",
    "reach_default": "no region recognised in the place named: the default population share for "
                     "its geographic scope is assumed",
    "overlap": "part of the event overlaps a concurrent event of the same or higher priority in "
               "the same place: those hours are counted once, on the other event",
}

# Limits of the simple schema's numbers: those of the scenario's fields (one table).
_LIMITS = {f.name: f for f in SCENARIO_FIELDS if f.name in ("hours", "severity", "share")}

# Every reason an event can be rejected for: code → what it means. The message that follows the
# code in an event's ``reason`` gives the details and what is accepted.
REASONS = {
    "country_unknown": "the country name does not resolve to an ISO 3166 code",
    "start_invalid": "no start date, or one that is not a date",
    "end_invalid": "an end date that is not a date",
    "hours_invalid": f"a duration in hours that is not a finite number from {_LIMITS['hours'].low:,.0f} to "
                     f"{_LIMITS['hours'].high:,.0f} (longer than the time to the cut-off is cut there)",
    "severity_invalid": "a severity that is not a finite number from 0 to 1",
    "share_invalid": "a share that is not a finite number from 0 to 1",
    "after_cutoff": "the event starts after the cut-off date",
    "dates_reversed": "the end date comes before the start date",
    "duration_unknown": "no end date, no usable duration and not marked ongoing (see unknown_duration)",
    "type_unknown": "a shutdown type or extent the registry layout does not define",
    "services_not_modelled": "a block of platforms outside the model's list only (e.g. Grindr, VPNs)",
    "duplicate": "another report of an event already in the table (the reason names the row kept)",
    "data_missing": "country data the model needs is missing (the message names country, indicator, year)",
    "input": "the scenario is not accepted (the message says what was wrong and what is accepted)",
    "not_applicable": "the method chosen does not cover this kind of disruption",
    "model": "the model returned a non-finite or negative cost (a bug: please report it)",
}

# Share of the population assumed when no region is recognised, by the registry's geo_scope:
# named assumptions in data/parameters.yaml (value, range, why), so they enter the parameter hash.
DEFAULT_SHARE_PARAMETERS = {"city": "reach_default_share_city", "cities": "reach_default_share_cities",
                            "regions": "reach_default_share_regions", "unknown": "reach_default_share_unknown"}
# Throttling severity assumed when the registry does not give one (STOP never does).
DEFAULT_SEVERITY_PARAMETER = "throttle_default_severity"
# The parameters above fill gaps in registry rows; they are not overrides of one scenario.
REGISTRY_PARAMETERS = (*DEFAULT_SHARE_PARAMETERS.values(), DEFAULT_SEVERITY_PARAMETER)
SCOPES = {
    "it only affected one city, county, or village": "city",
    "it affected more than one city in the same state, province, or region": "cities",
    "it affected locations in more than one state, province, or region": "regions",
}


def default_share(scope: str) -> float:
    """Population share assumed for an event of this geo_scope with no region recognised."""
    return parameters.load().value(DEFAULT_SHARE_PARAMETERS[scope])


def default_severity() -> float:
    """Throttling severity assumed when the registry gives none."""
    return parameters.load().value(DEFAULT_SEVERITY_PARAMETER)

# Place names registries use for Global Data Lab regions that the tolerant matcher cannot
# guess: ISO3 → folded place name → region names.
REGION_ALIASES = {
    # Jammu and Kashmir, named by its valley, division or districts (Census of India 2011).
    "IND": {k: ("Jammu and Kashmir",) for k in (
        "kashmir", "kashmirvalley", "southkashmir", "northkashmir", "entirekashmirvalley", "jammu",
        "ladakh", "anantnag", "badgam", "budgam", "bandipora", "bandipore", "baramulla", "baramula",
        "doda", "ganderbal", "kathua", "kishtwar", "kulgam", "kupwara", "pulwama", "poonch", "rajouri",
        "ramban", "reasi", "samba", "shopian", "srinagar", "udhampur", "kargil", "leh")}
           | {"delhi": ("New Delhi",), "dehli": ("New Delhi",), "nctofdelhi": ("New Delhi",),
              "odisha": ("Orissa",), "uttarakhand": ("Uttaranchal",)},
    "PAK": {"azadkashmir": ("AJK",), "azadjammuandkashmir": ("AJK",), "khyberpakhtunkhwa":
            ("Khyber Pakhtunkhwa (NWFrontier)",), "kp": ("Khyber Pakhtunkhwa (NWFrontier)",)},
    "PSE": {"gazastrip": ("North Gaza, Gaza", "Deir El-Balah, Khan Yunis, Rafah"),
            "westbank": ("Jenin, Tubas, Tulkarm, Nablus, Qalqiliya",
                         "Salfit, Ramallah, Al-Bireh, Jericho, Al Aghwar", "Jerusalem", "Bethlehem, Hebron")},
    "SOM": {"woqooyigalbeed": ("W Galbeed",), "togdheer": ("Togdhere",)},
    "ETH": {"addisababa": ("Addis",), "addisabeba": ("Addis",)},
}
# A place is taken for a region only if its folded name is this close to the region's name.
REGION_MATCH = 0.85

EVENT_COLUMNS = (
    "row", "part", "event", "layout", "src_country", "src_start", "src_end", "src_duration",
    "src_status", "src_type", "src_network", "src_extent", "src_scope", "src_area", "src_year",
    "src_id", "country", "start", "end", "hours", "disruption", "services", "severity", "reach", "regions",
    "share", "flags", "notes", "reason",
)
_STOP_SERVICES = ("facebook", "twitter", "whatsapp", "instagram", "telegram")
_NATIONAL = re.compile(
    r"\bnation\s*-?\s*w\s*i?\s*de\b|\bnationwde\b|\bcountry\s*-?\s*wide\b|\bentire country\b|"
    r"\bwhole country\b|\bmost of the country\b|\ball over the country\b|^\s*national\b(?!\s+capital)",
    re.IGNORECASE)
_EXCEPT = re.compile(r"\bexcept\b|\bexcluding\b|\bbut (?:for|not)\b", re.IGNORECASE)
_PLACE_SPLIT = re.compile(r"[,;/()\[\]:]|\s+-\s+|\s+in\s+|\s+of\s+|[’']s\b", re.IGNORECASE)
_AND_SPLIT = re.compile(r"\s+and\s+|\s*&\s*", re.IGNORECASE)
_PLACE_WORDS = re.compile(
    r"^(?:and|the|city|town|parts?|areas?|several|some|all)\s+|\s+(?:districts?|states?|provinces?|"
    r"regions?|divisions?|townships?|towns?|cities|city|areas?|villages?|counties|county|"
    r"governorates?|prefectures?)$", re.IGNORECASE)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12}
_DURATION = re.compile(
    r"^\s*(?:for\s+)?(?:about|around|approximately|approx\.?|~)?\s*(-?\d+(?:\.\d+)?|"
    + "|".join(_NUMBER_WORDS) + r")\s*(hours?|hrs?|h|days?|d)?\b", re.IGNORECASE)


# -- reading ----------------------------------------------------------------------------------
def read(path: str | os.PathLike) -> pd.DataFrame:
    """Read a registry file (``.csv`` or ``.parquet``) as text columns, nothing converted.

    Raises
    ------
    InputError
        When the file is missing, has another extension, or matches neither layout.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"events file {p} not found: give the path of a .csv or .parquet file")
    suffix = p.suffix.casefold()
    try:
        if suffix == ".csv":
            frame = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        elif suffix == ".parquet":
            frame = pd.read_parquet(p).astype(str).replace({"None": "", "nan": "", "<NA>": ""})
        else:
            raise InputError(f"events file {p}: unknown extension {p.suffix!r}; accepted: .csv, .parquet")
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError, OSError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(f"events file {p} cannot be read as {suffix[1:]}: {exc}") from None
    layout(frame)
    return frame


def layout(frame: pd.DataFrame) -> str:
    """``"access_now"`` or ``"simple"`` from the columns; InputError naming both if neither."""
    cols = {str(c).strip().casefold() for c in frame.columns}
    if all(c in cols for c in ACCESS_NOW_REQUIRED):
        return ACCESS_NOW
    if all(c in cols for c in SIMPLE_REQUIRED):
        return SIMPLE
    raise InputError(
        "events table matches no known layout: the Access Now STOP export needs the columns "
        f"{', '.join(ACCESS_NOW_REQUIRED)}; the simple schema needs {', '.join(SIMPLE_REQUIRED)} "
        f"(optional: {', '.join(SIMPLE_OPTIONAL)}); got {', '.join(map(str, frame.columns))}")


def clean(frame: pd.DataFrame, *, cutoff: Any = None, data=None,
          unknown_duration: float | None = None) -> pd.DataFrame:
    """The events frame of a registry table, in either layout.

    Parameters
    ----------
    frame : DataFrame
        The table as read (:func:`read`), one row per registry record.
    cutoff : date or ISO date string, optional
        Ongoing events end here (inclusive), later ends are cut here; default: today (UTC).
    data : CountryData, optional
        Country data whose Global Data Lab regions resolve place names (default: the active
        snapshot). Only the Access Now layout needs it.
    unknown_duration : float, optional
        Hours assumed for an event with no end and no usable duration (flagged
        ``duration_default``); by default such an event is rejected with its reason.

    Returns
    -------
    DataFrame
        Columns :data:`EVENT_COLUMNS`; ``row`` is the 1-based record number in the source
        (the header is not counted), ``event`` is ``"<row>"`` or ``"<row>.<part>"`` for rows
        split by country. ``flags`` and ``notes`` are ``;``-separated; ``reason`` is empty
        unless the event cannot be costed.
    """
    cut = parse_cutoff(cutoff)
    if unknown_duration is not None:
        unknown_duration = float(unknown_duration)
        if not 0 < unknown_duration <= 24 * 366:
            raise InputError(f"unknown_duration={unknown_duration!r} is not accepted: give hours, "
                             f"more than 0 and at most {24 * 366}")
    frame = frame.rename(columns=lambda c: str(c).strip().casefold())
    kind = layout(frame)
    records = frame.fillna("").astype(str).to_dict("records")
    if kind == ACCESS_NOW:
        places = _Places(data)
        events = [e for i, rec in enumerate(records, 1)
                  for e in _access_now_row(i, rec, cut, places, unknown_duration)]
        _mark_duplicates(events)
    else:
        events = [e for i, rec in enumerate(records, 1) for e in _simple_row(i, rec, cut)]
    out = pd.DataFrame(events, columns=list(EVENT_COLUMNS))
    for col in ("hours", "severity", "share"):
        out[col] = pd.to_numeric(out[col], errors="coerce")
    return out


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


# -- one event ----------------------------------------------------------------------------------
class _Event(dict):
    """One event being cleaned: the EVENT_COLUMNS fields plus its flags and notes."""

    def __init__(self, row: int, part: int, parts: int, kind: str, **fields):
        super().__init__({c: None for c in EVENT_COLUMNS})
        self.update(row=row, part=part, event=str(row) if parts == 1 else f"{row}.{part}", layout=kind,
                    flags="", notes="", reason="", **fields)
        self._flags: list[tuple[str, str]] = []
        if parts > 1:
            self.flag("split_row", f"the row names {parts} countries")

    def flag(self, code: str, detail: str = "") -> None:
        if code not in FLAGS:
            raise KeyError(code)  # every flag must be explained in FLAGS
        if any(c == code for c, _ in self._flags):
            return
        self._flags.append((code, f"{code}: {FLAGS[code]}" + (f" ({detail})" if detail else "")))
        self["flags"] = ";".join(c for c, _ in self._flags)
        self["notes"] = "; ".join(n for _, n in self._flags)

    def reject(self, code: str, message: str) -> None:
        if code not in REASONS:
            raise KeyError(code)  # every reason must be explained in REASONS
        if not self["reason"]:
            self["reason"] = f"{code}: {message}"


def _countries(text: str) -> list[str]:
    """Country names of a registry cell: ``;`` separates countries (commas belong to names
    such as "Tanzania, United Republic of")."""
    names = [p.strip() for p in str(text).split(";")]
    return [n for n in names if n] or [""]


def _country(e: _Event, name: str) -> tuple[str, ...]:
    """Set e['country'] (ISO3); returns the territory's regions when the name is a territory."""
    territory = TERRITORIES.get(name.strip().casefold())
    if territory:
        e["country"] = territory[0]
        e.flag("territory", f"{name} → {countries.name(territory[0])}")
        return territory[1]
    try:
        e["country"] = countries.to_iso3(name)
    except ImpactError as exc:
        e.reject("country_unknown", str(exc))
    return ()


def _day(text: str) -> date | None:
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
    if value < 0:
        return None
    return value if unit.startswith("h") else value * 24


def _set_duration(e: _Event, rec: dict, start: date, cut: date, unknown_duration: float | None) -> None:
    """Dates first; then ongoing → cut-off; then the duration field; else unknown (see docs)."""
    end = _day(rec.get("end_date", ""))
    raw_end = str(rec.get("end_date", "")).strip()
    field_hours = duration_hours(rec.get("duration", ""))
    status = str(rec.get("shutdown_status", "")).strip().casefold()
    if raw_end and end is None:
        e.reject("end_invalid", f"end_date {raw_end!r} is not a date; accepted: YYYY-MM-DD")
        return
    if end is not None:
        if end < start:
            e.reject("dates_reversed", f"end_date {end} is before start_date {start}")
            return
        span_days = (end - start).days
        if field_hours is not None and 0 < field_hours < 24 and span_days <= 1:
            e["hours"] = field_hours  # a sub-day event: the field is more precise than the dates
        else:
            e["end"] = end.isoformat()
            if field_hours is not None and abs(field_hours / 24 - (span_days + 1)) > 1 + 1e-9:
                e.flag("duration_conflict", f"duration {rec.get('duration')!r}, dates {start} to {end}")
    elif status == "ongoing":
        e["end"] = cut.isoformat()
        e.flag("ongoing", f"ends at the cut-off {cut}")
    elif field_hours is not None:
        e["hours"] = field_hours
        e.flag("duration_field", f"{rec.get('duration')!r} → {field_hours:g} hours")
    elif unknown_duration is not None:
        e["hours"] = unknown_duration
        e.flag("duration_default", f"{unknown_duration:g} hours")
    else:
        e.reject("duration_unknown",
                 f"no end_date, no usable duration ({str(rec.get('duration', '')).strip() or 'blank'!s}) "
                 f"and status {str(rec.get('shutdown_status', '')).strip() or 'blank'} (not Ongoing); "
                 f"give a default with unknown_duration= (--unknown-duration HOURS)")
    _clip(e, start, cut)


def _clip(e: _Event, start: date, cut: date) -> None:
    """Cut an event at the end of the cut-off day; flag one that lasts more than a year."""
    _flag_long(e, start)
    limit = cut + timedelta(days=1)
    if e["end"] and date.fromisoformat(e["end"]) > cut:
        e["end"] = cut.isoformat()
        e.flag("cut_at_cutoff", f"cut at {cut}")
    elif e["hours"] is not None and not e["end"]:
        room = (limit - start).days * 24
        if e["hours"] > room:
            e["hours"] = float(room)
            e.flag("cut_at_cutoff", f"cut at {cut}")


LONG_RUNNING_DAYS = 365


def _flag_long(e: _Event, start: date) -> None:
    end = _day(e["end"]) if e["end"] else None
    days = (end - start).days + 1 if end else (e["hours"] or 0) / 24
    if days > LONG_RUNNING_DAYS:
        e.flag("long_running", f"{days:,.0f} days")


def _parts(text: str) -> set[str]:
    return {p.strip().casefold() for p in str(text).split(",") if p.strip()}


def _set_type(e: _Event, rec: dict) -> None:
    """shutdown_type × shutdown_extent × affected_network → the model's disruption type."""
    types, extents, networks = (_parts(rec.get(c, "")) for c in ("shutdown_type", "shutdown_extent",
                                                                   "affected_network"))
    if not extents or not extents <= {"full network", "service-based"}:
        e.reject("type_unknown", f"shutdown_extent {rec.get('shutdown_extent', '')!r}; accepted: "
                                 f"Full network, Service-based")
        return
    if not types or not types <= {"shutdown", "throttle", "unknown"}:
        e.reject("type_unknown", f"shutdown_type {rec.get('shutdown_type', '')!r}; accepted: "
                                 f"Shutdown, Throttle, Unknown")
        return
    if "unknown" in types:
        e.flag("type_unknown")
    # Throttling recorded on both the network and services was aimed at services (e.g. Twitter
    # in Russia, 2021): it is costed as a service throttle, not as a slowdown of everything.
    network_cut = "full network" in extents and not (types == {"throttle"} and "service-based" in extents)
    if network_cut:
        base = "mobile" if networks == {"mobile"} else "full"
        if networks == {"broadband"}:
            e.flag("broadband_only")
        elif not networks or "unknown" in networks or not networks <= {"broadband", "mobile"}:
            e.flag("network_unknown", f"affected_network {rec.get('affected_network', '')!r}")
        if "service-based" in extents:
            e.flag("extent_mixed")
        if "shutdown" in types or "unknown" in types:
            e["disruption"] = base
            if "throttle" in types:
                e.flag("type_mixed")
        else:
            severity = default_severity()
            e["disruption"], e["severity"] = "throttle", severity
            e.flag("throttle_severity", f"severity {severity:g}, assumption {DEFAULT_SEVERITY_PARAMETER}")
        return
    e["disruption"] = "services"
    if "throttle" in types and "shutdown" not in types:
        e.flag("service_throttle")
    found = [s for s in _STOP_SERVICES if str(rec.get(f"{s}_affected", "")).strip().casefold() == "yes"]
    other = str(rec.get("other_affected", "")).strip()
    named, unlisted = _other_services(other)
    found += named
    if not found and unlisted:
        e.reject("services_not_modelled",
                 f"only platforms outside the model's list were blocked ({other}); the model values a "
                 f"block at the value of all free apps (West 2016: 0.23% of GDP a year), which does not "
                 f"fit a block of {', '.join(unlisted[:3])}{'…' if len(unlisted) > 3 else ''}; the model's "
                 f"platforms: {', '.join(s for s in SERVICES if s != 'other')}")
        return
    if not found:
        found = ["other"]
        e.flag("services_unspecified", other or "no platform named")
    e["services"] = ",".join(dict.fromkeys(found))


def _other_services(text: str) -> tuple[list[str], list[str]]:
    """Platforms of the free-text ``other_affected`` cell: (the model's platforms, other names).

    A mention of social media or messaging in general counts as the model's "other" platform.
    """
    named, unlisted = [], []
    for item in re.split(r",|;|\band\b", str(text)):
        key = re.sub(r"\(.*?\)|[\"']", "", item).strip().casefold()
        if not key:
            continue
        key = SERVICE_ALIASES.get(key, key)
        if key in SERVICES:
            named.append(key)
        elif re.search(r"social|messag", key):
            named.append("other")
        else:
            unlisted.append(item.strip())
    return named, unlisted


class _Places:
    """Place names → Global Data Lab regions of a country, through :mod:`impact.data.regions`."""

    def __init__(self, data):
        self._data = data
        self._cache: dict[tuple[str, str], tuple[str, ...]] = {}
        self._names: dict[str, tuple[dict[str, str], list[tuple[str, set[str]]]]] = {}

    @property
    def data(self):
        if self._data is None:
            from impact.data.source import active

            self._data = active()
        return self._data

    def _country(self, iso3: str):
        if iso3 not in self._names:
            table = self.data.regions
            rows = table[table["iso3"] == iso3]
            by_name = dict(zip(rows["region"], rows["code"]))
            keys = [(code, {region_key(region)} | {region_key(p) for p in re.split(r"[,;()/]", region)
                                                   if region_key(p)})
                    for code, region in zip(rows["code"], rows["region"])]
            self._names[iso3] = (by_name, keys)
        return self._names[iso3]

    def one(self, iso3: str, place: str) -> tuple[str, ...]:
        """Region names for one place ('' parts and unknown places give ())."""
        key = region_key(place)
        if not key:
            return ()
        cache_key = (iso3, key)
        if cache_key in self._cache:
            return self._cache[cache_key]
        by_name, keys = self._country(iso3)
        found: tuple[str, ...] = ()
        alias = REGION_ALIASES.get(iso3, {}).get(key)
        if alias:
            found = tuple(a for a in alias if a in by_name)
        elif by_name and difflib.get_close_matches(key, [n for _, k in keys for n in k], n=1,
                                                   cutoff=REGION_MATCH):
            try:
                code = resolve_region(self.data, iso3, place)
            except ImpactError:
                code = None
            if code is not None:
                names = next(k for c, k in keys if c == code)
                best = max(difflib.SequenceMatcher(None, key, n).ratio() for n in names)
                if best >= REGION_MATCH:
                    found = (next(r for r, c in by_name.items() if c == code),)
        self._cache[cache_key] = found
        return found

    def resolve(self, iso3: str, area: str) -> tuple[tuple[str, ...], int]:
        """Regions named in an area text, and how many of its places went unrecognised."""
        found: list[str] = []
        missed = 0
        for place in _PLACE_SPLIT.split(area):
            place = _tidy_place(place)
            if not place:
                continue
            hit = self.one(iso3, place)
            if not hit and _AND_SPLIT.search(place):
                subs = [_tidy_place(s) for s in _AND_SPLIT.split(place)]
                hit = tuple(r for s in subs if s for r in self.one(iso3, s))
            if hit:
                found.extend(hit)
            else:
                missed += 1
        return tuple(dict.fromkeys(found)), missed


def _tidy_place(place: str) -> str:
    place = place.strip(" .\t\n\"")
    for _ in range(3):
        shorter = _PLACE_WORDS.sub("", place).strip()
        if shorter == place:
            break
        place = shorter
    return place


def _national(area: str, country_name: str) -> bool:
    text = area.strip().casefold()
    if _NATIONAL.search(text):
        return True
    stripped = re.sub(r"^(?:the\s+)?(?:entire|whole|all of|all)\s+", "", text)
    return stripped != text and stripped == country_name.strip().casefold()


def _set_reach(e: _Event, rec: dict, places: _Places, territory: tuple[str, ...], country_name: str) -> None:
    """National, regions recognised in area_name, or the default share of its geo_scope."""
    area = str(rec.get("area_name", "")).strip()
    scope = SCOPES.get(str(rec.get("geo_scope", "")).strip().casefold(), "unknown")
    e["reach"] = "national"
    national = bool(area) and _national(area, country_name)
    if national and _EXCEPT.search(area):
        e.flag("national_except", area)
    if national and not territory:
        return
    regions, missed = places.resolve(e["country"], area) if area and not national else ((), 0)
    if territory and not regions:
        regions = tuple(r for r in territory if r in places._country(e["country"])[0])
        if not regions:
            e.reject("data_missing", f"no Global Data Lab regions of {e['country']} for the territory "
                                     f"{e['src_country']}; import the Global Data Lab subnational folder")
            return
        e.update(reach="regions", regions=" | ".join(regions))
        return
    if regions:
        e.update(reach="regions", regions=" | ".join(regions))
        if scope in ("city", "cities"):
            e.flag("region_upper_bound", f"{scope} scope; region(s): {', '.join(regions)}")
        elif scope == "regions" and len(regions) < 2 and missed:
            e.flag("regions_partial", f"recognised: {', '.join(regions)}")
        return
    share = default_share(scope)
    e.update(reach="share", share=share)
    e.flag("reach_default", f"{area or 'no area_name'!s}; geo_scope {scope}: share {share:g}, "
                            f"assumption {DEFAULT_SHARE_PARAMETERS[scope]}")


def _access_now_row(row: int, rec: dict, cut: date, places: _Places,
                    unknown_duration: float | None) -> Iterable[_Event]:
    names = _countries(rec.get("country", ""))
    src = {
        "src_country": rec.get("country", ""), "src_start": rec.get("start_date", ""),
        "src_end": rec.get("end_date", ""), "src_duration": rec.get("duration", ""),
        "src_status": rec.get("shutdown_status", ""), "src_type": rec.get("shutdown_type", ""),
        "src_network": rec.get("affected_network", ""), "src_extent": rec.get("shutdown_extent", ""),
        "src_scope": rec.get("geo_scope", ""), "src_area": rec.get("area_name", ""),
        "src_year": rec.get("count_year", ""), "src_id": "",
    }
    for part, name in enumerate(names, 1):
        e = _Event(row, part, len(names), ACCESS_NOW, **src)
        territory = _country(e, name)
        start = _day(rec.get("start_date", ""))
        if start is None:
            e.reject("start_invalid", f"start_date {rec.get('start_date', '')!r} is not a date; "
                                      f"accepted: YYYY-MM-DD")
        elif start > cut:
            e.reject("after_cutoff", f"starts {start}, after the cut-off {cut}")
        else:
            e["start"] = start.isoformat()
            if str(rec.get("start_date_type", "")).strip().casefold() == "estimated":
                e.flag("start_estimated")
            _set_duration(e, rec, start, cut, unknown_duration)
        _set_type(e, rec)
        if e["country"] and not e["reason"]:
            _set_reach(e, rec, places, territory, name)
        yield e


def _dedupe_key(e: _Event) -> tuple:
    return (e["country"], e["start"], region_key(e["src_area"] or ""), e["disruption"], e["services"],
            e["src_type"].strip().casefold(), e["src_network"].strip().casefold(),
            e["src_extent"].strip().casefold())


def _mark_duplicates(events: list[_Event]) -> None:
    """Reports of one event (same country, start, place, type and services), kept once.

    Access Now re-enters an ongoing event in every year it lasts (``count_year``); the report of
    the latest year is kept (the most recent knowledge, e.g. an end date), the first such row
    when several share that year; the others are rejected as duplicates naming the one kept.
    """
    groups: dict[tuple, list[_Event]] = {}
    for e in events:
        if not e["reason"]:
            groups.setdefault(_dedupe_key(e), []).append(e)
    for group in groups.values():
        if len(group) < 2:
            continue
        keep = max(group, key=lambda e: (_year(e["src_year"]), -e["row"]))
        for e in group:
            if e is not keep:
                e.reject("duplicate", f"same event as row {keep['row']} (same country, start date, place, "
                                      f"type and services; reported for count_year {e['src_year'] or '?'}, "
                                      f"kept the report of {keep['src_year'] or '?'})")


def _year(text: str) -> int:
    try:
        return int(float(text))
    except ValueError:
        return -1


# -- our simple schema ------------------------------------------------------------------------
def _bounded(col: str, text: str) -> tuple[float | None, str]:
    """A number of the simple schema within its field's limits (:data:`impact.model.fields.SCENARIO_FIELDS`):
    (value, "") or (None, what is wrong and what is accepted). NaN and infinities are refused;
    a duration longer than the time to the cut-off is accepted here and cut there."""
    f = _LIMITS[col]
    accepted = (f"accepted: a finite number from {f.low:,.0f} to {f.high:,.0f}" if f.high > 1
                else f"accepted: a finite number from {f.low:g} to {f.high:g}")
    accepted += f" ({f.unit or f.help.split(',')[0]})"
    try:
        value = float(text)
    except ValueError:
        return None, f"{col} {text!r} is not a number; {accepted}"
    if not math.isfinite(value):
        return None, f"{col} {text!r} is not a finite number; {accepted}"
    if not f.low <= value <= f.high:
        return None, f"{col} {text!r} is out of range; {accepted}"
    return value, ""


def _simple_row(row: int, rec: dict, cut: date) -> Iterable[_Event]:
    names = _countries(rec.get("country", ""))
    for part, name in enumerate(names, 1):
        e = _Event(row, part, len(names), SIMPLE, src_country=rec.get("country", ""),
                   src_start=rec.get("start", ""), src_end=rec.get("end", ""),
                   src_duration=rec.get("hours", ""), src_type=rec.get("type", ""),
                   src_area=rec.get("regions", ""), src_status="", src_network="", src_extent="",
                   src_scope="", src_year="", src_id=rec.get("id", ""))
        _country(e, name) if name else e.reject("country_unknown", "country is blank: give a name or ISO3 code")
        start, end = str(rec.get("start", "")).strip(), str(rec.get("end", "")).strip()
        services = [x.strip() for x in re.split(r"[;,]", str(rec.get("services", ""))) if x.strip()]
        e.update(start=start or None, disruption=str(rec.get("type", "")).strip() or None,
                 services=",".join(services) or None)
        for col in ("hours", "severity", "share"):
            text = str(rec.get(col, "")).strip()
            if text:
                value, why = _bounded(col, text)
                if why:
                    e.reject(f"{col}_invalid", why)
                else:
                    e[col] = value
        regions = tuple(r.strip() for r in str(rec.get("regions", "")).split(";") if r.strip())
        if str(rec.get("regions", "")).strip() and not regions:
            e.reject("input", f"regions {rec.get('regions')!r} names no region; accepted: region names separated "
                     f"by ';', or an empty cell for a national event")
        e["reach"] = "regions" if regions else "share" if e["share"] is not None else "national"
        e["regions"] = " | ".join(regions) or None
        if not start:
            e.reject("start_invalid", "start is blank: give an ISO 8601 date, e.g. 2024-06-25")
            yield e
            continue
        if end.casefold() == "ongoing":
            e["end"] = cut.isoformat()
            e.flag("ongoing", f"ends at the cut-off {cut}")
        else:
            e["end"] = end or None
        begin = _day(start)
        if begin is not None and begin > cut:
            e.reject("after_cutoff", f"starts {begin}, after the cut-off {cut}")
        elif begin is not None and e["end"] and _day(e["end"]) is not None and _day(e["end"]) > cut:
            e["end"] = cut.isoformat()
            e.flag("cut_at_cutoff", f"cut at {cut}")
        elif begin is not None and e["hours"] is not None and not e["end"] and len(start) == 10:
            _clip(e, begin, cut)
        if begin is not None:
            _flag_long(e, begin)
        yield e
