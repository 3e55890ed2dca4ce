"""Totals of a costed registry: by country and year (:func:`totals`), by year
(:func:`annual_totals`), and sums of events (:func:`total_cost`)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from impact.data import countries
from impact.events.flags import has_flag

TOTAL_COLUMNS = (
    "country", "country_name", "year", "events", "events_rejected", "hours", "event_hours",
    "people_affected", "cost_usd_central", "cost_usd_low", "cost_usd_high",
    "cost_usd_central_long_running", "gdp_years",
)


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


def annual_totals(result) -> pd.DataFrame:
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
    return events["flags"].apply(lambda f: has_flag(f, "long_running")).astype(bool)


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
