"""Each factor's range from what is known about it (issue 10): sourced, derived or a named assumption.

The methods (:mod:`impact.model.methods`) multiply factors; :mod:`impact.model.inputs` looks the
data and parameters up. This module turns what the sources say into each factor's central value,
range and distribution:

- the internet-economy share: a published share (its range growing with the years between the
  share's year and the event), or the fit of log share on log penetration over every sourced
  point of the same concept (iGDP), with the fit's 90% prediction interval as the range;
- the value of free apps for a block of services: West's flat 0.23% of GDP as the central value,
  with the range of a published share used away from its year (:func:`services_share`), and for a
  block of several platforms the reading of NetBlocks COST's figures, the full value per
  platform added up (:func:`platforms_reading`);
- the GDP term: revision noise, plus the country's own GDP history when the GDP year is before
  the event's (:func:`gdp_term`);
- Deloitte's share of daily GDP, with a range also outside the GDP-per-head band where its two
  published forms agree (:func:`deloitte_placement`).

Distributions are named by the ``distribution`` of an :class:`~impact.model.inputs.Input`:
``split_triangular`` (low, value, high: peak and median at the central value, half the
probability on each side, :func:`split_triangular_ppf`), the same in log terms
(``log_split_triangular``: the shares and the value of free apps) or ``lognormal`` (5th and 95th
percentiles low and high; the value is the central figure the method's arithmetic uses). Sources and reasoning:
``data/parameters.yaml``, ``data/internet_economy_shares.yaml``, ``docs/METHODOLOGY.md``.
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np
from impact.model import country_data as cd
from impact.errors import DataMissingError
from impact.model import uncertainty
from impact.model.fields import this_year
from impact.model.inputs import Input, Resolver, exact

Z90 = uncertainty.Z90


# -- distributions (defined in impact.model.uncertainty, where the engine finds them) ---------
lognormal_ppf = uncertainty.lognormal_ppf
split_triangular_ppf = uncertainty.split_triangular_ppf


def _with(inp: Input, distribution: str) -> Input:
    """``inp`` with its distribution (a name of :data:`impact.model.uncertainty.DISTRIBUTIONS`)."""
    return dataclasses.replace(inp, distribution=distribution)


# -- internet-economy share -----------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class ShareFit:
    """The internet-economy share as a power of internet penetration, fitted to every sourced iGDP point.

    ``log(share) = intercept + slope × log(penetration)`` by least squares over the points; a
    share estimated at penetration p gets the fitted value and the 90% prediction interval of the
    fit at p: what the points say about a country that is not one of them, the spread between
    countries and sources and the fit's own uncertainty. Several points of one country (other
    years, other reports) are not independent draws, so Student's t takes its degrees of freedom
    from the countries (k - 2), not the points (n - 2): the wider, cautious choice.

    A country with points of its own is estimated by partial pooling (a one-way random-effects
    model of the residuals, variance components by analysis of variance). The unit is a study's
    figures for a country (BCG's 2010 figure and its own 2016 projection are one unit, the mean
    of their residuals): its level is the mean of its units, shrunk towards the line by the
    weight between / (between + within / n) for n units, and its interval holds the variance
    between studies of one country, what is left of the between-country one and the line's own
    uncertainty. The figures are in docs/METHODOLOGY.md, "internet share".
    """
    intercept: float
    slope: float
    sd: float          # residual standard deviation (log terms)
    mean_x: float      # mean log penetration of the points
    sxx: float         # sum of squared deviations of log penetration
    t90: float         # Student's t quantile 0.95 at k - 2 degrees of freedom (k countries)
    points: tuple[tuple[str, int, float, float, str], ...]  # (iso3, year, share, penetration, study)
    within: float = 0.0   # variance of a country's studies about its own level (log terms)
    between: float = 0.0  # variance of the countries' levels about the line (log terms)
    levels: tuple[tuple[str, float, int], ...] = ()  # (iso3, mean residual of its studies, how many studies)

    @classmethod
    def from_points(cls, points) -> "ShareFit":
        """The least-squares fit of log share on log penetration over ``points``, each
        (iso3, year, share, penetration[, study]) with share and penetration fractions (> 0), of
        three countries at least and not all at one penetration. A point without its study is a
        study of its own."""
        points = tuple((str(p[0]), int(p[1]), float(p[2]), float(p[3]),
                        str(p[4]) if len(p) > 4 and p[4] else f"{p[0]} {p[1]}") for p in points)
        if len({p[0] for p in points}) < 3:
            raise ValueError("the share fit needs points of three countries at least")
        x = np.log([p[3] for p in points])
        y = np.log([p[2] for p in points])
        mean_x = float(x.mean())
        sxx = float(((x - mean_x) ** 2).sum())
        if sxx <= 0:
            raise ValueError("the share fit needs points at more than one penetration")
        slope = float(((x - mean_x) * (y - y.mean())).sum() / sxx)
        intercept = float(y.mean() - slope * mean_x)
        resid = y - intercept - slope * x
        sd = float(math.sqrt((resid ** 2).sum() / (len(points) - 2)))
        units: dict[tuple[str, str], list[float]] = {}   # (country, study) → residuals
        for (iso3, _, _, _, study), r in zip(points, resid.tolist()):
            units.setdefault((iso3, study), []).append(r)
        by_country: dict[str, list[float]] = {}          # country → mean residual of each study
        for (iso3, _), rs in units.items():
            by_country.setdefault(iso3, []).append(float(np.mean(rs)))
        within, between = _variance_components(list(by_country.values()))
        levels = tuple((c, float(np.mean(v)), len(v)) for c, v in sorted(by_country.items()))
        return cls(intercept, slope, sd, mean_x, sxx, uncertainty.t_ppf(0.95, len(by_country) - 2), points,
                   within, between, levels)

    @property
    def countries(self) -> int:
        return len({p[0] for p in self.points})

    def own(self, iso3: str | None) -> tuple[float, int] | None:
        """(mean residual, number of studies) of a country's own points; None when it has none, or
        when the points cannot tell a country's level from the line and from its studies' spread
        (between- or within-country variance 0, e.g. no country with two studies): then the line
        is all there is."""
        if self.between <= 0 or self.within <= 0:
            return None
        return next(((mean, n) for c, mean, n in self.levels if c == iso3), None)

    def pooling_weight(self, n: int) -> float:
        """How far the level of a country with ``n`` points of its own moves from the line to their mean."""
        if self.between <= 0:
            return 0.0
        return self.between / (self.between + self.within / n)

    def at(self, penetration: float, iso3: str | None = None) -> tuple[float, float, float]:
        """(low, central, high) of the share at ``penetration`` (a fraction, > 0) in country ``iso3``: the
        ends of a split triangular distribution in log terms whose 5th-95th percentiles are the
        prediction interval."""
        x = math.log(penetration)
        fit = self.intercept + self.slope * x
        # the line's own uncertainty, as from k independent points (the countries), not n: as for t
        k, n = self.countries, len(self.points)
        line = self.sd ** 2 * (1 / k + n / k * (x - self.mean_x) ** 2 / self.sxx)
        own = self.own(iso3)
        if own is None:
            spread = self.sd ** 2
        else:
            w = self.pooling_weight(own[1])
            fit += w * own[0]
            spread = self.within + self.between * (1 - w)
        half = self.t90 * math.sqrt(spread + line)
        end = half / uncertainty.SPLIT_TRIANGULAR_90
        # a share of GDP is at most 1 (far below the points' penetrations the interval grows without bound)
        return math.exp(min(fit - end, 0.0)), math.exp(min(fit, 0.0)), math.exp(min(fit + end, 0.0))

    def interval(self, penetration: float, iso3: str | None = None) -> tuple[float, float]:
        """The 90% prediction interval of the share at ``penetration`` in country ``iso3``."""
        low, value, high = self.at(penetration, iso3)
        k = uncertainty.SPLIT_TRIANGULAR_90
        return value * (low / value) ** k, value * (high / value) ** k

    def source(self, penetration: float, year: int | None, iso3: str | None = None) -> str:
        """What the estimate at ``penetration`` in ``iso3`` is made of (the points are listed, with their
        sources, in data/internet_economy_shares.yaml and docs/METHODOLOGY.md)."""
        low, high = self.interval(penetration, iso3)
        text = (f"estimated from internet users{f' ({year})' if year else ''}: {self.at(penetration, iso3)[1]:.4f} of "
                f"GDP (90% prediction interval {low:.4f}–{high:.4f}), the fit of log share on log penetration over "
                f"{len(self.points)} sourced iGDP points of {self.countries} countries (slope {self.slope:.2f}, "
                f"residual sd {self.sd:.2f} in log terms) [iGDP shares by McKinsey Global Institute and BCG, "
                f"2009-2016, and the five West used: data/internet_economy_shares.yaml]")
        own = self.own(iso3)
        if own is not None:
            mine = ", ".join(f"{c} {y} {s:.3f}" for c, y, s, *_ in self.points if c == iso3)
            text += (f"; with the country's own iGDP points, pooled with the fit (weight "
                     f"{self.pooling_weight(own[1]):.2f}): {mine}")
        return text


def _variance_components(groups: list[list[float]]) -> tuple[float, float]:
    """(within, between) variances of residuals grouped by country: one-way analysis of variance
    (the pooled variance inside groups; the between-groups mean square less it, over the mean
    group size n0, at least 0). No group of two or more: (0, 0), i.e. no pooling."""
    n, k = sum(len(g) for g in groups), len(groups)
    if n == k or k < 2:
        return 0.0, 0.0
    means = [float(np.mean(g)) for g in groups]
    grand = float(np.mean([r for g in groups for r in g]))
    within = sum(float(((np.array(g) - m) ** 2).sum()) for g, m in zip(groups, means)) / (n - k)
    among = sum(len(g) * (m - grand) ** 2 for g, m in zip(groups, means)) / (k - 1)
    n0 = (n - sum(len(g) ** 2 for g in groups) / n) / (k - 1)
    return within, max(0.0, (among - within) / n0)


_FITS: dict[tuple[str, str], ShareFit] = {}


def share_fit(r: Resolver) -> ShareFit:
    """The share-on-penetration fit of every sourced iGDP point (cached by parameters and data).

    The points are the published shares West's method uses and the other iGDP points of
    ``data/internet_economy_shares.yaml`` (``use: spread``), each with the penetration of its year.
    """
    key = (r.p.hash, getattr(r.data, "snapshot_id", ""))
    if key not in _FITS:
        points = []
        for iso3, year, share, study in _igdp_points(r.p):
            try:
                pen = r.data.lookup(iso3, cd.INTERNET_USERS, year)
            except DataMissingError:
                continue
            if pen.value > 0:
                points.append((iso3, year, share, pen.value / 100, study))
        if len({p[0] for p in points}) < 4:
            raise DataMissingError("too few internet-penetration data for the countries with a known internet-"
                                   "economy share to estimate it; import or download IT.NET.USER.ZS, or give "
                                   "the share yourself (the internet_share field)", field="internet_share")
        _FITS[key] = ShareFit.from_points(points)
    return _FITS[key]


def _igdp_points(params) -> list[tuple[str, int, float, str]]:
    """(iso3, year, share, study) of every sourced iGDP point: the known shares and the spread points."""
    points = [(k.iso3, k.year, k.value, k.report) for k in params.known_shares.values()]
    points += [(p.iso3, p.year, p.value, p.report) for p in params.share_points if p.use == "spread"]
    return points


def _result_year(r: Resolver) -> tuple[int | None, str]:
    """The year a result speaks of, and how to name it: the event's, else the GDP year's."""
    if r.s.event_year:
        return r.s.event_year, "the event's"
    return r.s.gdp_year or r.gdp().year, "the GDP year's (no event date)"


def internet_share(r: Resolver) -> Input:
    """The internet-economy share of GDP, with its range (split triangular)."""
    def build():
        label, unit = "Internet-economy share of GDP", "fraction of GDP"
        over = r._override("internet_share", label)
        if over:
            return over
        known = r.p.known_shares.get(r.s.country)
        if known:
            year, whose = _result_year(r)
            gap = abs(year - known.year) if year else 0
            drift = r.p.value("share_drift_per_year") * gap
            source = f"{known.reference.title} ({known.reference.url})"
            if not gap:
                return exact("internet_share", label, known.value, unit, known.year, source)
            return _with(Input("internet_share", label, known.value, known.value * math.exp(-drift),
                               known.value * math.exp(drift), unit, known.year,
                               f"{source}; range ±{drift:.0%} in log terms for the {gap} years between the "
                               f"share's year and {whose} (share_drift_per_year)"), "log_split_triangular")
        fit = share_fit(r)
        pen = r.penetration()
        if pen.value <= 0 and not pen.overridden:
            err = DataMissingError(
                f"internet users of {r.s.country} are recorded as 0% of the population ({pen.year}): the "
                f"internet-economy share cannot be estimated from them; give the share of internet users "
                f"(penetration) or the internet-economy share (internet_share)", field="penetration")
            err.zero_input = pen   # the input recorded as zero, for an interface to name with its year
            raise err
        low, value, high = fit.at(pen.value, r.s.country)
        return _with(Input("internet_share", label, value, low, high, unit, pen.year,
                           f"{fit.source(pen.value, pen.year, r.s.country)}; users: {pen.source}"),
                     "log_split_triangular")
    return r._get("factor:internet_share", build)


# -- value of free apps for a block of services ---------------------------------------------
def services_share(r: Resolver) -> Input:
    """Value of free apps lost to a block of services, share of GDP a year (split triangular).

    Central: West's 0.23% of GDP a year (Brynjolfsson and Oh, United States 2002-2011), the same
    for any set of platforms. Range: the figure's own (up to the authors' 0.29% of 2023) and, used
    away from its year, the drift of any published share, ±years × ``share_drift_per_year`` in log
    terms from ``app_value_year``; the two are independent, so their log extents add in
    quadrature on each side. Capped, end by end, at the internet-economy share of the same
    scenario (a block never costs more than a blackout of the same reach; the two draw from one
    stream, so the cap holds draw by draw). A value the user gives is taken as given: exact, uncapped.
    """
    def build():
        apps = r._param("app_value_share", "Value of free apps")
        if apps.overridden:
            return apps
        share = internet_share(r)
        year, whose = _result_year(r)
        since = int(r.p.value("app_value_year"))
        gap = abs(year - since) if year else 0
        drift = r.p.value("share_drift_per_year") * gap
        # the figure's own range and the drift are independent: their log extents add in quadrature
        down, up = (math.hypot(math.log(apps.value / apps.low), drift),
                    math.hypot(math.log(apps.high / apps.value), drift))
        ends = (apps.value * math.exp(-down), apps.value, apps.value * math.exp(up))
        low, value, high = (min(x, cap) for x, cap in zip(ends, (share.low, share.value, share.high)))
        first = int(r.p["app_value_year"].low)
        what = (f"{apps.source}; range {apps.low:.2%}–{apps.high:.2%} in the figure's period ({first}–{since}, "
                f"taken as {since}: app_value_year)")
        if gap:
            what += (f"; × exp(±{drift:.0%}) in log terms for the {gap} years between the figure's year and {whose} "
                     f"(share_drift_per_year, by analogy: the drift of published digital-economy shares), added in "
                     f"quadrature")
        if (low, value, high) != ends:
            what += f"; capped at the internet-economy share ({share.source})"
        return _with(Input(apps.name, apps.label, value, low, high, apps.unit, since, what), "log_split_triangular")
    return r._get("factor:services_share", build)


def platforms_reading(r: Resolver, central: str = "west") -> Input | None:
    """How many times the value of free apps a block of several platforms costs (split uniform).

    West costs any set of platforms at the value once; NetBlocks COST's Nigeria figures fit each
    platform at the full value, added up (``apps_per_platform``). The range runs from 1 to
    n × that; the central value is the method's own: 1 for West (``central="west"``), n for
    CIPESA as COST implements it (``central="cost"``); half the probability on each side of it,
    spread evenly (no evidence ranks the readings). Capped so that the block never costs more
    than the blackout of the same reach, draw by draw: the top is the smallest ratio of the
    internet-economy share to the value of apps over the two factors' low, central and high ends
    (so a cap that binds at one end shortens the whole reading). None for one platform, an
    overridden value of apps, or no room above 1 under the cap.
    """
    def build():
        apps = services_share(r)
        n = len(r.s.services)
        if apps.overridden or n <= 1:
            return None
        share = internet_share(r)
        per = r.p["apps_per_platform"]
        top = min([n * per.high, *(s / a for s, a in ((share.low, apps.low), (share.value, apps.value),
                                                      (share.high, apps.high)) if a > 0)])
        if top <= 1.0:
            return None
        value = min(n * per.value, top) if central == "cost" else 1.0
        capped = "" if top == n * per.high else ", capped at the internet-economy share"
        centre = (f"central: {n} × the value, COST's own reading" if central == "cost"
                  else "central: once, West's reading")
        return _with(Input("platforms_reading", "Platforms counted (times the value of free apps)", value, 1.0, top,
                           "ratio", None,
                           f"West (2016): any set of platforms at the value once; NetBlocks COST's Nigeria figures "
                           f"(2021): each of the {n} platforms at the full value, added up ({centre}; "
                           f"apps_per_platform{capped})"), "split_uniform")
    return r._get(f"factor:platforms_reading:{central}", build)


# -- GDP: revisions, and the years between the GDP year and the event --------------------------
def growth_history(r: Resolver, year: int, years: int) -> tuple[float, float, int] | None:
    """(mean, sd, n) of the yearly log changes of the country's current-US$ GDP, up to ``year``.

    From the country's own series in the active data (the ``years`` years up to ``year``); None
    with fewer than 5 yearly changes.
    """
    values: dict[int, float] = {}
    for y in range(year - years, year + 1):
        try:
            obs = r.data.lookup(r.s.country, cd.GDP, y)
        except DataMissingError:
            continue
        if obs.year >= year - years and obs.value > 0:
            values[obs.year] = obs.value
    ys = sorted(values)
    changes = [math.log(values[b] / values[a]) for a, b in zip(ys, ys[1:]) if b == a + 1]
    if len(changes) < 5:
        return None
    return float(np.mean(changes)), float(np.std(changes, ddof=1)), len(changes)


def gdp_walk(r: Resolver) -> tuple[float, float, int, str] | None:
    """(mean, half-width, gap, what) in log terms of the event year's final GDP / the GDP used,
    before the band is mirrored: the 5-95% band is mean ± half-width (None for a GDP the user gives).

    Revision noise (``gdp_revision``, log-normal); when the GDP year is before the event's, the
    years the data record (a GDP year given before a later GDP of the data: their ratio, one
    vintage, a known difference), and for the years after the latest GDP the country's own GDP
    history (``gdp_history_years``): a random walk with the
    history's drift and spread, its prediction interval over k years counting the drift's own
    error (variance k·sd² + k²·sd²/n, Student's t with n - 1 degrees of freedom: both are
    estimated from the n yearly changes). A gap longer than the history is refused.
    """
    return r._get("factor:gdp_walk", lambda: _gdp_walk(r))


def _gdp_walk(r: Resolver) -> tuple[float, float, int, str] | None:
    gdp = r.gdp()
    if gdp.overridden:
        return None
    rev = r.p["gdp_revision"]
    mu = (math.log(rev.low) + math.log(rev.high)) / 2
    var = ((math.log(rev.high) - math.log(rev.low)) / (2 * Z90)) ** 2
    gap = (r.s.event_year - gdp.year) if (r.s.event_year and gdp.year) else 0
    what = f"World Bank GDP of {gdp.year}: revision ±{rev.high - 1:.0%} (gdp_revision, assumption)"
    q = Z90
    if gap > 0:
        # A GDP year given before a later one in the data: the years the data covers are a known
        # ratio (one vintage), not a walk; only the years after the latest GDP are unknown.
        latest = r.data.lookup(r.s.country, cd.GDP, r.s.event_year)
        base, unknown = gdp.year, gap
        if latest.year > gdp.year and latest.value > 0:
            known = math.log(latest.value / gdp.value)
            mu += known
            base, unknown = latest.year, r.s.event_year - latest.year
            what += (f"; {gap} year(s) before the event, the data's GDP of {latest.year} is "
                     f"{100 * math.expm1(known):+.1f}% from it (a known difference, not drawn)")
        years = int(r.p.value("gdp_history_years"))
        if unknown > years:
            later = bool(r.s.gdp_year) and base == gdp.year   # a later GDP year of the data would help
            whose = (f"the GDP year given ({gdp.year})" if later else
                     f"the latest GDP of {r.s.country} ({base})")
            raise DataMissingError(
                f"the event ({r.s.event_year}) is {unknown} years after {whose}; the range projects GDP at "
                f"most {years} years (gdp_history_years): give "
                + ("a later gdp_year, or " if later else "") + "the event year's GDP (gdp_usd)",
                field="gdp_usd", newer_data_helps=not later and r.s.event_year <= this_year())
        if unknown == 0:
            what += ", the band made symmetric about the GDP used"
        else:
            hist = growth_history(r, base, years)
            if hist is None:   # a revision-only band would say GDP is known to ±8% years ahead
                raise DataMissingError(
                    f"the GDP of {r.s.country} is of {base}, {unknown} year(s) before the event, and its history "
                    f"has too few yearly changes to range the years between: give the event year's GDP (gdp_usd)",
                    field="gdp_usd")
            mean, sd, n = hist
            mu += unknown * mean
            var += unknown * sd ** 2 + (unknown * sd) ** 2 / n   # the steps' spread, and the drift's own error
            q = uncertainty.t_ppf(0.95, n - 1)            # sd and drift estimated from n changes: Student's t
            what += (f"; {unknown} year(s) before the event: the country's own yearly GDP changes over "
                     f"{n} years (mean {math.expm1(mean):+.1%}, sd {sd:.1%} in log terms) over {unknown} year(s), "
                     f"the band made symmetric about the GDP used")
    return mu, q * math.sqrt(var), gap, what


def gdp_term(r: Resolver) -> Input | None:
    """Ratio of the event year's final GDP to the GDP the result uses (central 1; log-normal).

    The band of :func:`gdp_walk`; when the GDP year is before the event's, made symmetric about
    the GDP used (the wider of its two ends, mirrored), so that the method's central value, the
    GDP of the GDP year, stays inside the range. None for a GDP the user gives (taken as exact).
    """
    def build():
        walk = gdp_walk(r)
        if walk is None:
            return None
        mu, half, gap, what = walk
        lo, hi = mu - half, mu + half
        if gap > 0:
            lo, hi = -max(-lo, hi), max(-lo, hi)
        return _with(Input("gdp_term", "GDP uncertainty (event year's final GDP / GDP used)", 1.0,
                           math.exp(lo), math.exp(hi), "ratio", r.gdp().year, what), "lognormal")
    return r._get("factor:gdp_term", build)


# -- Deloitte's tiers ---------------------------------------------------------------------------
def deloitte_placement(gdp_per_head: float, params) -> tuple[float, float, float, str]:
    """(low, central, high, description) of Deloitte's daily loss share for a GDP per head.

    Central: the tiers' shares interpolated in log GDP per head between the GDP per head at
    which Deloitte's two published forms agree (the outer tier's share beyond them). Range:
    the tiers around the country (at a tier's own point, the tiers on both sides: its tier is
    not public); beyond the outer points, also the other published form (per 10 million
    people), which gives a larger share below the low point and a smaller one above the high
    point, and at least the neighbouring tier's share, so the range does not jump at the edges.
    """
    tiers = params.deloitte_tiers
    xs = np.log([t.gdp_per_head_usd for t in tiers])
    ys = [t.share_of_daily_gdp for t in tiers]
    g = max(gdp_per_head, 1.0)
    x = math.log(g)
    mid = float(np.interp(x, xs, ys))
    if x <= xs[0]:
        per_head_form = ys[0] * tiers[0].gdp_per_head_usd / g
        return ys[0], ys[0], max(ys[1], per_head_form), f"at or below the '{tiers[0].name}' tier"
    if x >= xs[-1]:
        per_head_form = ys[-1] * tiers[-1].gdp_per_head_usd / g
        return min(ys[-2], per_head_form), ys[-1], ys[-1], f"at or above the '{tiers[-1].name}' tier"
    at = np.flatnonzero(np.isclose(x, xs, rtol=0, atol=1e-9))
    if at.size:
        i = int(at[0])
        return ys[i - 1], ys[i], ys[i + 1], f"at the '{tiers[i].name}' tier (its neighbours as the range)"
    i = int(np.searchsorted(xs, x)) - 1
    return ys[i], mid, ys[i + 1], f"between the '{tiers[i].name}' and '{tiers[i + 1].name}' tiers"


def deloitte_share(r: Resolver) -> Input:
    def build():
        label, unit = "Deloitte loss per day", "fraction of daily GDP"
        over = r._override("deloitte_share", label)
        if over:
            return over
        gdp, pop = r.gdp(), r.population()
        per_head = gdp.value / pop.value
        low, mid, high, where = deloitte_placement(per_head, r.p)
        ref = r.p.deloitte_reference
        return _with(Input("deloitte_share", label, mid, low, high, unit, gdp.year,
                           f"{ref.title}; GDP per head US${per_head:,.0f}{f' ({gdp.year})' if gdp.year else ''} "
                           f"places the country {where}"),
                     "split_triangular")
    return r._get("factor:deloitte_share", build)


# -- plausibility -------------------------------------------------------------------------------
def blackout_share_of_daily_gdp(cost_per_day: float, daily_gdp: float, affected: float) -> float | None:
    """Cost per day of the disruption scaled to a national blackout, as a share of daily GDP."""
    if daily_gdp <= 0 or affected <= 0:
        return None
    return cost_per_day / (daily_gdp * affected)


# -- registry assumptions, drawn like any other factor ------------------------------------------
def assumed(factor: Input, parameter) -> Input:
    """``factor`` carrying a named assumption's range and distribution, to be drawn like any other.

    For event registries (:mod:`impact.events`): an event whose reach or severity a registry
    leaves out is costed at the assumption's central value (``reach_default_share_*``, ``reach_*_share_of_region``,
    ``throttle_default_severity`` in ``data/parameters.yaml``); replacing the scenario's exact
    ``affected`` or ``severity`` factor with ``assumed(factor, params[name])`` lets the engine draw
    it over the assumption's range, so the event's range says what is not known of it. The range
    scales with the factor's value (a default share given as the factor's value keeps the
    assumption's own low and high).
    """
    scale = factor.value / parameter.value if parameter.value else 1.0
    return dataclasses.replace(factor, low=parameter.low * scale, high=parameter.high * scale,
                               distribution=parameter.distribution,
                               source=f"{factor.source}; range {parameter.low:g}–{parameter.high:g} "
                                      f"(assumption {parameter.name})")
