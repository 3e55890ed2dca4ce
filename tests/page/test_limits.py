"""Values at the fields' limits reach the page as they reach the library: figures, never a traceback."""
from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from impact.page import state, text

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.mark.parametrize("query", [
    {"country": "MLI", "hours": "24", "gdp_usd": "5e-324"},                   # issue 13, item 4
    {"country": "MLI", "hours": "24", "gdp_usd": "1e15", "internet_share": "1"},
    {"country": "MLI", "hours": "0"},
])
def test_overrides_at_their_limits_show_figures(country_data, query):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update(query)
    at = at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    result = at.session_state["result"]
    figures = result.to_dict()  # raises on any non-finite figure
    assert figures["cost_usd"]["low"] <= figures["cost_usd"]["central"] <= figures["cost_usd"]["high"]
    assert all(math.isfinite(x) for x in figures["share_of_annual_gdp"].values())


def test_a_region_repeated_in_a_link_is_kept_once(country_data):   # review finding 2: the field table's rule
    from impact.page import state

    fields, problems = state.from_query({"country": "ETH", "hours": "24", "regions": "Amhara,tigray,Tigray,amhara"},
                                        country_data.economies(), country_data)
    assert not problems and fields["regions"] == ["Amhara", "Tigray"]


def test_an_economy_of_nothing_in_a_link_is_dropped_with_what_is_accepted(country_data):   # review finding 3
    from impact.page import state

    fields, problems = state.from_query({"country": "MLI", "hours": "24", "gdp_usd": "0"}, country_data.economies())
    assert "gdp_usd" not in fields and [p.field for p in problems] == ["gdp_usd"]


@pytest.mark.parametrize("lang, says", [("en", "less than US$1"), ("fr", "moins d'un dollar US")])
def test_a_tiny_duration_in_a_link_heads_the_page_in_a_few_words(country_data, lang, says):   # review finding 4
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update({"country": "MLI", "hours": "1e-300", "lang": lang})
    at = at.run()
    assert not at.exception and not at.error
    assert at.metric[0].value == says
    shown = [e.value for e in (*at.markdown, *at.caption, *at.metric) if isinstance(e.value, str)]
    assert not any(re.search(r"0[.,]0{12}", v.replace("\\", "")) for v in shown), shown


def test_days_of_daily_windows_in_a_link_are_the_librarys_windows(country_data):
    """?start=…&days=4&daily_window=… is 4 windows, as impact.estimate reads it (review: the page
    dropped the window and costed 4 whole days, blaming the window's format)."""
    import impact

    link = {"country": "MLI", "start": "2022-09-01", "days": "4", "daily_window": "09:00-13:00"}
    fields, problems = state.from_query(link, country_data.economies(), country_data)
    assert not problems and fields["daily_window"] == "09:00-13:00"
    assert impact.estimate(**fields, data=country_data).cost_usd.central == pytest.approx(
        impact.estimate(country="MLI", start="2022-09-01", days=4, daily_window="09:00-13:00",
                        data=country_data).cost_usd.central)
    # no start: the windows from the page's start date, and said
    fields, problems = state.from_query({k: v for k, v in link.items() if k != "start"}, country_data.economies())
    assert [p.code for p in problems] == ["windows_dated"]
    assert impact.estimate(**fields, data=country_data).scenario.hours == pytest.approx(16)
    for lang in ("en", "fr"):
        assert "4" in text.problem_message(problems[0], lang)


@pytest.mark.parametrize("fields, code", [
    (dict(country="MLI", start="2099-01-01", days=1), "gdp_gap"),
    (dict(country="ETH", days=1, regions="Tigray", share=0.5), "one_reach"),
    (dict(country="MLI", days=1, disruption="throttle"), "needs_severity"),
    (dict(country="MLI", days=2.5, daily_window="09:00-13:00"), "window_days"),
])
def test_library_refusals_are_worded_in_the_page_language(country_data, fields, code):
    """Not 'détail en anglais' with the library's field names (review of the French page)."""
    import impact

    with pytest.raises(impact.ImpactError) as got:
        impact.estimate(**fields, data=country_data)
    for lang in ("en", "fr"):
        said = text.error_message(got.value, lang)
        assert said == text.t(lang, f"errors.{code}", **{k: v for k, v in _values(got.value, code).items()})
        assert "=" not in said and "gdp_usd" not in said


def _values(err, code):
    m = next(p for c, p in text.ERROR_PATTERNS if c == code).search(str(err))
    return {k: v for k, v in m.groupdict().items() if v is not None}
