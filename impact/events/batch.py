"""Cost whole event registries at once: :func:`estimate_many`, the overlap rule and the totals.

The events of a registry (:mod:`impact.events.registry`) become scenarios (:meth:`Scenario.create`),
their factors are resolved once per distinct scenario but its duration
(:class:`impact.model.estimator.RateFactors`, the figures of :func:`impact.model.estimator.method_factors`),
and their cost-per-day ranges are drawn for all events at once
(:func:`impact.model.engine.evaluate`, the engine of :func:`impact.estimate`: the same random numbers
with the same seed, so each event gets the figure it would get alone; an event whose row allows other
readings has its band widened by them, its central unchanged). The cost of an event is its rate
times the hours it counts after the overlap rule (:func:`count_once`); the headline totals count
each event up to its horizon (:data:`HORIZON_PARAMETERS`), the rest on its own line
(:mod:`impact.events.totals`).

Nothing is lost: every event of every row comes out, costed or with the reason it was not, and
the counts (read, costed, flagged, rejected) add up to the rows read. See ``docs/BATCH.md``.
"""
from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime, timezone
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from impact._version import __version__
from impact.data import countries
from impact.data.regions import last_year as last_region_year
from impact.model import parameters
from impact.data import source as ds
from impact.events import access_now, registry, simple
from impact.errors import DataError, ImpactError, InputError, UnknownRegionError
from impact.model import engine
from impact.model.estimator import RateFactors
from impact.events.flags import add_flag
from impact.events.simple import SIMPLE
from impact.events.overlaps import PRIORITY, count_once, count_once_cut, disruption_began, given as _given, place_key  # noqa: F401
from impact.events.tables import check_extension, write_table  # noqa: F401
from impact.events.totals import (TOTAL_COLUMNS, annual_totals, headline, long_running,  # noqa: F401
                                  total_cost, totals)
from impact.model.scenario import METHODS as SCENARIO_METHODS
from impact.model.scenario import FIELDS, Scenario, iso_moment

# Horizons past which an event is no longer in the headline totals (named assumptions): blocks of
# services, and cuts of the network (blackouts, mobile cuts, throttling).
HORIZON_PARAMETERS = {"block": "block_horizon_days", "network": access_now.NETWORK_HORIZON_PARAMETER}
GDP_SHARE_FLAG = "event_gdp_share_flag"   # an event's headline share of annual GDP flagged for checking
BATCH_METHODS = tuple(m for m in SCENARIO_METHODS if m != "all")  # "all" pools draws per event
STATUSES = ("costed", "flagged", "rejected")
CURRENCY = "current US$ of each event's GDP year (the latest not after the event's start)"
RANGE_NOTE = ("low/high: 5th/95th percentiles; a total's range is the sum of its events' "
              "percentiles, the range of the total when events share their random numbers "
              "(common random numbers: every event draws the same uncertain parameters)")
OUTPUT_COLUMNS = (
    "row", "event", "status", "country", "country_name", "start", "end", "hours", "counted_hours",
    "disruption", "services", "severity", "reach", "regions", "affected_share", "people_affected",
    "internet_users_affected", "cost_usd_central", "cost_usd_low", "cost_usd_high",
    "cost_per_day_usd_central", "headline_hours", "cost_usd_headline_central", "cost_usd_headline_low",
    "cost_usd_headline_high", "daily_window", "windows", "isp_share", "reading_low", "reading_high",
    "currency", "gdp_year", "flags", "notes", "reason",
    "src_country", "src_start", "src_end", "src_duration", "src_status", "src_type", "src_network",
    "src_extent", "src_scope", "src_area", "src_year", "src_id", "method", "draws", "seed",
    "cutoff", "data_snapshot", "parameter_hash", "package_version",
)


@dataclass(frozen=True)
class BatchResult:
    """What :func:`estimate_many` returns.

    Attributes
    ----------
    events : DataFrame
        One row per event (:data:`OUTPUT_COLUMNS`), in source order; costs in US$ (see
        ``currency``), hours, people; ``status`` is costed | flagged | rejected.
    totals : DataFrame
        One row per country and calendar year (:data:`TOTAL_COLUMNS`); see :func:`totals`.
    counts : dict
        ``read``, ``costed``, ``flagged``, ``rejected`` (source rows; the last three add up to
        ``read``) and ``events``, ``events_costed``, ``events_flagged``, ``events_rejected``.
    scenarios : tuple
        The :class:`~impact.Scenario` of each event (None when it could not be built), aligned
        with ``events``: ``impact.estimate(result.scenarios[i])`` re-runs one event alone.
    info : dict
        Cut-off, method, draws, seed, data snapshot, parameter hash, package version, currency;
        ``ignored_columns``: the columns of a simple-schema file that the schema does not read
        (as written in the file), reported rather than dropped silently.
    """

    events: pd.DataFrame
    totals: pd.DataFrame
    counts: dict
    scenarios: tuple = field(repr=False)
    info: dict = field(default_factory=dict)

    def write(self, path: str | os.PathLike) -> Path:
        """Write the per-event table (CSV or Parquet by extension)."""
        return write_table(self.events, path)

    def write_totals(self, path: str | os.PathLike) -> Path:
        """Write the country-year totals (CSV or Parquet by extension), with the run's provenance
        in its last columns (currency, method, draws, seed, cut-off, data snapshot, parameter hash,
        package version), as the per-event table has it: a totals file read alone says what it is."""
        run = {key: self.info.get(key) for key in TOTALS_PROVENANCE}
        return write_table(self.totals.assign(**run), path)


class _CachedData:
    """The country data, with lookups and region shares memoised for a batch.

    A region share asked for a year after the last year of the region data is the share of that
    last year (:func:`impact.data.regions.share` takes the latest year not after the one asked), so
    such years share one cache entry.
    """

    def __init__(self, data):
        self._data = data
        self.snapshot_id = data.snapshot_id
        self._lookups: dict = {}
        self._shares: dict = {}
        self._last = last_region_year(data)

    def __getattr__(self, name):
        return getattr(self._data, name)

    @staticmethod
    def _memo(cache: dict, key, call):
        if key not in cache:
            try:
                cache[key] = (True, call())
            except ImpactError as exc:
                cache[key] = (False, exc)
        ok, value = cache[key]
        if not ok:   # the stored error, its traceback reset (raised again, it would grow each time)
            raise value.with_traceback(None)
        return value

    def lookup(self, iso3, indicator, year=None):
        return self._memo(self._lookups, (iso3, indicator, year),
                          lambda: self._data.lookup(iso3, indicator, year))

    def region_share(self, iso3, regions, year=None, weight="population"):
        key_year = min(int(year), self._last) if year is not None and self._last is not None else year
        return self._memo(self._shares, (iso3, tuple(regions), key_year, weight),
                          lambda: self._data.region_share(iso3, regions, year, weight))

    def economies(self):
        return self._data.economies()


def estimate_many(frame: pd.DataFrame | str | os.PathLike, cutoff: Any = None, draws: int = 1000,
                  seed: int = 0, method: str = "brookings", *, data: ds.CountryData | None = None,
                  unknown_duration: float | None = None) -> BatchResult:
    """Cost every event of a registry, vectorised, with nothing lost.

    Parameters
    ----------
    frame : DataFrame or path
        A registry table as read by :func:`impact.events.registry.read` (Access Now STOP export or
        our simple schema), its path, or an events frame already cleaned by
        :func:`impact.events.registry.clean`.
    cutoff : date or "YYYY-MM-DD", optional
        Ongoing events end here (inclusive) and later ends are cut here; default: the registry's own
        date (:func:`impact.events.readers.registry_date`: a date in the file name, else the latest
        date the table holds); ``info["cutoff_source"]`` says which.
    draws, seed : int
        Monte Carlo draws per event and their seed (as in :func:`impact.estimate`).
    method : {"brookings", "deloitte", "cipesa"}
        One method; an event it does not cover is rejected with the method's reason.
    data : CountryData, optional
        Country data (default: the active snapshot).
    unknown_duration : float, optional
        Hours assumed for events with no end and no usable duration (else they are rejected).

    Returns
    -------
    BatchResult
        Per-event costs with ranges, flags and reasons; totals by country and year; counts.

    Notes
    -----
    Overlaps (:func:`count_once`): within a country and place, the union of what was cut counts
    once: events in the order full > mobile > throttle > services each count what the events
    before them leave uncovered, blocks of services in one place are one block of all their
    platforms (shared), a nationwide event covers other places for events of its type or after.
    A place is the whole country, a set of regions, or the place text of an event at a share.
    """
    draws, seed = _run_field("draws", draws, 1000), _run_field("seed", seed, 0)  # the field table's rules
    method = str(method).strip().casefold()
    if method not in BATCH_METHODS:
        raise InputError(f"method={method!r} is not accepted for a batch: one of {', '.join(BATCH_METHODS)} "
                         f"('all' pools each event's draws across methods; run the methods one by one)")
    cached = _CachedData(data if data is not None else ds.active())
    path = frame if isinstance(frame, (str, os.PathLike)) else None
    if path is not None:
        frame = registry.read(path)
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"estimate_many takes a DataFrame or the path of a .csv/.parquet file, not "
                         f"{type(frame).__name__}")
    cleaned = {"event", "reason", "flags"} <= set(frame.columns)
    if cleaned and frame.attrs.get("cutoff"):  # cut off when cleaned: that cut-off, and no other
        cut, cut_source = registry.parse_cutoff(frame.attrs["cutoff"]), frame.attrs.get("cutoff_source", "given")
        if cutoff not in (None, "") and registry.parse_cutoff(cutoff) != cut:
            raise InputError(f"cutoff={cutoff!r}: this events frame was cut off at {cut} when cleaned; give the "
                             f"cut-off to registry.clean(), or pass the registry table itself")
    elif cleaned and cutoff not in (None, ""):
        raise InputError(f"cutoff={cutoff!r} cannot apply to an events frame already cleaned (its ongoing events "
                         f"already end somewhere): give the cut-off to registry.clean(), or pass the registry table")
    elif cutoff is None or cutoff == "":
        cut, cut_source = registry.registry_date(frame, path)
    else:
        cut, cut_source = registry.parse_cutoff(cutoff), "given"
    if cleaned:
        events = frame.reset_index(drop=True).copy()
    else:
        events = registry.clean(frame, cutoff=cut, data=cached, unknown_duration=unknown_duration)
    params = parameters.load()
    n = len(events)
    written = events.attrs.get("written") or {}   # the simple schema's columns as the file writes them
    records = registry._records(events)
    scenarios: list[Scenario | None] = [None] * n
    factor_lists, costed = [], []
    people = np.full(n, np.nan)
    users = np.full(n, np.nan)
    affected = np.full(n, np.nan)
    gdp_year = np.full(n, np.nan)
    annual_gdp = np.full(n, np.nan)
    rate_factors = RateFactors(method, params, cached)  # resolved once per distinct scenario but its duration
    lower_readings: dict[tuple, float | None] = {}
    rate_figures: dict[int, tuple] = {}  # id of a factor list (shared by events, RateFactors) → its figures
    for i, ev in enumerate(records):
        if ev["reason"]:
            continue
        try:
            sc = Scenario.create(**_scenario_fields(ev), method=method, draws=draws, seed=seed)
            factors, counts = rate_factors.get(sc, duration=False)  # the cost per day's factors
        except DataError as exc:
            records[i]["reason"] = f"data_missing: {exc}"
            continue
        except ImpactError as exc:
            code = input_reason(exc)
            said = simple.refused(exc, code, ev, written) if ev.get("layout") == SIMPLE else str(exc)
            records[i]["reason"] = f"{code}: {said}" + _separator_hint(ev, code)
            continue
        if isinstance(factors, str):
            records[i]["reason"] = f"not_applicable: {factors}"
            continue
        scenarios[i] = sc
        _other_reading(records[i], sc, factors, rate_factors, lower_readings)
        affected[i], gdp_year[i], annual_gdp[i] = _rate_figures(factors, rate_figures)
        if counts["people_affected"] is not None:
            people[i] = counts["people_affected"]
        if counts["internet_users_affected"] is not None:
            users[i] = counts["internet_users_affected"]
        factor_lists.append(factors)
        costed.append(i)

    rates = np.zeros((3, n))  # low, central, high cost per day
    if costed:
        wide, wide_lists = _wider_readings(records, costed, factor_lists)
        # one engine pass for the events and their wider readings: a scenario's figures do not depend
        # on the others drawn with it (the same random numbers by factor role)
        ev = engine.evaluate(factor_lists + wide_lists, draws, seed)
        k = len(costed)
        rates[:, costed] = np.vstack([ev.low[:k], ev.central[:k], ev.high[:k]])
        if wide:  # the band holds the best reading's band
            rates[0, wide] = np.minimum(ev.low[k:], rates[0, wide])
            rates[2, wide] = np.maximum(ev.high[k:], rates[2, wide])
    idx = np.array(costed, dtype=int)
    start = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    end = start.copy()
    duty = np.ones(n)
    hours = np.full(n, np.nan)
    if costed:
        start[idx] = _moments([scenarios[i].start for i in costed])
        end[idx] = _moments([scenarios[i].end for i in costed])
        hours[idx] = [scenarios[i].hours for i in costed]
        span = (end[idx] - start[idx]).astype(float) / 3600.0
        with np.errstate(divide="ignore", invalid="ignore"):
            duty[idx] = np.where(span > 0, np.minimum(1.0, hours[idx] / np.where(span > 0, span, 1.0)), 1.0)
    reach = [place_key(records[i], i) for i in range(n)]
    kinds = [records[i]["disruption"] if scenarios[i] is None else scenarios[i].disruption for i in range(n)]
    args = ([records[i]["country"] for i in idx], [kinds[i] for i in idx], [reach[i] for i in idx])

    is_block = np.array([k == "services" for k in args[1]], dtype=bool)
    chains = [place_key(records[i], i, chain=True) for i in idx]
    began = disruption_began(args[0], chains, is_block, start[idx], end[idx])

    def stop(level: str):
        """Every event cut at its horizon (``level``: value, low or high).

        The horizon runs from the start of the disruption the event continues (:func:`disruption_began`):
        a block of one more platform where apps are already blocked adds no new first days, as the
        overlap rule makes concurrent blocks one block of all their platforms; a row renewing a
        cut in the same place continues it."""
        days = np.where(is_block, getattr(horizons["block"], level), getattr(horizons["network"], level))
        horizon_end = began + (days * 86400).astype("int64").astype("timedelta64[s]")
        return np.minimum(end[idx], np.maximum(start[idx], horizon_end))

    def in_events(result):
        counted, by = result
        return counted, by.assign(event=idx[by["event"].to_numpy(dtype=int)]) if len(by) else by

    horizons = {k: params[v] for k, v in HORIZON_PARAMETERS.items()}
    uncut, cut_at = count_once_cut(args[0], start[idx], end[idx], {k: stop(k) for k in ("value", "low", "high")},
                                   args[1], args[2], duty[idx])
    counted, by_year = in_events(uncut)
    headline = {k: _within(in_events(v), by_year, idx) for k, v in cut_at.items()}
    counted_hours = np.full(n, np.nan)
    counted_hours[idx] = counted
    headline_hours = np.full(n, np.nan)
    headline_hours[idx] = headline["value"][0]
    cost = rates * np.where(np.isnan(counted_hours), 0.0, counted_hours) / 24.0
    headline_cost = rates * np.where(np.isnan(headline_hours), 0.0, headline_hours) / 24.0

    cut_from = ("given" if cut_source == "given" else "file_name" if "file name" in cut_source
                else "latest_date" if cut_source.startswith("the latest") else "today")
    info = {"ignored_columns": list(events.attrs.get("ignored_columns") or ()), "cutoff": cut.isoformat(), "cutoff_source": cut_source, "cutoff_from": cut_from, "method": method, "draws": int(draws), "seed": int(seed),
            "data_snapshot": cached.snapshot_id, "parameter_hash": params.hash,
            "package_version": __version__, "currency": CURRENCY, "range": RANGE_NOTE}
    broken = ~np.isfinite(cost).all(axis=0) | (cost < 0).any(axis=0)
    hidden = hours - counted_hours
    for i in costed:
        rec = records[i]
        if broken[i]:
            rec["reason"] = "model: the cost came out non-finite or negative (a bug: please report it)"
            scenarios[i] = None
            continue
        if hidden[i] > 1e-6:
            add_flag(rec, "overlap", f"{hidden[i]:,.1f} of {hours[i]:,.1f} hours counted on a concurrent event")
        if counted_hours[i] > 1e-6 and not headline_hours[i] > 1e-6:   # a headline of zero says why
            add_flag(rec, "past_horizon", f"{counted_hours[i]:,.1f} hours counted, all past the horizon")
        share = headline_cost[1, i] / annual_gdp[i] if annual_gdp[i] > 0 else 0.0
        if share > params.value(GDP_SHARE_FLAG):
            add_flag(rec, "event_gdp_share", f"headline {share:.1%} of the annual GDP of {int(gdp_year[i])}")
    info.update(horizons={k: {"parameter": HORIZON_PARAMETERS[k], "days": p.value, "low": p.low, "high": p.high}
                          for k, p in horizons.items()})
    out = _output(pd.DataFrame(records, columns=list(events.columns)), scenarios, cost, rates, counted_hours,
                  people, users, affected, gdp_year, info, headline_hours, headline_cost)
    return BatchResult(events=out, totals=totals(out, by_year, rates, {k: v[1] for k, v in headline.items()}),
                       counts=_counts(out), scenarios=tuple(scenarios), info=info)


def _within(cut: tuple[np.ndarray, pd.DataFrame], by_year: pd.DataFrame, idx: np.ndarray
            ) -> tuple[np.ndarray, pd.DataFrame]:
    """The hours of the events cut at their horizons, each year of an event at most the hours the
    overlap rule gives it uncut: a cut of a covering disruption (a national block, a throttle) at its
    horizon does not hand the covered event new hours; what the covering event took stays on its
    line, past its horizon (so that headline + the line past the horizons = all the days)."""
    counted, by = cut
    if not len(by):
        return counted, by
    uncut = by.merge(by_year[["event", "year", "hours"]].rename(columns={"hours": "uncut"}), on=["event", "year"],
                     how="left")["uncut"].to_numpy(dtype=float, na_value=np.nan)
    hours = by["hours"].to_numpy(dtype=float)
    over = hours > np.nan_to_num(uncut, nan=0.0) + 1e-9
    if not over.any():
        return counted, by
    by = by.assign(hours=np.where(over, np.nan_to_num(uncut, nan=0.0), hours))
    pos = np.searchsorted(idx, by["event"].to_numpy(dtype=int))
    touched = np.zeros(len(idx), dtype=bool)
    touched[pos[over]] = True
    summed = np.bincount(pos, weights=by["hours"].to_numpy(dtype=float), minlength=len(idx))
    return np.where(touched, summed, counted), by


# The run's provenance written beside the totals (write_totals).
TOTALS_PROVENANCE = ("currency", "method", "draws", "seed", "cutoff", "data_snapshot", "parameter_hash",
                     "package_version")


def _separator_hint(ev: dict, code: str) -> str:
    """For a region of our simple schema not found whose cell holds commas: the schema's separator."""
    area = str(ev.get("src_area") or "")
    if code == "region_unknown" and ev.get("layout") == SIMPLE and "," in area and ";" not in area:
        return f" (the simple schema separates regions with ';', e.g. {area.replace(',', ';')!r})"
    return ""


def _run_field(name: str, value: Any, default: int) -> int:
    """``draws`` or ``seed`` of a batch, read by the field table (an InputError if refused)."""
    parsed = FIELDS[name].parse(value)
    return default if parsed is None else parsed


# The reason code of a scenario the library refuses, by the field its error names (else "input").
_FIELD_REASONS = {"start": "start_invalid", "end": "end_invalid", "hours": "hours_invalid", "days": "days_invalid",
                  "severity": "severity_invalid", "share": "share_invalid", "disruption": "type_unknown",
                  "services": "services_unknown", "regions": "region_unknown"}


def input_reason(exc: ImpactError) -> str:
    """The code of :data:`impact.events.flags.REASONS` for a refused scenario: the field's when the
    error names one, the dates' order, a missing duration or an unknown region; else ``input``."""
    field = getattr(exc, "field", None)
    if field in _FIELD_REASONS:
        return _FIELD_REASONS[field]
    text = str(exc)
    if isinstance(exc, UnknownRegionError):
        return "region_unknown"
    if " is before start" in text:
        return "dates_reversed"
    if "a duration is required" in text or "needs an end" in text:
        return "duration_unknown"
    return "input"


# Flags of a type read at its upper bound, and the lower reading the row also allows.
LOWER_READINGS = {"network_unknown": ("mobile", None, "only the mobile network cut"),
                  "extent_mixed": ("services", "other", "only services blocked")}
# Flags of a block read at its lower bound, and the upper reading the row also allows (the network
# cut for the whole event, its kind from the row's networks).
UPPER_READINGS = {"network_cut_brief": "the network cut for the whole event"}


def _other_reading(rec: dict, sc: Scenario, factors: list, rate_factors: RateFactors, memo: dict) -> None:
    """Widen the band of an event whose type was read at its upper bound down to the lower reading
    the row allows (an unknown network: a mobile cut; a network and services cut: the block), or of
    a block read at its lower bound up to the network cut (a brief network cut beside it), as the
    ratio of that reading's cost per day to the event's (both at the factors' central values).

    The ratio depends on the scenario but its duration only (:class:`RateFactors`), so it is
    worked out once per such scenario and flag (``memo``)."""
    text = str(rec.get("flags") or "")
    if not any(flag in text for flag in (*LOWER_READINGS, *UPPER_READINGS)):  # most events: no such flag
        return
    flags = set(text.split(";"))
    for flag, words in UPPER_READINGS.items():
        if flag not in flags or sc.disruption != "services":
            continue
        kind = "mobile" if {n.strip().casefold() for n in str(rec.get("src_network") or "").split(",")} == {"mobile"} \
            else "full"
        ratio = _reading_ratio(rec, factors, kind, None, rate_factors, upper=True)
        if ratio is not None:
            rec["reading_high"] = max(float(rec["reading_high"]) if _given(rec.get("reading_high")) else 1.0, ratio)
            if not _given(rec.get("reading_low")):
                rec["reading_low"] = 1.0
            add_flag(rec, "reading_range", f"{words} at the high end: {ratio:.3g} times the cost per day")
    for flag, (kind, services, words) in LOWER_READINGS.items():
        if flag not in flags or sc.disruption in ("services", kind):
            continue
        key = (rate_factors.key(sc), flag) if rate_factors.memoised else None
        if key is None or key not in memo:
            ratio = _reading_ratio(rec, factors, kind, services, rate_factors)
            if key is not None and rate_factors.memoised:
                memo[key] = ratio
        else:
            ratio = memo[key]
        if ratio is not None:
            rec["reading_low"] = min(float(rec["reading_low"]) if _given(rec.get("reading_low")) else 1.0, ratio)
            if not _given(rec.get("reading_high")):
                rec["reading_high"] = 1.0
            add_flag(rec, "reading_range", f"{words} at the low end: {ratio:.3g} of the cost per day")


def _reading_ratio(rec: dict, factors: list, kind: str, services: str | None,
                   rate_factors: RateFactors, upper: bool = False) -> float | None:
    """The lower reading's cost per day over the event's (None when it is not lower or not costed);
    ``upper``: the upper reading's (None when it is not higher)."""
    fields = _scenario_fields(rec)
    fields.update(disruption=kind)
    fields.pop("severity", None)
    if services:
        fields["services"] = services
    elif upper:
        fields.pop("services", None)
    try:
        alt, _ = rate_factors.get(Scenario.create(**fields, method=rate_factors.method, draws=0, seed=0),
                                  duration=False)
    except ImpactError:
        return None
    if isinstance(alt, str):
        return None
    rate = np.prod([f.value for f in factors if f.name != "days"])
    lower = np.prod([f.value for f in alt if f.name != "days"])
    if upper:
        return float(lower / rate) if rate > 0 and lower > rate else None
    if rate > 0 and lower < rate:
        return float(lower / rate)
    return None


def _wider_readings(records: list[dict], costed: list[int], factor_lists: list) -> tuple[list[int], list]:
    """Events whose row allows other readings (``reading_low``/``reading_high``), and their factors
    with the affected factor's range widened by the reading's multipliers, to be drawn with the
    others; the central stays the best reading's (the figure ``impact.estimate`` gives the scenario)
    and the band holds that reading's band."""
    wide, lists = [], []
    widened: dict[tuple, list] = {}  # (id of a factor list, lo, hi) → that list widened: one list per reading
    for k, i in enumerate(costed):
        lo, hi = records[i].get("reading_low"), records[i].get("reading_high")
        if not (_given(lo) or _given(hi)):
            continue
        lo = float(lo) if _given(lo) else 1.0
        hi = float(hi) if _given(hi) else 1.0
        if lo == 1.0 and hi == 1.0:
            continue
        key = (id(factor_lists[k]), lo, hi)
        if key not in widened:  # events sharing their factors and readings share the widened list (drawn once)
            widened[key] = [replace(f, low=min(f.low, f.value * lo), high=max(f.high, f.value * hi))
                            if f.name == "affected" else f for f in factor_lists[k]]
        wide.append(i)
        lists.append(widened[key])
    return wide, lists


def _scenario_fields(ev: dict) -> dict:
    fields = {"country": ev["country"], "start": ev["start"], "disruption": ev["disruption"]}
    if _given(ev.get("end")):
        fields["end"] = ev["end"]
    if _given(ev.get("hours")):
        fields["hours"] = ev["hours"]
    if _given(ev.get("daily_window")):
        fields["daily_window"] = ev["daily_window"]
        if _given(ev.get("windows")):
            fields["days"] = ev["windows"]
    if _given(ev.get("services")):
        fields["services"] = ev["services"]
    if _given(ev.get("severity")):
        fields["severity"] = ev["severity"]
    if ev.get("reach") == "regions" and _given(ev.get("regions")):
        fields["regions"] = tuple(r.strip() for r in str(ev["regions"]).split("|") if r.strip())
    elif ev.get("reach") == "isp" and _given(ev.get("isp_share")):
        fields["isp_share"] = ev["isp_share"]
    elif _given(ev.get("share")):
        fields["share"] = ev["share"]
    return fields


def _moments(moments: list[datetime]) -> np.ndarray:
    """The UTC moments as one datetime64[s] array."""
    return np.array([m.astimezone(timezone.utc).replace(tzinfo=None) for m in moments], dtype="datetime64[s]")


def _rate_figures(factors: list, memo: dict) -> tuple[float, float, float]:
    """(share affected, GDP year or NaN, annual GDP) of a list of the cost per day's factors,
    worked out once per list (``memo``: events sharing their factors share the list)."""
    key = id(factors)
    if key not in memo:
        byname = {f.name: f for f in factors}
        daily = byname["daily_gdp"]
        memo[key] = (byname["affected"].value, daily.year if daily.year is not None else np.nan, daily.value * 365.0)
    return memo[key]


def _output(out, scenarios, cost, rates, counted_hours, people, users, affected, gdp_year, info, headline_hours,
            headline_cost) -> pd.DataFrame:
    ok = np.array([s is not None for s in scenarios], dtype=bool)
    flagged = out["flags"].fillna("").astype(str) != ""
    out["status"] = np.where(~ok, "rejected", np.where(flagged, "flagged", "costed"))
    out["hours"] = [s.hours if s is not None else h for s, h in zip(scenarios, out["hours"])]
    # a costed event's type and platforms as the library read them ('Full' → full, 'X' → twitter)
    out["disruption"] = [s.disruption if s is not None else v for s, v in zip(scenarios, out["disruption"])]
    out["services"] = [",".join(s.services) if s is not None and s.services else v
                       for s, v in zip(scenarios, out["services"])]
    texts = {m: iso_moment(m) for s in scenarios if s is not None for m in (s.start, s.end)}  # events share dates
    out["start"] = [texts[s.start] if s is not None else v for s, v in zip(scenarios, out["start"])]
    out["end"] = [texts[s.end] if s is not None else v for s, v in zip(scenarios, out["end"])]
    names = {c: countries.name(c) for c in set(out["country"]) if isinstance(c, str) and c}
    out["country_name"] = [names.get(c, "") if isinstance(c, str) else "" for c in out["country"]]
    out["counted_hours"] = np.where(ok, counted_hours, np.nan)
    for k, name in enumerate(("low", "central", "high")):
        out[f"cost_usd_{name}"] = np.where(ok, cost[k], np.nan)
    out["cost_per_day_usd_central"] = np.where(ok, rates[1], np.nan)
    out["headline_hours"] = np.where(ok, headline_hours, np.nan)
    for k, name in enumerate(("low", "central", "high")):
        out[f"cost_usd_headline_{name}"] = np.where(ok, headline_cost[k], np.nan)
    out["affected_share"] = np.where(ok, affected, np.nan)
    out["people_affected"] = np.where(ok, people, np.nan)
    out["internet_users_affected"] = np.where(ok, users, np.nan)
    out["gdp_year"] = pd.array(np.where(ok, gdp_year, np.nan), dtype="Int64") if len(out) else pd.array([], dtype="Int64")
    out["currency"] = [f"current US$ of {int(y)}" if k and not np.isnan(y) else ("current US$" if k else "")
                       for k, y in zip(ok, gdp_year)]
    for key in ("method", "draws", "seed", "cutoff", "data_snapshot", "parameter_hash", "package_version"):
        out[key] = info[key]
    out["reason"] = out["reason"].fillna("")
    for col in OUTPUT_COLUMNS:
        if col not in out:
            out[col] = None
    return out[list(OUTPUT_COLUMNS)]


def _counts(events: pd.DataFrame) -> dict:
    """Counts by source row and by event (see :class:`BatchResult`)."""
    by_row = events["row"]
    rows = int(by_row.nunique())
    rows_rejected = int((events["status"] == "rejected").groupby(by_row).all().sum())  # all its events rejected
    rows_costed = int((events["status"] == "costed").groupby(by_row).all().sum())
    ev = events["status"].value_counts()
    return {"read": rows, "costed": rows_costed,
            "flagged": rows - rows_costed - rows_rejected, "rejected": rows_rejected,
            "events": int(len(events)), **{f"events_{k}": int(ev.get(k, 0)) for k in STATUSES}}


