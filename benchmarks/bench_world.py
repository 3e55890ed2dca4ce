"""Benchmark: the page's World view, a one-day blackout in every economy (target: ≤ 100 ms).

One vectorised engine pass for every economy (:func:`impact.estimate_costs`), against one
:func:`impact.estimate` per economy (what the World view did before), with the same figures.

    python benchmarks/bench_world.py            # uses $IMPACT_DATA_DIR, else imports ../shared/data
"""
from __future__ import annotations

import statistics
import time

from _data import data_folder  # benchmarks/_data.py (the script's folder is on the path)

TARGET_MS = 100


def main(repeat: int = 15) -> None:
    data_folder()
    import impact
    from impact.data import source as ds
    from impact.page import compute

    data = ds.active()
    table, skipped = compute.world(data)  # warm: parameters, country names, data
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        compute.world(data)
        times.append(time.perf_counter() - t)
    ms = statistics.median(times) * 1000
    print(f"World view of {len(table)} economies ({len(skipped)} without data), {compute.WORLD_HOURS:g} h blackout, "
          f"default draws: median {ms:.1f} ms, best {min(times) * 1000:.1f} ms over {repeat} runs "
          f"(target ≤ {TARGET_MS} ms) {'OK' if ms <= TARGET_MS else 'TOO SLOW'}")
    t = time.perf_counter()
    same = 0
    for row in table.itertuples():
        r = impact.estimate(data=data, country=row.iso3, hours=compute.WORLD_HOURS, method=compute.WORLD_METHOD)
        same += (r.cost_usd.central, r.cost_usd.low, r.cost_usd.high) == (row.central, row.low, row.high)
    one_by_one = time.perf_counter() - t
    print(f"one impact.estimate per economy: {one_by_one * 1000:.0f} ms ({one_by_one * 1000 / ms:.0f}× slower); "
          f"identical figures for {same} of {len(table)} economies")


if __name__ == "__main__":
    main()
