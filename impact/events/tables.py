"""Writing result tables: CSV or Parquet by extension, CSV safe to open in a spreadsheet.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula
to a spreadsheet (``=HYPERLINK(…)`` runs when the file is opened): in CSV output such cells are
written with a leading apostrophe (``'=HYPERLINK(…)``), which spreadsheets show as text
(:func:`spreadsheet_safe`; OWASP "CSV injection"). Numbers are left as they are.
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from impact.errors import InputError


def write_table(table: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write a table as CSV or Parquet, chosen by the extension; InputError for others."""
    p = Path(path)
    check_extension(p)
    if not p.parent.is_dir():  # a mistyped folder is not made silently
        raise InputError(f"output {path}: the folder {p.parent} does not exist; create it first, or give a file "
                         f"in a folder that exists")
    if p.suffix.casefold() == ".parquet":
        table.to_parquet(p, index=False)
    else:
        spreadsheet_safe(table).to_csv(p, index=False)
    return p


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula, prefixed with ``'``; others unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def spreadsheet_safe(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` whose text cells cannot be run as formulas (see the module's note)."""
    out = table.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            text = out[col].astype(str)
            risky = out[col].map(lambda v: isinstance(v, str)) & text.str.startswith(FORMULA_START)
            if risky.any():
                out.loc[risky, col] = "'" + text[risky]
    return out


def csv_text(table: pd.DataFrame) -> str:
    """The table as CSV text, spreadsheet-safe (for downloads)."""
    return spreadsheet_safe(table).to_csv(index=False)


def check_extension(path: str | os.PathLike) -> None:
    """InputError unless the output path ends in .csv or .parquet."""
    if Path(path).suffix.casefold() not in (".csv", ".parquet"):
        raise InputError(f"output {path}: unknown extension {Path(path).suffix!r}; accepted: .csv, .parquet")
