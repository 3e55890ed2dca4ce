"""The GDP term's band against what GDP turned out to be (impact.reproduce.gdp_check).

On a small series made here, the check counts each later GDP below, inside or above the model's
own band; on the real World Bank series, the summary is pinned so that a change that narrows the
GDP term below what the world's history supports (or widens it past it) fails.
"""
from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass

import pytest

from impact.cli.main import main
from impact.errors import DataMissingError
from impact.model import factors
from impact.model.inputs import Resolver
from impact.model.parameters import load
from impact.model.scenario import Scenario
from impact.reproduce import gdp_check


@dataclass
class _Obs:
    value: float
    year: int
    indicator: str = "NY.GDP.MKTP.CD"
    source: str = "made in the test"


class _Series:
    """Country data with one economy's GDP: steady +5% a year with a wobble, and a crash in 2015."""

    snapshot_id = "test-series"

    def __init__(self):
        self.gdp = {}
        value = 1e10
        for y in range(1990, 2021):
            value *= math.exp(0.05 + (0.04 if y % 2 else -0.04) + (-1.0 if y == 2015 else 0.0))
            self.gdp[y] = value

    def economies(self):
        return ["MLI"]

    def lookup(self, iso3, indicator, year=None):
        years = [y for y in self.gdp if year is None or y <= year]
        if indicator != "NY.GDP.MKTP.CD" or not years:
            raise DataMissingError(f"no {indicator} for {iso3}")
        return _Obs(self.gdp[max(years)], max(years))


def test_each_later_gdp_is_counted_below_inside_or_above_the_models_own_band():
    data = _Series()
    got = gdp_check.check(data, gaps=(1, 2))
    plain = load()   # one vintage on both sides: the band without its revision noise
    params = dataclasses.replace(plain, parameters={**plain.parameters, "gdp_revision": dataclasses.replace(
        plain["gdp_revision"], low=1.0, high=1.0)}, hash="test-no-revision")
    for k, row in zip((1, 2), got.gaps):
        below = above = n = 0
        for t in range(1990, 2021 - k):
            try:
                term = factors.gdp_term(Resolver(Scenario.create(country="MLI", start=f"{t + k}-07-01", days=1,
                                                                 gdp_year=t), params, gdp_check.DataAsOf(data, t)))
            except DataMissingError:   # fewer than 5 yearly changes before t
                continue
            ratio = data.gdp[t + k] / data.gdp[t]
            n, below, above = n + 1, below + (ratio < term.low), above + (ratio > term.high)
        assert (row.gap, row.n, row.below, row.above) == (k, n, below, above)
        assert row.below >= 1               # the crash of 2015 lies below the band of the years before it
        assert row.inside == n - below - above and 0 < row.share_inside < 1
        assert 0.9 < row.expected < 1     # a mirrored 5-95% band holds more than 90% of the walk
    assert got.economies == 1 and got.years[0] == 1995   # five yearly changes needed before a GDP year
    assert "inside the mirrored band" in got.summary() and "expected" in got.summary()
    # the registries' era (later GDPs of 2016 on) counted apart, and every case in one decade
    for k, row in zip((1, 2), got.recent):
        assert row.gap == k and row.n == 2020 - max(gdp_check.REGISTRY_ERA, 1995 + k) + 1
    assert [d for d, *_ in got.decades] == [1990, 2000, 2010, 2020]   # later GDPs of 1996-2020
    assert sum(n for _, n, _, _ in got.decades) == got.n
    assert sum(b for _, _, b, _ in got.decades) == sum(row.below for row in got.gaps)
    assert "2016 or after" in got.summary() and "2010s" in got.summary()


@pytest.mark.shared_data
def test_on_the_world_banks_series_the_gdp_term_holds_about_nine_in_ten_later_gdps(country_data):
    """Measured on the WDI file of the shared data (28,931 cases of 213 economies): 92.1% inside,
    where the model's own walk would put 94.5%. The lower side is the safe one (1.3%, 0.9%, 0.6%
    below at 1, 2, 3 years); the upper side is about right at one year and too narrow at two and
    three (5.2%, 7.3%, 8.5% above, against the 5% the unmirrored band leaves): dollar GDP rises
    faster than its history's walk more often than it says (docs/METHODOLOGY.md, "Known limits").
    Those misses above come from two eras (1970s 25.4%, 2000s 8.3% of the decade's cases above);
    for the later GDPs of 2016 on (the registries' era, 4,908 cases) the band holds 95.8%, 96.9%
    and 97.6% at 1, 2 and 3 years (1.8/2.4%, 0.9/2.1%, 0.7/1.7% below/above).
    A change that narrows the band below this, or hides the upper tail, fails here."""
    got = gdp_check.check(country_data)
    assert got.economies >= 200 and got.n >= 25_000
    assert 0.90 <= got.share_inside <= 0.94 and 0.93 <= got.expected <= 0.96
    above = {1: (0.04, 0.065), 2: (0.06, 0.085), 3: (0.07, 0.10)}
    for row in got.gaps:
        assert row.below / row.n < 0.02, row
        lo, hi = above[row.gap]
        assert lo <= row.above / row.n <= hi, row
    widths = [row.median_width for row in got.gaps]
    assert widths == sorted(widths)     # further from the GDP year, less known
    assert sum(row.n for row in got.recent) >= 4_000
    for row in got.recent:              # the registries' era: each tail within the 5% it is meant to leave
        assert 0.95 <= row.share_inside <= 0.985 and row.below / row.n < 0.025 and row.above / row.n < 0.035, row
    decades = {d: (n, below, above) for d, n, below, above in got.decades}
    assert sum(n for n, _, _ in decades.values()) == got.n    # every case in one decade
    assert decades[1970][2] / decades[1970][0] > 0.2 and decades[2000][2] / decades[2000][0] > 0.06
    assert decades[2010][2] / decades[2010][0] < 0.03


@pytest.mark.shared_data
def test_the_cli_prints_the_gdp_check(country_data, capsys):
    assert main(["replicate", "--gdp-term", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["n"] == sum(g["n"] for g in out["gaps"]) and "inside the mirrored band" in out["summary"]
    assert 0.9 < out["expected"] < 1 and all(0.9 < g["expected"] < 1 for g in out["gaps"])
    assert out["registry_era"]["from"] == 2016 and len(out["registry_era"]["gaps"]) == 3
    assert sum(d["n"] for d in out["decades"]) == out["n"]
