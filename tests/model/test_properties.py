"""Every combination of fields either estimates or is refused in one clear line (issue 13).

Hypothesis draws scenarios over the whole field table (:mod:`impact.model.fields`): each field
absent, inside its limits, at its limits, or hostile (NaN, infinities, negative or huge numbers,
wrong types, empty or odd text); every override too, at and beyond its accepted range. Each
draw must give an :class:`impact.ImpactError` whose message is one line, or a result whose
every figure is finite, non-negative and ordered (low ≤ central ≤ high). The examples are
seeded (``derandomize``), so CI runs the same 2,000+ every time.
"""
from __future__ import annotations

import contextlib
import io
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import impact
from impact.cli import main
from impact.model import fields as F

EXAMPLES = 2000
SEEDED = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                         HealthCheck.data_too_large])

HOSTILE = st.sampled_from([math.nan, math.inf, -math.inf, -1.0, -1e-300, 1e308, 5e-324, True, False, "", " ",
                           "abc", "1e999", "nan", "-0", "0x10", [], [1], {}, object, "\x00", "１２"])


def _number(f: F.Field) -> st.SearchStrategy:
    low, high = f.limits or (0.0, 1e6)
    inside = st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)
    edges = st.sampled_from([low, high, low + (high - low) * 1e-12, high * (1 - 1e-12)])
    beyond = st.sampled_from([low - 1, high * 2 + 1, -high])
    as_text = inside.map(repr)
    return st.one_of(inside, edges, beyond, as_text)


def _value(f: F.Field, economies: list[str]) -> st.SearchStrategy:
    if f.name == "country":
        return st.one_of(st.sampled_from(economies), st.sampled_from(["Mali", "côte d'ivoire", "DRC", "Atlantis",
                                                                      "Somaliland", "mli", " MLI "]), st.text(max_size=8))
    if f.name in ("start", "end"):
        return st.one_of(st.dates(min_value=__import__("datetime").date(1955, 1, 1),
                                  max_value=__import__("datetime").date(2105, 12, 31)).map(str),
                         st.datetimes().map(lambda d: d.isoformat()), st.sampled_from(["2017-06-13T09:00Z", "20170614",
                                                                                       "2017-W24-2", "13/06/2017"]))
    if f.name == "daily_window":
        return st.sampled_from(["09:00-13:00", "22:00-06:00", "00:00-24:00", "25:00-26:00", "9-13", "10:00-10:00"])
    if f.name == "draws":
        return st.sampled_from([0, 2, 50, 200, 1, -5, 10.5, F.MAX_DRAWS + 1, "100"])
    if f.name == "seed":
        return st.one_of(st.integers(min_value=0, max_value=F.MAX_SEED), st.sampled_from([-1, F.MAX_SEED + 1, 2.5]))
    if f.kind == "choice":
        return st.one_of(st.sampled_from(f.choices), st.sampled_from(list(f.aliases) or ["x"]), st.text(max_size=6))
    if f.name == "services":
        return st.one_of(st.lists(st.sampled_from(F.SERVICES + ("x", "fb", "myspace")), max_size=4),
                         st.sampled_from(["facebook,twitter", ",", "whatsapp", 5]))
    if f.name == "regions":
        return st.sampled_from(["Tigray", "Tigray,Amhara", "Jammu and Kashmir", "Narnia", ",", ["Tigray"], 5])
    if f.name in ("gdp_year", "price_year"):
        return st.one_of(st.integers(min_value=1950, max_value=2030), st.sampled_from(["2017", "2017.5", 2017.0]))
    return _number(f)


def scenarios(economies: list[str]) -> st.SearchStrategy:
    """Dicts of fields: each field of the table (and each override) present or not."""
    table = [*F.SCENARIO_FIELDS, *F.override_fields()]
    chosen = st.lists(st.sampled_from(table), min_size=1, max_size=7, unique_by=lambda f: f.name)

    def fill(picked):
        parts = {f.name: st.one_of(_value(f, economies), HOSTILE) if f.name not in ("draws",) else _value(f, economies)
                 for f in picked}
        base = st.fixed_dictionaries({"country": _value(F.FIELDS["country"], economies),
                                      "hours": st.one_of(st.floats(0, 24 * 400), st.just(None))})
        return st.tuples(base, st.fixed_dictionaries(parts)).map(lambda ab: {**ab[0], **ab[1]})

    return chosen.flatmap(fill).map(lambda d: {**{"draws": 50}, **{k: v for k, v in d.items() if v is not None}})


def _ranges(d: dict):
    yield "cost_usd", d["cost_usd"]
    yield "cost_per_day_usd", d["cost_per_day_usd"]
    yield "cost_per_hour_usd", d["cost_per_hour_usd"]
    yield "share_of_annual_gdp", d["share_of_annual_gdp"]
    for name, m in d["methods"].items():
        if m["cost_usd"] is not None:
            yield f"methods.{name}", m["cost_usd"]
    for block in ("constant_usd", "local_currency"):
        if d.get(block):
            yield block, d[block]["cost"]


def check(fields: dict, data) -> None:
    try:
        result = impact.estimate(data=data, **fields)
    except impact.ImpactError as err:
        text = str(err)
        assert text and "\n" not in text and len(text) < 2000, (fields, text)
        return
    d = result.to_dict()  # raises on any non-finite figure
    for name, r in _ranges(d):
        assert 0 <= r["low"] <= r["central"] * (1 + 1e-12) and r["central"] <= r["high"] * (1 + 1e-12), (name, r, fields)
    for key in ("people_affected", "internet_users_affected", "user_hours"):
        assert d[key] is None or (math.isfinite(d[key]) and d[key] >= 0), (key, d[key], fields)


def test_every_field_combination_estimates_or_refuses_in_one_line(country_data):
    economies = sorted(country_data.economies())[:40]

    @SEEDED
    @given(scenarios(economies))
    def run(fields):
        check(fields, country_data)

    run()


def _argv(fields: dict) -> list[str] | None:
    argv = ["estimate"]
    for key, value in fields.items():
        if isinstance(value, (list, tuple)):
            if not all(isinstance(v, str) for v in value):
                return None
            value = ",".join(value)
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            return None
        text = str(value)
        if "\x00" in text or text.startswith("-"):
            return None  # not a value argparse can take as a flag's argument
        argv += [F.get(key).flag, text]
    return argv + ["--json"]


def test_every_field_combination_on_the_command_line_exits_0_2_or_3_in_one_line(country_data):
    economies = sorted(country_data.economies())[:40]

    @settings(max_examples=300, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large, HealthCheck.filter_too_much])
    @given(scenarios(economies).map(_argv).filter(lambda a: a is not None))
    def run(argv):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
        assert code in (0, 2, 3), (argv, code, err.getvalue())
        if code:
            assert err.getvalue().count("\n") == 1 and err.getvalue().startswith("impact: error: "), (argv, err.getvalue())
            assert "Traceback" not in err.getvalue()
        else:
            import json

            d = json.loads(out.getvalue())
            assert 0 <= d["cost_usd"]["low"] <= d["cost_usd"]["high"]

    run()


@pytest.mark.parametrize("name", [f.name for f in F.override_fields()])
def test_every_override_at_its_limits_estimates(country_data, name):
    f = F.get(name)
    for value in (f.low, f.high):
        check({"country": "MLI", "hours": 24, "draws": 50, "method": "all", name: value}, country_data)
