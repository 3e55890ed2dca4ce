"""Rows of our simple schema (``country, start, type`` and optional columns; ``docs/BATCH.md``)."""
from __future__ import annotations

import re
from datetime import date
from typing import Iterable

from impact.events.cells import clip, countries_of, country_of, day, flag_long
from impact.events.flags import Event
from impact.model.fields import FIELDS, FieldError

SIMPLE = "simple"
# Numbers of the simple schema are read by the scenario's fields (one table).
_LIMITS = {name: FIELDS[name] for name in ("hours", "days", "severity", "share")}
# The columns of the schema (docs/BATCH.md); any other column is reported as ignored.
REQUIRED = ("country", "start", "type")
OPTIONAL = ("end", "hours", "days", "services", "severity", "regions", "share", "id")
COLUMNS = REQUIRED + OPTIONAL


def _bounded(col: str, text: str, written: str | None = None) -> tuple[float | None, str]:
    """A number of the simple schema read by its field (:data:`impact.model.fields.FIELDS`):
    (value, "") or (None, what is wrong and what is accepted). NaN and infinities are refused;
    a duration longer than the time to the cut-off is accepted here and cut there. ``written``: the
    column's name as the file writes it (``Hours``), used in the message."""
    f = _LIMITS[col]
    try:
        return f.parse(text), ""
    except FieldError as err:
        low, high = (f"{f.low:,.0f}", f"{f.high:,.0f}") if f.high > 1 else (f"{f.low:g}", f"{f.high:g}")
        accepted = (f"accepted: a finite number more than {low}, up to {high}" if f.positive
                    else f"accepted: a finite number from {low} to {high}")
        accepted += f" ({f.unit or f.help.split(',')[0]})"
        return None, f"{written or col} {text!r} is {err.problem}; {accepted}"


def events_of(row: int, rec: dict, cut: date, written: dict | None = None) -> Iterable[Event]:
    """The events of one row (one per country named); ``written``: each column's name as the file
    writes it (``Hours`` for ``hours``), so that messages name the column the user sees."""
    col = {c: (written or {}).get(c, c) for c in COLUMNS}
    names = countries_of(rec.get("country", ""))
    for part, name in enumerate(names, 1):
        e = Event(row, part, len(names), SIMPLE, src_country=rec.get("country", ""),
                   src_start=rec.get("start", ""), src_end=rec.get("end", ""),
                   src_duration=_duration_text(rec), src_type=rec.get("type", ""),
                   src_area=rec.get("regions", ""), src_status="", src_network="", src_extent="",
                   src_scope="", src_year="", src_id=rec.get("id", ""))
        if name:
            country_of(e, name)
            if str(e["reason"]).startswith("country_unknown: "):   # named by its column, as the others
                e["reason"] = e["reason"].replace("country_unknown: ", f"country_unknown: column {col['country']}: ", 1)
        else:
            e.reject("country_unknown", f"{col['country']} is blank: give a name or ISO3 code")
        start, end = str(rec.get("start", "")).strip(), str(rec.get("end", "")).strip()
        services = [x.strip() for x in re.split(r"[;,]", str(rec.get("services", ""))) if x.strip()]
        e.update(start=start or None, disruption=str(rec.get("type", "")).strip() or None,
                 services=",".join(services) or None)
        days = None
        for number in ("hours", "days", "severity", "share"):
            text = str(rec.get(number, "")).strip()
            if text:
                value, why = _bounded(number, text, col[number])
                if why:
                    e.reject(f"{number}_invalid", why)
                elif number == "days":
                    days = value
                else:
                    e[number] = value
        if days is not None and e["hours"] is not None:
            e.reject("input", f"{col['hours']} {rec.get('hours')!r} and {col['days']} {rec.get('days')!r} are both "
                     f"given: give the duration once, in hours or in days")
        elif days is not None:
            e["hours"] = days * 24.0   # a duration in days, as impact estimate --days without a daily window
        regions = tuple(r.strip() for r in str(rec.get("regions", "")).split(";") if r.strip())
        if str(rec.get("regions", "")).strip() and not regions:
            e.reject("input", f"{col['regions']} {rec.get('regions')!r} names no region; accepted: region names "
                     f"separated by ';', or an empty cell for a national event")
        if regions and e["share"] is not None:  # the library refuses two reaches; so does the batch
            e.reject("input", f"{col['regions']} {rec.get('regions')!r} and {col['share']} {rec.get('share')!r} are "
                     f"both given: give one reach (regions separated by ';', or a share of the population), as impact.estimate takes")
        e["reach"] = "regions" if regions else "share" if e["share"] is not None else "national"
        e["regions"] = " | ".join(regions) or None
        if not start:
            e.reject("start_invalid", f"{col['start']} is blank: give an ISO 8601 date, e.g. 2024-06-25")
            yield e
            continue
        if end.casefold() == "ongoing":
            e["end"] = cut.isoformat()
            e.flag("ongoing", f"ends at the cut-off {cut}")
        else:
            e["end"] = end or None
        begin = day(start)
        if begin is not None and begin > cut:
            e.reject("after_cutoff", f"starts {begin}, after the cut-off {cut}")
        elif begin is not None and e["end"] and day(e["end"]) is not None and day(e["end"]) > cut:
            e["end"] = cut.isoformat()
            e.flag("cut_at_cutoff", f"cut at {cut}")
        elif begin is not None and e["hours"] is not None and not e["end"] and len(start) == 10:
            clip(e, begin, cut)
        if begin is not None:
            flag_long(e, begin)
        yield e


def _duration_text(rec: dict) -> str:
    """The row's duration as given: its hours cell, else its days cell with the unit."""
    hours, days = str(rec.get("hours", "") or "").strip(), str(rec.get("days", "") or "").strip()
    if hours and days:
        return f"{hours} hours; {days} days"
    return hours or (f"{days} days" if days else "")


# The column of the schema that gives each field of the scenario (the rest share their names).
_COLUMN_OF_FIELD = {"disruption": "type"}
# The columns at fault in a refusal of the library that names no one field, by the words of its message.
_FAULTS = (("is before start", ("start", "end")), ("the same moment as start", ("start", "end")),
           ("needs an end", ("end", "hours", "days")), ("a duration is required", ("end", "hours", "days")),
           ("lasts over", ("start", "end", "hours", "days")), ("the daily window", ("start", "end")),
           ("needs severity", ("type", "severity")), ("severity= goes with", ("severity", "type")),
           ("needs services", ("type", "services")), ("services= goes with", ("services", "type")),
           ("give one reach", ("regions", "share")), ("or a duration (hours= or days=), not both", ("end", "hours", "days")),
           ("give the duration once", ("hours", "days")))
_FIELD_WORD = re.compile(r"\b(disruption|start|end|hours|days|services|severity|share|regions)(=(?=[\s:,)]|$)|(?= ')|=(?='))")


def refused(exc: Exception, code: str, rec: dict | None = None, written: dict | None = None) -> str:
    """The message of a scenario the library refuses, for a row of this schema: it starts with the
    column(s) at fault as the file writes them (``type 'teleport' is not accepted: …``; ``columns start,
    end: end (…) is before start (…)``), the library's keyword names (``severity=``) read as columns.
    ``rec``: the cleaned event (which of its columns were given); ``written``: the file's spelling."""
    def name(c: str) -> str:
        return (written or {}).get(c, c)

    field = getattr(exc, "field", None)
    if field is not None and hasattr(exc, "accepted"):   # a FieldError: one field, so one column
        column = _COLUMN_OF_FIELD.get(field, field)
        return f"{name(column)} {exc.value!r} is {exc.problem}: {exc.accepted}"
    text = str(exc)
    if code == "region_unknown":
        columns: tuple[str, ...] = ("regions",)
    elif code == "country_unknown":
        columns = ("country",)
    else:
        columns = next((cols for words, cols in _FAULTS if words in text), ())
    if rec is not None and {"hours", "days"} <= set(columns):   # of the durations, the one the row gave
        unit = "days" if "days" in str(rec.get("src_duration") or "") else "hours"
        if str(rec.get("src_duration") or "").strip():
            columns = tuple(c for c in columns if c != ("hours" if unit == "days" else "days"))
    text = _FIELD_WORD.sub(lambda m: name(_COLUMN_OF_FIELD.get(m.group(1), m.group(1))) + (" " if m.group(2) == "=" and
                           m.end() < len(text) and text[m.end()] == "'" else ""), text)
    if not columns:
        return text
    return f"column{'s' if len(columns) > 1 else ''} {', '.join(name(c) for c in columns)}: {text}"
