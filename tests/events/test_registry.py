"""Cleaning of event registries (impact.events.registry), rule by rule, on real rows of the Access Now
STOP snapshot in ../shared/data/events, selected here by a condition (never copied into the repo).
"""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

import impact
from impact import InputError
from impact.events import registry

STOP = (Path(__file__).resolve().parents[2].parent / "shared" / "data" / "events"
        / "access_now_stop_2016-2025_snapshot-2026-05-20.csv")
CUTOFF = date(2026, 5, 20)  # the snapshot's date


@pytest.fixture(scope="module")
def raw(real_data):
    return registry.read(STOP)


@pytest.fixture(scope="module")
def events(raw, real_data):
    return registry.clean(raw, cutoff=CUTOFF, data=real_data)


def first_row(raw: pd.DataFrame, condition) -> int:
    """1-based record number of the first raw row meeting ``condition`` (a boolean Series)."""
    hits = raw.index[condition.to_numpy()]
    assert len(hits), "the snapshot has no row for this rule"
    return int(hits[0]) + 1


def usable(raw: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    """Raw rows whose events are all costable (the reach is set only for those)."""
    bad = set(events.loc[events["reason"] != "", "row"])
    return pd.Series([i + 1 not in bad for i in range(len(raw))], index=raw.index)


def rows(raw: pd.DataFrame, condition) -> list[int]:
    return [int(i) + 1 for i in raw.index[condition.to_numpy()]]


def of(events: pd.DataFrame, row: int) -> pd.DataFrame:
    return events[events["row"] == row]


def one(events: pd.DataFrame, row: int) -> pd.Series:
    ev = of(events, row)
    assert len(ev) == 1
    return ev.iloc[0]


def flags(ev: pd.Series) -> set[str]:
    return set(filter(None, str(ev["flags"]).split(";")))


def code(ev: pd.Series) -> str:
    return str(ev["reason"]).split(":", 1)[0]


def days(a: str, b: str) -> int:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


def numeric(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce")


# -- nothing lost ------------------------------------------------------------------------------
def test_every_row_gives_one_event_per_country_and_unusable_rows_keep_a_reason(raw, events):
    assert len(raw) == 2102
    assert sorted(set(events["row"])) == list(range(1, len(raw) + 1))
    per_row = events.groupby("row").size()
    names = raw["country"].str.split(";").apply(lambda p: len([x for x in p if x.strip()]))
    assert (per_row.to_numpy() == names.to_numpy()).all()
    no_country = events["country"].isna() | (events["country"] == "")
    assert (events.loc[no_country, "reason"] != "").all()
    unusable = events["reason"] == ""
    assert events.loc[unusable, ["start", "disruption", "reach"]].notna().all().all()


def test_every_flag_is_explained_and_every_reason_has_a_code(events):
    for text, notes in zip(events["flags"], events["notes"]):
        for f in filter(None, text.split(";")):
            assert f in registry.FLAGS and f"{f}: {registry.FLAGS[f]}" in notes
    reasons = events.loc[events["reason"] != "", "reason"]
    assert reasons.str.match(r"^[a-z_]+: \S").all()
    assert set(reasons.str.split(":").str[0]) <= set(registry.REASONS)


def test_every_flag_and_reason_is_documented():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "BATCH.md").read_text(encoding="utf-8")
    for code, text in [*registry.FLAGS.items(), *registry.REASONS.items()]:
        assert f"| `{code}` | {text} |" in doc, code  # the table row says what the events' notes say


# -- countries ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name, iso3", [("Iran (Islamic Republic of)", "IRN"),
                                        ("Tanzania, United Republic of", "TZA"),
                                        ("Palestine, State of", "PSE"),
                                        ("Venezuela (Bolivarian Republic of)", "VEN"),
                                        ("Congo (Democratic Republic of the)", "COD"),
                                        ("Congo", "COG")])   # the registry's own name (ambiguous typed by a user)
def test_country_names_become_iso3(raw, events, name, iso3):
    ev = one(events, first_row(raw, raw["country"] == name))
    assert ev["country"] == iso3 and ev["src_country"] == name


def test_no_country_name_of_the_snapshot_is_left_unresolved(events):
    assert not events["reason"].str.startswith("country_unknown").any()


def test_rows_naming_several_countries_are_split_and_commas_stay_in_names(raw, events):
    row = first_row(raw, raw["country"].str.contains(";") & raw["country"].str.contains(","))
    names = [n.strip() for n in raw.loc[row - 1, "country"].split(";")]
    split = of(events, row)
    assert len(split) == len(names) >= 3
    assert list(split["event"]) == [f"{row}.{k}" for k in range(1, len(names) + 1)]
    assert "TZA" in set(split["country"]) and split["country"].is_unique
    assert all("split_row" in flags(ev) for _, ev in split.iterrows())
    assert split["start"].nunique() == 1 and split["disruption"].nunique() == 1


def test_a_territory_is_costed_as_its_regions_of_the_country_holding_it(raw, events):
    picked = [one(events, row) for row in rows(raw, raw["country"] == "Somaliland")]
    assert picked and all(ev["country"] == "SOM" and "territory" in flags(ev) for ev in picked)
    usable = [ev for ev in picked if not ev["reason"]]
    assert usable
    for ev in usable:
        # its regions of Somalia; a city-scope event is costed at the city default share (below the region's)
        assert ev["reach"] == "regions" or (ev["reach"] == "share" and "region_upper_bound" in flags(ev))
        assert set(ev["regions"].split(" | ")) <= set(registry.TERRITORIES["somaliland"][1])


# -- durations ---------------------------------------------------------------------------------
def test_duration_from_dates_counts_the_end_day(raw, events):
    dur = numeric(raw["duration"])
    span = (pd.to_datetime(raw["end_date"], errors="coerce") - pd.to_datetime(raw["start_date"], errors="coerce")).dt.days
    row = first_row(raw, (raw["end_date"] != "") & (raw["end_date"] > raw["start_date"]) & (dur >= 2)
                    & (dur == span + 1))   # the registry's count includes the end date (its rows from 2020)
    ev = one(events, row)
    assert (ev["start"], ev["end"]) == (raw.loc[row - 1, "start_date"], raw.loc[row - 1, "end_date"])
    assert pd.isna(ev["hours"]) and not flags(ev) & {"duration_field", "duration_default"}
    # the end date is inclusive: the event lasts to the end of that day
    hours = impact.Scenario.create(country=ev["country"], start=ev["start"], end=ev["end"]).hours
    assert hours == (days(ev["start"], ev["end"]) + 1) * 24


def test_a_sub_day_duration_is_taken_from_the_duration_field(raw, events):
    dur = numeric(raw["duration"])
    row = first_row(raw, (raw["end_date"] == raw["start_date"]) & (dur > 0) & (dur < 1))
    ev = one(events, row)
    assert ev["hours"] == pytest.approx(dur[row - 1] * 24) and not ev["end"]
    text = first_row(raw, raw["duration"].str.fullmatch(r"\d+ hours") & (raw["end_date"] != ""))
    assert one(events, text)["hours"] == float(raw.loc[text - 1, "duration"].split()[0])


def test_no_end_date_takes_the_duration_field_and_is_flagged(raw, events):
    lead = numeric(raw["duration"].str.extract(r"^(\d+(?:\.\d+)?)\b", expand=False))
    row = first_row(raw, (raw["end_date"] == "") & (lead > 0) & (raw["shutdown_status"] != "Ongoing"))
    ev = one(events, row)
    assert ev["hours"] == pytest.approx(lead[row - 1] * 24) and "duration_field" in flags(ev)


def test_negative_spreadsheet_durations_are_not_durations(raw, events):
    dur = numeric(raw["duration"])
    picked = rows(raw, (raw["end_date"] == "") & (dur < 0) & (raw["shutdown_status"] != "Ongoing"))
    assert picked
    for row in picked:
        ev = one(events, row)
        assert pd.isna(ev["hours"]) and "duration_field" not in flags(ev)
        assert code(ev) in ("duration_unknown", "services_not_modelled")


def test_a_duration_field_of_end_minus_start_makes_the_end_date_the_day_service_returned(raw, events):
    """The registry's rows of 2016-2019 count end - start days ("2019-10-03" to "2019-10-10", duration 7):
    the end date is the day service returned; the band reaches the count with the end date."""
    dur = numeric(raw["duration"])
    span = (pd.to_datetime(raw["end_date"], errors="coerce") - pd.to_datetime(raw["start_date"], errors="coerce")).dt.days
    picked = rows(raw, (dur >= 1) & (dur == span) & (raw["count_year"] < "2020"))
    assert len(picked) > 200
    checked = 0
    for row in picked[:40]:
        ev = one(events, row)
        if ev["reason"] or not ev["end"] or "end_year_typo" in flags(ev):
            continue   # rejected, turned into hours, or an end year typed one too many (test_readings)
        checked += 1
        end = date.fromisoformat(raw.loc[row - 1, "end_date"]) - timedelta(days=1)
        assert ev["end"] == end.isoformat() and "end_exclusive" in flags(ev)
        d = int(dur[row - 1])
        assert ev["reading_high"] >= (d + 1) / d - 1e-9
    assert checked > 10
    # the registry's rows from 2020 count the end date: unchanged
    later = first_row(raw, (dur >= 1) & (dur == span + 1) & (raw["count_year"] >= "2020"))
    assert "end_exclusive" not in flags(one(events, later))


def test_dates_disagreeing_with_the_duration_field_are_flagged(raw, events):
    dur = numeric(raw["duration"])
    span = (pd.to_datetime(raw["end_date"], errors="coerce") - pd.to_datetime(raw["start_date"])).dt.days
    row = first_row(raw, (dur >= 1) & ((dur - (span + 1)).abs() > 1) & (span >= 0))
    ev = one(events, row)
    assert "duration_conflict" in flags(ev) and ev["end"] == raw.loc[row - 1, "end_date"]


def test_unknown_duration_is_rejected_or_takes_the_default_given(raw, events, _imported_data_dir):
    cond = ((raw["end_date"] == "") & (numeric(raw["duration"]).fillna(-1) <= 0)
            & (raw["shutdown_status"] != "Ongoing"))
    row = first_row(raw, cond)
    ev = one(events, row)
    assert code(ev) == "duration_unknown" and "unknown_duration" in ev["reason"]
    again = registry.clean(raw.iloc[[row - 1]], cutoff=CUTOFF, data=_imported_data_dir, unknown_duration=36)
    assert again.loc[0, "hours"] == 36 and "duration_default" in flags(again.loc[0]) and not again.loc[0, "reason"]
    with pytest.raises(InputError, match="unknown_duration"):
        registry.clean(raw.iloc[[row - 1]], unknown_duration=-1)


def test_reversed_dates_are_rejected_with_both_dates(raw, events):
    row = first_row(raw, (raw["end_date"] != "") & (raw["end_date"] < raw["start_date"]))
    ev = one(events, row)
    assert code(ev) == "dates_reversed" and raw.loc[row - 1, "end_date"] in ev["reason"]


def test_a_negative_duration_that_is_the_reversed_span_of_the_dates_is_rejected(raw, events):
    """DR Congo, 2017-01-01 to 2017-12-30 with duration -363: the registry computed end - start + 1
    while the end was before the start; not a year-long national blackout (review: US$1.3 billion)."""
    dur = numeric(raw["duration"])
    start, end = (pd.to_datetime(raw[c], errors="coerce") for c in ("start_date", "end_date"))
    reversed_span = (start - end).dt.days + 1
    picked = rows(raw, (dur < 0) & end.notna() & (end >= start) & ((dur - reversed_span).abs() <= 1))
    for row in picked:
        ev = one(events, row)
        assert code(ev) == "dates_reversed" and "other way round" in ev["reason"]
        assert raw.loc[row - 1, "duration"].strip() in ev["reason"]
    # a negative number of a missing end date (a spreadsheet serial) is not read as reversed dates
    serial = first_row(raw, (dur < -1000) & (raw["shutdown_status"] == "Ongoing") & (raw["end_date"] == ""))
    assert code(one(events, serial)) != "dates_reversed"


def test_ongoing_events_end_at_the_cutoff(raw, events, _imported_data_dir):
    row = first_row(raw, (raw["shutdown_status"] == "Ongoing") & (raw["end_date"] == "")
                    & (raw["start_date"] < "2025-01-01") & (raw["shutdown_extent"] == "Full network")
                    & (raw["count_year"] == "2025"))  # reported in the registry's last year
    ev = one(events, row)
    if code(ev) == "duplicate":  # an ongoing event re-reported each year: look at the report kept
        ev = one(events, int(ev["reason"].split("row ")[1].split()[0]))
    assert ev["end"] == CUTOFF.isoformat() and "ongoing" in flags(ev)
    other = registry.clean(raw.iloc[[row - 1]], cutoff="2025-03-01", data=_imported_data_dir)
    assert other.loc[0, "end"] == "2025-03-01"


def test_ends_after_the_cutoff_are_cut_and_later_starts_rejected(raw, _imported_data_dir):
    dur = numeric(raw["duration"])
    row = first_row(raw, (raw["end_date"] != "") & (dur >= 5) & (raw["shutdown_status"] == "Ended"))
    rec = raw.iloc[[row - 1]]
    end = date.fromisoformat(rec["end_date"].iloc[0])
    cut = registry.clean(rec, cutoff=end - timedelta(days=2), data=_imported_data_dir).iloc[0]
    assert cut["end"] == (end - timedelta(days=2)).isoformat() and "cut_at_cutoff" in flags(cut)
    start = date.fromisoformat(rec["start_date"].iloc[0])
    late = registry.clean(rec, cutoff=start - timedelta(days=1), data=_imported_data_dir).iloc[0]
    assert code(late) == "after_cutoff"


def test_estimated_starts_are_flagged(raw, events):
    row = first_row(raw, raw["start_date_type"] == "Estimated")
    assert "start_estimated" in flags(one(events, row))


# -- types and services ------------------------------------------------------------------------
def test_full_network_shutdowns_map_to_full_or_mobile_by_network(raw, events):
    base = (raw["shutdown_type"] == "Shutdown") & (raw["shutdown_extent"] == "Full network")
    both = one(events, first_row(raw, base & (raw["affected_network"] == "Broadband, Mobile")))
    mobile = one(events, first_row(raw, base & (raw["affected_network"] == "Mobile")))
    fixed = one(events, first_row(raw, base & (raw["affected_network"] == "Broadband")))
    unknown = one(events, first_row(raw, base & (raw["affected_network"] == "Unknown")))
    assert (both["disruption"], mobile["disruption"]) == ("full", "mobile")
    assert fixed["disruption"] == "full" and "broadband_only" in flags(fixed)
    assert unknown["disruption"] == "full" and "network_unknown" in flags(unknown)


def test_throttling_maps_to_throttle_with_the_default_severity(raw, events):
    ev = one(events, first_row(raw, (raw["shutdown_type"] == "Throttle") & (raw["shutdown_extent"] == "Full network")))
    assumed = impact.model.parameters.load()["throttle_default_severity"]
    assert ev["disruption"] == "throttle" and ev["severity"] == assumed.value == registry.default_severity()
    assert "throttle_severity" in flags(ev) and assumed.name in ev["notes"]


def test_shutdown_and_throttle_is_costed_midway_with_a_band_spanning_both(raw, events):
    """A full-network "Shutdown, Throttle": midway between the default throttle and the shutdown;
    a mobile one as the mobile shutdown; both with a band reaching down to a light throttle."""
    sev = impact.model.parameters.load()["throttle_default_severity"]
    mixed = (raw["shutdown_type"] == "Shutdown, Throttle") & (raw["shutdown_extent"] == "Full network")
    rows = raw.index[mixed & (raw["affected_network"] == "Broadband, Mobile") & usable(raw, events)]
    others = ("region_upper_bound", "reach_default", "exam_windows", "one_operator")  # readings that widen too
    ev = next(e for e in (one(events, int(r) + 1) for r in rows) if not set(others) & flags(e))
    assert ev["disruption"] == "throttle" and ev["severity"] == pytest.approx((sev.value + 1) / 2)
    assert {"type_mixed", "reading_range"} <= flags(ev)
    assert ev["reading_low"] == pytest.approx(sev.low / ev["severity"]) and ev["reading_high"] >= 1 / ev["severity"] - 1e-9
    mob = one(events, first_row(raw, mixed & (raw["affected_network"] == "Mobile") & usable(raw, events)))
    assert mob["disruption"] == "mobile" and "type_mixed" in flags(mob) and mob["reading_low"] <= sev.low + 1e-9


def test_throttled_services_are_a_service_throttle_not_a_network_slowdown(raw, events):
    ev = one(events, first_row(raw, (raw["shutdown_type"] == "Throttle")
                               & (raw["shutdown_extent"] == "Full network, Service-based")))
    assert ev["disruption"] == "services" and "service_throttle" in flags(ev)


def test_network_and_service_cuts_are_costed_as_the_network_cut(raw, events):
    ev = one(events, first_row(raw, (raw["shutdown_type"] == "Shutdown")
                               & (raw["shutdown_extent"] == "Full network, Service-based")))
    assert ev["disruption"] in ("full", "mobile") and "extent_mixed" in flags(ev) and not ev["services"]


def test_services_come_from_the_affected_columns(raw, events):
    sb = raw["shutdown_extent"] == "Service-based"
    ev = one(events, first_row(raw, sb & (raw["facebook_affected"] == "Yes") & (raw["whatsapp_affected"] == "Yes")
                               & (raw["twitter_affected"] != "Yes")))
    assert ev["disruption"] == "services"
    assert {"facebook", "whatsapp"} <= set(ev["services"].split(",")) and "twitter" not in ev["services"]
    yt = one(events, first_row(raw, sb & (raw["other_affected"] == "YouTube")))
    assert "youtube" in yt["services"].split(",")


def test_blocks_of_platforms_outside_the_model_are_rejected_with_the_names(raw, events):
    ev = one(events, first_row(raw, (raw["shutdown_extent"] == "Service-based") & (raw["other_affected"] == "Grindr")
                               & ~raw[["facebook_affected", "twitter_affected", "whatsapp_affected",
                                       "instagram_affected", "telegram_affected"]].eq("Yes").any(axis=1)))
    assert code(ev) == "services_not_modelled" and "Grindr" in ev["reason"]


def test_service_blocks_naming_no_platform_are_costed_as_other_and_flagged(raw, events):
    svc = ["facebook_affected", "twitter_affected", "whatsapp_affected", "instagram_affected", "telegram_affected"]
    row = first_row(raw, (raw["shutdown_extent"] == "Service-based") & (raw["other_affected"] == "")
                    & ~raw[svc].eq("Yes").any(axis=1))
    ev = one(events, row)
    assert ev["services"] == "other" and "services_unspecified" in flags(ev)


def test_unknown_shutdown_type_is_costed_from_the_extent_and_flagged(raw, events):
    ev = one(events, first_row(raw, raw["shutdown_type"] == "Unknown"))
    assert "type_unknown" in flags(ev) and ev["disruption"] == "services"


# -- reach ---------------------------------------------------------------------------------------
def test_nationwide_areas_are_national(raw, events):
    ok = usable(raw, events)
    for text in ("Nationwide", "National", "nationwide", "Entire country"):
        ev = one(events, first_row(raw, (raw["area_name"] == text) & ok))
        assert ev["reach"] == "national" and pd.isna(ev["share"]) and not ev["regions"]
    # nationwide except regions recognised: all the people but theirs (Iraq's Kurdistan Region);
    # except places not recognised (Iran's "Kurdish region", several provinces): nationwide, flagged
    for area, country in (("nationwide (except Kurdistan)", "Iraq"), ("National except Kurdish region", "Iraq"),
                          ("All regions except Addis Abeba", "Ethiopia")):
        ev = one(events, first_row(raw, (raw["area_name"] == area) & raw["country"].str.startswith(country) & ok))
        assert ev["reach"] == "share" and 0.8 < ev["share"] < 1 and "national_except" in flags(ev)
        assert "all but" in ev["notes"]
    iraq = one(events, first_row(raw, (raw["area_name"] == "nationwide (except Kurdistan)") & ok))
    assert "Erbil" in iraq["notes"] and "Suleimaniya" in iraq["notes"] and "Dohouk" in iraq["notes"]
    iran = one(events, first_row(raw, (raw["area_name"] == "National except Kurdish region")
                                 & raw["country"].str.startswith("Iran") & ok))
    assert iran["reach"] == "national" and "national_except" in flags(iran) and "upper bound" in iran["notes"]
    all_districts = one(events, first_row(raw, raw["area_name"].str.startswith("All districts of Jammu") & ok))
    assert all_districts["reach"] != "national"  # all districts of one region are that region


def test_a_region_the_description_says_was_cut_all_over_is_the_whole_region(raw, events):
    """Ethiopia, August 2023: area "Amhara region", scope "more than one city", and "shut down across
    Amhara": the whole region (was 22% of it), the band down to the scope's share."""
    row = first_row(raw, (raw["area_name"] == "Amhara region") & (raw["count_year"] == "2025")
                    & raw["event"].str.contains("across Amhara", regex=False))
    ev = one(events, row)
    assert "region_whole" in flags(ev) and "region_upper_bound" not in flags(ev)
    assert ev["reach"] == "regions" and ev["regions"] == "Amhara"
    assert ev["reading_low"] == pytest.approx(0.22) and ev["reading_high"] == pytest.approx(1.0)
    # "across Bharatpur district": a district of the region, not the region the area names
    other = first_row(raw, raw["event"].str.contains("across the Bharatpur district", regex=False))
    assert "region_whole" not in flags(one(events, other))


def test_named_regions_resolve_through_the_data_layer(raw, events, _imported_data_dir):
    for area, country in (("Manipur", "IND"), ("Tigray", "ETH"), ("Sistan and Baluchestan", "IRN")):
        ev = one(events, first_row(raw, (raw["area_name"] == area) & usable(raw, events)))
        # the region itself, or a part of it (a city-scope or cities-scope row, flag region_upper_bound)
        assert ev["country"] == country and (ev["reach"] == "regions" or "region_upper_bound" in flags(ev))
        names = ev["regions"].split(" | ")
        assert 0 < _imported_data_dir.region_share(country, names).share < 1


def test_a_city_is_costed_at_its_region_as_an_upper_bound(raw, events):
    row = first_row(raw, (raw["geo_scope"] == "It only affected one city, county, or village")
                    & raw["area_name"].str.contains(r", Rajasthan$") & usable(raw, events))
    ev = one(events, row)
    assert ev["regions"] == "Rajasthan" and "region_upper_bound" in flags(ev)


def test_registry_place_names_for_regions_resolve(raw, events, country_data):
    ok = usable(raw, events)
    # the snapshot's Gaza Strip rows are all ordered by a foreign military (rejected not_government):
    # the alias is checked on the place matcher
    assert set(registry.Places(country_data).resolve("PSE", "Gaza Strip")[0]) == set(registry.aliases()["PSE"]["gazastrip"])
    kashmir = one(events, first_row(raw, (raw["area_name"] == "Kashmir Valley") & ok))
    assert kashmir["regions"] == "Jammu and Kashmir"


def test_unrecognised_places_take_the_default_share_of_their_scope(raw, events, country_data):
    scope = "It only affected one city, county, or village"
    hits = events[(events["src_scope"] == scope) & (events["reach"] == "share") & (events["reason"] == "")
                  & events["flags"].str.contains("reach_default")]
    assert len(hits)
    P = impact.model.parameters.load()
    for _, ev in hits.iterrows():  # a share of the country's median region, or the country-level default
        assumed = P["reach_city_share_of_region" if "reach_city_share_of_region" in ev["notes"] else "reach_default_share_city"]
        assert "reach_default" in flags(ev) and assumed.name in ev["notes"]
        if assumed.name == "reach_default_share_city":
            assert ev["share"] == assumed.value
        else:
            typical = registry.Places(country_data).typical_share(ev["country"], int(ev["start"][:4]))
            assert ev["share"] == pytest.approx(assumed.value * typical)
    blank = one(events, first_row(raw, (raw["area_name"] == "") & usable(raw, events)))
    assert blank["reach"] == "share" and "reach_default" in flags(blank)


def test_a_similar_but_different_place_is_not_taken_for_a_region(country_data):
    places = registry.Places(country_data)
    assert places.one("IND", "Manakpur") == ()  # not Manipur
    assert places.one("IND", "Manipur") == ("Manipur",)


# -- duplicates ----------------------------------------------------------------------------------
def test_reports_of_one_event_in_several_years_are_kept_once_the_latest(raw, events):
    key = ["country", "start_date", "area_name", "shutdown_type", "affected_network", "shutdown_extent",
           "facebook_affected", "twitter_affected", "other_affected"]
    dup = raw[raw.duplicated(key, keep=False) & (raw["shutdown_status"] == "Ongoing")
              & (raw["shutdown_extent"] == "Full network")]
    group = dup[(dup[key] == dup.iloc[0][key]).all(axis=1)]
    assert len(group) >= 2
    group_rows = [int(i) + 1 for i in group.index]
    evs = events[events["row"].isin(group_rows)]
    kept = evs[evs["reason"] == ""]
    assert len(kept) == 1
    latest = int(group["count_year"].astype(int).max())
    assert int(kept.iloc[0]["src_year"]) == latest
    for _, ev in evs[evs["reason"] != ""].iterrows():
        assert code(ev) == "duplicate" and f"row {kept.iloc[0]['row']}" in ev["reason"]


def test_a_nationwide_ongoing_row_reported_again_later_from_the_same_start_is_that_event(raw, events):
    """Chad, 28 March 2018: "Full network", Ongoing, in the 2018 report; the social-media block that ended
    on 13 July 2019 in the 2019 report: one event, the later report kept (review: the 2018 row was costed
    as a year-long national blackout). "National" and "Nationwide" reports of Uganda's Facebook block of
    2021 are one event too."""
    chad = rows(raw, (raw["country"] == "Chad") & (raw["start_date"] == "2018-03-28"))
    assert len(chad) == 2
    old, new = sorted(chad, key=lambda r: raw.loc[r - 1, "count_year"])
    assert code(one(events, old)) == "duplicate" and f"row {new}" in one(events, old)["reason"]
    kept = one(events, new)
    assert not kept["reason"] and kept["disruption"] == "services"
    uganda = rows(raw, (raw["country"] == "Uganda") & (raw["start_date"] == "2021-01-12"))
    alive = [r for r in uganda if not one(events, r)["reason"]]
    assert len(uganda) >= 3 and len(alive) == 1
    assert raw.loc[alive[0] - 1, "count_year"] == raw.loc[[r - 1 for r in uganda], "count_year"].max()
    # a row that ended is its own event, beside the ongoing block of the same start (Iran, Sept 2022)
    iran = rows(raw, (raw["country"] == "Iran (Islamic Republic of)") & (raw["start_date"] == "2022-09-21")
                & (raw["shutdown_status"] == "Ended"))
    assert not one(events, iran[0])["reason"]


def test_a_local_ongoing_row_reported_again_later_in_the_same_regions_is_that_event(raw, events):
    """Bangladesh, 10 September 2019: the Rohingya camps' mobile cut, Ongoing in the 2019 report ("Refugee
    Camps in Cox Bazar district and peninsula adjoining the Naf River"), Ended on 28 August 2020 in the 2020
    report ("Cox's Bazar refugee camp"): one event, the later report kept (review: the 2019 row ran to the
    cut-off beside the 2020 one). The 2020 place is found too: "Cox's Bazar" is GDL's "Cox s Bazar", not a
    possessive."""
    camps = rows(raw, (raw["country"] == "Bangladesh") & (raw["start_date"] == "2019-09-10"))
    assert len(camps) == 2
    old, new = sorted(camps, key=lambda r: raw.loc[r - 1, "count_year"])
    assert code(one(events, old)) == "duplicate" and f"row {new}" in one(events, old)["reason"]
    kept = one(events, new)
    assert not kept["reason"] and kept["regions"] == "Bandarban, Cox s Bazar"
    assert "reach_default" not in kept["flags"]


# -- our simple schema ---------------------------------------------------------------------------
def test_simple_schema_fields_and_ongoing(_imported_data_dir):
    frame = pd.DataFrame({
        "id": ["a", "b", "c", "d"],
        "country": ["Mali", "Ethiopia; Kenya", "Mali", ""],
        "start": ["2018-08-01", "2020-11-04", "2021-01-01", "2021-01-01"],
        "end": ["2018-08-02", "ongoing", "", "2021-01-02"],
        "hours": ["", "", "6", ""],
        "type": ["full", "mobile", "services", "full"],
        "services": ["", "", "facebook; whatsapp", ""],
        "regions": ["", "", "", ""],
        "share": ["", "", "0.5", ""],
    })
    ev = registry.clean(frame, cutoff="2021-06-30", data=_imported_data_dir)
    assert list(ev["event"]) == ["1", "2.1", "2.2", "3", "4"]
    assert ev.loc[1, "end"] == "2021-06-30" and "ongoing" in ev.loc[1, "flags"]
    assert list(ev.loc[1:2, "country"]) == ["ETH", "KEN"]
    assert ev.loc[3, "services"] == "facebook,whatsapp" and ev.loc[3, "hours"] == 6 and ev.loc[3, "share"] == 0.5
    assert ev.loc[3, "reach"] == "share" and ev.loc[3, "src_id"] == "c"
    assert ev.loc[4, "reason"].startswith("country_unknown")


def test_default_reach_and_severity_are_named_assumptions_in_the_parameter_set():
    pset = impact.model.parameters.load()
    for scope, name in [*registry.DEFAULT_SHARE_PARAMETERS.items(), (None, registry.DEFAULT_SEVERITY_PARAMETER)]:
        p = pset[name]
        assert p.kind == "assumption" and p.description.startswith("ASSUMPTION (no source)")
        assert 0 <= p.valid[0] <= p.low < p.value < p.high <= p.valid[1] <= 1
        assert any(r.url.startswith("https://www.accessnow.org/") for r in p.references)
        if scope is not None:
            assert registry.default_share(scope) == p.value
    assert set(registry.DEFAULT_SHARE_PARAMETERS) == {*registry.SCOPES.values(), "unknown"}
    # they fill gaps of registry rows: not overrides of one scenario (no --flag, no page widget)
    from impact.model.scenario import override_names, override_spec

    assert set(registry.REGISTRY_PARAMETERS).isdisjoint(override_names())
    assert all(override_spec(name) is None for name in registry.REGISTRY_PARAMETERS)


@pytest.mark.parametrize("col, text, why", [
    ("hours", "inf", "not a finite number"), ("hours", "-inf", "not a finite number"),
    ("hours", "nan", "not a finite number"), ("hours", "NaN", "not a finite number"),
    ("hours", "1e308", "out of range"), ("hours", "-3", "out of range"), ("hours", "six", "not a number"),
    ("severity", "nan", "not a finite number"), ("severity", "1.5", "out of range"),
    ("severity", "-0.1", "out of range"), ("share", "inf", "not a finite number"),
    ("share", "2", "out of range"), ("share", "-1e-9", "out of range"),
])
def test_simple_schema_refuses_non_finite_negative_or_absurd_numbers(col, text, why):
    row = {"country": "Mali", "start": "2018-08-01", "end": "", "hours": "12", "type": "full",
           "severity": "", "share": ""}
    if col == "severity":
        row["type"] = "throttle"
    row[col] = text
    ev = registry.clean(pd.DataFrame([row]), cutoff="2021-06-30").iloc[0]
    assert ev["reason"].startswith(f"{col}_invalid: {col} {text!r} is {why}")
    accepted = "more than 0, up to"   # no time, no one reached or nothing lost is not a disruption
    assert f"accepted: a finite number {accepted}" in ev["reason"]
    assert pd.isna(ev[col]) or ev[col] == 12  # the refused value is not carried on


def test_simple_schema_numbers_at_their_limits_are_accepted_and_long_durations_cut_at_the_cutoff():
    frame = pd.DataFrame({"country": ["Mali", "Mali", "Mali"], "start": ["2021-06-01"] * 3, "end": [""] * 3,
                          "hours": ["0", "439200", "24"], "type": ["full", "full", "throttle"],
                          "severity": ["", "", "1"], "share": ["", "", "1"]})
    ev = registry.clean(frame, cutoff="2021-06-30")
    assert "more than 0" in ev.loc[0, "notes"] + ev.loc[0, "reason"]   # no time: not a disruption, rejected
    assert (ev.loc[1:, "reason"] == "").all()
    assert ev.loc[2, "severity"] == 1 and ev.loc[2, "share"] == 1
    assert ev.loc[1, "hours"] == 30 * 24 and "cut_at_cutoff" in ev.loc[1, "flags"]


def test_a_table_of_neither_layout_is_refused_naming_both(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("name,when\nfoo,bar\n")
    with pytest.raises(InputError, match="matches no known layout.*start_date.*country, start, type"):
        registry.read(path)
    (tmp_path / "x.xlsx").write_text("")
    with pytest.raises(InputError, match="accepted: .csv, .parquet"):
        registry.read(tmp_path / "x.xlsx")
    with pytest.raises(InputError, match="not found"):
        registry.read(tmp_path / "missing.csv")


def test_parquet_registries_read_like_csv(tmp_path):
    frame = pd.DataFrame({"country": ["Mali"], "start": ["2018-08-01"], "end": [None], "hours": [12.0],
                          "type": ["full"]})
    frame.to_parquet(tmp_path / "e.parquet", index=False)
    back = registry.read(tmp_path / "e.parquet")
    assert back.loc[0, "end"] == "" and float(back.loc[0, "hours"]) == 12.0


def test_duration_text_parsing():
    assert registry.duration_hours("2 hours") == 2
    assert registry.duration_hours("For about two hours") == 2
    assert registry.duration_hours("3") == 72
    assert registry.duration_hours("0.25") == 6
    assert registry.duration_hours("248 at the time of publication") == 248 * 24
    for text in ("-44138", "Curfew Style", "for a few hours", ""):
        assert registry.duration_hours(text) is None


@pytest.mark.shared_data
def test_every_city_region_is_a_region_of_the_data(country_data):
    """impact/events/city_regions.yaml names real GDL regions."""
    from impact.events.places import city_regions

    table = country_data.regions
    known = set(zip(table["iso3"], table["region"]))
    assert city_regions() and set(city_regions()) <= known, set(city_regions()) - known


@pytest.mark.shared_data
def test_every_region_alias_names_a_region_of_the_data(country_data):
    """The aliases are data (impact/data/region_aliases.yaml): each names real GDL regions."""
    table = country_data.regions
    for iso3, places in registry.aliases().items():
        known = set(table.loc[table["iso3"] == iso3, "region"])
        for place, regions in places.items():
            assert regions and set(regions) <= known, (iso3, place, set(regions) - known)
