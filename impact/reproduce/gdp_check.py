"""Does the GDP term's range hold what GDP turned out to be? A check on every country's own series.

When the GDP year is before the event's, the model's GDP term (:func:`impact.model.factors.gdp_term`)
ranges the event year's GDP from the country's history up to the GDP year. This asks the question
of the past: for every economy of the data, every GDP year ``t`` with enough history and every gap
``k`` of 1-3 years, is the GDP recorded for ``t + k`` below, inside or above the band that the model
gives an event ``k`` years after a GDP of ``t``?

The band is the model's own (built by the same functions) without its revision noise
(``gdp_revision`` set exact): the GDP of ``t`` and of ``t + k`` are today's figures, one vintage,
so no revision separates them. It is the random walk's 5-95% band mirrored about the GDP used
(the wider end on both sides), so if GDP moved as the model says it would hold more than 90%:
``expected`` is what it would hold (the mean over the cases of the walk's probability inside
each mirrored band). Each tail is read against the 5% the unmirrored band leaves on its side.
``impact replicate --gdp-term`` prints it; ``tests/reproduce/test_gdp_check.py`` pins it on the
real data.
"""
from __future__ import annotations

import dataclasses
import math
import statistics
from dataclasses import dataclass
from statistics import NormalDist

from impact.errors import DataMissingError
from impact.model import country_data as cd
from impact.model import factors
from impact.model.inputs import Resolver
from impact.model.parameters import load as load_parameters
from impact.model.scenario import Scenario
from impact.model.uncertainty import Z90

GAPS = (1, 2, 3)
# The era of the shutdown registries (Access Now's STOP data begin in 2016): the check also counts
# the later GDPs recorded for this year or after on their own, the cases most like the events
# this project costs. Not a year chosen for the result: the decade table shows every era.
REGISTRY_ERA = 2016


@dataclass(frozen=True)
class GapCheck:
    gap: int
    n: int
    below: int
    above: int
    median_width: float
    expected: float = math.nan   # the share inside if GDP moved as the model's random walk says

    @property
    def inside(self) -> int:
        return self.n - self.below - self.above

    @property
    def share_inside(self) -> float:
        return self.inside / self.n if self.n else 0.0


@dataclass(frozen=True)
class GdpTermCheck:
    """Outcomes by gap, and the economies and years they come from."""

    gaps: tuple[GapCheck, ...]
    economies: int
    years: tuple[int, int]
    snapshot: str = ""
    recent: tuple[GapCheck, ...] = ()   # the later GDPs recorded for REGISTRY_ERA or after
    decades: tuple[tuple[int, int, int, int], ...] = ()  # (decade of the later GDP, cases, below, above)

    @property
    def n(self) -> int:
        return sum(g.n for g in self.gaps)

    @property
    def share_inside(self) -> float:
        return sum(g.inside for g in self.gaps) / self.n if self.n else 0.0

    @property
    def expected(self) -> float:
        return sum(g.expected * g.n for g in self.gaps if g.n) / self.n if self.n else math.nan

    def summary(self) -> str:
        def by_gap(rows, width=True):
            return "; ".join(f"{g.gap} year{'s' if g.gap > 1 else ''} after: {g.share_inside:.1%} inside "
                             f"({g.expected:.1%} expected), {g.below / g.n:.1%} below and {g.above / g.n:.1%} above"
                             + (f" (5% each for the unmirrored band), median width ×{g.median_width:.2f}" if width
                                else "")
                             for g in rows if g.n)
        text = (f"GDP term without revision noise against the GDP each economy then recorded (World Bank "
                f"{cd.GDP}, data snapshot {self.snapshot or 'given'}; {self.economies} economies, GDP years "
                f"{self.years[0]}-{self.years[1]}, {self.n:,} cases): {self.share_inside:.1%} inside the mirrored "
                f"band ({self.expected:.1%} if GDP moved as the model says); {by_gap(self.gaps)}")
        recent = sum(g.n for g in self.recent)
        if recent:
            text += (f". Later GDPs recorded for {REGISTRY_ERA} or after (the registries' era; {recent:,} cases): "
                     f"{by_gap(self.recent, width=False)}")
        if self.decades:
            text += (". Below / above the band by the decade of the later GDP: "
                     + ", ".join(f"{d}s {b / n:.1%} / {a / n:.1%}" for d, n, b, a in self.decades if n))
        return text

    def to_dict(self) -> dict:
        return {"snapshot": self.snapshot, "economies": self.economies, "years": list(self.years), "n": self.n,
                "share_inside": self.share_inside, "expected": self.expected, "summary": self.summary(),
                "gaps": [{"gap": g.gap, "n": g.n, "inside": g.inside, "below": g.below, "above": g.above,
                          "share_inside": g.share_inside, "expected": g.expected, "median_width": g.median_width}
                         for g in self.gaps],
                "registry_era": {"from": REGISTRY_ERA, "gaps": [
                    {"gap": g.gap, "n": g.n, "inside": g.inside, "below": g.below, "above": g.above,
                     "share_inside": g.share_inside, "expected": g.expected} for g in self.recent]},
                "decades": [{"decade": d, "n": n, "below": b, "above": a} for d, n, b, a in self.decades]}


def _gdp_series(data, iso3: str) -> dict[int, float]:
    """The economy's current-US$ GDP by the year it is recorded for (positive values only)."""
    series: dict[int, float] = {}
    year = None
    while True:
        try:
            obs = data.lookup(iso3, cd.GDP, year)
        except DataMissingError:
            return series
        if obs.value > 0:
            series[obs.year] = obs.value
        year = obs.year - 1


class DataAsOf:
    """The country data as known in ``year``: no GDP recorded after it. The model reads a GDP the
    data holds for a later year as a known difference, not a walk (``factors.gdp_walk``); the check
    asks what the walk says of the years it did not see."""

    def __init__(self, data, year: int):
        self.data, self.year = data, year

    def lookup(self, iso3, indicator, year=None):
        if indicator == cd.GDP:
            year = self.year if year is None else min(year, self.year)
        return self.data.lookup(iso3, indicator, year)

    def __getattr__(self, name):
        return getattr(self.data, name)


def _without_revision(params):
    """The parameters with ``gdp_revision`` exact (1): the check compares one vintage with itself."""
    rev = dataclasses.replace(params["gdp_revision"], low=1.0, high=1.0)
    return dataclasses.replace(params, parameters={**params.parameters, "gdp_revision": rev},
                               hash=params.hash + "-no-revision")


def _mass_inside(mean: float, sd: float, low: float, high: float) -> float:
    """The walk's probability between ``low`` and ``high``, the walk taken as the normal (in log
    terms, ``mean`` and ``sd``) that matches its 5-95% band: the model's band uses Student's t
    (``factors.gdp_walk``), whose tails are a little heavier, so in the mirrored part of the band
    this is an approximation (the unmirrored band holds 90% either way)."""
    if sd <= 0:
        return float(low <= math.exp(mean) <= high)
    cdf = NormalDist(mean, sd).cdf
    return cdf(math.log(high)) - cdf(math.log(low))


def check(data=None, gaps: tuple[int, ...] = GAPS) -> GdpTermCheck:
    """Every (economy, GDP year, gap) whose later GDP is recorded, against the model's band."""
    if data is None:
        from impact.data import source

        data = source.active()
    params = _without_revision(load_parameters())
    outcomes: dict[int, list[tuple[float, float, float, float, int]]] = {k: [] for k in gaps}
    economies, years = set(), set()
    for iso3 in data.economies():
        series = _gdp_series(data, iso3)
        for t in sorted(series):
            for k in gaps:
                if t + k not in series:
                    continue
                r = Resolver(Scenario.create(country=iso3, start=f"{t + k}-07-01", days=1, gdp_year=t), params,
                             DataAsOf(data, t))
                try:
                    term = factors.gdp_term(r)
                except DataMissingError:   # too little history before t: the model refuses too
                    continue
                mean, half, _, _ = factors.gdp_walk(r)
                outcomes[k].append((series[t + k] / series[t], term.low, term.high,
                                    _mass_inside(mean, half / Z90, term.low, term.high), t + k))
                economies.add(iso3)
                years.add(t)
    def counted(k, seen):
        below = sum(x < lo for x, lo, _, _, _ in seen)
        above = sum(x > hi for x, _, hi, _, _ in seen)
        width = statistics.median(hi / lo for _, lo, hi, _, _ in seen) if seen else math.nan
        expected = statistics.fmean(m for _, _, _, m, _ in seen) if seen else math.nan
        return GapCheck(k, len(seen), below, above, width, expected)

    rows = tuple(counted(k, seen) for k, seen in outcomes.items())
    recent = tuple(counted(k, [o for o in seen if o[4] >= REGISTRY_ERA]) for k, seen in outcomes.items())
    every = [o for seen in outcomes.values() for o in seen]
    decades = tuple((d, len(cases), sum(x < lo for x, lo, *_ in cases), sum(x > hi for x, _, hi, *_ in cases))
                    for d in sorted({o[4] // 10 * 10 for o in every})
                    for cases in [[o for o in every if o[4] // 10 * 10 == d]])
    return GdpTermCheck(rows, len(economies), (min(years), max(years)) if years else (0, 0),
                        getattr(data, "snapshot_id", ""), recent, decades)
