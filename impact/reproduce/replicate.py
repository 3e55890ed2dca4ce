"""Published figures re-run with this model: ours beside theirs, the ratio and its tolerance.

The cases live in ``data/published_figures.yaml``; why each ratio is what it is, in
``validation/DIFFERENCES.md``. ``impact replicate STUDY`` prints them; the tests fail when a
ratio drifts out of the tolerance recorded for it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from impact.errors import InputError
from impact.model.estimator import estimate
from impact.model.parameters import data_dir
from impact.model.result import Range


@dataclass(frozen=True)
class Case:
    id: str
    study: str
    what: str
    published_usd: float
    scenario: dict
    ratio: tuple[float, float]
    difference: str


@dataclass(frozen=True)
class Replication:
    case: Case
    ours: Range
    data_year: int | None

    @property
    def ratio(self) -> float:
        return self.ours.central / self.case.published_usd

    @property
    def within(self) -> bool:
        lo, hi = self.case.ratio
        return lo <= self.ratio <= hi

    def to_dict(self) -> dict:
        return {"id": self.case.id, "what": self.case.what, "published_usd": self.case.published_usd,
                "ours_usd": self.ours.to_dict(), "ratio": self.ratio, "tolerance": list(self.case.ratio),
                "within_tolerance": self.within, "data_year": self.data_year,
                "explained_in": f"validation/DIFFERENCES.md#{self.case.difference}"}


@lru_cache(maxsize=1)
def _load() -> dict:
    return yaml.safe_load((data_dir() / "published_figures.yaml").read_text(encoding="utf-8"))


def studies() -> dict[str, dict]:
    return dict(_load()["studies"])


def cases(study: str | None = None) -> list[Case]:
    """The re-runnable published figures, of one study or all."""
    known = studies()
    if study is not None and study not in known:
        raise InputError(f"unknown study {study!r}: accepted are {', '.join(known)}")
    return [Case(c["id"], c["study"], c["what"], float(c["published_usd"]), dict(c["scenario"]),
                 tuple(c["ratio"]), c["difference"])
            for c in _load()["cases"] if study in (None, c["study"])]


def not_rerunnable(study: str | None = None) -> list[dict]:
    return [c for c in _load()["not_rerunnable"] if study in (None, c["study"])]


def replicate(study: str | None = None, data=None) -> list[Replication]:
    """Re-run every case of a study with the active data (or ``data``)."""
    out = []
    for case in cases(study):
        result = estimate(data=data, **case.scenario)
        out.append(Replication(case, result.cost_usd, result.data_year))
    return out
