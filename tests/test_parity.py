"""Every field's accepted and refused values behave the same in the library, the CLI and the page.

For each field of the one table (:mod:`impact.model.fields`) and each override, sample values —
inside, at and beyond the limits, each choice and alias, hostile text — are given as text, the
way a flag or a URL carries them, on top of a scenario that makes the field meaningful. Then:

* the library (:meth:`impact.Scenario.create`) accepts or refuses the scenario;
* the CLI (``impact estimate … --json``) exits 0 with the same scenario, or 2 with one line;
* the page's URL reading (:func:`impact.page.state.from_query`) keeps the field and builds the
  same scenario, or drops it with a problem naming the field (a link may carry every field but
  the draws and the seed; ``days`` is read as hours).
"""
from __future__ import annotations

import contextlib
import dataclasses
import io
import json

import pytest

from impact import Scenario
from impact.cli import main
from impact.errors import ImpactError
from impact.model import fields as F
from impact.page import state

BASE = {"country": "MLI", "hours": "24", "disruption": "full", "method": "brookings", "draws": "0"}
# What makes a field meaningful: the other fields it goes with.
CONTEXT = {
    "services": {"disruption": "services"}, "severity": {"disruption": "throttle"},
    "region_weight": {"regions": "Tigray", "country": "ETH"}, "regions": {"country": "ETH"},
    "start": {"hours": None, "end": "2020-06-10"}, "end": {"hours": None, "start": "2020-06-01"},
    "daily_window": {"hours": None, "start": "2020-06-01", "end": "2020-06-03"},
    "days": {"hours": None}, "hours": {}, "price_year": {"hours": None, "start": "2019-06-01", "end": "2019-06-02"},
}
HOSTILE = ["nan", "inf", "-inf", "abc", "1e999", "0x10", "１", "-1"]


def samples(f: F.Field) -> list[str]:
    if f.name == "country":
        return ["MLI", "Mali", "mali", "Atlantis", "Somaliland", "123"]
    if f.kind == "date":
        return ["2020-06-05", "20200605", "2020-06-05T09:00", "2020-06-05T09:00Z", "2020-W23-5", "05/06/2020",
                "1959-12-31", "2101-01-01", "2020-13-01", "yesterday"]
    if f.name == "daily_window":
        return ["09:00-13:00", "22:00-06:00", "9:00-13:00", "25:00-26:00", "10:00-10:00", "9-13"]
    if f.kind == "choice":
        return [*f.choices, *list(f.aliases)[:4], f.choices[0].upper(), "bogus"]
    if f.name == "services":
        return ["facebook", "facebook,twitter", "X", "fb,calls", "myspace", "facebook,myspace", ","]
    if f.name == "regions":
        return ["Tigray", "Tigray,Amhara", "tigray", ","]
    if f.name in ("gdp_year", "price_year"):
        return ["2017", "2019", "1960", "1959", "2017.5", "2017.0", "3000", "abc"]
    low, high = f.limits
    values = [low, high, (low + high) / 2, low - 1, high * 2 + 1]
    return [repr(float(v)) if f.kind == "float" else str(int(v)) for v in values] + HOSTILE


def cases():
    for f in (*F.SCENARIO_FIELDS, *F.override_fields()):
        if f.name in ("draws", "seed"):
            continue  # the CLI takes them as any field; the page does not offer them (checked below)
        for text in samples(f):
            yield pytest.param(f.name, text, id=f"{f.name}={text}")


def _scenario_fields(name: str, text: str) -> dict:
    fields = {**BASE, **CONTEXT.get(name, {}), name: text}
    return {k: v for k, v in fields.items() if v is not None}


def library(fields: dict):
    try:
        return Scenario.create(**fields)
    except ImpactError as why:
        return why


def cli(fields: dict) -> tuple[int, str, str]:
    argv = ["estimate", "--json"]
    for key, value in fields.items():
        argv += [f"{F.get(key).flag}={value}"]  # "--flag=value": a value may start with "-"
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def _same(a: Scenario, b: Scenario) -> bool:
    """Equal scenarios; region names compared without case (the page keeps the data's spelling)."""
    fold = lambda s: dataclasses.replace(s, regions=tuple(r.casefold() for r in s.regions))  # noqa: E731
    return fold(a) == fold(b)


@pytest.mark.parametrize("name, text", list(cases()))
def test_a_field_value_behaves_the_same_in_the_library_the_cli_and_the_page(country_data, name, text):
    fields = _scenario_fields(name, text)
    lib = library(fields)
    code, out, err = cli(fields)
    if isinstance(lib, ImpactError):
        assert code == 2 and err.count("\n") == 1 and err.startswith("impact: error: "), (code, err)
    elif code == 3:  # the data lacks a value for this scenario: the CLI says so and what fixes it
        assert "impact data" in err or "give a later date" in err
    else:
        assert code == 0, err
        assert Scenario.from_dict(json.loads(out)["scenario"]) == lib
    if name not in state.url_fields():
        return
    query = {k: v for k, v in fields.items() if k != "draws"}  # the page does not offer the draws
    page, problems = state.from_query(query, sorted(country_data.economies()), data=country_data)
    if isinstance(lib, ImpactError):
        assert problems, (fields, page)  # the page refuses it too, naming the field
    else:
        assert not problems, problems
        assert _same(dataclasses.replace(Scenario.create(**page), draws=0), lib)


def test_a_link_may_carry_every_field_but_the_draws_and_the_seed():
    offered = set(state.url_fields())
    every = {f.name for f in (*F.SCENARIO_FIELDS, *F.override_fields())}
    assert every - offered <= {"draws", "seed"}, every - offered
    assert every - set(state.field_table()) <= {"draws", "seed", "days"}   # the form: days as hours


def test_a_link_with_days_and_hours_keeps_hours_and_says_why_days_was_left_out(country_data):
    page, problems = state.from_query({"country": "MLI", "days": "2", "hours": "5"}, sorted(country_data.economies()))
    assert page["hours"] == 5.0 and [(p.code, p.field) for p in problems] == [("duration_twice", "days")]
    from impact.page import text
    for lang in ("en", "fr"):
        words = text.problem_message(problems[0], lang)
        assert "days='2'" in words and "hours=" in words and "give the duration" not in words
    page, problems = state.from_query({"country": "MLI", "days": "2"}, sorted(country_data.economies()))
    assert page["hours"] == 48.0 and "start" not in page and not problems


@pytest.mark.parametrize("name", ["draws", "seed"])
def test_draws_and_seed_behave_the_same_in_the_library_and_the_cli(country_data, name):
    for text in samples(F.FIELDS[name]) + ["1", "2", "0"]:
        fields = {**BASE, name: text}
        lib = library(fields)
        if isinstance(lib, ImpactError) or (name == "draws" and lib.draws > 1000):
            if isinstance(lib, ImpactError):
                code, _, err = cli(fields)
                assert code == 2 and err.count("\n") == 1, (text, err)
            continue
        code, out, err = cli(fields)
        assert code == 0, err
        assert Scenario.from_dict(json.loads(out)["scenario"]) == lib
