"""What an estimate returns: the cost with its range, what it rests on, and how to re-run it."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from impact.model.inputs import Input
from impact.model.scenario import Scenario


class Note(str):
    """A remark on a calculation: English text, plus a ``code`` and ``params`` for translation.

    It is a string (the English text) wherever a string is expected; :mod:`impact.report.cite` looks
    ``code`` up in the locale files to word it in other languages.
    """

    code: str
    params: dict

    def __new__(cls, code: str, text: str, **params):
        return cls._make(code, text.format(**params), params)

    @classmethod
    def _make(cls, code: str, text: str, params: dict) -> "Note":
        note = str.__new__(cls, text)
        note.code, note.params = code, dict(params)
        return note

    def __reduce__(self):  # pickling and copying (Streamlit caches results)
        return (Note._make, (self.code, str(self), self.params))


@dataclass(frozen=True)
class Range:
    """A figure with its range: central = the method's arithmetic at the factors' central values,
    low/high = 5th/95th percentiles of the draws (widened to the central figure if need be)."""

    central: float
    low: float
    high: float

    def scaled(self, factor: float) -> "Range":
        return Range(self.central * factor, self.low * factor, self.high * factor)

    def to_dict(self) -> dict:
        return {"central": self.central, "low": self.low, "high": self.high}


@dataclass(frozen=True)
class MethodResult:
    """One method's figure for the scenario, or why it does not apply."""

    method: str
    title: str
    citation: str
    cost_usd: Range | None
    factors: tuple[Input, ...] = ()
    sensitivity: tuple[dict, ...] = ()
    not_applicable: str | None = None

    def to_dict(self) -> dict:
        return {
            "method": self.method, "title": self.title, "citation": self.citation,
            "cost_usd": self.cost_usd.to_dict() if self.cost_usd else None,
            "factors": [f.to_dict() for f in self.factors],
            "sensitivity": list(self.sensitivity), "not_applicable": self.not_applicable,
        }


@dataclass(frozen=True)
class Result:
    """The estimate for one scenario. ``to_dict()`` is JSON-serialisable.

    ``cost_usd`` is the headline: the chosen method's figure, or for ``method="all"`` the range
    pooled over the methods that apply. All money is current US$ of the GDP year, unless
    ``constant_usd`` is present.
    """

    scenario: Scenario
    method: str
    cost_usd: Range
    cost_per_hour_usd: Range
    cost_per_day_usd: Range
    share_of_annual_gdp: Range
    gdp: Input
    methods: dict[str, MethodResult]
    people_affected: float | None = None
    internet_users_affected: float | None = None
    user_hours: float | None = None
    inputs: tuple[Input, ...] = ()
    region_names: tuple[str, ...] = ()
    constant_usd: dict | None = None
    local_currency: dict | None = None
    notes: tuple[str, ...] = ()
    provenance: dict = field(default_factory=dict)

    def __str__(self) -> str:
        """One line with the figure, its range, unit and data year (the sentence for a letter,
        in words and in English or French: :func:`impact.sentence`)."""
        c, s = self.cost_usd, self.scenario
        unit = f"current US$ of {self.gdp.year}" if self.gdp.year else "current US$"
        return (f"{s.country}, {s.disruption}, {s.hours:g} hours: {c.central:,.0f} (range {c.low:,.0f}–{c.high:,.0f}) "
                f"{unit}, method {self.method}, "
                + (f"5th–95th percentile of {s.draws:,} draws" if s.draws else "products of the inputs' bounds"))

    @property
    def cost_per_window_usd(self) -> Range | None:
        """For a disruption in daily windows (exam-time shutdowns): the cost of one day's window,
        what "a day" of such shutdowns cost (``cost_per_day_usd`` is per 24 hours of disruption);
        None without a daily window."""
        if not self.scenario.daily_window:
            return None
        from impact.model.fields import parse_window, window_hours

        return self.cost_per_day_usd.scaled(window_hours(parse_window(self.scenario.daily_window)) / 24)

    @property
    def overridden(self) -> list[str]:
        return sorted(dict(self.scenario.overrides))

    @property
    def data_year(self) -> int | None:
        return self.gdp.year

    def to_dict(self) -> dict[str, Any]:
        out = {
            "scenario": self.scenario.to_dict(),
            "method": self.method,
            "cost_usd": self.cost_usd.to_dict(),
            "cost_per_hour_usd": self.cost_per_hour_usd.to_dict(),
            "cost_per_day_usd": self.cost_per_day_usd.to_dict(),
            **({"cost_per_window_usd": self.cost_per_window_usd.to_dict()} if self.scenario.daily_window else {}),
            "share_of_annual_gdp": self.share_of_annual_gdp.to_dict(),
            "currency": f"current US$ of {self.gdp.year}" if self.gdp.year else "current US$",
            "data_year": self.data_year,
            "people_affected": self.people_affected,
            "internet_users_affected": self.internet_users_affected,
            "user_hours": self.user_hours,
            "inputs": [i.to_dict() for i in self.inputs],
            "overridden": self.overridden,
            "methods": {k: m.to_dict() for k, m in self.methods.items()},
            "constant_usd": self.constant_usd,
            "local_currency": self.local_currency,
            "notes": list(self.notes),
            "provenance": dict(self.provenance),
        }
        _check_finite(out)
        return out


def _check_finite(obj, path="result"):
    if isinstance(obj, float) and not math.isfinite(obj):
        raise ValueError(f"{path} is not finite")  # a bug, never a user's doing
    if isinstance(obj, dict):
        for k, v in obj.items():
            _check_finite(v, f"{path}.{k}")
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            _check_finite(v, f"{path}[{i}]")
