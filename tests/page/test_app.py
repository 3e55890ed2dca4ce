"""The what-if page (app.py) driven by streamlit.testing.v1.AppTest, and its pure parts.

Every headline is compared with :func:`impact.estimate` called directly with the same fields:
the page must show what the library says, no more and no less.
"""
from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest

import impact
from impact.page import compute, state, text

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 90


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


# -- AppTest ------------------------------------------------------------------------------
def test_default_render_shows_the_default_scenario(app, country_data):
    at = app.run()
    _ok(at)
    fields = state.defaults(country_data.economies())
    _expect(at, fields)
    assert at.query_params["country"] == fields["country"]
    assert not at.warning
    # every tab drew something: charts, the world table, the citation and the share link
    assert len(at.get("plotly_chart")) >= 4
    codes = [c.value for c in at.code]
    assert any(c.startswith("http://localhost:8501/?country=") for c in codes)
    assert impact.report.cite.sentence(at.session_state["result"], "fr") in codes


def test_changing_country_dates_type_and_reach_changes_the_headline_as_the_library_does(app):
    at = app.run()
    _ok(at)
    first = at.session_state["result"].cost_usd.central

    at.selectbox(key="w_country").set_value("ETH")
    _submit(at)
    _ok(at)
    eth = _expect(at, {"country": "ETH", "start": "2023-06-01T00:00", "end": "2023-06-02T00:00",
                       "disruption": "full", "method": "brookings"})
    assert eth.cost_usd.central != first

    at.datetime_input(key="w_end").set_value(datetime(2023, 6, 4, 12, 0))
    _submit(at)
    _ok(at)
    longer = _expect(at, {"country": "ETH", "start": "2023-06-01T00:00", "end": "2023-06-04T12:00",
                          "disruption": "full", "method": "brookings"})
    assert longer.scenario.hours == 84
    assert longer.cost_usd.central > eth.cost_usd.central

    at.selectbox(key="w_disruption").set_value("services")
    at.multiselect(key="w_services").set_value(["facebook", "twitter"])
    _submit(at)
    _ok(at)
    services = _expect(at, {"country": "ETH", "start": "2023-06-01T00:00", "end": "2023-06-04T12:00",
                            "disruption": "services", "services": ["facebook", "twitter"], "method": "brookings"})
    assert services.cost_usd.central < longer.cost_usd.central

    at.radio(key="w_reach").set_value("regions")
    at.multiselect(key="w_regions").set_value(["Tigray"])
    _submit(at)
    _ok(at)
    tigray = _expect(at, {"country": "ETH", "start": "2023-06-01T00:00", "end": "2023-06-04T12:00",
                          "disruption": "services", "services": ["facebook", "twitter"], "regions": ["Tigray"],
                          "method": "brookings"})
    assert tigray.cost_usd.central < services.cost_usd.central
    assert at.query_params["regions"] == "Tigray"

    at.radio(key="w_reach").set_value("share")
    at.slider(key="w_share").set_value(30.0)
    at.radio(key="w_when").set_value("duration")
    at.number_input(key="w_hours").set_value(6.0)
    _submit(at)
    _ok(at)
    _expect(at, {"country": "ETH", "hours": 6.0, "disruption": "services", "services": ["facebook", "twitter"],
                 "share": 0.3, "method": "brookings"})


def test_throttle_method_and_override_reach_the_library(app):
    at = app.run()
    at.selectbox(key="w_disruption").set_value("throttle")
    at.slider(key="w_severity").set_value(40.0)
    at.selectbox(key="w_method").set_value("all")
    at.number_input(key="w_ov_multiplier").set_value(2.0)
    at.number_input(key="w_gdp_year").set_value(2019)
    _submit(at)
    _ok(at)
    r = _expect(at, {"country": "MLI", "start": "2023-06-01T00:00", "end": "2023-06-02T00:00",
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
    assert at.datetime_input(key="w_end").value == datetime(2020, 11, 7, 0, 0)
    assert at.radio(key="lang").value == "fr"
    assert at.title[0].value == text.t("fr", "page_title")


def test_the_share_link_of_a_scenario_restores_it_in_a_new_session(app):
    at = app.run()
    at.selectbox(key="w_country").set_value("IND")
    at.radio(key="w_reach").set_value("isp")
    at.slider(key="w_isp_share").set_value(25.0)
    _submit(at)
    _ok(at)
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
    ({"country": "MLI", "services": "facebook", "disruption": "full"}, "not accepted"),
    ({"country": "<img src=x onerror=alert(1)>", "hours": "nan"}, "hours="),
    ({"gdp_usd": "-1", "method": "[x](javascript:alert(1))"}, "method="),
    ({"evil": "<script>alert(1)</script>"}, "unknown parameter"),
    ({"country": "MLI" * 200}, "refused"),
])
def test_a_url_with_bad_parameters_warns_and_falls_back(app, country_data, params, needle):
    app.query_params.update(params)
    at = app.run()
    assert not at.exception
    assert len(at.warning) == 1
    message = at.warning[0].value
    assert needle in message.replace("\\", "")
    # user text is escaped for Markdown: no tag, link or directive can render
    assert not re.search(r"(?<!\\)[<\[\]]", message)
    assert at.session_state["fields"] == state.defaults(country_data.economies())
    _ok(at)
    assert at.session_state["result"] is not None


def test_a_url_value_not_accepted_is_dropped_and_the_rest_kept(app, country_data):
    app.query_params.update({"country": "Ethiopia", "hours": "12", "share": "1.5", "lang": "xx"})
    at = app.run()
    _ok(at)
    assert len(at.warning) == 1
    message = at.warning[0].value.replace("\\", "")
    assert "share='1.5' is not accepted: a number from 0 to 1" in message and "lang='xx'" in message
    _expect(at, {"country": "ETH", "hours": 12.0, "disruption": "full", "method": "brookings"})


def test_a_form_the_library_refuses_is_not_applied(app):
    at = app.run()
    before = at.session_state["result"]
    at.radio(key="w_reach").set_value("regions")  # and no region picked
    _submit(at)
    assert not at.exception
    assert len(at.error) == 1 and "regions" in at.error[0].value
    assert at.session_state["result"].cost_usd == before.cost_usd


def test_missing_data_for_the_scenario_is_a_message_not_a_traceback(app):
    app.query_params.update({"country": "MLI", "hours": "24", "gdp_year": "1960"})
    at = app.run()
    assert not at.exception
    assert len(at.error) == 1 and "NY.GDP.MKTP.CD value for Mali" in at.error[0].value.replace("\\", "")
    assert at.session_state["result"] is None


def test_without_data_the_page_offers_the_download_and_the_import(app, tmp_path, monkeypatch):
    monkeypatch.setenv("IMPACT_DATA_DIR", str(tmp_path / "empty"))
    monkeypatch.setenv("IMPACT_WB_API", "http://127.0.0.1:9/v2")  # nothing listens: a quick refusal
    at = app.run()
    assert not at.exception and not at.error
    assert at.header[0].value == text.t("en", "nodata.title")
    assert any("impact data import" in c.value for c in at.code)
    at.button(key="w_download").click().run()
    assert not at.exception
    message = at.error[0].value.replace("\\", "")
    assert len(at.error) == 1 and "connection refused" in message and "impact data import PATH" in message
    assert "no snapshot is active yet" in message and "stays active" not in message  # there is none


def test_language_switch_translates_the_page(app):
    at = app.run()
    at.radio(key="lang").set_value("fr").run()
    _ok(at)
    assert at.title[0].value == text.t("fr", "page_title")
    assert at.metric[0].label == text.t("fr", "results.headline")
    assert _headline(at) == text.money(at.session_state["result"].cost_usd.central, "fr")
    assert at.query_params["lang"] == "fr"


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
])
def test_url_and_form_round_trips_keep_the_scenario(country_data, fields):
    economies = country_data.economies()
    back, warnings = state.from_query(state.to_query(fields, "fr"), economies, country_data)
    assert warnings == []
    assert back == fields
    assert state.from_form(state.to_form(fields)) == fields


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
    assert lines[0] == "name,label,value,low,high,unit,year,source,overridden"
    assert all(line.split(",")[0] in {i.name for i in r.inputs} for line in lines[1:])


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


def test_events_view_costs_an_upload_and_charts_the_library_annual_totals(app, tmp_path, country_data):
    from impact.events import batch
    from impact.page import events

    assert events.available()
    at = app.run()
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
    # the annual table: every US$ column formatted alike, with what the days past the horizons add
    shown = [df for df in at.dataframe if events.PAST_HORIZON_SHARE in df.value.columns]
    assert len(shown) == 1
    table = shown[0].value.set_index("year")
    assert table.equals(events.table(got.annual).set_index("year"))
    config = json.loads(shown[0].proto.columns)
    money = {c: config[c].get("type_config", {}).get("format") for c in events.MONEY_COLUMNS}
    assert money == dict.fromkeys(events.MONEY_COLUMNS, "compact")
    assert config[events.PAST_HORIZON_SHARE]["type_config"]["format"] == "percent"
    assert table.loc[2018, "cost_usd_central_past_horizon"] == 0 == table.loc[2018, events.PAST_HORIZON_SHARE]
    # Niger's 16-month block is 2019's only event: its first 90 days in the headline, the rest past
    assert table.loc[2019, events.PAST_HORIZON_SHARE] == pytest.approx((214 - 90) / 90)
    assert table.loc[2020, "cost_usd_central_past_horizon"] > 0 and table.loc[2020, "cost_usd_central"] > 0


def test_events_view_reports_a_file_it_cannot_read(app):
    at = app.run()
    at.get("file_uploader")[0].upload("list.csv", b"name,when\nfoo,bar\n", "text/csv")
    at.button(key="w_ev_run").click().run()
    assert not at.exception
    assert len(at.error) == 1
    message = at.error[0].value.replace("\\", "")
    assert "matches no known layout" in message and "impact-events-" not in message


def test_explain_says_what_drives_the_range(app):
    at = app.run()
    _ok(at)
    result = at.session_state["result"]
    drivers = result.methods[result.method].sensitivity
    assert drivers, "the default scenario has uncertain inputs"
    assert any("What drives the range" in m.value for m in at.markdown)
    shown = [df.value for df in at.dataframe if "Share of the spread" in df.value.columns]
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
    assert at.radio(key="w_region_weight").value == "income"


def test_a_bad_daily_window_in_the_url_warns_and_falls_back(app, country_data):
    app.query_params.update({"country": "IND", "daily_window": "<b>9</b>"})
    at = app.run()
    message = at.warning[0].value.replace("\\", "")
    assert not at.exception and len(at.warning) == 1 and "daily_window=" in message and "HH:MM-HH:MM" in message
    assert message.count("is not accepted") == 1
    _ok(at)
