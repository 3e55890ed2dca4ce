"""Benchmark of the page in a real browser: time from navigation to the headline (not a test).

    python benchmarks/bench_browser.py        # uses $IMPACT_DATA_DIR, else imports ../shared/data

Starts ``streamlit run app.py`` on a free port, opens the page once to warm the server (imports,
snapshot, parameters), then, for each of several countries, opens a *new* browser context (a
fresh session, nothing cached in the browser) at a share link and times navigation → the
headline figure visible, in Debian's headless Chromium (``/usr/bin/chromium``) driven by
Playwright. Prints the median and the worst time; also the server's first page (cold).
"""
from __future__ import annotations

import statistics
import time
from pathlib import Path

from _data import data_folder  # benchmarks/_data.py (the script's folder is on the path)

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
COUNTRIES = ("MLI", "ETH", "IND", "PAK", "IRN", "MMR", "SDN", "NGA", "IRQ", "SYR")


def main() -> None:
    data_folder()
    from playwright.sync_api import sync_playwright

    from impact.page.serve import running

    with running() as url:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)

            def visit(query: str) -> float:
                ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = ctx.new_page()
                t = time.perf_counter()
                page.goto(f"{url}/?{query}")
                page.get_by_test_id("stMetricValue").first.wait_for(state="visible", timeout=120_000)
                took = time.perf_counter() - t
                ctx.close()
                return took

            cold = visit("country=MLI")
            samples = [visit(f"country={c}&hours={12 + i}") for i, c in enumerate(COUNTRIES)]
            browser.close()
    ms = sorted(1000 * s for s in samples)
    print(f"first page after the server started (cold: imports, snapshot): {1000 * cold:.0f} ms")
    print(f"navigation to headline, fresh browser session each time: median {statistics.median(ms):.0f} ms, "
          f"worst {ms[-1]:.0f} ms over {len(ms)} visits")


if __name__ == "__main__":
    main()
