"""``impact.estimate``: one scenario in, one :class:`~impact.model.result.Result` out.

The flow is: validate the scenario → resolve its inputs (data, parameters, overrides) → each
method's factors → draws and percentiles → the result with its provenance.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Mapping, Sequence

import numpy as np

from impact._version import __version__
from impact.errors import DataMissingError, ImpactError, InputError
from impact.model import country_data as cd
from impact.model import engine, parameters, uncertainty
from impact.model.country_data import DataSource, loader
from impact.model.inputs import Input, Resolver, exact
from impact.model.methods import METHODS, NotApplicable
from impact.model.result import MethodResult, Note, Range, Result
from impact.model.scenario import Scenario


def estimate(scenario: Scenario | None = None, *, data: DataSource | None = None, **fields: Any) -> Result:
    """Estimate the cost of one disruption.

    Parameters
    ----------
    scenario : Scenario, optional
        A scenario built with :meth:`Scenario.create`; or give its fields as keywords
        (``country``, ``start``/``end`` or ``hours``/``days``, ``daily_window``, ``disruption``,
        ``services``, ``severity``, ``share``/``isp_share``/``regions``, ``gdp_year``,
        ``price_year``, ``method``, ``draws``, ``seed``, and overrides such as ``gdp_usd``).
    data : CountryData, optional
        Country data to use, or a function loading it when first needed
        (:mod:`impact.model.country_data`). :func:`impact.estimate` passes the active snapshot.

    Returns
    -------
    Result
        ``result.to_dict()["cost_usd"]`` holds ``central``, ``low`` and ``high`` in US$.

    Raises
    ------
    impact.ImpactError
        Bad input (:class:`~impact.errors.InputError`) or missing data
        (:class:`~impact.errors.DataMissingError`), with a message saying what is accepted.
    """
    if scenario is None:
        scenario = Scenario.create(**fields)
    elif fields:
        raise InputError("give either a Scenario or its fields as keywords, not both")
    params = parameters.load()
    r = Resolver(scenario, params, data)
    results, factors = _method_factors(r)
    gdp = r.gdp()
    rate, share, drivers = _rates(factors, scenario)
    for name, f in factors.items():
        m = METHODS[name]
        results[name] = MethodResult(name, m.title, m.citation, rate[name].scaled(scenario.days), tuple(f),
                                     drivers[name])
    results = {name: results[name] for name in _names(scenario)}
    cost_per_day = rate["pooled"]
    cost = cost_per_day.scaled(scenario.days)
    inputs = _inputs_used(r, results)
    return Result(
        scenario=scenario, method=scenario.method, cost_usd=cost, cost_per_day_usd=cost_per_day,
        cost_per_hour_usd=cost_per_day.scaled(1 / 24),
        share_of_annual_gdp=share.scaled(scenario.days) if gdp.value else Range(0, 0, 0),
        gdp=gdp, methods=results, **people_counts(r, scenario), inputs=inputs, region_names=r.region_names(),
        constant_usd=_constant(cost, gdp, scenario, r), local_currency=_local(cost, gdp, scenario, r),
        notes=tuple(_notes(scenario, results, inputs) + _local_rate_note(gdp, scenario, r) + _plausibility(cost_per_day, r, params)
                    + _past_horizon(scenario, params)
                    + _official_rate(r, params)),
        provenance=_provenance(scenario, params, r),
    )


def _names(s: Scenario) -> list[str]:
    return list(METHODS) if s.method == "all" else [s.method]


def _method_factors(r: Resolver) -> tuple[dict[str, MethodResult], dict[str, list[Input]]]:
    """Each applicable method's factors; the others as MethodResults saying why not (InputError if none)."""
    not_applicable: dict[str, MethodResult] = {}
    factors: dict[str, list[Input]] = {}
    for name in _names(r.s):
        method = METHODS[name]
        try:
            factors[name] = method.factors(r)
        except NotApplicable as why:
            not_applicable[name] = MethodResult(name, method.title, method.citation, None, not_applicable=why.args[0])
    if not factors:
        reasons = "; ".join(m.not_applicable for m in not_applicable.values())
        raise InputError(f"no method covers this scenario: {reasons}; use method 'brookings'")
    return not_applicable, factors


def _share_factors(factors: list[Input]) -> list[Input]:
    """The factors of the share of annual GDP lost per day: daily GDP replaced by 1/365.

    Drawn by the engine like the cost (the same random numbers), so the share never divides by
    a GDP (a tiny GDP would give 0 × ∞).
    """
    return [exact("daily_gdp", "Share of a year", 1 / 365, "1 / days", None, "a year of 365 days")
            if f.name == "daily_gdp" else f for f in factors]


def _rates(factors: dict[str, list[Input]], s: Scenario) -> tuple[dict[str, Range], Range, dict[str, tuple]]:
    """Cost per day by method and pooled ("pooled"), the share of annual GDP lost per day (pooled
    like the cost), and what drives each method's range: one engine pass for all of them."""
    names = list(factors)
    lists = [factors[n] for n in names] + [_share_factors(factors[n]) for n in names]
    ev = engine.evaluate(lists, s.draws, s.seed, keep_draws=len(names) > 1, sensitivity=True)
    k = len(names)
    ranges = [Range(float(ev.central[j]), float(ev.low[j]), float(ev.high[j])) for j in range(2 * k)]
    rate = dict(zip(names, ranges[:k]))
    rate["pooled"] = _pool(ranges[:k], None if ev.draws is None else ev.draws[:k])
    share = _pool(ranges[k:], None if ev.draws is None else ev.draws[k:])
    return rate, share, dict(zip(names, ev.sensitivity[:k]))


def _pool(ranges: list[Range], draws: np.ndarray | None) -> Range:
    """One method's range, or for several: the median of their central figures, and the range of
    their pooled draws (equal weights)."""
    if len(ranges) == 1:
        return ranges[0]
    if draws is None:
        return Range(float(np.median([r.central for r in ranges])), min(r.low for r in ranges),
                     max(r.high for r in ranges))
    low, _, high = uncertainty.summarise(draws.ravel())
    central = float(np.median([r.central for r in ranges]))  # the methods' own figures (issue 10)
    return Range(central, float(min(low, central)), float(max(high, central)))


def people_counts(r: Resolver, s: Scenario) -> dict:
    """People and internet users affected, and user-hours (None where the data lack them).

    People are counted by the population share of the place, also when the cost weights regions by
    income (an income share counts money, not people)."""
    pop, pen, affected = r.optional(r.population), r.optional(r.penetration), r.people_share()
    people = pop.value * affected.value if pop and affected else None
    users = people * pen.value if people is not None and pen else None
    return {"people_affected": people, "internet_users_affected": users,
            "user_hours": users * s.hours if users is not None else None}


def _inputs_used(r: Resolver, results: dict[str, MethodResult]) -> tuple[Input, ...]:
    seen: dict[str, Input] = {}
    for m in results.values():
        for f in m.factors:
            seen.setdefault(f.name, f)
    for extra in (r.gdp(), r.optional(r.population), r.optional(r.penetration)):
        if extra is not None:
            seen.setdefault(extra.name, extra)
    return tuple(seen.values())


def _constant(cost: Range, gdp: Input, s: Scenario, r: Resolver) -> dict | None:
    if s.price_year is None:
        return None
    if gdp.year is None:
        raise InputError("price_year= needs the GDP's year: with gdp_usd= overridden, also give gdp_year=")
    from impact.model.prices import to_constant_usd

    _, factor, source = to_constant_usd(1.0, gdp.year, s.price_year, r.data)
    return {"price_year": s.price_year, "from_year": gdp.year, "factor": factor, "source": source,
            "cost": cost.scaled(factor).to_dict(), "unit": f"constant US$ of {s.price_year}"}


def _local_rate(gdp: Input, s: Scenario, r: Resolver):
    """The official exchange rate for the GDP year (the latest not after it, an Observation), or None
    when the data hold none. Only a rate of the GDP year itself converts the cost: the US$ GDP of a
    year is the local-currency GDP at that year's rate, and a rate of another year would convert it
    at a rate it was never counted at (Zimbabwe's of 2008 for a GDP of 2019)."""
    if gdp.year is None:
        return None
    from impact.model.prices import to_local_currency

    try:
        _, rate = to_local_currency(1.0, s.country, gdp.year, r.data)
    except DataMissingError:
        return None
    return rate


def _local_rate_note(gdp: Input, s: Scenario, r: Resolver) -> list[Note]:
    rate = _local_rate(gdp, s, r)
    if rate is None or rate.year == gdp.year:
        return []
    return [Note("local_rate_year", "the official exchange rate (World Bank, PA.NUS.FCRF) has no value for "
                 "{gdp_year}, the GDP year (the latest before it is of {rate_year}): the cost in local currency "
                 "is not given", gdp_year=gdp.year, rate_year=rate.year)]


def _local(cost: Range, gdp: Input, s: Scenario, r: Resolver) -> dict | None:
    rate = _local_rate(gdp, s, r)
    if rate is None or rate.year != gdp.year:
        return None
    return {"exchange_rate": rate.value, "year": rate.year, "source": rate.source, "currency": None,
            "cost": cost.scaled(rate.value).to_dict(),
            "unit": f"{LOCAL_CURRENCY_UNITS} ({rate.year} average rate, World Bank PA.NUS.FCRF)"}


LOCAL_CURRENCY_UNITS = "local currency units"  # the façade names the ISO 4217 currency where there is one


STALE_YEARS = 5  # an input older than this, relative to the event or GDP year, gets a note


def _notes(s: Scenario, results: dict[str, MethodResult], inputs: tuple[Input, ...]) -> list[Note]:
    notes = [Note("not_applicable", "{method}: not applicable: {reason}", method=m.method, reason=m.not_applicable)
             for m in results.values() if m.not_applicable]
    if s.disruption == "services":
        p = parameters.load()
        notes.append(Note("services_full_share", "services: the central figure costs a block of any listed platforms "
                          "at the full value of free apps ({share:.2%} of GDP a year), as West (2016) did for national "
                          "app blocks; NetBlocks COST's Nigeria figures fit each platform at that full value, added up, so "
                          "the range of a block of several platforms goes up to the sum; a block of one minor platform "
                          "may cost less, which the range does not cover (the sources' relative values of platforms disagree "
                          "and give no country's whole), nor the transfer of a US figure to another country",
                          share=p.value("app_value_share")))
        if "other" in s.services:   # no platform of that name: say what it stands for and is costed as
            used = next((i.value for i in inputs if i.name == "app_value_share"), p.value("app_value_share"))
            notes.append(Note("services_other", "services: 'other' (a platform not in the list) is costed as any "
                              "listed platform is: the block at the value of free apps ({share:.2%} of GDP a year), "
                              "and 'other' as one platform in the range of a block of several; no figure of its own "
                              "is known", share=used))
    reference_year = s.gdp_year or s.event_year or max((i.year for i in inputs if i.year), default=None)
    for i in inputs:
        if reference_year and i.year and reference_year - i.year > STALE_YEARS:
            notes.append(Note("old_data", "{label}: the latest value available is from {year}, {gap} years before "
                              "{reference}; check it before citing", label=i.label, name=i.name, year=i.year,
                              gap=reference_year - i.year, reference=reference_year))
    return notes


def _plausibility(cost_per_day: Range, r: Resolver, params: parameters.ParameterSet) -> list[Note]:
    """A note when the cost per day, scaled to a national blackout, exceeds a share of daily GDP
    that no published estimate reaches (``plausibility_daily_gdp_share``, a named assumption)."""
    from impact.model.factors import blackout_share_of_daily_gdp

    share = blackout_share_of_daily_gdp(cost_per_day.central, r.daily_gdp().value, r.affected().value)
    limit = params.value("plausibility_daily_gdp_share")
    if share is None or share <= limit:
        return []
    return [Note("implausible_share", "the cost per day is {share:.0%} of the daily GDP of the people affected, more "
                 "than any published estimate implies (above {limit:.0%}, the largest being West's method for the "
                 "United Kingdom, about 31%); check the inputs before citing", share=share, limit=limit)]


# The horizons of a registry's headline totals (named assumptions, data/parameters.yaml): a block of
# services, and a cut of the network.
HORIZONS = {"services": "block_horizon_days"}
NETWORK_HORIZON = "long_event_horizon_days"


def _past_horizon(s: Scenario, params: parameters.ParameterSet) -> list[Note]:
    """A note when the disruption lasts longer than the horizon past which a registry's headline
    totals stop costing it: the methods are linear in time and were built for days and weeks."""
    name = HORIZONS.get(s.disruption, NETWORK_HORIZON)
    horizon = params.value(name)
    if s.days <= horizon:
        return []
    return [Note("past_horizon", "the disruption lasts {days:,} days, longer than the {horizon:,} days after which a "
                 "registry's headline totals stop costing it ({parameter}, an assumption): the methods are linear "
                 "in time and were built for days and weeks, while over months people get round a block (VPNs, "
                 "other apps) and economies adapt; read this figure as what the linear rate gives, an upper "
                 "reading, and cite it with that caveat", days=round(s.days), horizon=round(horizon),
                 parameter=name)]


def _official_rate(r: Resolver, params: parameters.ParameterSet) -> list[Note]:
    """A note when the official exchange rate has not followed prices: held while the country's
    consumer prices rose far more than the United States' (``official_rate_note_ratio`` over
    ``official_rate_note_years``, named assumptions). The World Bank's US$ GDP uses the official
    rate; where a market rate is much weaker (Iran, Lebanon), the economy is worth fewer dollars,
    which the range does not cover."""
    gdp = r.gdp()
    if gdp.overridden or not gdp.year:
        return []
    end = gdp.year
    start = end - int(params.value("official_rate_note_years"))
    try:
        values = {}
        for iso3, indicator in ((r.s.country, cd.EXCHANGE_RATE), (r.s.country, cd.CPI), ("USA", cd.CPI)):
            for year in (start, end):
                obs = r.data.lookup(iso3, indicator, year)
                if obs.year != year or obs.value <= 0:
                    return []
                values[iso3, indicator, year] = obs.value
    except DataMissingError:
        return []
    rate = values[r.s.country, cd.EXCHANGE_RATE, end] / values[r.s.country, cd.EXCHANGE_RATE, start]
    prices = (values[r.s.country, cd.CPI, end] / values[r.s.country, cd.CPI, start]) / \
             (values["USA", cd.CPI, end] / values["USA", cd.CPI, start])
    if prices / rate < params.value("official_rate_note_ratio"):
        return []
    return [Note("official_rate", "from {from_year} to {to_year} the official exchange rate (World Bank, PA.NUS.FCRF) moved "
                 "×{rate:.2f} while consumer prices rose ×{prices:.2f} relative to the United States' (FP.CPI.TOTL): "
                 "the US$ figures use the official rate, and where a market rate is weaker the same economy is worth "
                 "fewer dollars, which the range does not cover; say which rate the dollars use when citing",
                 from_year=start, to_year=end, rate=rate, prices=prices)]


def _provenance(s: Scenario, params: parameters.ParameterSet, r: Resolver) -> dict:
    snapshot = r.snapshot_id
    return {
        "package": "impact", "package_version": __version__, "parameter_hash": params.hash,
        "data_snapshot": snapshot, "method": s.method, "draws": s.draws, "seed": s.seed,
        "percentiles": list(uncertainty.LEVELS),
        "computed_at": datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
    }


def method_factors(scenario: Scenario, data: DataSource | None = None) -> dict[str, list[Input] | str]:
    """Each method's factors for a scenario, or the reason it does not apply (batch use)."""
    r = Resolver(scenario, parameters.load(), data)
    return {name: method_factor_list(r, name) for name in _names(scenario)}


def method_factor_list(r: Resolver, name: str) -> list[Input] | str:
    """One method's factors for the resolver's scenario, or the reason it does not apply."""
    try:
        return METHODS[name].factors(r)
    except NotApplicable as why:
        return str(why)


@dataclass(frozen=True)
class Cost:
    """A scenario's cost with its range and the inputs it rests on (:func:`estimate_costs`)."""

    scenario: Scenario
    cost_usd: Range | None
    cost_per_day_usd: Range | None
    inputs: tuple[Input, ...] = ()
    error: ImpactError | None = None

    def input(self, name: str) -> Input | None:
        return next((i for i in self.inputs if i.name == name), None)


def estimate_costs(scenarios: Sequence[Scenario | Mapping[str, Any]], *, data: DataSource | None = None
                   ) -> list[Cost]:
    """The cost (with its range) of many scenarios in one vectorised engine pass.

    The figures are those :func:`estimate` gives each scenario alone (the same engine and random
    numbers), without the rest of a :class:`Result` (notes, conversions, provenance). A scenario
    that cannot be costed comes back with its ``error`` (an :class:`~impact.errors.ImpactError`)
    rather than raising, so one economy without data does not stop a table of all of them.

    Parameters
    ----------
    scenarios : sequence of Scenario or of field mappings
        Mappings are validated with :meth:`Scenario.create`.
    data : CountryData, optional
        Country data to use, or a function loading it (:func:`impact.estimate_costs` passes the
        active snapshot).
    """
    if isinstance(scenarios, (str, bytes, Mapping)) or not isinstance(scenarios, Sequence):
        raise InputError(f"scenarios must be a list of Scenario objects or of field mappings, e.g. "
                         f"[{{'country': 'MLI', 'days': 1}}], not {type(scenarios).__name__}")
    params = parameters.load()
    data = loader(data)
    out: list[Cost | None] = [None] * len(scenarios)
    jobs: dict[tuple[int, int], list[tuple[int, Scenario, Resolver, dict[str, list[Input]]]]] = {}
    for i, sc in enumerate(scenarios):
        try:
            if not isinstance(sc, (Scenario, Mapping)):
                raise InputError(f"scenario {i} is a {type(sc).__name__}: give a Scenario or a mapping of its "
                                 f"fields, e.g. {{'country': 'MLI', 'days': 1}}")
            s = sc if isinstance(sc, Scenario) else Scenario.create(**sc)
            r = Resolver(s, params, data)
            _, factors = _method_factors(r)
        except ImpactError as why:
            out[i] = Cost(sc if isinstance(sc, Scenario) else None, None, None, error=why)
            continue
        jobs.setdefault((s.draws, s.seed), []).append((i, s, r, factors))
    for (draws, seed), group in jobs.items():
        lists = [f for _, _, _, factors in group for f in factors.values()]
        ev = engine.evaluate(lists, draws, seed, keep_draws=any(len(f) > 1 for *_, f in group))
        at = 0
        for i, s, r, factors in group:
            k = len(factors)
            ranges = [Range(float(ev.central[j]), float(ev.low[j]), float(ev.high[j])) for j in range(at, at + k)]
            rate = _pool(ranges, None if ev.draws is None else ev.draws[at:at + k])
            at += k
            used: dict[str, Input] = {}
            for f in (x for fs in factors.values() for x in fs):
                used.setdefault(f.name, f)
            for extra in (r.gdp(), r.optional(r.population), r.optional(r.penetration)):
                if extra is not None:
                    used.setdefault(extra.name, extra)
            out[i] = Cost(s, rate.scaled(s.days), rate, tuple(used.values()))
    return out  # type: ignore[return-value]


# Scenario fields that only say how long a disruption lasted (and how its range is drawn): the rate's
# factors do not read them, so scenarios that differ only in these share their factors
# (:class:`RateFactors`). ``start`` enters through ``event_year``.
DURATION_FIELDS = frozenset({"hours", "days", "start", "end", "daily_window", "draws", "seed"})
RATE_FIELDS = frozenset(f for f in Scenario.__dataclass_fields__ if f not in DURATION_FIELDS) | {"event_year"}


class _RateView:
    """A scenario as the rate's factors see it, recording what they read: each field into the
    builds under way (``reading``, :class:`_RateResolver`), and a field outside
    :data:`RATE_FIELDS` (a duration) into ``read_other``, so that a factor that starts to depend
    on one is never memoised."""

    __slots__ = ("_scenario", "read_other", "reading")

    def __init__(self, scenario: Scenario, reading: list[set[str]]):
        object.__setattr__(self, "_scenario", scenario)
        object.__setattr__(self, "read_other", set())
        object.__setattr__(self, "reading", reading)

    def __getattr__(self, name: str):
        field = "overrides" if name == "override" else name
        if field not in RATE_FIELDS:
            self.read_other.add(name)
        for fields in self.reading:
            fields.add(field)
        return getattr(self._scenario, name)


# Every input depends on these: the Resolver looks data up for the GDP year, else the event's.
_ALWAYS_READ = ("gdp_year", "event_year")


class _RateResolver(Resolver):
    """A Resolver whose inputs are shared with the other scenarios' (:class:`RateFactors`): an
    input built once is reused for any scenario with the same values of the fields its build read
    (its own and those of the inputs it used). The duration is left for each scenario to fill in."""

    def __init__(self, view: _RateView, params, data, shared: dict):
        super().__init__(view, params, data)
        self._shared = shared          # input name → [(fields read, getter, their values → (ok, input or error))]
        self._read: dict[str, tuple[str, ...]] = {}  # this resolver's inputs → the fields they read

    def days(self) -> Input:
        return _NO_DAYS

    def _get(self, name, build):
        s, reading = self.s._scenario, self.s.reading
        if name in self._cache:
            read = self._read[name]
            found = (True, self._cache[name])
        else:
            found = None
            entries = self._shared.setdefault(name, [])  # [(fields read, their getter, values → found)]
            for read, values, table in entries:
                found = table.get(values(s))
                if found is not None:
                    break
            if found is None:
                fields: set[str] = set(_ALWAYS_READ)  # two or more: the getter gives a tuple
                reading.append(fields)
                try:
                    found = (True, build())
                except ImpactError as exc:
                    found = (False, exc)
                finally:
                    reading.pop()
                read = tuple(sorted(fields))
                entry = next((e for e in entries if e[0] == read), None)
                if entry is None:
                    entry = (read, operator.attrgetter(*read), {})
                    entries.append(entry)
                entry[2][entry[1](s)] = found
        for fields in reading:  # the builds under way depend on what this one read
            fields.update(read)
        ok, value = found
        if not ok:
            raise value
        self._cache[name], self._read[name] = value, read
        return value


_NO_DAYS = exact("days", "Duration", float("nan"), "days", None, "filled in per scenario")


class RateFactors:
    """One method's factors for many scenarios, resolved once per distinct scenario but its duration.

    The factors of the cost per day read every field of a scenario but its duration
    (:data:`DURATION_FIELDS`; ``start`` only through ``event_year``), the parameters and the
    country data; the key is those fields, the parameter hash and the data's snapshot id, so
    events of a registry that differ only in when and how long share one resolution (their
    ``days`` factor is their own). Each first resolution reads the scenario through a view that
    records what it reads: if a factor reads a duration field, nothing is memoised any more
    and every scenario is resolved on its own, so the figures are always those of
    :func:`method_factors`. Errors (:class:`~impact.errors.ImpactError`) are memoised too.
    """

    def __init__(self, method: str, params: parameters.ParameterSet, data: DataSource | None):
        self.method, self.params, self.data = method, params, data
        self._memo: dict[tuple, tuple] = {}
        self._inputs: dict = {}  # inputs shared across scenarios (:class:`_RateResolver`)
        self._rates: dict[tuple, list[Input]] = {}  # key → the factors of the cost per day
        self.memoised = True  # False once a factor was seen reading a duration field

    def key(self, s: Scenario) -> tuple:
        return (s.country, s.event_year, s.disruption, s.services, s.severity, s.reach, s.share, s.isp_share,
                s.regions, s.region_weight, s.gdp_year, s.price_year, s.method, s.overrides, self.method,
                self.params.hash, getattr(self.data, "snapshot_id", None))

    def _resolve(self, s, scenario: Scenario) -> tuple:
        r = (_RateResolver(s, self.params, self.data, self._inputs) if isinstance(s, _RateView)
             else Resolver(s, self.params, self.data))
        try:
            factors = method_factor_list(r, self.method)
            counts = None
            if not isinstance(factors, str):  # people and users affected (user-hours are per scenario)
                counts = {k: v for k, v in people_counts(r, scenario).items() if k != "user_hours"}
        except ImpactError as exc:
            return False, exc
        return True, (factors, counts)

    def get(self, s: Scenario, duration: bool = True) -> tuple[list[Input] | str, dict | None]:
        """(factors or the reason the method does not apply, people and internet users affected)
        of ``s``; raises the ImpactError its resolution raises. With ``duration=False``, the
        factors of the cost per day only (without ``days``: what the engine draws), the same list
        for every scenario that shares them."""
        key = self.key(s) if self.memoised else None
        if key is not None and key in self._memo:
            ok, value = self._memo[key]
        else:
            view = _RateView(s, []) if self.memoised else s
            try:
                ok, value = self._resolve(view, s)
            except Exception:  # a factor that needs the Scenario itself (not a view of its fields)
                if not self.memoised:
                    raise
                view.read_other.add("the scenario itself")
            if self.memoised and view.read_other:
                self.memoised = False  # a factor read a duration field: resolve each scenario on its own
                self._memo.clear()
                self._inputs.clear()
                self._rates.clear()
                ok, value = self._resolve(s, s)
            elif self.memoised:
                self._memo[key] = (ok, value)
        if not ok:
            raise value
        factors, counts = value
        if isinstance(factors, str):
            return factors, None
        if not duration:
            if self.memoised:
                if key not in self._rates:
                    self._rates[key] = [f for f in factors if f is not _NO_DAYS]
                return self._rates[key], counts
            return [f for f in factors if f.name != "days"], counts
        days = Resolver.days(_Duration(s))  # the scenario's own duration, as Resolver gives it
        return [days if f is _NO_DAYS else f for f in factors], counts


class _Duration:
    """What :meth:`Resolver.days` reads: the scenario."""

    __slots__ = ("s",)

    def __init__(self, scenario: Scenario):
        self.s = scenario
