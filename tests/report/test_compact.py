"""Compact money for axes and bar labels, in the locale (CLDR through Babel)."""
from __future__ import annotations

from impact.report import cite


def test_compact_money_is_written_as_each_locale_writes_it():
    assert cite.compact_money(1e9, "en") == "$1B"
    assert cite.compact_money(1e9, "fr").replace("\u00a0", " ") == "1 Md $US"
    assert cite.compact_money(1.7123e10, "fr", significant=3).replace("\u00a0", " ") == "17,1 Md $US"
    assert cite.compact_money(2.95e8, "en", significant=3) == "$295M"
    assert cite.compact_money(420_000, "fr").replace("\u00a0", " ") == "420 k $US"
    assert cite.compact_money(float("nan"), "en") == ""


import pytest


@pytest.mark.shared_data
def test_chart_axes_use_the_locale(country_data):
    import impact
    from impact.page import charts

    r = impact.estimate(country="ETH", hours=48, data=country_data)
    fig = charts.waterfall(r.methods[r.method], r, "fr")
    ticks = " ".join(fig.layout.xaxis.ticktext)
    assert "$US" in ticks and "B" not in ticks.replace("$US", "")
    assert fig.layout.separators == ", "
