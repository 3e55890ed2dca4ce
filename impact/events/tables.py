"""Writing result tables: CSV or Parquet by extension."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from impact.errors import InputError


def write_table(table: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write a table as CSV or Parquet, chosen by the extension; InputError for others."""
    p = Path(path)
    check_extension(p)
    p.parent.mkdir(parents=True, exist_ok=True)
    if p.suffix.casefold() == ".parquet":
        table.to_parquet(p, index=False)
    else:
        table.to_csv(p, index=False)
    return p


def check_extension(path: str | os.PathLike) -> None:
    """InputError unless the output path ends in .csv or .parquet."""
    if Path(path).suffix.casefold() not in (".csv", ".parquet"):
        raise InputError(f"output {path}: unknown extension {Path(path).suffix!r}; accepted: .csv, .parquet")
