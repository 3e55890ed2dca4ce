"""Cost whole event registries at once: :func:`estimate_many`, the overlap rule and the totals.

The events of a registry (:mod:`impact.events.registry`) become scenarios (:meth:`Scenario.create`),
their inputs are resolved one by one (:func:`impact.model.estimator.method_factors`, cheap lookups),
and their cost-per-day ranges are drawn for all events at once
(:func:`impact.model.estimator.rate_ranges`, the same random numbers as :func:`impact.estimate` with
the same seed, so each event gets the figure it would get alone). The cost of an event is its
rate times the hours it counts after the overlap rule (:func:`count_once`).

Nothing is lost: every event of every row comes out, costed or with the reason it was not, and
the counts (read, costed, flagged, rejected) add up to the rows read. See ``docs/BATCH.md``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from impact._version import __version__
from impact.data import countries
from impact.model import parameters
from impact.data import source as ds
from impact.events import registry
from impact.errors import DataError, ImpactError, InputError
from impact.model.estimator import method_factors, people_counts, rate_ranges
from impact.model.inputs import Resolver
from impact.events.registry import FLAGS
from impact.model.scenario import METHODS as SCENARIO_METHODS
from impact.model.scenario import Scenario

# Priority of disruption types in the overlap rule: a moment counts once, on the first of these.
PRIORITY = ("full", "mobile", "throttle", "services")
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
    "cost_per_day_usd_central", "currency", "gdp_year", "flags", "notes", "reason",
    "src_country", "src_start", "src_end", "src_duration", "src_status", "src_type", "src_network",
    "src_extent", "src_scope", "src_area", "src_year", "src_id", "method", "draws", "seed",
    "cutoff", "data_snapshot", "parameter_hash", "package_version",
)
TOTAL_COLUMNS = (
    "country", "country_name", "year", "events", "events_rejected", "hours", "event_hours",
    "people_affected", "cost_usd_central", "cost_usd_low", "cost_usd_high",
    "cost_usd_central_long_running", "gdp_years",
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
        Cut-off, method, draws, seed, data snapshot, parameter hash, package version, currency.
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
        """Write the country-year totals (CSV or Parquet by extension)."""
        return write_table(self.totals, path)


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
        values = getattr(data, "region_values", None)
        self._last = int(values["year"].max()) if values is not None and len(values) else None

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
        if not ok:
            raise value
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
        Ongoing events end here (inclusive) and later ends are cut here; default: today (UTC).
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
    Overlaps (:func:`count_once`): within a country, at any moment each place counts at most
    one event, the first active in the order full > mobile > throttle > services (then the
    earlier start, then the earlier row); a nationwide event of the same or higher priority
    hides the events of any region. A place is the whole country, a set of regions, or the
    place text of an event costed at a default share.
    """
    method = str(method).strip().casefold()
    if method not in BATCH_METHODS:
        raise InputError(f"method={method!r} is not accepted for a batch: one of {', '.join(BATCH_METHODS)} "
                         f"('all' pools each event's draws across methods; run the methods one by one)")
    cut = registry.parse_cutoff(cutoff)
    cached = _CachedData(data if data is not None else ds.active())
    if isinstance(frame, (str, os.PathLike)):
        frame = registry.read(frame)
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"estimate_many takes a DataFrame or the path of a .csv/.parquet file, not "
                         f"{type(frame).__name__}")
    if {"event", "reason", "flags"} <= set(frame.columns):
        events = frame.reset_index(drop=True).copy()
    else:
        events = registry.clean(frame, cutoff=cut, data=cached, unknown_duration=unknown_duration)
    params = parameters.load()
    n = len(events)
    records = events.to_dict("records")
    scenarios: list[Scenario | None] = [None] * n
    factor_lists, costed = [], []
    people = np.full(n, np.nan)
    users = np.full(n, np.nan)
    affected = np.full(n, np.nan)
    gdp_year = np.full(n, np.nan)
    for i, ev in enumerate(records):
        if ev["reason"]:
            continue
        try:
            sc = Scenario.create(**_scenario_fields(ev), method=method, draws=draws, seed=seed)
            factors = method_factors(sc, cached)[method]
        except DataError as exc:
            records[i]["reason"] = f"data_missing: {exc}"
            continue
        except ImpactError as exc:
            records[i]["reason"] = f"input: {exc}"
            continue
        if isinstance(factors, str):
            records[i]["reason"] = f"not_applicable: {factors}"
            continue
        scenarios[i] = sc
        byname = {f.name: f for f in factors}
        affected[i] = byname["affected"].value
        gdp_year[i] = byname["daily_gdp"].year if byname["daily_gdp"].year is not None else np.nan
        counts = people_counts(Resolver(sc, params, cached), sc)
        if counts["people_affected"] is not None:
            people[i] = counts["people_affected"]
        if counts["internet_users_affected"] is not None:
            users[i] = counts["internet_users_affected"]
        factor_lists.append(factors)
        costed.append(i)

    rates = np.zeros((3, n))  # low, central, high cost per day
    if costed:
        rates[:, costed] = np.vstack(rate_ranges(factor_lists, draws, seed))
    idx = np.array(costed, dtype=int)
    start = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    end = start.copy()
    for i in costed:
        start[i] = _moment(scenarios[i].start)
        end[i] = _moment(scenarios[i].end)
    reach = [_reach_key(records[i], i) for i in range(n)]
    kinds = [records[i]["disruption"] if scenarios[i] is None else scenarios[i].disruption for i in range(n)]
    counted, by_year = count_once([records[i]["country"] for i in idx], start[idx], end[idx],
                                  [kinds[i] for i in idx], [reach[i] for i in idx])
    counted_hours = np.full(n, np.nan)
    counted_hours[idx] = counted
    cost = rates * np.where(np.isnan(counted_hours), 0.0, counted_hours) / 24.0

    info = {"cutoff": cut.isoformat(), "method": method, "draws": int(draws), "seed": int(seed),
            "data_snapshot": cached.snapshot_id, "parameter_hash": params.hash,
            "package_version": __version__, "currency": CURRENCY, "range": RANGE_NOTE}
    for i in costed:
        sc = scenarios[i]
        rec = records[i]
        if not np.all(np.isfinite(cost[:, i])) or np.any(cost[:, i] < 0):
            rec["reason"] = "model: the cost came out non-finite or negative (a bug: please report it)"
            scenarios[i] = None
            continue
        hidden = sc.hours - counted_hours[i]
        if hidden > 1e-6:
            _add_flag(rec, "overlap", f"{hidden:,.1f} of {sc.hours:,.1f} hours counted on a concurrent event")
    out = _output(pd.DataFrame(records, columns=list(events.columns)), scenarios, cost, rates, counted_hours,
                  people, users, affected, gdp_year, info)
    by_year = by_year.assign(event=idx[by_year["event"].to_numpy()]) if len(by_year) else by_year
    return BatchResult(events=out, totals=totals(out, by_year, rates), counts=_counts(out),
                       scenarios=tuple(scenarios), info=info)


def _scenario_fields(ev: dict) -> dict:
    fields = {"country": ev["country"], "start": ev["start"], "disruption": ev["disruption"]}
    if _given(ev.get("end")):
        fields["end"] = ev["end"]
    if _given(ev.get("hours")):
        fields["hours"] = ev["hours"]
    if _given(ev.get("services")):
        fields["services"] = ev["services"]
    if _given(ev.get("severity")):
        fields["severity"] = ev["severity"]
    if ev.get("reach") == "regions" and _given(ev.get("regions")):
        fields["regions"] = tuple(r.strip() for r in str(ev["regions"]).split("|") if r.strip())
    elif _given(ev.get("share")):
        fields["share"] = ev["share"]
    return fields


def _given(value) -> bool:
    if value is None:
        return False
    if isinstance(value, float):
        return not np.isnan(value)
    return str(value).strip() != ""


def _moment(iso: str) -> np.datetime64:
    return np.datetime64(pd.Timestamp(iso).tz_convert("UTC").tz_localize(None).to_datetime64(), "s")


def _reach_key(ev: dict, i: int) -> str:
    """The place an event hits, for the overlap rule."""
    if ev.get("reach") == "national":
        return "national"
    if ev.get("reach") == "regions" and _given(ev.get("regions")):
        return "regions:" + " | ".join(sorted(r.strip().casefold() for r in str(ev["regions"]).split("|")))
    if ev.get("layout") == registry.ACCESS_NOW and _given(ev.get("src_area")):
        return "place:" + registry.region_key(str(ev["src_area"]))
    return f"event:{i}"  # a share without a named place: a place of its own


def _add_flag(rec: dict, code: str, detail: str) -> None:
    flags = [f for f in str(rec.get("flags") or "").split(";") if f]
    if code in flags:
        return
    rec["flags"] = ";".join([*flags, code])
    note = f"{code}: {FLAGS[code]} ({detail})"
    rec["notes"] = "; ".join(n for n in (rec.get("notes") or "", note) if n)


def count_once(country: list[str], start: np.ndarray, end: np.ndarray, disruption: list[str],
               place: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Hours each event counts after the overlap rule, in total and by calendar year.

    The rule, within each country: cut time into pieces at every start, end and 1 January;
    in each piece, each place counts at most one of the events active there — the first in the
    order full > mobile > throttle > services, then the earlier start, then the earlier
    position — and a nationwide event hides the events of every other place when its type
    comes first or ties. So a blackout and a concurrent block of apps in the same country are
    not counted twice, and neither are reports of one event that overlap; events in different
    regions are each counted (a nationwide mobile cut during a regional blackout counts both).

    Parameters
    ----------
    country, disruption, place : sequences of str, one per event
        ``place`` is ``"national"`` for a nationwide event, else any key naming the place.
    start, end : arrays of datetime64
        UTC moments, ``end >= start``.

    Returns
    -------
    counted : ndarray
        Hours counted per event (never more than its duration).
    by_year : DataFrame
        ``event`` (position), ``year``, ``hours`` (counted) and ``event_hours`` (in that year,
        before the rule).
    """
    n = len(country)
    counted = np.zeros(n)
    rows: list[tuple[int, int, float, float]] = []
    if n == 0:
        return counted, pd.DataFrame(columns=["event", "year", "hours", "event_hours"])
    rank = np.array([PRIORITY.index(d) for d in disruption])
    s = np.asarray(start, dtype="datetime64[s]").astype(np.int64)  # seconds since 1970, UTC
    e = np.asarray(end, dtype="datetime64[s]").astype(np.int64)
    order = np.lexsort((np.arange(n), s, rank))  # priority order: rank, then start, then position
    position = np.empty(n, dtype=int)
    position[order] = np.arange(n)
    groups: dict[str, list[int]] = {}
    for i, c in enumerate(country):
        groups.setdefault(c, []).append(i)
    for members in groups.values():
        m = np.array(members)
        m = m[e[m] > s[m]]
        if not m.size:
            continue
        ms, me = s[m], e[m]
        first = ms.min().astype("datetime64[s]").astype("datetime64[Y]")
        last = me.max().astype("datetime64[s]").astype("datetime64[Y]")
        new_years = np.arange(first, last + 2).astype("datetime64[s]").astype(np.int64)
        cuts = np.unique(np.concatenate([ms, me, new_years]))
        cuts = cuts[(cuts >= ms.min()) & (cuts <= me.max())]
        year_of = cuts[:-1].astype("datetime64[s]").astype("datetime64[Y]").astype(int) + 1970
        for a, b, year in zip(cuts[:-1], cuts[1:], year_of):
            active = m[(ms <= a) & (me >= b)]
            if not active.size:
                continue
            length = (b - a) / 3600.0
            for i in active:
                rows.append((int(i), int(year), 0.0, length))
            for i in _winners(active, rank, position, place):
                counted[i] += length
                rows.append((i, int(year), length, 0.0))
    by_year = pd.DataFrame(rows, columns=["event", "year", "hours", "event_hours"])
    by_year = by_year.groupby(["event", "year"], as_index=False)[["hours", "event_hours"]].sum()
    return counted, by_year


def _winners(active: np.ndarray, rank: np.ndarray, position: np.ndarray, place: list[str]) -> list[int]:
    """The events that count in one piece of time (see :func:`count_once`)."""
    if active.size == 1:
        return [int(active[0])]
    best: dict[str, int] = {}
    for i in active:
        key = place[i]
        if key not in best or position[i] < position[best[key]]:
            best[key] = int(i)
    top = best.get("national")
    return [i for k, i in best.items() if k == "national" or top is None or rank[top] > rank[i]]


def _output(out, scenarios, cost, rates, counted_hours, people, users, affected, gdp_year, info) -> pd.DataFrame:
    ok = np.array([s is not None for s in scenarios], dtype=bool)
    flagged = out["flags"].fillna("").astype(str) != ""
    out["status"] = np.where(~ok, "rejected", np.where(flagged, "flagged", "costed"))
    out["hours"] = [s.hours if s is not None else h for s, h in zip(scenarios, out["hours"])]
    out["start"] = [s.start if s is not None else v for s, v in zip(scenarios, out["start"])]
    out["end"] = [s.end if s is not None else v for s, v in zip(scenarios, out["end"])]
    out["country_name"] = [countries.name(c) if isinstance(c, str) and c else "" for c in out["country"]]
    out["counted_hours"] = np.where(ok, counted_hours, np.nan)
    for k, name in enumerate(("low", "central", "high")):
        out[f"cost_usd_{name}"] = np.where(ok, cost[k], np.nan)
    out["cost_per_day_usd_central"] = np.where(ok, rates[1], np.nan)
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


def totals(events: pd.DataFrame, by_year: pd.DataFrame, rates: np.ndarray) -> pd.DataFrame:
    """Totals by country and calendar year of the costed events.

    An event lasting into several years counts in each, by its hours there (its cost is its
    rate times those hours). ``hours``: hours counted after the overlap rule, summed over
    events; ``event_hours``: before it; ``events``: events active that year; ``events_rejected``:
    rejected events starting that year; ``people_affected``: the largest number of people of
    any one event (people hit by several events are not added twice: a floor on the people
    cut off); costs: sums of the events' central, 5th and 95th percentile costs (see
    :data:`RANGE_NOTE`), in :data:`CURRENCY`; ``cost_usd_central_long_running``: the part of the
    central cost from events flagged ``long_running`` (over a year), which dominate many totals.
    """
    ok = events["status"] != "rejected"
    if len(by_year):
        by = by_year[ok.to_numpy()[by_year["event"].to_numpy()]].copy()
    else:
        by = pd.DataFrame(columns=["event", "year", "hours", "event_hours"])
    ev = by["event"].to_numpy(dtype=int)
    by["country"] = events["country"].to_numpy()[ev]
    by["people"] = events["people_affected"].to_numpy(dtype=float)[ev]
    by["gdp_year"] = events["gdp_year"].to_numpy(dtype=float, na_value=np.nan)[ev]
    for k, name in enumerate(("low", "central", "high")):
        by[f"cost_usd_{name}"] = rates[k][ev] * by["hours"].to_numpy(dtype=float) / 24.0
    is_long = long_running(events).to_numpy(dtype=bool)[ev]
    by["cost_usd_central_long_running"] = np.where(is_long, by["cost_usd_central"], 0.0)
    grouped = by.groupby(["country", "year"])
    table = grouped.agg(events=("event", "nunique"), hours=("hours", "sum"), event_hours=("event_hours", "sum"),
                        people_affected=("people", "max"), cost_usd_central=("cost_usd_central", "sum"),
                        cost_usd_low=("cost_usd_low", "sum"), cost_usd_high=("cost_usd_high", "sum"),
                        cost_usd_central_long_running=("cost_usd_central_long_running", "sum"),
                        gdp_years=("gdp_year", _year_span)).reset_index()
    rejected = events[~ok & events["country"].notna() & events["start"].notna()]
    rej_year = pd.to_numeric(rejected["start"].astype(str).str[:4], errors="coerce")
    rej = (pd.DataFrame({"country": rejected["country"], "year": rej_year}).dropna()
           .astype({"year": int}).groupby(["country", "year"]).size().rename("events_rejected").reset_index())
    table = table.merge(rej, on=["country", "year"], how="outer")
    table["events"] = table["events"].fillna(0).astype(int)
    table["events_rejected"] = table["events_rejected"].fillna(0).astype(int)
    for col in ("hours", "event_hours", "cost_usd_central", "cost_usd_low", "cost_usd_high",
                "cost_usd_central_long_running"):
        table[col] = table[col].astype(float).fillna(0.0)
    table["gdp_years"] = table["gdp_years"].fillna("")
    table["country_name"] = [countries.name(c) for c in table["country"]]
    table = table.sort_values(["country", "year"]).reset_index(drop=True)
    return table[list(TOTAL_COLUMNS)]


def _year_span(years: pd.Series) -> str:
    ys = sorted({int(y) for y in years if not np.isnan(y)})
    if not ys:
        return ""
    return str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}-{ys[-1]}"


def annual_totals(result: BatchResult) -> pd.DataFrame:
    """World totals by calendar year, for charting (the page's "Events" view).

    Returns
    -------
    DataFrame
        ``year``, ``countries`` (with costed events), ``events``, ``events_rejected``,
        ``hours``, ``people_affected`` (sum over countries of each country's largest event),
        ``cost_usd_central``, ``cost_usd_low``, ``cost_usd_high``,
        ``cost_usd_central_long_running`` (part of the central cost from events of over a year);
        ``attrs`` holds the unit
        (``currency``), how ranges are formed (``range``) and the run's provenance.
    """
    t = result.totals
    table = t.groupby("year").agg(
        countries=("events", lambda s: int((s > 0).sum())), events=("events", "sum"),
        events_rejected=("events_rejected", "sum"), hours=("hours", "sum"),
        people_affected=("people_affected", "sum"), cost_usd_central=("cost_usd_central", "sum"),
        cost_usd_low=("cost_usd_low", "sum"), cost_usd_high=("cost_usd_high", "sum"),
        cost_usd_central_long_running=("cost_usd_central_long_running", "sum")).reset_index()
    table.attrs.update(result.info)
    return table


def long_running(events: pd.DataFrame) -> pd.Series:
    """Which events are flagged ``long_running`` (lasting over a year), as a boolean Series."""
    return events["flags"].fillna("").astype(str).str.split(";").apply(lambda f: "long_running" in f)


def total_cost(events: pd.DataFrame, *, exclude_long_running: bool = False) -> dict:
    """Sum of the costed events' central, 5th and 95th percentile costs (see :data:`RANGE_NOTE`).

    Parameters
    ----------
    events : DataFrame
        :attr:`BatchResult.events`.
    exclude_long_running : bool
        Leave out the events flagged ``long_running`` (over a year, costed linearly for their
        whole length): a figure comparable with annual tallies of short shutdowns.

    Returns
    -------
    dict
        ``central``, ``low``, ``high`` (US$, :data:`CURRENCY`) and ``events`` (how many summed).
    """
    keep = (events["status"] != "rejected").to_numpy()
    if exclude_long_running:
        keep &= ~long_running(events).to_numpy(dtype=bool)
    part = events.loc[keep]
    out = {k: float(part[f"cost_usd_{k}"].astype(float).sum()) for k in ("central", "low", "high")}
    return {**out, "events": int(keep.sum())}


def _counts(events: pd.DataFrame) -> dict:
    """Counts by source row and by event (see :class:`BatchResult`)."""
    status = events.groupby("row")["status"].agg(set)
    rows_rejected = int(sum(s == {"rejected"} for s in status))
    rows_costed = int(sum(s == {"costed"} for s in status))
    ev = events["status"].value_counts()
    return {"read": int(len(status)), "costed": rows_costed,
            "flagged": int(len(status)) - rows_costed - rows_rejected, "rejected": rows_rejected,
            "events": int(len(events)), **{f"events_{k}": int(ev.get(k, 0)) for k in STATUSES}}


def write_table(table: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write a table as CSV or Parquet, chosen by the extension; InputError for others."""
    p = Path(path)
    check_extension(p)
    p.parent.mkdir(parents=True, exist_ok=True)
    if p.suffix.casefold() == ".parquet":
        table.to_parquet(p, index=False)
    else:
        table.to_csv(p, index=False)
    return p


def check_extension(path: str | os.PathLike) -> None:
    """InputError unless the output path ends in .csv or .parquet."""
    if Path(path).suffix.casefold() not in (".csv", ".parquet"):
        raise InputError(f"output {path}: unknown extension {Path(path).suffix!r}; accepted: .csv, .parquet")
