"""Regenerate docs/page.png, the README's picture of the page, from the page itself (never edited by hand).

    python scripts/screenshot_page.py            # writes docs/page.png

Serves ``app.py`` with the active data snapshot (IMPACT_DATA_DIR), opens the scenario of the
README's caption in Debian's headless Chromium (Playwright) and saves the window. The figures in
the picture are then the ones the page computes today.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "page.png"
CHROMIUM = "/usr/bin/chromium"
# The README's caption: "Ethiopia, mobile data cut in Tigray, 4 November to 31 December 2020".
QUERY = {"country": "ETH", "start": "2020-11-04", "end": "2020-12-31", "disruption": "mobile", "regions": "Tigray"}


def main() -> None:
    from playwright.sync_api import expect, sync_playwright

    from impact.page.serve import running

    with running() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/?{urlencode(QUERY)}")
        expect(page.get_by_test_id("stMetricValue").first).to_be_visible(timeout=60_000)
        page.wait_for_timeout(1500)   # charts drawn
        page.screenshot(path=str(OUT))
        browser.close()
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
