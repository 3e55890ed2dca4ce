"""End to end: the page served by ``streamlit run app.py``, driven in Debian's headless Chromium.

Each test walks a path a letter-writer takes (the items of issue 12): change an input and share
the link, switch language mid-scenario, change country with regions chosen, the dates of the
README, a failed estimate, a link with one bad value, the inputs that apply, a future event, and
a first start without data (upload the World Bank files). Screenshots of the main views, on a
desktop and a 390 px phone, in English and French, go to ``artifacts/`` (git-ignored).
"""
from __future__ import annotations

import os
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

import impact
from impact.page import text

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ART = ROOT / "artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WAIT_MS = 60_000
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
TIGRAY = {"country": "ETH", "start": "2020-11-04T00:00", "end": "2021-01-01T00:00", "disruption": "full",
          "regions": "Tigray"}


@contextmanager
def _streamlit(env: dict, log_name: str):
    """``streamlit run app.py`` on a free localhost port (:func:`impact.page.serve.running`); yields its URL."""
    from impact.page.serve import running

    ART.mkdir(exist_ok=True)
    with open(ART / log_name, "w") as log, ExitStack() as stack:
        try:
            url = stack.enter_context(running(env, log))
        except RuntimeError as exc:
            pytest.fail(f"{exc}: see artifacts/{log_name}")
        yield url


def _needs_browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="the Python playwright package is not installed")


@pytest.fixture(scope="module")
def server(real_data):
    """The page with the session's IMPACT_DATA_DIR (real data)."""
    _needs_browser()
    with _streamlit(dict(os.environ), "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _headline(page):
    return page.get_by_test_id("stMetricValue").first


def _open(browser, server, query=None, viewport=DESKTOP, **context):
    ctx = browser.new_context(viewport=viewport, **context)
    page = ctx.new_page()
    page.goto(server + "/" + (f"?{urlencode(query)}" if query else ""))
    from playwright.sync_api import expect

    expect(_headline(page)).to_be_visible(timeout=WAIT_MS)
    _settle(page)   # under load the first run was still drawing: the "first" metric was another one
    return page


def _estimate(page, lang="en"):
    page.get_by_test_id("stSidebar").get_by_role("button", name=text.t(lang, "form.submit"), exact=True).click()


def _settle(page):
    """Wait until the page has finished rerunning (Streamlit's status widget gone)."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=WAIT_MS)


def _type_and_estimate(page, label_key: str, typed: str, lang: str = "fr") -> str:
    """Type ``typed`` in the sidebar's number box ``label_key``, press Estimate and return the error
    shown (after the rerun has finished: under load the error came late)."""
    from playwright.sync_api import expect

    box = page.get_by_test_id("stSidebar").get_by_role("spinbutton", name=text.t(lang, label_key))
    box.fill(typed)
    box.press("Enter")
    _settle(page)
    _estimate(page, lang)
    _settle(page)
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_be_visible(timeout=WAIT_MS)
    return error.inner_text()


def _choose(page, label: str, option: str):
    """Pick ``option`` in the select box labelled ``label``."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option).first.click()
    _settle(page)


def _choose_country(page, typed: str, option: str, lang: str = "en"):
    """Type ``typed`` in the country search box, then pick ``option`` in the (shortened) list."""
    search = page.get_by_test_id("stSidebar").get_by_role("textbox", name=text.t(lang, "form.country_search"))
    search.fill(typed)
    search.press("Enter")
    _settle(page)
    page.get_by_role("combobox", name=text.t(lang, "form.country")).click()
    page.get_by_role("option", name=option).first.click()
    _settle(page)


def _money(fields, lang="en"):
    return text.money(impact.estimate(**fields).cost_usd.central, lang)


def _clipboard_holds(page, want: str) -> None:
    """Wait until the clipboard holds ``want`` (a copy lands a moment after the click under load);
    on time-out the caller's assertion says what it holds instead."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function("async (want) => (await navigator.clipboard.readText()).trim() === want",
                               arg=want, timeout=WAIT_MS)
    except PlaywrightTimeout:
        pass


def test_change_an_input_then_share_the_link_and_restore_the_scenario(server, browser):
    from playwright.sync_api import expect

    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    page.goto(server + "/")
    expect(_headline(page)).to_be_visible(timeout=WAIT_MS)
    first = _headline(page).inner_text()

    _choose_country(page, "Ethiopia", "Ethiopia (ETH)")
    _estimate(page)
    want = _money({"country": "ETH", "start": "2023-06-01", "end": "2023-06-01"})
    expect(_headline(page)).to_have_text(want, timeout=WAIT_MS)
    assert _headline(page).inner_text() != first
    page.wait_for_function("() => window.location.search.includes('country=ETH')", timeout=WAIT_MS)

    # the visible copy button beside the sentence copies it
    sentence = page.get_by_test_id("stAlertContentInfo").first.inner_text().strip()
    frame = page.frame_locator("iframe").first
    frame.get_by_role("button", name=text.t("en", "results.copy")).click()
    expect(frame.get_by_role("button", name=text.t("en", "results.copied"))).to_be_visible(timeout=WAIT_MS)
    _clipboard_holds(page, sentence)
    assert page.evaluate("navigator.clipboard.readText()").strip() == sentence

    # copy the share link with the copy button of its code block
    page.get_by_role("tab", name=text.t("en", "tabs.cite")).click()
    block = page.get_by_test_id("stCode").filter(has_text="country=ETH")
    expect(block).to_be_visible(timeout=WAIT_MS)
    shown = block.inner_text().strip()
    block.hover()
    block.get_by_role("button", name="Copy to clipboard").click()
    _clipboard_holds(page, shown)
    link = page.evaluate("navigator.clipboard.readText()").strip()
    assert link == shown and link.startswith(server + "/?")
    assert parse_qs(urlsplit(link).query)["country"] == ["ETH"]

    other = context.new_page()
    other.goto(link)
    expect(_headline(other)).to_have_text(want, timeout=WAIT_MS)
    expect(other.get_by_role("combobox", name=text.t("en", "form.country"))).to_have_value("Ethiopia (ETH)")
    assert other.get_by_test_id("stAlertContentWarning").count() == 0
    context.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_link_that_cannot_be_costed_says_why_and_shows_no_figure_or_download(server, browser, lang):
    from playwright.sync_api import expect

    page = browser.new_page(viewport=DESKTOP)
    page.goto(server + "/?" + urlencode({"country": "MLI", "start": "2023-06-01", "end": "2023-06-02",
                                         "gdp_year": "1960", "lang": lang}))
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text(text.t(lang, "warn.link_failed"), timeout=WAIT_MS)
    _settle(page)
    page.screenshot(path=str(ART / f"link-not-costed-{lang}.png"), full_page=True)
    assert "1960" in error.inner_text()
    assert page.get_by_test_id("stMetricValue").count() == 0
    assert page.get_by_test_id("stDownloadButton").count() == 0
    assert page.get_by_role("tab").count() == 0
    page.close()


@pytest.mark.parametrize("lang, typed, iso3", [("fr", "Cote d'Ivoire", "CIV"), ("en", "Turkiye", "TUR"),
                                              ("fr", "Ivory Coast", "CIV")])
def test_the_country_search_finds_unaccented_and_other_names_and_says_when_nothing_is_found(server, browser, lang,
                                                                                          typed, iso3):
    from playwright.sync_api import expect

    from impact.page import compute

    page = _open(browser, server, {"lang": lang})
    side = page.get_by_test_id("stSidebar")
    search = side.get_by_role("textbox", name=text.t(lang, "form.country_search"))
    search.fill(typed)
    search.press("Enter")
    _settle(page)
    label = compute.country_label(iso3, lang)
    expect(side.get_by_role("combobox", name=text.t(lang, "form.country"))).to_have_value(label, timeout=WAIT_MS)
    page.screenshot(path=str(ART / f"country-search-{iso3}-{lang}.png"), full_page=True)
    search.fill("Xyzzyland")
    search.press("Enter")
    _settle(page)
    expect(side).to_contain_text(text.t(lang, "form.country_none", typed="Xyzzyland"), timeout=WAIT_MS)
    side.get_by_role("combobox", name=text.t(lang, "form.country")).click()
    expect(page.get_by_role("option").first).to_be_visible(timeout=WAIT_MS)
    assert "No results" not in page.inner_text("body")
    page.screenshot(path=str(ART / f"country-search-none-{lang}.png"), full_page=True)
    page.close()


def test_a_hostile_link_is_shown_as_text_and_the_page_falls_back(server, browser):
    from playwright.sync_api import expect

    page = browser.new_page(viewport=DESKTOP)
    page.goto(server + "/?country=%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E&method=%5Bx%5D(javascript:alert(1))")
    warning = page.get_by_test_id("stAlertContentWarning")
    expect(warning).to_be_visible(timeout=WAIT_MS)
    expect(warning).to_contain_text("<img src=x onerror=")      # shown literally, as text
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src='x']").count() == 0
    assert warning.locator("a").count() == 0
    # its country cannot be costed: the page says so and shows no figure of another country
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text(text.t("en", "warn.link_country"),
                                                                       timeout=WAIT_MS)
    assert page.get_by_test_id("stMetricValue").count() == 0
    page.close()


def test_item_1_switching_language_keeps_the_form_and_estimates(server, browser):
    from playwright.sync_api import expect

    page = _open(browser, server, TIGRAY)
    want = impact.estimate(country="ETH", start="2020-11-04T00:00", end="2021-01-01T00:00", regions=["Tigray"])
    expect(_headline(page)).to_have_text(text.money(want.cost_usd.central, "en"), timeout=WAIT_MS)
    side = page.get_by_test_id("stSidebar")
    for lang in ("fr", "en", "fr"):
        side.get_by_text(text.wording(lang)["name"], exact=True).click()
        _settle(page)
        expect(side.get_by_role("radio", name=text.t(lang, "reach.regions"))).to_be_checked(timeout=WAIT_MS)
        expect(side.get_by_role("radio", name=text.t(lang, "form.when_dates"))).to_be_checked()
        expect(side.get_by_role("combobox", name=text.t(lang, "form.disruption"))).to_have_value(
            text.t(lang, "disruption.full"))
        expect(side.get_by_text("Tigray", exact=True)).to_be_visible()
        _estimate(page, lang)
        _settle(page)
        expect(_headline(page)).to_have_text(text.money(want.cost_usd.central, lang), timeout=WAIT_MS)
        assert page.get_by_test_id("stAlertContentError").count() == 0
    page.screenshot(path=str(ART / "item1-language-switch-fr.png"), full_page=True)
    page.context.close()


def test_item_2_regions_follow_the_country(server, browser):
    from playwright.sync_api import expect

    page = _open(browser, server, TIGRAY)
    side = page.get_by_test_id("stSidebar")
    _choose_country(page, "India", "India (IND)")
    expect(side.get_by_text("Tigray", exact=True)).to_have_count(0, timeout=WAIT_MS)
    regions = side.get_by_role("combobox", name=text.t("en", "form.regions"))
    regions.click()
    page.keyboard.type("Jammu")
    page.get_by_role("option", name="Jammu and Kashmir").first.click()
    page.keyboard.press("Escape")
    _settle(page)
    _estimate(page)  # the first press works (the focused list loses focus: the button must not move)
    want = impact.estimate(country="IND", start="2020-11-04", end="2020-12-31", regions=["Jammu and Kashmir"])
    expect(_headline(page)).to_have_text(text.money(want.cost_usd.central, "en"), timeout=WAIT_MS)
    assert page.get_by_test_id("stAlertContentError").count() == 0
    page.screenshot(path=str(ART / "item2-regions-follow-country.png"), full_page=True)
    page.context.close()


def test_item_4_the_readme_dates_give_the_cli_figure_and_the_form_says_the_rule(server, browser):
    from playwright.sync_api import expect

    query = {"country": "MLI", "start": "2017-06-13", "end": "2017-06-14", "disruption": "services",
             "services": "facebook,twitter"}
    page = _open(browser, server, query)
    cli = impact.estimate(country="Mali", start="2017-06-13", end="2017-06-14", disruption="services",
                          services="facebook,twitter")
    expect(_headline(page)).to_have_text(text.money(cli.cost_usd.central, "en"), timeout=WAIT_MS)
    side = page.get_by_test_id("stSidebar")
    end = side.get_by_role("group", name=text.t("en", "form.end"))
    expect(end.get_by_role("spinbutton", name=f"day, {text.t('en', 'form.end')}")).to_have_text("14")
    expect(side.get_by_text(text.t("en", "form.rule_days"), exact=False)).to_be_visible()
    expect(side.get_by_text("2 days", exact=False)).to_be_visible()
    page.context.close()


def test_item_5_a_failed_estimate_keeps_the_last_result_and_its_tabs(server, browser):
    from playwright.sync_api import expect

    page = _open(browser, server, {"lang": "fr"})
    good = _headline(page).inner_text()
    side = page.get_by_test_id("stSidebar")
    side.get_by_text(text.t("fr", "form.advanced")).click()
    message = _type_and_estimate(page, "form.gdp_year", "1961")
    assert "1961" in message and "--" not in message and "impact data" not in message
    assert text.t("fr", "warn.previous") in message
    expect(page.get_by_role("tab", name=text.t("fr", "tabs.explain"))).to_be_visible()
    assert _headline(page).inner_text() == good
    page.screenshot(path=str(ART / "item5-error-keeps-result-fr.png"), full_page=True)
    page.context.close()


@pytest.mark.parametrize("typed", ["0", "-5", "9999999"])
def test_a_duration_typed_out_of_range_is_refused_in_french_not_costed_as_24_hours(server, browser, typed):
    """The widget's own limits showed an English tooltip, then Estimate costed 24 h in silence."""

    from impact.model.fields import FIELDS

    page = _open(browser, server, {"lang": "fr"})
    _settle(page)  # the whole page drawn before the headline is read
    good = _headline(page).inner_text()
    assert good == _money({"country": "MLI", "start": "2023-06-01", "end": "2023-06-01"}, "fr")
    side = page.get_by_test_id("stSidebar")
    side.get_by_text(text.t("fr", "form.when_duration")).click()
    _settle(page)
    message = _type_and_estimate(page, "form.hours", typed).replace("\u202f", " ").replace("\u00a0", " ")
    f = FIELDS["hours"]
    from impact.page import state

    limits = text.accepted_text(state.accepted(f), "fr")
    assert text.exact(f.high, "fr") in limits
    assert text.t("fr", "form.hours") in message and limits.replace("\u202f", " ").replace("\u00a0", " ") in message
    assert "détail en anglais" not in message
    assert _headline(page).inner_text() == good
    page.screenshot(path=str(ART / f"duration-refused-{typed.replace('-', 'minus')}-fr.png"), full_page=True)
    page.context.close()


def test_item_6_a_link_with_one_bad_value_keeps_the_rest(server, browser):
    from playwright.sync_api import expect

    page = _open(browser, server, {"country": "ETH", "regions": "Tigray,<b>x</b>"})
    warning = page.get_by_test_id("stAlertContentWarning")
    expect(warning).to_contain_text("<b>x</b>", timeout=WAIT_MS)
    side = page.get_by_test_id("stSidebar")
    expect(side.get_by_role("combobox", name=text.t("en", "form.country"))).to_have_value("Ethiopia (ETH)")
    expect(side.get_by_text("Tigray", exact=True)).to_be_visible()
    want = impact.estimate(country="ETH", start="2023-06-01", end="2023-06-01", regions=["Tigray"])
    expect(_headline(page)).to_have_text(text.money(want.cost_usd.central, "en"), timeout=WAIT_MS)
    page.context.close()


def test_item_7_only_the_inputs_that_apply_are_shown(server, browser):
    from playwright.sync_api import expect

    page = _open(browser, server)
    side = page.get_by_test_id("stSidebar")
    expect(side.get_by_text(text.t("en", "form.services"))).to_have_count(0)
    expect(side.get_by_text(text.t("en", "form.severity"))).to_have_count(0)
    expect(side.get_by_text(text.t("en", "form.share"))).to_have_count(0)
    _choose(page, text.t("en", "form.disruption"), text.t("en", "disruption.services"))
    expect(side.get_by_text(text.t("en", "form.services"))).to_be_visible(timeout=WAIT_MS)
    # the Estimate button is on screen without scrolling the sidebar
    box = side.get_by_role("button", name=text.t("en", "form.submit"), exact=True).bounding_box()
    assert box is not None and box["y"] + box["height"] <= DESKTOP["height"]
    page.context.close()


def test_item_8_a_future_event_is_noted(server, browser):
    from playwright.sync_api import expect

    page = _open(browser, server, {"country": "MLI", "start": "2030-01-01", "end": "2030-01-02"})
    r = impact.estimate(country="MLI", start="2030-01-01", end="2030-01-02")
    expect(page.get_by_text(text.t("en", "results.future", year=r.gdp.year))).to_be_visible(timeout=WAIT_MS)
    page.context.close()


def test_item_9_a_first_start_without_data_imports_uploaded_files(browser, tmp_path):
    from playwright.sync_api import expect

    wdi = ROOT.parent / "shared" / "data" / "wdi"
    if not wdi.is_dir():
        pytest.skip("shared real data folder ../shared/data is absent")
    env = {**os.environ, "IMPACT_DATA_DIR": str(tmp_path / "fresh"), "IMPACT_WB_API": "http://127.0.0.1:9/v2"}
    with _streamlit(env, "streamlit-nodata.log") as url:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(url + "/?lang=fr")
        expect(page.get_by_text(text.t("fr", "nodata.title"))).to_be_visible(timeout=WAIT_MS)
        page.get_by_role("button", name=text.t("fr", "nodata.download")).click()
        error = page.get_by_test_id("stAlertContentError")
        expect(error).to_be_visible(timeout=WAIT_MS)
        assert "previous snapshot stays active" not in error.inner_text()
        assert error.inner_text().startswith(text.t("fr", "nodata.offline", detail="")[:40])
        page.screenshot(path=str(ART / "item9-no-data-fr.png"), full_page=True)
        page.locator("input[type=file]").set_input_files(sorted(str(f) for f in wdi.glob("*.csv")))
        _settle(page)
        page.get_by_role("button", name=text.t("fr", "nodata.import")).click()
        expect(page.get_by_test_id("stAlertContentSuccess")).to_be_visible(timeout=WAIT_MS)
        page.get_by_role("button", name=text.t("fr", "nodata.open")).click()
        expect(_headline(page)).to_be_visible(timeout=WAIT_MS)
        assert "dollars US" in _headline(page).inner_text()
        page.close()


def test_the_fact_sheet_and_a_chart_image_download_from_the_page_in_french(server, browser):

    from pypdf import PdfReader

    from impact.report import cite

    page = _open(browser, server, {"country": "MLI", "start": "2017-06-13", "end": "2017-06-14",
                                   "disruption": "services", "services": "facebook,twitter", "lang": "fr"})
    r = impact.estimate(country="MLI", start="2017-06-13", end="2017-06-14", disruption="services",
                        services="facebook,twitter")
    page.get_by_role("tab", name=text.t("fr", "tabs.cite")).click()
    with page.expect_download(timeout=WAIT_MS) as got:
        page.get_by_role("button", name=text.t("fr", "cite.download_pdf")).click()
    pdf = PdfReader(got.value.path())
    assert len(pdf.pages) == 1 and got.value.suggested_filename == "impact_MLI_2017-06-13_2017-06-14_fr.pdf"
    body = pdf.pages[0].extract_text().replace("\u00a0", " ").replace("\u202f", " ")
    flat = "".join(body.split())
    assert "".join(cite.money(r.cost_usd.central, "fr").split()) in flat and str(r.gdp.year) in body
    assert "Banquemondiale" in flat and "au Mali" in body
    page.get_by_role("tab", name=text.t("fr", "tabs.explain")).click()
    with page.expect_download(timeout=WAIT_MS) as img:
        page.get_by_role("button", name="SVG").first.click()
    svg = Path(img.value.path()).read_text(encoding="utf-8")
    assert "Mali" in svg and str(r.gdp.year) in svg and "Banque mondiale" in svg
    page.context.close()


def test_the_events_uploader_speaks_the_page_language(server, browser):
    """Streamlit writes an uploader's button and limit line in English; the page writes its own."""
    page = _open(browser, server, {"country": "MLI", "hours": "24", "lang": "fr"})
    page.get_by_role("tab", name=text.t("fr", "tabs.events")).click()
    zone = page.get_by_test_id("stFileUploaderDropzone").first
    zone.wait_for(timeout=WAIT_MS)
    shown = zone.evaluate("""z => [z.querySelector('[data-testid="stBaseButton-secondary"] p'),
                                   z.querySelector('[data-testid="stFileUploaderDropzoneInstructions"] span')]
                                  .map(e => [getComputedStyle(e, '::after').content, getComputedStyle(e).fontSize])""")
    (button, button_size), (limit, limit_size) = shown
    assert button.strip('"') == text.t("fr", "form.upload_button") and button_size == "0px"  # "Upload" hidden
    assert "Mo par fichier" in limit and "Parquet" in limit and limit_size == "0px"
    ART.mkdir(exist_ok=True)
    zone.screenshot(path=str(ART / "events-uploader-fr.png"))
    page.context.close()


def test_every_platform_chosen_is_shown_in_the_form(server, browser):
    """In the narrow sidebar each platform takes a line; the box grows instead of hiding some."""
    page = _open(browser, server, {"country": "MLI", "days": "1", "disruption": "services",
                                   "services": "whatsapp,facebook,instagram,youtube,twitter,telegram"})
    # The headline can be drawn before the sidebar's form (seen in CI under load): wait for the six tags.
    page.wait_for_function("() => document.querySelectorAll("
                           "'[data-testid=stMultiSelectTagsContainer] [data-tag]').length === 6", timeout=WAIT_MS)
    hidden = page.evaluate("""() => {
        const tags = document.querySelector('[data-testid=stMultiSelectTagsContainer]');
        const box = tags.parentElement.getBoundingClientRect();
        return [...tags.querySelectorAll('[data-tag]')]
            .filter(t => t.getBoundingClientRect().bottom > box.bottom + 1).map(t => t.innerText);
    }""")
    assert not hidden, f"platforms hidden below the box: {hidden}"
    page.screenshot(path=str(ART / "services-six-platforms.png"), full_page=True)
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_browser_tab_title_is_in_the_page_language_and_follows_a_switch(server, browser, lang):
    page = _open(browser, server, {"lang": lang})
    assert page.title() == text.t(lang, "browser_title")
    other = next(code for code in text.LANGS if code != lang)
    page.get_by_test_id("stSidebar").get_by_text(text.wording(other)["name"], exact=True).click()
    _settle(page)
    page.wait_for_function("(want) => document.title === want", arg=text.t(other, "browser_title"), timeout=WAIT_MS)
    page.context.close()


# every text of every chart inside the chart's box, and every caption inside its column
_CUT = """() => {
    const out = [];
    for (const chart of document.querySelectorAll('.js-plotly-plot')) {
        const box = chart.getBoundingClientRect();
        for (const t of chart.querySelectorAll('text')) {
            const r = t.getBoundingClientRect();
            if (r.width && (r.right > box.right + 1 || r.left < box.left - 1)) out.push(t.textContent);
        }
    }
    for (const c of document.querySelectorAll('[data-testid=stCaptionContainer]'))
        if (c.scrollWidth > c.clientWidth + 1) out.push(c.innerText.slice(0, 60));
    return out;
}"""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_on_a_phone_no_chart_text_tab_or_source_line_is_cut_and_no_toolbar_covers_a_title(server, browser, lang):
    """At 390 px the charts' source lines ran off ('Data: GDP of 2019, World Bank, World Developm…'),
    Plotly's toolbar covered the titles and the last tab read 'Évé›'."""
    from playwright.sync_api import expect

    query = {"country": "MLI", "start": "2017-06-13", "end": "2017-06-14", "disruption": "services",
             "services": "facebook,twitter", "method": "all", "lang": lang}
    page = _open(browser, server, query, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    expect(page.get_by_role("tab", name=text.t(lang, "tabs.world"))).to_be_visible(timeout=WAIT_MS)
    tabs = page.evaluate("""() => { const l = document.querySelector('[role=tablist]').getBoundingClientRect();
        return [...document.querySelectorAll('[role=tab]')].filter(t => t.getBoundingClientRect().right > l.right + 1)
            .map(t => t.innerText); }""")
    assert not tabs, f"tabs cut at the phone's width: {tabs}"
    for tab, seen in (("explain", text.t(lang, "explain.drivers")), ("world", text.t(lang, "world.title"))):
        page.get_by_role("tab", name=text.t(lang, f"tabs.{tab}")).click()
        expect(page.get_by_text(seen).first).to_be_visible(timeout=WAIT_MS)
        _settle(page)
        charts = 3 if tab == "explain" else 1  # drawn a moment after the tab opens, later under load
        expect(page.locator(".js-plotly-plot .main-svg").nth(charts - 1)).to_be_visible(timeout=WAIT_MS)
        page.wait_for_timeout(1000)
        assert page.locator(".modebar").filter(has=page.locator(".modebar-btn")).count() == 0, "Plotly's toolbar is drawn"
        cut = page.evaluate(_CUT)
        assert not cut, f"{tab}: text cut at 390 px: {cut}"
        page.screenshot(path=str(ART / f"phone-{tab}-{lang}.png"), full_page=True)
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_screenshots_of_the_main_views(server, browser, lang, device):
    """Screenshots for people to look at: each view, desktop and 390 px phone, English and French."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    viewport = DESKTOP if device == "desktop" else PHONE
    extra = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2} if device == "phone" else {}
    page = _open(browser, server, {"country": "ETH", "start": "2020-11-04", "end": "2020-12-31",
                                   "disruption": "mobile", "regions": "Tigray", "lang": lang}, viewport, **extra)
    if device == "phone":  # the labelled way to the form
        opener = page.get_by_test_id("stExpandSidebarButton")
        expect(opener).to_be_visible(timeout=WAIT_MS)
        # the label comes with the page's style sheet, which may arrive a moment after the button
        label = f'"{text.t(lang, "form.open")}"'
        try:
            page.wait_for_function("([e, want]) => getComputedStyle(e, '::after').content === want",
                                   arg=[opener.element_handle(), label], timeout=WAIT_MS)
        except PlaywrightTimeout:
            pass  # the assertion below says what was shown instead
        assert page.evaluate("(e) => getComputedStyle(e, '::after').content", opener.element_handle()) == label
        opener.click()
        page.wait_for_timeout(600)
        page.screenshot(path=str(ART / f"page-{device}-{lang}-form.png"))
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
        page.wait_for_timeout(600)
    # a tall window so that each screenshot shows the whole view (the page scrolls inside itself)
    page.set_viewport_size({"width": viewport["width"], "height": 2200 if device == "desktop" else 2600})
    page.wait_for_timeout(600)
    page.screenshot(path=str(ART / f"page-{device}-{lang}-results.png"))
    # on a phone the inputs table runs past the screen, and a hint says to swipe it; not on a desktop
    hint = page.get_by_text(text.t(lang, "results.inputs_scroll"))
    wide = page.evaluate("""() => { const t = document.querySelector('[data-testid=stTable]');
        const box = t && [t, ...t.querySelectorAll('*')].find(e => e.scrollWidth > e.clientWidth + 1
            && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX));
        return Boolean(box); }""")
    if device == "phone":
        assert wide, "the inputs table fits the phone: the hint would say something false"
        expect(hint).to_be_visible()
    else:
        expect(hint).to_be_hidden()
    # every figure is shown whole: none runs past its box ("39,6 millions de dollars U" on a phone)
    clipped = page.evaluate("""() => [...document.querySelectorAll('[data-testid=stMetricValue]')]
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)""")
    assert not clipped, f"figures cut off at {device} width: {clipped}"
    # no amount set as a formula ("US$108 billion a year (current US$)" read as LaTeX between the $)
    assert page.locator("[data-testid=stTable] .katex").count() == 0
    assert "US$" in page.get_by_test_id("stTable").first.inner_text() or lang == "fr"
    shows = {"explain": text.t(lang, "explain.drivers"), "world": text.t(lang, "world.title"),
             "cite": text.t(lang, "cite.downloads")}
    for tab in ("explain", "world", "cite"):
        page.get_by_role("tab", name=text.t(lang, f"tabs.{tab}")).click()
        expect(page.get_by_text(shows[tab]).first).to_be_visible(timeout=WAIT_MS)
        _settle(page)
        page.wait_for_timeout(1000)
        page.screenshot(path=str(ART / f"page-{device}-{lang}-{tab}.png"))
    page.context.close()
