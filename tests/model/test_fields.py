"""The field table parses and validates every scenario field; Scenario.create takes its values from it."""
from __future__ import annotations

import math
from datetime import date, datetime, timezone

import pytest

from impact import Scenario
from impact.errors import InputError
from impact.model import fields
from impact.model.fields import FIELDS, FieldError, Moment, override_fields


def test_every_field_reads_text_and_python_values_alike():
    assert FIELDS["hours"].parse("12.5") == FIELDS["hours"].parse(12.5) == 12.5
    assert FIELDS["gdp_year"].parse("2017") == FIELDS["gdp_year"].parse(2017) == 2017
    assert FIELDS["draws"].parse(" 1000 ") == FIELDS["draws"].parse(1000.0) == 1000
    assert FIELDS["services"].parse("facebook, X") == FIELDS["services"].parse(["Facebook", "x"]) == (
        "facebook", "twitter")
    assert FIELDS["regions"].parse("Tigray,Amhara") == FIELDS["regions"].parse(["Tigray", "Amhara"])
    assert FIELDS["start"].parse("2017-06-13") == FIELDS["start"].parse(date(2017, 6, 13)) == Moment(
        datetime(2017, 6, 13, tzinfo=timezone.utc), True)


def test_a_region_given_twice_counts_once_in_the_order_first_given():   # review finding 2
    f = FIELDS["regions"]
    assert f.parse("Bamako,Kayes, bamako,Bamako") == f.parse(["Bamako", "Kayes", "BAMAKO"]) == ("Bamako", "Kayes")
    assert Scenario.create("MLI", days=1, regions="Kayes,Bamako,Kayes").regions == ("Kayes", "Bamako")


def test_blank_means_not_given():
    for f in (*fields.SCENARIO_FIELDS, *override_fields()):
        assert f.parse(None) is None and f.parse("") is None and f.parse("  ") is None, f.name


def test_aliases_resolve_in_the_field_itself():
    assert FIELDS["disruption"].parse("Blackout") == "full"
    assert FIELDS["disruption"].parse("social media") == "services"
    assert FIELDS["services"].parse("fb,calls") == ("facebook", "voip")
    assert "blackout = full" in FIELDS["disruption"].describe()


@pytest.mark.parametrize("name, value, problem", [
    ("hours", "nan", "not a finite number"), ("hours", "inf", "not a finite number"),
    ("hours", "-1", "out of range"), ("hours", "a week", "not a number"), ("hours", True, "not a number"),
    ("share", 1.5, "out of range"), ("severity", "-0.1", "out of range"),
    ("draws", 1, "out of range"), ("draws", 10.5, "not a whole number"), ("seed", 2**32, "out of range"),
    ("gdp_year", 1850, "out of range"), ("gdp_year", "2017.5", "not a number"),
    ("start", "13/06/2017", "not accepted"), ("start", "9999-01-01", "out of range"),
    ("disruption", "meteor", "not accepted"), ("services", "myspace", "not accepted"),
    ("daily_window", "25:00-26:00", "out of range"), ("regions", ",", "not accepted"),
    ("method", "guess", "not accepted"), ("region_weight", "wealth", "not accepted"),
])
def test_refusals_name_the_field_the_problem_and_what_is_accepted(name, value, problem):
    with pytest.raises(FieldError) as caught:
        FIELDS[name].parse(value)
    err = caught.value
    assert isinstance(err, InputError) and err.field == name and err.problem == problem
    assert str(err).startswith(f"{name}=") and " is not accepted: " in str(err) and err.accepted in str(err)
    with pytest.raises(InputError, match=f"^{name}="):  # the library says the same
        Scenario.create("MLI", **({"days": 1} if name not in ("hours", "start") else {}),
                        **({"disruption": "services"} if name == "services" else {}),
                        **({"disruption": "throttle"} if name == "severity" else {}),
                        **({"regions": "Tigray"} if name == "region_weight" else {}),
                        **({"end": "2017-06-14"} if name == "start" else {}), **{name: value})


@pytest.mark.parametrize("name, value, accepted", [
    ("gdp_usd", 0, "more than 0"), ("gdp_usd", "-1e9", "more than 0"), ("population", "0", "from 1 to"),
    ("population", 0.5, "from 1 to"), ("penetration", 0, "more than 0"),
])
def test_an_economy_of_nothing_is_refused(name, value, accepted):   # review finding 3: never a US$0 from GDP 0
    f = fields.get(name)
    with pytest.raises(FieldError, match=accepted) as caught:
        f.parse(value)
    assert caught.value.problem == "out of range"
    with pytest.raises(InputError, match=f"^{name}=.*{accepted}"):
        Scenario.create("MLI", days=1, **{name: value})
    assert f.accepts(f.high) and f.accepts(1.0)


def test_overrides_are_fields_bounded_by_their_valid_range():
    f = fields.get("multiplier")
    assert f.limits is not None and f.accepts(f.low) and f.accepts(f.high)
    assert not f.accepts(f.high * 2) and not f.accepts(math.nan)
    with pytest.raises(InputError, match="unknown field 'wibble'"):
        fields.get("wibble")


def test_moments_are_stored_as_utc_datetimes_and_saved_as_iso_text():
    s = Scenario.create("MLI", start="2017-06-13T09:00+02:00", end="2017-06-14")
    assert s.start == datetime(2017, 6, 13, 7, tzinfo=timezone.utc)
    assert s.end == datetime(2017, 6, 15, tzinfo=timezone.utc)  # a date-only end is inclusive
    d = s.to_dict()
    assert d["start"] == "2017-06-13T07:00:00Z" and d["end"] == "2017-06-15T00:00:00Z"
    assert Scenario.from_dict(d) == s and s.event_year == 2017


@pytest.mark.parametrize("text, expected", [
    ("20170614", datetime(2017, 6, 14, tzinfo=timezone.utc)),                  # basic form (3.10 refused it)
    ("2017-06-14T09:00:00.25Z", datetime(2017, 6, 14, 9, 0, 0, 250000, tzinfo=timezone.utc)),
    ("2017-06-14T09:00:00.1234567", datetime(2017, 6, 14, 9, 0, 0, 123456, tzinfo=timezone.utc)),
    ("2017-W24-3", datetime(2017, 6, 14, tzinfo=timezone.utc)),
    ("20170614T0900-0300", datetime(2017, 6, 14, 12, tzinfo=timezone.utc)),
])
def test_iso_forms_parse_the_same_on_every_python_version(text, expected):
    assert fields.parse_moment("end", text).at == expected


def test_a_start_without_an_end_or_duration_is_refused_in_one_line():  # issue 13, item 2
    with pytest.raises(InputError, match="needs an end: give end=, or a duration"):
        Scenario.create("Mali", start="2017-06-13")
    with pytest.raises(InputError, match="needs an end"):
        Scenario.create("Mali", start="2017-06-13", daily_window="09:00-13:00")
