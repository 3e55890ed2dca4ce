"""The overlap rule's sparse evaluation (impact.events.overlaps) against the dense one it replaced.

``dense_count_once`` is the rule as first written (a matrix of pieces × events per country); the
package works on each event's own pieces. The two must agree to the last bit, as must the
horizon variants of :func:`count_once_cut` with :func:`count_once` run on each variant.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from impact.events.overlaps import PRIORITY, count_once, count_once_cut

DAY = 86400


def dense_count_once(country: list[str], start: np.ndarray, end: np.ndarray, disruption: list[str],
               place: list[str], duty: np.ndarray | None = None) -> tuple[np.ndarray, pd.DataFrame]:
    """The overlap rule as first written, piece by piece over all events at once (a pieces × events
    matrix): the reference the fast :func:`impact.events.overlaps.count_once` is checked against.
    Same arguments and results as ``count_once``; its docstring says the rule."""
    n = len(country)
    counted = np.zeros(n)
    if n == 0:
        return counted, pd.DataFrame(columns=["event", "year", "hours", "event_hours"])
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
        # active[k, j]: event m[j] is active in piece k
        active = (ms[None, :] <= cuts[:-1, None]) & (me[None, :] >= cuts[1:, None])
        share = _dense_shares(active, rank[m], duty[m], [place[i] for i in m])
        got = share * lengths[:, None]
        before = active * duty[m][None, :] * lengths[:, None]
        counted[m] += got.sum(axis=0)
        k, j = np.nonzero(active)
        ev_rows.append(m[j])
        yr_rows.append(year_of[k])
        hours_rows.append(got[k, j])
        before_rows.append(before[k, j])
    if not ev_rows:
        return counted, pd.DataFrame(columns=["event", "year", "hours", "event_hours"])
    by_year = pd.DataFrame({"event": np.concatenate(ev_rows), "year": np.concatenate(yr_rows),
                            "hours": np.concatenate(hours_rows), "event_hours": np.concatenate(before_rows)})
    by_year = by_year.groupby(["event", "year"], as_index=False)[["hours", "event_hours"]].sum()
    return counted, by_year


def _dense_shares(active: np.ndarray, rank: np.ndarray, duty: np.ndarray, place: list[str]) -> np.ndarray:
    """Fraction of each piece (rows) each event (columns, in priority order) counts (see count_once)."""
    pieces, n = active.shape
    out = np.zeros((pieces, n))
    places = sorted(set(place), key=lambda p: p != "national")  # the nation first
    cols: dict[str, list[int]] = {p: [] for p in places}
    for j, p in enumerate(place):
        cols[p].append(j)
    # uncovered[k, r]: part of piece k not covered by nationwide events of rank <= r
    uncovered_nat = np.ones((pieces, len(PRIORITY)))
    for p in places:
        js = cols[p]
        left = np.ones(pieces) if p == "national" else None
        services = [j for j in js if rank[j] == PRIORITY.index("services")]
        blocks_done = False
        for j in js:
            if p != "national" and left is None:
                left = np.ones(pieces)
            if rank[j] == PRIORITY.index("services"):
                if blocks_done:
                    continue
                blocks_done = True
                # all blocks of services in this place: one block of all their platforms
                on = active[:, services]
                cover = 1.0 - np.prod(1.0 - on * duty[services][None, :], axis=1)
                avail = left if p == "national" else left * uncovered_nat[:, rank[j]]
                counted = avail * cover
                weight = on * duty[services][None, :]
                total = weight.sum(axis=1)
                with np.errstate(invalid="ignore", divide="ignore"):
                    part = np.where(total[:, None] > 0, weight / np.where(total > 0, total, 1.0)[:, None], 0.0)
                out[:, services] = part * counted[:, None]
                left = left * (1.0 - cover)
            else:
                on = active[:, j] * duty[j]
                avail = left if p == "national" else left * uncovered_nat[:, rank[j]]
                out[:, j] = avail * on
                left = left * (1.0 - on)
            if p == "national":
                uncovered_nat[:, rank[j]:] = left[:, None]
    return out


@st.composite
def registries(draw):
    n = draw(st.integers(1, 40))
    countries = draw(st.lists(st.sampled_from(["AAA", "BBB", "CCC"]), min_size=n, max_size=n))
    kinds = draw(st.lists(st.sampled_from(PRIORITY), min_size=n, max_size=n))
    places = draw(st.lists(st.sampled_from(["national", "national", "regions:a", "regions:b", "place:c"]
                                           + [f"event:{i}" for i in range(n)]), min_size=n, max_size=n))
    base = np.datetime64("2019-11-01T00:00:00", "s").astype(np.int64)
    starts = np.array(draw(st.lists(st.integers(0, 900 * DAY // 3600), min_size=n, max_size=n))) * 3600 + base
    lengths = np.array(draw(st.lists(st.integers(0, 500 * 24), min_size=n, max_size=n))) * 3600
    duty = np.array(draw(st.lists(st.sampled_from([1.0, 1.0, 0.25, 0.5, 1 / 3]), min_size=n, max_size=n)))
    cut = np.array(draw(st.lists(st.integers(0, 400 * 24), min_size=n, max_size=n))) * 3600
    start = starts.astype("datetime64[s]")
    end = (starts + lengths).astype("datetime64[s]")
    stop = np.minimum(end, start + cut.astype("timedelta64[s]"))
    return countries, start, end, kinds, places, duty, stop


def _same(a, b):
    assert np.array_equal(a[0], b[0])  # to the last bit
    assert a[1].reset_index(drop=True).equals(b[1].reset_index(drop=True))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registries())
def test_sparse_rule_equals_the_dense_rule_to_the_last_bit(reg):
    countries, start, end, kinds, places, duty, stop = reg
    _same(count_once(countries, start, end, kinds, places, duty),
          dense_count_once(countries, start, end, kinds, places, duty))
    _same(count_once(countries, start, stop, kinds, places), dense_count_once(countries, start, stop, kinds, places))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registries())
def test_horizon_variants_equal_the_rule_run_on_each(reg):
    countries, start, end, kinds, places, duty, stop = reg
    uncut, variants = count_once_cut(countries, start, end, {"cut": stop, "same": end}, kinds, places, duty)
    _same(uncut, count_once(countries, start, end, kinds, places, duty))
    _same(variants["cut"], count_once(countries, start, stop, kinds, places, duty))
    _same(variants["same"], uncut)


def test_a_long_single_event_is_summed_as_numpy_sums_one_column():
    start = np.array(["2010-03-01T07:13:11"], dtype="datetime64[s]")
    end = np.array(["2025-07-01T05:01:17"], dtype="datetime64[s]")  # 16 pieces: a pairwise sum differs from a running one
    for duty in (np.array([1.0]), np.array([1 / 3]), np.array([0.1])):  # 0.1: the two sums differ
        _same(count_once(["AAA"], start, end, ["full"], ["national"], duty),
              dense_count_once(["AAA"], start, end, ["full"], ["national"], duty))


def test_parts_of_one_region_are_the_places_their_texts_name_for_the_overlap_rule():
    from impact.events.overlaps import place_key

    whole = {"reach": "regions", "regions": "Rajasthan"}
    part = {"reach": "share", "share": 0.004, "regions": "Rajasthan", "layout": "access_now",
            "src_area": "Bhilwara district, Rajasthan"}
    other = dict(part, src_area="Jodhpur district, Rajasthan")
    assert place_key(part, 1) != place_key(other, 2)   # two cities of one state: two places
    assert place_key(part, 1) == place_key(dict(part), 3)  # the same text: one place
    assert place_key(whole, 0) not in (place_key(part, 1), place_key(other, 2))
    assert place_key(whole, 0) == place_key({"reach": "regions", "regions": "rajasthan"}, 4)
    # a share with neither regions nor a place text: a place of its own
    assert place_key({"reach": "share", "share": 0.01}, 5) == "event:5"
    # but a row that continues a disruption continues it in the regions it is a part of
    assert place_key(part, 1, chain=True) == place_key(other, 2, chain=True) == place_key(whole, 0, chain=True)
