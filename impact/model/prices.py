"""Price conversions: US$ of one year into US$ of another, and US$ into local currency.

Constant dollars use the United States consumer price index (World Bank indicator FP.CPI.TOTL
for USA, 2010 = 100): ``value_to = value_from × CPI(to_year) / CPI(from_year)``. Each CPI is
the latest value not after the year asked (the years actually used are in the source text).
Local currency uses the official exchange rate PA.NUS.FCRF (local currency units per US$,
period average) of the latest year not after the one asked.
"""
from __future__ import annotations

from impact.model.country_data import CPI, EXCHANGE_RATE, CountryData, Observation
from impact.errors import DataMissingError, InputError


def to_constant_usd(amount: float, from_year: int, to_year: int, data: CountryData) -> tuple[float, float, str]:
    """Convert US$ of ``from_year`` into US$ of ``to_year`` with the US CPI.

    Parameters
    ----------
    amount : float
        Amount in US$ of ``from_year``.
    from_year, to_year : int
        Price years.
    data : CountryData
        Source of FP.CPI.TOTL for USA.

    Returns
    -------
    value : float
        Amount in US$ of ``to_year``.
    factor : float
        ``CPI(to_year) / CPI(from_year)``.
    source : str
        Citable text naming the CPI values and years used.
    """
    start = data.lookup("USA", CPI, from_year)
    end = data.lookup("USA", CPI, to_year)
    if end.year != to_year:
        raise InputError(f"price_year={to_year} is not accepted: the US CPI in the country data ends in "
                         f"{end.year}; give a price year up to {end.year}, or update the data")
    if start.year != from_year:
        raise DataMissingError(f"no US CPI for {from_year} (the GDP year) in the country data, only up to "
                               f"{start.year}; update the data with 'impact data update'")
    factor = end.value / start.value
    source = (f"US CPI (FP.CPI.TOTL, USA) {end.year} = {end.value:.2f} / {start.year} = {start.value:.2f}: "
              f"factor {factor:.4f}; {end.source}")
    return amount * factor, factor, source


def to_local_currency(amount: float, iso3: str, year: int, data: CountryData) -> tuple[float, Observation]:
    """Convert US$ into local currency units with the official exchange rate (PA.NUS.FCRF).

    Returns
    -------
    value : float
        ``amount × rate``, in local currency units.
    rate : Observation
        The exchange rate used (its ``year`` may be earlier than the one asked).
    """
    rate = data.lookup(iso3, EXCHANGE_RATE, year)
    return amount * rate.value, rate
