"""``impact.estimate``: one scenario in, one :class:`~impact.model.result.Result` out.

The flow is: validate the scenario → resolve its inputs (data, parameters, overrides) → each
method's factors → draws and percentiles → the result with its provenance.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import numpy as np

from impact._version import __version__
from impact.data import source as ds
from impact.model import parameters
from impact.model import uncertainty
from impact.errors import DataMissingError, InputError
from impact.model.inputs import Input, Resolver
from impact.model.methods import METHODS, NotApplicable
from impact.model.result import MethodResult, Note, Range, Result
from impact.model.scenario import Scenario


def estimate(scenario: Scenario | None = None, *, data: ds.CountryData | None = None, **fields: Any) -> Result:
    """Estimate the cost of one disruption.

    Parameters
    ----------
    scenario : Scenario, optional
        A scenario built with :meth:`Scenario.create`; or give its fields as keywords
        (``country``, ``start``/``end`` or ``hours``/``days``, ``daily_window``, ``disruption``,
        ``services``, ``severity``, ``share``/``isp_share``/``regions``, ``gdp_year``,
        ``price_year``, ``method``, ``draws``, ``seed``, and overrides such as ``gdp_usd``).
    data : CountryData, optional
        Country data to use; by default the active snapshot (:func:`impact.data.source.active`).

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
    names = list(METHODS) if scenario.method == "all" else [scenario.method]
    u = uncertainty.uniforms(scenario.draws, scenario.seed) if scenario.draws else None

    results: dict[str, MethodResult] = {}
    rates: list[tuple[Range, np.ndarray | None]] = []
    for name in names:
        method = METHODS[name]
        try:
            factors = method.factors(r)
        except NotApplicable as why:
            results[name] = MethodResult(name, method.title, method.citation, None, not_applicable=why.args[0])
            continue
        rate, draws, sens = _evaluate(factors, u)
        rates.append((rate, draws))
        results[name] = MethodResult(name, method.title, method.citation, rate.scaled(scenario.days),
                                     tuple(factors), tuple(sens))
    if not rates:
        reasons = "; ".join(m.not_applicable for m in results.values())
        raise InputError(f"no method covers this scenario: {reasons}; use method 'brookings'")
    rate = _pool(rates)
    gdp = r.gdp()
    cost = rate.scaled(scenario.days)
    inputs = _inputs_used(r, results)
    return Result(
        scenario=scenario, method=scenario.method, cost_usd=cost, cost_per_day_usd=rate,
        cost_per_hour_usd=rate.scaled(1 / 24), share_of_annual_gdp=cost.scaled(1 / gdp.value) if gdp.value else Range(0, 0, 0),
        gdp=gdp, methods=results, **people_counts(r, scenario), inputs=inputs,
        constant_usd=_constant(cost, gdp, scenario, r), local_currency=_local(cost, gdp, scenario, r),
        notes=tuple(_notes(scenario, results, inputs)), provenance=_provenance(scenario, params, r),
    )


def _evaluate(factors: list[Input], u: np.ndarray | None):
    """Cost per day (all factors but the duration) as a Range, its draws, and the sensitivity.

    With no draws the range comes from the factors' bounds: every factor is non-negative and
    the cost increases in each, so the bounds of the product are the products of the bounds.
    """
    others = [f for f in factors if f.name != "days"]
    if u is None:
        bounds = [float(np.prod([getattr(f, k) for f in others])) for k in ("value", "low", "high")]
        return Range(*bounds), None, []
    draws = {f.name: uncertainty.draw(f.name, f.low, f.value, f.high, u) for f in others}
    rate = np.prod(np.vstack(list(draws.values())), axis=0)
    low, central, high = uncertainty.summarise(rate)
    return Range(float(central), float(low), float(high)), rate, uncertainty.sensitivity(draws)


def _pool(rates: list[tuple[Range, np.ndarray | None]]) -> Range:
    """One method's range, or for several the range of their pooled draws (equal weights)."""
    if len(rates) == 1:
        return rates[0][0]
    if rates[0][1] is None:
        return Range(float(np.median([r.central for r, _ in rates])), min(r.low for r, _ in rates),
                     max(r.high for r, _ in rates))
    low, central, high = uncertainty.summarise(np.concatenate([d for _, d in rates]))
    return Range(float(central), float(low), float(high))


def people_counts(r: Resolver, s: Scenario) -> dict:
    """People and internet users affected, and user-hours (None where the data lacks them)."""
    pop, pen, affected = r.optional(r.population), r.optional(r.penetration), r.affected()
    people = pop.value * affected.value if pop else None
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


def _local(cost: Range, gdp: Input, s: Scenario, r: Resolver) -> dict | None:
    if gdp.year is None:
        return None
    from impact.model.prices import currency_code, to_local_currency

    try:
        _, rate = to_local_currency(1.0, s.country, gdp.year, r.data)
    except DataMissingError:
        return None
    code = currency_code(s.country)
    return {"exchange_rate": rate.value, "year": rate.year, "source": rate.source, "currency": code,
            "cost": cost.scaled(rate.value).to_dict(),
            "unit": f"{code or 'local currency units'} ({rate.year} average rate, World Bank PA.NUS.FCRF)"}


STALE_YEARS = 5  # an input older than this, relative to the event or GDP year, gets a note


def _notes(s: Scenario, results: dict[str, MethodResult], inputs: tuple[Input, ...]) -> list[Note]:
    notes = [Note("not_applicable", "{method}: not applicable: {reason}", method=m.method, reason=m.not_applicable)
             for m in results.values() if m.not_applicable]
    if s.disruption == "services":
        notes.append(Note("services_full_share", "services: a block of any listed platforms is costed at the "
                          "full value of free apps ({share:.2%} of GDP a year), as West (2016) did for national "
                          "app blocks", share=parameters.load().value("app_value_share")))
    reference_year = s.gdp_year or s.event_year or max((i.year for i in inputs if i.year), default=None)
    for i in inputs:
        if reference_year and i.year and reference_year - i.year > STALE_YEARS:
            notes.append(Note("old_data", "{label}: the latest value available is from {year}, {gap} years before "
                              "{reference}; check it before citing", label=i.label, name=i.name, year=i.year,
                              gap=reference_year - i.year, reference=reference_year))
    return notes


def _provenance(s: Scenario, params: parameters.ParameterSet, r: Resolver) -> dict:
    snapshot = r._data.snapshot_id if r._data is not None else None
    return {
        "package": "impact", "package_version": __version__, "parameter_hash": params.hash,
        "data_snapshot": snapshot, "method": s.method, "draws": s.draws, "seed": s.seed,
        "percentiles": list(uncertainty.LEVELS),
        "computed_at": datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
    }


def method_factors(scenario: Scenario, data: ds.CountryData | None = None) -> dict[str, list[Input] | str]:
    """Each method's factors for a scenario, or the reason it does not apply (batch use)."""
    r = Resolver(scenario, parameters.load(), data)
    names = list(METHODS) if scenario.method == "all" else [scenario.method]
    out: dict[str, list[Input] | str] = {}
    for name in names:
        try:
            out[name] = METHODS[name].factors(r)
        except NotApplicable as why:
            out[name] = str(why)
    return out


def rate_ranges(factor_lists: list[list[Input]], draws: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(low, central, high) cost per day for many scenarios at once, vectorised.

    Each scenario's factors (the duration left out) become rows of a (streams × events) matrix,
    with 1 where a scenario lacks a factor; the draws use the same uniforms as
    :func:`estimate` with the same seed, so each scenario gets the figures it would get alone.
    """
    n = len(factor_lists)
    shape = (len(uncertainty.STREAMS), n)
    lows, modes, highs = np.ones(shape), np.ones(shape), np.ones(shape)
    used = np.zeros(len(uncertainty.STREAMS), dtype=bool)
    for j, factors in enumerate(factor_lists):
        for f in factors:
            if f.name == "days":
                continue
            k = uncertainty.stream(f.name)
            lows[k, j], modes[k, j], highs[k, j] = f.low, f.value, f.high
            used[k] = True
    if draws == 0:
        return lows.prod(axis=0), modes.prod(axis=0), highs.prod(axis=0)
    u = uncertainty.uniforms(draws, seed)
    rate = np.ones((n, draws))
    for k in np.flatnonzero(used):
        exact = lows[k] == highs[k]
        if exact.all():
            rate *= modes[k][:, None]
            continue
        rate *= uncertainty.triangular_ppf(u[k][None, :], lows[k][:, None], modes[k][:, None], highs[k][:, None])
    low, central, high = uncertainty.summarise(rate, axis=1)
    return low, central, high
