"""Resolve a scenario's inputs from country data, the parameter files and the caller's overrides.

Every input comes back as an :class:`Input` with its value, uncertainty range, unit, data year
and source, so that the result can show where each number came from. This is the "exposure"
side of the model (the economy at risk); :mod:`impact.model.methods` turns inputs into costs.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from impact.errors import DataError, DataMissingError
from impact.model import country_data as cd
from impact.model.country_data import CountryData, DataSource, Observation
from impact.model.parameters import ParameterSet
from impact.model.scenario import Scenario, override_spec

SCENARIO_SOURCE = "scenario (given by the user)"
OVERRIDE_SOURCE = "override (set by the user)"


@dataclass(frozen=True)
class Input:
    """One number the model uses. ``low``/``high`` bound its uncertainty (equal when exact)."""

    name: str
    label: str
    value: float
    low: float
    high: float
    unit: str
    year: int | None
    source: str
    overridden: bool = False
    distribution: str = "triangular"  # of the range, when low < high (impact.model.uncertainty.DISTRIBUTIONS)

    def band(self) -> tuple[float, float]:
        """The 5th and 95th percentiles of the input's distribution: the range its tables show.

        For a log-normal they are its ``low`` and ``high``; for the bounded distributions (split
        triangular, split uniform), whose ``low`` and ``high`` are the ends of their support, they
        lie inside them.
        """
        if self.low == self.high:
            return self.low, self.high
        import numpy as np

        from impact.model import uncertainty
        code = uncertainty.distribution_code(self.distribution)
        lo, hi = uncertainty.ppf(np.int8(code), np.array([0.05, 0.95]), self.low, self.value, self.high)
        return float(lo), float(hi)

    def to_dict(self) -> dict:
        """The fields, and ``p5``/``p95`` (:meth:`band`): ``low``/``high`` with ``distribution`` are
        what the draws are made from, ``p5``/``p95`` the range the tables show."""
        p5, p95 = self.band()
        return {**asdict(self), "p5": p5, "p95": p95}

    def scaled(self, name: str, label: str, factor: float, unit: str) -> "Input":
        return Input(name, label, self.value * factor, self.low * factor, self.high * factor, unit,
                     self.year, self.source, self.overridden, self.distribution)


def exact(name, label, value, unit, year, source, overridden=False) -> Input:
    return Input(name, label, float(value), float(value), float(value), unit, year, source, overridden)


class Resolver:
    """Looks inputs up once per scenario; data is touched only for inputs not overridden."""

    def __init__(self, scenario: Scenario, params: ParameterSet, data: DataSource | None):
        self.s, self.p = scenario, params
        self._load = cd.loader(data)
        self._data: CountryData | None = None  # loaded on first use: overrides need no data
        self.year = scenario.gdp_year or scenario.event_year
        self._cache: dict[str, Input | None] = {}

    # -- plumbing -------------------------------------------------------------------------
    @property
    def data(self) -> CountryData:
        if self._data is None:
            self._data = self._load()
        return self._data

    @property
    def snapshot_id(self) -> str | None:
        """The data's snapshot id, if any data was used."""
        return getattr(self._data, "snapshot_id", None) if self._data is not None else None

    def _get(self, name, build):
        if name not in self._cache:
            self._cache[name] = build()
        return self._cache[name]

    def _override(self, name: str, label: str, as_name: str | None = None, year: int | None = None) -> Input | None:
        """The caller's value for override ``name``, as the input ``as_name`` (default: the same)."""
        value = self.s.override(name)
        if value is None:
            return None
        return exact(as_name or name, label, value, override_spec(name)[0], year, OVERRIDE_SOURCE, True)

    def _observe(self, indicator: str, year: int | None = None) -> Observation:
        obs = self.data.lookup(self.s.country, indicator, self.year if year is None else year)
        if not (math.isfinite(obs.value) and obs.value >= 0):
            raise DataError(f"invalid {indicator} value {obs.value!r} for {self.s.country} ({obs.year}) in the "
                            f"country data ({obs.source}); re-import or update the data")
        return obs

    def _param(self, name: str, label: str) -> Input:
        over = self._override(name, label)
        if over:
            return over
        p = self.p[name]
        return Input(name, label, p.value, p.low, p.high, p.unit, None, p.source, distribution=p.distribution)

    # -- economy --------------------------------------------------------------------------
    def _indicator(self, name: str, label: str, indicator: str, unit: str, scale: float = 1.0,
                   year: int | None = None) -> Input:
        """An override ``name`` if given, else the country's ``indicator`` × ``scale``, exact."""
        def build():
            over = self._override(name, label, year=year)
            if over:
                return over
            obs = self._observe(indicator)
            return exact(name, label, obs.value * scale, unit, obs.year, obs.source)
        return self._get(name, build)

    def gdp(self) -> Input:
        return self._indicator("gdp_usd", "Annual GDP", cd.GDP, cd.GDP_UNIT, year=self.s.gdp_year)

    def population(self) -> Input:
        return self._indicator("population", "Population", cd.POPULATION, "people")

    def penetration(self) -> Input:
        return self._indicator("penetration", "Internet users", cd.INTERNET_USERS, "fraction of population",
                               scale=1 / 100)

    def optional(self, getter) -> Input | None:
        """An input that only feeds descriptive figures (people affected): None when missing."""
        try:
            return getter()
        except DataMissingError:
            return None

    # -- model inputs ---------------------------------------------------------------------
    def daily_gdp(self) -> Input:
        return self.gdp().scaled("daily_gdp", "Daily GDP", 1 / 365, "US$ per day")

    def days(self) -> Input:
        return exact("days", "Duration", self.s.days, "days", None, SCENARIO_SOURCE)

    def affected(self) -> Input:
        def build():
            label, unit = "Share of people affected", "fraction of population"
            if self.s.reach == "national":
                return exact("affected", label, 1.0, unit, None, "scenario: national disruption")
            if self.s.reach == "share":
                return exact("affected", label, self.s.share, unit, None, SCENARIO_SOURCE)
            if self.s.reach == "isp":
                return exact("affected", label, self.s.isp_share, "market share of the ISP(s) cut", None,
                             SCENARIO_SOURCE + ": ISP market share")
            rs = self.data.region_share(self.s.country, self.s.regions, self.year, weight=self.s.region_weight)
            unit = "fraction of population" if rs.weight == "population" else "fraction of income"
            return exact("affected", label, rs.share, unit, rs.year,
                         f"{rs.source}; regions: {', '.join(rs.regions)}")
        return self._get("affected", build)

    def region_names(self) -> tuple[str, ...]:
        """The regions' names as the data give them ("Tigray" for "ethr101" or "TIGRAY"); () for a
        disruption not of regions."""
        if self.s.reach != "regions":
            return ()
        return self._get("region_names", lambda: tuple(self.data.region_share(
            self.s.country, self.s.regions, self.year, weight=self.s.region_weight).regions))

    def people_share(self) -> Input | None:
        """The share of the people the disruption reaches: :meth:`affected`, but by population for
        regions weighted by income (None when the region data lack the population share)."""
        if self.s.reach != "regions" or self.s.region_weight == "population":
            return self.affected()

        def build():
            rs = self.data.region_share(self.s.country, self.s.regions, self.year, weight="population")
            return exact("people_share", "Share of people reached", rs.share, "fraction of population", rs.year,
                         f"{rs.source}; regions: {', '.join(rs.regions)}")
        return self.optional(lambda: self._get("people_share", build))

    def mobile_access(self) -> Input:
        def build():
            label, unit = "Mobile share of internet access", "fraction of connections"
            over = self._override("mobile_access_share", label, as_name="mobile_access")
            factor = self._param("mobile_proxy_factor", "Mobile proxy factor")
            if over:
                return over
            mobile = self._observe(cd.MOBILE_SUBS)
            fixed = self._observe(cd.BROADBAND_SUBS)
            total = mobile.value + fixed.value
            if total <= 0:
                raise DataMissingError(f"no mobile or broadband subscriptions recorded for {self.s.country}")
            m = mobile.value / total
            # min(1, m × factor): the cap keeps the factor's half above its central value (at or near
            # 1), which a triangular squeezed into [m, 1] would not (it put ~98% of the draws below m,
            # and the 95th percentile below the central value); the split shape keeps the median at m
            # and half the draws on each side. Its upper half is spread over [m, 1] where the capped
            # factor would put a mass at 1: its 95th percentile is up to ~3% lower (docs/METHODOLOGY.md).
            spread = factor.distribution == "triangular" and math.isclose(factor.value - factor.low,
                                                                          factor.high - factor.value)
            return Input("mobile_access", label, min(1.0, m * factor.value), min(1.0, m * factor.low),
                         min(1.0, m * factor.high), unit, min(mobile.year, fixed.year),
                         f"mobile / (mobile + fixed broadband) subscriptions × {factor.name} "
                         f"(assumption, {factor.low:g}–{factor.high:g}); {mobile.source}; {fixed.source}",
                         distribution="split_triangular" if spread else factor.distribution)
        return self._get("mobile_access", build)

    def severity(self) -> Input:
        return exact("severity", "Throttling severity", self.s.severity, "fraction of capacity lost",
                     None, SCENARIO_SOURCE)

    def multiplier(self) -> Input:
        return self._param("multiplier", "Multiplier")

    def indirect(self) -> Input:
        ratio = self._param("indirect_ratio", "Indirect losses")
        return Input("indirect", "Direct + indirect losses", 1 + ratio.value, 1 + ratio.low, 1 + ratio.high,
                     "ratio of total to direct losses", None, ratio.source, ratio.overridden, ratio.distribution)


# The internet-economy share, the value of apps for a block of services and Deloitte's share, with
# their ranges from the sources: impact.model.factors.
