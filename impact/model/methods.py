"""The published methods, each a product of factors: cost = Π factors (US$).

Each method turns a scenario's resolved inputs (:mod:`impact.model.inputs`) into the list of factors
whose product is the cost, so that every figure can be explained factor by factor and its
range drawn from the factors' ranges (:mod:`impact.model.uncertainty`). Sources and derivations:
``docs/METHODOLOGY.md`` and ``../shared/reference/PUBLISHED_FIGURES.md``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from impact.model import factors as fx
from impact.model.inputs import Input, Resolver
from impact.model.result import Note


class NotApplicable(Exception):
    """This method does not cover the scenario (the reason is the message)."""


def _partial_network(r: Resolver) -> list[Input]:
    """What part of a total shutdown a mobile cut (mobile share of access) or throttling is."""
    if r.s.disruption == "mobile":
        return [r.mobile_access()]
    if r.s.disruption == "throttle":
        return [r.severity()]
    return []


def _disrupted_share(r: Resolver, reading_central: str = "west") -> list[Input]:
    """The share of the economy a disruption reaches, per the Brookings treatment of each type.

    For a block of several platforms, ``reading_central`` names whose reading is the central value
    of the platforms counted: West's (once) or NetBlocks COST's (once per platform).
    """
    if r.s.disruption == "services":
        reading = fx.platforms_reading(r, reading_central)
        return [fx.services_share(r)] + ([reading] if reading is not None else [])
    return [fx.internet_share(r), *_partial_network(r)]


def _gdp(r: Resolver) -> list[Input]:
    """Daily GDP, and the uncertainty of the GDP figure (revisions; the years to the event)."""
    term = fx.gdp_term(r)
    return [r.daily_gdp()] + ([term] if term is not None else [])


def brookings(r: Resolver) -> list[Input]:
    """West (2016): daily GDP × days × S × A × M.

    S is the internet-economy share of GDP (``full``), times the mobile share of access
    (``mobile``) or the severity (``throttle``); for ``services`` it is the value of free apps,
    0.23% of GDP, capped at the internet-economy share (a block never costs more than a
    blackout). A is the share of people affected and M the multiplier reconstructed from the
    paper's US example. Source: https://www.infodocket.com/2016/10/07/research-report-internet-shutdowns-cost-countries-2-4-billion-last-year/
    """
    return [*_gdp(r), r.days(), *_disrupted_share(r), r.affected(), r.multiplier()]


def deloitte(r: Resolver) -> list[Input]:
    """Deloitte (2016): daily GDP × days × tier share of daily GDP lost × A (total shutdowns).

    ``mobile`` and ``throttle`` scale the total-shutdown figure as in :func:`brookings`;
    Deloitte published nothing on blocks of applications, so ``services`` is not covered.
    Source: https://www.deloitte.com/ng/en/Industries/tmt/perspectives/the-economic-impact-of-disruptions-to-internet-connectivity-report-for-facebook.html
    """
    if r.s.disruption == "services":
        raise NotApplicable(Note("deloitte_no_services", "Deloitte (2016) published figures for total "
                                 "shutdowns only, not for blocks of services"))
    return [*_gdp(r), r.days(), fx.deloitte_share(r), r.affected(), *_partial_network(r)]


def cipesa(r: Resolver) -> list[Input]:
    """CIPESA (2017) as NetBlocks COST implements it: direct losses plus equal indirect losses.

    Direct = daily GDP × days × S × A (Brookings without the multiplier); total = direct ×
    (1 + indirect ratio), the ratio being 1 ("split evenly"). A block of several platforms is
    costed as COST's figures do, each platform at the full value of free apps. Source:
    https://trendsnafrica.com/internet-shutdown-costs-ethiopia-100-million
    """
    return [*_gdp(r), r.days(), *_disrupted_share(r, "cost"), r.affected(), r.indirect()]


@dataclass(frozen=True)
class Method:
    name: str
    title: str
    citation: str
    factors: Callable[[Resolver], list[Input]]


METHODS = {
    "brookings": Method("brookings", "Brookings Institution method (West 2016)",
                        "West, D. M. (2016). Internet shutdowns cost countries $2.4 billion last year. Brookings Institution.",
                        brookings),
    "deloitte": Method("deloitte", "Deloitte connectivity tiers (Deloitte 2016)",
                       "Deloitte (2016). The economic impact of disruptions to Internet connectivity. Report for Facebook.",
                       deloitte),
    "cipesa": Method("cipesa", "CIPESA framework, direct + indirect (CIPESA 2017, as in NetBlocks COST)",
                     "CIPESA (2017). A Framework for Calculating the Economic Impact of Internet Disruptions in Sub-Saharan Africa.",
                     cipesa),
}
