"""What can qualify or stop an event's figure: :data:`FLAGS` and :data:`REASONS`, and :class:`Event`.

Every flag an event carries and every reason it is rejected for is a short code explained here;
the per-event ``notes`` and ``reason`` repeat the explanation with the details of that event.
"""
from __future__ import annotations

from impact.model.fields import SCENARIO_FIELDS

EVENT_COLUMNS = (
    "row", "part", "event", "layout", "src_country", "src_start", "src_end", "src_duration",
    "src_status", "src_type", "src_network", "src_extent", "src_scope", "src_area", "src_year",
    "src_id", "country", "start", "end", "hours", "daily_window", "windows", "disruption", "services",
    "severity", "reach", "regions", "share", "isp_share", "reading_low", "reading_high", "flags", "notes", "reason",
)

# Every flag an event can carry: code → what it means for the figure.
FLAGS = {
    "split_row": "the row names several countries: one event per country, each costed as if the "
                 "whole event hit it",
    "territory": "a territory without World Bank data, costed as its regions of the country "
                 "that holds it",
    "start_estimated": "the registry marks the start date as estimated",
    "end_exclusive": "the row's duration field is its end date minus its start date (the registry's count in its "
                     "rows of 2016-2019): the end date is the day service returned, so the event ends the day "
                     "before; the band reaches the count with the end date",
    "ongoing": "ongoing (no end date): costed up to the cut-off date",
    "not_reported_again": "marked Ongoing, but a cut of the network that no later count_year of the registry "
                          "reports again, as Access Now does for each year an event lasts: costed to the end "
                          "of the last count_year that reports it, lasting to the cut-off (up to the "
                          "headline's horizon) the band's top",
    "end_year_typo": "the end date is a year and up to a week after the start, in a year after the row's "
                     "count_year, and no later count_year reports the event again, as Access Now does for "
                     "each year an event lasts: the year was typed one too high, the end read in the "
                     "start's year; the dates as written (up to the headline's horizon) the band's top",
    "cut_at_cutoff": "the event ends after the cut-off date: costed up to the cut-off",
    "long_running": "lasts more than a year: the published methods cost short disruptions; the headline counts "
                    "it up to its horizon (90 days for a block, 365 for a network cut, from the start of the "
                    "disruption it is part of), the rest on its own line",
    "past_horizon": "none of the event's hours falls inside the headline's horizon (90 days for a block, 365 "
                    "for a network cut, from the start of the disruption it is part of): its headline cost is "
                    "zero, its cost on the line past the horizons",
    "duration_field": "no end date: the duration comes from the registry's duration field",
    "duration_conflict": "the duration field disagrees with the dates by more than a day: the "
                         "dates are used",
    "duration_default": "no end date and no usable duration: the default duration given by the "
                        "user is assumed",
    "type_mixed": "recorded as both a shutdown and throttling: costed midway between a throttle of the "
                  "default severity and the shutdown (a mobile shutdown as the shutdown), the band spanning both",
    "type_unknown": "the registry gives no shutdown type: costed from the extent and network",
    "throttle_severity": "the registry gives no throttling severity: the default severity is "
                         "assumed",
    "service_throttle": "services were throttled, not blocked: costed as a block (an upper bound)",
    "network_cut_brief": "both the network and services were cut, and the description calls the network cut "
                         "brief (\"a brief complete shutdown\", \"for around half a day\"): costed as the block "
                         "of services for the whole event (the brief cut's hours not added: a lower bound), the "
                         "band up to the network cut for the whole event",
    "extent_mixed": "both the network and services were cut: costed as the network cut for the "
                    "whole event (an upper bound; the band reaches the block alone)",
    "broadband_only": "only fixed broadband was cut: costed as a full shutdown (the model has no "
                      "fixed-only type; an upper bound)",
    "network_unknown": "the registry does not say which network was cut: costed as a full "
                       "shutdown (an upper bound; the band reaches a mobile cut)",
    "services_unspecified": "a block of services without a platform named: costed as a block of "
                            "apps (the cost does not depend on which)",
    "national_except": "nationwide except some areas: the people of the regions excepted are left out where "
                       "they are recognised, else costed as nationwide (an upper bound)",
    "region_upper_bound": "the event hit part of the region(s) named (one city, or cities of one region): "
                          "costed at the scope's share of the regions' people (assumptions "
                          "reach_city_share_of_region, reach_cities_share_of_region), the band spanning that "
                          "assumption's range (at most the whole regions)",
    "city_region": "the area names a Global Data Lab region that is one city (a capital district, "
                   "impact/events/city_regions.yaml), and nothing in it: the whole region, the band reaching "
                   "down to the scope's share of it",
    "place_in_region": "the places named are parts of the Global Data Lab region(s) they lie in (townships or "
                       "districts named with their region, \"Sagaing's Pale, Kani townships\", \"five townships "
                       "in Rakhine State\", or federal subjects of a federal district; impact/data/region_aliases.yaml): "
                       "costed at the share of those regions' people of several cities of one region (assumption "
                       "reach_cities_share_of_region), the band up to the whole regions; regions named on their own "
                       "beside them are whole",
    "region_whole": "the row's scope is one city or cities of one region, but the area names the region itself "
                    "and the description says the cut covered all of it (\"shut down across Amhara\", "
                    "\"throughout Manipur\"): the whole region, the band down to the scope's share of it",
    "region_merged": "a place named is one of the regions Global Data Lab merged into one (\"Mandalay, "
                     "NayPyitaw\", \"Annobon, Bioko\", or a member listed in a group's brackets: \"Balkh\" of "
                     "\"North (Samangan Sar-e-Pul Balkh Jawzjan Faryab)\"): the share is of the merged region (an "
                     "upper bound for the region named)",
    "regions_whole_or_part": "the row's scope is locations in more than one region and the area names regions "
                             "(\"West Bengal, Jammu and Kashmir, Uttar Pradesh…\"): costed as the whole regions named; "
                             "the scope does not say whether all of each was cut, so the band reaches down to the "
                             "share of several cities of one region of their people (assumption "
                             "reach_cities_share_of_region)",
    "regions_partial": "the event spanned several regions but fewer were recognised: the share "
                       "of those recognised is used (a lower bound)",
    "reach_default": "no region recognised in the place named: the default population share for "
                     "its geographic scope is assumed (for one city, or cities of one region, a share of the "
                     "country's median region where the data hold two regions or more, else of the country)",
    "day_hours": "a one-day event whose description gives the clock times of the cut: costed for those hours, "
                 "not the whole day",
    "restored_after": "the description says the cut was restored or lifted after less time than its dates span "
                      "(\"restored after 5 days\", \"lifted after 15 hours\", \"restored in most states around "
                      "12 weeks later\"): costed for that time",
    "ended_on": "the description says the cut ended or was lifted on a day before the row's end date (\"the "
                "near-total blackout ended on Jun. 21\", \"The ban was lifted on Oct. 8\", \"Most blocks were lifted "
                "by Jun. 8\"): costed to that day, the band up to the end date",
    "clock_span": "a cut of several days whose description gives the clock times it began on the first day "
                  "and ended on the last (\"from 16:30 on Jun. 16 to 16:30 on Jun. 17\"): costed for those "
                  "hours, not the whole days of its dates",
    "stated_length": "the first sentence of the description states a length of the cut that its dates round up "
                     "by a day at most (\"suspended for 24 hours between May 5 and May 6\", \"for approximately 14 "
                     "hours during the day\"), and speaks of no extension: costed for that length",
    "exam_windows": "exam-time shutdowns over a span of days: costed as daily windows (the hours a day and the "
                    "number of windows from the row where it gives them, else the assumption exam_window_hours "
                    "and every day of the span, an upper bound when exams were not daily)",
    "daily_windows": "the description says the cut recurred each day for the hours it names (\"from 15:00 to "
                     "21:00 daily\", \"curfew-style from around 1am to 9am\"): costed as daily windows of "
                     "those hours over the span, not whole days",
    "one_operator": "the registry says one operator's network was cut: costed at that operator's share of the "
                    "people reached (assumption operator_share_default, no market shares in the data)",
    "calls_sms_cut": "the registry says phone calls or SMS were cut too: the methods cost the internet only, "
                     "so that part of the loss is not in the figure (a lower bound for it)",
    "reading_range": "the row allows other readings (a reach, severity, type or hours between a default and an "
                     "upper bound): the central is the best reading, the band spans the others (drawn)",
    "event_gdp_share": "the event's headline cost alone is more than event_gdp_share_flag (1%) of the country's "
                       "annual GDP, more than any published estimate of a whole year of one country's shutdowns "
                       "(Top10VPN's Russia 2022: 0.95%): kept in the totals; check the registry's reading of it "
                       "(e.g. intermittent throttling recorded as one continuous national throttle)",
    "overlap": "part of the event overlaps a concurrent event of the same or higher priority in "
               "the same place: those hours are counted once, on the other event",
}

# Limits of the simple schema's numbers: those of the scenario's fields (one table).
_LIMITS = {f.name: f for f in SCENARIO_FIELDS if f.name in ("hours", "days", "severity", "share")}

# Every reason an event can be rejected for: code → what it means. The message that follows the
# code in an event's ``reason`` gives the details and what is accepted.
REASONS = {
    "malformed": "the row is malformed in the file (ragged or short row, NUL byte): its cells are not read, "
                 "so that none is taken for another value (the message gives the line and what is wrong)",
    "not_government": "the registry marks the event as not ordered by a government (cyberattack, sabotage, armed "
                      "group, foreign forces): kept out of shutdown totals, listed with who and why",
    "satellite_only": "a ban, seizure or shutdown of satellite internet only (e.g. Starlink) recorded as a network "
                      "cut: the national networks were not cut, so it is not costed as a blackout",
    "country_unknown": "the country name does not resolve to an ISO 3166 code",
    "start_invalid": "no start date, or one that is not a date",
    "end_invalid": "an end date that is not a date",
    "hours_invalid": f"a duration in hours that is not a finite number more than {_LIMITS['hours'].low:,.0f}, up "
                     f"to {_LIMITS['hours'].high:,.0f} (longer than the time to the cut-off is cut there)",
    "days_invalid": f"a duration in days that is not a finite number more than {_LIMITS['days'].low:,.0f}, up "
                    f"to {_LIMITS['days'].high:,.0f} (longer than the time to the cut-off is cut there)",
    "severity_invalid": "a severity that is not a finite number more than 0 and at most 1",
    "share_invalid": "a share that is not a finite number more than 0 and at most 1",
    "after_cutoff": "the event starts after the cut-off date",
    "dates_reversed": "the end date comes before the start date, or the duration field is the dates' span "
                      "counted the other way round (the dates were swapped or mistyped)",
    "duration_unknown": "no end date, no usable duration and not marked ongoing (see unknown_duration)",
    "type_unknown": "a shutdown type or extent the registry layout does not define",
    "services_not_modelled": "a block of platforms outside the model's list only (e.g. Grindr, VPNs)",
    "duplicate": "another report of an event already in the table (the reason names the row kept)",
    "data_missing": "country data the model needs is missing (the message names country, indicator, year)",
    "services_unknown": "a platform name the model does not know (the message lists the platforms it knows)",
    "region_unknown": "a region name that matches no region of the country in the data (the message gives close "
                      "matches)",
    "input": "the scenario is not accepted (the message says what was wrong and what is accepted)",
    "not_applicable": "the method chosen does not cover this kind of disruption",
    "model": "the model returned a non-finite or negative cost (a bug: please report it)",
}


class Event(dict):
    """One event being cleaned: the EVENT_COLUMNS fields plus its flags and notes."""

    def __init__(self, row: int, part: int, parts: int, kind: str, **fields):
        super().__init__({c: None for c in EVENT_COLUMNS})
        self.update(row=row, part=part, event=str(row) if parts == 1 else f"{row}.{part}", layout=kind,
                    flags="", notes="", reason="", **fields)
        self._flags: list[tuple[str, str]] = []
        if parts > 1:
            self.flag("split_row", f"the row names {parts} countries")

    def flag(self, code: str, detail: str = "") -> None:
        if code not in FLAGS:
            raise KeyError(code)  # every flag must be explained in FLAGS
        if any(c == code for c, _ in self._flags):
            return
        note = f"{code}: {FLAGS[code]}" + (f" ({detail})" if detail else "")
        self["flags"] = f"{self['flags']};{code}" if self._flags else code  # the codes, ";"-joined
        self["notes"] = f"{self['notes']}; {note}" if self._flags else note
        self._flags.append((code, note))

    def reject(self, code: str, message: str) -> None:
        if code not in REASONS:
            raise KeyError(code)  # every reason must be explained in REASONS
        if not self["reason"]:
            self["reason"] = f"{code}: {message}"


def add_flag(rec: dict, code: str, detail: str = "") -> None:
    """Add a flag to an event record (a plain dict row of the events frame)."""
    if code not in FLAGS:
        raise KeyError(code)
    flags = [f for f in str(rec.get("flags") or "").split(";") if f]
    if code in flags:
        return
    rec["flags"] = ";".join([*flags, code])
    note = f"{code}: {FLAGS[code]}" + (f" ({detail})" if detail else "")
    rec["notes"] = "; ".join(n for n in (rec.get("notes") or "", note) if n)


def has_flag(flags, code: str) -> bool:
    """Whether a ``;``-separated flags cell holds ``code``."""
    return code in str(flags or "").split(";")
