"""The library's entry points: the model's functions, given the active snapshot's country data.

The model (:mod:`impact.model`) reads no data itself and imports nothing from :mod:`impact.data`;
this façade joins the two. :func:`estimate` and :func:`estimate_costs` pass the active snapshot
(loaded only if an input needs it) unless a caller gives ``data=``; the currency of
local-currency figures is named by :mod:`impact.data.currencies`. (Country names are resolved by
:mod:`impact.data.countries`, installed into :meth:`impact.Scenario.create` by ``impact/__init__``.)
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping, Sequence

from impact.data import source
from impact.data.currencies import changed_since, currency_code
from impact.errors import InputError
from impact.model import estimator
from impact.model.country_data import DataSource
from impact.model.result import Note, Result
from impact.model.scenario import Scenario



def estimate(scenario: Scenario | None = None, *, data: DataSource | None = None, **fields: Any) -> Result:
    """Estimate the cost of one disruption (see :func:`impact.model.estimator.estimate`).

    ``data``: country data to use; by default the active snapshot (:func:`impact.data.source.active`),
    read only when an input is not overridden.
    """
    if scenario is not None and not isinstance(scenario, Scenario):
        raise InputError(f"scenario={scenario!r} is not accepted: give an impact.Scenario "
                         f"(impact.Scenario.create(country=..., days=...)), or leave it out and give the fields "
                         f"as keywords, e.g. impact.estimate(country='Mali', days=1)")
    result = estimator.estimate(scenario, data=source.active if data is None else data, **fields)
    return _named_currency(result)


def sentence(result: Result, lang: str = "en") -> str:
    """The sentence for a letter: the figure with its range, method, data year (``lang``: en, fr)."""
    from impact.report import cite

    return cite.sentence(result, lang)


def note(result: Result, lang: str = "en") -> str:
    """The methods-and-sources note (Markdown): inputs with their sources, what the range covers,
    how to re-run it, references."""
    from impact.report import cite

    return cite.note(result, lang)


def estimate_costs(scenarios: Sequence[Scenario | Mapping[str, Any]], *, data: DataSource | None = None
                   ) -> list[estimator.Cost]:
    """Costs of many scenarios in one engine pass (see :func:`impact.model.estimator.estimate_costs`)."""
    return estimator.estimate_costs(scenarios, data=source.active if data is None else data)


def _named_currency(result: Result) -> Result:
    local = result.local_currency
    code = currency_code(result.scenario.country, local["year"]) if local else None
    if not code:
        changed = changed_since(result.scenario.country, local["year"]) if local else None
        if changed:
            note = Note("currency_changed", "the currency changed after the rate's year ({old} in {year}, {new} "
                        "today): the World Bank may give the rate in either unit, so the cost in local currency "
                        "is not named", old=changed[0], new=changed[1], year=local["year"])
            return replace(result, notes=result.notes + (note,))
        return result
    unit = local["unit"].replace(estimator.LOCAL_CURRENCY_UNITS, code, 1)
    return replace(result, local_currency={**local, "currency": code, "unit": unit})
