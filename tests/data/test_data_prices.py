"""Price conversions, checked against the CPI and exchange-rate files read here."""
from __future__ import annotations

import csv

import pytest

from impact.errors import InputError

from impact.errors import DataMissingError
from impact.model.prices import to_constant_usd, to_local_currency

from conftest import SHARED_DATA


def wide_row(name, iso3):
    path = next((SHARED_DATA / "wdi").glob(name))
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header = next(r for r in rows if r[:2] == ["Country Name", "Country Code"])
    row = next(r for r in rows if r[1:2] == [iso3])
    return {int(y): float(v) for y, v in zip(header[4:], row[4:]) if y.strip() and v.strip()}


@pytest.mark.shared_data
def test_constant_usd_uses_us_cpi(country_data):
    cpi = wide_row("API_FP.CPI.TOTL_*.csv", "USA")
    value, factor, source = to_constant_usd(1000.0, 2016, 2022, country_data)
    assert factor == pytest.approx(cpi[2022] / cpi[2016])
    assert value == pytest.approx(1000.0 * cpi[2022] / cpi[2016])
    assert "FP.CPI.TOTL" in source and "2016" in source and "2022" in source
    later = max(cpi)
    with pytest.raises(InputError, match=f"up to {later}"):  # beyond the data: refused, never mislabelled
        to_constant_usd(1.0, 2016, later + 5, country_data)


@pytest.mark.shared_data
def test_local_currency_uses_exchange_rate(country_data):
    rate = wide_row("API_PA.NUS.FCRF_*.csv", "NGA")
    value, obs = to_local_currency(10.0, "NGA", 2020, country_data)
    assert obs.year == 2020 and obs.value == rate[2020]
    assert value == pytest.approx(10.0 * rate[2020])
    with pytest.raises(DataMissingError, match="PA.NUS.FCRF"):
        to_local_currency(1.0, "NGA", min(rate) - 1, country_data)
