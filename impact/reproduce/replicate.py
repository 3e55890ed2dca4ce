"""Published figures re-run with this model: ours beside theirs, the ratio and its tolerance.

The cases live in ``data/published_figures.yaml``; why each ratio is what it is, in
``validation/DIFFERENCES.md``. ``impact replicate STUDY`` prints them; the tests fail when a
ratio drifts out of the tolerance recorded for it. ``impact replicate --coverage`` asks a second
question of every case: does our 5–95% range hold the published figure? (:func:`coverage`).
"""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from functools import lru_cache

import yaml

from impact.errors import InputError
from impact.api import estimate
from impact.model.parameters import parameter_folder
from impact.model.result import Range

BLACKOUTS = ("full", "mobile", "throttle")  # network shutdowns; "services" is a block of platforms


@dataclass(frozen=True)
class Case:
    id: str
    study: str
    what: str
    published: float
    currency: str  # "USD", or the ISO 4217 code of a figure published in local currency
    scenario: dict
    ratio: tuple[float, float]
    difference: str
    measures: str = ""
    label: str = ""
    url: str = ""
    coverage: bool = True
    digits: int = 3  # significant digits of the published figure
    # a figure computed in US$ and published in local currency: (value, currency, local units per US$)
    local: tuple = ()
    in_sample: bool = False  # a parameter of the model was derived from this figure

    @property
    def rounding(self) -> tuple[float, float]:
        """The interval the published figure stands for, given its significant digits."""
        half = 0.5 * 10 ** (math.floor(math.log10(self.published)) - self.digits + 1)
        return self.published - half, self.published + half

    @property
    def published_usd(self) -> float | None:
        return self.published if self.currency == "USD" else None

    @property
    def kind(self) -> str:
        """``blackout`` (a full, mobile or throttled network) or ``services`` (a block of platforms)."""
        return "services" if self.scenario.get("disruption", "full") == "services" else "blackout"


@dataclass(frozen=True)
class Replication:
    case: Case
    ours: Range            # US$
    compared: Range        # in the currency of the published figure
    data_year: int | None

    @property
    def ratio(self) -> float:
        return self.compared.central / self.case.published

    @property
    def within(self) -> bool:
        lo, hi = self.case.ratio
        return lo <= self.ratio <= hi

    @property
    def inside(self) -> bool:
        """Whether the published figure (the interval its digits stand for) meets our 5–95% range."""
        lo, hi = self.case.rounding
        return self.compared.low <= hi and lo <= self.compared.high

    @property
    def width(self) -> float:
        """high / low of our range (inf when low is 0)."""
        return self.compared.high / self.compared.low if self.compared.low > 0 else math.inf

    def to_dict(self) -> dict:
        return {"id": self.case.id, "study": self.case.study, "what": self.case.what,
                "measures": self.case.measures, "label": self.case.label, "url": self.case.url,
                "published": self.case.published, "currency": self.case.currency,
                "published_as": dict(zip(("value", "currency", "usd_rate"), self.case.local)) or None,
                "published_usd": self.case.published_usd, "ours_usd": self.ours.to_dict(),
                "ours": self.compared.to_dict(), "ratio": self.ratio, "tolerance": list(self.case.ratio),
                "within_tolerance": self.within, "inside_range": self.inside, "range_width": self.width,
                "kind": self.case.kind, "in_coverage": self.case.coverage, "in_sample": self.case.in_sample,
                "data_year": self.data_year,
                "explained_in": f"validation/DIFFERENCES.md#{self.case.difference}"}


@lru_cache(maxsize=1)
def _load() -> dict:
    return yaml.safe_load((parameter_folder() / "published_figures.yaml").read_text(encoding="utf-8"))


def studies() -> dict[str, dict]:
    return dict(_load()["studies"])


def _case(c: dict) -> Case:
    local: tuple = ()
    if "published_local" in c and "usd_rate" in c["published_local"]:
        # computed in US$ and converted at the estimator's own rate: compared in US$ at that rate
        pl = c["published_local"]
        value, currency = float(pl["value"]) / float(pl["usd_rate"]), "USD"
        local = (float(pl["value"]), str(pl["currency"]), float(pl["usd_rate"]))
    elif "published_local" in c:
        value, currency = float(c["published_local"]["value"]), str(c["published_local"]["currency"])
    else:
        value, currency = float(c["published_usd"]), "USD"
    return Case(c["id"], c["study"], c["what"], value, currency, dict(c["scenario"]), tuple(c["ratio"]),
                c["difference"], c.get("measures", ""), c.get("label", ""), c.get("url", ""),
                bool(c.get("coverage", True)), int(c.get("digits", 3)), local, bool(c.get("in_sample", False)))


def cases(study: str | None = None) -> list[Case]:
    """The re-runnable published figures, of one study or all."""
    known = studies()
    if study is not None and study not in known:
        raise InputError(f"unknown study {study!r}: accepted are {', '.join(known)}")
    return [_case(c) for c in _load()["cases"] if study in (None, c["study"])]


def not_rerunnable(study: str | None = None) -> list[dict]:
    return [c for c in _load()["not_rerunnable"] if study in (None, c["study"])]


def rerun(case: Case, data=None) -> Replication:
    """Re-run one case with the active data (or ``data``), in the published figure's currency."""
    result = estimate(data=data, **case.scenario)
    if case.currency == "USD":
        compared = result.cost_usd
    else:
        local = result.local_currency
        if not local or local.get("currency") != case.currency:
            raise InputError(f"{case.id}: published in {case.currency}, but the estimate has no figure in that "
                             f"currency (got {local and local.get('currency')})")
        c = local["cost"]
        compared = Range(c["central"], c["low"], c["high"])
    return Replication(case, result.cost_usd, compared, result.data_year)


def replicate(study: str | None = None, data=None) -> list[Replication]:
    """Re-run every case of a study (or of all studies) with the active data (or ``data``)."""
    return [rerun(case, data) for case in cases(study)]


@dataclass(frozen=True)
class Coverage:
    """How well our ranges hold the published figures of other estimators (issue 10's check)."""

    rows: tuple[Replication, ...]

    @property
    def n(self) -> int:
        return len(self.rows)

    @property
    def estimators(self) -> tuple[str, ...]:
        return tuple(sorted({r.case.study for r in self.rows}))

    @property
    def inside(self) -> int:
        return sum(r.inside for r in self.rows)

    @property
    def share_inside(self) -> float:
        return self.inside / self.n if self.n else 0.0

    @property
    def out_of_sample(self) -> tuple[int, int]:
        """(inside, n) over the figures no parameter of the model was derived from."""
        rows = [r for r in self.rows if not r.case.in_sample]
        return sum(r.inside for r in rows), len(rows)

    @property
    def median_abs_log10(self) -> float:
        """Median |log10(our central / published)|: 0.20 is a factor of 1.58 either way."""
        return statistics.median(abs(math.log10(r.ratio)) for r in self.rows)

    def median_width(self, kind: str) -> float | None:
        """Median high/low of our ranges over the cases of one kind (``blackout`` or ``services``)."""
        widths = [r.width for r in self.rows if r.case.kind == kind]
        return statistics.median(widths) if widths else None

    def summary(self) -> str:
        wb, ws = self.median_width("blackout"), self.median_width("services")
        return (f"{self.inside} of {self.n} published figures ({self.share_inside:.0%}) from "
                f"{len(self.estimators)} estimators lie inside our 5–95% range ({self.out_of_sample[0]} of "
                f"{self.out_of_sample[1]} of those no parameter was derived from); median |log10(ours / published)| "
                f"{self.median_abs_log10:.2f}; median range width (high / low) ×{wb:.2f} for blackouts, "
                f"×{ws:.2f} for blocks of services" if wb and ws else "no cases")

    def to_dict(self) -> dict:
        return {"cases": [r.to_dict() for r in self.rows], "n": self.n, "estimators": list(self.estimators),
                "inside": self.inside, "share_inside": self.share_inside,
                "out_of_sample": dict(zip(("inside", "n"), self.out_of_sample)),
                "median_abs_log10": self.median_abs_log10,
                "median_width": {"blackout": self.median_width("blackout"),
                                 "services": self.median_width("services")},
                "summary": self.summary()}


def coverage(data=None) -> Coverage:
    """Every published figure in the coverage set beside our central figure and 5–95% range."""
    return Coverage(tuple(rerun(c, data) for c in cases() if c.coverage))
