"""Totals of a costed registry: by country and year (:func:`totals`), by year
(:func:`annual_totals`), and sums of events (:func:`total_cost`)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from impact.data import countries
from impact.events.flags import has_flag

TOTAL_COLUMNS = (
    "country", "country_name", "year", "events", "events_rejected", "hours", "event_hours",
    "hours_past_horizon", "people_affected", "cost_usd_central", "cost_usd_low", "cost_usd_high",
    "cost_usd_central_past_horizon", "cost_usd_central_horizon_low", "cost_usd_central_horizon_high",
    "gdp_years",
)
MONEY_AND_HOURS = ("hours", "event_hours", "hours_past_horizon", "cost_usd_central", "cost_usd_low",
                   "cost_usd_high", "cost_usd_central_past_horizon", "cost_usd_central_horizon_low",
                   "cost_usd_central_horizon_high")


def totals(events: pd.DataFrame, by_year: pd.DataFrame, rates: np.ndarray,
           headline: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Totals by country and calendar year of the costed events: the headline, and on their own
    the hours past the horizon.

    An event lasting into several years counts in each, by its hours there (its cost is its
    rate times those hours). The **headline** counts each event for its first
    ``long_event_horizon_days`` (365) only (``headline["value"]``: the overlap rule's hours of
    the events cut at that horizon); ``cost_usd_central_past_horizon`` is what the hours after it
    would add at the linear rate (not comparable with tallies of shutdowns: see docs/BATCH.md);
    ``cost_usd_central_horizon_low``/``_high``: the headline at the horizon's low and high ends.
    ``hours``: headline hours counted after the overlap rule, summed over events; ``event_hours``:
    all hours before the rule; ``events``: events active that year; ``events_rejected``: rejected
    events starting that year; ``people_affected``: the largest number of people of any one event
    (people hit by several events are not added twice: a floor on the people cut off); costs:
    sums of the events' central, 5th and 95th percentile costs (see :data:`RANGE_NOTE`), in
    :data:`CURRENCY`. Without ``headline``, every hour is in the headline.
    """
    ok = events["status"] != "rejected"
    empty = pd.DataFrame(columns=["event", "year", "hours", "event_hours"])

    def costed(table: pd.DataFrame) -> pd.DataFrame:
        if not len(table):
            return empty.copy()
        return table[ok.to_numpy()[table["event"].to_numpy(dtype=int)]].copy()

    by = costed(by_year)
    heads = {k: costed(v)[["event", "year", "hours"]] for k, v in (headline or {}).items()}
    for k, h in heads.items():
        by = by.merge(h.rename(columns={"hours": f"hours_{k}"}), on=["event", "year"], how="left")
        by[f"hours_{k}"] = by[f"hours_{k}"].astype(float).fillna(0.0)
    if "hours_value" not in by:
        by["hours_value"] = by["hours"].astype(float)
    ev = by["event"].to_numpy(dtype=int)
    all_hours = by["hours"].to_numpy(dtype=float)
    head = by["hours_value"].to_numpy(dtype=float)
    by["country"] = events["country"].to_numpy()[ev]
    by["people"] = events["people_affected"].to_numpy(dtype=float)[ev]
    by["gdp_year"] = events["gdp_year"].to_numpy(dtype=float, na_value=np.nan)[ev]
    for k, name in enumerate(("low", "central", "high")):
        by[f"cost_usd_{name}"] = rates[k][ev] * head / 24.0
    by["cost_usd_central_past_horizon"] = rates[1][ev] * np.clip(all_hours - head, 0.0, None) / 24.0
    by["hours_past_horizon"] = np.clip(all_hours - head, 0.0, None)
    for k in ("low", "high"):
        hours = by[f"hours_{k}"].to_numpy(dtype=float) if f"hours_{k}" in by else head
        by[f"cost_usd_central_horizon_{k}"] = rates[1][ev] * hours / 24.0
    by["hours"] = head
    grouped = by.groupby(["country", "year"])
    table = grouped.agg(events=("event", "nunique"), hours=("hours", "sum"), event_hours=("event_hours", "sum"),
                        hours_past_horizon=("hours_past_horizon", "sum"),
                        people_affected=("people", "max"), cost_usd_central=("cost_usd_central", "sum"),
                        cost_usd_low=("cost_usd_low", "sum"), cost_usd_high=("cost_usd_high", "sum"),
                        cost_usd_central_past_horizon=("cost_usd_central_past_horizon", "sum"),
                        cost_usd_central_horizon_low=("cost_usd_central_horizon_low", "sum"),
                        cost_usd_central_horizon_high=("cost_usd_central_horizon_high", "sum"),
                        gdp_first=("gdp_year", "min"), gdp_last=("gdp_year", "max")).reset_index()
    table["gdp_years"] = [_span(a, b) for a, b in zip(table.pop("gdp_first"), table.pop("gdp_last"))]
    rejected = events[~ok & events["country"].notna() & events["start"].notna()]
    rej_year = pd.to_numeric(rejected["start"].astype(str).str[:4], errors="coerce")
    rej = (pd.DataFrame({"country": rejected["country"], "year": rej_year}).dropna()
           .astype({"year": int}).groupby(["country", "year"]).size().rename("events_rejected").reset_index())
    table = table.merge(rej, on=["country", "year"], how="outer")
    table["events"] = table["events"].fillna(0).astype(int)
    table["events_rejected"] = table["events_rejected"].fillna(0).astype(int)
    for col in MONEY_AND_HOURS:
        table[col] = table[col].astype(float).fillna(0.0)
    table["gdp_years"] = table["gdp_years"].fillna("")
    table["country_name"] = [countries.name(c) for c in table["country"]]
    table = table.sort_values(["country", "year"]).reset_index(drop=True)
    return table[list(TOTAL_COLUMNS)]


def _span(first: float, last: float) -> str:
    """"2019", "2018-2020" or "" (no year): the GDP years of a group, from its first and last."""
    if np.isnan(first):
        return ""
    return str(int(first)) if first == last else f"{int(first)}-{int(last)}"


def annual_totals(result) -> pd.DataFrame:
    """World totals by calendar year: the headline and, on their own line, the hours past the
    horizon (the page's "Events" view and the CLI print these).

    Returns
    -------
    DataFrame
        ``year``, ``countries`` (with costed events), ``events``, ``events_rejected``,
        ``hours``, ``people_affected`` (sum over countries of each country's largest event),
        ``cost_usd_central``, ``cost_usd_low``, ``cost_usd_high`` (the headline: each event's first
        ``horizon_days``), ``cost_usd_central_past_horizon`` (what the hours after that would add),
        ``cost_usd_central_horizon_low``/``_high`` (the headline at the horizon's range);
        ``attrs`` holds the unit (``currency``), how ranges are formed (``range``), the horizon
        and the run's provenance.
    """
    t = result.totals
    money = {c: (c, "sum") for c in ("hours", "hours_past_horizon", "people_affected", "cost_usd_central",
                                      "cost_usd_low", "cost_usd_high", "cost_usd_central_past_horizon",
                                      "cost_usd_central_horizon_low", "cost_usd_central_horizon_high")}
    table = t.groupby("year").agg(
        countries=("events", lambda s: int((s > 0).sum())), events=("events", "sum"),
        events_rejected=("events_rejected", "sum"), **money).reset_index()
    table.attrs.update(result.info)
    return table


def headline(result, first: int | None = None, last: int | None = None) -> dict:
    """The headline over a span of years (all years by default): central, low, high, the
    past-horizon line, the headline at the horizon's low and high ends, and the years covered."""
    a = annual_totals(result)
    if first is not None:
        a = a[a["year"] >= first]
    if last is not None:
        a = a[a["year"] <= last]
    out = {k: float(a[f"cost_usd_{k}"].sum()) for k in ("central", "low", "high")}
    out.update(past_horizon=float(a["cost_usd_central_past_horizon"].sum()),
               horizon_low=float(a["cost_usd_central_horizon_low"].sum()),
               horizon_high=float(a["cost_usd_central_horizon_high"].sum()),
               first=None, last=None)
    years = a.loc[a["events"] > 0, "year"]  # the years of events costed (a rejected row's year adds nothing)
    if len(years):
        out.update(first=int(years.min()), last=int(years.max()))
    return out


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
