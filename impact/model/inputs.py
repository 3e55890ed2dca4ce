"""Resolve a scenario's inputs from country data, the parameter files and the caller's overrides.

Every input comes back as an :class:`Input` with its value, uncertainty range, unit, data year
and source, so that the result can show where each number came from. This is the "exposure"
side of the model (the economy at risk); :mod:`impact.model.methods` turns inputs into costs.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

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

    def to_dict(self) -> dict:
        return asdict(self)

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

    def internet_share(self) -> Input:
        def build():
            label, unit = "Internet-economy share of GDP", "fraction of GDP"
            over = self._override("internet_share", label)
            if over:
                return over
            known = self.p.known_shares.get(self.s.country)
            if known:
                return exact("internet_share", label, known.value, unit, known.year,
                             f"{known.reference.title} ({known.reference.url})")
            ratio = share_per_penetration(self.p, self.data)
            pen = self.penetration()
            return Input("internet_share", label, ratio.value * pen.value, ratio.low * pen.value,
                         ratio.high * pen.value, unit, pen.year,
                         f"estimated: internet users{f' ({pen.year})' if pen.year else ''} × {ratio.value:.4f} "
                         f"(range {ratio.low:.4f}–{ratio.high:.4f}), the ratio of known shares to "
                         f"penetration [{ratio.source}]; users: {pen.source}")
        return self._get("internet_share", build)

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
            return Input("mobile_access", label, min(1.0, m * factor.value), min(1.0, m * factor.low),
                         min(1.0, m * factor.high), unit, min(mobile.year, fixed.year),
                         f"mobile / (mobile + fixed broadband) subscriptions × {factor.name} "
                         f"(assumption, {factor.low:g}–{factor.high:g}); {mobile.source}; {fixed.source}",
                         distribution=factor.distribution)
        return self._get("mobile_access", build)

    def severity(self) -> Input:
        return exact("severity", "Throttling severity", self.s.severity, "fraction of capacity lost",
                     None, SCENARIO_SOURCE)

    def services_share(self) -> Input:
        """The value of free apps, capped at the internet-economy share of the same country.

        West applied 0.23% of GDP to national app blocks; where internet use is so low that
        the whole internet economy is estimated below that, a block of services is costed as
        a blackout at most.
        """
        apps = self._param("app_value_share", "Value of free apps")
        if apps.overridden:
            return apps
        cap = self.internet_share()
        if cap.low >= apps.high:
            return apps
        return Input(apps.name, apps.label, min(apps.value, cap.value), min(apps.low, cap.low),
                     min(apps.high, cap.high), apps.unit, cap.year,
                     f"{apps.source}; capped at the internet-economy share ({cap.source})",
                     distribution=apps.distribution)

    def multiplier(self) -> Input:
        return self._param("multiplier", "Multiplier")

    def indirect(self) -> Input:
        ratio = self._param("indirect_ratio", "Indirect losses")
        return Input("indirect", "Direct + indirect losses", 1 + ratio.value, 1 + ratio.low, 1 + ratio.high,
                     "ratio of total to direct losses", None, ratio.source, ratio.overridden, ratio.distribution)

    def deloitte_share(self) -> Input:
        def build():
            label, unit = "Deloitte loss per day", "fraction of daily GDP"
            over = self._override("deloitte_share", label)
            if over:
                return over
            gdp, pop = self.gdp(), self.population()
            per_head = gdp.value / pop.value
            low, mid, high, where = deloitte_placement(per_head, self.p)
            ref = self.p.deloitte_reference
            return Input("deloitte_share", label, mid, low, high, unit, gdp.year,
                         f"{ref.title}; GDP per head US${per_head:,.0f} ({gdp.year}) places the country "
                         f"{where}")
        return self._get("deloitte_share", build)


@dataclass(frozen=True)
class Ratio:
    value: float
    low: float
    high: float
    source: str


def share_per_penetration(params: ParameterSet, data: CountryData) -> Ratio:
    """Internet-economy share per unit of internet penetration, from the known shares.

    For each country with a published share, share / penetration of the share's year; the
    median is the central ratio and the smallest and largest bound its range.
    """
    key = (params.hash, data.snapshot_id)
    if key not in _RATIOS:
        _RATIOS[key] = _ratio(params, data)
    return _RATIOS[key]


_RATIOS: dict[tuple[str, str], Ratio] = {}


def _ratio(params: ParameterSet, data: CountryData) -> Ratio:
    points = []
    for iso3, known in params.known_shares.items():
        try:
            pen = data.lookup(iso3, cd.INTERNET_USERS, known.year)
        except DataMissingError:
            continue
        if pen.value > 0:
            points.append((iso3, known.value / (pen.value / 100)))
    if not points:
        raise DataMissingError("no internet-penetration data for any country with a known internet-economy "
                               "share; import or download IT.NET.USER.ZS, or pass internet_share=")
    ratios = np.array([r for _, r in points])
    return Ratio(float(np.median(ratios)), float(ratios.min()), float(ratios.max()),
                 "known shares of " + ", ".join(f"{c} {r:.3f}" for c, r in points))


def deloitte_placement(gdp_per_head: float, params: ParameterSet) -> tuple[float, float, float, str]:
    """(low, central, high, description) of Deloitte's daily loss share for a GDP per head.

    Central: the tiers' shares interpolated in log GDP per head between the GDP per head at
    which Deloitte's two published forms agree; the range spans the two tiers around the
    country (its tier is not public). Beyond the outer tiers, the outer tier's share.
    """
    tiers = params.deloitte_tiers
    xs = np.log([t.gdp_per_head_usd for t in tiers])
    ys = [t.share_of_daily_gdp for t in tiers]
    x = np.log(max(gdp_per_head, 1.0))
    mid = float(np.interp(x, xs, ys))
    at_tier = np.flatnonzero(np.isclose(x, xs, rtol=0, atol=1e-9))
    if at_tier.size:
        t = tiers[at_tier[0]]
        return ys[at_tier[0]], ys[at_tier[0]], ys[at_tier[0]], f"at the '{t.name}' tier"
    if x <= xs[0]:
        return ys[0], ys[0], ys[0], f"at or below the '{tiers[0].name}' tier"
    if x >= xs[-1]:
        return ys[-1], ys[-1], ys[-1], f"at or above the '{tiers[-1].name}' tier"
    i = int(np.searchsorted(xs, x)) - 1
    return ys[i], mid, ys[i + 1], f"between the '{tiers[i].name}' and '{tiers[i + 1].name}' tiers"
