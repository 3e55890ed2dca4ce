"""Benchmark of the what-if page: server time of a rerun after an input change (target ≤ 300 ms)
and of a fresh session's first run on a running server (target ≤ 1.5 s).

Not a timed test: a script that prints the figures.

    python benchmarks/bench_page.py            # uses $IMPACT_DATA_DIR, else imports ../shared/data

It runs app.py in ``streamlit.testing.v1.AppTest`` (the script runs in this process, as it does
in the server), opens the page once (data, parameters and the world view are loaded and cached
then), and times reruns after a form submission that changes the scenario each time (a new
duration and country, so the estimate itself is never a cache hit). AppTest adds its own
processing of the page's elements, so the figures are an upper bound of the server's time.
It also times the page's own work without Streamlit: the estimate, the methods comparison and
the five figures.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from _data import data_folder  # benchmarks/_data.py (the script's folder is on the path)

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 300
FRESH_TARGET_MS = 1500
COUNTRIES = ("ETH", "MLI", "IND", "PAK", "IRN", "MMR", "SDN", "NGA")


def _stats(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    return (f"median {statistics.median(ms):6.1f} ms, 90th percentile {ms[int(0.9 * (len(ms) - 1))]:6.1f} ms, "
            f"max {ms[-1]:6.1f} ms over {len(ms)} reruns")


def bench_reruns(repeat: int = 24) -> list[float]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    t = time.perf_counter()
    at.run()
    print(f"first open in this process (imports, snapshot, parameters): {1000 * (time.perf_counter() - t):.0f} ms")
    if at.exception or at.error:
        sys.exit(f"the page failed: {[e.value for e in [*at.exception, *at.error]]}")
    at.radio(key="w_when").set_value("duration")
    at.run()  # the hours input appears (only the inputs that apply are shown)
    samples = []
    for i in range(repeat):
        at.selectbox(key="w_country").set_value(COUNTRIES[i % len(COUNTRIES)])
        at.number_input(key="w_hours").set_value(6.0 + i)
        at.button(key="w_submit").click()
        t = time.perf_counter()
        at.run()
        samples.append(time.perf_counter() - t)
        if at.exception or at.error or at.session_state["result"].scenario.hours != 6.0 + i:
            sys.exit("the rerun did not apply the change")
    return samples


def bench_fresh_sessions(repeat: int = 8) -> list[float]:
    """A new session's first run on a warm server: each AppTest is a new session (its own
    session state), the process-wide caches (snapshot, parameters) already filled."""
    from streamlit.testing.v1 import AppTest

    samples = []
    for i in range(repeat):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params.update({"country": COUNTRIES[i % len(COUNTRIES)], "hours": str(10 + i)})
        t = time.perf_counter()
        at.run()
        samples.append(time.perf_counter() - t)
        if at.exception or at.error or not at.metric:
            sys.exit("the fresh session did not show a headline")
    return samples


def bench_compute(repeat: int = 24) -> list[float]:
    from impact.data import source as datasource
    from impact.page import charts, compute

    data = datasource.active()
    table, _ = compute.world(data)
    samples = []
    for i in range(repeat):
        fields = {"country": COUNTRIES[i % len(COUNTRIES)], "hours": 6.0 + i + 0.5, "method": "brookings"}
        t = time.perf_counter()
        r = compute.run(fields, data)
        every = compute.comparison(fields, r, data)
        charts.waterfall(r.methods["brookings"], r, "en")
        charts.duration_curve(r, "en")
        charts.methods(every, r.method, "en")
        charts.world_ranking(table, r.scenario.country, "en")
        charts.world_map(table, "en")
        samples.append(time.perf_counter() - t)
    return samples


def main() -> None:
    data_folder()
    reruns = bench_reruns()
    print(f"rerun after an input change (AppTest, whole page): {_stats(reruns)}")
    fresh = bench_fresh_sessions()
    print(f"fresh session, first run (AppTest, warm server): {_stats(fresh)}")
    work = bench_compute()
    print(f"page work without Streamlit (estimate, comparison, 5 figures): {_stats(work)}")
    median = statistics.median(reruns) * 1000
    print(f"target: at most {TARGET_MS} ms per rerun -> {'met' if median <= TARGET_MS else 'NOT met'} "
          f"(median {median:.0f} ms)")
    first = statistics.median(fresh) * 1000
    print(f"target: at most {FRESH_TARGET_MS} ms for a fresh session's first run -> "
          f"{'met' if first <= FRESH_TARGET_MS else 'NOT met'} (median {first:.0f} ms)")


if __name__ == "__main__":
    main()
