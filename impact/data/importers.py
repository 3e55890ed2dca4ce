"""Build a snapshot from files a user downloaded (``impact data import PATH...``).

Accepted layouts (folders are searched for ``*.csv`` files):

* World Bank bulk download, wide: ``API_<code>_DS2_…csv`` (optional 4-line preamble, header
  ``Country Name,Country Code,Indicator Name,Indicator Code,1960,…``), with its
  ``Metadata_Country_…csv`` companion (an empty ``Region`` marks an aggregate).
* Long: ``Country Name,Country Code,Year,Value``; the indicator code is the file name
  (e.g. ``NY.GDP.MKTP.CD.csv``).
* DDF-csv: Gapminder's ITU broadband file
  (``ddf--datapoints--broadband_subscribers_per_100_people--by--geo--time.csv`` → IT.NET.BBND.P2)
  and the Global Data Lab subnational folder (``ddf--entities--level--subnat.csv``,
  ``ddf--entities--level--national.csv``, ``ddf--datapoints--pop--by--subnat--year.csv``,
  ``ddf--datapoints--gnic--by--subnat--year.csv``).

Every value is checked (:func:`impact.data.rules.value_problem`): finite, within each indicator's
limits (e.g. GDP above 0 and at most 1e15 US$, internet users 0 to 100 %), and every indicator a
file gives must have at least one value.

Files named one by one must be in one of these layouts. In a folder, a file that is not (another
program's CSV, a shutdown registry, World Bank indicator notes, an indicator impact does not use,
Global Data Lab tables it does not read) is skipped and listed with what it is (the manifest's
``skipped``, printed by ``impact data import``); a folder with nothing to import is refused with
that list. A file in one of these layouts that is malformed is always refused (file and line).

Every file is parsed before anything is written; the snapshot is then written atomically
(:func:`impact.data.snapshot.write_snapshot`), so a failed import leaves the active snapshot alone.
By default the new snapshot also keeps, from the active one, every indicator the files did not
give (and its regions when no Global Data Lab files were given), marked as carried over;
``replace=True`` builds it from the files alone.
"""
from __future__ import annotations

import csv
import datetime as _dt
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pandas as pd

from impact.data.source import NAMES
from impact.errors import ImportFormatError, UnknownCountryError
from impact.data.rules import REGION_MAX, accepted_values, value_problem  # noqa: F401 (re-exported)
from impact.data.snapshot import Snapshot, write_snapshot

# Indicator code → name, accepted by the importer and the downloader (the data layer's catalogue).
INDICATORS = NAMES
WB_LICENCE = "CC BY 4.0"
ITU_FILE = "ddf--datapoints--broadband_subscribers_per_100_people--by--geo--time.csv"
GDL_FILES = {
    "national": "ddf--entities--level--national.csv",
    "subnat": "ddf--entities--level--subnat.csv",
    "pop": "ddf--datapoints--pop--by--subnat--year.csv",
    "gnic": "ddf--datapoints--gnic--by--subnat--year.csv",
}
# Codes that country_converter does not know but that are economies, not aggregates.
NOT_AGGREGATES = {"CHI", "XKX"}
ACCEPTED = (
    "accepted: World Bank bulk CSV 'API_<code>_DS2_….csv' (header 'Country Name,Country Code,"
    "Indicator Name,Indicator Code,<years>') with its 'Metadata_Country_….csv'; long CSV "
    "'<code>.csv' with header 'Country Name,Country Code,Year,Value'; Gapminder ITU '" + ITU_FILE +
    "'; Global Data Lab DDF folder (" + ", ".join(GDL_FILES.values()) + "); or folders of these"
)
WIDE_HEADER = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
LONG_HEADER = ["Country Name", "Country Code", "Year", "Value"]


@dataclass
class _Collected:
    frames: list[pd.DataFrame] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    metadata: dict[str, bool] = field(default_factory=dict)  # iso3 → is aggregate
    indicators: dict[str, dict] = field(default_factory=dict)
    gdl: dict[str, Path] = field(default_factory=dict)


def _today() -> str:
    return _dt.date.today().isoformat()


def _wb_source(code: str, filename: str) -> str:
    return f"World Bank, World Development Indicators ({code}), file {filename} imported {_today()}"


def _expand(paths: Iterable[str | os.PathLike]) -> list[tuple[Path, str | None]]:
    """Every CSV file to look at: (path, the folder it was found in, or None when given by name)."""
    files: list[tuple[Path, str | None]] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files.extend((f, str(path)) for f in sorted(path.rglob("*.csv")) if f.is_file())
        elif path.is_file():
            files.append((path, None))
        else:
            raise ImportFormatError(f"{path}: no such file or folder; {ACCEPTED}")
    if not files:
        raise ImportFormatError(f"no CSV file found in {', '.join(map(str, paths))}; {ACCEPTED}")
    return files


def _rows(path: Path):
    """csv.reader over the file (BOM stripped), raising ImportFormatError on bad quoting."""
    try:
        fh = open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ImportFormatError(f"{path}: cannot be read ({exc.strerror})") from None
    reader = csv.reader(fh, strict=True)

    def gen():
        with fh:
            try:
                for row in reader:
                    yield reader.line_num, row
            except csv.Error as exc:
                raise ImportFormatError(f"{path}, line {reader.line_num}: malformed CSV ({exc}); "
                                        f"the file may be truncated or not a CSV file") from None
            except UnicodeDecodeError:
                raise ImportFormatError(f"{path}: not a UTF-8 text file; {ACCEPTED}") from None

    return gen()


def _number(text: str, path: Path, line: int, what: str, code: str) -> float | None:
    text = text.strip()
    if text == "" or text == "..":
        return None
    try:
        value = float(text)
    except ValueError:
        raise ImportFormatError(f"{path}, line {line}: {what} {text!r} is not a number; "
                                f"accepted: a decimal number or an empty cell") from None
    problem = value_problem(code, value)
    if problem:
        raise ImportFormatError(f"{path}, line {line}: {what} {problem}, or an empty cell")
    return value


def _check_width(row: list[str], width: int, path: Path, line: int) -> None:
    if len(row) != width:
        raise ImportFormatError(f"{path}, line {line}: {len(row)} fields where the header has {width}; "
                                f"the file is truncated or malformed")


def _check_code(code: str, path: Path, line: int | None, where: str) -> None:
    if code not in INDICATORS:
        at = f", line {line}" if line else ""
        raise ImportFormatError(f"{path}{at}: unknown indicator code {code!r} ({where}); "
                                f"accepted: {', '.join(INDICATORS)}")


def _add(col: _Collected, code: str, rows: list[tuple[str, int, float]], entry: dict, path: Path) -> None:
    if code in col.indicators:
        other = col.indicators[code].get("files", ["?"])[0]
        raise ImportFormatError(f"{path}: indicator {code} is also given by {other} (another file, or another "
                                f"copy of it); give only one file per indicator")
    if not rows:
        raise ImportFormatError(f"{path}: no value for {code} (every value cell is empty); accepted: a file "
                                f"with at least one value — an indicator without values is never made active")
    col.indicators[code] = entry
    frame = pd.DataFrame(rows, columns=["iso3", "year", "value"])
    frame.insert(1, "indicator", code)
    col.frames.append(frame)


def _read_wide(path: Path, col: _Collected) -> None:
    rows_iter = _rows(path)
    header = None
    for line, row in rows_iter:
        if row[:4] == WIDE_HEADER:
            header = row
            break
        if line > 6:
            break
    if header is None:
        raise ImportFormatError(f"{path}: no header 'Country Name,Country Code,Indicator Name,Indicator Code,…' "
                                f"in the first lines; {ACCEPTED}")
    years = {}
    for i, cell in enumerate(header[4:], start=4):
        if re.fullmatch(r"\d{4}", cell.strip()):
            years[i] = int(cell)
        elif cell.strip():
            raise ImportFormatError(f"{path}, line {line}: header column {cell!r} is not a year")
    code, out = None, []
    for line, row in rows_iter:
        if not row:
            continue
        _check_width(row, len(header), path, line)
        name, iso3, _, this_code = (c.strip() for c in row[:4])
        if code is None:
            _check_code(this_code, path, line, "column 'Indicator Code'")
            code = this_code
        elif this_code != code:
            raise ImportFormatError(f"{path}, line {line}: indicator {this_code!r} differs from {code!r} "
                                    f"above; accepted: one indicator per file")
        col.names.setdefault(iso3, name)
        for i, year in years.items():
            value = _number(row[i], path, line, f"{iso3} value for {year}", code)
            if value is not None:
                out.append((iso3, year, value))
    if code is None:
        raise ImportFormatError(f"{path}: header but no data rows; the file is truncated")
    _add(col, code, out, {"code": code, "name": INDICATORS[code], "licence": WB_LICENCE,
                          "source": _wb_source(code, path.name), "files": [path.name],
                          "imported": _today()}, path)


_COPY = re.compile(r"\s*\(\d+\)$")  # "NY.GDP.MKTP.CD (1).csv": a browser's name for a second download


def _long_code(path: Path) -> str:
    """The indicator code a long-layout file's name gives ("NY.GDP.MKTP.CD.csv", "NY.GDP.MKTP.CD (1).csv")."""
    return _COPY.sub("", path.stem)


def _read_long(path: Path, col: _Collected) -> None:
    code = _long_code(path)
    _check_code(code, path, None, "taken from the file name of a 'Country Name,Country Code,Year,Value' file")
    rows_iter = _rows(path)
    next(rows_iter)
    out, seen = [], False
    for line, row in rows_iter:
        if not row:
            continue
        _check_width(row, 4, path, line)
        name, iso3, year, value = row
        if not re.fullmatch(r"\d{4}", year.strip()):
            raise ImportFormatError(f"{path}, line {line}: year {year!r} is not a 4-digit year")
        value = _number(value, path, line, f"{iso3.strip()} value for {year.strip()}", code)
        col.names.setdefault(iso3.strip(), name.strip())
        seen = True
        if value is not None:
            out.append((iso3.strip(), int(year), value))
    if not seen:
        raise ImportFormatError(f"{path}: header but no data rows; the file is truncated")
    _add(col, code, out, {"code": code, "name": INDICATORS[code], "licence": WB_LICENCE,
                          "source": _wb_source(code, path.name), "files": [path.name],
                          "imported": _today()}, path)


def _read_metadata(path: Path, col: _Collected) -> None:
    rows_iter = _rows(path)
    _, header = next(rows_iter)
    if "Country Code" not in header or "Region" not in header:
        raise ImportFormatError(f"{path}: a Metadata_Country file needs columns 'Country Code' and 'Region'")
    ic, ir = header.index("Country Code"), header.index("Region")
    for line, row in rows_iter:
        if not row:
            continue
        _check_width(row, len(header), path, line)
        col.metadata[row[ic].strip()] = not row[ir].strip()


def _geo_to_iso3(geo: str, path: Path, line: int) -> str:
    if re.fullmatch(r"[a-z]{3}", geo):
        return geo.upper()
    from impact.data.countries import to_iso3

    try:
        return to_iso3(geo.split("_")[-1])
    except UnknownCountryError:
        raise ImportFormatError(f"{path}, line {line}: geo {geo!r} is not an ISO3 code or known country") from None


def _read_itu(path: Path, col: _Collected) -> None:
    rows_iter = _rows(path)
    _, header = next(rows_iter)
    if header != ["geo", "time", "broadband_subscribers_per_100_people"]:
        raise ImportFormatError(f"{path}, line 1: header {','.join(header)!r}; accepted: "
                                f"'geo,time,broadband_subscribers_per_100_people'")
    code = "IT.NET.BBND.P2"
    out = []
    for line, row in rows_iter:
        if not row:
            continue
        _check_width(row, 3, path, line)
        value = _number(row[2], path, line, "value", code)
        if not re.fullmatch(r"\d{4}", row[1].strip()):
            raise ImportFormatError(f"{path}, line {line}: time {row[1]!r} is not a 4-digit year")
        if value is not None:
            out.append((_geo_to_iso3(row[0].strip(), path, line), int(row[1]), value))
    _add(col, code, out, {
        "code": code, "name": INDICATORS[code], "licence": "CC BY 4.0",
        "source": f"ITU via Gapminder systema globalis ({code}: broadband subscribers per 100 people), "
                  f"file {path.name} imported {_today()}",
        "files": [path.name], "imported": _today()}, path)


def _read_ddf_table(path: Path, columns: list[str]) -> pd.DataFrame:
    rows_iter = _rows(path)
    _, header = next(rows_iter, (1, []))
    missing = [c for c in columns if c not in header]
    if missing:
        raise ImportFormatError(f"{path}, line 1: missing column(s) {', '.join(missing)}; "
                                f"accepted: a Global Data Lab DDF file with columns {', '.join(columns)}")
    idx = [header.index(c) for c in columns]
    out = []
    for line, row in rows_iter:
        if not row:
            continue
        _check_width(row, len(header), path, line)
        out.append([row[i] for i in idx] + [line])
    return pd.DataFrame(out, columns=columns + ["_line"])


def _read_gdl(col: _Collected) -> tuple[pd.DataFrame, pd.DataFrame, dict] | None:
    if not col.gdl:
        return None
    missing = [f for key, f in GDL_FILES.items() if key != "gnic" and key not in col.gdl]
    if missing:
        given = next(iter(col.gdl.values()))
        raise ImportFormatError(f"{given}: Global Data Lab import also needs {', '.join(missing)} "
                                f"(import the whole folder)")
    nat = _read_ddf_table(col.gdl["national"], ["national", "iso_code"])
    sub = _read_ddf_table(col.gdl["subnat"], ["subnat", "gdlcode", "national", "name"])
    iso = dict(zip(nat["national"], nat["iso_code"].str.strip().str.upper()))
    unknown = sub[~sub["national"].isin(iso)]
    if len(unknown):
        row = unknown.iloc[0]
        raise ImportFormatError(f"{col.gdl['subnat']}, line {row['_line']}: country key {row['national']!r} "
                                f"is not in {GDL_FILES['national']}")
    regions = pd.DataFrame({
        "code": sub["subnat"], "gdlcode": sub["gdlcode"], "iso3": sub["national"].map(iso),
        "name": sub["name"], "region": sub["name"].str.split(" - ", n=1).str[-1].str.strip()})

    def measure(key: str) -> pd.DataFrame:
        if key not in col.gdl:
            return pd.DataFrame({"code": pd.Series(dtype=str), "year": pd.Series(dtype="int64"), key: pd.Series(dtype=float)})
        table = _read_ddf_table(col.gdl[key], ["subnat", "year", key])
        vals = pd.to_numeric(table[key], errors="coerce")
        years = pd.to_numeric(table["year"], errors="coerce")
        bad = (vals.isna() & table[key].str.strip().ne("")) | years.isna()
        if bad.any():
            row = table[bad].iloc[0]
            raise ImportFormatError(f"{col.gdl[key]}, line {row['_line']}: {row['year']!r}/{row[key]!r} is not "
                                    f"a year and a number")
        bad = vals.notna() & ~vals.between(0, math.inf, inclusive="left")
        if bad.any():
            row = table[bad].iloc[0]
            raise ImportFormatError(f"{col.gdl[key]}, line {row['_line']}: {key} {row[key].strip()!r} is negative "
                                    f"or not finite; accepted: a finite number of 0 or more, or an empty cell")
        high = REGION_MAX[key]
        bad = vals.notna() & (vals > high)
        if bad.any():
            row = table[bad].iloc[0]
            raise ImportFormatError(f"{col.gdl[key]}, line {row['_line']}: {key} {row[key].strip()!r} is above "
                                    f"{high:g} (an absurd magnitude); accepted: a number from 0 to {high:g}, "
                                    f"or an empty cell")
        return pd.DataFrame({"code": table["subnat"], "year": years.astype("int64"), key: vals})

    values = measure("pop").merge(measure("gnic"), on=["code", "year"], how="outer")
    values = values[values["code"].isin(set(regions["code"]))]
    files = [col.gdl[k].name for k in GDL_FILES if k in col.gdl]
    source = {"source": f"Global Data Lab, Subnational Human Development Database v5.0 (population, GNI "
                        f"per capita PPP), imported {_today()}",
              "licence": "CC BY 4.0", "files": files, "imported": _today()}
    return regions, values, source


# What a file that is not imported is, for the list of skipped files.
NOT_DATA = {"Metadata_Indicator_": "World Bank indicator notes (descriptions, not values)",
            "ddf--concepts.csv": "Global Data Lab concept list (descriptions, not values)"}
REGISTRY_COLUMNS = {"start_date", "end_date", "country", "start", "end", "shutdown_type", "geo_scope"}


def _head(path: Path, n: int = 5) -> list[list[str]] | None:
    """First lines of a CSV file as rows; None when it is not UTF-8 text."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return [next(csv.reader([fh.readline()]), []) for _ in range(n)]
    except UnicodeDecodeError:
        return None
    except (OSError, csv.Error):
        return []


def _unused(path: Path, kind: str) -> str | None:
    """What a long or wide file found in a folder is when it gives an indicator impact does not use."""
    code = _long_code(path) if kind == "long" else (re.match(r"API_(.+?)_DS2", path.name) or [None, None])[1]
    if code is not None and code not in INDICATORS:
        return f"{'World Bank ' if kind == 'wide' else ''}indicator {code!r}, not one impact uses"
    return None


def _classify(path: Path) -> tuple[str, str]:
    """(kind, what): kind is a reader's name, "gdl:<table>", or "skip" with what the file is."""
    name = path.name
    if name.startswith("Metadata_Country_"):
        return "metadata", ""
    for prefix, what in NOT_DATA.items():
        if name.startswith(prefix):
            return "skip", what
    if name == ITU_FILE:
        return "itu", ""
    for key, gdl_name in GDL_FILES.items():
        if name == gdl_name:
            return "gdl:" + key, ""
    if re.fullmatch(r"ddf--(datapoints--\w+--by--(sub)?nat(ional)?--year|entities--.*)\.csv", name):
        return "skip", "Global Data Lab table that impact does not use"
    head = _head(path)
    if head is None:
        return "skip", "not a UTF-8 text file"
    if head and head[0] == LONG_HEADER:
        return "long", ""
    if any(row[:4] == WIDE_HEADER for row in head) or (head and head[0][:1] == ["Data Source"]):
        return "wide", ""
    if not any(head):
        return "skip", "an empty file"
    first = ",".join(head[0])
    columns = {c.strip().casefold() for c in head[0]}
    if len(columns & REGISTRY_COLUMNS) >= 2:
        return "skip", f"a shutdown registry, not country data (cost it with 'impact batch'; line 1: {first[:60]!r})"
    return "skip", f"unknown layout (line 1: {first[:60]!r})"


def _economies(col: _Collected, codes: set[str]) -> pd.DataFrame:
    from impact.data.countries import _names, name

    known = None
    rows = []
    for iso3 in sorted(codes | set(col.names)):
        if iso3 in col.metadata:
            aggregate = col.metadata[iso3]
        else:  # no metadata: a code country_converter does not know is an aggregate
            known = known if known is not None else set(_names())
            aggregate = iso3 not in known and iso3 not in NOT_AGGREGATES
        rows.append((iso3, col.names.get(iso3) or name(iso3), aggregate))
    return pd.DataFrame(rows, columns=["iso3", "name", "aggregate"])


def import_paths(paths: Iterable[str | os.PathLike], data_dir: str | os.PathLike | None = None,
                 replace: bool = False) -> Snapshot:
    """Import World Bank / ITU / Global Data Lab files into a new active snapshot.

    Parameters
    ----------
    paths : iterable of path
        Files and folders (folders are searched recursively for ``*.csv``), and ZIP archives of
        them (the World Bank's bulk downloads), whose CSV files are read as a folder's.
    data_dir : path, optional
        Data folder (default ``$IMPACT_DATA_DIR`` or the user data folder).
    replace : bool
        False (default): indicators the files do not give, and the regions when no Global Data
        Lab files are given, are carried over from the active snapshot (marked so in the
        manifest). True: the snapshot holds only what the files give.

    Returns
    -------
    Snapshot
        The new active snapshot.

    Raises
    ------
    ImportFormatError
        Unknown layout, malformed or truncated CSV, unknown indicator code, a value out of its
        accepted range (names file and line). Nothing is written in that case.
    """
    paths = _once(paths)
    zips = [Path(p) for p in paths if Path(p).is_file() and Path(p).suffix.casefold() == ".zip"]
    if zips:   # a ZIP given by name (the World Bank's bulk download): its CSV files, as a folder
        import tempfile

        from impact.data.archives import extract_csvs

        with tempfile.TemporaryDirectory(prefix="impact-zip-") as tmp:
            given = []
            for n, p in enumerate(paths):
                p = Path(p)
                if p in zips:
                    folder = Path(tmp) / f"{n}-{p.stem}"
                    extract_csvs(p.name, p.read_bytes(), folder)
                    given.append(folder)
                else:
                    given.append(p)
            try:
                return import_paths(given, data_dir=data_dir, replace=replace)
            except ImportFormatError as why:   # name the archive, not the temporary folder
                message = str(why)
                for n, p in enumerate(paths):
                    if Path(p) in zips:
                        message = message.replace(str(Path(tmp) / f"{n}-{Path(p).stem}"), str(p))
                raise ImportFormatError(message) from None
    col = _Collected()
    readers = {"wide": _read_wide, "long": _read_long, "metadata": _read_metadata, "itu": _read_itu}
    skipped: list[dict] = []
    for path, folder in _expand(paths):
        kind, what = _classify(path)
        if folder is not None and kind in ("long", "wide") and _unused(path, kind):
            kind, what = "skip", _unused(path, kind)
        if kind == "skip":
            if folder is None and not any(path.name.startswith(p) for p in NOT_DATA):
                raise ImportFormatError(f"{path}: {what}; {ACCEPTED}")
            shown = os.path.relpath(path, folder) if folder is not None else str(path)
            skipped.append({"file": shown, "what": what})
        elif kind.startswith("gdl:"):
            col.gdl[kind[4:]] = path
        else:
            readers[kind](path, col)
    for p in paths:   # archives inside a folder are listed, not opened
        if Path(p).is_dir():
            skipped.extend({"file": os.path.relpath(z, p), "what": "a ZIP archive: give it by name to import "
                            "its CSV files"} for z in sorted(Path(p).rglob("*.zip")))
    gdl = _read_gdl(col)
    if not col.frames and gdl is None:
        listed = f" (skipped: {skipped_text(skipped)})" if skipped else ""
        raise ImportFormatError(f"no indicator data in {', '.join(map(str, paths))}{listed}; {ACCEPTED}")
    if col.frames:
        values = pd.concat(col.frames, ignore_index=True)
    else:
        values = pd.DataFrame({"iso3": pd.Series(dtype=str), "indicator": pd.Series(dtype=str),
                               "year": pd.Series(dtype="int64"), "value": pd.Series(dtype=float)})
    values = values.drop_duplicates(["iso3", "indicator", "year"], keep="last")
    codes = set(values["iso3"]) | (set(gdl[0]["iso3"]) if gdl else set())
    kwargs = {}
    if gdl is not None:
        kwargs = {"regions": gdl[0], "region_values": gdl[1], "region_source": gdl[2]}
    return write_snapshot(values, _economies(col, codes), col.indicators, prefix="import",
                          data_dir_=data_dir, carry_over=not replace, skipped=skipped, **kwargs)


def _once(paths: Iterable[str | os.PathLike]) -> list:
    """The paths in the order given, a file or folder given twice kept once (under its first name)."""
    seen, out = set(), []
    for p in paths:
        key = Path(p).resolve() if Path(p).exists() else Path(p)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def skipped_text(skipped: list[dict]) -> str:
    """The skipped files in words: "a.csv (what it is); b.csv (what it is)"."""
    return "; ".join(f"{s['file']} ({s['what']})" for s in skipped)
