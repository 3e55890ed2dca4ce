"""Benchmark: one scenario, 10,000 uncertainty draws (target: under 50 ms).

Run: python benchmarks/bench_estimate.py   (needs an active snapshot: `impact data import …`)
or:  python -m pytest -o addopts="" benchmarks/bench_estimate.py
"""
from __future__ import annotations

import statistics
import time

import impact
from impact.model.scenario import Scenario

SCENARIOS = {
    "brookings, Mali, 2-day services block": dict(country="MLI", start="2017-06-13", end="2017-06-14",
                                                  disruption="services", services="facebook,twitter"),
    "all methods, Ethiopia, Tigray, 1 day": dict(country="ETH", days=1, regions="Tigray", method="all"),
    "brookings, Pakistan, mobile, 3 days": dict(country="PAK", days=3, disruption="mobile"),
}


def _time(fn, repeat=30) -> float:
    fn()  # warm: data and parameters loaded once, then cached
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples) * 1000


def main() -> None:
    for label, fields in SCENARIOS.items():
        scenario = Scenario.create(draws=10_000, **fields)
        ms = _time(lambda: impact.estimate(scenario))
        print(f"{label}: {ms:.1f} ms per estimate with 10,000 draws (target < 50 ms)")


def test_bench_estimate(benchmark):
    scenario = Scenario.create(draws=10_000, **SCENARIOS["brookings, Pakistan, mobile, 3 days"])
    benchmark(impact.estimate, scenario)


if __name__ == "__main__":
    main()
