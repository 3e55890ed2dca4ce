"""Rules for the Access Now #KeepItOn STOP export: each record → one event per country.

Durations, types, services and reach are read from the record's columns; every rule is listed
in ``docs/BATCH.md`` and tested on real rows of the snapshot (``tests/events``).
"""
from __future__ import annotations

import math
import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Iterable

from impact.events import readings
from impact.model import parameters
from impact.data.regions import name_key as region_key
from impact.events.cells import clip, countries_of, country_of, day, duration_hours
from impact.events.flags import Event
from impact.events.places import EXCEPT, Places, city_regions, is_national
from impact.model.scenario import SERVICE_ALIASES, SERVICES

ACCESS_NOW = "access_now"
# The registry's own country names read before any other: it writes the Democratic Republic of the
# Congo as "Congo (Democratic Republic of the)" and the Republic of the Congo as "Congo" (ISO 3166's
# short name), which typed by a user names either (refused there as ambiguous).
ACCESS_NOW_NAMES = {"congo": "COG"}
_STOP_SERVICES = ("facebook", "twitter", "whatsapp", "instagram", "telegram")

# Share of the population assumed when no region is recognised, by the registry's geo_scope:
# named assumptions in data/parameters.yaml (value, range, why), so they enter the parameter hash.
DEFAULT_SHARE_PARAMETERS = {"city": "reach_default_share_city", "cities": "reach_default_share_cities",
                            "regions": "reach_default_share_regions", "unknown": "reach_default_share_unknown"}
# Share of its region's people an event of one city, or of several cities of one region, reaches:
# of the region recognised, else of the country's median region (named assumptions too).
REGION_SHARE_PARAMETERS = {"city": "reach_city_share_of_region", "cities": "reach_cities_share_of_region"}
# Throttling severity assumed when the registry does not give one (STOP never does).
DEFAULT_SEVERITY_PARAMETER = "throttle_default_severity"
# Hours a day of exam-time shutdowns whose row gives none; share of the one operator cut.
EXAM_HOURS_PARAMETER = "exam_window_hours"
OPERATOR_PARAMETER = "operator_share_default"
# The horizon of a cut of the network in the headline totals (the batch's, impact.events.batch).
NETWORK_HORIZON_PARAMETER = "long_event_horizon_days"
# The parameters above fill gaps in registry rows; they are not overrides of one scenario.
REGISTRY_PARAMETERS = (*DEFAULT_SHARE_PARAMETERS.values(), *REGION_SHARE_PARAMETERS.values(), DEFAULT_SEVERITY_PARAMETER, EXAM_HOURS_PARAMETER,
                       OPERATOR_PARAMETER)
SCOPES = {
    "it only affected one city, county, or village": "city",
    "it affected more than one city in the same state, province, or region": "cities",
    "it affected locations in more than one state, province, or region": "regions",
}


def default_share(scope: str) -> float:
    """Population share assumed for an event of this geo_scope with no region recognised."""
    return parameters.load().value(DEFAULT_SHARE_PARAMETERS[scope])


def default_severity() -> float:
    """Throttling severity assumed when the registry gives none."""
    return parameters.load().value(DEFAULT_SEVERITY_PARAMETER)


def _set_duration(e: Event, rec: dict, start: date, cut: date, unknown_duration: float | None,
                  last_report: int | None = None) -> None:
    """Dates first; then ongoing → cut-off (:func:`_set_ongoing`); then the duration field; else
    unknown (see docs). ``last_report``: the row's count_year when no later one reports its event
    again (:func:`last_reports`), else None."""
    end = day(rec.get("end_date", ""))
    raw_end = str(rec.get("end_date", "")).strip()
    field_hours = duration_hours(rec.get("duration", ""))
    status = str(rec.get("shutdown_status", "")).strip().casefold()
    if raw_end and end is None:
        e.reject("end_invalid", f"end_date {raw_end!r} is not a date; accepted: YYYY-MM-DD")
        return
    if end is not None:
        if end < start:
            e.reject("dates_reversed", f"end_date {end} is before start_date {start}")
            return
        if _reversed_span(rec.get("duration", ""), start, end):
            e.reject("dates_reversed", f"duration {str(rec.get('duration')).strip()} is the span of these dates taken "
                                       f"the other way round (end_date before start_date when the registry computed "
                                       f"it): the dates {start} and {end} were swapped, or one of them mistyped, "
                                       f"and the event's end is not known")
            return
        written = end
        end, field_hours = _year_typo(start, end, field_hours, last_report)
        span_days = (end - start).days
        if field_hours is not None and 0 < field_hours < 24 and span_days <= 1:
            e["hours"] = field_hours  # a sub-day event: the field is more precise than the dates
        elif not (_restored(e, rec, (span_days + 1) * 24.0, ongoing=False) or _ended_on(e, rec, start, end)):
            if field_hours is not None and span_days >= 1 and abs(field_hours - span_days * 24) < 1e-6:
                # the registry counted end - start days (its rows of 2016-2019 all do): the end date is
                # the day service returned; the inclusive count is the band's high end
                e["end"] = (end - timedelta(days=1)).isoformat()
                e.flag("end_exclusive", f"duration {str(rec.get('duration')).strip()}, dates {start} to {end}: "
                                        f"{span_days} day(s)")
                _widen(e, 1.0, (span_days + 1) / span_days, f"up to {span_days + 1} days, counting the end date")
            else:
                e["end"] = end.isoformat()
                if field_hours is not None and abs(field_hours / 24 - (span_days + 1)) > 1 + 1e-9:
                    e.flag("duration_conflict", f"duration {rec.get('duration')!r}, dates {start} to {end}")
        if end != written:
            _flag_year_typo(e, start, written, last_report)
    elif status == "ongoing":
        _set_ongoing(e, rec, start, cut, last_report)
    elif field_hours is not None:
        e["hours"] = field_hours
        e.flag("duration_field", f"{rec.get('duration')!r} → {field_hours:g} hours")
    elif unknown_duration is not None:
        e["hours"] = unknown_duration
        e.flag("duration_default", f"{unknown_duration:g} hours")
    else:
        e.reject("duration_unknown",
                 f"no end_date, no usable duration ({str(rec.get('duration', '')).strip() or 'blank'!s}) "
                 f"and status {str(rec.get('shutdown_status', '')).strip() or 'blank'} (not Ongoing); "
                 f"give a default with unknown_duration= (--unknown-duration HOURS)")
    clip(e, start, cut)


YEAR_TYPO_DAYS = (365, 372)  # an end date a year and up to a week after the start


def _year_typo(start: date, end: date, field_hours: float | None,
               last_report: int | None) -> tuple[date, float | None]:
    """(end date, duration field in hours) as read: the end date a year and up to a week after the
    start (:data:`YEAR_TYPO_DAYS`), in a year after the row's count_year that no later count_year
    reports the event again although the registry holds later years (``last_report``; Access Now
    re-enters an event in each year it lasts), is read in the start's year: the year was typed one
    too high ("2016-05-16" to "2017-05-18", counted for 2016 only: two days). A duration field that
    is the span of the dates as written is shifted by the same days (the registry computed it from
    them). Otherwise the dates and the field as given."""
    if last_report is None or end.year <= last_report or not YEAR_TYPO_DAYS[0] <= (end - start).days <= YEAR_TYPO_DAYS[1]:
        return end, field_hours
    try:
        typo = end.replace(year=end.year - 1)
    except ValueError:  # 29 February
        return end, field_hours
    if typo < start:
        return end, field_hours
    shift = (end - typo).days
    written = (end - start).days
    if field_hours is not None and written - 1 <= field_hours / 24 <= written + 1:
        field_hours -= shift * 24.0
    return typo, field_hours


def _flag_year_typo(e: Event, start: date, written: date, last_report: int) -> None:
    """Flag end_year_typo on an event whose end date :func:`_year_typo` read in the start's year,
    the band up to the dates as written (within the headline's horizon for a cut of the network)."""
    end = date.fromisoformat(e["end"]) if e["end"] else None
    days = (end - start).days + 1 if end else max(1.0, (e["hours"] or 24.0) / 24)
    as_written = (written - start).days + 1
    horizon = parameters.load().value(NETWORK_HORIZON_PARAMETER)
    e.flag("end_year_typo", f"end_date {written} read as {written.replace(year=written.year - 1)}: counted for "
                            f"count_year {last_report} only, not reported again for {written.year}")
    _widen(e, 1.0, min(as_written, horizon) / min(days, horizon),
           f"up to {as_written} days, the dates as written (within the headline's horizon of {horizon:g} days)")


def _set_ongoing(e: Event, rec: dict, start: date, cut: date, last_report: int | None) -> None:
    """An Ongoing row ends at the cut-off (flag ongoing), unless its description says it was restored
    sooner, or it is a cut of the network (not a block of services alone) that no later count_year
    reports again (``last_report``, its own year): it then ends on 31 December of that year (flag
    not_reported_again; Access Now re-enters an event in each year it lasts), the band up to lasting
    to the cut-off within the headline's horizon."""
    stop = cut
    if last_report is not None and "full network" in _parts(rec.get("shutdown_extent", "")):
        year_end = date(last_report, 12, 31)
        stop = year_end if start <= year_end < cut else cut
    if _restored(e, rec, ((stop - start).days + 1) * 24.0, ongoing=True):
        return
    e["end"] = stop.isoformat()
    if stop == cut:
        e.flag("ongoing", f"ends at the cut-off {cut}")
        return
    horizon = parameters.load().value(NETWORK_HORIZON_PARAMETER)
    days, to_cut = (stop - start).days + 1, (cut - start).days + 1
    e.flag("not_reported_again", f"reported for count_year {last_report} only: ends {stop}, {days} days "
                                 f"(to the cut-off {cut}: {to_cut} days)")
    _widen(e, 1.0, min(to_cut, horizon) / min(days, horizon),
           f"up to lasting to the cut-off, within the headline's horizon of {horizon:g} days")


def _restored(e: Event, rec: dict, span_hours: float, ongoing: bool) -> bool:
    """The description says the cut was restored or lifted after less time than its dates (or than the
    time to the cut-off of an ongoing row) span: costed for that time (flag restored_after)."""
    got = readings.restored_hours(str(rec.get("event", "")))
    if got is None or got[0] >= span_hours:
        return False
    hours, most = got
    e["hours"] = hours
    e.flag("restored_after", f"{hours:g} hours" + (
        "; restored in most of the area: what stayed cut after that is not costed (a lower bound for it)"
        if most else "") + ("; the registry marks the row ongoing" if ongoing else ""))
    return True


def _ended_on(e: Event, rec: dict, start: date, end: date) -> bool:
    """The description says the cut ended or was lifted on a day before the row's end date ("the
    near-total blackout ended on Jun. 21"): costed to that day (flag ended_on), the band up to the
    row's end date."""
    got = readings.ended_on(str(rec.get("event", "")), start, end)
    if got is None:
        return False
    day, most = got
    days, span = (day - start).days + 1, (end - start).days + 1
    e["end"] = day.isoformat()
    e.flag("ended_on", f"{day}: {days} of the {span} days of its dates" + (
        "; most of it ended then: what stayed cut after that is not costed (a lower bound for it)" if most else ""))
    _widen(e, 1.0, span / days, f"up to {span} days, to the row's end date")
    return True


def _reversed_span(duration: str, start: date, end: date) -> bool:
    """The duration field is negative and equals the dates' span counted from end to start (the
    registry's end − start + 1 computed when the end was before the start): the dates contradict it.
    (Negative numbers of a missing end date, "-43833", never match a span.)"""
    try:
        days = float(str(duration).strip())
    except ValueError:
        return False
    return days < -7 and abs(days - ((start - end).days + 1)) <= 1


@lru_cache(maxsize=4096)
def _parts(text: str) -> frozenset[str]:
    """The comma-separated values of a cell, folded (memoised: a registry repeats a few values)."""
    return frozenset(p.strip().casefold() for p in str(text).split(",") if p.strip())


def _set_type(e: Event, rec: dict) -> None:
    """shutdown_type × shutdown_extent × affected_network → the model's disruption type."""
    types, extents, networks = (_parts(rec.get(c, "")) for c in ("shutdown_type", "shutdown_extent",
                                                                   "affected_network"))
    if not extents or not extents <= {"full network", "service-based"}:
        e.reject("type_unknown", f"shutdown_extent {rec.get('shutdown_extent', '')!r}; accepted: "
                                 f"Full network, Service-based")
        return
    if not types or not types <= {"shutdown", "throttle", "unknown"}:
        e.reject("type_unknown", f"shutdown_type {rec.get('shutdown_type', '')!r}; accepted: "
                                 f"Shutdown, Throttle, Unknown")
        return
    if "unknown" in types:
        e.flag("type_unknown")
    # Throttling recorded on both the network and services was aimed at services (e.g. Twitter
    # in Russia, 2021): it is costed as a service throttle, not as a slowdown of everything.
    network_cut = "full network" in extents and not (types == {"throttle"} and "service-based" in extents)
    brief = readings.brief_network_cut(str(rec.get("event", ""))) \
        if network_cut and "service-based" in extents and "throttle" not in types else None
    if brief:  # "Telegram and Instagram blocked, and a brief complete shutdown": the block
        e.flag("network_cut_brief", repr(brief))
        network_cut = False
    if network_cut:
        base = "mobile" if networks == {"mobile"} else "full"
        if networks == {"broadband"}:
            e.flag("broadband_only")
        elif not networks or "unknown" in networks or not networks <= {"broadband", "mobile"}:
            e.flag("network_unknown", f"affected_network {rec.get('affected_network', '')!r}")
        if "service-based" in extents:
            e.flag("extent_mixed")
        if "shutdown" in types or "unknown" in types:
            e["disruption"] = base
            if "throttle" in types and base == "full":
                # part shut down, part throttled, in unknown proportions: the best reading is
                # midway between a throttle of the default severity and the shutdown
                severity = (default_severity() + 1.0) / 2.0
                e["disruption"], e["severity"] = "throttle", severity
                e.flag("type_mixed", f"costed as a throttle of severity {severity:g}, midway between the "
                                     f"default throttle ({default_severity():g}) and the shutdown")
            elif "throttle" in types:
                e.flag("type_mixed", "costed as the mobile shutdown (an upper bound)")
        else:
            severity = default_severity()
            e["disruption"], e["severity"] = "throttle", severity
            e.flag("throttle_severity", f"severity {severity:g}, assumption {DEFAULT_SEVERITY_PARAMETER}")
        return
    e["disruption"] = "services"
    if "throttle" in types and "shutdown" not in types:
        e.flag("service_throttle")
    found = [s for s in _STOP_SERVICES if str(rec.get(f"{s}_affected", "")).strip().casefold() == "yes"]
    other = str(rec.get("other_affected", "")).strip()
    named, unlisted = _other_services(other)
    found += named
    if not found and unlisted:
        e.reject("services_not_modelled",
                 f"only platforms outside the model's list were blocked ({other}); the model values a "
                 f"block at the value of all free apps (West 2016: 0.23% of GDP a year), which does not "
                 f"fit a block of {', '.join(unlisted[:3])}{'…' if len(unlisted) > 3 else ''}; the model's "
                 f"platforms: {', '.join(s for s in SERVICES if s != 'other')}")
        return
    if not found:
        found = ["other"]
        e.flag("services_unspecified", other or "no platform named")
    e["services"] = ",".join(dict.fromkeys(found))


def _other_services(text: str) -> tuple[list[str], list[str]]:
    """Platforms of the free-text ``other_affected`` cell: (the model's platforms, other names).

    A mention of social media or messaging in general counts as the model's "other" platform.
    """
    named, unlisted = [], []
    for item in re.split(r",|;|\band\b", str(text)):
        key = re.sub(r"\(.*?\)|[\"']", "", item).strip().casefold()
        if not key:
            continue
        key = SERVICE_ALIASES.get(key, key)
        if key in SERVICES:
            named.append(key)
        elif re.search(r"social|messag", key):
            named.append("other")
        else:
            unlisted.append(item.strip())
    return named, unlisted


def _part_of_region(e: Event, scope: str, region: float, where: str, whole: bool = False) -> None:
    """A city-scope or cities-scope event: the scope's share of its region's people
    (REGION_SHARE_PARAMETERS), ``region`` being that region's share of the country's, the band
    spanning the assumption's range (at most the whole region); ``whole``: the area names the
    region itself, so the band reaches the whole region (the row's scope and place disagree)."""
    p = parameters.load()[REGION_SHARE_PARAMETERS[scope]]
    high = 1.0 if whole else p.high
    e.update(reach="share", share=p.value * region)
    _widen(e, p.low / p.value, high / p.value,
           f"{scope} scope: {p.low:g}-{high:g} of {where} (assumption {p.name}"
           + ("; the area names the region itself: up to all of it)" if whole and high != p.high else ")"))


def _places_in_regions(e: Event, places: Places, regions: tuple[str, ...], held: tuple[str, ...],
                       area: str) -> None:
    """Regions named as the region of places in them (:meth:`Places.held`) reach the share of
    several cities of one region of their people (``reach_cities_share_of_region``), the band up
    to all of them; regions named on their own reach all their people."""
    whole = tuple(r for r in regions if r not in held)
    if not whole:
        e.flag("place_in_region", f"{area} → {', '.join(held)}")
        region = _region_share(places, e)
        if region is not None:
            _part_of_region(e, "cities", region, "the region(s)", whole=True)
        return
    year = int(e["start"][:4])
    part, rest = places.share(e["country"], held, year), places.share(e["country"], whole, year)
    if part is None or rest is None:   # the data lack a share: costed as all the regions named
        return
    e.flag("place_in_region", f"{area} → {', '.join(held)}; whole: {', '.join(whole)}")
    p = parameters.load()[REGION_SHARE_PARAMETERS["cities"]]
    share = rest + p.value * part
    e.update(reach="share", share=share)
    _widen(e, (rest + p.low * part) / share, (rest + part) / share,
           f"places in {', '.join(held)}: {p.low:g}-1 of their people (assumption {p.name}), "
           f"with all of {', '.join(whole)}")


def _national_except(e: Event, places: Places, area: str) -> None:
    """"Nationwide except Kurdistan", "All regions except Addis Abeba": the people of the regions
    excepted are left out where they are recognised; otherwise costed as nationwide (flagged)."""
    tail = re.sub(r"[()]", " ", area[EXCEPT.search(area).end():]).strip()
    excepted = places.resolve(e["country"], tail)[0] if tail else ()
    share = places.share(e["country"], excepted, int(e["start"][:4])) if excepted else None
    if share is None or not 0 < share < 1:
        e.flag("national_except", f"{area}: costed as nationwide (an upper bound)")
        return
    e.update(reach="share", share=1.0 - share)
    e.flag("national_except", f"{area}: all but {', '.join(excepted)} ({1.0 - share:.3g} of the people)")


def _set_reach(e: Event, rec: dict, places: Places, territory: tuple[str, ...], country_name: str) -> None:
    """National, regions recognised in area_name, or the default share of its geo_scope."""
    area = str(rec.get("area_name", "")).strip()
    scope = SCOPES.get(str(rec.get("geo_scope", "")).strip().casefold(), "unknown")
    e["reach"] = "national"
    national = bool(area) and is_national(area, country_name)
    if national and EXCEPT.search(area):
        _national_except(e, places, area)
    if national and not territory:
        return
    regions, missed = places.resolve(e["country"], area) if area and not national else ((), 0)
    if territory and not regions:
        regions = tuple(r for r in territory if r in places.country(e["country"])[0])
        if not regions:
            e.reject("data_missing", f"no Global Data Lab regions of {e['country']} for the territory "
                                     f"{e['src_country']}; import the Global Data Lab subnational folder")
            return
        e.update(reach="regions", regions=" | ".join(regions))
        return
    if regions:
        e.update(reach="regions", regions=" | ".join(regions))
        merged = places.merged(e["country"], area)
        if merged:
            e.flag("region_merged", ", ".join(merged))
        hits, via_part = places.recognised(e["country"], area)
        if scope in ("city", "cities"):
            p = parameters.load()[REGION_SHARE_PARAMETERS[scope]]
            itself = hits == 1 and not missed and not via_part  # the area names the region, nothing in it
            if itself and all((e["country"], r) in city_regions() for r in regions):  # "Bamako": the city
                e.flag("city_region", ", ".join(regions))
                _widen(e, p.value, 1.0, f"{scope} scope: down to {p.value:g} of the city's region (assumption {p.name})")
                return
            said = next((w for w in readings.whole_places(str(rec.get("event", "")))
                         if places.resolve(e["country"], w)[0] == regions), None) if itself and not merged else None
            if said:  # "shut down across Amhara": all of the region the area names
                e.flag("region_whole", f"{said!r}")
                _widen(e, p.value, 1.0, f"{scope} scope: down to {p.value:g} of the region (assumption {p.name})")
                return
            region = _region_share(places, e)
            e.flag("region_upper_bound", f"{scope} scope; region(s): {', '.join(regions)}" + (
                f"; {p.value:g} of the region(s), {p.value * region:.3g} of the people" if region is not None else ""))
            if region is not None:
                _part_of_region(e, scope, region, "the region(s)", whole=itself)
            return
        held = places.held(e["country"], area)
        if held:  # places in the region(s) (townships, districts, subjects): a part of them
            _places_in_regions(e, places, regions, held, area)
            return
        if scope == "regions" and missed:  # a place not recognised may be in another region
            e.flag("regions_partial", f"recognised: {', '.join(regions)}; {missed} place(s) not recognised")
        elif scope == "regions":  # "locations in" the regions named: all of each, or places in them
            p = parameters.load()[REGION_SHARE_PARAMETERS["cities"]]
            e.flag("regions_whole_or_part", f"region(s): {', '.join(regions)}")
            _widen(e, p.value, 1.0, f"regions scope: down to {p.value:g} of the regions named (assumption {p.name})")
        return
    typical = places.typical_share(e["country"], int(e["start"][:4])) if scope in REGION_SHARE_PARAMETERS else None
    if typical is not None:
        name = REGION_SHARE_PARAMETERS[scope]
        share = parameters.load().value(name)
        e.flag("reach_default", f"{area or 'no area_name'!s}; geo_scope {scope}: {share:g} of a typical region "
                                f"({typical:.3g} of the people, the median region), {share * typical:.3g} of the "
                                f"people, assumption {name}")
        _part_of_region(e, scope, typical, "the median region")
        return
    share = default_share(scope)
    e.update(reach="share", share=share)
    e.flag("reach_default", f"{area or 'no area_name'!s}; geo_scope {scope}: share {share:g}, "
                            f"assumption {DEFAULT_SHARE_PARAMETERS[scope]}")
    q = parameters.load()[DEFAULT_SHARE_PARAMETERS[scope]]
    _widen(e, q.low / q.value, q.high / q.value, f"default share {q.low:g}-{q.high:g}")


def events_of(row: int, rec: dict, cut: date, places: Places,
              unknown_duration: float | None, last_report: int | None = None) -> Iterable[Event]:
    names = countries_of(rec.get("country", ""))
    src = {
        "src_country": rec.get("country", ""), "src_start": rec.get("start_date", ""),
        "src_end": rec.get("end_date", ""), "src_duration": rec.get("duration", ""),
        "src_status": rec.get("shutdown_status", ""), "src_type": rec.get("shutdown_type", ""),
        "src_network": rec.get("affected_network", ""), "src_extent": rec.get("shutdown_extent", ""),
        "src_scope": rec.get("geo_scope", ""), "src_area": rec.get("area_name", ""),
        "src_year": rec.get("count_year", ""), "src_id": "",
    }
    exam, daily = readings.is_exam(rec), readings.daily_hours(str(rec.get("event", "")))
    for part, name in enumerate(names, 1):
        e = Event(row, part, len(names), ACCESS_NOW, **src)
        territory = country_of(e, name, ACCESS_NOW_NAMES)
        start = day(rec.get("start_date", ""))
        if start is None:
            e.reject("start_invalid", f"start_date {rec.get('start_date', '')!r} is not a date; "
                                      f"accepted: YYYY-MM-DD")
        elif start > cut:
            e.reject("after_cutoff", f"starts {start}, after the cut-off {cut}")
        else:
            e["start"] = start.isoformat()
            if str(rec.get("start_date_type", "")).strip().casefold() == "estimated":
                e.flag("start_estimated")
            _set_duration(e, rec, start, cut, unknown_duration, last_report)
            _set_day_hours(e, rec)
            if not (exam or daily is not None):  # exam-time and daily cuts keep their windows
                _set_stated_hours(e, rec)
        _set_type(e, rec)
        _set_origin(e, rec)
        if e["country"] and not e["reason"]:
            _set_reach(e, rec, places, territory, name)
        if not e["reason"]:
            lost = [w for c, w in (("phonecall_affected", "phone calls"), ("sms_affected", "SMS"))
                    if str(rec.get(c, "")).strip().casefold() == "yes"]
            if lost:
                e.flag("calls_sms_cut", " and ".join(lost))
            _set_windows(e, rec, exam, daily)
            _set_operator(e, rec, places)
            _set_ranges(e)
        yield e


def _set_day_hours(e: Event, rec: dict) -> None:
    """A one-day event whose description gives the clock times of the cut ("between 11:30 and
    14:30", "from 9AM to 1 PM") is costed for those hours, not the whole day."""
    if e["reason"] or not e["end"] or e["end"] != e["start"] or e["hours"] is not None:
        return
    hours = readings.clock_hours(str(rec.get("event", "")), one_day=True)
    if hours is None or hours >= 24:
        return
    e.update(end=None, hours=hours)
    e.flag("day_hours", f"{hours:g} hours")


def _set_stated_hours(e: Event, rec: dict) -> None:
    """A cut of several days whose description gives the clock times it began on the first day and
    ended on the last ("from 16:30 on Jun. 16 to 16:30 on Jun. 17") is costed for those hours, not
    the whole days of its dates; else a cut whose description states a length its dates round up by
    a day at most ("suspended for 24 hours between May 5 and May 6") for that length."""
    if e["reason"] or not e["end"] or e["hours"] is not None:
        return
    text = str(rec.get("event", ""))
    start, end = date.fromisoformat(e["start"]), date.fromisoformat(e["end"])
    hours = readings.dated_span_hours(text, start, end)
    if hours is not None:
        e.update(end=None, hours=hours)
        e.flag("clock_span", f"{hours:g} hours")
        return
    hours = readings.stated_hours(text)
    days = (end - start).days + 1
    if hours is not None and (days - 1) * 24 <= hours < days * 24:  # the dates round the length up
        e.update(end=None, hours=hours)
        e.flag("stated_length", f"{hours:g} hours")


def _set_origin(e: Event, rec: dict) -> None:
    """Reject what the registry itself says was not a government's shutdown of the networks."""
    why = readings.not_government(rec)
    if why:
        e.reject("not_government", f"{why}: not a government-ordered shutdown, kept out of the totals")
        return
    satellite = readings.satellite_only(rec) if "full network" in _parts(rec.get("shutdown_extent", "")) else None
    if satellite:
        e.reject("satellite_only", f"other_affected {satellite!r} and the description is about it: a ban or "
                                   f"seizure of satellite internet, not a cut of the national networks; not "
                                   f"costed as a blackout")


def _window(hours: float) -> str:
    """A daily window of these hours (UTC): its clock time only places it in the day."""
    begin = 6.0 if hours <= 18 else 0.0
    finish = begin + hours
    return f"{int(begin):02d}:00-{int(finish):02d}:{round(finish % 1 * 60):02d}"


def _set_windows(e: Event, rec: dict, exam: bool, daily: float | None) -> None:
    """Exam-time shutdowns over a span of days (``exam``) → daily windows (hours a day and count from
    the row's description where it gives them, else the assumption exam_window_hours and every day);
    other cuts the description says recurred daily for hours it names (``daily``) → daily windows of
    those hours."""
    if not e["end"]:
        return
    start, end = date.fromisoformat(e["start"]), date.fromisoformat(e["end"])
    span_days = (end - start).days + 1
    if span_days < 2:
        return
    text = str(rec.get("event", ""))
    if not exam:
        if daily is not None:
            e["daily_window"] = _window(daily)
            days = readings.daily_days(text, start, end)
            if days is not None:
                e.update(windows=days, end=None, hours=None)
            e.flag("daily_windows", (f"{days} days" if days is not None else f"every day of {span_days}")
                   + f" of {daily:g} h (from the row)")
        return
    hours, count = readings.window_hours(text), readings.exam_count(text)
    assumed = hours is None
    if assumed:
        hours = parameters.load().value(EXAM_HOURS_PARAMETER)
    if count is not None and count > span_days:  # several windows a day: as many hours, fewer days
        hours, count = min(24.0, hours * count / span_days), span_days
    if hours >= 24:
        return
    e["daily_window"] = _window(hours)
    if count is not None:
        e.update(windows=count, end=None, hours=None)
    how = (f"{count} windows" if count is not None else f"every day of {span_days}") + \
          (f" of {hours:g} h (assumption {EXAM_HOURS_PARAMETER})" if assumed else f" of {hours:g} h (from the row)")
    e.flag("exam_windows", how)
    if assumed:
        p = parameters.load()[EXAM_HOURS_PARAMETER]
        _widen(e, p.low / p.value, p.high / p.value, f"hours a day {p.low:g}-{p.high:g}")


def _set_operator(e: Event, rec: dict, places: Places) -> None:
    """An event the registry says hit one operator: that operator's share of the people reached."""
    operator = readings.one_operator(rec)
    if not operator:
        return
    p = parameters.load()[OPERATOR_PARAMETER]
    if e["reach"] == "national":
        e.update(reach="isp", isp_share=p.value)
    else:
        reached = e["share"] if e["reach"] == "share" else _region_share(places, e)
        if reached is None:
            return
        e.update(reach="share", share=reached * p.value, regions=None)
    e.flag("one_operator", f"{operator}: share {p.value:g}, assumption {OPERATOR_PARAMETER}")
    _widen(e, p.low / p.value, p.high / p.value, f"operator share {p.low:g}-{p.high:g}")


def _region_share(places: Places, e: Event) -> float | None:
    """Population share of the event's regions in its year (None when the data lack it)."""
    regions = tuple(r for r in str(e["regions"]).split(" | ") if r)
    return places.share(e["country"], regions, int(e["start"][:4]))


def _widen(e: Event, low: float, high: float, why: str) -> None:
    """Widen the event's band by a reading's range (multipliers of the cost at the best reading)."""
    e["reading_low"] = (e["reading_low"] if e["reading_low"] is not None else 1.0) * low
    e["reading_high"] = (e["reading_high"] if e["reading_high"] is not None else 1.0) * high
    e.flag("reading_range", why)


def _set_ranges(e: Event) -> None:
    """The bands of the readings the flags name (reach, severity, type)."""
    p = parameters.load()
    flags = set(e["flags"].split(";"))
    if "throttle_severity" in flags and "type_mixed" not in flags:
        q = p[DEFAULT_SEVERITY_PARAMETER]
        _widen(e, q.low / q.value, q.high / q.value, f"severity {q.low:g}-{q.high:g}")
    if flags & {"type_mixed", "service_throttle"}:
        q = p[DEFAULT_SEVERITY_PARAMETER]
        central = e["severity"] if e["disruption"] == "throttle" and "type_mixed" in flags else 1.0
        _widen(e, q.low / central, 1.0 / central,
               f"a throttle of severity {q.low:g} at the low end, the shutdown or block at the high end")


def _dedupe_key(e: Event) -> tuple:
    return (e["country"], e["start"], region_key(e["src_area"] or ""), e["disruption"], e["services"],
            e["src_type"].strip().casefold(), e["src_network"].strip().casefold(),
            e["src_extent"].strip().casefold())


def mark_duplicates(events: list[Event]) -> None:
    """Reports of one event (same country, start, place, type and services), kept once.

    Access Now re-enters an ongoing event in every year it lasts (``count_year``); the report of
    the latest year is kept (the most recent knowledge, e.g. an end date), the first such row
    when several share that year; the others are rejected as duplicates naming the one kept.
    """
    groups: dict[tuple, list[Event]] = {}
    for e in events:
        if not e["reason"]:
            groups.setdefault(_dedupe_key(e), []).append(e)
    for group in groups.values():
        if len(group) < 2:
            continue
        keep = max(group, key=lambda e: (_year(e["src_year"]), -e["row"]))
        for e in group:
            if e is not keep:
                e.reject("duplicate", f"same event as row {keep['row']} (same country, start date, place, "
                                      f"type and services; reported for count_year {e['src_year'] or '?'}, "
                                      f"kept the report of {keep['src_year'] or '?'})")
    _mark_rereported(events)


def _rereport_key(e: Event) -> tuple | None:
    """What a report of :func:`_mark_rereported` must share with another to be the same event: the
    country and start date, and the whole country, or the same regions found in its place with the
    same geographic scope, type and network (the place's words may differ: "Refugee Camps in Cox
    Bazar district" in 2019, "Cox's Bazar refugee camp" in 2020); None when no place was found."""
    if e["reach"] == "national":
        return e["country"], e["start"], "national"
    if not e["regions"]:
        return None
    return (e["country"], e["start"], e["regions"], e["src_scope"].strip().casefold(),
            e["src_type"].strip().casefold(), e["src_network"].strip().casefold())


def _mark_rereported(events: list[Event]) -> None:
    """A row marked Ongoing that a later count_year reports again from the same start date and
    place (:func:`_rereport_key`) is that event re-entered, even when a nationwide event's later
    report records another type or extent (Chad, 28 March 2018: "Full network", Ongoing, in 2018;
    the social-media block that ended on 13 July 2019 in 2019): the later report, the latest
    knowledge, is kept."""
    groups: dict[tuple, list[Event]] = {}
    for e in events:
        key = None if e["reason"] else _rereport_key(e)
        if key is not None:
            groups.setdefault(key, []).append(e)
    for group in groups.values():
        if len(group) < 2:
            continue
        latest = max(_year(e["src_year"]) for e in group)
        later = [e for e in group if _year(e["src_year"]) == latest]
        if len(later) != 1:
            continue  # several reports of that year: which one continues the event is not known
        keep = later[0]
        for e in group:
            if (e is not keep and _year(e["src_year"]) < latest and not str(e["src_end"]).strip()
                    and str(e["src_status"]).strip().casefold() == "ongoing"):
                place = "nationwide" if e["reach"] == "national" else f"in {e['regions']}"
                e.reject("duplicate", f"same event as row {keep['row']} (same country and start date, {place}; "
                                      f"marked Ongoing for count_year {e['src_year'] or '?'} and reported again "
                                      f"for {keep['src_year'] or '?'}, whose report is kept: "
                                      f"{keep['src_extent'] or '?'}, {keep['src_status'] or 'no status'})")


def last_reports(records: list[dict]) -> list[int | None]:
    """For each record, its count_year when no later count_year reports its event (the same country
    and start date) although the registry holds later years: the event was not reported again. None
    when it was, when the registry holds no later year, or the year is not given."""
    latest: dict[tuple, int] = {}
    keyed = []
    for rec in records:
        key = (str(rec.get("country", "")).strip().casefold(), str(rec.get("start_date", "")).strip()[:10])
        year = _year(str(rec.get("count_year", "")))
        keyed.append((key, year))
        latest[key] = max(latest.get(key, -1), year)
    last = max(latest.values(), default=-1)
    return [year if 0 <= year == latest[key] < last else None for key, year in keyed]


def _year(text: str) -> int:
    try:
        value = float(text)
    except ValueError:
        return -1
    return int(value) if math.isfinite(value) and 1900 <= value <= 2200 else -1
