"""Benchmark: how many draws make the percentiles stable to 1%, by way of drawing the uniforms.

For each sampler — pseudo-random (numpy's default generator, used before), the Latin hypercube
of :func:`impact.model.uncertainty.uniforms` (numpy) and, for comparison, scipy's
``qmc.LatinHypercube`` and scrambled ``qmc.Sobol`` — and each number of draws, every scenario
below is estimated with ``SEEDS`` seeds; the draws are *stable to 1%* when, for each of the 5th,
50th and 95th percentiles, the largest figure over the seeds is within 1% of the smallest.

    python benchmarks/bench_draws.py          # uses $IMPACT_DATA_DIR, else imports ../shared/data
"""
from __future__ import annotations

import time

import numpy as np

from _data import data_folder  # benchmarks/_data.py (the script's folder is on the path)

SEEDS = 20
DRAWS = (256, 512, 1000, 1024, 2000, 2048, 4096, 8192, 10000, 16384, 32768)
SCENARIOS = (
    {"country": "MLI", "days": 1},
    {"country": "MLI", "days": 1, "method": "all"},
    {"country": "IND", "days": 2, "disruption": "mobile"},
    {"country": "ETH", "days": 3, "method": "cipesa"},
    {"country": "PAK", "days": 1, "method": "deloitte"},
)


def _random(streams: int, n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).random((streams, n))


def _lhs(streams: int, n: int, seed: int) -> np.ndarray:
    from impact.model import uncertainty

    return uncertainty.uniforms(n, seed)


def _scipy_lhs(streams: int, n: int, seed: int) -> np.ndarray:
    from scipy.stats import qmc

    return qmc.LatinHypercube(d=streams, seed=seed).random(n).T


def _sobol(streams: int, n: int, seed: int) -> np.ndarray:
    from scipy.stats import qmc

    return qmc.Sobol(d=streams, scramble=True, seed=seed).random(n).T


SAMPLERS = {"pseudo-random (before)": _random, "Latin hypercube, per-stream seeds (impact.model.uncertainty)": _lhs, "scipy qmc.LatinHypercube": _scipy_lhs,
            "scipy qmc.Sobol (scrambled)": _sobol}


def spread(sampler, draws: int) -> float:
    """Largest relative spread (max/min - 1) of any percentile of any scenario over the seeds."""
    import impact
    from impact.model import uncertainty

    original = uncertainty.uniforms
    uncertainty.uniforms = lambda n, seed: (original(n, seed) if sampler is _lhs
                                            else sampler(len(uncertainty.STREAMS), n, seed))
    try:
        worst = 0.0
        for fields in SCENARIOS:
            runs = np.array([[getattr(impact.estimate(**fields, draws=draws, seed=s).cost_usd, k)
                              for k in ("low", "central", "high")] for s in range(SEEDS)])
            worst = max(worst, float((runs.max(axis=0) / runs.min(axis=0) - 1).max()))
        return worst
    finally:
        uncertainty.uniforms = original


def main() -> None:
    data_folder()
    import warnings

    warnings.simplefilter("ignore")  # Sobol warns when n is not a power of 2
    print(f"largest spread of the 5th/50th/95th percentiles over {SEEDS} seeds, {len(SCENARIOS)} scenarios")
    for name, sampler in SAMPLERS.items():
        cells, needed = [], None
        for n in DRAWS:
            if name.startswith("scipy qmc.Sobol") and n & (n - 1):
                continue
            s = spread(sampler, n)
            cells.append(f"{n}: {100 * s:.2f}%")
            if needed is None and s < 0.01:
                needed = n
        t = time.perf_counter()
        for _ in range(20):
            sampler(9, 10_000, 0)
        cost = (time.perf_counter() - t) / 20 * 1000
        print(f"{name}: stable to 1% from {needed or 'more than ' + str(DRAWS[-1])} draws; "
              f"{cost:.2f} ms for 9 × 10,000 uniforms\n    " + "; ".join(cells))


if __name__ == "__main__":
    main()
