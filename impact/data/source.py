"""What the model asks of country data, whatever it comes from.

The snapshot built by ``impact data update`` / ``impact data import`` (:mod:`impact.data.snapshot`)
implements :class:`CountryData`; tests may pass any object with the same methods.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

# World Bank indicator codes the model uses, with their units.
GDP = "NY.GDP.MKTP.CD"
POPULATION = "SP.POP.TOTL"
INTERNET_USERS = "IT.NET.USER.ZS"
MOBILE_SUBS = "IT.CEL.SETS.P2"
BROADBAND_SUBS = "IT.NET.BBND.P2"
EXCHANGE_RATE = "PA.NUS.FCRF"
CPI = "FP.CPI.TOTL"

UNITS = {
    GDP: "current US$",
    POPULATION: "people",
    INTERNET_USERS: "% of population",
    MOBILE_SUBS: "subscriptions per 100 people",
    BROADBAND_SUBS: "subscriptions per 100 people",
    EXCHANGE_RATE: "local currency units per US$, period average",
    CPI: "index, 2010 = 100",
}


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
