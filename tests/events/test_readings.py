"""The reading rules of issue 11, each on real rows of the Access Now STOP snapshot selected here by a
condition on ../shared/data/events (never copied into the repo): who ordered it, satellite-only bans,
exam-time windows, one operator, uncertain readings as ranges, overlaps as the union of what was cut.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from impact.events import readings, registry
from impact.events.batch import estimate_many
from impact.events.overlaps import count_once, disruption_began
from impact.model import parameters

STOP = (Path(__file__).resolve().parents[2].parent / "shared" / "data" / "events"
        / "access_now_stop_2016-2025_snapshot-2026-05-20.csv")
CUTOFF = "2026-05-20"


@pytest.fixture(scope="module")
def raw(real_data):
    return registry.read(STOP)


@pytest.fixture(scope="module")
def result(real_data):
    return estimate_many(STOP, draws=300, seed=0, data=real_data)


def rows(raw: pd.DataFrame, condition) -> list[int]:
    hits = [int(i) + 1 for i in raw.index[condition.to_numpy()]]
    assert hits, "the snapshot has no row for this rule"
    return hits


def event(result, row: int) -> pd.Series:
    ev = result.events[result.events["row"] == row]
    assert len(ev) == 1
    return ev.iloc[0]


def flags(ev) -> set[str]:
    return set(filter(None, str(ev["flags"]).split(";")))


P = parameters.load()


# -- who ordered it ----------------------------------------------------------------------------------
def test_events_the_registry_marks_not_government_ordered_are_rejected_with_who_and_why(raw, result):
    cyber = rows(raw, (raw["country"] == "Russian Federation") & raw["actual_cause_details"].str.contains("Cyberattack"))
    ev = event(result, cyber[0])
    assert ev["status"] == "rejected" and ev["reason"].startswith("not_government:")
    assert "Ukrainian hackers" in ev["reason"] and "kept out of the totals" in ev["reason"]
    every = rows(raw, raw["ordered_by"] == "Non-government")
    got = result.events[result.events["row"].isin(every)]
    assert (got["status"] == "rejected").all() and len(got) >= len(every)
    assert got["reason"].str.split(":").str[0].isin(["not_government", "duplicate", "duration_unknown",
                                                     "dates_reversed", "type_unknown", "start_invalid"]).all()
    assert got["reason"].str.startswith("not_government").sum() > 50
    kept = rows(raw, raw["ordered_by"] == "Executive government")
    assert not result.events[result.events["row"].isin(kept)]["reason"].str.startswith("not_government").any()


# -- satellite internet --------------------------------------------------------------------------
def test_a_ban_of_satellite_internet_is_not_costed_as_a_blackout(raw, result):
    starlink = rows(raw, (raw["country"] == "Iran (Islamic Republic of)") & (raw["other_affected"] == "Starlink")
                    & (raw["shutdown_extent"] == "Full network"))
    ev = event(result, starlink[0])
    assert ev["status"] == "rejected" and ev["reason"].startswith("satellite_only:") and "Starlink" in ev["reason"]
    # a blackout that also cut satellite access (VSATs) stays a blackout
    vsat = rows(raw, (raw["other_affected"] == "VSATs") & raw["event"].str.startswith("Mobile and broadband internet"))
    ev = event(result, vsat[0])
    assert ev["status"] != "rejected" and ev["disruption"] == "full"


# -- exam-time windows -------------------------------------------------------------------------------
def test_exam_shutdowns_counted_in_the_row_are_costed_as_that_many_windows(raw, result):
    """Iraq, June-July 2023: "shut down 26 times": 26 windows of the assumed hours, not 47 days."""
    hours = P["exam_window_hours"]
    row = rows(raw, (raw["country"] == "Iraq") & raw["event"].str.contains("shut down 26 times")
               & (raw["actual_cause"] == "Exam cheating"))[0]
    ev = event(result, row)
    assert ev["windows"] == 26 and {"exam_windows", "reading_range"} <= flags(ev)
    assert ev["hours"] == pytest.approx(26 * hours.value)
    assert ev["reading_low"] == pytest.approx(hours.low / hours.value)
    assert ev["reading_high"] == pytest.approx(hours.high / hours.value)
    assert ev["cost_usd_central"] == pytest.approx(ev["cost_per_day_usd_central"] * ev["counted_hours"] / 24)


def test_exam_windows_take_the_hours_and_count_the_row_gives(raw, result):
    """'on 14 occasions … each from 6:00-8:00am': 14 windows of 2 hours, no assumption, no band widened."""
    row = rows(raw, (raw["country"] == "Iraq") & raw["event"].str.contains("on 14 occasions")
               & raw["event"].str.contains("6:00-8:00am"))[0]
    ev = event(result, row)
    assert ev["windows"] == 14 and ev["hours"] == pytest.approx(28) and ev["daily_window"] == "06:00-08:00"
    assert "exam_windows" in flags(ev) and "from the row" in ev["notes"] and pd.isna(ev["reading_low"])


@pytest.mark.parametrize("text, hours", [
    ("Mobile internet was suspended in 6 districts across West Bengal between 11:30 and 14:30 on Dec. 11.", 3.0),
    ("Revenue Accountants Recruitment Exam. Mobile Internet services off from 9AM to 1 PM.", 4.0),
    ("shutdown on MTN between 5:00 and 11:00 (UTC+0), and between 15:00 and 16:00 (UTC+0) on Orange", 7.0),
    ("partially shutdown from 07:15-09:45 (UTC+0, 10:45-13:15 local time) on Jun. 13", 2.5),  # restated once
    ("Mobile internet was suspended from 00:10 on Feb. 8 to 23:30 on Feb. 8.", None),  # "8 to 23:30": a date
    ("Internet was cut on 16-19 June", None),
])
def test_the_clock_times_of_a_one_day_event(text, hours):
    assert readings.clock_hours(text, one_day=True) == hours


def test_a_one_day_event_with_clock_times_is_costed_for_those_hours(raw, result):
    """West Bengal's exam-day cut 'between 11:30 and 14:30 on Dec. 11' is 3 hours, not the whole day
    (review: 103 such events were costed as 24 hours)."""
    row = rows(raw, (raw["country"] == "India") & raw["event"].str.contains("West Bengal between 11:30 and 14:30"))[0]
    ev = event(result, row)
    assert ev["hours"] == pytest.approx(3.0) and "day_hours" in flags(ev)
    assert ev["end"] == ev["start"].replace("T00:00:00Z", "T03:00:00Z")
    one_day = (raw["start_date"] == raw["end_date"]) & (raw["start_date"] != "")
    got = result.events[result.events["row"].isin(rows(raw, one_day)) & (result.events["status"] != "rejected")]
    timed = got[got["flags"].astype(str).str.contains("day_hours")]
    assert len(timed) >= 50 and (timed["hours"] < 24).all()


@pytest.mark.parametrize("text, hours", [
    ("Mobile internet was suspended in Srinagar from 15:00 to 21:00 daily between Dec. 31 and Jan. 2.", 6.0),
    ("Daily curfew-style shutdowns were imposed on Iran's three largest mobile networks from around 4:00pm "
     "to midnight (local time) between Sep. 21 and Oct. 3 (13 days straight)", 8.0),
    ("Mobile and fixed internet were shutdown in a curfew-style from around 1am to 9am, throughout the "
     "period of Feb 16 to April 27. On May 17, mobile services were shutdown and it is ongoing.", 8.0),
    ("Facebook was blocked with anomalies recorded daily by OONI between Oct. 29 and Nov. 14. There were "
     "also curfew-style mobile shutdowns each day between Nov. 3 and Nov. 8 which occurred between "
     "approximately 17:30 to 6:00 the following morning (UTC+0).", 12.5),       # past midnight
    ("Internet was cut off in Kyaukme city on Jan. 28 in the midst of daily bombing by the military.", None),
    ("Protests led authorities to suspend mobile internet for a few hours daily between Dec. 16 and Dec. 26.", None),
    ("Mobile internet was suspended in Jaipur from 11:00 to 14:00 on Jan. 7.", None),  # not said to recur
])
def test_the_hours_a_day_of_a_cut_said_to_recur_daily(text, hours):
    assert readings.daily_hours(text) == hours


@pytest.mark.parametrize("text, hours", [
    ("Internet was cut daily from 22:00 on Jan. 20 to 6:00 on Jan. 28.", None),            # "20 to 6:00": a date
    ("Mobile internet was suspended from 15:00 to 21:00 daily (UTC+0; 18:00 to 00:00 local).", 6.0),  # once
])
def test_the_hours_a_day_are_read_strictly(text, hours):
    assert readings.daily_hours(text) == hours


def test_a_daily_cut_of_some_days_of_the_row_counts_those_days():
    """Mozambique, Oct-Nov 2024: curfew-style mobile shutdowns 'each day between Nov. 3 and Nov. 8' in a
    row dated Oct. 26 to Nov. 14: 6 windows, not 20 (review)."""
    from datetime import date
    text = ("Facebook and WhatsApp were blocked with anomalies recorded daily by OONI between Oct. 29 and Nov. 14. "
            "There were also curfew-style mobile shutdowns on the three major providers each day between Nov. 3 "
            "and Nov. 8 which occurred between approximately 17:30 to 6:00 the following morning (UTC+0).")
    assert readings.daily_days(text, date(2024, 10, 26), date(2024, 11, 14)) == 6
    assert readings.daily_days("Mobile internet was suspended in Srinagar from 15:00 to 21:00 daily between "
                               "Dec. 31 and Jan. 2.", date(2021, 12, 31), date(2022, 1, 2)) is None  # the row's own


@pytest.mark.parametrize("text, names", [
    ("were shut down across Amhara, Ethiopia in the midst of conflict", ["Amhara"]),
    ("Following growing protests across Khuzestan, authorities shutdown the internet", []),  # the protests
    ("Mobile internet was suspended in 7 districts across Meghalaya starting on Nov. 22", []),  # parts
])
def test_the_places_a_description_says_were_cut_all_over(text, names):
    assert readings.whole_places(text) == names


@pytest.mark.parametrize("text, start, end, hours", [
    ("Mobile internet was suspended in Nuh District from 21:00 on Jul. 13 to 21:00 on Jul. 14.",
     "2025-07-13", "2025-07-14", 24.0),
    ("suspended in Punjab from 0:00 on Feb. 28 to 23:59 on Mar. 1.", "2024-02-28", "2024-03-01", 71.98),
    ("suspended from 15:00 on Jun. 14 to 24:00 on Jun. 17.", "2022-06-14", "2022-06-18", 81.0),  # 24:00 = the 18th
    ("in Balochistan from 5:00pm (local time, UTC+5) on Sep. 5 until 9:00pm (local time, UTC+5) on Sep. 6.",
     "2025-09-05", "2025-09-06", 28.0),
    ("from 22:00 on Dec. 31 to 10:00 on Jan. 1.", "2023-12-31", "2024-01-01", 12.0),  # across the new year
    ("beginning 12:00 on Mar. 18, initially ordered until 12:00 on Mar. 19", "2023-03-18", "2023-03-21", None),
    ("from 06:00 on Apr. 9 to 23:30 on May 10", "2022-05-10", "2022-05-10", None),  # not the row's first day
    ("from 16 on Jun. 16 to 19 on Jun. 17", "2022-06-16", "2022-06-17", None),       # bare numbers
])
def test_the_clock_times_a_cut_of_several_days_began_and_ended(text, start, end, hours):
    from datetime import date
    assert readings.dated_span_hours(text, date.fromisoformat(start), date.fromisoformat(end)) == hours


def test_a_cut_with_the_clock_times_of_its_first_and_last_day_is_costed_for_those_hours(raw, result):
    """'from 16:30 on Jun. 16 to 16:30 on Jun. 17' is one day, not the 48 hours of its two dates
    (review: 174 such rows of the snapshot)."""
    row = rows(raw, raw["event"].str.contains("Anantnag from 16:30 on Jun. 16 to 16:30 on Jun. 17", regex=False))[0]
    ev = event(result, row)
    assert ev["hours"] == pytest.approx(24.0) and "clock_span" in flags(ev)
    spans = result.events[result.events["flags"].astype(str).str.contains("clock_span")]
    assert len(spans) >= 100
    days = (pd.to_datetime(spans["src_end"]) - pd.to_datetime(spans["src_start"])).dt.days + 1
    assert (spans["hours"].to_numpy() < days.to_numpy() * 24).all()


@pytest.mark.parametrize("text, got", [
    ("Internet services in Lakhimpur Kheri have been restored after 5 days. Net services were cut", (120.0, False)),
    ("The ban on social media services was lifted after 15 hours.", (15.0, False)),
    ("The ban was lifted after two days once Telegram made changes", (48.0, False)),
    ("Although access was restored in most states around 12 weeks later, reports indicate that Birnin "
     "Gwari, Kaduna State, has remained cutoff", (2016.0, True)),
    ("the military council partially restored Ooredoo service after two years of a shutdown", None),
    ("Service was restored within 2 hours in some areas", None),
    ("This shutdown began only hours after the previous one had been lifted", None),
])
def test_how_long_the_description_says_a_cut_lasted_before_it_was_restored(text, got):
    assert readings.restored_hours(text) == got


def test_a_cut_restored_sooner_than_its_dates_is_costed_until_then(raw, result):
    """Nigeria's four-state cut of September 2021, marked ongoing: 'access was restored in most states
    around 12 weeks later': 12 weeks, not to the cut-off (review: US$2.1 billion of the headline)."""
    row = rows(raw, raw["event"].str.contains("restored in most states around 12 weeks later", regex=False)
               & (raw["shutdown_status"] == "Ongoing") & (raw["count_year"] == "2025"))[0]
    ev = event(result, row)
    assert ev["hours"] == pytest.approx(12 * 7 * 24) and "restored_after" in flags(ev)
    assert "ongoing" not in flags(ev) and "lower bound" in ev["notes"]
    longer = rows(raw, raw["event"].str.contains("restored after 10 days", regex=False))[0]
    assert "restored_after" not in flags(event(result, longer))  # the dates say as much: unchanged


@pytest.mark.parametrize("text, start, end, got", [
    ("Although the near-total blackout ended on Jun. 21, it took until Jun. 25 for traffic to return to "
     "pre-conflict levels", "2025-06-18", "2025-06-25", ("2025-06-21", False)),
    ("The ban was lifted on Oct. 8 after X paid fines", "2024-08-31", "2024-10-11", ("2024-10-08", False)),
    ("Most blocks were lifted by Jun. 8, but Telegram Web remained blocked on provider Sonatel until Aug. 6.",
     "2023-06-01", "2023-08-06", ("2023-06-08", True)),
    ("The ban was lifted on Jan. 3 after talks", "2024-12-20", "2025-01-10", ("2025-01-03", False)),  # next year
    ("The blocks were lifted on May 17.", "2023-05-09", "2023-05-17", None),        # the end date itself
    ("The broadband portion of the shutdown order was conditionally lifted on Sep. 12", "2024-09-10",
     "2024-09-15", None),                                                            # a part of the cut
    ("Some blocks were lifted on Jun. 3", "2023-06-01", "2023-06-09", None),         # partial
    ("The ban was lifted on May 2", "2023-05-09", "2023-05-17", None),               # before the start
])
def test_the_day_the_description_says_a_cut_ended(text, start, end, got):
    from datetime import date
    found = readings.ended_on(text, date.fromisoformat(start), date.fromisoformat(end))
    assert (None if found is None else (found[0].isoformat(), found[1])) == got


def test_a_cut_the_description_says_ended_before_its_end_date_is_costed_to_that_day(raw, result):
    """Iran, June 2025: 'Although the near-total blackout ended on Jun. 21, it took until Jun. 25 for
    traffic to return to pre-conflict levels': 4 days of blackout, not 8; the band reaches the 8 days."""
    row = rows(raw, raw["event"].str.contains("near-total blackout ended on Jun. 21", regex=False))[0]
    ev = event(result, row)
    assert "ended_on" in flags(ev) and ev["end"].startswith("2025-06-22T00:00")  # the end of Jun. 21
    assert ev["reading_high"] == pytest.approx(2.0)                              # 8 days / 4
    assert ev["cost_usd_low"] < ev["cost_usd_central"] < ev["cost_usd_high"]
    most = rows(raw, raw["event"].str.contains("Most blocks were lifted by Jun. 8", regex=False))[0]
    ev = event(result, most)
    assert "ended_on" in flags(ev) and "lower bound" in ev["notes"] and ev["end"].startswith("2023-06-09")


def test_the_count_year_of_an_event_no_later_year_reports_again():
    from impact.events import access_now
    recs = [{"country": "A", "start_date": "2018-03-15", "count_year": "2018"},   # not reported again
            {"country": "B", "start_date": "2019-09-10", "count_year": "2019"},   # reported again in 2020
            {"country": "B", "start_date": "2019-09-10", "count_year": "2020"},
            {"country": "C", "start_date": "2021-01-01", "count_year": ""},       # no year
            {"country": "A", "start_date": "2021-05-01", "count_year": "2021"}]   # the registry's last year
    assert access_now.last_reports(recs) == [2018, None, 2020, None, None]


@pytest.mark.parametrize("start, end, field, last, expect", [
    ("2016-05-16", "2017-05-18", 367 * 24.0, 2016, ("2016-05-18", 2 * 24.0)),   # the field follows the dates
    ("2021-01-01", "2022-01-01", 366 * 24.0, 2021, ("2021-01-01", 24.0)),
    ("2021-01-01", "2022-01-01", 5 * 24.0, 2021, ("2021-01-01", 5 * 24.0)),     # a field of its own stays
    ("2021-01-01", "2022-01-01", None, None, ("2022-01-01", None)),             # reported again: as written
    ("2021-01-01", "2022-01-01", None, 2022, ("2022-01-01", None)),             # counted for the end's year
    ("2021-01-01", "2022-01-09", None, 2021, ("2022-01-09", None)),             # more than a week over a year
    ("2021-03-01", "2022-02-27", None, 2021, ("2022-02-27", None)),             # under a year
    ("2023-03-01", "2024-02-29", None, 2023, ("2024-02-29", None)),             # no 29 February in 2023
])
def test_an_end_date_a_year_after_the_start_not_reported_again_had_its_year_mistyped(start, end, field, last, expect):
    from datetime import date

    from impact.events import access_now
    got_end, got_field = access_now._year_typo(date.fromisoformat(start), date.fromisoformat(end), field, last)
    assert (got_end.isoformat(), got_field) == expect


def test_the_year_typos_of_the_snapshot_are_read_in_the_start_year(raw, result):
    """India, Azamgarh, 'communal tension', 16 May 2016 to 18 May 2017, reported for 2016 only: two days,
    not a year-long cut of a city (US$2.87 billion, 4% of the headline); Pulwama and Shopian, 1 January
    2021 to 1 January 2022, 'The first day of 2021 has started with an internet blockade': one day, no
    longer swallowing the cuts of Jammu and Kashmir of 2021 beside it. A year-long event reported again
    keeps its dates (Myanmar, five townships in Rakhine, 3 February 2020 to 3 February 2021)."""
    india = raw["country"] == "India"
    azamgarh = rows(raw, india & (raw["start_date"] == "2016-05-16") & raw["area_name"].str.contains("Azamgarh"))[0]
    ev = event(result, azamgarh)
    assert "end_year_typo" in flags(ev) and "end_exclusive" in flags(ev)
    assert ev["end"].startswith("2016-05-18T00:00") and ev["hours"] == 48   # 16 and 17 May: ends the day before the 18th
    city = P["reach_city_share_of_region"]                                  # as written, within the horizon; × the end date; × the city's share
    assert ev["reading_high"] == pytest.approx(365 / 2 * 3 / 2 * city.high / city.value)
    pulwama = rows(raw, india & (raw["start_date"] == "2021-01-01") & (raw["end_date"] == "2022-01-01"))[0]
    ev = result.events[result.events["row"] == pulwama].iloc[0]
    assert "end_year_typo" in flags(ev) and ev["hours"] == 24
    kashmir_2021 = result.events[(result.events["country"] == "IND") & result.events["start"].str.startswith("2021")
                                 & result.events["regions"].astype(str).str.contains("Jammu")]
    assert (kashmir_2021["cost_usd_headline_central"] > 0).sum() >= 20
    rakhine = rows(raw, (raw["country"] == "Myanmar") & (raw["start_date"] == "2020-02-03")
                   & (raw["end_date"] == "2021-02-03"))
    assert all("end_year_typo" not in flags(result.events[result.events["row"] == r].iloc[0]) for r in rakhine)
    typos = result.events[result.events["flags"].astype(str).str.contains("end_year_typo")]
    assert sorted(typos["row"]) == sorted([azamgarh, pulwama])


def test_a_cut_of_the_network_no_later_year_reports_again_ends_with_its_count_year(raw, result):
    """Kazakhstan's nationwide throttling 'Ongoing' since March 2018, with no description, is reported
    for 2018 only: it ends on 31 December 2018, not at the cut-off, and no longer swallows the
    country's later events (the blackout of January 2022 had been costed at nothing)."""
    kaz = raw["country"] == "Kazakhstan"
    row = rows(raw, kaz & (raw["start_date"] == "2018-03-15") & (raw["shutdown_status"] == "Ongoing"))[0]
    ev = event(result, row)
    assert "not_reported_again" in flags(ev) and "ongoing" not in flags(ev)
    assert ev["end"].startswith("2019-01-01T00:00")                       # the end of 31 December 2018
    severity = P["throttle_default_severity"]                            # its band up to a shutdown, too
    assert ev["reading_high"] == pytest.approx(365 / 292 * severity.high / severity.value)  # to the cut-off, within 365 days
    blackout = rows(raw, kaz & raw["event"].str.contains("blackout of nearly 5 days", regex=False))[0]
    assert event(result, blackout)["cost_usd_headline_central"] > 0
    china = rows(raw, (raw["country"] == "China") & (raw["start_date"] == "2017-07-11"))[0]
    assert "ongoing" in flags(event(result, china))                       # a block of services: to the cut-off
    noted = result.events[result.events["flags"].astype(str).str.contains("not_reported_again")]
    assert len(noted) >= 5 and (noted["disruption"] != "services").all()


@pytest.mark.parametrize("text, words", [
    ("Massive protests. Telegram and Instagram blocked, and a brief complete shutdown", "brief complete shutdown"),
    ("prompted a mobile internet shutdown for around half a day and Facebook blocking for around two weeks",
     "shutdown for around half a day"),
    ("Mobile and broadband internet plus multiple social media platforms were shut down across Amhara", None),
    ("Facebook was blocked, and there was a complete shutdown for 72 hours", None),   # not brief
])
def test_the_words_that_call_a_cut_of_the_network_brief(text, words):
    assert readings.brief_network_cut(text) == words


def test_a_block_beside_a_brief_cut_of_the_network_is_costed_as_the_block(raw, result):
    """Iran, Dec 2017 - Jan 2018: 'Telegram and Instagram blocked, and a brief complete shutdown' is the
    block for the 15 days, not a 15-day national blackout (review: US$1.65 billion); the band reaches
    the blackout."""
    row = rows(raw, raw["event"].str.contains("and a brief complete shutdown", regex=False))[0]
    ev = event(result, row)
    assert ev["disruption"] == "services" and set(ev["services"].split(",")) == {"telegram", "instagram"}
    assert {"network_cut_brief", "reading_range"} <= flags(ev) and "extent_mixed" not in flags(ev)
    assert ev["reading_low"] == 1.0 and ev["reading_high"] > 5
    assert ev["cost_usd_high"] > 5 * ev["cost_usd_central"]


@pytest.mark.parametrize("text, hours", [
    ("Mobile internet was suspended in Udaipur, Rajasthan for 24 hours between Jun. 28 and Jun. 29.", 24.0),
    ("The mobile internet was shutdown nationally on Oct. 12 for approximately 14 hours during the day.", 14.0),
    ("The Tripura government on Tuesday suspended mobile Internet and SMS services in the entire state for "
     "two days in the apprehension of law and order problem", 48.0),
    ("Mobile internet services were disabled for four hours each on Aug. 21 and Aug. 28", None),   # windows
    ("Internet was suspended for 48 hours. The order was extended by another 48 hours.", None),     # renewed
    ("Presidential Election. Social Media blocked, Mobile internet for one day", None),  # not the first sentence
])
def test_the_length_of_the_cut_the_description_states(text, hours):
    assert readings.stated_hours(text) == hours


def test_a_cut_whose_description_states_a_shorter_length_is_costed_for_it(raw, result):
    """Bhilwara, May 2022: 'suspended for 24 hours between May 5 and May 6': 24 hours, not two days. The
    dates may round a stated length up by a day at most: Udaipur's 'for 24 hours between Jun. 28 and
    Jun. 29', dated to Jul. 3 ("Across the state of Rajasthan, then only in Jaipur and Udaipur"),
    describes one phase and keeps its dates (review)."""
    row = rows(raw, raw["event"].str.contains("suspended for 24 hours between May 5 and May 6 in Bhilwara",
                                              regex=False))[0]
    ev = event(result, row)
    assert ev["hours"] == pytest.approx(24.0) and "stated_length" in flags(ev)
    udaipur = rows(raw, raw["event"].str.contains("Udaipur, Rajasthan for 24 hours between Jun. 28", regex=False))[0]
    assert "stated_length" not in flags(event(result, udaipur))


def test_a_cut_the_row_says_recurred_daily_is_costed_as_daily_windows(raw, result):
    """Iran, September 2022: 'Daily curfew-style shutdowns ... from around 4:00pm to midnight ... between
    Sep. 21 and Oct. 3': 13 windows of 8 hours, not 312 continuous hours (review: US$1.26 billion)."""
    row = rows(raw, (raw["country"] == "Iran (Islamic Republic of)")
               & raw["event"].str.contains("curfew-style shutdowns were imposed", case=False))[0]
    ev = event(result, row)
    assert "daily_windows" in flags(ev) and ev["daily_window"] == "06:00-14:00"
    assert ev["hours"] == pytest.approx(13 * 8)
    assert ev["cost_usd_central"] == pytest.approx(ev["cost_per_day_usd_central"] * ev["counted_hours"] / 24)
    # an exam row keeps the exam rule; a row with 'daily' but no hours of the cut keeps whole days
    no_hours = rows(raw, raw["event"].str.contains("for a few hours daily", case=False))[0]
    assert "daily_windows" not in flags(event(result, no_hours))


def test_exam_windows_without_a_count_cover_every_day_of_the_span(raw, result):
    """Jordan's Tawjihi blocks: a span of weeks, no count, no hours: a window of the assumed hours a day."""
    hours = P["exam_window_hours"].value
    cond = ((raw["actual_cause"] == "Exam cheating") & (raw["end_date"] > raw["start_date"])
            & (raw["country"] == "Jordan"))
    for row in rows(raw, cond):
        ev = event(result, row)
        if ev["status"] == "rejected" or pd.notna(ev["windows"]):
            continue
        text = raw.loc[row - 1, "event"]
        if readings.window_hours(text) is not None or readings.exam_count(text) is not None:
            continue
        span = (pd.Timestamp(raw.loc[row - 1, "end_date"]) - pd.Timestamp(raw.loc[row - 1, "start_date"])).days + 1
        assert ev["hours"] == pytest.approx(span * hours) and "every day of" in ev["notes"]
        return
    pytest.fail("no Jordan exam row without a count or hours")


def test_exam_description_parsing():
    assert readings.window_hours("each from 6:00-8:00am (UTC+3, local time)") == 2
    assert readings.window_hours("between 11:00 and 15:15 during Class 10 exams") == 4.25
    assert readings.window_hours("once each morning around 8:00am-12:00pm and another from around "
                                 "1:00pm-5:00pm (all UTC+0)") == 8
    assert readings.window_hours("for 5 hours everyday during the exam season") == 5
    assert readings.window_hours("(May 21, May 23, Jun. 8-Jun. 13, 16-19)") is None
    assert readings.exam_count("The internet was shut down 26 times across Iraq") == 26
    assert readings.exam_count("on all 11 exam days between Jun. 11 and Jun. 22") == 11
    assert readings.exam_count("for two days") is None


def test_a_city_that_is_its_own_region_is_the_whole_region_but_places_in_it_are_parts(raw, result, country_data):
    city = P["reach_city_share_of_region"]
    bamako = event(result, rows(raw, (raw["area_name"].str.strip() == "Bamako")
                               & (raw["geo_scope"] == "It only affected one city, county, or village"))[0])
    assert bamako["reach"] == "regions" and bamako["regions"] == "Bamako" and "city_region" in flags(bamako)
    assert bamako["reading_low"] <= city.value + 1e-9
    sector = event(result, rows(raw, raw["area_name"] == "G-11 sector, Islamabad")[0])
    ict = country_data.region_share("PAK", ["Islamabad (ICT)"], int(sector["start"][:4])).share
    assert "city_region" not in flags(sector) and "region_upper_bound" in flags(sector)
    assert sector["reach"] == "share" and sector["affected_share"] == pytest.approx(city.value * ict)


def test_a_region_named_alone_under_a_city_scope_reaches_up_to_the_whole_region(raw, result):
    city = P["reach_city_share_of_region"]
    ev = event(result, rows(raw, (raw["area_name"].str.strip() == "Kassala")
                            & (raw["geo_scope"] == "It only affected one city, county, or village"))[0])
    assert ev["reach"] == "share" and "region_upper_bound" in flags(ev)
    assert ev["reading_high"] == pytest.approx(1.0 / city.value)  # the scope and the place disagree


def test_places_that_are_parts_of_their_region_are_costed_as_a_part(raw, result, country_data):
    """Russia's GDL regions are federal districts: "Dagestan and Ingushetia" is a part of the
    North-Caucasian district (it was 20% of Russia's people, the default share)."""
    cities = P["reach_cities_share_of_region"]
    ev = event(result, rows(raw, raw["area_name"] == "Dagestan and Ingushetia")[0])
    district = country_data.region_share("RUS", ["The North-Caucasian Federal District"], int(ev["start"][:4])).share
    assert "place_in_region" in flags(ev) and ev["reach"] == "share"
    assert ev["affected_share"] == pytest.approx(cities.value * district)
    assert ev["affected_share"] * ev["reading_high"] == pytest.approx(district)  # up to the whole district


def test_regions_named_as_the_region_of_places_in_them_are_a_part_the_others_whole(raw, result, country_data):
    """Under a several-regions scope, "Sagaing's Pale, Kani ... townships" is townships of Sagaing,
    not all of Sagaing (Myanmar's township cuts of 2021 were costed as whole regions), while a
    region named on its own ("Kachin's Hpakant, Sagaing": Sagaing) is all of it."""
    cities = P["reach_cities_share_of_region"]
    several = "It affected locations in more than one state, province, or region"
    townships = event(result, rows(raw, raw["area_name"].str.startswith("Sagaing’s Pale") & (raw["geo_scope"] == several))[-1])
    year = int(townships["start"][:4])
    held = ["Sagaing", "Mandalay, NayPyitaw", "Magway"]
    assert townships["regions"] == " | ".join(held) and "place_in_region" in flags(townships)
    whole = country_data.region_share("MMR", held, year).share
    assert townships["affected_share"] == pytest.approx(cities.value * whole)
    assert townships["affected_share"] * townships["reading_high"] == pytest.approx(whole)
    mixed = event(result, rows(raw, raw["area_name"].str.strip() == "Kachin's Hpakant, Sagaing")[-1])  # the kept report
    kachin, sagaing = (country_data.region_share("MMR", [r], int(mixed["start"][:4])).share for r in ("Kachin", "Sagaing"))
    assert mixed["reach"] == "share" and "place_in_region" in flags(mixed)
    assert mixed["affected_share"] == pytest.approx(sagaing + cities.value * kachin)
    assert mixed["affected_share"] * mixed["reading_low"] == pytest.approx(sagaing + cities.low * kachin)
    assert mixed["affected_share"] * mixed["reading_high"] == pytest.approx(sagaing + kachin)
    kashmir = event(result, rows(raw, raw["area_name"].str.strip() == "Pulwama and Shupiyan districts in Jammu and Kashmir")[0])
    assert "place_in_region" in flags(kashmir) and kashmir["reach"] == "share"   # one district an alias, one not
    both = event(result, rows(raw, (raw["area_name"].str.strip() == "Rakhine and Chin States"))[0])
    assert "place_in_region" not in flags(both)   # two regions named, nothing in them


def test_a_region_gdl_merged_found_by_one_name_is_flagged(raw, result):
    from impact.events.places import _merged_member

    assert _merged_member("Mandalay, NayPyitaw", ["Mandalay"]) and not _merged_member("Mandalay, NayPyitaw",
                                                                                     ["Mandalay", "NayPyitaw"])
    assert not _merged_member("Tigray", ["Tigray"]) and _merged_member("Abyan, Aden (town), Lahej", ["Aden"])
    annobon = event(result, rows(raw, raw["area_name"].str.strip() == "Annobon")[-1])
    assert annobon["regions"] == "Annobon, Bioko" and "region_merged" in flags(annobon)
    whole = event(result, rows(raw, raw["area_name"].str.strip() == "Rakhine and Chin States")[0])
    assert "region_merged" not in flags(whole)
    # a group whose members GDL lists in its parentheses, with spaces or commas; one other name in
    # brackets is not a group
    north = "North (Samangan Sar-e-Pul Balkh Jawzjan Faryab)"
    assert _merged_member(north, ["Balkh"]) and not _merged_member(north, ["North"])
    assert _merged_member("Grand Tunis (Tunis, Ariana, Ben Arous, Manouba)", ["Tunis"])
    assert not _merged_member("Islamabad (ICT)", ["Islamabad"])


def test_regions_named_under_a_scope_of_locations_in_several_regions_are_whole_or_in_part(raw, result):
    """India, 2 April 2018: "West Bengal, Jammu and Kashmir, Uttar Pradesh, Madhya Pradesh, Punjab and
    Rajasthan", scope "locations in more than one state": the scope does not say whether all of each
    state was cut (district cuts in those states during the Bharat Bandh): costed as the six states
    whole, the band down to several cities of each (reach_cities_share_of_region), the central unchanged."""
    row = rows(raw, raw["area_name"].str.startswith("West Bengal, Jammu and Kashmir, Uttar Pradesh"))[0]
    ev = event(result, row)
    assert len(ev["regions"].split(" | ")) == 6 and ev["reach"] == "regions"
    assert "regions_whole_or_part" in flags(ev) and "whole regions named" in ev["notes"]
    share = P.value("reach_cities_share_of_region")
    severity = P["throttle_default_severity"]
    # the readings multiply: this reach, the throttle's default severity, the day counted or not
    assert ev["reading_low"] == pytest.approx(share * severity.low / severity.value, rel=1e-9)
    assert ev["cost_usd_low"] < share * ev["cost_usd_central"] * 1.5
    # a row naming places not all recognised keeps its lower bound (regions_partial), not both
    partial = result.events[result.events["flags"].str.contains("regions_partial", na=False)]
    assert len(partial) and not partial["flags"].str.contains("regions_whole_or_part").any()
    # a nationwide row is not a set of regions
    national = result.events[(result.events["src_area"] == "Nationwide") & (result.events["status"] != "rejected")]
    assert len(national) and not national["flags"].str.contains("regions_whole_or_part", na=False).any()


def test_tehran_is_the_region_gdl_names_tehran_and_alborz(raw, result):
    """Iran, December 2025: "Bushehr, Ilam, Isfahan, Fasa, Mashhad, Sanandaj, Shiraz, and Tehran": GDL's
    "Tehran and Alborz" (one region, named with "and") was not found, and a quarter of Iran's people left
    out (review); the cities not recognised are said (regions_partial)."""
    row = rows(raw, raw["area_name"].str.startswith("Bushehr, Ilam, Isfahan, Fasa"))[0]
    ev = event(result, row)
    assert "Tehran and Alborz" in ev["regions"].split(" | ") and "regions_partial" in flags(ev)
    assert "not recognised" in ev["notes"]


def test_provinces_gdl_lists_with_spaces_inside_a_group_are_found(raw, result):
    """Afghanistan, September 2025: "Badakhshan, Balkh, Hilmand, … and Takhar provinces": GDL lists
    Afghanistan's provinces inside its eight groups with spaces ("North (Samangan Sar-e-Pul Balkh …)");
    they were not found and the row took the default share of 20% (review)."""
    row = rows(raw, raw["area_name"].str.startswith("Badakhshan, Balkh, Hilmand"))[0]
    ev = event(result, row)
    assert ev["reach"] == "regions" and "reach_default" not in flags(ev)
    assert "North (Samangan Sar-e-Pul Balkh Jawzjan Faryab)" in ev["regions"].split(" | ")
    assert "region_merged" in flags(ev)


def test_the_region_held_by_a_place_is_read_from_the_words_around_it(synthetic_data):
    from impact.events.places import Places

    places = Places(synthetic_data)
    for area, held in [("Tigray's Mekelle and Adigrat", ("Tigray",)), ("five woredas in Amhara", ("Amhara",)),
                       ("Bahir Dar city, Amhara", ("Amhara",)), ("parts of Amhara and Oromia", ("Amhara", "Oromia")),
                       ("Tigray's Mekelle, Amhara", ("Tigray",)), ("Tigray, Tigray's Mekelle", ()),
                       ("Amhara and Oromia regions", ()), ("Amhara, Oromia", ()),
                       ("Mekelle town, and Amhara", ()), ("Adigrat district and all of Tigray", ()),
                       ("Mekelle, Adigrat, and Shire, Tigray", ("Tigray",)), ("Amhara, Afar, and Tigray", ()),
                       ("Mekelle, the capital of Tigray, and Amhara", ("Tigray",))]:
        assert places.held("ETH", area) == held, area
    assert places.resolve("ETH", "Tigray's Mekelle, Amhara")[0] == ("Tigray", "Amhara")


def test_a_countrys_median_region_needs_two_regions_in_the_data():
    class OneRegion:  # a CountryData whose Global Data Lab table holds one region of the country
        def region_index(self):
            return {"XKX": ([{"code": "R1", "region": "Only"}], {})}

        def region_weights(self, iso3, weight="population"):
            return {2020: {"R1": 5.0}}

    class TwoRegions(OneRegion):
        def region_index(self):
            return {"XKX": ([{"code": "R1", "region": "One"}, {"code": "R2", "region": "Two"}], {})}

        def region_weights(self, iso3, weight="population"):
            return {2019: {"R1": 1.0, "R2": 3.0}, 2021: {"R1": 1.0, "R2": 1.0}}

    assert registry.Places(OneRegion()).typical_share("XKX", 2020) is None
    two = registry.Places(TwoRegions())
    assert two.typical_share("XKX", 2020) == pytest.approx(0.5)  # median of 0.25 and 0.75 (2019's data)
    assert two.typical_share("XKX", 2018) is None  # no region data yet


# -- one operator -------------------------------------------------------------------------------
def test_a_cut_of_the_one_telco_named_is_one_operator(raw, result, country_data):
    """Iraq 2025: "the suspension of internet services from Korek Telecom in the Kurdistan Region",
    Korek the row's only telco: Korek's share of the people the row reaches (its scope: several
    cities of the Kurdistan Region), not all of them."""
    op, cities = P["operator_share_default"], P["reach_cities_share_of_region"]
    row = rows(raw, raw["event"].str.contains("internet services from Korek Telecom"))[0]
    ev = event(result, row)
    assert "one_operator" in flags(ev) and "Korek Telecom" in ev["notes"] and ev["status"] != "rejected"
    kurdistan = country_data.region_share("IRQ", ["Erbil", "Suleimaniya", "Dohouk"], 2025).share
    assert raw.loc[row - 1, "geo_scope"].startswith("It affected more than one city")
    assert ev["affected_share"] == pytest.approx(op.value * cities.value * kurdistan)
    assert ev["reading_low"] <= op.low / op.value + 1e-9
    assert readings.one_operator({"event": "Internet services from Korek Telecom were suspended.",
                                  "telcos_involved": "Iraq: Korek Telecom"}) == "Korek Telecom"
    # the one telco of a row that does not say its service was the one cut is not read as one operator
    assert readings.one_operator({"event": "Authorities shut down the internet nationwide; Korek Telecom "
                                           "confirmed the order.", "telcos_involved": "Iraq: Korek Telecom"}) is None
    assert readings.one_operator({"event": "Internet services from Korek Telecom were suspended.",
                                  "telcos_involved": "Iraq: Korek Telecom, Iraq: Asiacell"}) is None


def test_an_event_on_one_operator_is_costed_at_an_operator_share(raw, result):
    op = P["operator_share_default"]
    row = rows(raw, raw["event"].str.contains("was the only network"))[0]
    ev = event(result, row)
    assert "one_operator" in flags(ev) and ev["status"] != "rejected"
    if ev["reach"] == "isp":
        assert ev["isp_share"] == op.value and ev["affected_share"] == pytest.approx(op.value)
    else:
        assert ev["affected_share"] < 1
    assert ev["reading_low"] == pytest.approx(op.low / op.value)


# -- uncertain readings are ranges ---------------------------------------------------------------------
def test_a_city_in_a_recognised_region_is_costed_at_a_share_of_that_region(raw, result, country_data):
    city = P["reach_city_share_of_region"]
    cond = ((raw["geo_scope"] == "It only affected one city, county, or village")
            & raw["area_name"].str.endswith(", Uttar Pradesh"))
    ev = next(e for e in (event(result, r) for r in rows(raw, cond)) if "end_exclusive" not in flags(e))
    region = country_data.region_share("IND", ["Uttar Pradesh"], int(ev["start"][:4])).share
    # a share of Uttar Pradesh's people (about 16% of India's), not a share of all India's
    assert ev["reach"] == "share" and ev["affected_share"] == pytest.approx(city.value * region)
    assert {"region_upper_bound", "reading_range"} <= flags(ev) and ev["regions"] == "Uttar Pradesh"
    assert ev["reading_low"] == pytest.approx(city.low / city.value)
    assert ev["reading_high"] == pytest.approx(city.high / city.value)
    assert ev["cost_usd_high"] > 5 * ev["cost_usd_central"]


def test_several_cities_of_a_region_never_reach_more_than_the_region(raw, result, country_data):
    cities = P["reach_cities_share_of_region"]
    assert cities.high == 1.0  # the scope says "in the same state, province, or region"
    ev = result.events
    hits = ev[ev["flags"].str.contains("region_upper_bound", na=False) & (ev["status"] != "rejected")
              & (ev["src_scope"] == "It affected more than one city in the same state, province, or region")
              & (ev["country"] == "IND")]
    only_reach = {"region_upper_bound", "reading_range", "calls_sms_cut", "day_hours"}  # no other band
    hits = hits[hits["flags"].map(lambda f: set(str(f).split(";")) <= only_reach)]
    assert len(hits) > 10
    for _, e in hits.head(20).iterrows():
        region = country_data.region_share("IND", e["regions"].split(" | "), int(e["start"][:4])).share
        assert e["affected_share"] == pytest.approx(cities.value * region)
        assert e["affected_share"] * e["reading_high"] <= region * (1 + 1e-9)


def test_an_unrecognised_city_is_a_share_of_the_countrys_median_region(raw, result, country_data):
    city = P["reach_city_share_of_region"]
    ev = result.events
    hits = ev[ev["flags"].str.contains("reach_default", na=False) & (ev["status"] != "rejected")
              & (ev["src_scope"] == "It only affected one city, county, or village") & (ev["country"] == "IND")
              & ~ev["flags"].str.contains("one_operator", na=False)]
    assert len(hits)
    e = hits.iloc[0]
    year = int(e["start"][:4])
    shares = [country_data.region_share("IND", [r], year).share
              for r in registry.Places(country_data).country("IND")[0]]
    assert e["affected_share"] == pytest.approx(city.value * float(np.median(shares)))
    assert "of a typical region" in e["notes"] and city.name in e["notes"]
    assert e["affected_share"] < P.value("reach_default_share_city")  # India's regions are many and large


def test_default_reach_and_severity_widen_the_band_by_their_ranges(raw, result):
    ev = result.events
    default = ev[ev["flags"].str.contains("reach_default", na=False) & (ev["status"] != "rejected")
                 & ~ev["notes"].str.contains("_share_of_region", na=False)                 # a country-level default
                 & ~ev["flags"].str.contains("not_reported_again|end_exclusive|ended_on|exam_windows|"
                                             "throttle_severity|type_mixed|extent_mixed|network_unknown|"
                                             "one_operator", na=False)].iloc[0]  # and no other reading
    scope = next(k for k, v in registry.DEFAULT_SHARE_PARAMETERS.items() if P.value(v) == default["affected_share"])
    q = P[registry.DEFAULT_SHARE_PARAMETERS[scope]]
    assert default["reading_low"] == pytest.approx(q.low / q.value) and default["reading_high"] == pytest.approx(q.high / q.value)
    kaz = event(result, rows(raw, (raw["country"] == "Kazakhstan") & (raw["shutdown_type"] == "Throttle")
                             & (raw["shutdown_status"] == "Ongoing"))[0])
    sev = P["throttle_default_severity"]
    assert kaz["reading_low"] == pytest.approx(sev.low / sev.value)
    assert kaz["reading_high"] == pytest.approx(sev.high / sev.value * 365 / 292)  # × lasting to the cut-off (not_reported_again)
    # severity 0.2-1.0 around 0.5: far wider than the model's own band of a national throttle
    assert kaz["cost_usd_low"] < 0.7 * kaz["cost_usd_central"] and kaz["cost_usd_high"] > 1.4 * kaz["cost_usd_central"]


def test_a_total_band_widens_with_the_readings(result):
    ok = result.events[result.events["status"] != "rejected"]
    ranged = ok[ok["reading_low"].notna()]
    assert len(ranged) > 200
    width = (ranged["cost_usd_high"] - ranged["cost_usd_low"]) / ranged["cost_usd_central"]
    plain = ok[ok["reading_low"].isna()]
    plain_width = (plain["cost_usd_high"] - plain["cost_usd_low"]) / plain["cost_usd_central"]
    assert width.median() > 1.5 * plain_width.median()


# -- overlaps: the union of what was cut -------------------------------------------------------------
def test_pakistans_x_ban_counts_alongside_the_telegram_block_it_overlaps(raw, result):
    """Two blocks of different platforms in one place are one block of both: each counts a share."""
    x_ban = rows(raw, (raw["country"] == "Pakistan") & (raw["twitter_affected"] == "Yes")
                 & (raw["start_date"] == "2024-02-17") & (raw["end_date"] != ""))[0]
    ev = event(result, x_ban)
    assert ev["counted_hours"] > 0.25 * ev["hours"] and "overlap" in flags(ev)


def _moments(*pairs):
    return (np.array([np.datetime64(a) for a, _ in pairs], dtype="datetime64[s]"),
            np.array([np.datetime64(b) for _, b in pairs], dtype="datetime64[s]"))


def test_union_of_blocks_windows_and_blackouts():
    s, e = _moments(("2024-01-01", "2024-01-11"), ("2024-01-01", "2024-01-11"))
    counted, _ = count_once(["PAK", "PAK"], s, e, ["services", "services"], ["national", "national"])
    assert counted.tolist() == [120.0, 120.0]  # one block of both platforms, shared
    # a blackout 2 hours a day over the same days covers a concurrent block for those hours only
    counted, by = count_once(["IRQ", "IRQ"], s, e, ["full", "services"], ["national", "national"],
                             duty=np.array([2 / 24, 1.0]))
    assert counted == pytest.approx([20.0, 220.0])
    assert by["event_hours"].sum() == pytest.approx(20 + 240)
    # a national blackout covers a regional block; a regional blackout does not cover a national block
    counted, _ = count_once(["ETH"] * 3, *_moments(("2024-01-01", "2024-01-02"), ("2024-01-01", "2024-01-02"),
                                                  ("2024-01-01", "2024-01-02")),
                            ["full", "services", "full"], ["national", "regions:tigray", "regions:amhara"])
    assert counted.tolist() == [24.0, 0.0, 0.0]


def test_a_disruption_began_with_the_first_of_its_chain_in_one_place():
    s, e = _moments(("2020-01-01", "2020-03-01"), ("2020-02-01", "2020-06-01"), ("2020-06-01", "2020-07-01"),
                    ("2020-08-01", "2020-09-01"), ("2020-02-01", "2020-03-01"), ("2020-02-01", "2020-03-01"))
    began = disruption_began(["PAK"] * 5 + ["IND"], ["national"] * 3 + ["national", "regions:x", "national"],
                             np.array([True, True, True, True, True, True]), s, e)
    day = lambda text: np.datetime64(text, "s")  # noqa: E731
    # overlapping and touching spans chain; a gap starts anew; another place or country never chains
    assert list(began) == [day("2020-01-01"), day("2020-01-01"), day("2020-01-01"), day("2020-08-01"),
                           day("2020-02-01"), day("2020-02-01")]
    # a cut of the network never continues a block of services, nor the reverse
    began = disruption_began(["PAK", "PAK"], ["national", "national"], np.array([True, False]), s[:2], e[:2])
    assert list(began) == [day("2020-01-01"), day("2020-02-01")]


def test_counts_add_up_with_a_reason_per_rejected_row(result):
    c, ev = result.counts, result.events
    assert c["read"] == c["costed"] + c["flagged"] + c["rejected"] == 2102
    rejected = ev[ev["status"] == "rejected"]
    assert rejected["reason"].str.match(r"^[a-z_]+: .+").all()
    assert set(rejected["reason"].str.split(":").str[0]) <= set(registry.REASONS)
    assert {"not_government", "satellite_only"} <= set(rejected["reason"].str.split(":").str[0])


# -- the headline: each event up to its horizon ------------------------------------------------------
def test_chinas_whatsapp_block_is_in_the_headline_for_its_first_90_days_only(raw, result):
    row = rows(raw, (raw["country"] == "China") & (raw["whatsapp_affected"] == "Yes")
               & (raw["start_date"] == "2017-07-11"))[0]
    ev = event(result, row)
    days = P.value("block_horizon_days")
    assert "long_running" in flags(ev) and ev["hours"] > 8 * 365 * 24
    assert ev["headline_hours"] == pytest.approx(days * 24)
    assert ev["cost_usd_headline_central"] == pytest.approx(ev["cost_per_day_usd_central"] * days)
    t = result.totals
    china = t[(t["country"] == "CHN") & t["year"].between(2019, 2025)]
    assert (china["cost_usd_central_past_horizon"] > 0).all()
    # a years-long cut of the network that continues nothing earlier: in the headline for 365 days
    tigray = costed_event(result, rows(raw, (raw["country"] == "Ethiopia") & (raw["start_date"] == "2020-11-04")
                                       & (raw["area_name"] == "Tigray") & (raw["end_date"] == "")))
    assert "long_running" in flags(tigray) and tigray["disruption"] == "full"
    assert tigray["headline_hours"] == pytest.approx(P.value("long_event_horizon_days") * 24)


def costed_event(result, candidates: list[int]) -> pd.Series:
    """The one event of these rows (duplicates of one another) that is not rejected."""
    ev = result.events[result.events["row"].isin(candidates) & (result.events["status"] != "rejected")]
    assert len(ev) == 1
    return ev.iloc[0]


def test_a_block_of_one_more_platform_continues_the_block_already_in_force(raw, result):
    """China's block of Signal (March 2021) starts while WhatsApp has been blocked since 2017: the
    overlap rule makes them one block of both platforms, so its horizon runs from 2017 and all of
    its hours are on the line past the horizons, none in the headline."""
    signal = costed_event(result, rows(raw, (raw["country"] == "China") & (raw["start_date"] == "2021-03-16")))
    assert signal["headline_hours"] == 0
    assert signal["cost_usd_headline_central"] == 0
    # and Jammu and Kashmir's throttling of January 2021 continues the cut in force there since August 2019
    kashmir = event(result, rows(raw, (raw["country"] == "India") & (raw["start_date"] == "2021-01-23")
                                 & raw["area_name"].str.startswith("Anantnag, Badgam"))[0])
    assert kashmir["hours"] > 300 and kashmir["headline_hours"] == 0


def test_a_type_read_at_its_upper_bound_has_a_band_down_to_the_lower_reading(raw, result, country_data):
    """'Full network, Service-based' is costed as the network cut; its band reaches the block alone.
    An unknown network is costed as both networks; its band reaches a mobile cut."""
    import impact

    mixed = rows(raw, (raw["shutdown_extent"] == "Full network, Service-based") & (raw["shutdown_type"] == "Shutdown")
                 & (raw["affected_network"] == "Broadband, Mobile") & (raw["area_name"] == "Nationwide")
                 & (raw["ordered_by"] == "Executive government"))
    ev = next(event(result, r) for r in mixed if event(result, r)["status"] != "rejected"
              and "end_exclusive" not in flags(event(result, r)))
    assert ev["disruption"] == "full" and "extent_mixed" in flags(ev) and "reading_range" in flags(ev)
    sc = result.scenarios[ev.name]
    block = impact.estimate(country=sc.country, start=sc.start, end=sc.end, daily_window=sc.daily_window, disruption="services",
                            services="other", draws=0, data=country_data)
    full = impact.estimate(sc, data=country_data)
    assert ev["reading_low"] == pytest.approx(block.cost_usd.central / full.cost_usd.central, rel=1e-6)
    assert ev["cost_usd_low"] < full.cost_usd.low
    unknown = result.events[result.events["flags"].str.contains("network_unknown", na=False)
                            & (result.events["status"] != "rejected")].iloc[0]
    assert "reading_range" in flags(unknown) and unknown["reading_low"] < 1


def test_calls_and_sms_cut_too_are_flagged_as_not_costed(raw, result):
    both = rows(raw, (raw["phonecall_affected"] == "Yes") & (raw["sms_affected"] == "Yes")
                & (raw["ordered_by"] == "Military"))
    ev = next(event(result, r) for r in both if event(result, r)["status"] != "rejected")
    assert "calls_sms_cut" in flags(ev) and "phone calls and SMS" in ev["notes"]
    neither = rows(raw, (raw["phonecall_affected"] == "No") & (raw["sms_affected"] == "No"))
    assert not any("calls_sms_cut" in flags(event(result, r)) for r in neither[:50])
