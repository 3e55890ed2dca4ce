"""One table of the scenario's fields: it drives the command-line flags, their help text, the
page's widgets and their limits, so that the three never disagree.

Limits of the overrides come from :func:`impact.model.scenario.override_spec`: the data inputs' own
bounds and, for model parameters, the ``valid`` range in ``data/parameters.yaml``.
"""
from __future__ import annotations

from dataclasses import dataclass

from impact.model import parameters
from impact.model.scenario import (DEFAULT_DRAWS, DISRUPTIONS, MAX_DAYS, MAX_DRAWS, MAX_HOURS, METHODS, REGION_WEIGHTS,
                       SERVICES, override_names,
                       override_spec)


@dataclass(frozen=True)
class Field:
    name: str          # keyword of Scenario.create / impact.estimate
    help: str
    kind: str          # "str" | "float" | "int" | "choice" | "list" | "date"
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    default: object = None
    unit: str = ""

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


SCENARIO_FIELDS: tuple[Field, ...] = (
    Field("country", "country name or ISO3 code, e.g. Mali, MLI, \"Côte d'Ivoire\"", "str"),
    Field("start", "start, ISO 8601 date or datetime (naive = UTC)", "date"),
    Field("end", "end, ISO 8601; a date-only end is inclusive", "date"),
    Field("hours", "duration in hours (instead of start/end)", "float", low=0.0, high=MAX_HOURS, unit="hours"),
    Field("days", "duration in days, or the number of daily windows (with --start: the windows in that many "
          "days)", "float", low=0.0, high=MAX_DAYS, unit="days"),
    Field("daily_window", "recurring daily window HH:MM-HH:MM in UTC, e.g. 09:00-13:00", "str"),
    Field("disruption", "what was cut", "choice", choices=DISRUPTIONS, default="full"),
    Field("services", "platforms blocked, comma-separated (for services)", "list", choices=SERVICES),
    Field("severity", "share of capacity lost, 0-1 (for throttle)", "float", low=0.0, high=1.0),
    Field("share", "share of the population affected, 0-1", "float", low=0.0, high=1.0, unit="fraction"),
    Field("isp_share", "market share of the ISP(s) cut, 0-1", "float", low=0.0, high=1.0, unit="fraction"),
    Field("regions", "sub-national regions, comma-separated, e.g. Tigray,Amhara", "list"),
    Field("region_weight", "regions count by population (default) or income share", "choice",
          choices=REGION_WEIGHTS),
    Field("gdp_year", "GDP year (default: latest not after the event)", "int", low=1960),
    Field("price_year", "express the cost in constant US$ of this year", "int", low=1960),
    Field("method", "estimation method", "choice", choices=METHODS, default="brookings"),
    Field("draws", "Monte Carlo draws for the range (0 = parameter bounds only)", "int", low=0,
          high=MAX_DRAWS, default=DEFAULT_DRAWS),
    Field("seed", "random seed of the draws", "int", low=0, high=2**32 - 1, default=0),
)


def override_fields() -> tuple[Field, ...]:
    """One field per override, bounded as :func:`impact.model.scenario.override_spec` says."""
    pset = parameters.load()
    out = []
    for name in override_names():
        unit, low, high = override_spec(name)
        p = pset.parameters.get(name)
        help_ = (f"override: {p.title} (default {p.value:g} {p.unit})" if p
                 else f"override: {name.replace('_', ' ')} ({unit})")
        out.append(Field(name, help_, "float", low=low, high=high, unit=unit))
    return tuple(out)
