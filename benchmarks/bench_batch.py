"""Benchmark: the whole Access Now STOP snapshot, 1,000 draws per event (target: under 3 s for
the whole ``impact batch`` command on 2 cores), the speed-up of ``estimate_many`` over one
``impact.estimate`` per event (issue 14's target: 20×; both sides count the same cleaning of the
registry, and are timed in turn in each round, CPU and wall-clock), and where the batch's time goes.

Run: ``python benchmarks/bench_batch.py`` (uses the active snapshot of ``$IMPACT_DATA_DIR``, or
imports ../shared/data into a temporary folder), or
``python -m pytest -o addopts="" benchmarks/bench_batch.py`` for the pytest-benchmark version.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _data import SHARED_DATA, data_folder  # benchmarks/_data.py (the script's folder is on the path)

STOP = SHARED_DATA / "events" / "access_now_stop_2016-2025_snapshot-2026-05-20.csv"
CUTOFF = "2026-05-20"
DRAWS = 1000
SAMPLE = 200  # events estimated one by one, extrapolated to all
TARGET_S = 3.0


def whole_command(repeat: int = 5) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds (user + system) of ``impact batch`` on the snapshot, a fresh
    process each time (the cut-off is the file's own date, the default)."""
    import resource

    out = Path(tempfile.mkdtemp(prefix="impact-bench-out-"))
    cmd = [sys.executable, "-m", "impact", "batch", str(STOP), "--output", str(out / "costs.csv"),
           "--totals", str(out / "totals.csv"), "--draws", str(DRAWS)]
    times, cpu = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return times, cpu


def _fresh() -> None:
    """Forget what a fresh process would not know yet: the folded place names and cell values (both sides of the
    comparison count the cleaning that folds them). Every other cache of the batch lives for one
    call of estimate_many."""
    from impact.data import regions
    from impact.events import access_now

    regions.name_key.cache_clear()
    access_now._parts.cache_clear()


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(t0: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clock()
    return wall - t0[0], cpu - t0[1]


def in_process(repeat: int = 5) -> dict:
    """Seconds (wall-clock and CPU) of the cleaning, of estimate_many, and per event of
    impact.estimate one by one on a sample of the same scenarios, measured in turn in each
    round so that the load of the machine falls alike on both sides; medians over the rounds."""
    import numpy as np

    import impact
    from impact.data import source as ds
    from impact.events import registry
    from impact.events.batch import estimate_many

    data = ds.active()
    raw = registry.read(STOP)
    result = estimate_many(raw, cutoff=CUTOFF, draws=DRAWS, data=data)  # warm: country names, parameters, data
    scenarios = [s for s in result.scenarios if s is not None]
    pick = np.random.default_rng(0).choice(len(scenarios), min(SAMPLE, len(scenarios)), replace=False)
    for k in pick[:10]:
        impact.estimate(scenarios[k], data=data)
    clean, batch, one = [], [], []
    for _ in range(repeat):
        _fresh()
        t = _clock()
        registry.clean(raw, cutoff=CUTOFF, data=data)
        clean.append(_since(t))
        _fresh()
        t = _clock()
        estimate_many(raw, cutoff=CUTOFF, draws=DRAWS, data=data)
        batch.append(_since(t))
        t = _clock()
        for k in pick:
            impact.estimate(scenarios[k], data=data)
        one.append(tuple(x / len(pick) for x in _since(t)))

    def median(rows, i):
        return statistics.median(r[i] for r in rows)

    return {"events": result.counts["events"], "costed": len(scenarios), "counts": result.counts,
            **{f"{name}_{clock}": median(rows, i) for name, rows in (("clean", clean), ("batch", batch),
                                                                     ("per_event", one))
               for i, clock in enumerate(("wall", "cpu"))}}


STAGES = (  # (label, module, attribute): where estimate_many spends its time
    ("clean the rows: Access Now rules, place matching (registry.clean)", "impact.events.registry", "clean"),
    ("validate the scenarios (Scenario.create)", None, "Scenario.create"),
    ("resolve the factors (RateFactors.get)", "impact.model.estimator", "RateFactors.get"),
    ("draw the ranges (engine.evaluate)", "impact.model.engine", "evaluate"),
    ("the overlap rule, 4 variants (count_once_cut)", "impact.events.batch", "count_once_cut"),
    ("totals by country and year (totals)", "impact.events.batch", "totals"),
    ("the per-event table (_output)", "impact.events.batch", "_output"),
)


def stages(repeat: int = 3) -> tuple[float, list[tuple[str, float]]]:
    """CPU seconds of estimate_many and of its stages (the fastest of ``repeat`` runs)."""
    import functools
    import importlib

    from impact.data import source as ds
    from impact.events import registry
    from impact.events.batch import estimate_many
    from impact.model.scenario import Scenario

    spent: dict[str, float] = {}
    undo = []

    def timed(label, f):
        @functools.wraps(f)
        def run(*args, **kwargs):
            t = time.process_time()
            try:
                return f(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - t
        return run

    for label, module, name in STAGES:
        if module is None:  # a classmethod
            plain = Scenario.__dict__["create"]
            undo.append((Scenario, "create", plain))
            setattr(Scenario, "create", classmethod(timed(label, plain.__func__)))
            continue
        owner = importlib.import_module(module)
        if "." in name:
            cls, attr = name.split(".")
            owner, name = getattr(owner, cls), attr
        undo.append((owner, name, owner.__dict__[name]))
        setattr(owner, name, timed(label, owner.__dict__[name]))
    try:
        data, raw = ds.active(), registry.read(STOP)
        best = None
        for _ in range(repeat):
            spent.clear()
            _fresh()
            t = time.process_time()
            estimate_many(raw, cutoff=CUTOFF, draws=DRAWS, data=data)
            total = time.process_time() - t
            if best is None or total < best[0]:
                best = (total, [(label, spent.get(label, 0.0)) for label, _, _ in STAGES])
    finally:
        for owner, name, value in reversed(undo):
            setattr(owner, name, value)
    return best


def main() -> None:
    if not STOP.is_file():
        sys.exit(f"the STOP snapshot {STOP} is absent")
    data_folder()
    print(f"{os.cpu_count()} CPU cores; {DRAWS:,} draws per event; cut-off {CUTOFF}")
    times, cpu = whole_command()
    print(f"whole command `impact batch` (fresh process, read + clean + estimate + write): "
          f"median {statistics.median(times):.2f} s, best {min(times):.2f} s over {len(times)} runs "
          f"(target < {TARGET_S:.0f} s) {'OK' if statistics.median(times) < TARGET_S else 'TOO SLOW'}; "
          f"CPU time median {statistics.median(cpu):.2f} s; load average {os.getloadavg()[0]:.1f} "
          f"(other processes on the machine stretch the wall-clock time)")
    r = in_process()
    n = r["costed"]
    print(f"in process ({r['events']:,} events, {n:,} costed; medians of rounds that time each side in turn; "
          f"CPU seconds, wall-clock in brackets):")
    print(f"  estimate_many (read rows already in memory; clean + estimate): {r['batch_cpu']:.3f} s "
          f"({r['batch_wall']:.3f} s), of which cleaning {r['clean_cpu']:.3f} s ({r['clean_wall']:.3f} s)")
    for clock in ("cpu", "wall"):
        one = r[f"clean_{clock}"] + r[f"per_event_{clock}"] * n
        model = r[f"batch_{clock}"] - r[f"clean_{clock}"]
        print(f"  one by one ({clock}): the same cleaning + impact.estimate {r[f'per_event_{clock}'] * 1000:.2f} ms "
              f"per event (a sample of {SAMPLE}) × {n:,} = {one:.2f} s; speed-up {one / r[f'batch_{clock}']:.1f}× "
              f"(target 20×: {'reached' if one / r[f'batch_{clock}'] >= 20 else 'not reached'}; the batch would "
              f"need {one / 20:.3f} s); model part alone {r[f'per_event_{clock}'] * n / model:.1f}× "
              f"({model:.3f} s vs {r[f'per_event_{clock}'] * n:.2f} s)")
    total, parts = stages()
    print(f"where estimate_many's CPU time goes (fastest of 3 runs, {total:.3f} s):")
    for label, seconds in parts:
        print(f"  {seconds:6.3f} s  {label}")
    print(f"  {total - sum(s for _, s in parts):6.3f} s  the rest (per-event loops of estimate_many: scenario "
          f"fields, flags, moments, place keys)")


def test_bench_estimate_many(benchmark):
    """pytest-benchmark: estimate_many on the whole snapshot, 1,000 draws per event."""
    if not STOP.is_file():
        import pytest

        pytest.skip(f"the STOP snapshot {STOP} is absent")
    from impact.data import source as ds
    from impact.events import registry
    from impact.events.batch import estimate_many

    data_folder()
    data, raw = ds.active(), registry.read(STOP)
    result = benchmark(estimate_many, raw, cutoff=CUTOFF, draws=DRAWS, data=data)
    c = result.counts
    assert c["read"] == c["costed"] + c["flagged"] + c["rejected"]


if __name__ == "__main__":
    main()
