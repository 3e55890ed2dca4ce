"""Cold load time of the active snapshot (cache cleared): must stay well under 150 ms.

Run with ``python -m pytest -o addopts="" benchmarks/bench_snapshot.py -s`` (the project's
addopts skip benchmarks)
(or ``python benchmarks/bench_snapshot.py``); uses the snapshot imported from ../shared/data.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _prepare() -> Path:
    from impact.data.importers import import_paths

    folder = Path(tempfile.mkdtemp(prefix="impact-bench-"))
    import_paths([SHARED_DATA / "wdi", SHARED_DATA / "itu", SHARED_DATA / "subnational"], data_dir=folder)
    return folder


def _cold_load(folder: Path):
    from impact.data import snapshot

    snapshot.clear_cache()
    return snapshot.load_active(folder)


def test_load_active_cold(benchmark):
    import pytest

    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared real data folder {SHARED_DATA} is absent")
    folder = _prepare()
    try:
        snap = benchmark(_cold_load, folder)
    finally:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    print(f"\nload_active cold: mean {benchmark.stats.stats.mean * 1000:.1f} ms (target < 150 ms)")
    assert snap.lookup("USA", "NY.GDP.MKTP.CD").value > 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    folder = _prepare()
    times = []
    for _ in range(20):
        t = time.perf_counter()
        _cold_load(folder)
        times.append((time.perf_counter() - t) * 1000)
    print(f"load_active cold: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms (target < 150 ms)")
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
