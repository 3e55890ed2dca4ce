"""The page's "Events" view: an uploaded events table costed by :mod:`impact.events.batch`.

The upload is written to a temporary file and read by the library
(:func:`impact.events.batch.estimate_many`, which reads either registry layout), so the page parses
nothing itself. No Streamlit here.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from impact.errors import ImpactError, InputError

SUFFIXES = (".csv", ".parquet")
# The annual table's money columns (US$, the run's ``currency``): the view formats them alike.
MONEY_COLUMNS = ("cost_usd_central", "cost_usd_low", "cost_usd_high", "cost_usd_central_long_running")
# Column added by :func:`table`: the part of each year's central cost from events over a year.
LONG_RUNNING_SHARE = "long_running_share_of_central"


def available() -> bool:
    """Whether :mod:`impact.events.batch` (with ``annual_totals``) is installed."""
    try:
        from impact.events import batch
    except ImportError:
        return False
    return hasattr(batch, "annual_totals") and hasattr(batch, "estimate_many")


@dataclass(frozen=True)
class EventsRun:
    """What the view shows: the per-event table, annual totals (with units in ``info``), counts."""

    events: pd.DataFrame
    totals: pd.DataFrame
    annual: pd.DataFrame
    counts: dict
    info: dict


def run(content: bytes, filename: str, *, cutoff: Any = None, method: str = "brookings", draws: int = 1000,
        data=None) -> EventsRun:
    """Cost every event of an uploaded registry file (``.csv`` or ``.parquet``).

    Raises
    ------
    InputError
        For another extension, or a table the library cannot read (its message says why).
    """
    from impact.events import batch

    suffix = Path(filename).suffix.casefold()
    if suffix not in SUFFIXES:
        raise InputError(f"events file {filename!r}: unknown extension {suffix!r}; accepted: {', '.join(SUFFIXES)}")
    fd, path = tempfile.mkstemp(suffix=suffix, prefix="impact-events-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        result = batch.estimate_many(path, cutoff=cutoff, draws=draws, method=method, data=data)
    except ImpactError as why:  # name the user's file, not the temporary copy
        raise type(why)(str(why).replace(path, filename)) from None
    finally:
        os.unlink(path)
    annual = batch.annual_totals(result)
    return EventsRun(events=result.events, totals=result.totals, annual=annual, counts=dict(result.counts),
                     info=dict(result.info))


def csv_text(frame: pd.DataFrame) -> str:
    """A table as CSV for a download, its formula-like text cells neutralised
    (:func:`impact.events.tables.spreadsheet_safe`)."""
    from impact.events.tables import csv_text as safe

    return safe(frame)


def table(annual: pd.DataFrame) -> pd.DataFrame:
    """The annual totals as the view shows them: :func:`impact.events.batch.annual_totals` plus
    :data:`LONG_RUNNING_SHARE`, the fraction (0-1) of each year's central cost that comes from
    events lasting over a year (flag ``long_running``; its US$ amount is
    ``cost_usd_central_long_running``). A year without cost has no fraction (NaN), not 0.
    """
    out = annual.copy()
    central = out["cost_usd_central"].astype(float)
    out[LONG_RUNNING_SHARE] = (out["cost_usd_central_long_running"].astype(float)
                               / central.where(central > 0))
    out.attrs.update(annual.attrs)
    return out
