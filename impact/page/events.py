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
MONEY_COLUMNS = ("cost_usd_central", "cost_usd_low", "cost_usd_high", "cost_usd_central_past_horizon",
                 "cost_usd_central_horizon_low", "cost_usd_central_horizon_high")
# The annual table's counts (events, hours): whole numbers with the language's thousands separator.
COUNT_COLUMNS = ("countries", "events", "events_rejected", "hours", "hours_past_horizon")
# Column added by :func:`table`: what the days past the horizons add, as a fraction of the headline.
PAST_HORIZON_SHARE = "past_horizon_per_headline"


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
    folder = tempfile.mkdtemp(prefix="impact-events-")
    # the upload keeps its name, so that a date in it gives the default cut-off
    path = str(Path(folder) / (Path(filename).name or f"events{suffix}"))
    try:
        Path(path).write_bytes(content)
        result = batch.estimate_many(path, cutoff=cutoff, draws=draws, method=method, data=data)
    except ImpactError as why:  # name the user's file, not the temporary copy
        raise type(why)(str(why).replace(path, filename)) from None
    finally:
        Path(path).unlink(missing_ok=True)
        os.rmdir(folder)
    annual = batch.annual_totals(result)
    return EventsRun(events=result.events, totals=result.totals, annual=annual, counts=dict(result.counts),
                     info=dict(result.info))


def csv_text(frame: pd.DataFrame) -> str:
    """A table as CSV for a download, its formula-like text cells neutralised
    (:func:`impact.events.tables.spreadsheet_safe`)."""
    from impact.events.tables import csv_text as safe

    return safe(frame)


def headline(run: EventsRun, lang: str = "en") -> tuple[str, str]:
    """The headline and the separate line past the horizons, in the page's language: the same
    figures as ``impact batch`` prints (:func:`impact.events.totals.headline`)."""
    from impact.page.text import t
    from impact.report.cite import money, number

    a = run.annual
    h = {k: float(a[f"cost_usd_{k}"].sum()) for k in ("central", "low", "high")}
    hz = run.info.get("horizons", {})
    ev = run.events
    past = ev["status"].ne("rejected") & (ev["counted_hours"] > ev["headline_hours"] + 1e-6)
    source = t(lang, f"events.cutoff_{run.info.get('cutoff_from', 'given')}")
    first = t(lang, "events.headline", first=int(a["year"].min()) if len(a) else "", last=int(a["year"].max()) if len(a) else "",
              central=money(h["central"], lang), low=money(h["low"], lang), high=money(h["high"], lang),
              currency=t(lang, "events.currency"), block=f"{hz.get('block', {}).get('days', 0):g}",
              network=f"{hz.get('network', {}).get('days', 0):g}",
              at_low=money(float(a["cost_usd_central_horizon_low"].sum()), lang),
              at_high=money(float(a["cost_usd_central_horizon_high"].sum()), lang),
              cutoff=cutoff_text(run, lang), cutoff_source=source)
    second = t(lang, "events.past_horizon", past=money(float(a["cost_usd_central_past_horizon"].sum()), lang),
               events=number(int(past.sum()), lang))
    return first, second


def cutoff_text(run: EventsRun, lang: str) -> str:
    """The run's cut-off date as ``lang`` writes dates ('20 mai 2026')."""
    from impact.report import cite

    return cite._date_text(str(run.info.get("cutoff", "")), lang)


def table(annual: pd.DataFrame) -> pd.DataFrame:
    """The annual totals as the view shows them: :func:`impact.events.batch.annual_totals` (the
    headline by year, and what the days past the horizons would add) plus :data:`PAST_HORIZON_SHARE`,
    that addition as a fraction of the year's headline. A year without headline cost has no
    fraction (NaN), not 0.
    """
    out = annual.copy()
    central = out["cost_usd_central"].astype(float)
    out[PAST_HORIZON_SHARE] = (out["cost_usd_central_past_horizon"].astype(float) / central.where(central > 0))
    out.attrs.update(annual.attrs)
    return out


def shown(table: pd.DataFrame, lang: str, headers: dict[str, str]):
    """:func:`table` as the page shows it: headed by ``headers`` (column → header), each figure
    written the way ``lang`` writes it (:mod:`impact.report.cite`: '657 M $US', '10 920', '133 %').
    A pandas ``Styler``: the cells keep their numbers, so that a column still sorts by value."""
    from impact.report import cite

    formats = {**dict.fromkeys(COUNT_COLUMNS, lambda x: cite.number(x, lang)),
               **dict.fromkeys(MONEY_COLUMNS, lambda x: cite.compact_money(x, lang, significant=3)),
               "people_affected": lambda x: cite.quantity(x, lang),
               PAST_HORIZON_SHARE: lambda x: cite.percent(x, lang), "year": lambda x: f"{x:.0f}"}
    named = table.rename(columns=headers)
    return named.style.format({headers.get(c, c): f for c, f in formats.items() if c in table}, na_rep="—")
