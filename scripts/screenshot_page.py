"""Regenerate docs/page.png, the README's picture of the page, from the page itself (never edited by hand).

    python scripts/screenshot_page.py            # writes docs/page.png

Serves ``app.py`` with the active data snapshot (IMPACT_DATA_DIR), opens the scenario of the
README's caption in Debian's headless Chromium (Playwright) and saves the window. The figures in
the picture are then the ones the page computes today.
"""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "page.png"
CHROMIUM = "/usr/bin/chromium"
# The README's caption: "Ethiopia, mobile data cut in Tigray, 4 November to 31 December 2020".
QUERY = {"country": "ETH", "start": "2020-11-04", "end": "2020-12-31", "disruption": "mobile", "regions": "Tigray"}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    from playwright.sync_api import expect, sync_playwright

    port = _port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
                             "--server.port", str(port), "--server.address", "127.0.0.1",
                             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    sys.exit("streamlit did not start")
                time.sleep(0.3)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{url}/?{urlencode(QUERY)}")
            expect(page.get_by_test_id("stMetricValue").first).to_be_visible(timeout=60_000)
            page.wait_for_timeout(1500)   # charts drawn
            page.screenshot(path=str(OUT))
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
