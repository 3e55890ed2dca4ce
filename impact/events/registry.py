"""Read shutdown registries into a tidy frame of events, one row per country and event.

:func:`read` reads a file in either layout (:mod:`impact.events.readers`); :func:`clean` turns
it into the events frame (:data:`EVENT_COLUMNS`): the source row number, the fields
:meth:`impact.Scenario.create` takes, the flags that qualify the figure (:data:`FLAGS`: short
code → explanation) and, for an event that cannot be costed, the reason (:data:`REASONS`).
No row is dropped: a row naming several countries becomes one event per country, and a row that
cannot be used stays, with its reason. The rules are listed in ``docs/BATCH.md``; they live in
:mod:`impact.events.access_now` (the STOP export), :mod:`impact.events.simple` (our schema),
:mod:`impact.events.places` (place names → regions) and :mod:`impact.events.cells`.
"""
from __future__ import annotations

import math
from typing import Any

import pandas as pd

from impact.errors import InputError
from impact.events import access_now, simple
from impact.events.access_now import (ACCESS_NOW, DEFAULT_SEVERITY_PARAMETER, DEFAULT_SHARE_PARAMETERS,  # noqa: F401
                                      REGISTRY_PARAMETERS, SCOPES, default_severity, default_share)
from impact.events.cells import LONG_RUNNING_DAYS, duration_hours, parse_cutoff  # noqa: F401
from impact.events.flags import EVENT_COLUMNS, FLAGS, REASONS, Event  # noqa: F401
from impact.events.places import REGION_MATCH, Places, aliases, region_key  # noqa: F401
from impact.events.readers import (ACCESS_NOW_REQUIRED, MALFORMED, SIMPLE_OPTIONAL,  # noqa: F401
                                   SIMPLE_REQUIRED, _nul_cells, layout, read, registry_date)
from impact.events.simple import SIMPLE  # noqa: F401
from impact.data.countries import TERRITORIES  # noqa: F401


def clean(frame: pd.DataFrame, *, cutoff: Any = None, data=None,
          unknown_duration: float | None = None) -> pd.DataFrame:
    """The events frame of a registry table, in either layout.

    Parameters
    ----------
    frame : DataFrame
        The table as read (:func:`read`), one row per registry record.
    cutoff : date or ISO date string, optional
        Ongoing events end here (inclusive), later ends are cut here; default: the registry's
        own date (:func:`impact.events.readers.registry_date`: the date in the file name of a
        table read by :func:`read`, else the latest date the table holds). The frame's
        ``attrs`` keep the cut-off and where it came from.
    data : CountryData, optional
        Country data whose Global Data Lab regions resolve place names (default: the active
        snapshot). Only the Access Now layout needs it.
    unknown_duration : float, optional
        Hours assumed for an event with no end and no usable duration (flagged
        ``duration_default``); by default such an event is rejected with its reason.

    Returns
    -------
    DataFrame
        Columns :data:`EVENT_COLUMNS`; ``row`` is the 1-based record number in the source
        (the header is not counted), ``event`` is ``"<row>"`` or ``"<row>.<part>"`` for rows
        split by country. ``flags`` and ``notes`` are ``;``-separated; ``reason`` is empty
        unless the event cannot be costed. ``attrs``: ``cutoff``, ``cutoff_source`` and
        ``ignored_columns`` (the columns of a simple-schema table that are not the schema's, as
        written in the file: reported, not read).
    """
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"clean takes a registry table (the DataFrame registry.read(path) gives), not "
                         f"{type(frame).__name__}: read the file first, or pass its path to estimate_many")
    cut, cut_source = (parse_cutoff(cutoff), "given") if cutoff not in (None, "") else registry_date(frame)
    if unknown_duration is not None:
        given = unknown_duration
        try:
            unknown_duration = float(unknown_duration)
        except (TypeError, ValueError):
            unknown_duration = math.nan
        if not 0 < unknown_duration <= 24 * 366:   # NaN is refused here too
            raise InputError(f"unknown_duration={given!r} is not accepted: give hours, "
                             f"more than 0 and at most {24 * 366}")
    written = {}
    for c in frame.columns:   # the columns as the file writes them, for the messages
        key = str(c).strip().casefold()
        if key in written and key != MALFORMED:
            raise InputError(f"events table has the columns {written[key]!r} and {str(c)!r}, read as one ({key!r}): "
                             f"give each column once")
        written[key] = str(c)
    frame = frame.rename(columns=lambda c: str(c).strip().casefold())
    kind = layout(frame)
    # every column of the simple schema's file is read or reported (the STOP export's many descriptive
    # columns are described in docs/BATCH.md)
    ignored = [written[c] for c in frame.columns if kind == SIMPLE and c not in simple.COLUMNS and c != MALFORMED]
    records = _text_records(frame)
    places = Places(data)
    events: list[Event] = []
    reported = access_now.last_reports(records) if kind == ACCESS_NOW else [None] * len(records)
    for i, rec in enumerate(records, 1):
        why = rec.pop(MALFORMED, "") or _nul_cells(list(rec.values()), list(rec), None)
        if why:
            e = Event(i, 1, 1, kind)
            e.reject("malformed", f"row {i}: {why}")
            events.append(e)
        elif kind == ACCESS_NOW:
            events.extend(access_now.events_of(i, rec, cut, places, unknown_duration, reported[i - 1]))
        else:
            events.extend(simple.events_of(i, rec, cut, written))
    if kind == ACCESS_NOW:
        access_now.mark_duplicates(events)
    out = pd.DataFrame(events, columns=list(EVENT_COLUMNS))
    for col in ("hours", "severity", "share"):
        out[col] = pd.to_numeric(out[col], errors="coerce")
    # what estimate_many then reports
    out.attrs.update(cutoff=cut.isoformat(), cutoff_source=cut_source, ignored_columns=ignored, written=written)
    return out


def _text_records(frame: pd.DataFrame) -> list[dict]:
    """The rows as dicts of text cells ('' where a cell is missing); a table read by :func:`read`
    is text already, and is not converted again."""
    if frame.columns.is_unique and len(frame) and all(
            pd.api.types.infer_dtype(frame[c], skipna=False) == "string" for c in frame.columns):
        columns = list(frame.columns)
        return [dict(zip(columns, row)) for row in frame.to_numpy(dtype=object).tolist()]
    return _records(frame.fillna("").astype(str))


def _records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")`` (cells as Python objects), without pandas' per-cell boxing."""
    if not frame.columns.is_unique:
        return frame.to_dict("records")
    columns = list(frame.columns)
    return [dict(zip(columns, row)) for row in frame.itertuples(index=False, name=None)]
