"""Reading registry files: which layout a table is in, and its cells as text, nothing converted.

Two layouts are read (:func:`layout` detects which from the header): the Access Now #KeepItOn
STOP export as published (:mod:`impact.events.access_now`) and our simple schema
(:mod:`impact.events.simple`), both described in ``docs/BATCH.md``.
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from impact.errors import InputError
from impact.events.access_now import ACCESS_NOW
from impact.events.simple import SIMPLE

ACCESS_NOW_REQUIRED = ("start_date", "end_date", "duration", "country", "geo_scope", "area_name",
                       "shutdown_type", "affected_network", "shutdown_extent")
SIMPLE_REQUIRED = ("country", "start", "type")
SIMPLE_OPTIONAL = ("end", "hours", "services", "severity", "regions", "share", "id")


def read(path: str | os.PathLike) -> pd.DataFrame:
    """Read a registry file (``.csv`` or ``.parquet``) as text columns, nothing converted.

    Raises
    ------
    InputError
        When the file is missing, has another extension, or matches neither layout.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"events file {p} not found: give the path of a .csv or .parquet file")
    suffix = p.suffix.casefold()
    try:
        if suffix == ".csv":
            frame = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        elif suffix == ".parquet":
            frame = pd.read_parquet(p).astype(str).replace({"None": "", "nan": "", "<NA>": ""})
        else:
            raise InputError(f"events file {p}: unknown extension {p.suffix!r}; accepted: .csv, .parquet")
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError, OSError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(f"events file {p} cannot be read as {suffix[1:]}: {exc}") from None
    layout(frame)
    return frame


def layout(frame: pd.DataFrame) -> str:
    """``"access_now"`` or ``"simple"`` from the columns; InputError naming both if neither."""
    cols = {str(c).strip().casefold() for c in frame.columns}
    if all(c in cols for c in ACCESS_NOW_REQUIRED):
        return ACCESS_NOW
    if all(c in cols for c in SIMPLE_REQUIRED):
        return SIMPLE
    raise InputError(
        "events table matches no known layout: the Access Now STOP export needs the columns "
        f"{', '.join(ACCESS_NOW_REQUIRED)}; the simple schema needs {', '.join(SIMPLE_REQUIRED)} "
        f"(optional: {', '.join(SIMPLE_OPTIONAL)}); got {', '.join(map(str, frame.columns))}")
