"""Does the GDP term's range hold what GDP turned out to be? A check on every country's own series.

When the GDP year is before the event's, the model's GDP term (:func:`impact.model.factors.gdp_term`)
ranges the event year's GDP from the country's history up to the GDP year. This asks the question
of the past: for every economy of the data, every GDP year ``t`` with enough history and every gap
``k`` of 1-3 years, is the GDP recorded for ``t + k`` inside the 5-95% band that the model gives an
event ``k`` years after a GDP of ``t``? A band that is honest holds about 90% of them; one that
holds 99% is wider than what is known, one that holds 70% narrower.

The band is the model's own (built by the same function, revision noise included); the GDP of
``t + k`` is today's figure for that year, so revisions count on neither side. ``impact replicate
--gdp-term`` prints it; ``tests/reproduce/test_gdp_check.py`` pins it on the real data.
"""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from impact.errors import DataMissingError
from impact.model import country_data as cd
from impact.model import factors
from impact.model.inputs import Resolver
from impact.model.parameters import load as load_parameters
from impact.model.scenario import Scenario

GAPS = (1, 2, 3)


@dataclass(frozen=True)
class GapCheck:
    gap: int
    n: int
    below: int
    above: int
    median_width: float

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

    @property
    def n(self) -> int:
        return sum(g.n for g in self.gaps)

    @property
    def share_inside(self) -> float:
        return sum(g.inside for g in self.gaps) / self.n if self.n else 0.0

    def summary(self) -> str:
        parts = "; ".join(f"{g.gap} year{'s' if g.gap > 1 else ''} after: {g.inside:,} of {g.n:,} "
                          f"({g.share_inside:.1%}) inside, {g.below:,} below, {g.above:,} above, median width "
                          f"×{g.median_width:.2f}" for g in self.gaps)
        return (f"GDP term against the GDP each economy then recorded (World Bank {cd.GDP}, data snapshot "
                f"{self.snapshot or 'given'}; {self.economies} economies, GDP years {self.years[0]}-{self.years[1]}): {self.share_inside:.1%} of {self.n:,} inside the 5–95% band "
                f"(90% expected); {parts}")

    def to_dict(self) -> dict:
        return {"snapshot": self.snapshot, "economies": self.economies, "years": list(self.years), "n": self.n,
                "share_inside": self.share_inside, "summary": self.summary(),
                "gaps": [{"gap": g.gap, "n": g.n, "inside": g.inside, "below": g.below, "above": g.above,
                          "share_inside": g.share_inside, "median_width": g.median_width} for g in self.gaps]}


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


def check(data=None, gaps: tuple[int, ...] = GAPS) -> GdpTermCheck:
    """Every (economy, GDP year, gap) whose later GDP is recorded, against the model's band."""
    if data is None:
        from impact.data import source

        data = source.active()
    params = load_parameters()
    outcomes: dict[int, list[tuple[float, float, float]]] = {k: [] for k in gaps}
    economies, years = set(), set()
    for iso3 in data.economies():
        series = _gdp_series(data, iso3)
        for t in sorted(series):
            for k in gaps:
                if t + k not in series:
                    continue
                s = Scenario.create(country=iso3, start=f"{t + k}-07-01", days=1, gdp_year=t)
                try:
                    term = factors.gdp_term(Resolver(s, params, data))
                except DataMissingError:   # too little history before t: the model refuses too
                    continue
                outcomes[k].append((series[t + k] / series[t], term.low, term.high))
                economies.add(iso3)
                years.add(t)
    rows = []
    for k, seen in outcomes.items():
        below = sum(x < lo for x, lo, _ in seen)
        above = sum(x > hi for x, _, hi in seen)
        width = statistics.median(hi / lo for _, lo, hi in seen) if seen else math.nan
        rows.append(GapCheck(k, len(seen), below, above, width))
    return GdpTermCheck(tuple(rows), len(economies), (min(years), max(years)) if years else (0, 0),
                        getattr(data, "snapshot_id", ""))
