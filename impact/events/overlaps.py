"""The overlap rule: within a country, each moment of each place counts once (:func:`count_once`)."""
from __future__ import annotations

import math

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
        return not math.isnan(value)
    return str(value).strip() != ""


def place_key(ev: dict, i: int, chain: bool = False) -> str:
    """The place an event hits, for the overlap rule; with ``chain``, for the chains of rows that
    continue one disruption (:func:`disruption_began`), where a part of regions is in those regions
    (a cut renewed in Kashmir whose place text varies continues the cut in force there)."""
    if ev.get("reach") == "national":
        return "national"
    if ev.get("reach") == "isp":
        return f"event:{i}"  # one operator's customers: a place of its own
    if ev.get("reach") in (("regions", "share") if chain else ("regions",)) and given(ev.get("regions")):
        return "regions:" + " | ".join(sorted(r.strip().casefold() for r in str(ev["regions"]).split("|")))
    # a part of regions (a city, or cities, of the regions named) is the place its text names: two
    # cities of one state are two places (counting them once would drop one city's hours)
    if ev.get("layout") == ACCESS_NOW and given(ev.get("src_area")):
        return "place:" + region_key(str(ev["src_area"]))
    return f"event:{i}"  # a share without a named place: a place of its own


def disruption_began(country: list[str], place: list[str], is_block: np.ndarray, start: np.ndarray,
                     end: np.ndarray) -> np.ndarray:
    """When the disruption each event continues began: the earliest start of the chain of events
    of its kind (blocks of services, or cuts of the network) in its country and place whose spans
    overlap or touch one another.

    A registry often records one long disruption as several rows (a block renewed, or one more
    platform blocked while others stay blocked); the horizons of the headline totals count from
    the start of the whole disruption, not from each row. Events in different places, or of the
    other kind, never chain.
    """
    s = np.asarray(start, dtype="datetime64[s]").astype(np.int64).tolist()
    e = np.asarray(end, dtype="datetime64[s]").astype(np.int64).tolist()
    out = list(s)
    groups: dict[tuple, list[int]] = {}
    for i, key in enumerate(zip(country, place, np.asarray(is_block, dtype=bool).tolist())):
        groups.setdefault(key, []).append(i)
    for members in groups.values():
        m = sorted(members, key=s.__getitem__)  # by start (stable: ties in input order)
        chain_start, chain_end = s[m[0]], e[m[0]]
        for i in m:
            if s[i] > chain_end:  # a gap: a new disruption begins
                chain_start, chain_end = s[i], e[i]
            out[i] = chain_start
            chain_end = max(chain_end, e[i])
    return np.array(out, dtype=np.int64).astype("datetime64[s]")


def count_once(country: list[str], start: np.ndarray, end: np.ndarray, disruption: list[str],
               place: list[str], duty: np.ndarray | None = None) -> tuple[np.ndarray, pd.DataFrame]:
    """Hours each event counts after the overlap rule, in total and by calendar year.

    The rule counts the union of what was cut, within each country. Time is cut into pieces at
    every start, end and 1 January. In each piece and place, the events active there are taken in
    the order full > mobile > throttle > services (then the earlier start, then the earlier
    position); each counts the part of the piece that the events before it leave uncovered:
    a blackout covers everything, so a concurrent block of apps counts only outside it. Blocks
    of services in one place are one block of all their platforms (the model values a block of
    any platforms alike): the piece counts once, shared among them. An event active only part of
    each day (``duty`` < 1: exam-time windows) covers that part; the windows of events are taken
    as independent of each other. A nationwide event covers every other place for the events
    whose type does not come before its own. Events in different places are each counted (a
    nationwide mobile cut during a regional blackout counts both).

    Parameters
    ----------
    country, disruption, place : sequences of str, one per event
        ``place`` is ``"national"`` for a nationwide event, else any key naming the place.
    start, end : arrays of datetime64
        UTC moments, ``end >= start``.
    duty : array of float, optional
        Fraction of the span each event is active (1 by default; hours / span for daily windows).

    Returns
    -------
    counted : ndarray
        Hours counted per event (never more than its hours).
    by_year : DataFrame
        ``event`` (position), ``year``, ``hours`` (counted) and ``event_hours`` (in that year,
        before the rule).
    """
    n = len(country)
    counted = np.zeros(n)
    if n == 0:
        return counted, _no_years()
    duty = np.ones(n) if duty is None else np.clip(np.asarray(duty, dtype=float), 0.0, 1.0)
    rank = np.array([PRIORITY.index(d) for d in disruption])
    s = np.asarray(start, dtype="datetime64[s]").astype(np.int64)  # seconds since 1970, UTC
    e = np.asarray(end, dtype="datetime64[s]").astype(np.int64)
    order = np.lexsort((np.arange(n), s, rank))  # priority order: rank, then start, then position
    position = np.empty(n, dtype=int)
    position[order] = np.arange(n)
    groups: dict[str, list[int]] = {}
    for i, c in enumerate(country):
        groups.setdefault(c, []).append(i)
    ev_rows: list[np.ndarray] = []
    yr_rows: list[np.ndarray] = []
    hours_rows: list[np.ndarray] = []
    before_rows: list[np.ndarray] = []
    for members in groups.values():
        m = np.array(members)
        m = m[e[m] > s[m]]
        if not m.size:
            continue
        m = m[np.argsort(position[m])]  # priority order within the country
        ms, me = s[m], e[m]
        first = ms.min().astype("datetime64[s]").astype("datetime64[Y]")
        last = me.max().astype("datetime64[s]").astype("datetime64[Y]")
        new_years = np.arange(first, last + 2).astype("datetime64[s]").astype(np.int64)
        cuts = np.unique(np.concatenate([ms, me, new_years]))
        cuts = cuts[(cuts >= ms.min()) & (cuts <= me.max())]
        year_of = cuts[:-1].astype("datetime64[s]").astype("datetime64[Y]").astype(int) + 1970
        lengths = np.diff(cuts) / 3600.0
        # event m[j] is active in pieces first[j] to stop[j] - 1 (piece k runs from cuts[k] to cuts[k + 1])
        first_piece, stop_piece = np.searchsorted(cuts, ms), np.searchsorted(cuts, me)
        share = _shares(first_piece, stop_piece, cuts.size - 1, rank[m], duty[m], [place[i] for i in m])
        width = stop_piece - first_piece
        j = np.repeat(np.arange(m.size), width)
        k = first_piece[j] + np.arange(j.size) - np.repeat(np.cumsum(width) - width, width)  # each event's pieces
        got = np.concatenate(share) * lengths[k]
        # each event's hours added piece after piece, as numpy sums the columns of a matrix of the
        # pieces × the events (a country's only event: pairwise, as numpy sums a single column)
        counted[m] += np.bincount(j, weights=got, minlength=m.size) if m.size > 1 else got.sum()
        ev_rows.append(m[j])
        yr_rows.append(year_of[k])
        hours_rows.append(got)
        before_rows.append(duty[m][j] * lengths[k])
    if not ev_rows:
        return counted, _no_years()
    by_year = pd.DataFrame({"event": np.concatenate(ev_rows), "year": np.concatenate(yr_rows),
                            "hours": np.concatenate(hours_rows), "event_hours": np.concatenate(before_rows)})
    by_year = by_year.groupby(["event", "year"], as_index=False)[["hours", "event_hours"]].sum()
    return counted, by_year


def _no_years() -> pd.DataFrame:
    return pd.DataFrame(columns=["event", "year", "hours", "event_hours"])


def count_once_cut(country: list[str], start: np.ndarray, end: np.ndarray, stops: dict[str, np.ndarray],
                   disruption: list[str], place: list[str], duty: np.ndarray | None = None
                   ) -> tuple[tuple[np.ndarray, pd.DataFrame], dict[str, tuple[np.ndarray, pd.DataFrame]]]:
    """:func:`count_once` of the events as they are, and of each variant ``stops[name]`` (the
    events' ends, cut earlier: the horizons), in one pass each only where it differs.

    The rule works within each country, so a variant is counted again only for the countries
    where some event stops before its end; every other country's hours are those of the events
    as they are. The results are those of ``count_once(country, start, stops[name], ...)``.
    """
    base = count_once(country, start, end, disruption, place, duty)
    countries = np.asarray(country, dtype=object)
    e = np.asarray(end, dtype="datetime64[s]")
    duty = None if duty is None else np.asarray(duty, dtype=float)
    out = {}
    for name, stop in stops.items():
        stop = np.asarray(stop, dtype="datetime64[s]")
        changed = np.isin(countries, np.unique(countries[stop != e])) if len(countries) else np.zeros(0, bool)
        if not changed.any():
            out[name] = (base[0].copy(), base[1].copy())
            continue
        at = np.flatnonzero(changed)
        counted, by = count_once(list(countries[at]), np.asarray(start)[at], stop[at],
                                 [disruption[i] for i in at], [place[i] for i in at],
                                 None if duty is None else duty[at])
        hours = base[0].copy()
        hours[at] = counted
        kept = base[1][~changed[base[1]["event"].to_numpy(dtype=int)]] if len(base[1]) else base[1]
        if len(by):
            by = by.assign(event=at[by["event"].to_numpy(dtype=int)])
        if len(by) and len(kept):
            by = pd.concat([kept, by], ignore_index=True).sort_values(["event", "year"], kind="stable")
            by = by.reset_index(drop=True)
        elif not len(by):
            by = kept.reset_index(drop=True) if len(kept) else _no_years()
        out[name] = (hours, by)
    return base, out


def _shares(first: np.ndarray, stop: np.ndarray, pieces: int, rank: np.ndarray, duty: np.ndarray,
            place: list[str]) -> list[np.ndarray]:
    """Fraction of each of its pieces each event (in priority order) counts (see count_once).

    Event ``j`` is active in pieces ``first[j]`` to ``stop[j] - 1``; it gets one fraction per
    piece. In each place, an event counts what the events before it leave uncovered in the
    piece, and, outside the nation, what the nationwide events of its rank or before leave."""
    out: list[np.ndarray] = [np.zeros(0)] * len(place)
    cols: dict[str, list[int]] = {}
    for j, p in enumerate(place):
        cols.setdefault(p, []).append(j)
    # uncovered[k, r]: part of piece k not covered by nationwide events of rank <= r
    uncovered = np.ones((pieces, len(PRIORITY)))
    for p in sorted(cols, key=lambda p: p != "national"):  # the nation first
        national = p == "national"
        if not national and len(cols[p]) == 1:  # a place of one event: what the nation leaves it
            j = cols[p][0]
            at = slice(first[j], stop[j])
            if rank[j] == _SERVICES:  # one block: its cover, all of it its own (as _blocks works it out)
                part = 1.0 if duty[j] > 0 else 0.0
                out[j] = part * (uncovered[at, _SERVICES] * (1.0 - (1.0 - duty[j])))
            else:
                out[j] = uncovered[at, rank[j]] * duty[j]
            continue
        left = np.ones(pieces)
        blocks = [j for j in cols[p] if rank[j] == _SERVICES]
        for j in cols[p]:
            if rank[j] == _SERVICES:
                break  # the blocks come last (lowest priority)
            at = slice(first[j], stop[j])
            on = duty[j]
            out[j] = (left[at] if national else left[at] * uncovered[at, rank[j]]) * on
            left[at] = left[at] * (1.0 - on)
            if national:
                uncovered[at, rank[j]:] = left[at, None]
        if blocks:
            _blocks(first, stop, pieces, duty, blocks, left, uncovered, national, out)
    return out


_SERVICES = PRIORITY.index("services")


def _blocks(first, stop, pieces, duty, blocks, left, uncovered, national, out) -> None:
    """Blocks of services in one place: one block of all their platforms (see count_once)."""
    on = np.zeros((pieces, len(blocks)), dtype=bool)
    for c, j in enumerate(blocks):
        on[first[j]:stop[j], c] = True
    rows = np.flatnonzero(on.any(axis=1))
    on = on[rows]
    cover = 1.0 - np.prod(1.0 - on * duty[blocks][None, :], axis=1)
    avail = left[rows] if national else left[rows] * uncovered[rows, _SERVICES]
    counted = avail * cover
    weight = on * duty[blocks][None, :]
    total = weight.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        part = np.where(total[:, None] > 0, weight / np.where(total > 0, total, 1.0)[:, None], 0.0)
    share = part * counted[:, None]
    for c, j in enumerate(blocks):
        out[j] = share[np.searchsorted(rows, first[j]):np.searchsorted(rows, stop[j]), c]
    left[rows] = left[rows] * (1.0 - cover)
    if national:
        uncovered[rows, _SERVICES:] = left[rows, None]
