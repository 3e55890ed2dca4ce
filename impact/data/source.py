"""What the model asks of country data, whatever it comes from.

The snapshot built by ``impact data update`` / ``impact data import`` (:mod:`impact.data.snapshot`)
implements :class:`CountryData`; tests may pass any object with the same methods.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

# The one indicator catalogue: every World Bank indicator code a snapshot may hold, with its
# name and unit (the importers, the downloader and the info text read it; the value rules are in
# impact.data.rules).
GDP = "NY.GDP.MKTP.CD"
POPULATION = "SP.POP.TOTL"
INTERNET_USERS = "IT.NET.USER.ZS"
MOBILE_SUBS = "IT.CEL.SETS.P2"
BROADBAND_SUBS = "IT.NET.BBND.P2"
EXCHANGE_RATE = "PA.NUS.FCRF"
CPI = "FP.CPI.TOTL"
INFLATION = "FP.CPI.TOTL.ZG"
DEFLATOR = "NY.GDP.DEFL.KD.ZG"

CATALOGUE = {  # code → (name, unit)
    GDP: ("GDP (current US$)", "current US$"),
    POPULATION: ("Population, total", "people"),
    INTERNET_USERS: ("Individuals using the Internet (% of population)", "% of population"),
    MOBILE_SUBS: ("Mobile cellular subscriptions (per 100 people)", "subscriptions per 100 people"),
    BROADBAND_SUBS: ("Fixed broadband subscriptions (per 100 people)", "subscriptions per 100 people"),
    EXCHANGE_RATE: ("Official exchange rate (LCU per US$, period average)",
                    "local currency units per US$, period average"),
    CPI: ("Consumer price index (2010 = 100)", "index, 2010 = 100"),
    INFLATION: ("Inflation, consumer prices (annual %)", "% a year"),
    DEFLATOR: ("Inflation, GDP deflator (annual %)", "% a year"),
}
NAMES = {code: name for code, (name, _) in CATALOGUE.items()}
UNITS = {code: unit for code, (_, unit) in CATALOGUE.items()}


@dataclass(frozen=True)
class Observation:
    """One value looked up, with the year actually used and where it comes from."""

    value: float
    year: int
    indicator: str
    source: str  # e.g. "World Bank, World Development Indicators (NY.GDP.MKTP.CD), retrieved 2026-11-28"


@dataclass(frozen=True)
class RegionShare:
    """Share of a country's population (or income) living in the named regions."""

    share: float
    year: int
    regions: tuple[str, ...]  # canonical names of the regions matched
    weight: str  # "population" or "income"
    source: str


class CountryData(Protocol):
    snapshot_id: str

    def lookup(self, iso3: str, indicator: str, year: int | None = None) -> Observation:
        """Latest value not after ``year`` (latest of all when None); DataMissingError if none."""

    def region_share(
        self, iso3: str, regions: Sequence[str], year: int | None = None, weight: str = "population"
    ) -> RegionShare:
        """Population (or income) share of the regions; UnknownRegionError names the unresolved."""

    def economies(self) -> list[str]:
        """ISO3 codes of every economy (no aggregates) with GDP data."""


def active() -> CountryData:
    """The active snapshot in the user's data folder (DataMissingError when there is none)."""
    from impact.data.snapshot import load_active

    return load_active()
