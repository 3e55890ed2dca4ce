"""What the model asks of country data: the indicators it reads and the methods it calls.

The model never loads data itself: :func:`impact.estimate` (the façade in :mod:`impact.api`)
passes the active snapshot, or the data a caller gives. Any object with these methods will do
(:class:`impact.data.snapshot.Snapshot` is one); a zero-argument function returning one is
called only when an input is needed that no override replaces.
"""
from __future__ import annotations

from typing import Any, Callable, Protocol, Sequence, Union

# World Bank indicator codes the model reads (the data layer's catalogue holds them all).
GDP = "NY.GDP.MKTP.CD"
POPULATION = "SP.POP.TOTL"
INTERNET_USERS = "IT.NET.USER.ZS"
MOBILE_SUBS = "IT.CEL.SETS.P2"
BROADBAND_SUBS = "IT.NET.BBND.P2"
EXCHANGE_RATE = "PA.NUS.FCRF"
CPI = "FP.CPI.TOTL"
INDICATORS = (GDP, POPULATION, INTERNET_USERS, MOBILE_SUBS, BROADBAND_SUBS, EXCHANGE_RATE, CPI)
GDP_UNIT = "current US$"


class Observation(Protocol):
    """One value looked up: ``value``, the ``year`` actually used, its ``indicator`` and ``source``."""

    value: float
    year: int
    indicator: str
    source: str


class RegionShare(Protocol):
    """Share of a country's population (or income) in some regions (``share``, ``year``,
    ``regions`` matched, ``weight``, ``source``)."""

    share: float
    year: int
    regions: tuple[str, ...]
    weight: str
    source: str


class CountryData(Protocol):
    snapshot_id: str

    def lookup(self, iso3: str, indicator: str, year: int | None = None) -> Observation:
        """Latest value not after ``year`` (latest of all when None); DataMissingError if none."""

    def region_share(self, iso3: str, regions: Sequence[str], year: int | None = None,
                     weight: str = "population") -> RegionShare:
        """Population (or income) share of the regions; UnknownRegionError names the unresolved."""

    def economies(self) -> list[str]:
        """ISO3 codes of every economy (no aggregates) with GDP data."""


DataSource = Union[CountryData, Callable[[], Any]]  # data, or a function that loads it when first needed


def loader(data: DataSource | None) -> Callable[[], CountryData]:
    """A function returning the data (loading it on first call when ``data`` is a loader)."""
    if data is None:
        def missing() -> CountryData:
            from impact.errors import DataMissingError

            raise DataMissingError("no country data given: pass data=, or use impact.estimate (the active snapshot)")
        return missing
    if callable(data) and not hasattr(data, "lookup"):
        cache: list[CountryData] = []

        def load() -> CountryData:
            if not cache:
                cache.append(data())
            return cache[0]
        return load
    return lambda: data
