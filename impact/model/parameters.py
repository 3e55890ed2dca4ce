"""The model's constants, loaded once from ``data/*.yaml`` into frozen objects.

Each parameter carries its value, unit, uncertainty range, the range an override may take and
its references; :func:`load` returns them with a hash of the whole parameter set, which every
result records so that a changed constant is visible.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import yaml

from impact.errors import ParameterError

KINDS = ("sourced", "derived", "assumption")
# Distributions a parameter's range may have: the names of impact.model.uncertainty.DISTRIBUTIONS
# (kept here so that reading the parameters needs no numpy; a test checks the two agree).
DISTRIBUTIONS = ("triangular", "uniform", "split_triangular", "lognormal", "split_uniform", "log_split_triangular")
FILES = ("parameters.yaml", "internet_economy_shares.yaml", "deloitte_2016.yaml")


@dataclass(frozen=True)
class Reference:
    title: str
    url: str


@dataclass(frozen=True)
class Parameter:
    name: str
    title: str
    description: str
    value: float
    low: float
    high: float
    valid: tuple[float, float]
    unit: str
    kind: str
    references: tuple[Reference, ...]
    distribution: str = "triangular"
    overridable: bool = True  # a model input impact.estimate accepts as an override

    @property
    def source(self) -> str:
        return "; ".join(r.title for r in self.references)


@dataclass(frozen=True)
class KnownShare:
    iso3: str
    value: float
    year: int
    reference: Reference
    report: str = ""   # the study the figure comes from (figures of one study are one unit of the share fit)


@dataclass(frozen=True)
class SharePoint:
    """A sourced share of GDP with its concept and year (``points`` of internet_economy_shares.yaml).

    ``use``: ``spread`` (same concept as the known shares, iGDP: enters the range of the share
    estimated from penetration) or ``none`` (another concept, recorded and shown, never mixed in).
    """
    iso3: str
    concept: str
    year: int
    value: float
    use: str
    label: str
    note: str
    reference: Reference
    report: str = ""   # the study the figure comes from (figures of one study are one unit of the share fit)


SHARE_POINT_USES = ("spread", "none")


@dataclass(frozen=True)
class DeloitteTier:
    name: str
    share_of_daily_gdp: float
    usd_per_day_per_10m_people: float
    gdp_per_head_usd: float


@dataclass(frozen=True)
class ParameterSet:
    parameters: Mapping[str, Parameter]
    known_shares: Mapping[str, KnownShare]
    deloitte_tiers: tuple[DeloitteTier, ...]
    deloitte_reference: Reference
    hash: str
    share_points: tuple[SharePoint, ...] = ()

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise ParameterError(
                f"unknown parameter {name!r}; known: {', '.join(sorted(self.parameters))}"
            ) from None

    def value(self, name: str) -> float:
        return self[name].value


def parameter_folder() -> Path:
    """The folder holding the parameter files (in the wheel, or the source tree)."""
    package = Path(__file__).resolve().parents[1]
    here = package
    for candidate in (package / "_data", package.parent / "data"):
        if (candidate / FILES[0]).is_file():
            return candidate
    raise ParameterError(f"parameter files not found next to {here}; reinstall the package")


def _reference(raw: Mapping, where: str) -> Reference:
    if not isinstance(raw, Mapping) or not raw.get("title") or not raw.get("url"):
        raise ParameterError(f"{where}: each reference needs a title and a url")
    return Reference(str(raw["title"]), str(raw["url"]))


def _parameter(name: str, raw: Mapping) -> Parameter:
    required = ("title", "description", "value", "low", "high", "valid", "unit", "kind", "references")
    missing = [k for k in required if k not in raw]
    if missing:
        raise ParameterError(f"parameter {name!r} lacks {', '.join(missing)}")
    if raw["kind"] not in KINDS:
        raise ParameterError(f"parameter {name!r}: kind must be one of {', '.join(KINDS)}")
    value, low, high = float(raw["value"]), float(raw["low"]), float(raw["high"])
    valid = tuple(float(v) for v in raw["valid"])
    if not (valid[0] <= low <= value <= high <= valid[1]):
        raise ParameterError(f"parameter {name!r}: need valid[0] <= low <= value <= high <= valid[1]")
    distribution = str(raw.get("distribution", "triangular"))
    if distribution not in DISTRIBUTIONS:
        raise ParameterError(f"parameter {name!r}: distribution must be one of {', '.join(DISTRIBUTIONS)}")
    refs = tuple(_reference(r, f"parameter {name!r}") for r in raw["references"])
    if not refs:
        raise ParameterError(f"parameter {name!r} needs at least one reference")
    return Parameter(
        name=name, title=str(raw["title"]), description=" ".join(str(raw["description"]).split()),
        value=value, low=low, high=high, valid=valid, unit=str(raw["unit"]), kind=str(raw["kind"]),
        references=refs, distribution=distribution,
        overridable=bool(raw.get("override", True)),
    )


def safe_yaml(text: str):
    """``yaml.safe_load`` with libyaml's C parser when PyYAML has it (the same values, ~10× faster)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@lru_cache(maxsize=None)
def load(folder: str | None = None) -> ParameterSet:
    """Read and validate the parameter files once; the result is immutable and cached."""
    root = Path(folder) if folder else parameter_folder()
    texts = {name: (root / name).read_text(encoding="utf-8") for name in FILES}
    digest = hashlib.sha256()
    for name in FILES:
        digest.update(name.encode() + b"\0" + texts[name].encode() + b"\0")
    raw_params = safe_yaml(texts["parameters.yaml"])["parameters"]
    params = {name: _parameter(name, raw) for name, raw in raw_params.items()}
    raw_share_file = safe_yaml(texts["internet_economy_shares.yaml"])
    raw_shares = raw_share_file["shares"]
    shares = {
        iso3: KnownShare(iso3, float(r["value"]), int(r["year"]), _reference(r["reference"], iso3),
                         str(r.get("report", "")))
        for iso3, r in raw_shares.items()
    }
    points = tuple(_share_point(i, raw) for i, raw in
                   enumerate(raw_share_file.get("points") or ()))
    raw_del = safe_yaml(texts["deloitte_2016.yaml"])
    tiers = tuple(
        DeloitteTier(t["name"], float(t["share_of_daily_gdp"]), float(t["usd_per_day_per_10m_people"]),
                     float(t["gdp_per_head_usd"]))
        for t in raw_del["tiers"]
    )
    return ParameterSet(
        parameters=MappingProxyType(params), known_shares=MappingProxyType(shares),
        deloitte_tiers=tiers, deloitte_reference=_reference(raw_del["reference"], "deloitte"),
        hash=digest.hexdigest()[:16], share_points=points,
    )


def _share_point(i: int, raw: Mapping) -> SharePoint:
    where = f"internet_economy_shares.yaml points[{i}]"
    missing = [k for k in ("iso3", "concept", "year", "value", "use", "label", "reference") if k not in raw]
    if missing:
        raise ParameterError(f"{where} lacks {', '.join(missing)}")
    if raw["use"] not in SHARE_POINT_USES:
        raise ParameterError(f"{where}: use must be one of {', '.join(SHARE_POINT_USES)}")
    value = float(raw["value"])
    if not 0 < value < 1:
        raise ParameterError(f"{where}: value must be a fraction of GDP between 0 and 1")
    return SharePoint(str(raw["iso3"]), str(raw["concept"]), int(raw["year"]), value, str(raw["use"]),
                      str(raw["label"]), str(raw.get("note", "")), _reference(raw["reference"], where),
                      str(raw.get("report", "")))


def as_table(pset: ParameterSet | None = None) -> list[dict]:
    """Every constant as a plain row (name, value, unit, range, kind, source) for display:
    the parameters, the published internet-economy shares and Deloitte's tiers."""
    pset = pset or load()
    rows = [
        {"name": p.name, "title": p.title, "value": p.value, "unit": p.unit, "low": p.low,
         "high": p.high, "valid": list(p.valid), "kind": p.kind, "source": p.source,
         "urls": [r.url for r in p.references]}
        for p in pset.parameters.values()
    ]
    for share in pset.known_shares.values():
        rows.append({"name": f"internet_share[{share.iso3}]", "title": f"Internet-economy share of GDP, {share.iso3}, "
                     f"{share.year}", "value": share.value, "unit": "fraction of GDP", "low": share.value,
                     "high": share.value, "valid": [0.0, 1.0], "kind": "sourced", "source": share.reference.title,
                     "urls": [share.reference.url]})
    for pt in pset.share_points:
        rows.append({"name": f"share_point[{pt.iso3} {pt.year}]", "title": f"{pt.concept} share of GDP, {pt.iso3}, "
                     f"{pt.year} ({'enters the range of estimated shares' if pt.use == 'spread' else 'other concept, not used'})",
                     "value": pt.value, "unit": "fraction of GDP", "low": pt.value, "high": pt.value,
                     "valid": [0.0, 1.0], "kind": "sourced", "source": pt.reference.title, "urls": [pt.reference.url]})
    ref = pset.deloitte_reference
    for t in pset.deloitte_tiers:
        rows.append({"name": f"deloitte_share[{t.name}]", "title": f"Deloitte: one day of total shutdown, {t.name} "
                     "connectivity", "value": t.share_of_daily_gdp, "unit": "fraction of daily GDP",
                     "low": t.share_of_daily_gdp, "high": t.share_of_daily_gdp, "valid": [0.0, 1.0],
                     "kind": "sourced", "source": ref.title, "urls": [ref.url]})
        rows.append({"name": f"deloitte_gdp_per_head[{t.name}]", "title": f"GDP per head at which Deloitte's two "
                     f"forms agree, {t.name} tier", "value": t.gdp_per_head_usd, "unit": "current US$ per person",
                     "low": t.gdp_per_head_usd, "high": t.gdp_per_head_usd, "valid": [0.0, 1e6],
                     "kind": "derived", "source": ref.title, "urls": [ref.url]})
    return rows
