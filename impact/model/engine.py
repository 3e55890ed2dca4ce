"""The one engine: the cost per day of 1..n scenarios, each a product of factors, with its range.

Every figure goes through :func:`evaluate`: one scenario (:func:`impact.estimate`, one row per
method), a whole registry (:func:`impact.estimate_many`), or every economy at once (the page's
World view, :func:`impact.model.estimator.estimate_costs`).

Each scenario brings its own factors (:class:`~impact.model.inputs.Input`: central value, range
and distribution), so scenarios may differ in every factor, its range and its distribution.
The duration (``days``) is left out: the engine gives the cost *per day*, which the caller
scales by the hours it counts.

How: factors are grouped by random-number stream (:func:`impact.model.uncertainty.stream`). An
exact factor (``low == high``) only scales its scenario. An uncertain one is its ``high`` times a
draw of its *shape* (low/high, value/high, 1) from the stream's uniforms: the distributions are
scale families, and positive scales commute with percentiles. Scenarios whose uncertain factors
have the same shapes (e.g. the multiplier of every economy) share their draws, so the draws and
percentiles are computed once per distinct set of shapes, whatever the number of scenarios.
The uniforms are shared by factor role (common random numbers), so a scenario gets the same
figures alone, beside other methods, or among thousands of events.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from impact.model import uncertainty
from impact.model.inputs import Input

SKIPPED = ("days",)  # the duration scales the result; it is not a factor of the rate


@dataclass(frozen=True)
class Evaluation:
    """What :func:`evaluate` returns for n scenarios (arrays of length n, in input order).

    ``central``: the cost per day at the factors' central values (the method's own arithmetic);
    ``low``, ``high``: the 5th and 95th percentiles of its draws, widened to ``central`` where it
    falls outside them (with no draws: the products of the factors' lows and highs). ``draws``: (n, draws) array of
    the cost per day, when asked. ``sensitivity``: per scenario, each uncertain factor's share of
    the variance of log(cost), largest first (independent positive factors: the shares add up to 1),
    when asked.
    """

    low: np.ndarray
    central: np.ndarray
    high: np.ndarray
    draws: np.ndarray | None = None
    sensitivity: tuple[tuple[dict, ...], ...] | None = None


def evaluate(factor_lists: Sequence[Sequence[Input]], draws: int, seed: int = 0, *,
             keep_draws: bool = False, sensitivity: bool = False) -> Evaluation:
    """Cost per day of each scenario (the product of its factors but the duration), with its range.

    Parameters
    ----------
    factor_lists : sequence of sequences of Input
        One list of factors per scenario (a method's factors, :mod:`impact.model.methods`).
    draws, seed : int
        Monte Carlo draws per scenario (0: the range is the product of the factors' bounds,
        every factor being non-negative and the cost increasing in each) and their seed.
    keep_draws, sensitivity : bool
        Also return the draws of each scenario's cost per day / what drives each range.

    Scenarios made of the same factor objects but the duration (the events of a registry that
    differ only in when and how long, :class:`impact.model.estimator.RateFactors`) are evaluated
    once: a scenario's figures depend on its own factors only.
    """
    distinct: dict[tuple[int, ...], int] = {}
    first: list[Sequence[Input]] = []
    which = np.empty(len(factor_lists), dtype=np.int64)
    for j, factors in enumerate(factor_lists):
        key = tuple([id(f) for f in factors if f.name not in SKIPPED])
        at = distinct.get(key)
        if at is None:
            at = distinct[key] = len(first)
            first.append(factors)
        which[j] = at
    ev = _evaluate(first, draws, seed, keep_draws, sensitivity)
    if len(first) == len(which):
        return ev
    return Evaluation(ev.low[which], ev.central[which], ev.high[which],
                      None if ev.draws is None else ev.draws[which],
                      None if ev.sensitivity is None else tuple(ev.sensitivity[i] for i in which))


def _evaluate(factor_lists: Sequence[Sequence[Input]], draws: int, seed: int, keep_draws: bool,
              sensitivity: bool) -> Evaluation:
    n = len(factor_lists)
    k_streams = len(uncertainty.STREAMS)
    low, mode, high, kind, names = _tables(factor_lists, k_streams)
    if draws == 0:
        lo, mid, hi = low.prod(axis=0), mode.prod(axis=0), high.prod(axis=0)
        return Evaluation(lo, mid, hi, None, tuple(() for _ in range(n)) if sensitivity else None)

    uncertain = low < high                       # (streams, n)
    # An uncertain factor is its high times a draw of its shape (low/high, value/high, 1): the
    # distributions are scale families. Scenarios whose uncertain factors have the same shapes
    # share their draws up to a scale, so their percentiles are computed once.
    top = np.where(uncertain, high, 1.0)
    scale = np.where(uncertain, high, mode).prod(axis=0)
    shape_id = np.full((k_streams, n), -1, dtype=np.int64)   # per stream: the shape's row in that stream
    stream_shapes: dict[int, np.ndarray] = {}                 # stream → its distinct (kind, low/high, value/high)
    for k in np.flatnonzero(uncertain.any(axis=1)):
        rows = np.flatnonzero(uncertain[k])
        keys = np.stack([kind[k, rows].astype(float), low[k, rows] / top[k, rows], mode[k, rows] / top[k, rows]], axis=1)
        stream_shapes[int(k)], inverse = np.unique(keys, axis=0, return_inverse=True)
        shape_id[k, rows] = inverse.ravel()
    signatures, group = np.unique(shape_id.T, axis=0, return_inverse=True)
    group = group.ravel()
    u = uncertainty.uniforms(draws, seed)
    if not keep_draws and not sensitivity and stream_shapes:
        # Only percentiles are returned, and they do not depend on the order of the draws: reorder
        # every stream's draws alike (each draw keeps its uniforms) so that the stream with the most
        # shapes is in ascending order, which halves the work of its two-piece distributions
        # (uncertainty._sorted_halves). The same figures bit for bit.
        busiest = max(stream_shapes, key=lambda k: len(stream_shapes[k]))
        if len(stream_shapes[busiest]) > 1:
            u = u[:, np.argsort(u[busiest], kind="stable")]
    product = None   # (signatures, draws), made by the first stream every signature draws on
    spread = np.zeros((len(signatures), k_streams)) if sensitivity else None
    positive = np.ones(len(signatures), dtype=bool)
    for k, shapes in stream_shapes.items():
        # every distinct shape of this stream drawn at once, then multiplied into the signatures using it
        x = uncertainty.ppf(shapes[:, 0].astype(np.int8)[:, None], u[k][None, :], shapes[:, 1][:, None],
                            shapes[:, 2][:, None], 1.0)
        rows = np.flatnonzero(signatures[:, k] >= 0)
        at = signatures[rows, k]
        if rows.size == len(signatures):   # every signature draws on this stream: no gather/scatter of rows
            if product is None:            # 1 × x is x: the first such stream gives the product
                product = (x if x.flags.owndata and np.array_equal(at, np.arange(len(x))) else x[at]) if len(x) > 1 \
                    else np.repeat(x, len(signatures), axis=0)
            else:
                product *= x[at] if len(x) > 1 else x[0]
        else:
            if product is None:
                product = np.ones((len(signatures), draws))
            product[rows] *= x[at]
        if spread is not None:
            ok = (x > 0).all(axis=1)
            with np.errstate(divide="ignore", invalid="ignore"):
                v = np.where(ok, np.log(np.where(x > 0, x, 1.0)).var(axis=1), 0.0)
            spread[rows, k] = v[at]
            positive[rows] &= ok[at]
    if product is None:  # no uncertain factor
        product = np.ones((len(signatures), draws))
    rate_draws = product[group] * scale[:, None] if keep_draws else None
    lo, hi = uncertainty.summarise_ends(product, axis=1, overwrite=True)  # reorders each row's draws
    drivers = None
    if spread is not None:
        drivers = tuple(_drivers(spread[group[j]], names[:, j]) if positive[group[j]] and scale[j] > 0 else ()
                        for j in range(n))
    # Central: the method's arithmetic at the factors' central values (issue 10), not the median
    # of the draws; the 5th-95th percentile range is widened to it where it falls outside.
    central = mode.prod(axis=0)
    lo, hi = np.minimum(lo[group] * scale, central), np.maximum(hi[group] * scale, central)
    return Evaluation(lo, central, hi, rate_draws, drivers)


def _tables(factor_lists: Sequence[Sequence[Input]], k_streams: int) -> tuple[np.ndarray, ...]:
    """(low, mode, high, distribution code, factor name), each (streams, scenarios): each
    scenario's factor on each stream (1, exact, where it has none)."""
    n = len(factor_lists)
    low, mode, high = np.ones((k_streams, n)), np.ones((k_streams, n)), np.ones((k_streams, n))
    kind = np.zeros((k_streams, n), dtype=np.int8)
    names = np.empty((k_streams, n), dtype=object)  # the factor each scenario draws on each stream
    cells: dict[int, tuple] = {}  # id of a factor → (its stream's offset, low, value, high, code, name)
    at, rows = [], []
    for j, factors in enumerate(factor_lists):
        for f in factors:
            cell = cells.get(id(f))
            if cell is None:
                cell = cells[id(f)] = _cell(f, n)
            if cell is not _SKIP:
                at.append(cell[0] + j)
                rows.append(cell)
    if not at:
        return low, mode, high, kind, names
    at_ = np.array(at, dtype=np.int64)
    lows, modes, highs, kinds, named = list(zip(*rows))[1:]
    if np.unique(at_).size < at_.size:  # a scenario with two factors on one stream: the last one counts
        last = {a: i for i, a in enumerate(at)}
        keep = np.array(sorted(last.values()), dtype=np.int64)
    else:
        keep = slice(None)
    at_ = at_[keep]
    for table, values, dtype in ((low, lows, float), (mode, modes, float), (high, highs, float),
                                 (kind, kinds, np.int8), (names, named, object)):
        table.ravel()[at_] = np.asarray(values, dtype=dtype)[keep]
    return low, mode, high, kind, names


_SKIP = ()  # the cell of a factor left out of the rate (:data:`SKIPPED`)


def _cell(f: Input, n: int) -> tuple:
    """What :func:`_tables` writes of factor ``f``: the offset of its stream's row in a (streams, n)
    table, its low, value, high, distribution code and name; :data:`_SKIP` for the duration."""
    if f.name in SKIPPED:
        return _SKIP
    return (uncertainty.stream(f.name) * n, f.low, f.value, f.high, uncertainty.distribution_code(f.distribution),
            f.name)


def _drivers(variances: np.ndarray, names: np.ndarray) -> tuple[dict, ...]:
    total = float(variances.sum())
    if total <= 0:
        return ()
    rows = [{"factor": names[k], "share_of_spread": float(variances[k]) / total} for k in np.flatnonzero(variances > 0)]
    return tuple(sorted(rows, key=lambda r: -r["share_of_spread"]))
