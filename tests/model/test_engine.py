"""The one engine: 1..n scenarios, each with its own factors, ranges and distributions."""
from __future__ import annotations

import numpy as np
import pytest

import impact
from impact.model import engine, uncertainty
from impact.model.inputs import Input, exact


def factor(name, value, low=None, high=None, distribution="triangular"):
    low = value if low is None else low
    high = value if high is None else high
    return Input(name, name, value, low, high, "unit", None, "test", distribution=distribution)


SCENARIOS = [
    [exact("daily_gdp", "d", 1e6, "US$", None, "t"), factor("days", 3.0), factor("internet_share", 0.02, 0.01, 0.04),
     factor("multiplier", 1.9, 1.5, 2.6)],
    [exact("daily_gdp", "d", 5e8, "US$", None, "t"), factor("internet_share", 0.06, 0.05, 0.07),
     factor("multiplier", 1.9, 1.5, 2.6), factor("affected", 0.3)],
    [exact("daily_gdp", "d", 2e7, "US$", None, "t"), factor("deloitte_share", 0.3, 0.2, 0.5, "uniform"),
     factor("affected", 1.0), factor("mobile_access", 0.8, 0.6, 0.9)],
    [exact("daily_gdp", "d", 3e5, "US$", None, "t"), factor("internet_share", 0.0)],  # a zero factor: zero cost
]


def test_each_scenario_gets_the_figures_it_gets_alone():
    together = engine.evaluate(SCENARIOS, 4000, seed=3, keep_draws=True, sensitivity=True)
    for j, factors in enumerate(SCENARIOS):
        alone = engine.evaluate([factors], 4000, seed=3, keep_draws=True, sensitivity=True)
        for attr in ("low", "central", "high"):
            assert getattr(together, attr)[j] == pytest.approx(getattr(alone, attr)[0], rel=1e-12)
        assert np.allclose(together.draws[j], alone.draws[0], rtol=1e-12)
        assert together.sensitivity[j] == alone.sensitivity[0]


def test_scenarios_sharing_their_factor_objects_but_the_duration_are_evaluated_once_alike():
    """A registry's events that differ only in duration share their factor objects; the engine
    evaluates them once and gives each the figures it gets alone (draws and drivers too)."""
    lists = [[factor("days", float(d)), *SCENARIOS[k][1:]] if SCENARIOS[k][0].name == "days" else
             [*SCENARIOS[k], factor("days", float(d))] for k, d in ((0, 1), (1, 2), (0, 7), (2, 3), (1, 9), (3, 1))]
    together = engine.evaluate(lists, 2000, seed=5, keep_draws=True, sensitivity=True)
    for j, factors in enumerate(lists):
        alone = engine.evaluate([list(factors)], 2000, seed=5, keep_draws=True, sensitivity=True)
        for part in ("low", "central", "high", "draws"):
            assert np.array_equal(getattr(together, part)[j], getattr(alone, part)[0])
        assert together.sensitivity[j] == alone.sensitivity[0]
    assert np.array_equal(together.central[[0, 2]], together.central[[0, 0]])


def test_draws_are_the_product_of_each_factors_own_distribution():
    ev = engine.evaluate(SCENARIOS, 20000, seed=0, keep_draws=True, sensitivity=True)
    u = uncertainty.uniforms(20000, 0)
    share = uncertainty.triangular_ppf(u[uncertainty.stream("internet_share")], 0.01, 0.02, 0.04)
    mult = uncertainty.triangular_ppf(u[uncertainty.stream("multiplier")], 1.5, 1.9, 2.6)
    assert np.allclose(ev.draws[0], 1e6 * share * mult, rtol=1e-12)
    lo, _, hi = np.percentile(1e6 * share * mult, uncertainty.LEVELS)
    mid = 1e6 * 0.02 * 1.9  # central: the arithmetic at the factors' central values (issue 10)
    assert (ev.low[0], ev.central[0], ev.high[0]) == pytest.approx((min(lo, mid), mid, max(hi, mid)), rel=1e-12)
    uniform = 2e7 * (0.2 + 0.3 * u[uncertainty.stream("deloitte_share")])  # uniform, not triangular
    access = uncertainty.triangular_ppf(u[uncertainty.stream("mobile_access")], 0.6, 0.8, 0.9)
    assert np.allclose(ev.draws[2], uniform * access, rtol=1e-12)
    assert ev.low[3] == ev.central[3] == ev.high[3] == 0 and ev.sensitivity[3] == ()
    shares = {row["factor"]: row["share_of_spread"] for row in ev.sensitivity[0]}
    assert set(shares) == {"internet_share", "multiplier"} and sum(shares.values()) == pytest.approx(1)
    assert shares["internet_share"] == pytest.approx(
        np.log(share).var() / (np.log(share).var() + np.log(mult).var()), rel=1e-9)


def test_no_draws_means_the_products_of_the_bounds():
    ev = engine.evaluate(SCENARIOS[:2], 0)
    assert ev.central[1] == pytest.approx(5e8 * 0.06 * 1.9 * 0.3)
    assert ev.low[1] == pytest.approx(5e8 * 0.05 * 1.5 * 0.3) and ev.high[1] == pytest.approx(5e8 * 0.07 * 2.6 * 0.3)


def test_an_unknown_distribution_is_refused():
    with pytest.raises(ValueError, match="triangular, uniform"):
        engine.evaluate([[factor("multiplier", 2.0, 1.0, 3.0, "weibull")]], 10)


def test_a_tiny_gdp_gives_a_finite_share_of_gdp_not_nan():  # issue 13, item 4 (library side)
    r = impact.estimate(country="MLI", hours=24, gdp_usd=5e-324, internet_share=0.05, draws=200)
    d = r.to_dict()  # raises on any non-finite figure
    assert d["cost_usd"]["central"] >= 0
    share = r.share_of_annual_gdp
    assert 0 < share.low <= share.central <= share.high < 1
    normal = impact.estimate(country="MLI", hours=24, gdp_usd=1e10, internet_share=0.05, draws=200)
    other = normal.share_of_annual_gdp  # the share does not depend on GDP
    assert (share.low, share.central, share.high) == pytest.approx((other.low, other.central, other.high), rel=1e-9)


def test_estimate_costs_gives_each_economy_what_estimate_gives_it_alone(country_data):
    economies = country_data.economies()[::9]
    fields = [{"country": c, "hours": 24, "method": m} for c in economies for m in ("brookings", "all")]
    fields.append({"country": "MLI", "hours": 24, "disruption": "services", "services": "x", "method": "deloitte"})
    costs = impact.estimate_costs(fields, data=country_data)
    assert len(costs) == len(fields)
    for f, c in zip(fields, costs):
        try:
            r = impact.estimate(data=country_data, **f)
        except impact.ImpactError as why:
            assert c.cost_usd is None and type(c.error) is type(why) and str(c.error) == str(why)
            continue
        assert c.error is None and c.cost_usd == r.cost_usd and c.cost_per_day_usd == r.cost_per_day_usd
        assert c.input("gdp_usd") == r.gdp


# Speed without a change of figure: the draws reordered (sorted on their busiest stream) when only
# percentiles are returned.

def test_percentiles_keep_the_draws_in_order_unless_told_they_may_reorder_them():
    rng = np.random.default_rng(7)
    x = rng.lognormal(size=(3, 1001))
    kept = x.copy()
    got = uncertainty.percentiles(x, (5.0, 50.0, 95.0), axis=1)
    assert got.shape == (3, 3) and np.array_equal(x, kept)
    assert (got[0] < got[1]).all() and (got[1] < got[2]).all()
    assert np.array_equal(uncertainty.percentiles(x.T, (5.0, 95.0), axis=0), got[[0, 2]])


@pytest.mark.parametrize("ppf", [uncertainty.split_triangular_ppf, uncertainty.log_split_triangular_ppf])
def test_two_piece_draws_from_sorted_uniforms_are_the_unsorted_draws_reordered(ppf):
    rng = np.random.default_rng(11)
    u = np.sort(np.concatenate([rng.random(997), [0.5, 0.5, 0.0]]))[None, :]
    low = rng.random((6, 1))
    mode, high = low + rng.random((6, 1)), 3.0
    order = rng.permutation(u.shape[1])
    sorted_path = ppf(u, low, mode, high)
    where_path = ppf(u[:, order], low, mode, high)   # not in order: both pieces everywhere
    assert np.array_equal(sorted_path[:, order], where_path)


def test_returning_only_percentiles_gives_the_figures_of_returning_the_draws():
    """Without draws or sensitivity to return, the engine reorders the draws (all streams alike);
    the figures are those it gives when it returns the draws in their order."""
    many = [[factor("daily_gdp", 1e6 * (j + 1)), factor("internet_share", 0.02 + 0.001 * j, 0.005 + 0.0005 * j, 0.09,
                                                         "log_split_triangular"),
             factor("multiplier", 2.53, 1.0, 2.57, "split_uniform"), factor("gdp_term", 1.0, 0.8, 1.3, "lognormal")]
            for j in range(25)] + SCENARIOS
    fast = engine.evaluate(many, 5000, seed=2)
    full = engine.evaluate(many, 5000, seed=2, keep_draws=True, sensitivity=True)
    for attr in ("low", "central", "high"):
        assert np.array_equal(getattr(fast, attr), getattr(full, attr))
    assert fast.draws is None and full.draws.shape == (len(many), 5000)
