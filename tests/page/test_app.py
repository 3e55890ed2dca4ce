"""The what-if page (app.py) driven by streamlit.testing.v1.AppTest, and its pure parts.

Every headline is compared with :func:`impact.estimate` called directly with the same fields:
the page must show what the library says, no more and no less. The tests named ``test_item_N_…``
walk the path of item N of issue 12.
"""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime, time
from pathlib import Path

import pytest

import impact
from impact.page import compute, state, text
from impact.report import cite

from conftest import SHARED_DATA

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 90
TIGRAY = {"country": "ETH", "start": "2020-11-04T00:00", "end": "2021-01-01T00:00", "disruption": "full",
          "regions": "Tigray"}
TAB_LABEL = {code: {lang: text.t(lang, f"tabs.{code}") for lang in text.LANGS} for code in
             ("results", "explain", "world", "cite", "events")}


@pytest.fixture
def app(country_data):
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _headline(at) -> str:
    return at.metric[0].value


def _expect(at, fields, lang="en"):
    """The page's result and headline are the library's for these fields."""
    want = impact.estimate(**fields)
    got = at.session_state["result"]
    assert got.scenario == want.scenario
    assert got.cost_usd == want.cost_usd
    assert _headline(at) == text.money(want.cost_usd.central, lang)
    return want


def _submit(at):
    at.button(key="w_submit").click()
    return at.run()


def _open(at, tab: str, lang: str = "en"):
    """Open a tab (the tabs are lazy: only the open one is built), as a click on it does."""
    key = f"tabs_{lang}"
    if key in at.session_state:  # AppTest keeps a tab's state unless it is set afresh
        del at.session_state[key]
    at.session_state[key] = TAB_LABEL[tab][lang]
    return at.run()


def _tabs(at) -> list[str]:
    return [t.label for t in at.tabs]


def _errors(at) -> str:
    return " ".join(e.value.replace("\\", "") for e in at.error)


# -- AppTest ------------------------------------------------------------------------------
def test_default_render_shows_the_default_scenario_and_builds_only_the_open_tab(app, country_data):
    at = app.run()
    _ok(at)
    fields = state.defaults(country_data.economies())
    _expect(at, fields)
    assert at.query_params["country"] == fields["country"]
    assert not at.warning
    assert _tabs(at) == list(TAB_LABEL[k]["en"] for k in TAB_LABEL)
    # lazy: the first load builds the Results tab only (no chart, no world table, no citation code)
    assert len(at.get("plotly_chart")) == 0 and not at.code
    _open(at, "explain")
    assert len(at.get("plotly_chart")) == 3
    _open(at, "cite")
    codes = [c.value for c in at.code]
    assert any(c.startswith("http://localhost:8501/?country=") for c in codes)
    assert impact.report.cite.sentence(at.session_state["result"], "fr") in codes
    # a page on the author's computer says its link opens only there; the note gives the command
    assert any(text.t("en", "cite.share_local", env="").split(":")[0] in i.value for i in at.info)
    note = _note(at)
    command = compute.command_line(state.to_query(fields, "en"))
    assert command.startswith("impact estimate --country MLI") and command.endswith("--cite --lang en")
    assert "localhost" not in note and command in note and command in codes


def test_the_command_a_local_page_gives_runs_to_the_pages_figure(app, country_data):
    """The command the Cite tab of a page on localhost gives (instead of a link no reader can open)
    is a real command line: run, it prints the page's figure."""
    import shlex

    from impact.cli import main

    at = app.run()
    at.selectbox(key="w_disruption").set_value("services").run()
    _submit(at)
    _open(at, "cite")
    result = at.session_state["result"]
    command = next(c.value for c in at.code if c.value.startswith("impact estimate "))
    argv = shlex.split(command)[1:]
    assert "--services" in argv and "--disruption" in argv
    import contextlib, io
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(argv) == 0
    assert cite.money(result.cost_usd.central, "en") in out.getvalue()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_local_currency_figure_reads_like_the_dollar_ones_with_its_code_name_and_rate_year(app, lang):
    at = app.run()
    at.radio(key="lang").set_value(lang).run()
    lc = at.session_state["result"].local_currency
    caption = next(c.value.replace("\\", "") for c in at.caption if cite.local_money(lc["cost"]["central"], lc["currency"], lang) in c.value.replace("\\", ""))
    assert cite.currency_name(lc["currency"], lang) in caption and str(lc["year"]) in caption
    assert "((" not in caption.replace(" ", "") and ") (" not in caption


def test_with_a_public_address_the_share_link_and_the_note_use_it(app, monkeypatch):
    monkeypatch.setenv(compute.PUBLIC_URL_ENV, "https://impact.example.org")
    at = app.run()
    _open(at, "cite")
    codes = [c.value for c in at.code]
    link = next(c for c in codes if c.startswith("https://impact.example.org/?country="))
    assert not any(text.t("en", "cite.share_local", env="").split(":")[0] in i.value for i in at.info)
    assert link in _note(at)


def _note(at) -> str:
    """The methods note the Cite tab shows in its expander."""
    return next(e for e in at.expander if e.label == text.t("en", "cite.note")).markdown[0].value


def test_changing_country_dates_type_and_reach_changes_the_headline_as_the_library_does(app):
    at = app.run()
    _ok(at)
    first = at.session_state["result"].cost_usd.central

    at.selectbox(key="w_country").set_value("ETH")
    _submit(at)
    _ok(at)
    eth = _expect(at, {"country": "ETH", "start": "2023-06-01", "end": "2023-06-01", "disruption": "full",
                       "method": "brookings"})
    assert eth.cost_usd.central != first

    at.checkbox(key="w_timed").check().run()
    at.date_input(key="w_end_date").set_value(date(2023, 6, 4))
    at.time_input(key="w_end_time").set_value(time(12, 0))
    _submit(at)
    _ok(at)
    longer = _expect(at, {"country": "ETH", "start": "2023-06-01T00:00", "end": "2023-06-04T12:00",
                          "disruption": "full", "method": "brookings"})
    assert longer.scenario.hours == 84
    assert longer.cost_usd.central > eth.cost_usd.central

    at.selectbox(key="w_disruption").set_value("services").run()
    at.multiselect(key="w_services").set_value(["facebook", "twitter"])
    _submit(at)
    _ok(at)
    services = _expect(at, {"country": "ETH", "start": "2023-06-01T00:00", "end": "2023-06-04T12:00",
                            "disruption": "services", "services": ["facebook", "twitter"], "method": "brookings"})
    assert services.cost_usd.central < longer.cost_usd.central

    at.radio(key="w_reach").set_value("regions").run()
    at.multiselect(key="w_regions").set_value(["Tigray"])
    _submit(at)
    _ok(at)
    tigray = _expect(at, {"country": "ETH", "start": "2023-06-01T00:00", "end": "2023-06-04T12:00",
                          "disruption": "services", "services": ["facebook", "twitter"], "regions": ["Tigray"],
                          "method": "brookings"})
    assert tigray.cost_usd.central < services.cost_usd.central
    assert at.query_params["regions"] == "Tigray"

    at.radio(key="w_reach").set_value("share").run()
    at.slider(key="w_share").set_value(30.0)
    at.radio(key="w_when").set_value("duration").run()
    at.number_input(key="w_hours").set_value(6.0)
    _submit(at)
    _ok(at)
    _expect(at, {"country": "ETH", "hours": 6.0, "disruption": "services", "services": ["facebook", "twitter"],
                 "share": 0.3, "method": "brookings"})


def test_throttle_method_and_override_reach_the_library(app):
    at = app.run()
    at.selectbox(key="w_disruption").set_value("throttle").run()
    at.slider(key="w_severity").set_value(40.0)
    at.selectbox(key="w_method").set_value("all")
    at.number_input(key="w_ov_multiplier").set_value(2.0)
    at.number_input(key="w_gdp_year").set_value(2019)
    _submit(at)
    _ok(at)
    r = _expect(at, {"country": "MLI", "start": "2023-06-01", "end": "2023-06-01",
                     "disruption": "throttle", "severity": 0.4, "gdp_year": 2019, "method": "all",
                     "multiplier": 2.0})
    assert r.overridden == ["multiplier"] and r.gdp.year == 2019
    assert at.query_params["multiplier"] == "2"


def test_a_price_year_puts_the_headline_in_constant_dollars_with_the_current_figure_beside(app):
    app.query_params.update({"country": "IND", "start": "2019-08-05", "end": "2019-08-10", "disruption": "mobile",
                             "price_year": "2023"})
    at = app.run()
    _ok(at)
    want = impact.estimate(country="IND", start="2019-08-05", end="2019-08-10", disruption="mobile", price_year=2023)
    assert at.session_state["result"].constant_usd["cost"] == want.constant_usd["cost"]
    assert _headline(at) == text.money(want.constant_usd["cost"]["central"], "en")
    assert _headline(at) != text.money(want.cost_usd.central, "en")
    assert any(text.money(want.cost_usd.central, "en") in c.value.replace("\\", "") for c in at.caption)


def test_a_url_with_parameters_restores_the_scenario(app):
    app.query_params.update({"country": "ETH", "start": "2020-11-04", "end": "2020-11-06",
                             "disruption": "mobile", "regions": "tigray", "method": "deloitte", "lang": "fr"})
    at = app.run()
    _ok(at)
    assert not at.warning
    # a date-only end is inclusive, as the library reads it; region names as the data spells them
    _expect(at, {"country": "ETH", "start": "2020-11-04", "end": "2020-11-06", "disruption": "mobile",
                 "regions": ["Tigray"], "method": "deloitte"}, lang="fr")
    assert at.selectbox(key="w_country").value == "ETH"
    assert at.selectbox(key="w_disruption").value == "mobile"
    assert at.radio(key="w_reach").value == "regions"
    assert at.multiselect(key="w_regions").value == ["Tigray"]
    assert at.date_input(key="w_end_date").value == date(2020, 11, 6)
    assert at.radio(key="lang").value == "fr"
    assert at.title[0].value == text.t("fr", "page_title")


def test_the_share_link_of_a_scenario_restores_it_in_a_new_session(app):
    at = app.run()
    at.selectbox(key="w_country").set_value("IND")
    at.radio(key="w_reach").set_value("isp").run()
    at.slider(key="w_isp_share").set_value(25.0)
    _submit(at)
    _ok(at)
    _open(at, "cite")
    link = next(c.value for c in at.code if c.value.startswith("http"))
    from urllib.parse import parse_qsl, urlsplit

    from streamlit.testing.v1 import AppTest

    again = AppTest.from_file(APP, default_timeout=TIMEOUT)
    again.query_params.update(dict(parse_qsl(urlsplit(link).query)))
    again.run()
    _ok(again)
    assert not again.warning
    assert again.session_state["fields"] == at.session_state["fields"]
    assert again.session_state["result"].cost_usd == at.session_state["result"].cost_usd


@pytest.mark.parametrize("params, needle", [
    ({"country": "Atlantis"}, "country="),
    ({"country": "MLI", "severity": "5", "disruption": "throttle"}, "severity="),
    ({"start": "yesterday"}, "start="),
    ({"country": "MLI", "services": "facebook", "disruption": "full"}, "does not go with"),
    ({"country": "<img src=x onerror=alert(1)>", "hours": "nan"}, "hours="),
    ({"gdp_usd": "-1", "method": "[x](javascript:alert(1))"}, "method="),
    ({"evil": "<script>alert(1)</script>"}, "Unknown parameter"),
    ({"country": "MLI" * 200}, "refused"),
])
def test_a_url_with_bad_parameters_warns_and_keeps_what_is_valid(app, country_data, params, needle):
    app.query_params.update(params)
    at = app.run()
    assert not at.exception
    assert len(at.warning) == 1
    message = at.warning[0].value
    assert needle in message.replace("\\", "")
    # user text is escaped for Markdown: no tag, link or directive can render
    assert not re.search(r"(?<!\\)[<\[\]]", message)
    if params.get("country", "MLI") != "MLI":
        # the link's country cannot be costed: it says so, and no figure of another country is shown
        assert at.session_state["result"] is None and not at.metric and len(at.error) == 1
        return
    _ok(at)
    assert at.session_state["result"] is not None


def test_item_6_a_link_with_one_bad_value_keeps_every_valid_field(app, country_data):
    app.query_params.update({"country": "ETH", "regions": "Tigray,<b>x</b>", "hours": "12", "share": "1.5",
                             "lang": "xx"})
    at = app.run()
    _ok(at)
    assert len(at.warning) == 1
    message = at.warning[0].value.replace("\\", "")
    assert "'<b>x</b>'" in message and "share='1.5'" in message and "lang='xx'" in message
    assert "Tigray" in message  # the regions one may give
    _expect(at, {"country": "ETH", "hours": 12.0, "disruption": "full", "regions": ["Tigray"], "method": "brookings"})
    assert at.multiselect(key="w_regions").value == ["Tigray"]


def test_item_6_values_the_library_accepts_are_accepted_from_a_link(app):
    app.query_params.update({"country": "MLI", "disruption": "blackout", "hours": "6"})
    at = app.run()
    _ok(at)
    assert not at.warning
    _expect(at, {"country": "MLI", "hours": 6.0, "disruption": "full", "method": "brookings"})
    from streamlit.testing.v1 import AppTest

    other = AppTest.from_file(APP, default_timeout=TIMEOUT)
    other.query_params.update({"country": "MLI", "disruption": "services", "services": "x,facebook", "hours": "6"})
    other.run()
    _ok(other)
    assert not other.warning
    _expect(other, {"country": "MLI", "hours": 6.0, "disruption": "services", "services": ["twitter", "facebook"]})


def test_item_1_switching_language_keeps_every_choice_and_estimates(app):
    app.query_params.update(TIGRAY)
    at = app.run()
    _ok(at)
    first = at.session_state["result"]
    before = {k: at.session_state[f"w_{k}"] for k in ("country", "disruption", "reach", "regions", "when")}
    assert before == {"country": "ETH", "disruption": "full", "reach": "regions", "regions": ["Tigray"], "when": "dates"}
    for lang in ("fr", "en", "fr"):
        at.radio(key="lang").set_value(lang).run()
        _ok(at)
        assert {k: at.session_state[f"w_{k}"] for k in before} == before
        assert at.selectbox(key="w_disruption").format_func("full") == text.t(lang, "disruption.full")
        assert at.radio(key="w_reach").value == "regions"
        _submit(at)
        _ok(at)
        assert at.session_state["result"].cost_usd == first.cost_usd
        assert _headline(at) == text.money(first.cost_usd.central, lang)
    assert at.title[0].value == text.t("fr", "page_title")
    assert at.query_params["lang"] == "fr" and at.query_params["regions"] == "Tigray"


def test_item_2_regions_follow_the_country(app, country_data):
    from impact.data.regions import list_regions

    app.query_params.update(TIGRAY)
    at = app.run()
    at.selectbox(key="w_country").set_value("IND").run()
    _ok(at)
    india = list_regions(country_data, "IND")
    assert at.multiselect(key="w_regions").options == india and at.multiselect(key="w_regions").value == []
    _submit(at)  # no region of India chosen yet: said in words, tabs kept
    assert not at.exception and len(at.error) == 1 and "Tigray" not in _errors(at)
    assert text.t("en", "errors.no_regions_chosen") in _errors(at)
    assert len(at.tabs) == 5
    at.multiselect(key="w_regions").set_value(["Jammu and Kashmir"])
    _submit(at)  # the first press after choosing works
    _ok(at)
    _expect(at, {"country": "IND", "start": "2020-11-04", "end": "2020-12-31", "disruption": "full",
                 "regions": ["Jammu and Kashmir"], "method": "brookings"})
    # Mali -> Ethiopia with "Some regions": Ethiopia's list at once
    at.selectbox(key="w_country").set_value("MLI").run()
    at.selectbox(key="w_country").set_value("ETH").run()
    _ok(at)
    assert at.multiselect(key="w_regions").options == list_regions(country_data, "ETH")


def test_item_3_a_snapshot_without_gdp_or_population_is_the_no_data_panel(app, tmp_path, monkeypatch):
    from impact.data.importers import import_paths

    path = tmp_path / "SP.POP.TOTL.csv"
    path.write_text("Country Name,Country Code,Year,Value\nMali,MLI,2020,20000000\n")
    import_paths([path], data_dir=tmp_path / "data", replace=True)
    monkeypatch.setenv("IMPACT_DATA_DIR", str(tmp_path / "data"))
    from streamlit.testing.v1 import AppTest

    for lang in ("en", "fr"):
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.query_params.update({"lang": lang})
        at.run()
        assert not at.exception
        assert at.header[0].value == text.t(lang, "nodata.title")
        assert any("NY.GDP.MKTP.CD" in c.value.replace("\\", "") for c in at.caption)
        assert at.get("file_uploader")


def test_item_4_a_date_only_end_is_inclusive_in_the_form_as_in_the_cli_and_links(app):
    app.query_params.update({"country": "MLI", "start": "2017-06-13", "end": "2017-06-14", "disruption": "services",
                             "services": "facebook,twitter"})
    at = app.run()
    _ok(at)
    cli = impact.estimate(country="Mali", start="2017-06-13", end="2017-06-14", disruption="services",
                          services="facebook,twitter")
    assert cli.scenario.hours == 48
    _expect(at, {"country": "MLI", "start": "2017-06-13", "end": "2017-06-14", "disruption": "services",
                 "services": ["facebook", "twitter"]})
    assert at.date_input(key="w_start_date").value == date(2017, 6, 13)
    assert at.date_input(key="w_end_date").value == date(2017, 6, 14)
    # the form says the rule and the duration it gives
    captions = " ".join(c.value.replace("\\", "") for c in at.sidebar.caption)
    assert text.t("en", "form.rule_days") in captions and "2 days" in captions
    # entering the same days in the form gives the same figure
    at.selectbox(key="w_country").set_value("ETH")
    _submit(at)
    at.selectbox(key="w_country").set_value("MLI")
    at.date_input(key="w_start_date").set_value(date(2017, 6, 13))
    at.date_input(key="w_end_date").set_value(date(2017, 6, 14))
    _submit(at)
    _ok(at)
    assert at.session_state["result"].cost_usd == cli.cost_usd
    assert at.query_params["end"] == "2017-06-14"


def test_item_5_an_error_keeps_the_last_result_and_tabs_and_speaks_the_page_language(app):
    at = app.run()
    at.radio(key="lang").set_value("fr").run()
    before = at.session_state["result"]
    at.number_input(key="w_gdp_year").set_value(1961)
    _submit(at)
    assert not at.exception
    message = _errors(at)
    assert len(at.error) == 1 and "Mali" in message and "1961" in message
    assert "--" not in message and "impact data" not in message and "import newer" not in message
    assert text.t("fr", "warn.previous") in message
    assert len(at.tabs) == 5 and at.metric  # the last good result stays, with its tabs
    assert at.session_state["result"].cost_usd == before.cost_usd
    assert _headline(at) == text.money(before.cost_usd.central, "fr")


def test_item_7_only_the_inputs_that_apply_are_shown(app):
    at = app.run()
    keys = lambda: {w.key for w in at.sidebar if getattr(w, "key", None)}  # noqa: E731
    shown = keys()
    for hidden in ("w_services", "w_severity", "w_share", "w_isp_share", "w_regions", "w_start_time", "w_hours"):
        assert hidden not in shown, hidden
    # the overrides offered are those a blackout uses
    assert "w_ov_app_value_share" not in shown and "w_ov_multiplier" in shown
    at.selectbox(key="w_disruption").set_value("services").run()
    assert "w_services" in keys() and "w_severity" not in keys()
    at.selectbox(key="w_disruption").set_value("throttle").run()
    assert "w_severity" in keys() and "w_services" not in keys()
    at.radio(key="w_reach").set_value("share").run()
    assert "w_share" in keys() and "w_isp_share" not in keys() and "w_regions" not in keys()
    # a hidden input keeps its value for when it comes back
    at.slider(key="w_share").set_value(30.0).run()
    at.radio(key="w_reach").set_value("national").run()
    at.radio(key="w_reach").set_value("share").run()
    assert at.slider(key="w_share").value == 30.0


def test_item_8_a_future_event_is_said_to_use_the_latest_data(app):
    app.query_params.update({"country": "MLI", "start": "2030-01-01", "end": "2030-01-02"})
    at = app.run()
    _ok(at)
    gdp_year = at.session_state["result"].gdp.year
    infos = " ".join(i.value.replace("\\", "") for i in at.info)
    assert text.t("en", "results.future", year=gdp_year) in infos


@pytest.mark.shared_data
def test_item_9_without_data_the_page_imports_uploaded_files(app, tmp_path, monkeypatch):
    monkeypatch.setenv("IMPACT_DATA_DIR", str(tmp_path / "empty"))
    monkeypatch.setenv("IMPACT_WB_API", "http://127.0.0.1:9/v2")  # nothing listens: a quick refusal
    app.query_params.update({"lang": "fr"})
    at = app.run()
    assert not at.exception and not at.error
    assert at.header[0].value == text.t("fr", "nodata.title")
    # offline download: a message in French, saying nothing changed, no raw library text
    at.button(key="w_download").click().run()
    assert not at.exception and len(at.error) == 1
    message = _errors(at)
    assert message.startswith(text.t("fr", "nodata.offline", detail="").split("Détail")[0].strip())
    assert "previous snapshot stays active" not in message
    # upload the World Bank files as `impact data import` reads them
    wdi = Path(__file__).resolve().parents[3] / "shared" / "data" / "wdi"
    uploader = at.get("file_uploader")[0]
    for f in sorted(wdi.glob("*.csv")):
        uploader.upload(f.name, f.read_bytes(), "text/csv")
    at.run()
    at.button(key="w_data_import").click().run()
    assert not at.exception and not at.error, _errors(at)
    assert any(text.t("fr", "nodata.done", snapshot="").split(":")[0] in s.value for s in at.success)
    from impact.data import snapshot

    assert snapshot.active_id(tmp_path / "empty")
    at.run()
    _ok(at)
    assert at.metric and at.session_state["result"].scenario.country == "MLI"


def test_item_9_an_upload_the_importer_refuses_is_said_in_the_page_language(app, tmp_path, monkeypatch):
    monkeypatch.setenv("IMPACT_DATA_DIR", str(tmp_path / "empty"))
    at = app.run()
    at.get("file_uploader")[0].upload("notes.csv", b"hello,world\n1,2\n", "text/csv")
    at.run()
    at.button(key="w_data_import").click().run()
    assert not at.exception and len(at.error) == 1
    assert "notes.csv" in _errors(at) and "impact-upload-" not in _errors(at)


def _nothing_shown(at):
    """No figure, sentence, copy button, tab or download: nothing of a result."""
    assert at.session_state["result"] is None
    assert not at.metric and not at.info and not at.tabs and not at.code
    assert not at.get("download_button") and not at.get("iframe") and not at.get("plotly_chart")


def test_missing_data_for_the_scenario_is_a_message_not_a_traceback(app):
    app.query_params.update({"country": "MLI", "hours": "24", "gdp_year": "1960"})
    at = app.run()
    assert not at.exception
    message = _errors(at)
    assert len(at.error) == 1 and "GDP" in message and "Mali" in message and "1960" in message
    _nothing_shown(at)  # no figure of another scenario (the defaults) beside the message
    # nothing of the link is lost: its values stay in the form and the link in the address bar
    assert at.session_state["form"]["gdp_year"] == 1960 and at.session_state["form"]["hours"] == 24
    assert at.query_params["gdp_year"] in ("1960", ["1960"])
    assert text.t("en", "warn.link_failed") in message
    assert at.session_state["fields"] != at.session_state["form"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_link_that_cannot_be_costed_says_why_in_the_page_language_and_shows_no_figure(app, lang):
    app.query_params.update({"country": "MLI", "start": "2023-06-01", "end": "2023-06-02", "gdp_year": "1960",
                             "lang": lang})
    at = app.run()
    assert not at.exception
    _nothing_shown(at)
    message = _errors(at)
    assert text.t(lang, "errors.no_value_year", what="", country="", of_country="", subject="",
                  year="", indicator="", iso3="").split()[0] in message
    assert text.t(lang, "warn.link_failed").replace("\\", "") in message and "(detail in English" not in message
    # pressing Estimate on a form that still cannot be costed shows nothing either (no defaults)
    _submit(at)
    _nothing_shown(at)


def test_a_link_whose_country_cannot_be_costed_shows_no_figure_of_another_country(app, country_data):
    from impact.data import countries

    economies = set(country_data.economies())
    iso3 = next(c for c in ("TWN", "ESH", "VAT", "FRA", "DEU") if c not in economies and countries.name(c) != c)
    app.query_params.update({"country": iso3, "hours": "24", "lang": "fr"})
    at = app.run()
    assert not at.exception
    _nothing_shown(at)
    assert f"country='{iso3}'" in at.warning[0].value.replace("\\", "")
    assert text.t("fr", "warn.link_country").split(" ")[0] in _errors(at)
    # the form then costs what it is given (the default country), and the page shows it
    at = _submit(at)
    _ok(at)
    assert at.session_state["result"] is not None and at.metric


def test_a_link_that_could_not_be_costed_is_replaced_once_estimate_costs_another(app):
    app.query_params.update({"country": "MLI", "hours": "24", "gdp_year": "1960"})
    at = app.run()
    assert at.query_params["gdp_year"] in ("1960", ["1960"])
    year = impact.estimate(country="MLI", hours=24).gdp.year  # a GDP year the data hold
    at.number_input(key="w_gdp_year").set_value(year)
    at = _submit(at)
    _ok(at)
    _expect(at, {"country": "MLI", "hours": 24, "gdp_year": year})
    assert at.query_params["gdp_year"] in (str(year), [str(year)])  # the link now says what is shown
    assert at.query_params["country"] in ("MLI", ["MLI"])


def test_language_switch_translates_the_page(app):
    at = app.run()
    at.radio(key="lang").set_value("fr").run()
    _ok(at)
    assert at.title[0].value == text.t("fr", "page_title")
    assert at.metric[0].label == text.t("fr", "results.headline")
    assert _headline(at) == text.money(at.session_state["result"].cost_usd.central, "fr")
    assert at.query_params["lang"] == "fr"
    assert _tabs(at) == [TAB_LABEL[k]["fr"] for k in TAB_LABEL]
    # the inputs table in French: shares as percentages, money in French
    table = at.table[0].value
    assert text.t("fr", "table.source") in table.columns
    values = " ".join(table[text.t("fr", "table.value")])
    assert "dollars US" in values and "\u00a0%" in values


def test_the_inputs_table_writes_shares_as_percentages_and_money_in_full(app, country_data):
    app.query_params.update({"country": "IND", "hours": "24"})
    at = app.run()
    _ok(at)
    table = at.table[0].value
    result = at.session_state["result"]
    gdp = next(i for i in result.inputs if i.name == "gdp_usd")
    share = next(i for i in result.inputs if i.name == "internet_share")
    values = {k: v.replace("\\$", "$") for k, v in zip(table.index, table[text.t("en", "table.value")])}
    assert values[text.input_label("gdp_usd", "", "en")].startswith(impact.report.cite.money(gdp.value, "en"))
    # every $ is escaped, so that Markdown never sets two amounts in US$ as a LaTeX formula
    cells = [str(v) for col in table.columns for v in table[col]]
    assert not [c for c in cells if re.search(r"(?<!\\)\$", c)]
    assert values[text.input_label("internet_share", "", "en")].startswith(impact.report.cite.percent(share.value, "en"))
    assert "3,550,000,000,00" not in " ".join(values.values())
    assert all(s for s in table[text.t("en", "table.source")])


def test_error_messages_are_in_the_page_language_without_command_line_advice(country_data):
    cases = []
    for fields in ({"country": "MLI", "hours": 24, "gdp_year": 1961},
                   {"country": "ETH", "hours": 24, "regions": ["Atlantis"]},
                   {"country": "MLI", "start": "2020-01-05", "end": "2020-01-01"}):
        with pytest.raises(impact.ImpactError) as err:
            impact.estimate(data=country_data, **fields)
        cases.append(err.value)
    for lang in text.LANGS:
        for why in cases:
            message = text.error_message(why, lang)
            assert "--" not in message and "impact data" not in message, message
            assert not message.startswith(text.t(lang, "errors.other", detail="")[:20]), message
    assert "Éthiopie" in text.error_message(cases[1], "fr")


# -- the pure parts -----------------------------------------------------------------------
def test_english_and_french_wording_have_the_same_keys_and_placeholders():
    import string

    en, fr = text.wording("en"), text.wording("fr")
    assert text.keys(en) == text.keys(fr)
    for key in text.keys(en):
        names = lambda s: {p[1] for p in string.Formatter().parse(str(s)) if p[1]}  # noqa: E731
        node_en, node_fr = en, fr
        for part in key.split("."):
            node_en, node_fr = node_en[part], node_fr[part]
        assert names(node_en) == names(node_fr), key


@pytest.mark.parametrize("fields", [
    {"country": "MLI", "start": "2017-06-13T00:00", "end": "2017-06-15T00:00", "disruption": "services",
     "services": ["facebook", "twitter"], "method": "brookings"},
    {"country": "ETH", "hours": 36.5, "disruption": "throttle", "severity": 0.35, "regions": ["Tigray", "Amhara"],
     "method": "all", "gdp_year": 2019, "price_year": 2015},
    {"country": "IND", "start": "2019-08-05T00:00", "end": "2019-08-06T06:30", "disruption": "mobile",
     "isp_share": 0.25, "method": "cipesa", "internet_share": 0.031, "gdp_usd": 2.5e12},
    {"country": "IRN", "start": "2022-09-21T17:00+03:30", "end": "2022-09-22T01:00+03:30", "disruption": "mobile",
     "method": "brookings"},   # local times with their offset from UTC
])
def test_url_and_form_round_trips_keep_the_scenario(country_data, fields):
    economies = country_data.economies()
    back, warnings = state.from_query(state.to_query(fields, "fr"), economies, country_data)
    assert warnings == []
    assert back == fields
    # the form may write whole days as dates (same scenario, the end day inclusive)
    again = state.from_form(state.to_form(fields))
    assert impact.Scenario.create(**again) == impact.Scenario.create(**fields)


def test_plain_makes_markdown_literal():
    hostile = "<b>x</b> [a](javascript:alert(1)) :red[y] $x$ **z**"
    out = text.plain(hostile)
    for raw in ("<b>", "](", ":red[", "$x$", "**"):
        assert raw not in out
    assert out.replace("\\", "") == hostile


def test_downloads_hold_the_exact_result(country_data):
    r = impact.estimate(country="MLI", hours=48, method="all", data=country_data)
    assert json.loads(compute.result_json(r))["cost_usd"] == r.cost_usd.to_dict()
    lines = compute.inputs_csv(r).splitlines()
    assert len(lines) == 1 + len(r.inputs)
    assert lines[0] == "name,label,value,p5,p95,low,high,distribution,unit,year,source,overridden"
    assert all(line.split(",")[0] in {i.name for i in r.inputs} for line in lines[1:])
    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(compute.inputs_csv(r)))}
    for i in r.inputs:   # the band the page's inputs table shows, beside the draws' own ends
        assert (float(rows[i.name]["p5"]), float(rows[i.name]["p95"])) == pytest.approx(cite.input_band(i))
        assert float(rows[i.name]["low"]) == pytest.approx(i.low) and float(rows[i.name]["high"]) == pytest.approx(i.high)
    # the French page's file: the same columns, and each input's label and source in French too (review)
    fr = {row["name"]: row for row in csv.DictReader(io.StringIO(compute.inputs_csv(r, "fr")))}
    labels = cite.locale("fr")["labels"]
    for i in r.inputs:
        assert fr[i.name]["value"] == rows[i.name]["value"] and fr[i.name]["label_fr"] == labels.get(i.name, i.label)
        assert fr[i.name]["source_fr"] == cite.source_text(i.source, "fr")
    assert fr["daily_gdp"]["source_fr"].startswith("Banque mondiale")


def test_waterfall_steps_multiply_to_the_product_of_the_factors(country_data):
    import math

    r = impact.estimate(country="ETH", hours=30, disruption="mobile", share=0.4, data=country_data)
    factors = r.methods["brookings"].factors
    steps = compute.steps(factors)
    assert [s.name for s in steps] == [f.name for f in factors]
    assert math.isclose(steps[-1].after, math.prod(f.value for f in factors), rel_tol=1e-12)
    curve = compute.curve(r)
    k = curve["days"].searchsorted(r.scenario.days)
    assert all(curve["low"] <= curve["central"]) and all(curve["central"] <= curve["high"])
    assert math.isclose(curve["central"][-1], r.cost_per_day_usd.central * curve["days"][-1])
    assert k > 0


def test_world_view_covers_every_economy_or_says_why_not(country_data):
    economies = country_data.economies()
    table, skipped = compute.world(country_data, economies)
    assert len(table) + len(skipped) == len(economies)
    assert set(table["iso3"]).isdisjoint(c for c, _ in skipped)
    assert (table["low"] <= table["central"]).all() and (table["central"] <= table["high"]).all()
    assert (table["central"] >= 0).all() and table["central"].is_monotonic_decreasing
    mli = table.set_index("iso3").loc["MLI"]
    assert mli["central"] == impact.estimate(country="MLI", hours=24, data=country_data).cost_usd.central


EVENTS_CSV = b"""id,country,start,end,type,services,regions,share
a,Mali,2018-08-01,2018-08-02,full,,,
b,Ethiopia,2020-06-30T00:00,2020-07-22T00:00,full,,,
c,Ethiopia,2020-11-04,2020-12-31,mobile,,Tigray,
d,Atlantis,2020-01-01,2020-01-02,full,,,
e,Mali,2018-08-01T06:00,2018-08-01T18:00,services,facebook;whatsapp,,
f,Niger,2019-06-01,2020-09-30,services,facebook,,
"""


@pytest.mark.shared_data
def test_events_view_costs_an_upload_and_charts_the_library_annual_totals(app, tmp_path, country_data):
    from impact.events import batch
    from impact.page import events

    assert events.available()
    at = app.run()
    _open(at, "events")
    charts_before = len(at.get("plotly_chart"))
    at.get("file_uploader")[0].upload("events.csv", EVENTS_CSV, "text/csv")
    at.date_input(key="w_ev_cutoff").set_value(datetime(2024, 12, 31).date())
    at.button(key="w_ev_run").click().run()
    _ok(at)
    path = tmp_path / "events.csv"
    path.write_bytes(EVENTS_CSV)
    want = batch.estimate_many(path, cutoff="2024-12-31", draws=1000, method="brookings", data=country_data)
    got = at.session_state["events_run"]
    assert got.counts == want.counts and got.counts["read"] == 6 and got.counts["rejected"] >= 1
    assert got.annual.equals(batch.annual_totals(want))
    assert list(got.annual["year"]) == [2018, 2019, 2020]
    assert len(at.get("plotly_chart")) == charts_before + 1
    # the headline and the separate line past the horizons, as the library gives them
    first, second = events.headline(got, "en")
    shown_text = [m.value for m in at.markdown]
    assert any(first.split(":")[0] in m for m in shown_text) and first.startswith("Headline 2018–2020")
    assert any("On its own line, not in the headline" in m for m in shown_text) and "1 events" in second
    # the annual table: every US$ column formatted alike, headers in words, with what the days
    # past the horizons add
    from impact.page.view import t_columns

    headers = t_columns("en")
    assert all(" " in h or h[0].isupper() for h in headers.values())  # headers in words, not snake_case
    shown = [df for df in at.dataframe if headers[events.PAST_HORIZON_SHARE] in df.value.columns]
    assert len(shown) == 1
    table = shown[0].value.rename(columns={v: k for k, v in headers.items()}).set_index("year")
    assert table.equals(events.table(got.annual).set_index("year"))
    cells = _cells(shown[0]).rename(columns={v: k for k, v in headers.items()}).set_index("year")
    for c in events.MONEY_COLUMNS:  # every US$ column written alike, in the page's language
        assert list(cells[c]) == [cite.compact_money(x, "en", significant=3) for x in table[c]]
    assert list(cells[events.PAST_HORIZON_SHARE]) == [cite.percent(x, "en") for x in table[events.PAST_HORIZON_SHARE]]
    assert table.loc[2018, "cost_usd_central_past_horizon"] == 0 == table.loc[2018, events.PAST_HORIZON_SHARE]
    # Niger's 16-month block is 2019's only event: its first 90 days in the headline, the rest past
    assert table.loc[2019, events.PAST_HORIZON_SHARE] == pytest.approx((214 - 90) / 90)
    assert table.loc[2020, "cost_usd_central_past_horizon"] > 0 and table.loc[2020, "cost_usd_central"] > 0


def _cells(element):
    """The text a table shown by ``st.dataframe`` displays (its Styler's display values), by column."""
    import pyarrow as pa

    arrow = element.proto.arrow_data
    assert arrow.HasField("styler"), "the table is shown without its figures written out"
    return pa.ipc.open_stream(arrow.styler.display_values).read_all().to_pandas()


STOP = SHARED_DATA / "events" / "access_now_stop_2016-2025_snapshot-2026-05-20.csv"


@pytest.mark.shared_data
def test_the_french_events_view_is_in_french_with_figures_written_the_french_way(app, real_data):
    """Review of the French page: the library's English lines (currency, range), the method's
    code, counts without thousands separators and 'compact' cells ('78M', '2.2B') are gone."""
    from impact.events import batch
    from impact.page import events
    from impact.page.view import t_columns

    app.query_params["lang"] = "fr"
    at = app.run()
    _open(at, "events", "fr")
    at.get("file_uploader")[0].upload(STOP.name, STOP.read_bytes(), "text/csv")
    at.number_input(key="w_ev_draws").set_value(100)
    at.button(key="w_ev_run").click().run()
    _ok(at)
    run = at.session_state["events_run"]
    assert run.counts["read"] >= 1000  # counts that need a thousands separator
    lines = [m.value.replace("\\", "") for m in (*at.markdown, *at.caption)]
    counts = next(x for x in lines if x.startswith(cite.number(run.counts["read"], "fr")))
    assert not re.search(r"\d{4}", counts), counts
    words = " ".join(lines)
    for english in (batch.CURRENCY, batch.RANGE_NOTE, "low/high", "current US$", f"Méthode {run.info['method']}"):
        assert english not in words
    assert "Montants en " + text.t("fr", "events.currency") in words and "Bas/haut" in words   # sentences
    assert "(fourchette de " in words   # as the Results tab says a range
    for french in (text.t("fr", "events.currency"), text.t("fr", "events.range")[1:], text.t("fr", "method.brookings"),
                   cite.money(float(run.annual["cost_usd_central"].sum()), "fr")):
        assert french in words
    assert run.info["cutoff"] not in words and words.count(cite._date_text(run.info["cutoff"], "fr")) == 2
    # the table: French figures written out, the cells still numbers (a column sorts by value)
    headers = t_columns("fr")
    shown = next(df for df in at.dataframe if headers["cost_usd_central"] in df.value.columns)
    want = events.table(run.annual)
    assert shown.value.rename(columns={v: k for k, v in headers.items()}).equals(want)
    cells = _cells(shown).rename(columns={v: k for k, v in headers.items()})
    for c in events.MONEY_COLUMNS:
        assert list(cells[c]) == [cite.compact_money(x, "fr", significant=3) for x in want[c]]
    for c in events.COUNT_COLUMNS:
        assert list(cells[c]) == [cite.number(x, "fr") for x in want[c]]
    figures = cells.drop(columns="year").to_numpy().ravel()
    assert not [x for x in figures if re.search(r"\d{4}|\d[KMB]\b|\d\.\d", x)]
    assert max(want["hours"]) >= 1000 and max(want["cost_usd_central"]) >= 1e9
    # the chart's unit said as the rest of the page says it
    spec = json.loads(at.get("plotly_chart")[-1].proto.spec)
    title = spec["layout"]["yaxis"]["title"]["text"]
    assert title == text.t("fr", "explain.cost", currency=cite.locale("fr")["table"]["currency_no_year"])
    assert "US$" not in title


def test_the_english_events_wording_is_the_library_s():
    """The page's English currency and range lines say what ``impact batch`` says."""
    from impact.events import batch

    assert text.t("en", "events.currency") == batch.CURRENCY
    assert text.t("en", "events.range") == batch.RANGE_NOTE


@pytest.mark.parametrize("lang, order", [("en", "YYYY-MM-DD"), ("fr", "DD/MM/YYYY")])
def test_date_fields_are_in_the_order_the_page_language_writes_dates(app, lang, order):
    app.query_params["lang"] = lang
    at = app.run()
    _ok(at)
    assert [at.date_input(key=k).proto.format for k in ("w_start_date", "w_end_date")] == [order, order]
    _open(at, "events", lang)
    assert at.date_input(key="w_ev_cutoff").proto.format == order


def test_events_view_reports_a_file_it_cannot_read(app):
    at = app.run()
    _open(at, "events")
    at.get("file_uploader")[0].upload("list.csv", b"name,when\nfoo,bar\n", "text/csv")
    at.button(key="w_ev_run").click().run()
    assert not at.exception
    assert len(at.error) == 1
    message = at.error[0].value.replace("\\", "")
    assert "matches no known layout" in message and "impact-events-" not in message


def test_explain_says_what_drives_the_range(app):
    at = app.run()
    _open(at, "explain")
    _ok(at)
    result = at.session_state["result"]
    drivers = result.methods[result.method].sensitivity
    assert drivers, "the default scenario has uncertain inputs"
    assert any("What drives the range" in m.value for m in at.markdown)
    shown = [df.value for df in at.table if "Share of the spread" in df.value.columns]
    assert shown and len(shown[0]) == len(drivers)
    assert list(shown[0]["Share of the spread"]) == [impact.report.cite.percent(r["share_of_spread"], "en") for r in drivers]


def test_events_table_adds_what_the_days_past_the_horizons_add_per_headline():
    import pandas as pd

    from impact.page import events

    annual = pd.DataFrame({"year": [2019, 2020, 2021], "cost_usd_central": [200.0, 0.0, 50.0],
                           "cost_usd_central_past_horizon": [50.0, 10.0, 0.0]})
    annual.attrs["currency"] = "current US$"
    shown = events.table(annual)
    assert list(shown[events.PAST_HORIZON_SHARE].fillna(-1)) == [0.25, -1, 0.0]  # no headline, no fraction
    assert shown.attrs["currency"] == "current US$" and events.PAST_HORIZON_SHARE not in annual


def test_a_daily_window_and_income_weight_from_the_url_reach_the_library(app):
    app.query_params.update({"country": "IND", "start": "2016-03-01", "end": "2016-03-05",
                             "daily_window": "9:00-13:00", "regions": "Manipur", "region_weight": "income"})
    at = app.run()
    _ok(at)
    assert not at.warning
    _expect(at, {"country": "IND", "start": "2016-03-01", "end": "2016-03-05", "daily_window": "09:00-13:00",
                 "regions": ["Manipur"], "region_weight": "income"})
    assert at.session_state["result"].scenario.hours == 5 * 4
    assert at.text_input(key="w_daily_window").value == "09:00-13:00"
    assert at.date_input(key="w_end_date").value == date(2016, 3, 5)
    assert at.radio(key="w_region_weight").value == "income"


def test_a_bad_daily_window_in_the_url_warns_and_falls_back(app, country_data):
    app.query_params.update({"country": "IND", "daily_window": "<b>9</b>"})
    at = app.run()
    message = at.warning[0].value.replace("\\", "")
    assert not at.exception and len(at.warning) == 1 and "daily_window=" in message and "HH:MM-HH:MM" in message
    assert message.count("is not accepted") == 1
    assert at.session_state["fields"]["country"] == "IND"  # the valid field is kept
    _ok(at)


def test_with_methods_pooled_the_inputs_table_says_which_method_each_factor_enters(country_data):
    r = impact.estimate(country="MLI", days=2, disruption="services", services="facebook,twitter", method="all",
                        data=country_data)
    for lang in ("en", "fr"):
        frame = compute.inputs_frame(r, lang)
        used = dict(zip(frame[text.t(lang, "table.input")], frame[text.t(lang, "table.used_by")]))
        assert used[text.input_label("multiplier", "", lang)] == text.t(lang, "method.brookings")
        assert used[text.input_label("indirect", "", lang)] == text.t(lang, "method.cipesa")
        assert used[text.input_label("daily_gdp", "", lang)] == {"en": "every method that applies",
                                                                 "fr": "toutes les méthodes applicables"}[lang]
    one = compute.inputs_frame(impact.estimate(country="MLI", days=2, data=country_data), "en")
    assert text.t("en", "table.used_by") not in one.columns      # one method: nothing to tell apart


def test_local_times_with_their_offset_make_the_moments_the_library_reads(country_data):
    """The form's times are clock times of the offset chosen: 17:00 at UTC+03:30 is 13:30 UTC, as
    the library and the CLI read '2022-09-21T17:00+03:30'; the form shows them back as given."""
    form = state.to_form({"country": "IRN", "start": "2022-09-21T17:00+03:30", "end": "2022-09-22T01:00+03:30",
                          "disruption": "full", "method": "brookings"})
    assert (form["timed"], form["utc_offset"], form["start_time"], form["end_time"]) == (True, "+03:30", time(17, 0),
                                                                                        time(1, 0))
    assert form["end_date"] == date(2022, 9, 22)
    fields = state.from_form(form)
    assert fields["start"] == "2022-09-21T17:00+03:30"
    local = impact.estimate(**fields)
    utc = impact.estimate(country="IRN", start="2022-09-21T13:30", end="2022-09-21T21:30", disruption="full")
    assert local.scenario == utc.scenario and local.cost_usd == utc.cost_usd
    assert state.from_form({**form, "utc_offset": "+00:00"})["start"] == "2022-09-21T17:00"   # UTC: no suffix
    with pytest.raises(impact.InputError, match="utc_offset"):
        state.from_form({**form, "utc_offset": "+03:17"})
    # a moment written in another offset than the form offers, or in UTC, is shown in UTC
    assert state.to_form({"country": "IRN", "start": "2022-09-21T17:00+03:17", "end": "2022-09-22",
                          "disruption": "full"})["utc_offset"] == "+00:00"
    assert state.utc_offset_of("2022-09-21T17:00Z") == state.utc_offset_of("2022-09-21") == "+00:00"
    assert state.utc_offset_of("2022-09-21T17:00-0930") == "-09:30"


def test_a_link_with_an_offset_opens_the_same_local_times(country_data):
    params = {"country": "IRN", "start": "2022-09-21T17:00+03:30", "end": "2022-09-22T01:00+03:30"}
    fields, problems = state.from_query(params, country_data.economies(), country_data)
    assert problems == []
    assert fields["start"] == "2022-09-21T17:00+03:30" and fields["end"] == "2022-09-22T01:00+03:30"
    form = state.to_form(fields)
    assert form["utc_offset"] == "+03:30" and form["start_time"] == time(17, 0)


def test_the_form_offers_a_time_zone_with_times_and_costs_the_moments_it_gives(app):
    at = app.run()
    _ok(at)
    at.selectbox(key="w_country").set_value("IRN")
    at.checkbox(key="w_timed").check().run()
    at.date_input(key="w_start_date").set_value(date(2022, 9, 21))
    at.date_input(key="w_end_date").set_value(date(2022, 9, 22))
    at.time_input(key="w_start_time").set_value(time(17, 0))
    at.time_input(key="w_end_time").set_value(time(1, 0))
    at.selectbox(key="w_utc_offset").set_value("+03:30")
    _submit(at)
    _ok(at)
    got = _expect(at, {"country": "IRN", "start": "2022-09-21T13:30", "end": "2022-09-21T21:30", "disruption": "full",
                       "method": "brookings"})
    assert got.scenario.hours == 8
    assert at.query_params["start"] in ("2022-09-21T17:00+03:30", ["2022-09-21T17:00+03:30"])


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("typed, iso3", [("Burma", "MMR"), ("Coree du Sud", "KOR"), ("Ethiopie", "ETH"),
                                         ("  south korea ", "KOR")])
def test_country_search_finds_unaccented_and_other_names(app, lang, typed, iso3):
    app.query_params.update({"lang": lang})
    at = app.run()
    _ok(at)
    at.text_input(key="w_country_search_box").input(typed)
    at = at.run()
    _ok(at)
    box = at.selectbox(key="w_country")
    assert box.value == iso3 and iso3 in box.options[0] and len(box.options) <= 3, box.options
    at = _submit(at)
    _ok(at)
    assert at.session_state["fields"]["country"] == iso3


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_country_search_that_finds_nothing_says_so_in_the_page_language_and_lists_every_country(app, lang):
    app.query_params.update({"lang": lang})
    at = app.run()
    every = at.selectbox(key="w_country").options
    at.text_input(key="w_country_search_box").input("Xyzzyland")
    at = at.run()
    _ok(at)
    assert at.selectbox(key="w_country").options == every and at.selectbox(key="w_country").value == "MLI"
    said = " ".join(c.value for c in at.sidebar.caption).replace("\\", "")
    assert text.t(lang, "form.country_none", typed="Xyzzyland") in said


def _without_regions(data) -> str:
    """Singapore when the data has it, else another economy without sub-national regions."""
    from impact.data.regions import list_regions
    from impact.errors import ImpactError

    def has_regions(iso3):
        try:
            return bool(list_regions(data, iso3))
        except ImpactError:
            return False

    economies = sorted(data.economies())
    return next(c for c in ["SGP", *economies] if c in economies and not has_regions(c))


def _every_text(at) -> list[str]:
    out = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "code"):
        out += [str(e.value) for e in getattr(at, kind)]
    out += [f"{m.label} {m.value} {m.help or ''}" for m in at.metric]
    out += [str(w.label) for w in (*at.selectbox, *at.radio, *at.text_input, *at.number_input, *at.checkbox)]
    return [s.replace("\\", "") for s in out]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_country_without_regions_shows_no_empty_brackets(app, country_data, lang):
    iso3 = _without_regions(country_data)
    app.query_params.update({"country": iso3, "hours": "24", "regions": "North", "lang": lang})
    at = app.run()
    assert not at.exception
    assert len(at.warning) == 1 and "North" in at.warning[0].value
    at.radio(key="w_reach").set_value("regions")
    at = at.run()
    for tab in ("results", "explain", "cite"):
        at = _open(at, tab, lang)
        assert not at.exception
        empty = [s for s in _every_text(at) if re.search(r"\(\s*\)", s)]
        assert not empty, empty
