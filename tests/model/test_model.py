"""The core model: the paper's worked example, economic-sense properties, bad input."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import impact
from impact.model import engine, estimator
from impact.model import uncertainty
from impact.model.scenario import Scenario

US = dict(country="USA", gdp_usd=18.438e12, internet_share=0.06)  # West (2016), worked example


def cost(**fields):
    return impact.estimate(**fields).cost_usd


# -- the paper's worked example ---------------------------------------------------------
@pytest.mark.parametrize("days, published", [(7, 54.1e9), (365, 2.8e12)])
def test_worked_example_reproduces_within_2_percent(days, published):
    c = cost(days=days, **US)
    assert abs(c.central / published - 1) < 0.02
    assert c.low <= c.central <= c.high


def test_multiplier_one_is_the_direct_arithmetic_exactly():
    c = cost(days=7, multiplier=1, **US)
    direct = 18.438e12 / 365 * 7 * 0.06
    assert c.central == pytest.approx(direct, rel=1e-12)
    assert c.low == pytest.approx(direct, rel=1e-12) and c.high == pytest.approx(direct, rel=1e-12)


def test_result_lists_what_was_overridden_and_is_json():
    r = impact.estimate(days=1, multiplier=2.0, **US)
    d = json.loads(json.dumps(r.to_dict()))
    assert d["overridden"] == ["gdp_usd", "internet_share", "multiplier"]
    assert set(d["cost_usd"]) == {"central", "low", "high"}
    for key in ("package_version", "parameter_hash", "data_snapshot", "seed", "draws"):
        assert key in d["provenance"]
    assert d["provenance"]["package_version"] == impact.__version__


# -- real data -------------------------------------------------------------------------
def test_inputs_carry_year_and_source(country_data):
    r = impact.estimate(country="Mali", start="2017-06-13", end="2017-06-14",
                        disruption="services", services="facebook,twitter")
    gdp = next(i for i in r.inputs if i.name == "gdp_usd")
    assert gdp.year == 2017 and "NY.GDP.MKTP.CD" in gdp.source
    assert r.scenario.hours == 48
    assert r.provenance["data_snapshot"] == country_data.snapshot_id
    expected = gdp.value / 365 * 2 * 0.0023 * 2.53  # West's app-block formula, central multiplier
    assert r.cost_usd.central == pytest.approx(expected, rel=1e-9)  # central: the method's own arithmetic
    assert r.cost_usd.low < expected / 1.5 and r.cost_usd.high > expected * 1.2  # the range says what is not known


def test_gdp_year_is_latest_not_after_the_event(country_data):
    r = impact.estimate(country="MAR", days=182, disruption="services", services="voip", gdp_year=2014)
    assert r.gdp.year == 2014
    assert r.gdp.value == country_data.lookup("MAR", "NY.GDP.MKTP.CD", 2014).value
    r2017 = impact.estimate(country="MAR", start="2017-03-01", days=1)
    assert r2017.gdp.year == 2017


def test_estimated_internet_share_lies_in_the_known_ratio_range(country_data):
    r = impact.estimate(country="MLI", days=1, start="2020-01-01")
    share = next(i for i in r.inputs if i.name == "internet_share")
    pen = next(i for i in r.inputs if i.name == "penetration")
    assert share.low < share.value < share.high
    assert share.value == pytest.approx(pen.value * (share.value / pen.value))
    assert "estimated" in share.source


def test_known_share_is_used_as_published(country_data):
    r = impact.estimate(country="GBR", days=1, start="2016-03-01")   # the share's own year: exact
    share = next(i for i in r.inputs if i.name == "internet_share")
    assert share.value == share.low == share.high == 0.124
    later = impact.estimate(country="GBR", days=1)                    # another year: central as published
    share = next(i for i in later.inputs if i.name == "internet_share")
    assert share.value == 0.124 and share.low < 0.124 < share.high


def test_services_capped_at_internet_share_where_penetration_is_tiny(country_data):
    r = impact.estimate(country="MLI", days=1, disruption="services", services="facebook", penetration=0.0001)
    apps = next(i for i in r.inputs if i.name == "app_value_share")
    cut = impact.estimate(country="MLI", days=1, penetration=0.0001)
    share = next(i for i in cut.inputs if i.name == "internet_share")
    assert apps.value == share.value < 0.0023 and "capped" in apps.source
    assert apps.low <= share.low and apps.high <= share.high       # end by end: never above the blackout
    # a block capped at the internet share equals the blackout up to rounding (a few ulps)
    assert r.cost_usd.low <= cut.cost_usd.low * (1 + 1e-12) and r.cost_usd.high <= cut.cost_usd.high * (1 + 1e-12)


def test_people_and_user_hours(country_data):
    r = impact.estimate(country="ETH", start="2021-01-01", end="2021-01-01", regions="Tigray")
    pop = country_data.lookup("ETH", "SP.POP.TOTL", 2021).value
    pen = country_data.lookup("ETH", "IT.NET.USER.ZS", 2021).value / 100
    affected = next(i for i in r.inputs if i.name == "affected").value
    assert r.people_affected == pytest.approx(pop * affected)
    assert r.internet_users_affected == pytest.approx(pop * affected * pen)
    assert r.user_hours == pytest.approx(pop * affected * pen * 24)


def test_all_methods_each_within_their_own_range(country_data):
    r = impact.estimate(country="IND", days=2, method="all")
    for m in r.methods.values():
        assert m.cost_usd.low <= m.cost_usd.central <= m.cost_usd.high
    assert r.cost_usd.low <= r.cost_usd.central <= r.cost_usd.high
    services = impact.estimate(country="IND", days=2, method="all", disruption="services", services="whatsapp")
    assert services.methods["deloitte"].not_applicable
    assert any("deloitte" in n for n in services.notes)


def test_same_seed_same_figures_and_batch_equals_single(country_data):
    a = impact.estimate(country="PAK", days=3, disruption="mobile", seed=7)
    b = impact.estimate(country="PAK", days=3, disruption="mobile", seed=7)
    c = impact.estimate(country="PAK", days=3, disruption="mobile", seed=8)
    assert a.cost_usd == b.cost_usd and a.cost_usd != c.cost_usd
    s = Scenario.create("PAK", days=3, disruption="mobile", seed=7)
    ev = engine.evaluate([estimator.method_factors(s, country_data)["brookings"]], s.draws, s.seed)
    low, central, high = ev.low, ev.central, ev.high
    assert central[0] * 3 == pytest.approx(a.cost_usd.central, rel=1e-12)
    assert low[0] * 3 == pytest.approx(a.cost_usd.low, rel=1e-12)


def test_default_draws_give_percentiles_stable_to_two_percent(country_data):
    runs = [impact.estimate(country="MLI", days=1, method="all", seed=s).cost_usd for s in range(5)]
    for attr in ("low", "central", "high"):
        values = np.array([getattr(r, attr) for r in runs])
        assert values.max() / values.min() - 1 < 0.02


def test_triangular_ppf_matches_scipy():
    from scipy import stats

    u = np.linspace(0.001, 0.999, 50)
    ours = uncertainty.triangular_ppf(u, 2.0, 3.0, 7.0)
    theirs = stats.triang.ppf(u, c=0.2, loc=2.0, scale=5.0)
    assert np.allclose(ours, theirs)


# -- properties ------------------------------------------------------------------------
countries = st.sampled_from(["MLI", "ETH", "IND", "IRN", "BRA", "USA", "GBR", "MMR", "PAK", "IRQ", "ERI", "SOM"])
kinds = st.sampled_from(["full", "mobile", "services", "throttle"])
hours = st.floats(min_value=1e-3, max_value=24 * 400, allow_nan=False)  # zero: refused (tested below)
shares = st.floats(min_value=1e-6, max_value=1, allow_nan=False)  # zero: refused (tested)
PROPS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _fields(kind):
    return {"disruption": kind, "services": "facebook" if kind == "services" else None,
            "severity": 0.5 if kind == "throttle" else None, "draws": 2000}


@PROPS
@given(countries, kinds, hours, shares)
def test_a_disruption_of_no_one_or_no_time_is_refused(country_data, country, kind, h, share):
    with pytest.raises(impact.InputError, match="more than 0"):
        cost(country=country, hours=h, share=0, **_fields(kind))
    with pytest.raises(impact.InputError, match="more than 0"):
        cost(country=country, hours=0, share=share, **_fields(kind))
    with pytest.raises(impact.InputError, match="same moment"):
        cost(country=country, start="2020-01-01T10:00", end="2020-01-01T10:00", share=share, **_fields(kind))


@PROPS
@given(countries, kinds, hours, hours, shares, shares)
def test_cost_never_falls_as_duration_or_share_grows(country_data, country, kind, h1, h2, s1, s2):
    (h1, h2), (s1, s2) = sorted((h1, h2)), sorted((s1, s2))
    small = cost(country=country, hours=h1, share=s1, **_fields(kind))
    big = cost(country=country, hours=h2, share=s2, **_fields(kind))
    for attr in ("low", "central", "high"):
        assert getattr(small, attr) <= getattr(big, attr) * (1 + 1e-12)


@PROPS
@given(countries, kinds, st.floats(min_value=0.5, max_value=1000), st.floats(min_value=1e-3, max_value=50))
def test_cost_is_linear_in_duration(country_data, country, kind, h, k):
    one = cost(country=country, hours=h, **_fields(kind))
    scaled = cost(country=country, hours=h * k, **_fields(kind))
    assert scaled.central == pytest.approx(one.central * k, rel=1e-9, abs=1e-9)
    assert scaled.high == pytest.approx(one.high * k, rel=1e-9, abs=1e-9)


@PROPS
@given(st.sampled_from([("ETH", "Tigray"), ("IND", "Jammu and Kashmir"), ("IND", "Manipur"),
                        ("PAK", "Balochistan"), ("MMR", "Rakhine"), ("ETH", "Amhara")]), kinds, hours)
def test_a_region_never_costs_more_than_its_country(country_data, place, kind, h):
    iso3, region = place
    assert cost(country=iso3, hours=h, regions=region, **_fields(kind)).high <= \
        cost(country=iso3, hours=h, **_fields(kind)).high


@PROPS
@given(countries, hours, shares, st.sampled_from(["brookings", "cipesa"]),
       st.one_of(st.none(), st.floats(min_value=0, max_value=1, exclude_min=True)))
@example(country="ERI", h=1.0, share=0.609375, method="brookings", penetration=0.009765625)  # equal to ~1 ulp
def test_services_never_cost_more_than_full(country_data, country, h, share, method, penetration):
    # a low penetration makes the estimated internet economy smaller than the value of apps
    services = cost(country=country, hours=h, share=share, method=method, penetration=penetration,
                    **_fields("services"))
    full = cost(country=country, hours=h, share=share, method=method, penetration=penetration,
                **_fields("full"))
    for attr in ("low", "central", "high"):
        # a block capped at the internet share equals the blackout up to rounding (a few ulps)
        assert getattr(services, attr) <= getattr(full, attr) * (1 + 1e-12)


@PROPS
@given(countries, kinds, hours, shares, st.sampled_from(["brookings", "deloitte", "cipesa", "all"]),
       st.sampled_from([0, 2, 3, 50, 3000]), st.integers(0, 2**32 - 1))
def test_low_central_high_ordered_finite_non_negative(country_data, country, kind, h, share, method, draws, seed):
    if method == "deloitte" and kind == "services":
        method = "all"
    fields = {**_fields(kind), "draws": draws, "seed": seed}
    r = impact.estimate(country=country, hours=h, share=share, method=method, **fields)
    for rng in (r.cost_usd, r.cost_per_hour_usd, r.cost_per_day_usd, r.share_of_annual_gdp):
        values = (rng.low, rng.central, rng.high)
        assert all(math.isfinite(v) and v >= 0 for v in values)
        assert rng.low <= rng.central <= rng.high
    json.dumps(r.to_dict(), allow_nan=False)


def test_old_data_gets_a_note(country_data):
    # the test finds an economy whose latest internet-use figure is far older than its GDP
    for iso3 in country_data.economies():
        try:
            gdp = country_data.lookup(iso3, "NY.GDP.MKTP.CD")
            pen = country_data.lookup(iso3, "IT.NET.USER.ZS")
        except impact.DataMissingError:
            continue
        if gdp.year - pen.year > 10 and pen.value > 0:   # 0% internet users: refused (no share to estimate)
            break
    else:
        pytest.skip("no economy with old internet-use data in this snapshot")
    r = impact.estimate(country=iso3, days=1, gdp_year=gdp.year)
    old = [n for n in r.notes if n.code == "old_data"]
    assert any(n.params["year"] == pen.year for n in old)
    fresh = impact.estimate(country="MLI", days=1, start="2017-06-13")
    assert not [n for n in fresh.notes if n.code == "old_data"]


def test_regions_by_income_share(country_data):
    by_pop = impact.estimate(country="ETH", days=1, regions="Tigray")
    by_income = impact.estimate(country="ETH", days=1, regions="Tigray", region_weight="income")
    share = lambda r: next(i for i in r.inputs if i.name == "affected")  # noqa: E731
    expected = country_data.region_share("ETH", ["Tigray"], by_pop.scenario.event_year, weight="income")
    assert share(by_income).value == pytest.approx(expected.share) and share(by_income).unit == "fraction of income"
    assert share(by_pop).value != share(by_income).value
    assert impact.Scenario.from_dict(by_income.scenario.to_dict()) == by_income.scenario
    # the cost weights the region by income; the people it reaches are still counted by population
    assert by_income.people_affected == pytest.approx(by_pop.people_affected)
    assert by_income.internet_users_affected == pytest.approx(by_pop.internet_users_affected)
    assert by_income.cost_usd.central != pytest.approx(by_pop.cost_usd.central)


@pytest.mark.parametrize("start, end, hours", [
    ("2017-06-13T09:00", "2017-06-13", 15),    # a date-only end on the start's own day: to its end
    ("2017-06-13", "20170614", 48),            # the basic ISO form is a date too, inclusive
    ("2017-06-13", "2017-06-13", 24),
])
def test_date_only_ends_are_inclusive_whatever_their_form(start, end, hours):
    assert Scenario.create("MLI", start=start, end=end).hours == hours


def test_start_with_days_and_window_counts_the_windows_in_that_span_and_rebuilds():
    s = Scenario.create("MLI", start="2017-06-13T00:00", days=1.5, daily_window="09:00-13:00")
    assert s.hours == 4 + 3  # 09-13 on day one, 09-12 on day two
    assert Scenario.from_dict(s.to_dict()) == s


def test_mobile_share_override_with_draws(country_data):
    r = impact.estimate(country="MLI", hours=3, disruption="mobile", mobile_access_share=0.5)
    access = next(i for i in r.inputs if i.name == "mobile_access")
    assert access.value == 0.5 and access.overridden and r.overridden == ["mobile_access_share"]
    full = impact.estimate(country="MLI", hours=3)
    assert r.cost_usd.central == pytest.approx(full.cost_usd.central * 0.5, rel=1e-9)


def test_price_year_with_gdp_override_uses_the_gdp_year_given(country_data):
    r = impact.estimate(country="MLI", hours=5, gdp_usd=1e10, gdp_year=2015, price_year=2020)
    assert r.gdp.year == 2015 and r.constant_usd["from_year"] == 2015


def test_local_currency_is_named_where_the_country_has_one(country_data):
    mali = impact.estimate(country="MLI", days=1, start="2017-06-13").local_currency
    rate = country_data.lookup("MLI", "PA.NUS.FCRF", 2017)
    assert mali["currency"] == "XOF" and mali["unit"].startswith("XOF") and mali["exchange_rate"] == rate.value
    assert impact.estimate(country="ZWE", days=1).local_currency["currency"] is None  # several legal tenders


class _RateOf:
    """The session's data, with the exchange rate of every year after ``last`` missing (a series that
    stopped, as Zimbabwe's did in 2008 until 2020)."""

    def __init__(self, data, last: int):
        self._data, self._last = data, last

    def __getattr__(self, name):
        return getattr(self._data, name)

    def lookup(self, iso3, indicator, year=None):
        if indicator == "PA.NUS.FCRF" and year is not None and year > self._last:
            year = self._last
        return self._data.lookup(iso3, indicator, year)


def test_no_cost_in_local_currency_at_a_rate_of_another_year_than_the_gdp(country_data):
    """Review: Zimbabwe, 2019, was converted at the rate of 2008 ('67,800,000,000,000,000 local
    currency units'): a US$ GDP is the local GDP at its own year's rate, so another year's is not used."""
    kept = impact.estimate(country="MLI", days=1, start="2017-06-13", data=country_data)
    assert kept.local_currency is not None and not any(n.code == "local_rate_year" for n in kept.notes)
    gap = impact.estimate(country="MLI", days=1, start="2017-06-13", data=_RateOf(country_data, 2012))
    assert gap.local_currency is None and gap.cost_usd == kept.cost_usd
    note = next(n for n in gap.notes if n.code == "local_rate_year")
    assert note.params == {"gdp_year": kept.gdp.year, "rate_year": 2012} and "not given" in note
    from impact.report.cite import calc_note
    assert "n'est pas donné" in calc_note(note, "fr")


def test_the_currency_of_a_rate_is_named_only_when_it_is_today_s():
    """Venezuela's rate series ends in 2014, in bolívares fuertes (VEF), not today's VES; Mali's CFA
    franc has not changed (Babel's CLDR currency dates)."""
    from impact.data.currencies import changed_since, currency_code
    assert currency_code("MLI", 2017) == currency_code("MLI") == "XOF" and changed_since("MLI", 2017) is None
    assert currency_code("VEN") == "VES" and currency_code("VEN", 2014) is None
    assert changed_since("VEN", 2014) == ("VEF", "VES") and changed_since("MRT", 2015) == ("MRO", "MRU")


def test_a_day_of_daily_windows_costs_its_window_not_24_hours(country_data):
    """Exam-time shutdowns of 3 hours a day for 22 days: "a day" of them is the cost divided by
    the 22 days (review: 'Cost per day' was the cost of 24 hours of disruption, 8 times more)."""
    r = impact.estimate(country="MLI", days=22, daily_window="05:00-08:00", start="2017-06-01")
    per_day = r.cost_per_window_usd
    assert per_day.central == pytest.approx(r.cost_usd.central / 22)
    assert per_day.low == pytest.approx(r.cost_usd.low / 22) and per_day.high == pytest.approx(r.cost_usd.high / 22)
    assert r.to_dict()["cost_per_window_usd"]["central"] == pytest.approx(per_day.central)
    plain = impact.estimate(country="MLI", days=2, start="2017-06-01")
    assert plain.cost_per_window_usd is None and "cost_per_window_usd" not in plain.to_dict()


@pytest.mark.parametrize("given", ["MLI", {"country": "MLI", "days": 1}, 42])
def test_estimate_costs_refuses_what_is_not_a_list_of_scenarios(country_data, given):
    with pytest.raises(impact.InputError, match="list of Scenario"):
        impact.estimate_costs(given, data=country_data)


def test_estimate_costs_gives_an_element_that_is_not_a_scenario_its_error(country_data):
    good, bad = impact.estimate_costs([{"country": "MLI", "days": 1}, "MLI"], data=country_data)
    assert good.error is None and isinstance(bad.error, impact.InputError) and "scenario 1 is a str" in str(bad.error)
