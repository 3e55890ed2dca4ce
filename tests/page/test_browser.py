"""End to end: the page served by ``streamlit run app.py``, driven in Debian's headless Chromium.

Changes an input, sees the headline update to the library's figure, copies the share link with
the page's copy button, opens it in a new page and sees the same scenario; checks that a
hostile link is shown as text, not run. Screenshots go to ``artifacts/`` (git-ignored).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

import impact
from impact.page import text

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WAIT_MS = 60_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(_imported_data_dir):
    """``streamlit run app.py`` on a free localhost port, with the session's IMPACT_DATA_DIR."""
    if _imported_data_dir is None:
        pytest.skip("shared real data folder ../shared/data is absent")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="the Python playwright package is not installed")
    port = _free_port()
    (ROOT / "artifacts").mkdir(exist_ok=True)
    log = open(ROOT / "artifacts" / "streamlit.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.close()
            pytest.fail(f"streamlit did not start on {url}: see artifacts/streamlit.log")
        time.sleep(0.3)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _headline(page):
    return page.get_by_test_id("stMetricValue").first


def test_change_an_input_then_share_the_link_and_restore_the_scenario(server, browser):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    page.goto(server + "/")
    expect(_headline(page)).to_be_visible(timeout=WAIT_MS)
    first = _headline(page).inner_text()

    # change the country in the form and apply it
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSelectbox").first.click()
    page.keyboard.type("Ethiopia")
    page.keyboard.press("Enter")
    sidebar.get_by_test_id("stBaseButton-primaryFormSubmit").click()
    want = impact.estimate(country="ETH", start="2023-06-01T00:00", end="2023-06-02T00:00")
    expect(_headline(page)).to_have_text(text.money(want.cost_usd.central, "en"), timeout=WAIT_MS)
    assert _headline(page).inner_text() != first
    page.wait_for_function("() => window.location.search.includes('country=ETH')", timeout=WAIT_MS)

    # copy the share link with the copy button of its code block
    page.get_by_role("tab", name=text.t("en", "tabs.cite")).click()
    block = page.get_by_test_id("stCode").filter(has_text="country=ETH")
    expect(block).to_be_visible(timeout=WAIT_MS)
    shown = block.inner_text().strip()
    block.hover()
    block.get_by_role("button", name="Copy to clipboard").click()
    link = page.evaluate("navigator.clipboard.readText()").strip()
    assert link == shown and link.startswith(server + "/?")
    assert parse_qs(urlsplit(link).query)["country"] == ["ETH"]
    page.screenshot(path=str(ROOT / "artifacts" / "page-cite.png"), full_page=True)

    # open it in a new page: same scenario, same headline
    other = context.new_page()
    other.goto(link)
    expect(_headline(other)).to_have_text(text.money(want.cost_usd.central, "en"), timeout=WAIT_MS)
    expect(other.get_by_role("combobox", name=text.t("en", "form.country"))).to_have_value("Ethiopia (ETH)")
    assert other.get_by_test_id("stAlertContentWarning").count() == 0
    other.screenshot(path=str(ROOT / "artifacts" / "page-restored.png"), full_page=True)
    context.close()


def test_a_hostile_link_is_shown_as_text_and_the_page_falls_back(server, browser):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(server + "/?country=%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E&method=%5Bx%5D(javascript:alert(1))")
    warning = page.get_by_test_id("stAlertContentWarning")
    expect(warning).to_be_visible(timeout=WAIT_MS)
    expect(warning).to_contain_text("<img src=x onerror=")      # shown literally, as text
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src='x']").count() == 0
    assert warning.locator("a").count() == 0
    want = impact.estimate(country="MLI", start="2023-06-01T00:00", end="2023-06-02T00:00")
    expect(_headline(page)).to_have_text(text.money(want.cost_usd.central, "en"), timeout=WAIT_MS)
    page.screenshot(path=str(ROOT / "artifacts" / "page-hostile-link.png"), full_page=True)
    page.close()
