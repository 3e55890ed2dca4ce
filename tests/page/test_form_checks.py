"""Values the form or a link gives that the library refuses: the page says so in its language,
with the limits of the one field table (impact.model.fields), and never costs another scenario
in silence (review of the page, items 3 and 4). Driven by streamlit.testing.v1.AppTest.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from impact.model.fields import FIELDS
from impact.page import text

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app(country_data):
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(APP, default_timeout=90)


def _said(elements) -> str:
    return " ".join(e.value.replace("\\", "") for e in elements)


def _hours_limits(lang: str) -> str:
    """What the field table accepts for hours, worded by the page (its limits, written exactly)."""
    from impact.page import state

    f = FIELDS["hours"]
    worded = text.accepted_text(state.accepted(f), lang)
    assert text.exact(f.high, lang) in worded and text.exact(f.low, lang) in worded
    return worded


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("hours, shown", [(0.0, "0"), (-5.0, "-5"), (9_999_999.0, None)])
def test_a_duration_out_of_the_field_limits_is_refused_in_the_page_language(app, lang, hours, shown):
    at = app.run()
    at.radio(key="lang").set_value(lang).run()
    before = at.session_state["result"]
    at.radio(key="w_when").set_value("duration").run()
    at.number_input(key="w_hours").set_value(hours).run()
    at.button(key="w_submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    message = _said(at.error)
    want = text.t(lang, "errors.field", label=text.t(lang, "form.hours"), value=shown or text.exact(hours, lang),
                  accepted=_hours_limits(lang))
    assert want in message
    assert text.t(lang, "warn.previous") in message
    assert "détail en anglais" not in message and "not accepted: give" not in message
    # nothing else was costed in its place: the result shown is the last good one
    assert at.session_state["result"].scenario == before.scenario
    assert at.session_state["fields"].get("hours") is None


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_block_of_services_without_a_platform_is_refused_in_the_page_language(app, lang):
    at = app.run()
    at.radio(key="lang").set_value(lang).run()
    at.selectbox(key="w_disruption").set_value("services").run()
    at.multiselect(key="w_services").set_value([]).run()
    at.button(key="w_submit").click().run()
    assert not at.exception
    message = _said(at.error)
    assert text.t(lang, "errors.needs_services") in message
    assert "needs services=" not in message


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_mistyped_platform_in_a_link_is_said_with_the_scenario_shown_instead(app, lang):
    from impact.report import cite

    app.query_params.update({"country": "MLI", "disruption": "services", "services": "myspace", "lang": lang})
    at = app.run()
    assert not at.exception and not at.error
    message = _said(at.warning)
    assert "myspace" in message
    assert text.t(lang, "errors.needs_services") in message  # why the block of services was left out
    assert "needs services=" not in message and "détail en anglais" not in message
    result = at.session_state["result"]
    assert result.scenario.disruption == "full"
    assert cite.after_colon(cite.what(result, lang), lang) in message  # and what the page costs instead, said
    assert lang != "fr" or ": L" not in message   # French: no capital after a colon


# -- French details (review item 8) ---------------------------------------------------------
def test_the_headline_help_writes_the_draws_with_the_language_thousands_separator(app):
    from impact.report import cite

    at = app.run()
    at.radio(key="lang").set_value("fr").run()
    draws = at.session_state["result"].scenario.draws
    assert draws >= 1000, "the test needs a count with a thousands separator"
    help_text = at.metric[0].help.replace("\\", "")
    assert cite.number(draws, "fr") in help_text and str(draws) not in help_text  # '10 000', not '10000'


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_headline_help_says_the_central_is_the_methods_median_when_they_are_pooled(app, lang):
    from impact.page import text

    at = app.run()
    at.radio(key="lang").set_value(lang).run()
    one = at.metric[0].help.replace("\\", "")
    at.selectbox(key="w_method").set_value("all")
    at.button(key="w_submit").click().run()
    assert at.session_state["result"].scenario.method == "all"
    pooled = at.metric[0].help.replace("\\", "")
    assert pooled != one and {"en": "median", "fr": "médiane"}[lang] in pooled
    assert text.t(lang, "results.headline_help_pooled").split(";")[0] in pooled


def test_the_fact_sheet_writes_the_draws_with_the_language_thousands_separator(country_data):
    import io

    import impact
    from pypdf import PdfReader

    from impact.page import exports
    from impact.report import cite

    r = impact.estimate(country="MLI", hours=24, data=country_data)
    body = PdfReader(io.BytesIO(exports.fact_sheet(r, "fr", ""))).pages[0].extract_text()
    flat = body.replace("\u202f", " ").replace("\u00a0", " ")
    assert cite.number(r.scenario.draws, "fr").replace("\u202f", " ").replace("\u00a0", " ") in flat
    assert f"{r.scenario.draws} tirages" not in flat
