"""Ranges from parameter ranges: seeded, vectorised Monte Carlo over independent factors.

Each uncertain factor is triangular(low, value, high) — the distribution of
``scipy.stats.triang`` with ``c = (value - low) / (high - low)`` — and a factor with
``low == high`` is exact. A cost is a product of factors, so its draws are the product of the
factors' draws. Uniforms are drawn once per factor *name* (common random numbers), so the same
seed gives the same figures whether a scenario is estimated alone, with other methods, or in a
batch of thousands.

Reported: central = median, low/high = the 5th/95th percentiles (:data:`LEVELS`).
"""
from __future__ import annotations

import numpy as np

LEVELS = (5.0, 50.0, 95.0)

# One stream of uniforms per factor name; the order is fixed so results never depend on which
# factors a method happens to use. Append new names at the end to keep old results stable.
STREAMS = ("daily_gdp", "days", "disrupted_share", "mobile_access", "severity", "affected",
           "multiplier", "deloitte_share", "indirect")
# Factors that play the same role share a stream: the share of the economy a disruption reaches
# is the internet-economy share for a blackout and the value of free apps for a block of
# services, so that comparisons between disruption types are exact draw by draw.
ROLES = {"internet_share": "disrupted_share", "app_value_share": "disrupted_share"}


def stream(name: str) -> int:
    """Row of :func:`uniforms` that factor ``name`` draws from."""
    return STREAMS.index(ROLES.get(name, name))


def uniforms(n: int, seed: int) -> np.ndarray:
    """Array of shape (len(STREAMS), n): the uniforms every factor of every scenario uses."""
    return np.random.default_rng(seed).random((len(STREAMS), n))


def triangular_ppf(u: np.ndarray, low, mode, high) -> np.ndarray:
    """Inverse CDF of triangular(low, mode, high), broadcasting; exact (= low) when low == high."""
    low, mode, high = (np.asarray(x, dtype=float) for x in (low, mode, high))
    width = high - low
    with np.errstate(divide="ignore", invalid="ignore"):
        cut = np.where(width > 0, (mode - low) / np.where(width > 0, width, 1.0), 0.0)
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1.0 - u) * width * (high - mode))
    return np.where(u < cut, left, right)


def draw(name: str, low, mode, high, u: np.ndarray) -> np.ndarray:
    """Draws of factor ``name`` from the shared uniforms ``u`` (see :func:`uniforms`).

    ``low``/``mode``/``high`` may be scalars or arrays of shape (events, 1) for a batch.
    """
    return triangular_ppf(u[stream(name)], low, mode, high)


def summarise(draws: np.ndarray, axis: int = -1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(low, central, high) = percentiles :data:`LEVELS` of the draws along ``axis``."""
    low, central, high = np.percentile(draws, LEVELS, axis=axis)
    return low, central, high


def sensitivity(factor_draws: dict[str, np.ndarray]) -> list[dict]:
    """Which factors drive the spread: each factor's share of the variance of log(cost).

    For a product of independent positive factors, var(log cost) = Σ var(log factor), so the
    shares add up to 1. Factors with no spread, or scenarios with a zero factor, are left out.
    """
    variances = {}
    for name, values in factor_draws.items():
        values = np.asarray(values, dtype=float)
        if values.size < 2 or np.any(values <= 0):
            if np.any(values <= 0):
                return []
            continue
        if np.ptp(values) == 0:  # an exact factor adds no spread
            continue
        v = float(np.var(np.log(values)))
        if v > 0:
            variances[name] = v
    total = sum(variances.values())
    if total <= 0:
        return []
    rows = [{"factor": k, "share_of_spread": v / total} for k, v in variances.items()]
    return sorted(rows, key=lambda r: -r["share_of_spread"])
