"""Reading registry files: which layout a table is in, and its cells as text, nothing converted.

Two layouts are read (:func:`layout` detects which from the header): the Access Now #KeepItOn
STOP export as published (:mod:`impact.events.access_now`) and our simple schema
(:mod:`impact.events.simple`), both described in ``docs/BATCH.md``.
"""
from __future__ import annotations

import csv
import os
import re
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd

from impact.errors import InputError
from impact.events.access_now import ACCESS_NOW
from impact.events import simple
from impact.events.simple import SIMPLE

ACCESS_NOW_REQUIRED = ("start_date", "end_date", "duration", "country", "geo_scope", "area_name",
                       "shutdown_type", "affected_network", "shutdown_extent")
SIMPLE_REQUIRED, SIMPLE_OPTIONAL = simple.REQUIRED, simple.OPTIONAL


# Column added by :func:`read`: why a row is malformed ("" when it is not); :func:`impact.events.registry.clean`
# rejects such rows (reason ``malformed``) instead of reading their cells as other values.
MALFORMED = "_malformed"


def read(path: str | os.PathLike) -> pd.DataFrame:
    """Read a registry file (``.csv`` or ``.parquet``) as text columns, nothing converted.

    Malformed rows are kept, with what is wrong in the :data:`MALFORMED` column (and their cells
    blank beyond what can be trusted): a row with more filled cells than the header has columns
    (a ragged row), fewer cells than the header, or a NUL byte in a cell. Trailing empty cells
    (a trailing comma on a row) are not an error. Blank lines are skipped.

    Raises
    ------
    InputError
        When the file is missing or a folder, has another extension, is not UTF-8, is separated by
        semicolons or tabs rather than commas, has a header but no rows, or matches neither layout.
    """
    p = Path(path)
    if p.is_dir():
        raise InputError(f"events file {p} is a folder: give the path of a .csv or .parquet file in it")
    if not p.is_file():
        raise InputError(f"events file {p} not found: give the path of a .csv or .parquet file")
    suffix = p.suffix.casefold()
    try:
        if suffix == ".csv":
            frame = _read_csv(p)
        elif suffix == ".parquet":
            frame = pd.read_parquet(p).astype(str).replace({"None": "", "nan": "", "<NA>": ""})
            header = [str(c) for c in frame.columns]
            problems = [_nul_cells(list(r), header, None) for r in frame.itertuples(index=False)]
            frame.loc[[bool(w) for w in problems], :] = ""
            frame[MALFORMED] = problems
        else:
            raise InputError(f"events file {p}: unknown extension {p.suffix!r}; accepted: .csv, .parquet")
    except UnicodeDecodeError as exc:
        raise InputError(f"events file {p} is not UTF-8 text (byte {exc.start}: {exc.reason}); save it as "
                         f"CSV UTF-8") from None
    except (pd.errors.ParserError, csv.Error, ValueError, OSError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(f"events file {p} cannot be read as {suffix[1:]}: {exc}") from None
    if not len(frame):
        raise InputError(f"events file {p} has a header but no rows: give one row per event under the header")
    layout(frame)
    frame.attrs["source"] = str(path)  # its file name may give the registry's date (registry_date)
    return frame


_NUL_STAND_IN = "\ufffe"  # a noncharacter: never in a registry's text


def _read_csv(p: Path) -> pd.DataFrame:
    """A CSV file read with the standard csv module, every row checked against the header."""
    with p.open(encoding="utf-8-sig", newline="") as fh:
        # Python 3.10's csv refuses NUL bytes outright: they pass as a stand-in, restored per cell
        reader = csv.reader(line.replace("\x00", _NUL_STAND_IN) for line in fh)
        header = next(reader, None)
        header = None if header is None else [h.replace(_NUL_STAND_IN, "\x00") for h in header]
        if header is None:
            raise InputError(f"events file {p} is empty: give a header row and one row per event")
        while header and not header[-1].strip():  # a trailing comma on the header
            header = header[:-1]
        for sep, what in ((";", "semicolon"), ("\t", "tab")):
            if len(header) == 1 and sep in header[0]:   # one column whose name holds the separator
                raise InputError(f"events file {p} looks {what}-separated (its header {header[0]!r} is one "
                                 f"column); accepted: comma-separated CSV (UTF-8), e.g. saved as 'CSV UTF-8 "
                                 f"(Comma delimited)', or Parquet")
        if any("\x00" in h for h in header):
            raise InputError(f"events file {p}: the header contains a NUL byte; save the file as plain CSV text")
        width = len(header)
        rows, problems = [], []
        for cells in reader:
            cells = [c.replace(_NUL_STAND_IN, "\x00") for c in cells]
            if not cells or all(not c.strip() for c in cells):
                continue  # a blank line
            line = reader.line_num
            why = ""
            if len(cells) > width:
                extra = [c for c in cells[width:] if c.strip()]
                if extra:
                    why = (f"line {line} has {len(cells)} cells, the header {width} columns (a ragged row: "
                           f"the cells after column {width} would be lost or shift the others); accepted: one "
                           f"cell per header column")
                    cells = [""] * width
                else:
                    cells = cells[:width]  # trailing commas: empty cells, nothing lost
            elif len(cells) < width:
                why = (f"line {line} has {len(cells)} cells, the header {width} columns (a short row: its "
                       f"cells may belong to other columns); accepted: one cell per header column")
                cells = [""] * width
            why = why or _nul_cells(cells, header, line)
            if why:
                cells = [""] * width
            rows.append(cells)
            problems.append(why)
    frame = pd.DataFrame(rows, columns=header, dtype=str) if rows else pd.DataFrame(columns=header, dtype=str)
    frame[MALFORMED] = problems
    return frame


def _nul_cells(cells: list, header: list, line: int | None) -> str:
    """What is wrong with a row holding NUL bytes ("" when none does)."""
    if "\x00" not in "".join(map(str, cells)):
        return ""
    bad = [str(h) for h, c in zip(header, cells) if "\x00" in str(c)]
    where = f"line {line}: " if line is not None else ""
    return (f"{where}a NUL byte in {', '.join(bad)} (the cell would be cut at it and read as another value); "
            f"accepted: plain text")


_NAME_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
_DATE_COLUMNS = ("start_date", "end_date", "start", "end")


def registry_date(frame: pd.DataFrame, path: str | os.PathLike | None = None) -> tuple[date, str]:
    """The registry's own date, the default cut-off of its ongoing events, and where it came from:
    a date in the file name (the last one, e.g. ``…_snapshot-2026-05-20.csv``), else the latest
    date the table holds (start and end columns, and the end of an event given by its hours or days; none
    after today), else today (UTC)."""
    today = datetime.now(timezone.utc).date()
    if path is None:
        path = frame.attrs.get("source")  # a table read by read() knows its file
    if path is not None:
        for m in reversed(list(_NAME_DATE.finditer(Path(path).name))):
            try:
                found = date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                continue
            return found, f"the date in the file name {Path(path).name}"
    cols = [c for c in frame.columns if str(c).strip().casefold() in _DATE_COLUMNS]
    latest = None
    for c in cols:
        days = pd.to_datetime(frame[c].astype(str).str.strip().str[:10], format="%Y-%m-%d", errors="coerce")
        days = days[days.notna() & (days <= pd.Timestamp(today))]
        if len(days):
            latest = max(latest or days.max().date(), days.max().date())
    lower = {str(c).strip().casefold(): c for c in frame.columns}
    for unit, per_hour in (("hours", 1.0), ("days", 24.0)):
        if "start" not in lower or unit not in lower:
            continue
        # our schema: an event given by its hours (or days) ends after its start
        begin = pd.to_datetime(frame[lower["start"]].astype(str).str.strip().str[:10], format="%Y-%m-%d",
                               errors="coerce")
        hours = pd.to_numeric(frame[lower[unit]], errors="coerce") * per_hour
        hours = hours.where((hours >= 0) & (hours <= 24 * 366 * 50))
        ends = begin + pd.to_timedelta(hours, unit="h")
        ends = ends[ends.notna() & (ends <= pd.Timestamp(today))]
        if len(ends):
            latest = max(latest or ends.max().date(), ends.max().date())
    if latest is not None:
        return latest, "the latest date the registry holds"
    return today, "today (the registry holds no date)"


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
        f"(optional: {', '.join(SIMPLE_OPTIONAL)}); got {', '.join(str(c) for c in frame.columns if c != MALFORMED)}")
