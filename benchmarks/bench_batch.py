"""Benchmark: the whole Access Now STOP snapshot, 1,000 draws per event (target: under 3 s for
the whole ``impact batch`` command on 2 cores), and the speed-up over one ``impact.estimate``
per event.

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


def in_process(repeat: int = 3) -> dict:
    """Seconds for cleaning, for estimate_many, and per event for impact.estimate one by one."""
    import numpy as np

    import impact
    from impact.data import regions
    from impact.data import source as ds
    from impact.events import registry
    from impact.events.batch import estimate_many

    data = ds.active()
    raw = registry.read(STOP)
    estimate_many(raw, cutoff=CUTOFF, draws=DRAWS, data=data)  # warm: country names, parameters, data
    clean, batch = [], []
    for _ in range(repeat):
        # a fresh process has no folded place names yet: forget them, so that repeated runs do not
        # reuse work the first cleaning did (both sides of the comparison count this cleaning)
        regions.name_key.cache_clear()
        t = time.perf_counter()
        registry.clean(raw, cutoff=CUTOFF, data=data)
        clean.append(time.perf_counter() - t)
        regions.name_key.cache_clear()
        t = time.perf_counter()
        result = estimate_many(raw, cutoff=CUTOFF, draws=DRAWS, data=data)
        batch.append(time.perf_counter() - t)
    scenarios = [s for s in result.scenarios if s is not None]
    pick = np.random.default_rng(0).choice(len(scenarios), min(SAMPLE, len(scenarios)), replace=False)
    t = time.perf_counter()
    for k in pick:
        impact.estimate(scenarios[k], data=data)
    per_event = (time.perf_counter() - t) / len(pick)
    return {"events": result.counts["events"], "costed": len(scenarios), "clean": statistics.median(clean),
            "batch": statistics.median(batch), "per_event": per_event, "counts": result.counts}


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
    one_by_one = r["clean"] + r["per_event"] * r["costed"]
    print(f"in process: estimate_many {r['batch']:.2f} s for {r['events']:,} events ({r['costed']:,} costed), "
          f"of which cleaning {r['clean']:.2f} s; counts {r['counts']}")
    print(f"one by one: impact.estimate {r['per_event'] * 1000:.2f} ms per event on a sample of {SAMPLE}, "
          f"× {r['costed']:,} costed events + the same cleaning = {one_by_one:.2f} s (extrapolated)")
    model = r["batch"] - r["clean"]
    print(f"speed-up: {one_by_one / r['batch']:.1f}× for the whole estimate; "
          f"{r['per_event'] * r['costed'] / model:.1f}× for the model part alone "
          f"({model:.2f} s vs {r['per_event'] * r['costed']:.2f} s)")


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
