"""Ranges from parameter ranges: seeded, vectorised Monte Carlo over independent factors.

Each uncertain factor has a distribution (:data:`DISTRIBUTIONS`, by default triangular(low,
value, high) — the distribution of ``scipy.stats.triang`` with ``c = (value - low) / (high -
low)``) and a factor with ``low == high`` is exact. A cost is a product of factors, so its draws are the product of the
factors' draws. Uniforms are drawn once per factor *name* (common random numbers), so the same
seed gives the same figures whether a scenario is estimated alone, with other methods, or in a
batch of thousands.

Reported: central = the method's arithmetic at the factors' central values (what "by the
Brookings method" means), low/high = the 5th/95th percentiles of the draws (:data:`LEVELS`),
widened to the central figure where it falls outside them.
"""
from __future__ import annotations

from functools import lru_cache
from statistics import NormalDist

import math

import numpy as np

LEVELS = (5.0, 50.0, 95.0)

# One stream of uniforms per factor name; the order is fixed so results never depend on which
# factors a method happens to use. Append new names at the end to keep old results stable.
STREAMS = ("daily_gdp", "days", "disrupted_share", "mobile_access", "severity", "affected",
           "multiplier", "deloitte_share", "indirect", "gdp_term", "platforms_reading")
# Factors that play the same role share a stream: the share of the economy a disruption reaches
# is the internet-economy share for a blackout and the value of free apps for a block of
# services, so that comparisons between disruption types are exact draw by draw.
ROLES = {"internet_share": "disrupted_share", "app_value_share": "disrupted_share"}


def stream(name: str) -> int:
    """Row of :func:`uniforms` that factor ``name`` draws from."""
    return STREAMS.index(ROLES.get(name, name))


def uniforms(n: int, seed: int) -> np.ndarray:
    """Array of shape (len(STREAMS), n): the uniforms every factor of every scenario uses.

    Each stream is a Latin hypercube sample: its ``n`` uniforms fall one in each of the ``n``
    equal strata of [0, 1), in an order shuffled by the stream's own generator (spawned from
    ``seed``), so a stream depends only on the seed and its position. Stratified draws narrow the
    seed-to-seed spread of the percentiles against plain pseudo-random draws (at 10,000 draws, the
    largest spread of a 5th or 95th percentile over 20 seeds: 3.1% against 4.0%,
    ``benchmarks/bench_draws.py``). scipy's scrambled ``qmc.Sobol`` does better still (1.3% at
    8,192, under 1% from 16,384) but importing ``scipy.stats`` costs more CPU (0.8 s) than the
    whole estimate's start-up allows.
    """
    out = np.empty((len(STREAMS), n))
    for row, child in zip(out, np.random.SeedSequence(seed).spawn(len(STREAMS))):
        rng = np.random.default_rng(child)
        row[:] = (rng.permutation(n) + rng.random(n)) / n
    return out


def triangular_ppf(u: np.ndarray, low, mode, high) -> np.ndarray:
    """Inverse CDF of triangular(low, mode, high), broadcasting; exact (= low) when low == high."""
    low, mode, high = (np.asarray(x, dtype=float) for x in (low, mode, high))
    width = high - low
    with np.errstate(divide="ignore", invalid="ignore"):
        cut = np.where(width > 0, (mode - low) / np.where(width > 0, width, 1.0), 0.0)
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1.0 - u) * width * (high - mode))
    return np.where(u < cut, left, right)


def uniform_ppf(u: np.ndarray, low, mode, high) -> np.ndarray:
    """Inverse CDF of uniform(low, high) (``mode`` is the central value reported, not used)."""
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    return low + u * (high - low)


def split_triangular_ppf(u: np.ndarray, low, mode, high) -> np.ndarray:
    """Inverse CDF of the two-piece triangular distribution whose peak *and median* are ``mode``.

    Half the probability lies on each side of the central value: on [low, mode] the density
    rises linearly to the peak, on [mode, high] it falls linearly from it. So a factor's central
    value is its median whatever the skew of its range (a plain triangular distribution with its
    peak near one end puts most of its probability on the other side), and a range that extends
    on one side only keeps half its probability at the central value.
    """
    low, mode, high = (np.asarray(x, dtype=float) for x in (low, mode, high))
    halves = _sorted_halves(u, low, mode, high)
    if halves is not None:  # the same figures, each half worked out on its own columns
        out, m = halves
        u = np.asarray(u, dtype=float)
        np.multiply(mode - low, np.sqrt(2.0 * u[:, :m]), out=out[:, :m])
        out[:, :m] += low
        np.multiply(high - mode, np.sqrt(2.0 * (1.0 - u[:, m:])), out=out[:, m:])
        np.subtract(high, out[:, m:], out=out[:, m:])
        return out
    below = low + (mode - low) * np.sqrt(2.0 * np.minimum(u, 0.5))
    above = high - (high - mode) * np.sqrt(2.0 * (1.0 - np.maximum(u, 0.5)))
    return np.where(u < 0.5, below, above)


def _sorted_halves(u, low, mode, high) -> tuple[np.ndarray, int] | None:
    """For one row of uniforms in ascending order drawn for many shapes at once (``u`` of shape
    (1, draws), the ends (shapes, 1)): an empty (shapes, draws) array and the number of uniforms
    below 0.5, so that a two-piece distribution works out each piece on its own columns instead of
    both pieces everywhere (:func:`impact.model.engine.evaluate` sorts the uniforms when the order
    of the draws is not returned). None otherwise."""
    u = np.asarray(u)
    if u.ndim != 2 or u.shape[0] != 1 or u.shape[1] < 2 or u.dtype != float:
        return None
    shape = np.broadcast_shapes(u.shape, np.shape(low), np.shape(mode), np.shape(high))
    if len(shape) != 2 or shape[0] < 2 or not (u[0, 1:] >= u[0, :-1]).all():
        return None
    return np.empty(shape), int(np.searchsorted(u[0], 0.5, side="left"))


def log_split_triangular_ppf(u: np.ndarray, low, mode, high) -> np.ndarray:
    """The two-piece triangular distribution of :func:`split_triangular_ppf` in log terms.

    ``log x`` is split triangular between ``log low``, ``log mode`` and ``log high``: for a factor
    known to within a factor (× exp(±k)) rather than to within an amount, the same multiple above
    and below the central value is as likely. The internet-economy share (published or estimated)
    and the value of free apps share this family, so that a cap end by end holds draw by draw.
    """
    tiny = np.finfo(float).tiny   # an end that underflowed to 0 stays a positive number in log terms
    low, mode, high = (np.log(np.maximum(np.asarray(x, dtype=float), tiny)) for x in (low, mode, high))
    x = split_triangular_ppf(u, low, mode, high)
    return np.exp(x, out=x) if isinstance(x, np.ndarray) and x.dtype == float else np.exp(x)


# The 5th (and, mirrored, 95th) percentile of a split triangular distribution lies this fraction of
# the way from the central value to the end: (1 - sqrt(0.1)); so ends at ± half / SPLIT_TRIANGULAR_90
# put its 5th-95th percentiles at ± half.
SPLIT_TRIANGULAR_90 = 1.0 - math.sqrt(0.1)


def split_uniform_ppf(u: np.ndarray, low, mode, high) -> np.ndarray:
    """Inverse CDF of the two-piece uniform distribution whose median is ``mode``.

    Half the probability spread evenly on [low, mode], half on [mode, high]: the distribution of
    greatest entropy given only the range's ends and its median. For a factor whose range spans
    published treatments that no evidence ranks, the method's own as the central value (the
    multiplier: 1× for OECD, 2× for CIPESA, 2.53× for West; how many times the value of free
    apps a block of several platforms costs: once for West, once per platform in NetBlocks COST's
    figures), it gives the treatments at the ends of the range the same density as any value
    between, where a triangular shape would give them none. A one-sided range keeps half its
    probability at the central value.
    """
    low, mode, high = (np.asarray(x, dtype=float) for x in (low, mode, high))
    below = low + (mode - low) * (2.0 * np.minimum(u, 0.5))
    above = mode + (high - mode) * (2.0 * (np.maximum(u, 0.5) - 0.5))
    return np.where(u < 0.5, below, above)


Z90 = NormalDist().inv_cdf(0.95)  # 1.6449: 5th-95th percentiles of a normal are mean ± Z90 sd

# Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9), the
# model importing numpy only (no scipy): the same as scipy.special.ndtri to that accuracy.
_A = (-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
      -3.066479806614716e+01, 2.506628277459239e+00)
_B = (-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
      -1.328068155288572e+01)
_C = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
      4.374664141464968e+00, 2.938163982698783e+00)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00)


def normal_ppf(u: np.ndarray) -> np.ndarray:
    """Standard normal quantile of ``u`` (vectorised; -inf at 0, inf at 1)."""
    u = np.asarray(u, dtype=float)
    out = np.empty_like(u)
    lo, hi = u < 0.02425, u > 1 - 0.02425
    mid = ~(lo | hi)
    q = u[mid] - 0.5
    r = q * q
    out[mid] = (((((_A[0] * r + _A[1]) * r + _A[2]) * r + _A[3]) * r + _A[4]) * r + _A[5]) * q / \
               (((((_B[0] * r + _B[1]) * r + _B[2]) * r + _B[3]) * r + _B[4]) * r + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        for mask, sign, p in ((lo, 1.0, u[lo]), (hi, -1.0, 1 - u[hi])):
            t = np.sqrt(-2 * np.log(p))
            out[mask] = sign * (((((_C[0] * t + _C[1]) * t + _C[2]) * t + _C[3]) * t + _C[4]) * t + _C[5]) / \
                        ((((_D[0] * t + _D[1]) * t + _D[2]) * t + _D[3]) * t + 1)
    out[u <= 0], out[u >= 1] = -np.inf, np.inf
    return out


@lru_cache(maxsize=256)
def t_ppf(q: float, df: int) -> float:
    """Student's t quantile ``q`` at ``df`` degrees of freedom (df >= 1), the model importing numpy only.

    The Cornish-Fisher expansion in 1/df of Abramowitz and Stegun 26.7.5, refined by Newton steps
    on the exact distribution function of an integer df (26.7.3-4): the same as
    ``scipy.stats.t.ppf`` to 1e-10 (tests/model compare them).
    """
    z = float(normal_ppf(np.array([q]))[0])
    g = ((z ** 3 + z) / 4, (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96,
         (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384,
         (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160)
    t = z + sum(gi / df ** (i + 1) for i, gi in enumerate(g))
    for _ in range(8):
        t -= (_t_cdf(t, df) - q) / _t_pdf(t, df)
    return t


def _t_pdf(t: float, df: int) -> float:
    return math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi) * \
        (1 + t * t / df) ** (-(df + 1) / 2)


def _t_cdf(t: float, df: int) -> float:
    """Distribution function of Student's t at an integer ``df`` (Abramowitz and Stegun 26.7.3-4)."""
    theta = math.atan(t / math.sqrt(df))
    c, s = math.cos(theta), math.sin(theta)
    if df % 2:   # odd: A = (2 / pi) (theta + sin cos (1 + 2/3 cos^2 + ...))
        term, total = c, (c if df > 1 else 0.0)
        for k in range(3, df - 1, 2):
            term *= c * c * (k - 1) / k
            total += term
        a = 2 / math.pi * (theta + s * total)
    else:        # even: A = sin (1 + 1/2 cos^2 + 1·3/(2·4) cos^4 + ...)
        term, total = 1.0, 1.0
        for k in range(2, df - 1, 2):
            term *= c * c * (k - 1) / k
            total += term
        a = s * total
    return (1 + a) / 2


def lognormal_ppf(u: np.ndarray, low, mode, high) -> np.ndarray:
    """Inverse CDF of the log-normal whose 5th and 95th percentiles are ``low`` and ``high``.

    ``mode`` is the central value the method's arithmetic uses; it does not shape the draws.
    The same as ``scipy.stats.lognorm(s=sigma, scale=exp(mu)).ppf(u)``, broadcasting.
    """
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    with np.errstate(divide="ignore"):
        lo, hi = np.log(low), np.log(high)
    return np.exp((lo + hi) / 2 + (hi - lo) / (2 * Z90) * normal_ppf(u))


# Distributions a factor may have (``distribution:`` of a parameter in data/parameters.yaml):
# name → inverse CDF of (u, low, mode, high). Codes are positions in this table.
DISTRIBUTIONS = {"triangular": triangular_ppf, "uniform": uniform_ppf,
                 "split_triangular": split_triangular_ppf, "lognormal": lognormal_ppf,
                 "split_uniform": split_uniform_ppf, "log_split_triangular": log_split_triangular_ppf}
_PPFS = tuple(DISTRIBUTIONS.values())


def distribution_code(name: str) -> int:
    """Position of a distribution in :data:`DISTRIBUTIONS` (ValueError naming them if unknown)."""
    try:
        return tuple(DISTRIBUTIONS).index(name)
    except ValueError:
        raise ValueError(f"unknown distribution {name!r}: known are {', '.join(DISTRIBUTIONS)}") from None


def ppf(code: np.ndarray, u: np.ndarray, low, mode, high) -> np.ndarray:
    """Draws from the inverse CDFs of distributions given by ``code`` (broadcasting with the rest)."""
    codes = np.unique(code)
    if codes.size == 1:
        return _PPFS[int(codes[0])](u, low, mode, high)
    out = np.zeros(np.broadcast_shapes(np.shape(code), np.shape(u), np.shape(low)))
    for c in codes:
        out = np.where(code == c, _PPFS[int(c)](u, low, mode, high), out)
    return out


def percentiles(draws: np.ndarray, levels, axis: int = -1, overwrite: bool = False) -> np.ndarray:
    """``np.percentile(draws, levels, axis=axis)`` (its default, linear method): numpy partitions at
    every rank the levels need at once, which with numpy 2 costs less than single-rank partitions
    of ever smaller tails (at 10,000 draws of 207 economies, levels 5, 50 and 95: 38 ms against
    87 ms, on the machine of the closing note of 3 December 2026).

    ``levels`` in percent; returns an array of shape (len(levels), ...) like numpy.
    ``overwrite``: the draws may be reordered in place (an array whose order is no longer
    needed), which saves a copy.
    """
    return np.percentile(draws, levels, axis=axis, overwrite_input=overwrite)


def summarise(draws: np.ndarray, axis: int = -1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(low, central, high) = percentiles :data:`LEVELS` of the draws along ``axis``."""
    low, central, high = percentiles(draws, LEVELS, axis=axis)
    return low, central, high


def summarise_ends(draws: np.ndarray, axis: int = -1, overwrite: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) of :func:`summarise` without the median (the same figures, for less work);
    ``overwrite`` as in :func:`percentiles`."""
    low, high = percentiles(draws, (LEVELS[0], LEVELS[-1]), axis=axis, overwrite=overwrite)
    return low, high


# What drives a range (computed by :func:`impact.model.engine.evaluate`): each factor's share of
# the variance of log(cost). For a product of independent positive factors, var(log cost) =
# Σ var(log factor), so the shares add up to 1. Factors with no spread are left out, and a
# scenario with a zero factor has none.
