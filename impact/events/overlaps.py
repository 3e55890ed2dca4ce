"""The overlap rule: within a country, each moment of each place counts once (:func:`count_once`)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from impact.data.regions import name_key as region_key
from impact.events.access_now import ACCESS_NOW

# Priority of disruption types in the overlap rule: a moment counts once, on the first of these.
PRIORITY = ("full", "mobile", "throttle", "services")


def given(value) -> bool:
    if value is None:
        return False
    if isinstance(value, float):
        return not np.isnan(value)
    return str(value).strip() != ""


def place_key(ev: dict, i: int) -> str:
    """The place an event hits, for the overlap rule."""
    if ev.get("reach") == "national":
        return "national"
    if ev.get("reach") == "regions" and given(ev.get("regions")):
        return "regions:" + " | ".join(sorted(r.strip().casefold() for r in str(ev["regions"]).split("|")))
    if ev.get("layout") == ACCESS_NOW and given(ev.get("src_area")):
        return "place:" + region_key(str(ev["src_area"]))
    return f"event:{i}"  # a share without a named place: a place of its own


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
