"""Coverage of published figures by our 5–95% ranges (issue 10): the summary is pinned.

A change that narrows the ranges (or moves the central figures away from the published ones)
fails here instead of passing silently. The floors are what the model measured when they were
set; raise them when the ranges honestly hold more, never lower them to make a change pass.
"""
from __future__ import annotations

import json
import math

import pytest

from impact.cli.main import main
from impact.reproduce import replicate as validation

# Pinned to what was measured (WDI files of the shared data): 15 of 18 inside (issue 10 asks for
# 80%, i.e. 15 of 18; the three outside are explained in validation/DIFFERENCES.md), 7 of the 10
# figures no parameter was derived from. (16 and 8 until the years between a GDP year given and a
# later GDP the data record became their known ratio, not a walk: Iraq's figure, which the walk of
# Iraq's volatile GDP history had stretched the range up to, left it. A quantity the data hold is
# not an unknown; the floor moved with that reason, not to make a change pass.)
MIN_INSIDE = 15
MIN_INSIDE_OUT_OF_SAMPLE = 7
MAX_MEDIAN_ABS_LOG10 = 0.20     # issue 10's acceptance: median |log10(ours / published)| <= 0.20 (0.12 measured)
# Ranges stay informative: issue 10 asks for <= x6 for blackouts and <= x4 for blocks of services;
# measured x5.40 and x4.39 (services above: see docs/METHODOLOGY.md, "Known limits"). Services were
# x6.02 while the two years from the GDP year West and COST used to their events were drawn from
# each country's GDP history though the data record them (Morocco, Brazil, Nigeria); x5.03 until the
# value of free apps took its authors' revised 0.29% as its high end and the year 2011, the last of
# the period 2002-2011 the figure averages, in place of 2013, the year it was quoted (x5.75), and the
# GDP term's walk counted its drift's own error with Student's t: its band held 92% of the later GDPs
# of the World Bank series where the walk says 94.5%, `impact replicate --gdp-term`). Blackouts
# narrowed from x12.8 when the estimated internet share came to be fitted to 70 sourced iGDP points
# of 35 countries (it was 11), each country with studies of its own pooled with the fit; left out in
# turn, the intervals hold 62 of 70 points (by country) and 39 of 45 (by study of a country):
# tests/model/test_factors.py. These ceilings keep them from growing unnoticed...
MAX_MEDIAN_WIDTH = {"blackout": 6.0, "services": 4.8}
# ... and a change that narrows them fails too: lower a floor only when a source justifies a
# narrower range, never to make a change pass.
MIN_MEDIAN_WIDTH = {"blackout": 4.8, "services": 4.1}


def test_coverage_set_has_fifteen_figures_from_four_estimators():
    covered = [c for c in validation.cases() if c.coverage]
    assert len(covered) >= 15
    assert len({c.study for c in covered}) >= 4
    for c in covered:
        assert c.measures and c.url.startswith("http") and c.label in ("[seen]", "[read]", "[2nd]"), c.id
        assert c.published > 0 and c.currency.isalpha() and len(c.currency) == 3


@pytest.fixture(scope="module")
def cov(real_data):
    return validation.coverage()


def test_coverage_summary_is_pinned(cov):
    assert cov.n >= 15 and len(cov.estimators) >= 4
    assert cov.inside >= MIN_INSIDE, cov.summary()
    assert cov.out_of_sample[0] >= MIN_INSIDE_OUT_OF_SAMPLE, cov.summary()
    assert cov.median_abs_log10 <= MAX_MEDIAN_ABS_LOG10, cov.summary()
    for kind, most in MAX_MEDIAN_WIDTH.items():
        assert MIN_MEDIAN_WIDTH[kind] <= cov.median_width(kind) <= most, cov.summary()


def test_inside_means_between_low_and_high(cov):
    for r in cov.rows:
        assert r.compared.low <= r.compared.central <= r.compared.high, r.case.id
        lo, hi = r.case.rounding
        assert lo < r.case.published < hi
        assert r.inside == (r.compared.low <= hi and lo <= r.compared.high)
        assert math.isclose(r.ratio, r.compared.central / r.case.published)


def test_in_sample_cases_are_those_a_parameter_was_derived_from():
    marked = {c.id for c in validation.cases() if c.in_sample}
    assert marked == {"brookings-us-week", "brookings-us-year", "deloitte-high", "deloitte-medium", "deloitte-low",
                      "oecd-egypt-2011", "cost-nigeria-twitter-hour", "cost-nigeria-five-platforms-day"}
    rows = validation.Coverage(tuple())
    assert rows.out_of_sample == (0, 0)


def test_every_dated_case_has_its_start():
    """Undated re-runs would read the GDP year as the event's and narrow the ranges."""
    for c in validation.cases():
        if c.coverage and "gdp_usd" not in c.scenario:
            assert "start" in c.scenario, c.id


def test_a_figure_computed_in_usd_is_compared_in_usd_at_the_estimators_rate():
    (case,) = [c for c in validation.cases() if c.local]
    value, currency, rate = case.local
    assert (case.id, currency, rate) == ("cost-nigeria-five-platforms-day", "NGN", 362)
    assert case.currency == "USD" and case.published == pytest.approx(value / rate)
    assert rate == pytest.approx(2.18e9 / (250600 * 24), rel=2e-3)   # COST's own Twitter figures, naira and US$


def test_local_currency_cases_compare_in_that_currency(cov):
    local = [r for r in cov.rows if r.case.currency != "USD"]
    assert local, "the set has figures published in local currency"
    for r in local:
        assert not math.isclose(r.compared.central, r.ours.central, rel_tol=0.01), r.case.id


def test_cli_coverage_prints_every_case_and_the_summary(cov, capsys):
    assert main(["replicate", "--coverage"]) == 0
    out = capsys.readouterr().out
    for r in cov.rows:
        assert r.case.id in out
    assert f"{cov.inside} of {cov.n} published figures" in out


def test_cli_coverage_json(cov, capsys):
    assert main(["replicate", "--coverage", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["inside"] == cov.inside and len(data["cases"]) == cov.n
    assert {c["id"] for c in data["cases"]} == {r.case.id for r in cov.rows}


def test_cli_replicate_without_study_or_coverage_is_refused(capsys):
    assert main(["replicate"]) == 2
    err = capsys.readouterr().err
    assert "--coverage" in err and "brookings-2016" in err and "Traceback" not in err
