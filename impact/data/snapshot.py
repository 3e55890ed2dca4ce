"""The snapshot store: country data frozen on disk, checksummed, switched atomically.

Layout of the data folder (``$IMPACT_DATA_DIR``, else ``platformdirs.user_data_dir("impact")``)::

    <data_dir>/active                      # one line: the id of the active snapshot
    <data_dir>/snapshots/<id>/values.parquet      # long rows: iso3, indicator, year, value
    <data_dir>/snapshots/<id>/economies.parquet   # iso3, name, aggregate (bool)
    <data_dir>/snapshots/<id>/regions.parquet     # GDL regions: code, gdlcode, iso3, name, region
    <data_dir>/snapshots/<id>/region_values.parquet  # code, year, pop (thousands), gnic
    <data_dir>/snapshots/<id>/manifest.json       # sources, licences, row counts, sha256 per file

A snapshot is written to a temporary folder, renamed into place, and only then made active by
replacing the ``active`` file with :func:`os.replace`; older snapshots stay on disk and usable.
On load every data file's sha256 is checked against the manifest
(:class:`~impact.errors.SnapshotCorruptError` if one differs).

With ``carry_over=True`` (the default of import and update) a new snapshot also keeps, from the
active one, every indicator it was not given and the region tables when it was given none; their
manifest entries are copied with ``"carried_over": "<id of the snapshot they came from>"``, and
the manifest's ``"carried_over"`` lists what was kept.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from impact.data.source import Observation, RegionShare
from impact.errors import DataError, DataMissingError, SnapshotCorruptError

ACTIVE_FILE = "active"
SNAPSHOTS = "snapshots"
MANIFEST = "manifest.json"
TABLES = ("values", "economies", "regions", "region_values")
FORMAT_VERSION = 1
# Scenario override that replaces an indicator when the data lack it (named in DataMissingError).
OVERRIDES = {"NY.GDP.MKTP.CD": "gdp_usd", "SP.POP.TOTL": "population", "IT.NET.USER.ZS": "penetration",
             "IT.CEL.SETS.P2": "mobile_access_share", "IT.NET.BBND.P2": "mobile_access_share"}
_REGION_COUNTS = ("regions", "rows", "countries")

_CACHE: dict[tuple[str, str], "Snapshot"] = {}


def data_dir(path: str | os.PathLike | None = None) -> Path:
    """The data folder: ``path`` if given, else ``$IMPACT_DATA_DIR``, else the user data dir."""
    if path is not None:
        return Path(path)
    env = os.environ.get("IMPACT_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("impact"))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _combined(files: dict[str, str]) -> str:
    text = "\n".join(f"{name} {files[name]}" for name in sorted(files))
    return hashlib.sha256(text.encode()).hexdigest()


def empty_regions() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Empty region tables with the right columns (for snapshots without GDL data)."""
    regions = pd.DataFrame({c: pd.Series(dtype=str) for c in ("code", "gdlcode", "iso3", "name", "region")})
    values = pd.DataFrame({"code": pd.Series(dtype=str), "year": pd.Series(dtype="int64"),
                           "pop": pd.Series(dtype=float), "gnic": pd.Series(dtype=float)})
    return regions, values


def write_snapshot(
    values: pd.DataFrame,
    economies: pd.DataFrame,
    indicators: dict[str, dict],
    *,
    prefix: str,
    regions: pd.DataFrame | None = None,
    region_values: pd.DataFrame | None = None,
    region_source: dict | None = None,
    data_dir_: str | os.PathLike | None = None,
    carry_over: bool = False,
) -> "Snapshot":
    """Write a new snapshot atomically, make it active and return it.

    Parameters
    ----------
    values : DataFrame
        Long rows ``iso3, indicator, year, value`` (missing values already dropped).
    economies : DataFrame
        ``iso3, name, aggregate``: every code in ``values`` should appear here.
    indicators : dict
        Per indicator code: manifest entry (``source``, ``code``, ``licence``, ``files`` or
        ``retrieved``...). Row counts and year ranges are added here.
    prefix : str
        First part of the id: ``"wb"`` for a download, ``"import"`` for an import.
    regions, region_values, region_source
        Global Data Lab tables (see module docstring) and their manifest entry.
    data_dir_ : path, optional
        Data folder (default :func:`data_dir`).
    carry_over : bool
        Also keep, from the active snapshot (if any and readable), every indicator not in
        ``indicators`` and, when ``regions`` is None, its region tables (see module docstring).

    Returns
    -------
    Snapshot
        The snapshot just written, now active. Nothing becomes active if writing fails.
    """
    root = data_dir(data_dir_)
    (root / SNAPSHOTS).mkdir(parents=True, exist_ok=True)
    carried = None
    if regions is None or region_values is None:
        regions = region_values = None
    if carry_over:
        values, economies, indicators, regions, region_values, region_source, carried = _carry_over(
            root, values, economies, indicators, regions, region_values, region_source)
    if regions is None or region_values is None:
        regions, region_values = empty_regions()
    values = values.astype({"iso3": str, "indicator": str, "year": "int64", "value": "float64"})
    values = values.sort_values(["iso3", "indicator", "year"], kind="stable").reset_index(drop=True)
    tables = {
        "values": values,
        "economies": economies.astype({"iso3": str, "name": str, "aggregate": bool}).sort_values("iso3").reset_index(drop=True),
        "regions": regions.reset_index(drop=True),
        "region_values": region_values.sort_values(["code", "year"]).reset_index(drop=True),
    }
    aggregates = set(tables["economies"].loc[tables["economies"]["aggregate"], "iso3"])
    for code, entry in indicators.items():
        rows = values[values["indicator"] == code]
        countries = rows[~rows["iso3"].isin(aggregates)]
        entry.update(rows=int(len(rows)), economies=int(countries["iso3"].nunique()),
                     first_year=int(rows["year"].min()) if len(rows) else None,
                     last_year=int(rows["year"].max()) if len(rows) else None)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root / SNAPSHOTS))
    try:
        tmp.chmod(0o755)
        files = {}
        for name, frame in tables.items():
            path = tmp / f"{name}.parquet"
            frame.to_parquet(path, index=False)
            files[path.name] = _sha256(path)
        checksum = _combined(files)
        today = _dt.date.today()
        snap_id = f"{prefix}-{today:%Y%m%d}-{checksum[:8]}"
        manifest = {
            "format": FORMAT_VERSION,
            "id": snap_id,
            "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "indicators": indicators,
            "regions": {**(region_source or {}), "regions": int(len(regions)),
                        "rows": int(len(region_values)),
                        "countries": int(regions["iso3"].nunique()) if len(regions) else 0},
            "files": files,
            "checksum": checksum,
        }
        if carried:
            manifest["carried_over"] = carried
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
        final = root / SNAPSHOTS / snap_id
        if final.exists():  # same content written the same day: keep the one on disk
            shutil.rmtree(tmp)
        else:
            os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    activate(snap_id, root)
    return load_active(root)


def _carry_over(root: Path, values, economies, indicators, regions, region_values, region_source):
    """Add to the new snapshot's tables what it lacks from the active snapshot.

    Returns the (possibly extended) arguments and the manifest's ``carried_over`` entry: None
    when there is no active snapshot, ``{"from", "indicators", "regions"}`` when one was read,
    ``{"error"}`` when it could not be read (then nothing is carried over).
    """
    if not (root / ACTIVE_FILE).is_file():
        return values, economies, indicators, regions, region_values, region_source, None
    try:
        prev = load_active(root)
    except DataError as exc:
        note = {"error": f"nothing carried over: the active snapshot could not be read ({exc})"}
        return values, economies, indicators, regions, region_values, region_source, note
    codes = sorted(set(prev.manifest["indicators"]) - set(indicators))
    indicators = dict(indicators)
    for code in codes:
        indicators[code] = {**prev.manifest["indicators"][code], "carried_over": prev.snapshot_id}
    if codes:
        values = pd.concat([values, prev._values[prev._values["indicator"].isin(codes)]], ignore_index=True)
    with_regions = regions is None and len(prev.regions) > 0
    if with_regions:
        regions, region_values = prev.regions, prev.region_values
        region_source = {k: v for k, v in (prev.manifest.get("regions") or {}).items() if k not in _REGION_COUNTS}
        region_source["carried_over"] = prev.snapshot_id
    old = prev._economies[~prev._economies["iso3"].isin(set(economies["iso3"]))]
    economies = pd.concat([economies, old], ignore_index=True)
    note = {"from": prev.snapshot_id, "indicators": codes, "regions": with_regions}
    return values, economies, indicators, regions, region_values, region_source, note


def activate(snapshot_id: str, data_dir_: str | os.PathLike | None = None) -> None:
    """Make an existing snapshot the active one (atomic replace of the ``active`` file)."""
    root = data_dir(data_dir_)
    if not (root / SNAPSHOTS / snapshot_id / MANIFEST).is_file():
        raise DataMissingError(f"no snapshot {snapshot_id!r} in {root / SNAPSHOTS}; "
                               f"available: {', '.join(list_snapshots(root)) or 'none'}")
    tmp = root / f".{ACTIVE_FILE}-{uuid.uuid4().hex}"
    tmp.write_text(snapshot_id + "\n", encoding="utf-8")
    os.replace(tmp, root / ACTIVE_FILE)


def list_snapshots(data_dir_: str | os.PathLike | None = None) -> list[str]:
    """Ids of every complete snapshot on disk, oldest name first."""
    folder = data_dir(data_dir_) / SNAPSHOTS
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".") and (p / MANIFEST).is_file())


def active_id(data_dir_: str | os.PathLike | None = None) -> str:
    """Id of the active snapshot; DataMissingError when there is none."""
    root = data_dir(data_dir_)
    try:
        return (root / ACTIVE_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise DataMissingError(
            f"no country data in {root}: run 'impact data update' (download from the World Bank) "
            f"or 'impact data import PATH...' (World Bank CSV files)") from None


def load_active(data_dir: str | os.PathLike | None = None) -> "Snapshot":
    """The active snapshot, loaded once per process (cached by folder and id)."""
    root = _resolve_root(data_dir)
    snap_id = active_id(root)
    key = (str(root), snap_id)
    snap = _CACHE.get(key)
    if snap is None:
        snap = _CACHE[key] = Snapshot(root / SNAPSHOTS / snap_id)
    return snap


def _resolve_root(path) -> Path:
    return data_dir(path).resolve()


def clear_cache() -> None:
    """Forget loaded snapshots (the next :func:`load_active` reads the disk again)."""
    _CACHE.clear()


def missing_fix(indicator: str) -> str:
    """What fixes a missing value of ``indicator``: the data commands, and its override if any."""
    fix = "import newer data with 'impact data import PATH' / 'impact data update'"
    name = OVERRIDES.get(indicator)
    if name:
        fix += f", or give the value yourself (e.g. --{name.replace('_', '-')} / {name}=)"
    return fix


class Snapshot:
    """One snapshot on disk; implements :class:`impact.data.source.CountryData`.

    Parameters
    ----------
    folder : path
        The snapshot's folder (holding ``manifest.json`` and the parquet files).

    Raises
    ------
    SnapshotCorruptError
        When the manifest is unreadable, a file is missing or its checksum differs.
    """

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        try:
            self.manifest: dict = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
            files = self.manifest["files"]
        except FileNotFoundError:
            raise DataMissingError(f"snapshot folder {self.folder} has no {MANIFEST}; "
                                   f"run 'impact data update' or 'impact data import'") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise SnapshotCorruptError(f"{self.folder / MANIFEST} is not a valid manifest ({exc}); "
                                       f"re-run 'impact data update' or 'impact data import'") from None
        for table in TABLES:
            name = f"{table}.parquet"
            path = self.folder / name
            if name not in files or not path.is_file() or _sha256(path) != files[name]:
                raise SnapshotCorruptError(
                    f"snapshot {self.folder.name} is corrupt: {path} is missing or fails its sha256 "
                    f"checksum; re-run 'impact data update' or 'impact data import'")
        checksum = self.manifest.get("checksum") or ""
        if _combined(files) != checksum or not str(self.manifest.get("id", "")).endswith(checksum[:8]):
            raise SnapshotCorruptError(f"snapshot {self.folder.name}: manifest checksum does not match "
                                       f"its files; re-run 'impact data update' or 'impact data import'")
        self.snapshot_id: str = self.manifest["id"]
        try:
            self._values = pd.read_parquet(self.folder / "values.parquet")
            self._economies = pd.read_parquet(self.folder / "economies.parquet")
            self.regions = pd.read_parquet(self.folder / "regions.parquet")
            self.region_values = pd.read_parquet(self.folder / "region_values.parquet")
        except Exception as exc:  # pyarrow raises several types for unreadable files
            raise SnapshotCorruptError(f"snapshot {self.folder.name} cannot be read: {exc}") from None
        self._index: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] | None = None
        self._names = dict(zip(self._economies["iso3"], self._economies["name"]))
        self._aggregates = frozenset(self._economies.loc[self._economies["aggregate"], "iso3"])

    def __repr__(self) -> str:
        return f"Snapshot({self.snapshot_id!r})"

    # -- CountryData -------------------------------------------------------------------------
    def _series(self, iso3: str, indicator: str):
        if self._index is None:
            v = self._values
            keys = (v["iso3"] + "|" + v["indicator"]).to_numpy()
            years = v["year"].to_numpy()
            vals = v["value"].to_numpy()
            starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
            ends = np.r_[starts[1:], len(keys)]
            self._index = {tuple(keys[s].split("|", 1)): (years[s:e], vals[s:e]) for s, e in zip(starts, ends)}
        return self._index.get((iso3, indicator))

    def lookup(self, iso3: str, indicator: str, year: int | None = None) -> Observation:
        """Latest value not after ``year`` (latest of all when ``year`` is None).

        Raises
        ------
        DataMissingError
            Naming country, indicator and year when there is no such value.
        """
        entry = self.manifest["indicators"].get(indicator)
        series = self._series(iso3, indicator)
        if series is not None:
            years, vals = series
            pos = len(years) if year is None else int(np.searchsorted(years, int(year), side="right"))
            if pos > 0:
                return Observation(float(vals[pos - 1]), int(years[pos - 1]), indicator, entry["source"])
        when = "any year" if year is None else f"{year} or earlier"
        if entry is None:
            raise DataMissingError(f"snapshot {self.snapshot_id} has no indicator {indicator}; it has "
                                   f"{', '.join(sorted(self.manifest['indicators'])) or 'none'}; "
                                   f"{missing_fix(indicator)}")
        raise DataMissingError(f"no {indicator} value for {self.name(iso3)} ({iso3}) for {when} "
                               f"in snapshot {self.snapshot_id}; {missing_fix(indicator)}")

    def region_share(self, iso3: str, regions: Sequence[str], year: int | None = None,
                     weight: str = "population") -> RegionShare:
        """Population (or income) share of named regions; see :func:`impact.data.regions.share`."""
        from impact.data.regions import share

        return share(self, iso3, regions, year=year, weight=weight)

    def economies(self) -> list[str]:
        """ISO3 codes of every economy (aggregates excluded) with GDP data."""
        v = self._values
        codes = v.loc[v["indicator"] == "NY.GDP.MKTP.CD", "iso3"].unique()
        return sorted(c for c in codes if c not in self._aggregates)

    # -- extras --------------------------------------------------------------------------------
    def is_aggregate(self, iso3: str) -> bool:
        return iso3 in self._aggregates

    def name(self, iso3: str) -> str:
        """Country name as given by the source (ISO3 code itself if unknown)."""
        if iso3 in self._names:
            return self._names[iso3]
        from impact.data.countries import name

        return name(iso3)

    def countries(self) -> list[str]:
        """Names of every economy in the snapshot (aggregates excluded), sorted."""
        return sorted(n for c, n in self._names.items() if c not in self._aggregates)

    def coverage(self) -> dict[str, dict]:
        """Per indicator: number of economies (no aggregates), first and last year, rows."""
        v = self._values[~self._values["iso3"].isin(self._aggregates)]
        out = {}
        for code, rows in v.groupby("indicator"):
            out[code] = {"economies": int(rows["iso3"].nunique()), "first_year": int(rows["year"].min()),
                         "last_year": int(rows["year"].max()), "rows": int(len(rows))}
        return out

    def carried_over(self) -> str:
        """What this snapshot kept from the one active before it, in words ("" when nothing).

        E.g. ``"carried over from snapshot import-20261128-d426571b: SP.POP.TOTL, regions"``, or a
        warning when that snapshot could not be read.
        """
        note = self.manifest.get("carried_over") or {}
        if note.get("error"):
            return f"warning: {note['error']}"
        what = [*note.get("indicators", []), *(["regions"] if note.get("regions") else [])]
        return f"carried over from snapshot {note['from']}: {', '.join(what)}" if what else ""

    def info(self) -> str:
        """Human-readable summary for ``impact data info``."""
        m = self.manifest
        lines = [f"Snapshot {self.snapshot_id} (created {m.get('created', '?')})", f"Folder: {self.folder}"]
        cov = self.coverage()
        for code in sorted(m["indicators"]):
            c = cov.get(code, {"economies": 0, "first_year": "-", "last_year": "-"})
            entry = m["indicators"][code]
            lines.append(f"  {code:<18} {c['economies']:>4} economies  {c['first_year']}–{c['last_year']}")
            lines.append(f"      {entry['source']}; licence {entry.get('licence', '?')}{_carried(entry)}")
        reg = m.get("regions") or {}
        if reg.get("regions"):
            lines.append(f"  Regions: {reg['regions']} in {reg['countries']} countries — {reg.get('source', '')}"
                         f"{_carried(reg)}")
        carried = self.carried_over()
        if carried:
            lines.append(f"  {carried[:1].upper()}{carried[1:]}")
        lines.append(f"  Checksum (sha256): {m['checksum']}")
        return "\n".join(lines)


def _carried(entry: dict) -> str:
    return f" (carried over from snapshot {entry['carried_over']})" if entry.get("carried_over") else ""
