"""RateFactors (impact.model.estimator): factors resolved once per scenario but its duration."""
from __future__ import annotations

import dataclasses

import pytest

from impact.errors import DataMissingError
from impact.model import estimator, factors, parameters
from impact.model.scenario import Scenario

SCENARIOS = [
    dict(country="MLI", start="2020-01-01", end="2020-01-02"),
    dict(country="MLI", start="2020-03-05T10:00", hours=7),
    dict(country="MLI", start="2020-06-01", end="2020-06-30", daily_window="08:00-12:00"),
    dict(country="MLI", start="2020-02-01", end="2020-02-03", disruption="mobile"),
    dict(country="MLI", start="2020-02-01", days=2, disruption="services", services="facebook,twitter"),
    dict(country="MLI", start="2019-02-01", days=2, share=0.3),
    dict(country="ERI", start="2020-01-01", end="2020-01-02"),   # in the synthetic snapshot too
]


def _alone(s: Scenario, method: str, data):
    found = estimator.method_factors(dataclasses.replace(s, method=method), data)[method]
    return found, estimator.people_counts(estimator.Resolver(s, parameters.load(), data), s)


@pytest.mark.parametrize("method", ["brookings", "deloitte", "cipesa"])
def test_memoised_factors_are_those_of_each_scenario_alone(country_data, method):
    memo = estimator.RateFactors(method, parameters.load(), country_data)
    for fields in SCENARIOS + SCENARIOS:
        s = Scenario.create(**fields)
        got, counts = memo.get(s)
        want, people = _alone(s, method, country_data)
        assert got == want
        if not isinstance(want, str):
            assert counts == {k: v for k, v in people.items() if k != "user_hours"}
            rate, _ = memo.get(s, duration=False)
            assert rate == [f for f in want if f.name != "days"]
            assert rate is memo.get(Scenario.create(**{**fields, "method": s.method}), duration=False)[0]
    assert memo.memoised
    assert len(memo._memo) == len({memo.key(Scenario.create(**f)) for f in SCENARIOS}) < len(SCENARIOS)


def test_a_factor_reading_the_duration_is_never_memoised(country_data, monkeypatch):
    """If a factor came to depend on the duration (say, a range growing with it), the scenarios
    would no longer share factors: the memo notices the read and resolves each one alone."""
    plain = factors.gdp_term

    def longer_is_less_certain(r):
        term = plain(r)
        return dataclasses.replace(term, high=term.high * (1 + r.s.hours / 1e4))

    monkeypatch.setattr(factors, "gdp_term", longer_is_less_certain)
    memo = estimator.RateFactors("brookings", parameters.load(), country_data)
    first, second = (Scenario.create(country="MLI", start="2020-01-01", hours=h) for h in (5, 500))
    assert memo.get(first)[0] == _alone(first, "brookings", country_data)[0]
    assert memo.get(second)[0] == _alone(second, "brookings", country_data)[0]
    assert memo.get(first)[0] != memo.get(second)[0]
    assert not memo.memoised


def test_errors_are_raised_for_every_scenario_sharing_the_key(country_data):
    memo = estimator.RateFactors("brookings", parameters.load(), country_data)
    for hours in (3, 30):  # no GDP of 1960 or before
        with pytest.raises(DataMissingError, match="MLI"):
            memo.get(Scenario.create(country="MLI", start="1960-01-02", hours=hours))
    assert len(memo._memo) == 1


def test_inputs_are_shared_by_the_fields_their_builds_read(country_data, monkeypatch):
    """An input is reused for another scenario only when the fields its build read (its own and
    those of the inputs it used) agree: a GDP term that came to read the reach is built again
    for each share."""
    memo = estimator.RateFactors("brookings", parameters.load(), country_data)
    for share in (None, 0.2, 0.5):
        memo.get(Scenario.create(country="MLI", start="2020-01-01", hours=5, share=share))
    terms = memo._inputs["factor:gdp_term"]
    assert sum(len(table) for _, _, table in terms) == 1  # one GDP term for the three reaches
    assert all("share" not in read for read, _, _ in terms)

    plain = factors.growth_history
    called = []

    def reach_dependent(r, year, years):  # read inside the GDP term's build
        called.append(r.s.share)
        mean, sd, n = plain(r, year, years)
        return mean, sd * (1 + (r.s.share or 0)), n

    monkeypatch.setattr(factors, "growth_history", reach_dependent)
    memo = estimator.RateFactors("brookings", parameters.load(), country_data)
    for share in (None, 0.2, 0.5, 0.2):  # an event after the last GDP year: its GDP history is read
        s = Scenario.create(country="MLI", start="2030-01-01", hours=5, share=share)
        assert memo.get(s)[0] == _alone(s, "brookings", country_data)[0]
    assert called and memo.memoised
    assert all("share" in read for read, _, _ in memo._inputs["factor:gdp_term"])


def test_a_factor_needing_the_scenario_itself_turns_the_memo_off(country_data, monkeypatch):
    """A factor that copies the scenario (dataclasses.replace) cannot run on a view of its fields:
    the memo steps aside and the factors are those of each scenario alone."""
    plain = factors.gdp_term

    def copies(r):
        dataclasses.replace(r.s, disruption="full")
        return plain(r)

    monkeypatch.setattr(factors, "gdp_term", copies)
    memo = estimator.RateFactors("brookings", parameters.load(), country_data)
    s = Scenario.create(country="MLI", start="2020-01-01", hours=5)
    assert memo.get(s)[0] == _alone(s, "brookings", country_data)[0]
    assert not memo.memoised
