"""Whole registries (impact.events.batch): nothing lost, the overlap rule, totals, vectorised = one by one."""
from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import impact
from impact import InputError
from impact.events import registry
from impact.events.batch import annual_totals, count_once, estimate_many

STOP = (Path(__file__).resolve().parents[2].parent / "shared" / "data" / "events"
        / "access_now_stop_2016-2025_snapshot-2026-05-20.csv")
CUTOFF = "2026-05-20"
COLUMNS = ["id", "country", "start", "end", "hours", "type", "services", "severity", "regions", "share"]


@pytest.fixture(scope="module")
def stop(real_data):
    return estimate_many(STOP, cutoff=CUTOFF, draws=1000, seed=0, data=real_data)


def table(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame([{c: r.get(c, "") for c in COLUMNS} for r in rows])


def alone(data, draws=200, seed=1, **fields) -> impact.Result:
    return impact.estimate(data=data, draws=draws, seed=seed, **fields)


def batch(data, *rows, **kw):
    kw = {"cutoff": "2024-12-31", "draws": 200, "seed": 1, **kw}
    return estimate_many(table(*rows), data=data, **kw)


# -- the whole STOP snapshot -----------------------------------------------------------------------
def test_whole_snapshot_counts_add_up_and_every_rejection_has_a_reason(stop):
    c, ev = stop.counts, stop.events
    assert c["read"] == 2102 == c["costed"] + c["flagged"] + c["rejected"]
    assert c["events"] == len(ev) == c["events_costed"] + c["events_flagged"] + c["events_rejected"]
    assert c["costed"] > 0 and c["flagged"] > 0 and c["rejected"] > 0
    rejected = ev["status"] == "rejected"
    assert (ev.loc[rejected, "reason"].str.len() > 0).all()
    assert set(ev.loc[rejected, "reason"].str.split(":").str[0]) <= set(registry.REASONS)
    assert (ev.loc[~rejected, "reason"] == "").all()
    assert (ev.loc[ev["status"] == "flagged", "flags"] != "").all()
    assert (ev.loc[ev["status"] == "costed", "flags"].fillna("") == "").all()
    assert ev.loc[rejected, ["cost_usd_central", "cost_usd_low", "cost_usd_high"]].isna().all().all()
    per_row = ev.groupby("row")["status"].agg(set)
    assert sum(s == {"rejected"} for s in per_row) == c["rejected"]


def test_whole_snapshot_costs_are_finite_ordered_ranges(stop):
    ok = stop.events[stop.events["status"] != "rejected"]
    low, mid, high = (ok[f"cost_usd_{k}"].to_numpy(dtype=float) for k in ("low", "central", "high"))
    assert np.isfinite([low, mid, high]).all() and (low >= 0).all()
    assert (low <= mid).all() and (mid <= high).all()
    assert (ok["counted_hours"] <= ok["hours"] + 1e-9).all() and (ok["counted_hours"] >= 0).all()
    assert (ok["affected_share"] > 0).all() and (ok["affected_share"] <= 1).all()
    assert ok["currency"].str.match(r"^current US\$ of \d{4}$").all()
    assert (ok["data_snapshot"] == stop.info["data_snapshot"]).all()


def test_vectorised_costs_equal_estimate_one_by_one(stop, country_data):
    """Each event's central is what impact.estimate gives its scenario alone; so is its band, unless
    the row allows other readings (reading_low/high), whose band then holds the estimate's."""
    ev = stop.events
    whole = ev.index[(ev["status"] != "rejected") & np.isclose(ev["counted_hours"], ev["hours"])]
    rng = np.random.default_rng(3)
    sample = np.concatenate([rng.choice(ids, min(len(ids), 14), replace=False)  # each kind of reach
                             for ids in (whole[ev.loc[whole, "reach"] == r] for r in ("national", "regions", "share"))])
    assert set(ev.loc[sample, "reach"]) >= {"national", "regions", "share"}
    assert ev.loc[sample, "reading_low"].notna().any() and ev.loc[sample, "reading_low"].isna().any()
    assert ev.loc[sample, "daily_window"].notna().any() or ev.loc[ev["daily_window"].notna()].shape[0] > 0
    windowed = ev.index[(ev["status"] != "rejected") & ev["daily_window"].notna()
                        & np.isclose(ev["counted_hours"], ev["hours"])]
    for i in [*sample, *windowed[:5]]:
        one = impact.estimate(stop.scenarios[i], data=country_data)
        got = ev.loc[i, ["cost_usd_central", "cost_usd_low", "cost_usd_high"]].to_numpy(dtype=float)
        assert got[0] == pytest.approx(one.cost_usd.central, rel=1e-9)
        if pd.isna(ev.loc[i, "reading_low"]):
            assert got[1:] == pytest.approx([one.cost_usd.low, one.cost_usd.high], rel=1e-9)
        else:
            assert got[1] <= one.cost_usd.low * (1 + 1e-9) and got[2] >= one.cost_usd.high * (1 - 1e-9)
            assert got[2] - got[1] > one.cost_usd.high - one.cost_usd.low
        assert ev.loc[i, "people_affected"] == pytest.approx(one.people_affected, rel=1e-12)
        assert ev.loc[i, "gdp_year"] == one.data_year


def test_totals_are_the_sums_of_the_events(stop):
    ok = stop.events[stop.events["status"] != "rejected"]
    t = stop.totals
    for k in ("low", "central", "high"):  # the headline: each event's hours within its horizon
        assert t[f"cost_usd_{k}"].sum() == pytest.approx(ok[f"cost_usd_headline_{k}"].sum(), rel=1e-9)
    assert t["hours"].sum() == pytest.approx(ok["headline_hours"].sum())
    assert t["event_hours"].sum() == pytest.approx(ok["hours"].sum())
    # every counted hour is in the headline or past the horizon
    assert (t["hours"] + t["hours_past_horizon"]).sum() >= ok["counted_hours"].sum() - 1e-6
    assert (ok["headline_hours"] <= ok["hours"] + 1e-9).all()
    assert not t.duplicated(["country", "year"]).any()
    assert t["events_rejected"].sum() == (stop.events["status"] == "rejected").sum() - stop.events.loc[
        stop.events["status"] == "rejected", "country"].isna().sum()
    years = annual_totals(stop)
    assert years["cost_usd_central"].sum() == pytest.approx(t["cost_usd_central"].sum(), rel=1e-12)
    assert years["year"].is_monotonic_increasing and years.attrs["currency"] == stop.info["currency"]
    assert (years["cost_usd_low"] <= years["cost_usd_central"]).all()


def test_a_country_without_data_is_rejected_with_the_reason(stop):
    prk = stop.events[stop.events["country"] == "PRK"]
    assert prk["reason"].str.startswith("data_missing: no NY.GDP.MKTP.CD value for").any()
    assert (prk["status"] == "rejected").all() and (prk["reason"] != "").all()


def test_a_cleaned_events_frame_gives_the_same_result(stop, country_data):
    cleaned = registry.clean(registry.read(STOP), cutoff=CUTOFF, data=country_data)
    again = estimate_many(cleaned, cutoff=CUTOFF, draws=1000, seed=0, data=country_data)
    assert again.counts == stop.counts
    assert again.events["cost_usd_central"].equals(stop.events["cost_usd_central"])


# -- the overlap rule (small synthetic tables) -------------------------------------------------------
def test_an_event_costing_more_than_the_threshold_share_of_gdp_is_flagged_and_kept(country_data):
    from impact.model import parameters

    year = {"id": "y", "country": "Mali", "start": "2020-01-01", "end": "2020-12-31", "type": "full"}
    day = {"id": "d", "country": "Mali", "start": "2021-03-01", "end": "2021-03-01", "type": "full"}
    r = batch(country_data, year, day)
    ev = r.events.set_index("src_id")
    gdp = alone(country_data, country="Mali", days=1, start="2020-06-01").gdp.value
    share = ev.loc["y", "cost_usd_headline_central"] / gdp
    assert share > parameters.load().value("event_gdp_share_flag")      # a year-long national blackout
    assert "event_gdp_share" in ev.loc["y", "flags"] and ev.loc["y", "status"] == "flagged"
    assert f"{share:.1%}" in ev.loc["y", "notes"]
    assert "event_gdp_share" not in str(ev.loc["d", "flags"])
    mli = r.totals.set_index(["country", "year"]).loc[("MLI", 2020)]
    assert mli["cost_usd_central"] == pytest.approx(ev.loc["y", "cost_usd_headline_central"], rel=1e-9)  # kept


@pytest.mark.shared_data
def test_kazakhstans_intermittent_throttle_recorded_as_continuous_is_flagged(stop):
    kaz = stop.events[(stop.events["row"] == 233) & (stop.events["country"] == "KAZ")].iloc[0]
    assert "event_gdp_share" in kaz["flags"] and kaz["disruption"] == "throttle"


def test_a_blackout_and_a_concurrent_app_block_are_not_counted_twice(country_data):
    full = {"id": "f", "country": "Mali", "start": "2020-01-01", "end": "2020-01-02", "type": "full"}
    apps = {"id": "s", "country": "Mali", "start": "2020-01-01", "end": "2020-01-05", "type": "services",
            "services": "facebook"}
    for rows in ((full, apps), (apps, full)):
        r = batch(country_data, *rows)
        ev = r.events.set_index("src_id")
        assert ev.loc["f", "counted_hours"] == 48 and ev.loc["s", "counted_hours"] == 72
        assert "overlap" in ev.loc["s", "flags"] and "overlap" not in str(ev.loc["f", "flags"])
        blackout = alone(country_data, country="Mali", start="2020-01-01", end="2020-01-02")
        block = alone(country_data, country="Mali", start="2020-01-01", end="2020-01-05",
                      disruption="services", services="facebook")
        assert ev.loc["f", "cost_usd_central"] == pytest.approx(blackout.cost_usd.central, rel=1e-9)
        assert ev.loc["s", "cost_usd_central"] == pytest.approx(block.cost_usd.central * 72 / 120, rel=1e-9)
        mli = r.totals.set_index(["country", "year"]).loc[("MLI", 2020)]
        assert mli["hours"] == 120 and mli["event_hours"] == 168 and mli["events"] == 2


@pytest.mark.shared_data
def test_events_in_different_countries_or_regions_both_count(country_data):
    r = batch(country_data,
              {"country": "Mali", "start": "2020-01-01", "end": "2020-01-02", "type": "full"},
              {"country": "Niger", "start": "2020-01-01", "end": "2020-01-02", "type": "full"},
              {"country": "Ethiopia", "start": "2020-01-01", "end": "2020-01-02", "type": "full", "regions": "Tigray"},
              {"country": "Ethiopia", "start": "2020-01-01", "end": "2020-01-02", "type": "mobile", "regions": "Amhara"})
    assert (r.events["counted_hours"] == 48).all()


def test_a_nationwide_event_hides_lower_priority_regional_events_only(country_data):
    r = batch(country_data,
              {"id": "nat", "country": "Ethiopia", "start": "2020-11-04", "end": "2020-11-05", "type": "full"},
              {"id": "reg", "country": "Ethiopia", "start": "2020-11-04", "end": "2020-11-10", "type": "mobile",
               "regions": "Tigray"},
              {"id": "app", "country": "Ethiopia", "start": "2020-11-20", "end": "2020-11-21", "type": "services",
               "services": "facebook"},
              {"id": "reg2", "country": "Ethiopia", "start": "2020-11-20", "end": "2020-11-21", "type": "full",
               "regions": "Tigray"})
    ev = r.events.set_index("src_id")
    assert ev.loc["nat", "counted_hours"] == 48 and ev.loc["reg", "counted_hours"] == 5 * 24
    # a regional blackout during a nationwide app block: both count (documented limit)
    assert ev.loc["app", "counted_hours"] == 48 and ev.loc["reg2", "counted_hours"] == 48


def test_overlapping_reports_of_one_regional_event_count_once(country_data):
    r = batch(country_data,
              {"id": "a", "country": "Ethiopia", "start": "2020-11-04", "end": "2020-11-10", "type": "mobile",
               "regions": "Tigray"},
              {"id": "b", "country": "Ethiopia", "start": "2020-11-06", "end": "2020-11-12", "type": "mobile",
               "regions": "tigray"})
    ev = r.events.set_index("src_id")
    assert ev.loc["a", "counted_hours"] == 7 * 24 and ev.loc["b", "counted_hours"] == 2 * 24
    assert r.totals["hours"].sum() == 9 * 24


def test_priority_full_then_mobile_then_throttle_then_services():
    t = np.array(["2021-01-01T00:00", "2021-01-02T00:00"], dtype="datetime64[s]")
    start, end = np.repeat(t[:1], 4), np.repeat(t[1:], 4)
    kinds = ["services", "throttle", "mobile", "full"]
    counted, _ = count_once(["X"] * 4, start, end, kinds, ["national"] * 4)
    assert list(counted) == [0, 0, 0, 24]
    counted, _ = count_once(["X"] * 3, start[:3], end[:3], kinds[:3], ["national"] * 3)
    assert list(counted) == [0, 0, 24]


def test_an_event_across_new_year_counts_in_both_years(country_data):
    r = batch(country_data, {"country": "Mali", "start": "2019-12-31", "end": "2020-01-01", "type": "full"})
    t = r.totals.set_index("year")
    assert list(t.index) == [2019, 2020] and list(t["hours"]) == [24, 24]
    cost = r.events.loc[0, "cost_usd_central"]
    assert t["cost_usd_central"].sum() == pytest.approx(cost) and t.loc[2019, "cost_usd_central"] == pytest.approx(cost / 2)


# -- options and rejections --------------------------------------------------------------------------
def test_a_method_not_covering_an_event_rejects_it_with_the_methods_reason(country_data):
    r = batch(country_data, {"country": "Mali", "start": "2020-01-01", "end": "2020-01-02", "type": "services",
                             "services": "facebook"}, method="deloitte")
    assert r.events.loc[0, "status"] == "rejected" and r.events.loc[0, "reason"].startswith("not_applicable: Deloitte")
    with pytest.raises(InputError, match="one of brookings, deloitte, cipesa"):
        batch(country_data, {"country": "Mali", "start": "2020-01-01", "hours": 3, "type": "full"}, method="all")


def test_bad_fields_are_rejected_with_the_scenario_message(country_data):
    r = batch(country_data,
              {"country": "Mali", "start": "2020-01-01", "hours": 3, "type": "blackout"},
              {"country": "Mali", "start": "2020-01-01", "hours": 3, "type": "teleport"},
              {"country": "Mali", "start": "2020-01-01", "end": "2020-01-02", "hours": 3, "type": "full"},
              {"country": "Ethiopia", "start": "2020-01-01", "hours": 3, "type": "full", "regions": "Atlantis"})
    status = list(r.events["status"])
    assert status == ["costed", "rejected", "rejected", "rejected"]
    reasons = list(r.events["reason"])
    assert reasons[1].startswith("type_unknown: type 'teleport' is not accepted: one of full")
    assert reasons[2].startswith("input: columns end, hours:") and "not both" in reasons[2] and "Atlantis" in reasons[3]
    assert r.counts == {"read": 4, "costed": 1, "flagged": 0, "rejected": 3, "events": 4, "events_costed": 1,
                        "events_flagged": 0, "events_rejected": 3}


def test_ongoing_events_end_at_the_registrys_own_date_by_default(tmp_path, country_data):
    frame = table({"country": "Mali", "start": "2024-01-01", "end": "ongoing", "type": "mobile"},
                  {"country": "Niger", "start": "2024-02-01", "end": "2024-03-31", "type": "full"})
    r = estimate_many(frame, draws=0, data=country_data)
    assert r.info["cutoff"] == "2024-03-31" and r.info["cutoff_source"] == "the latest date the registry holds"
    assert r.events.loc[0, "cutoff"] == "2024-03-31" and "ongoing" in r.events.loc[0, "flags"]
    assert r.events.loc[0, "hours"] == (31 + 29 + 31) * 24
    by_hours = estimate_many(table({"country": "Mali", "start": "2024-01-01", "hours": 48, "type": "full"}),
                             draws=0, data=country_data)  # an event given by its hours is not cut by its own date
    assert by_hours.info["cutoff"] == "2024-01-03" and by_hours.events.loc[0, "hours"] == 48
    assert "cut_at_cutoff" not in str(by_hours.events.loc[0, "flags"])
    named = tmp_path / "registry_2024-02-15.csv"  # a date in the file name wins
    frame.to_csv(named, index=False)
    r = estimate_many(named, draws=0, data=country_data)
    assert r.info["cutoff"] == "2024-02-15" and "file name" in r.info["cutoff_source"]
    assert r.events.loc[0, "hours"] == (31 + 15) * 24
    given = estimate_many(named, cutoff="2024-01-10", draws=0, data=country_data)
    assert given.info["cutoff"] == "2024-01-10" and given.info["cutoff_source"] == "given"
    out = subprocess.run([sys.executable, "-m", "impact", "batch", str(named), "--output", str(tmp_path / "c.csv"),
                          "--draws", "10"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "cut-off 2024-02-15 (the date in the file name registry_2024-02-15.csv)" in out.stdout


def test_the_stop_snapshot_is_cut_at_its_own_date(stop):
    assert stop.info["cutoff"] == "2026-05-20"  # the fixture gives it; the file name says the same
    named = registry.registry_date(pd.DataFrame(), STOP)
    assert named[0].isoformat() == CUTOFF and "file name" in named[1]


# -- the command ----------------------------------------------------------------------------------------
def test_batch_command_writes_both_tables_and_prints_counts_that_add_up(tmp_path, country_data):
    events = tmp_path / "events.csv"
    table({"country": "Mali", "start": "2018-08-01", "end": "2018-08-02", "type": "full"},
          {"country": "Mali; Niger", "start": "2018-08-01", "hours": 6, "type": "mobile"},
          {"country": "Atlantis", "start": "2018-08-01", "hours": 6, "type": "mobile"}).to_csv(events, index=False)
    out, totals = tmp_path / "costs.parquet", tmp_path / "totals.csv"
    done = subprocess.run([sys.executable, "-m", "impact", "batch", str(events), "--output", str(out),
                           "--totals", str(totals), "--cutoff", "2024-12-31", "--draws", "100"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    m = re.search(r"read (\d+) rows: (\d+) costed, (\d+) flagged, (\d+) rejected", done.stdout)
    assert m and int(m[1]) == 3 == int(m[2]) + int(m[3]) + int(m[4]) and int(m[4]) == 1
    assert "country_unknown 1" in done.stdout and "US$" in done.stdout
    assert len(pd.read_parquet(out)) == 4 and set(pd.read_csv(totals)["country"]) == {"MLI", "NER"}
    written = pd.read_csv(totals)   # a totals file read alone says what it is (review)
    assert (written["cutoff"] == "2024-12-31").all() and (written["draws"] == 100).all()
    assert written["currency"].str.startswith("current US$").all() and written["data_snapshot"].notna().all()
    bad = subprocess.run([sys.executable, "-m", "impact", "batch", str(events), "--output", str(tmp_path / "c.xlsx")],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "accepted: .csv, .parquet" in bad.stderr


def test_headline_counts_each_event_up_to_its_horizon_and_the_rest_on_its_own_line(country_data):
    from impact.events import batch
    from impact.model import parameters

    block_days = parameters.load().value("block_horizon_days")
    frame = pd.DataFrame({"country": ["Mali", "Mali"], "start": ["2019-01-01", "2019-03-01"],
                          "end": ["2021-06-30", "2019-03-02"], "type": ["services", "full"],
                          "services": ["facebook", ""]})
    result = batch.estimate_many(frame, draws=100, data=country_data)
    ev = result.events
    assert "long_running" in ev.loc[0, "flags"] and "long_running" not in (ev.loc[1, "flags"] or "")
    # the blackout of 1-2 March 2019 covers the block for its 48 hours (the union of what was cut)
    assert ev.loc[0, "headline_hours"] == pytest.approx(block_days * 24 - 48)
    assert ev.loc[1, "headline_hours"] == ev.loc[1, "hours"] == 48
    rate = ev.loc[0, "cost_per_day_usd_central"]
    t = result.totals.set_index("year")
    assert t.loc[2019, "cost_usd_central"] == pytest.approx(rate * (block_days - 2) + ev.loc[1, "cost_usd_central"])
    assert t.loc[2019, "cost_usd_central_past_horizon"] == pytest.approx(rate * (365 - block_days))
    assert t.loc[2020, "cost_usd_central"] == 0 and t.loc[2020, "cost_usd_central_past_horizon"] == pytest.approx(rate * 366)
    years = batch.annual_totals(result).set_index("year")
    assert years["cost_usd_central_past_horizon"].sum() == pytest.approx(
        ev.loc[0, "cost_usd_central"] - rate * (block_days - 2))
    h = batch.headline(result)
    assert h["central"] == pytest.approx(ev["cost_usd_headline_central"].sum())
    low, high = (parameters.load()["block_horizon_days"].low, parameters.load()["block_horizon_days"].high)
    assert h["horizon_low"] == pytest.approx(rate * low + ev.loc[1, "cost_usd_central"])  # ends before March
    assert h["horizon_high"] == pytest.approx(rate * (high - 2) + ev.loc[1, "cost_usd_central"])


def test_batch_command_prints_the_headline_the_horizons_and_the_line_past_them(tmp_path, country_data):
    from impact.events import batch
    from impact.events.summary import usd
    from impact.cli.batch import summary

    frame = table({"country": "Mali", "start": "2019-01-01", "end": "2021-06-30", "type": "services",
                   "services": "facebook"},
                  {"country": "Niger", "start": "2019-03-01", "end": "2019-03-02", "type": "full"},
                  {"country": "Atlantis", "start": "2019-03-01", "end": "2019-03-02", "type": "full"})
    result = batch.estimate_many(frame, cutoff="2024-12-31", draws=100, data=country_data)
    h = batch.headline(result)
    lines = summary(result)
    head = next(x for x in lines if x.startswith("headline total 2019–2021"))
    assert f"{usd(h['central'])} (range {usd(h['low'])}–{usd(h['high'])})" in head
    assert "block_horizon_days" in head and "cut-off 2024-12-31 (given)" in head and result.info["currency"] in head
    past = next(x for x in lines if x.startswith("on their own line"))
    assert usd(h["past_horizon"]) in past and "1 event past its horizon" in past
    assert any(x.startswith("with the horizons at their low ends") for x in lines)


def test_a_batch_whose_every_event_is_rejected_says_so_and_prints_no_zero_total(country_data):
    from impact.events import batch
    from impact.cli.batch import summary

    frame = table({"country": "Atlantis", "start": "2019-03-01", "end": "2019-03-02", "type": "full"},
                  {"country": "Mali", "start": "2019-03-05", "end": "2019-03-01", "type": "full"})
    result = batch.estimate_many(frame, cutoff="2024-12-31", draws=100, data=country_data)
    assert result.counts["events_rejected"] == result.counts["events"] == 2
    lines = summary(result)
    assert any(x.startswith("no event costed") for x in lines)
    assert not any("headline" in x or "US$" in x for x in lines), lines


@pytest.mark.parametrize("value, words", [(0.0, "US$0"), (4.25e7, "US$42.5 million"), (3.5e9, "US$3.50 billion"),
                                          (1.12253e12, "US$1.12 trillion")])
def test_batch_totals_are_written_as_a_reader_says_them(value, words):
    from impact.events.summary import usd

    assert usd(value) == words


def test_a_regions_cell_naming_no_region_is_rejected_not_national(country_data):
    frame = pd.DataFrame({"country": ["Ethiopia"], "start": ["2020-01-01"], "end": ["2020-01-02"], "type": ["full"],
                          "regions": [";"]})
    result = estimate_many(frame, draws=100)
    assert result.events.loc[0, "status"] == "rejected" and "names no region" in result.events.loc[0, "reason"]


def test_batch_md_generated_section_matches_the_registry(real_data):
    """docs/BATCH.md's tables are generated, not typed: a change of the model or the rules that
    moves them fails here until `impact batch <STOP csv> -o costs.csv --doc docs/BATCH.md` is run."""
    from impact.events.summary import DOC_BEGIN, DOC_END, doc_section

    doc = (Path(__file__).resolve().parents[2] / "docs" / "BATCH.md").read_text(encoding="utf-8")
    committed = doc[doc.index(DOC_BEGIN):doc.index(DOC_END) + len(DOC_END)]

    def masked(text: str) -> str:   # the snapshot id names the day the data were imported
        return re.sub(r"`import-\d{8}-[0-9a-f]+`", "`SNAPSHOT`", text)
    as_the_command_runs = estimate_many(STOP, draws=1000, seed=0, data=real_data)   # cut-off from the file name
    assert masked(doc_section(as_the_command_runs)) == masked(committed), (
        "docs/BATCH.md's generated section is out of date: run impact batch "
        "../shared/data/events/access_now_stop_2016-2025_snapshot-2026-05-20.csv -o costs.csv --doc docs/BATCH.md")


def test_the_year_table_of_batch_md_adds_up_to_the_headline(real_data):
    """Years before the registry's own (events it dates earlier, still in force) are one row, not left
    out: the rows of the table add up to the headline (review: 2009-2015 were dropped from the table)."""
    from impact.events.summary import doc_section
    from impact.events.totals import headline

    result = estimate_many(STOP, draws=300, seed=0, data=real_data)
    text = doc_section(result)
    table = text[text.index("| year |"):].split("\n\n")[0].splitlines()[2:]
    years = [line for line in table if not line.startswith("| 2019–2025")]
    assert years[0].startswith("| 2009–2015 |")
    total = sum(float(line.split("|")[2]) for line in years)
    assert total == pytest.approx(headline(result)["central"] / 1e9, abs=0.01 * len(years))


def test_a_refused_scenario_of_the_simple_schema_gets_the_code_of_what_was_wrong(country_data):
    rows = [{"id": "a", "country": "Mali", "start": "2020-13-01", "type": "full"},
            {"id": "b", "country": "Mali", "start": "2020-05-05", "end": "2020-05-01", "type": "full"},
            {"id": "c", "country": "Mali", "start": "2020-05-05", "hours": "5", "type": "blackhole"},
            {"id": "d", "country": "Mali", "start": "2020-05-05", "hours": "5", "type": "services", "services": "myspace"},
            {"id": "f", "country": "Mali", "start": "2020-05-05", "type": "full"}]
    ev = batch(country_data, *rows).events.set_index("src_id")
    codes = {k: ev.loc[k, "reason"].split(":")[0] for k in "abcdf"}
    assert codes == {"a": "start_invalid", "b": "dates_reversed", "c": "type_unknown", "d": "services_unknown",
                     "f": "duration_unknown"}
    assert all(ev.loc[k, "status"] == "rejected" for k in "abcdf")


@pytest.mark.shared_data
def test_an_unknown_region_of_the_simple_schema_is_rejected_as_such(country_data):
    row = {"id": "e", "country": "Mali", "start": "2020-05-05", "hours": "5", "type": "full", "regions": "Atlantis"}
    ev = batch(country_data, row).events.set_index("src_id")
    assert ev.loc["e", "reason"].startswith("region_unknown: column regions: unknown region 'Atlantis'")


@pytest.mark.parametrize("kw, words", [
    (dict(draws=-1), "draws=-1"), (dict(draws=1.5), "draws=1.5"), (dict(draws=10**9), "1,000,000"),
    (dict(draws="abc"), "draws='abc'"), (dict(draws=float("nan")), "draws=nan"), (dict(seed=-1), "seed=-1"),
    (dict(seed="x"), "seed='x'"), (dict(unknown_duration="x"), "unknown_duration='x'"),
    (dict(unknown_duration=float("nan")), "unknown_duration=nan"),
])
def test_a_batchs_own_arguments_are_refused_with_what_is_accepted(country_data, kw, words):
    """Refused once, as the library refuses them (the field table), not as a reason on every event
    nor as a bare ValueError."""
    row = dict(id="a", country="MLI", start="2024-01-01", end="2024-01-02", type="full")
    with pytest.raises(InputError, match=re.escape(words)):
        batch(country_data, row, **kw)


def test_draws_given_as_text_are_read_as_the_library_reads_them(country_data):
    row = dict(id="a", country="MLI", start="2024-01-01", end="2024-01-02", type="full")
    assert batch(country_data, row, draws="200").events["cost_usd_central"].tolist() == \
        batch(country_data, row, draws=200).events["cost_usd_central"].tolist()


def test_a_costed_events_type_and_platforms_are_written_as_the_library_read_them(country_data):
    """'Full' and 'social media' / 'Facebook, X' are the registry's words; the output says what was
    costed (review: the raw words stayed in the disruption column)."""
    got = batch(country_data, dict(id="a", country="MLI", start="2023-01-01", end="2023-01-02", type="Full"),
                dict(id="b", country="MLI", start="2023-02-01", end="2023-02-02", type="services",
                     services="Facebook, X"),
                dict(id="c", country="MLI", start="2023-03-01", end="2023-03-02", type="meteor")).events
    assert got["disruption"].tolist()[:2] == ["full", "services"] and got["services"].iloc[1] == "facebook,twitter"
    assert got["status"].iloc[2] == "rejected" and got["disruption"].iloc[2] == "meteor"   # kept as given


def test_the_headline_span_is_that_of_the_events_costed(country_data):
    from impact.events.summary import lines

    got = batch(country_data, dict(id="a", country="MLI", start="1961-01-01", end="1961-01-02", type="full"),
                dict(id="b", country="MLI", start="2023-01-01", end="2023-01-02", type="full"))
    assert got.events["status"].tolist() == ["rejected", "costed"]
    said = lines(got)
    assert said[0].startswith("headline total 2023:") and "1961" not in said[0]
    assert "the hours of 0 events" in said[-1]


def test_one_event_past_its_horizon_is_said_in_the_singular(country_data):
    from impact.events.summary import lines

    got = batch(country_data, dict(id="a", country="MLI", start="2022-01-01", end="2023-06-30", type="full"))
    assert "the hours of 1 event past its horizon" in lines(got)[-1]


def test_a_covering_disruption_cut_at_its_horizon_hands_the_covered_event_no_new_hours(country_data):
    """A block of apps during a national throttle in force for over a year (as Kazakhstan's of 2019
    during the throttling recorded since 2018): uncut, the throttle
    covers it (the block counts no hours of its own); cut at its horizon, the throttle's later days
    are on the line past the horizons, and the block gets no headline hours of its own either
    (review: 31 such events added US$1.02 billion to the headline, so that the headline plus the
    line past the horizons exceeded the events' costs for all their days)."""
    got = batch(country_data,
                dict(id="throttle", country="MLI", start="2018-01-01", end="2020-12-31", type="throttle", severity=0.5),
                dict(id="block", country="MLI", start="2019-05-09", end="2019-05-20", type="services",
                     services="facebook"), cutoff="2021-12-31")
    ev = got.events.set_index("src_id")
    assert ev.loc["block", "counted_hours"] == 0 and ev.loc["block", "headline_hours"] == 0
    assert ev.loc["throttle", "headline_hours"] == pytest.approx(365 * 24)
    t = got.totals
    assert (t["cost_usd_central"] + t["cost_usd_central_past_horizon"]).sum() == \
        pytest.approx(got.events["cost_usd_central"].sum(), rel=1e-12)


def test_no_event_counts_more_in_the_headline_than_for_all_its_days(stop):
    ev = stop.events[stop.events["status"] != "rejected"]
    assert (ev["headline_hours"] <= ev["counted_hours"] + 1e-6).all()
    t = stop.totals
    assert (t["cost_usd_central"] + t["cost_usd_central_past_horizon"]).sum() == \
        pytest.approx(ev["cost_usd_central"].sum(), rel=1e-9)


def test_a_cleaned_frame_keeps_its_cut_off_and_refuses_another(real_data):
    """The cut-off applies when cleaning; a cleaned frame reports it and where it came from, and a
    different one given to estimate_many is refused rather than recorded but not applied (review)."""
    raw = registry.read(STOP)
    cleaned = registry.clean(raw, data=real_data)   # the file name's date, as estimate_many(path) takes it
    assert cleaned.attrs["cutoff"] == CUTOFF and "file name" in cleaned.attrs["cutoff_source"]
    got = estimate_many(cleaned, draws=50, data=real_data)
    assert got.info["cutoff"] == CUTOFF and got.info["cutoff_from"] == "file_name"
    with pytest.raises(InputError, match="cut off at 2026-05-20 when cleaned"):
        estimate_many(cleaned, cutoff="2020-01-01", draws=50, data=real_data)
    early = estimate_many(registry.clean(raw, cutoff="2020-01-01", data=real_data), draws=50, data=real_data)
    assert early.info["cutoff"] == "2020-01-01" and early.info["cutoff_source"] == "given"
    costed = early.events[early.events["status"] != "rejected"]
    assert (costed["end"].str[:10] <= "2020-01-02").all()
    bare = cleaned.copy()
    bare.attrs.clear()   # e.g. saved and read back: a cut-off cannot apply any more
    with pytest.raises(InputError, match="already cleaned"):
        estimate_many(bare, cutoff="2020-01-01", draws=50, data=real_data)


def test_regions_separated_by_commas_in_our_schema_are_refused_with_the_separator(country_data):
    got = batch(country_data, dict(id="a", country="ETH", start="2023-01-01", end="2023-01-02", type="full",
                                   regions="Tigray,Amhara"))
    reason = got.events["reason"].iloc[0]
    assert reason.startswith("region_unknown:") and "separates regions with ';'" in reason and "'Tigray;Amhara'" in reason


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_days_column_of_our_schema_is_the_duration_in_days_with_the_fields_limits(tmp_path, country_data):
    """``days`` is read as ``impact estimate --days`` reads it (24 hours a day), by the same field and
    limits; a bad value is rejected as days_invalid and counted (review: the column was ignored)."""
    events = _write(tmp_path / "e.csv", "country,start,type,days\nMLI,2023-03-01,full,2\nMLI,2023-04-01,full,abc\n"
                                        "MLI,2023-05-01,full,0\nMLI,2023-06-01,full,1e308\n")
    got = estimate_many(events, cutoff="2023-12-31", draws=200, seed=1, data=country_data)
    ev = got.events
    assert ev["status"].iloc[0] == "costed" and ev["hours"].iloc[0] == 48
    one = alone(country_data, country="MLI", start="2023-03-01", days=2)
    assert ev["cost_usd_central"].iloc[0] == pytest.approx(one.cost_usd.central, rel=1e-9)
    reasons = ev["reason"].iloc[1:].tolist()
    assert all(r.startswith("days_invalid: days ") for r in reasons), reasons
    assert "not a number" in reasons[0] and "out of range" in reasons[1] and "out of range" in reasons[2]
    assert "accepted: a finite number more than 0, up to 18,300 (days)" in reasons[0]
    assert got.counts["rejected"] == 3 and got.counts["read"] == 4
    both = estimate_many(_write(tmp_path / "b.csv", "country,start,type,hours,days\nMLI,2023-03-01,full,24,1\n"),
                         cutoff="2023-12-31", draws=0, data=country_data)
    assert both.events["reason"].iloc[0].startswith("input:") and "give the duration once" in both.events["reason"].iloc[0]


def test_columns_are_named_as_written_and_unknown_ones_reported(tmp_path, country_data):
    events = _write(tmp_path / "e.csv", "Country,Start,Type,Hours,Colour,notes\nMLI,2023-03-01,full,24,red,x\n"
                                        "MLI,2023-04-01,full,abc,blue,y\n")
    got = estimate_many(events, cutoff="2023-12-31", draws=0, data=country_data)
    assert got.info["ignored_columns"] == ["Colour", "notes"]
    assert got.events["reason"].iloc[1].startswith("hours_invalid: Hours 'abc' is not a number")
    assert estimate_many(_write(tmp_path / "ok.csv", "country,start,type,hours\nMLI,2023-03-01,full,24\n"),
                         cutoff="2023-12-31", draws=0, data=country_data).info["ignored_columns"] == []
    with pytest.raises(InputError, match="'hours' and 'Hours', read as one"):
        estimate_many(_write(tmp_path / "d.csv", "country,start,type,hours,Hours\nMLI,2023-03-01,full,24,48\n"),
                      cutoff="2023-12-31", draws=0, data=country_data)
    out = subprocess.run([sys.executable, "-m", "impact", "batch", str(events), "--output", str(tmp_path / "c.csv"),
                          "--cutoff", "2023-12-31", "--draws", "0"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stderr.count("\n") == 1 and "warning: 2 columns" in out.stderr and "Colour, notes" in out.stderr
    assert "days_invalid" not in out.stdout and "hours_invalid 1" in out.stdout


@pytest.mark.parametrize("make, message", [
    (lambda p: _write(p / "e.csv", "country,start,type,hours\n\n"), "has a header but no rows"),
    (lambda p: p, "is a folder"),
    (lambda p: _write(p / "e.csv", "country;start;type;hours\nMLI;2023-03-01;full;24\n"), "looks semicolon-separated"),
    (lambda p: _write(p / "e.csv", "country\tstart\ttype\thours\nMLI\t2023-03-01\tfull\t24\n"), "looks tab-separated"),
])
def test_files_that_cannot_be_a_registry_are_refused_on_one_line(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(InputError, match=message):
        registry.read(path)
    out = subprocess.run([sys.executable, "-m", "impact", "batch", str(path), "--output", str(tmp_path / "c.csv")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and message in out.stderr
    assert "Traceback" not in out.stderr and ("accepted" in out.stderr or "give" in out.stderr)


@pytest.mark.parametrize("cells, columns", [
    ("XYZ,2023-03-01,full,2,,,,", "country_unknown: column Country: unknown country 'XYZ'"),
    ("MLI,2023-13-01,full,2,,,,", "start_invalid: Start '2023-13-01' is not accepted"),
    ("MLI,2023-03-01,fool,2,,,,", "type_unknown: Type 'fool' is not accepted: one of full"),
    ("MLI,2023-03-01,services,2,snapchat,,,", "services_unknown: services 'snapchat' is not accepted"),
    ("MLI,2023-03-01,throttle,2,,,,", "input: columns Type, severity: Type 'throttle' needs severity:"),
    ("MLI,2023-03-01,full,2,,0.5,,", "input: columns severity, Type: severity goes with Type 'throttle'"),
    ("MLI,2023-03-01,full,,,,2023-02-01,", "dates_reversed: columns Start, end: end (2023-02-01) is before"),
    ("MLI,2023-03-01,full,,,,,", "duration_unknown: columns end, hours, days: Start '2023-03-01' needs an end: give "
                                 "end, or a duration in hours or days"),
    ("MLI,2023-03-01,full,,,,2023-03-04,2", "input: columns end, days: give either"),
])
def test_a_row_the_scenario_refuses_is_told_by_the_columns_at_fault_as_written(tmp_path, country_data, cells, columns):
    """Review: refusals of our schema's rows named the library's keywords (disruption='fool',
    severity=), not the file's columns (Type, severity)."""
    path = _write(tmp_path / "e.csv", f"Country,Start,Type,hours,services,severity,end,days\n{cells}\n")
    got = estimate_many(path, cutoff="2023-12-31", draws=0, data=country_data)
    assert got.events["status"].iloc[0] == "rejected" and got.counts["read"] == 1
    assert got.events["reason"].iloc[0].startswith(columns), got.events["reason"].iloc[0]


def test_an_event_whose_hours_all_fall_past_the_horizon_says_why_its_headline_is_zero(country_data):
    """Review: a costed event with a headline of US$0 (all its hours past the horizon of the
    disruption it continues) had no word of why; one overlapped is told by its overlap flag."""
    got = batch(country_data,
                dict(id="a", country="MLI", start="2022-01-01", end="2023-01-10", type="full"),
                dict(id="b", country="MLI", start="2023-01-11", end="2023-01-15", type="full"),
                dict(id="c", country="MLI", start="2023-01-02", end="2023-01-08", type="mobile"),
                dict(id="d", country="NER", start="2023-01-02", end="2023-01-03", type="full"), cutoff="2023-12-31")
    ev = got.events.set_index("src_id")
    assert ev.loc["b", "counted_hours"] > 0 and ev.loc["b", "cost_usd_headline_central"] == 0
    assert "past_horizon" in ev.loc["b", "flags"].split(";") and "all past the horizon" in ev.loc["b", "notes"]
    assert ev.loc["c", "counted_hours"] == 0 and "overlap" in ev.loc["c", "flags"].split(";")
    for k in "acd":   # counted in the headline, or told by another flag
        assert "past_horizon" not in str(ev.loc[k, "flags"])
    zero = ev[(ev["status"] != "rejected") & (ev["cost_usd_headline_central"] == 0)]
    assert all({"past_horizon", "overlap"} & set(str(f).split(";")) for f in zero["flags"])
