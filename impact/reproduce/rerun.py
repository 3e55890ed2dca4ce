"""Re-run a saved result and say whether it still matches, and if not, what moved.

A result saved with ``impact estimate … --json`` (``Result.to_dict()``) holds its scenario, the
value, range, year and source of every input, and its provenance (package version,
parameter-set hash, data snapshot). :func:`rerun` rebuilds the scenario, estimates it again
with today's code, parameters and data, and compares the two records.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Mapping

from impact.data import source as ds
from impact.errors import InputError
from impact.api import estimate
from impact.model.result import Result
from impact.model.scenario import Scenario

# Relative difference below which two floats are the same figure (the draws are seeded, so a
# re-run with unchanged inputs gives the same numbers up to floating-point summation order).
REL_TOL = 1e-9
REQUIRED = ("scenario", "cost_usd", "inputs", "provenance")
# The scenario's fields that fix its draws (re-run exactly as saved).
RUN_FIELDS = ("seed", "draws")
PROVENANCE = (("package_version", "package version"), ("parameter_hash", "parameter set"),
              ("data_snapshot", "data snapshot"))


def load(path: str | Path) -> dict:
    """Read a saved result (JSON); InputError when the file is absent or not a saved result."""
    p = Path(path)
    try:
        saved = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"--from {path}: no such file; give a JSON file saved by 'impact estimate --json'") from None
    except OSError as exc:
        raise InputError(f"--from {path}: cannot be read ({exc.strerror}); give a JSON file saved by "
                         f"'impact estimate --json'") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"--from {path}: not JSON ({exc}); give a file saved by 'impact estimate --json'") from None
    check(saved, str(path))
    return saved


def check(saved: Any, where: str = "saved result") -> None:
    """InputError unless ``saved`` has the keys a result saved by ``to_dict()`` has."""
    if not isinstance(saved, Mapping):
        raise InputError(f"{where}: a saved result is a JSON object as written by 'impact estimate --json'")
    missing = [k for k in REQUIRED if k not in saved]
    if missing:
        raise InputError(f"{where}: not a result saved by 'impact estimate --json' (missing "
                         f"{', '.join(missing)}); accepted: the JSON that command prints")
    cost = saved["cost_usd"]
    if not isinstance(cost, Mapping) or not all(isinstance(cost.get(k), (int, float)) for k in ("central", "low", "high")):
        raise InputError(f"{where}: cost_usd must hold numbers central, low and high")
    shapes = {"scenario": Mapping, "provenance": Mapping, "inputs": list}
    wrong = [k for k, kind in shapes.items() if not isinstance(saved[k], kind)]
    if wrong or not all(isinstance(i, Mapping) for i in saved["inputs"]):
        raise InputError(f"{where}: not a result saved by 'impact estimate --json' ({', '.join(wrong) or 'inputs'} "
                         f"has the wrong shape); accepted: the JSON that command prints")
    # What a re-run needs to repeat the result and say what moved: read, never defaulted (a missing
    # seed had been seed 0, missing draws the default number, and the re-run then "did not match").
    lacking = [f"scenario.{k}" for k in RUN_FIELDS if saved["scenario"].get(k) is None]
    lacking += [f"provenance.{k}" for k, _ in PROVENANCE if saved["provenance"].get(k) in (None, "")]
    if lacking:
        why = []
        if any(k.startswith("scenario.") for k in lacking):
            why.append("without the seed and number of draws its range cannot be drawn again")
        if any(k.startswith("provenance.") for k in lacking):
            why.append("without its provenance a re-run cannot say what moved")
        raise InputError(f"{where}: the saved result lacks {', '.join(lacking)} ({'; '.join(why)}); accepted: the "
                         f"JSON 'impact estimate --json' prints, which records them")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=0.0)
    return a == b


def _change(what: str, old: Any, new: Any) -> str:
    if isinstance(old, (int, float)) and isinstance(new, (int, float)) and old:
        return f"{what}: {old:,.6g} → {new:,.6g} ({(new - old) / abs(old):+.2%})"
    return f"{what}: {old!r} → {new!r}"


def compare(saved: Mapping, new: Mapping) -> tuple[bool, list[str]]:
    """(matches, changes) between two results' dictionaries.

    ``matches`` is True when the cost and every input's value, range and year are the same;
    ``changes`` names everything that differs, including provenance and sources, which alone
    do not break the match (a re-import of the same figures changes the snapshot id).
    """
    substantive: list[str] = []
    informative: list[str] = []
    for key in ("central", "low", "high"):
        old, cur = saved["cost_usd"].get(key), new["cost_usd"][key]
        if not _same(old, cur):
            substantive.append(_change(f"cost_usd.{key}", old, cur))
    old_inputs = {i.get("name"): i for i in saved["inputs"] if isinstance(i, Mapping)}
    new_inputs = {i["name"]: i for i in new["inputs"]}
    for name, cur in new_inputs.items():
        old = old_inputs.get(name)
        if old is None:
            substantive.append(f"input {name}: not in the saved result (now {cur['value']:,.6g}, {cur['source']})")
            continue
        for key in ("value", "low", "high", "year"):
            if not _same(old.get(key), cur[key]):
                substantive.append(_change(f"input {name}.{key}", old.get(key), cur[key]))
        if old.get("source") != cur["source"]:
            informative.append(f"input {name}.source: {old.get('source')!r} → {cur['source']!r}")
    for name in old_inputs.keys() - new_inputs.keys():
        substantive.append(f"input {name}: in the saved result, no longer used")
    for key in ("people_affected", "internet_users_affected", "user_hours"):
        if not _same(saved.get(key), new.get(key)):
            substantive.append(_change(key, saved.get(key), new.get(key)))
    for block in ("constant_usd", "local_currency"):
        old_b, new_b = saved.get(block) or {}, new.get(block) or {}
        old_cost, new_cost = old_b.get("cost") or {}, new_b.get("cost") or {}
        for key in ("central", "low", "high"):
            if not _same(old_cost.get(key) if isinstance(old_cost, Mapping) else None, new_cost.get(key)):
                substantive.append(_change(f"{block}.cost.{key}", old_cost.get(key) if isinstance(old_cost, Mapping)
                                           else old_cost, new_cost.get(key)))
    for key, label in PROVENANCE:
        old, cur = saved["provenance"].get(key), new["provenance"].get(key)
        if old != cur:
            informative.append(f"{label}: {old} → {cur}")
    return not substantive, substantive + informative


def rerun(saved: Mapping, data: ds.CountryData | None = None) -> tuple[Result, bool, list[str]]:
    """Re-run a saved result with today's code, parameters and data.

    Parameters
    ----------
    saved : dict
        A result as written by ``Result.to_dict()`` (``impact estimate --json``).
    data : CountryData, optional
        Country data to use; by default the active snapshot.

    Returns
    -------
    (Result, bool, list of str)
        The new result; whether it matches the saved one (cost and every input's value, range
        and year); and what changed, one line per input, cost or provenance field that moved.
    """
    check(saved)
    try:
        scenario = Scenario.from_dict(saved["scenario"])
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(f"saved scenario cannot be rebuilt ({exc}); accepted: the JSON 'impact estimate --json' "
                         f"prints") from None
    result = estimate(scenario, data=data)
    matches, changes = compare(saved, result.to_dict())
    return result, matches, changes
