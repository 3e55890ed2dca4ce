"""The snapshot store: country data frozen on disk, checksummed, switched atomically.

Layout of the data folder (``$IMPACT_DATA_DIR``, else ``platformdirs.user_data_dir("impact")``)::

    <data_dir>/active                          # one line: the id of the active snapshot
    <data_dir>/snapshots/<id>/series.json      # {"iso3": [...], "indicator": [...], "start": [...]}
    <data_dir>/snapshots/<id>/years.npy        # int32, every series' years one after the other
    <data_dir>/snapshots/<id>/values.npy       # float64, the values of those years
    <data_dir>/snapshots/<id>/economies.json   # [[iso3, name, aggregate], ...]
    <data_dir>/snapshots/<id>/regions.json     # GDL regions, columns code, gdlcode, iso3, name, region
    <data_dir>/snapshots/<id>/region_values.json  # columns code, year, pop (thousands), gnic (null = none)
    <data_dir>/snapshots/<id>/manifest.json    # sources, licences, row counts, sha256 per file

Series ``i`` holds ``years[start[i]:start[i+1]]`` (ascending) and the matching ``values``, so a
snapshot is read with :mod:`json` and :func:`numpy.load` alone (no pandas: the estimate's
start-up stays short). Format 1 snapshots (parquet files, written by earlier versions) are still
read, through pandas.

A snapshot is written to a temporary folder ``.tmp-<pid>-…`` (each file and the folder synced
to disk), renamed into place, and only then made active by replacing the ``active`` file with
:func:`os.replace`; older snapshots stay on disk and usable. A temporary folder left by a
writer that was killed is removed by the next write.

The manifest's ``checksum`` is the sha256 of the whole manifest but its ``id``, ``checksum`` and
``created`` fields (so of every file's sha256 and of every source, licence and count); ``id``
ends with its first 8 characters and ``created`` must be an ISO timestamp. On load the manifest
is checked against a schema (:func:`manifest_problem`), every file against its sha256, and the
data against the indicators' value rules (:mod:`impact.data.rules`): anything else is refused
with one :class:`~impact.errors.SnapshotCorruptError` line.

With ``carry_over=True`` (the default of import and update) a new snapshot also keeps, from the
active one, every indicator it was not given and the region tables when it was given none; their
manifest entries are copied with ``"carried_over": "<id of the snapshot they came from>"``, and
the manifest's ``"carried_over"`` lists what was kept.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Sequence

import numpy as np

from impact.data import rules
from impact.data.source import Observation, RegionShare
from impact.errors import DataError, DataMissingError, SnapshotCorruptError  # noqa: F401 (re-exported)

ACTIVE_FILE = "active"
SNAPSHOTS = "snapshots"
MANIFEST = "manifest.json"
FORMAT_VERSION = 2
FILES = ("series.json", "years.npy", "values.npy", "economies.json", "regions.json", "region_values.json")
LEGACY_TABLES = ("values", "economies", "regions", "region_values")  # format 1: <table>.parquet
REGION_COLUMNS = ("code", "gdlcode", "iso3", "name", "region")
REGION_VALUE_COLUMNS = ("code", "year", "pop", "gnic")
ID_PATTERN = re.compile(r"[a-z]+-\d{8}-[0-9a-f]{8}")
REMAKE = "import or download the data again ('impact data import PATH...' or 'impact data update')"
# Scenario field that replaces an indicator when the data lack it (named in DataMissingError).
OVERRIDES = {"NY.GDP.MKTP.CD": "gdp_usd", "SP.POP.TOTL": "population", "IT.NET.USER.ZS": "penetration",
             "IT.CEL.SETS.P2": "mobile_access_share", "IT.NET.BBND.P2": "mobile_access_share"}
_REGION_COUNTS = ("regions", "rows", "countries")
_UNCHECKED = ("id", "checksum", "created")  # manifest fields outside its checksum (validated instead)

_CACHE: dict[tuple[str, str], "Snapshot"] = {}


def user_data_folder(path: str | os.PathLike | None = None) -> Path:
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
    """Format 1 checksum: over the files' sha256 only."""
    text = "\n".join(f"{name} {files[name]}" for name in sorted(files))
    return hashlib.sha256(text.encode()).hexdigest()


def manifest_checksum(manifest: dict) -> str:
    """sha256 of every manifest field but ``id``, ``checksum`` and ``created`` (canonical JSON)."""
    body = {k: v for k, v in manifest.items() if k not in _UNCHECKED}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)
    return hashlib.sha256(text.encode()).hexdigest()


def state_note(data_dir_: str | os.PathLike | None = None) -> str:
    """What a failed write leaves: "nothing was written; snapshot X stays active" (or that none is)."""
    try:
        current = active_id(data_dir_)
    except DataError:
        return "nothing was written (no snapshot is active yet)"
    return f"nothing was written; snapshot {current} stays active"


# -- writing ---------------------------------------------------------------------------------
def empty_regions():
    """Empty region tables with the right columns (for snapshots without GDL data)."""
    import pandas as pd

    regions = pd.DataFrame({c: pd.Series(dtype=str) for c in REGION_COLUMNS})
    values = pd.DataFrame({"code": pd.Series(dtype=str), "year": pd.Series(dtype="int64"),
                           "pop": pd.Series(dtype=float), "gnic": pd.Series(dtype=float)})
    return regions, values


def write_snapshot(
    values,
    economies,
    indicators: dict[str, dict],
    *,
    prefix: str,
    regions=None,
    region_values=None,
    region_source: dict | None = None,
    data_dir_: str | os.PathLike | None = None,
    carry_over: bool = False,
    skipped: list[dict] | None = None,
) -> "Snapshot":
    """Write a new snapshot atomically, make it active and return it.

    Parameters
    ----------
    values : pandas.DataFrame
        Long rows ``iso3, indicator, year, value`` (missing values already dropped).
    economies : pandas.DataFrame
        ``iso3, name, aggregate``: every code in ``values`` should appear here.
    indicators : dict
        Per indicator code: manifest entry (``source``, ``code``, ``licence``, ``files`` or
        ``retrieved``...). Row counts and year ranges are added here.
    prefix : str
        First part of the id: ``"wb"`` for a download, ``"import"`` for an import.
    regions, region_values, region_source
        Global Data Lab tables (see module docstring) and their manifest entry.
    data_dir_ : path, optional
        Data folder (default :func:`user_data_folder`).
    carry_over : bool
        Also keep, from the active snapshot (if any and readable), every indicator not in
        ``indicators`` and, when ``regions`` is None, its region tables (see module docstring).
    skipped : list of dict, optional
        Files an import skipped (``{"file", "what"}``), recorded in the manifest.

    Returns
    -------
    Snapshot
        The snapshot just written, now active. Nothing becomes active if writing fails.

    Raises
    ------
    DataError
        An indicator without any value, or a value its rules refuse (naming indicator, economy
        and year); nothing is written then.
    """
    root = user_data_folder(data_dir_)
    given = set(indicators)
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
    economies = economies.astype({"iso3": str, "name": str, "aggregate": bool})
    economies = economies.drop_duplicates("iso3").sort_values("iso3").reset_index(drop=True)
    _refuse_bad_values(values, given, root)
    aggregates = set(economies.loc[economies["aggregate"], "iso3"])
    for code, entry in list(indicators.items()):
        rows = values[values["indicator"] == code]
        countries = rows[~rows["iso3"].isin(aggregates)]
        if code not in given and rows.empty:  # an empty indicator of an older snapshot: not kept
            del indicators[code]
            carried["indicators"].remove(code)
            continue
        if code in given and countries.empty:
            why = "no values at all" if rows.empty else "values for aggregates (regions, income groups) only"
            raise DataError(f"{entry.get('source', code)}: indicator {code} has {why}; a snapshot needs at "
                            f"least one economy's value of each indicator it holds; {state_note(root)}")
        entry.update(rows=int(len(rows)), economies=int(countries["iso3"].nunique()),
                     first_year=int(rows["year"].min()), last_year=int(rows["year"].max()))
    regions = regions.reset_index(drop=True)
    region_values = region_values.sort_values(["code", "year"]).reset_index(drop=True)
    keys = (values["iso3"] + "|" + values["indicator"]).to_numpy()
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.array([], dtype=int)
    contents = {
        "series.json": _json_bytes({"iso3": values["iso3"].to_numpy()[starts].tolist(),
                                    "indicator": values["indicator"].to_numpy()[starts].tolist(),
                                    "start": [int(s) for s in starts]}),
        "years.npy": np.ascontiguousarray(values["year"].to_numpy(), dtype=np.int32),
        "values.npy": np.ascontiguousarray(values["value"].to_numpy(), dtype=np.float64),
        "economies.json": _json_bytes([[c, n, bool(a)] for c, n, a in
                                       zip(economies["iso3"], economies["name"], economies["aggregate"])]),
        "regions.json": _json_bytes({c: [str(x) for x in regions[c]] for c in REGION_COLUMNS}),
        "region_values.json": _json_bytes({
            "code": [str(x) for x in region_values["code"]], "year": [int(x) for x in region_values["year"]],
            "pop": _nullable(region_values["pop"]), "gnic": _nullable(region_values["gnic"])}),
    }
    manifest = {
        "format": FORMAT_VERSION,
        "indicators": indicators,
        "regions": {**(region_source or {}), "regions": int(len(regions)), "rows": int(len(region_values)),
                    "countries": int(regions["iso3"].nunique()) if len(regions) else 0},
    }
    if carried:
        manifest["carried_over"] = carried
    if skipped:
        manifest["skipped"] = skipped
    snap_id = _write_folder(root, prefix, contents, manifest)
    activate(snap_id, root)
    return load_active(root)


def _json_bytes(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def _nullable(column) -> list:
    return [None if x is None or not math.isfinite(float(x)) else float(x) for x in column]


def _refuse_bad_values(values, given: set[str], root: Path) -> None:
    """DataError naming indicator, economy and year of the first value the rules refuse."""
    for code, rows in values.groupby("indicator", sort=True):
        at = rules.first_problem(code, rows["value"].to_numpy())
        if at is not None:
            row = rows.iloc[at]
            raise DataError(f"value for {code}, {row['iso3']}, {int(row['year'])}: "
                            f"{rules.value_problem(code, float(row['value']))}; {state_note(root)}")


def _fsync(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_file(path: Path, content) -> None:
    with open(path, "wb") as fh:
        if isinstance(content, np.ndarray):
            np.save(fh, content, allow_pickle=False)
        else:
            fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())


def clean_stale(data_dir_: str | os.PathLike | None = None) -> list[str]:
    """Remove temporary folders left by writers that are no longer running; returns their names."""
    folder = user_data_folder(data_dir_) / SNAPSHOTS
    removed = []
    for path in folder.glob(".tmp-*") if folder.is_dir() else ():
        match = re.match(r"\.tmp-(\d+)-", path.name)
        if match and _alive(int(match.group(1))):
            continue  # another process is writing it now
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    for path in user_data_folder(data_dir_).glob(f".{ACTIVE_FILE}-*"):
        match = re.match(rf"\.{ACTIVE_FILE}-(\d+)-", path.name)
        if not (match and _alive(int(match.group(1)))):
            path.unlink(missing_ok=True)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write_folder(root: Path, prefix: str, contents: dict, manifest: dict) -> str:
    """Write the files and manifest into a synced temporary folder, rename it into place; its id."""
    (root / SNAPSHOTS).mkdir(parents=True, exist_ok=True)
    clean_stale(root)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{os.getpid()}-", dir=root / SNAPSHOTS))
    try:
        tmp.chmod(0o755)
        files = {}
        for name in FILES:
            _write_file(tmp / name, contents[name])
            files[name] = _sha256(tmp / name)
        manifest = {**manifest, "files": files}
        checksum = manifest_checksum(manifest)
        snap_id = f"{prefix}-{_dt.date.today():%Y%m%d}-{checksum[:8]}"
        manifest.update(id=snap_id, checksum=checksum,
                        created=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"))
        _write_file(tmp / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8"))
        _fsync(tmp, directory=True)
        final = root / SNAPSHOTS / snap_id
        if final.exists():  # same content written the same day: keep the one on disk
            shutil.rmtree(tmp)
        else:
            os.replace(tmp, final)
            _fsync(root / SNAPSHOTS, directory=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return snap_id


def _carry_over(root: Path, values, economies, indicators, regions, region_values, region_source):
    """Add to the new snapshot's tables what it lacks from the active snapshot.

    Returns the (possibly extended) arguments and the manifest's ``carried_over`` entry: None
    when there is no active snapshot, ``{"from", "indicators", "regions"}`` when one was read,
    ``{"error"}`` when it could not be read (then nothing is carried over).
    """
    import pandas as pd

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
        old = prev.values_frame()
        values = pd.concat([values, old[old["indicator"].isin(codes)]], ignore_index=True)
    with_regions = regions is None and len(prev.regions) > 0
    if with_regions:
        regions, region_values = prev.regions, prev.region_values
        region_source = {k: v for k, v in (prev.manifest.get("regions") or {}).items() if k not in _REGION_COUNTS}
        region_source["carried_over"] = prev.snapshot_id
    known = set(economies["iso3"])
    old = pd.DataFrame([(c, n, a) for c, (n, a) in prev._economy_rows.items() if c not in known],
                       columns=["iso3", "name", "aggregate"])
    economies = pd.concat([economies, old], ignore_index=True)
    note = {"from": prev.snapshot_id, "indicators": codes, "regions": with_regions}
    return values, economies, indicators, regions, region_values, region_source, note


def activate(snapshot_id: str, data_dir_: str | os.PathLike | None = None) -> None:
    """Make an existing snapshot the active one (atomic, synced replace of the ``active`` file)."""
    root = user_data_folder(data_dir_)
    if not (isinstance(snapshot_id, str) and ID_PATTERN.fullmatch(snapshot_id)
            and (root / SNAPSHOTS / snapshot_id / MANIFEST).is_file()):
        raise DataMissingError(f"no snapshot {snapshot_id!r} in {root / SNAPSHOTS}; "
                               f"available: {', '.join(list_snapshots(root)) or 'none'}")
    tmp = root / f".{ACTIVE_FILE}-{os.getpid()}-{uuid.uuid4().hex}"
    _write_file(tmp, (snapshot_id + "\n").encode("utf-8"))
    os.replace(tmp, root / ACTIVE_FILE)
    _fsync(root, directory=True)


def list_snapshots(data_dir_: str | os.PathLike | None = None) -> list[str]:
    """Ids of every complete snapshot on disk, oldest name first."""
    folder = user_data_folder(data_dir_) / SNAPSHOTS
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".") and (p / MANIFEST).is_file())


def active_id(data_dir_: str | os.PathLike | None = None) -> str:
    """Id of the active snapshot; DataMissingError when there is none, SnapshotCorruptError when
    the ``active`` file does not name a snapshot id."""
    root = user_data_folder(data_dir_)
    path = root / ACTIVE_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataMissingError(
            f"no country data in {root}: run 'impact data update' (download from the World Bank) "
            f"or 'impact data import PATH...' (World Bank CSV files)") from None
    except OSError as exc:
        raise SnapshotCorruptError(f"{path} cannot be read ({exc.strerror or exc}); {REMAKE}") from None
    try:
        text = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        text = None
    if not text or not ID_PATTERN.fullmatch(text):
        shown = "binary content" if text is None else repr(text[:40]) if text else "nothing"
        have = ", ".join(list_snapshots(root)) or "none"
        raise SnapshotCorruptError(f"{path} holds {shown}, not a snapshot id (e.g. import-20261128-d426571b; "
                                   f"snapshots on disk: {have}); {REMAKE}")
    return text


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
    return user_data_folder(path).resolve()


def clear_cache() -> None:
    """Forget loaded snapshots (the next :func:`load_active` reads the disk again)."""
    _CACHE.clear()


def missing_fix(indicator: str, year: int | None = -1) -> str:
    """What fixes a missing value of ``indicator``: the data commands, and the field replacing it if any.

    ``year``: -1 when the snapshot lacks the indicator itself; None when it has no value for the
    country in any year (newer data may have one, though the World Bank publishes none for some
    economies); a year when the country's series starts after it (newer data do not help)."""
    if year is None:
        fix = ("run 'impact data update' for the World Bank's latest figures (it publishes none for some "
               "economies)")
    elif year != -1:
        fix = f"the country's series starts after {year}: give a later date"
    else:
        fix = "import newer data with 'impact data import PATH' / 'impact data update'"
    name = OVERRIDES.get(indicator)
    if name:
        fix += f", or give the value yourself (the {name} field)"
    return fix


class _Refused(Exception):
    """A manifest or data file that breaks the format (message: what)."""


def _need(ok: bool, what: str) -> None:
    if not ok:
        raise _Refused(what)


def _is_int(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_hex(x) -> bool:
    return isinstance(x, str) and re.fullmatch(r"[0-9a-f]{64}", x) is not None


def _optional_str(entry: dict, key: str, where: str) -> None:
    _need(entry.get(key) is None or isinstance(entry[key], str), f"{where}.{key} is not text")


def manifest_problem(m) -> str | None:
    """Why ``m`` is not a valid format-2 manifest (schema and checksum); None when it is."""
    try:
        _check_manifest(m)
    except _Refused as exc:
        return str(exc)
    return None


def _json_kind(x) -> str:
    if isinstance(x, bool):
        return "boolean"
    return {dict: "object", list: "list", str: "string", int: "number", float: "number"}.get(type(x), "null")


def _check_manifest(m) -> None:
    _need(isinstance(m, dict), f"it is a JSON {_json_kind(m)}, not an object")
    for key, kind in (("format", int), ("id", str), ("checksum", str), ("created", str), ("files", dict),
                      ("indicators", dict), ("regions", dict)):
        _need(key in m, f"field {key!r} is missing")
        _need(isinstance(m[key], kind) and not isinstance(m[key], bool),
              f"field {key!r} is a {_json_kind(m[key])}, not a {_json_kind(kind())}")
    _need(m["format"] == FORMAT_VERSION, f"format {m['format']} is not {FORMAT_VERSION}")
    _need(_is_hex(m["checksum"]), "checksum is not a sha256 hex digest")
    try:
        expected = manifest_checksum(m)
    except ValueError:
        raise _Refused("it holds a number that is not finite") from None
    _need(expected == m["checksum"], "checksum does not match its content (edited?)")
    _need(ID_PATTERN.fullmatch(m["id"]) is not None and m["id"].endswith(m["checksum"][:8]),
          f"id {m['id'][:40]!r} does not end with the checksum's first 8 characters")
    try:
        _dt.datetime.fromisoformat(m["created"])
    except ValueError:
        raise _Refused(f"created {m['created'][:40]!r} is not an ISO date and time") from None
    _need(set(m["files"]) == set(FILES) and all(_is_hex(v) for v in m["files"].values()),
          f"files must give a sha256 for each of {', '.join(FILES)}")
    for code, entry in m["indicators"].items():
        where = f"indicators.{code}"
        _need(isinstance(entry, dict), f"{where} is a {_json_kind(entry)}, not an object")
        _need(entry.get("code") == code, f"{where}.code is not {code!r}")
        for key in ("name", "source", "licence"):
            _need(isinstance(entry.get(key), str) and entry[key].strip() != "", f"{where}.{key} is not text")
        for key in ("rows", "economies", "first_year", "last_year"):
            _need(_is_int(entry.get(key)) and entry[key] >= 0, f"{where}.{key} is not a whole number")
        _need(entry["rows"] >= 1 and entry["first_year"] <= entry["last_year"], f"{where} has no values")
        for key in ("imported", "retrieved", "url", "lastupdated", "carried_over"):
            _optional_str(entry, key, where)
        _need(entry.get("files") is None or (isinstance(entry["files"], list)
                                             and all(isinstance(f, str) for f in entry["files"])),
              f"{where}.files is not a list of file names")
    reg = m["regions"]
    for key in _REGION_COUNTS:
        _need(_is_int(reg.get(key)) and reg[key] >= 0, f"regions.{key} is not a whole number")
    for key in ("source", "licence", "imported", "carried_over"):
        _optional_str(reg, key, "regions")
    carried = m.get("carried_over")
    if carried is not None:
        _need(isinstance(carried, dict), "carried_over is not an object")
        if "error" in carried:
            _need(isinstance(carried["error"], str), "carried_over.error is not text")
        else:
            _need(isinstance(carried.get("from"), str) and isinstance(carried.get("indicators"), list)
                  and isinstance(carried.get("regions"), bool), "carried_over needs from, indicators, regions")
    skipped = m.get("skipped")
    if skipped is not None:
        _need(isinstance(skipped, list) and all(isinstance(s, dict) and isinstance(s.get("file"), str)
                                                and isinstance(s.get("what"), str) for s in skipped),
              "skipped is not a list of {file, what}")


class Snapshot:
    """One snapshot on disk; implements :class:`impact.data.source.CountryData`.

    Parameters
    ----------
    folder : path
        The snapshot's folder (holding ``manifest.json`` and the data files).

    Raises
    ------
    SnapshotCorruptError
        When the manifest is unreadable or malformed, a file is missing, fails its checksum or
        holds something other than the format says (one line naming the file and what is wrong).
    """

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        try:
            text = (self.folder / MANIFEST).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise DataMissingError(f"snapshot folder {self.folder} has no {MANIFEST}; {REMAKE}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise SnapshotCorruptError(f"{self.folder / MANIFEST} cannot be read ({exc}); {REMAKE}") from None
        try:
            manifest = json.loads(text)
        except ValueError as exc:
            raise SnapshotCorruptError(f"{self.folder / MANIFEST} is not a valid manifest (not JSON: {exc}); "
                                       f"{REMAKE}") from None
        self.manifest: dict = manifest
        self._regions = self._region_values = self._region_lists = self._region_index = None
        self._region_weights: dict = {}   # (iso3, weight) → year → region code → weight
        if isinstance(manifest, dict) and type(manifest.get("format")) is int and manifest["format"] == 1:
            self._load_legacy()
            return
        problem = manifest_problem(manifest)
        if problem:
            raise SnapshotCorruptError(f"{self.folder / MANIFEST} is not a valid manifest ({problem}); {REMAKE}")
        for name in FILES:
            path = self.folder / name
            if not path.is_file() or _sha256(path) != manifest["files"][name]:
                raise SnapshotCorruptError(f"snapshot {self.folder.name} is corrupt: {path} is missing or fails "
                                           f"its sha256 checksum; {REMAKE}")
        self.snapshot_id: str = manifest["id"]
        try:
            self._load_series()
            self._load_economies()
        except _Refused as exc:
            raise SnapshotCorruptError(f"snapshot {self.folder.name} cannot be read: {exc}; {REMAKE}") from None

    def __repr__(self) -> str:
        return f"Snapshot({self.snapshot_id!r})"

    # -- reading ---------------------------------------------------------------------------
    def _read_json(self, name: str):
        try:
            return json.loads((self.folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise _Refused(f"{name} is not JSON ({exc})") from None

    def _read_array(self, name: str, kind: str) -> np.ndarray:
        try:
            arr = np.load(self.folder / name, allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise _Refused(f"{name} is not a numpy array file ({exc})") from None
        _need(isinstance(arr, np.ndarray) and arr.ndim == 1 and arr.dtype.kind == kind,
              f"{name} is not a one-dimensional {'integer' if kind == 'i' else 'float'} array")
        return arr

    def _load_series(self) -> None:
        series = self._read_json("series.json")
        years = self._read_array("years.npy", "i")
        vals = self._read_array("values.npy", "f")
        _need(isinstance(series, dict) and all(isinstance(series.get(k), list) for k in ("iso3", "indicator", "start")),
              "series.json lacks the lists iso3, indicator, start")
        iso3s, codes, starts = series["iso3"], series["indicator"], series["start"]
        _need(len(iso3s) == len(codes) == len(starts), "series.json lists differ in length")
        _need(len(years) == len(vals), "years.npy and values.npy differ in length")
        _need(all(isinstance(s, str) for s in iso3s) and all(isinstance(c, str) for c in codes)
              and all(_is_int(s) for s in starts), "series.json holds entries of the wrong type")
        bounds = np.array([*starts, len(years)], dtype=np.int64)
        _need(len(starts) == 0 and len(years) == 0 or (len(starts) > 0 and starts[0] == 0
                                                         and bool(np.all(np.diff(bounds) > 0))),
              "series.json starts are not increasing offsets into years.npy")
        ends = bounds[1:]
        steps = np.diff(years)
        within = np.ones(len(steps), dtype=bool)
        within[ends[:-1] - 1] = False  # the step between two series is not a step in time
        _need(bool(np.all(steps[within] > 0)), "years.npy is not ascending within each series")
        known = self.manifest["indicators"]
        self._index: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        rows: dict[str, int] = {}
        for iso3, code, s, e in zip(iso3s, codes, starts, ends.tolist()):
            _need(code in known, f"series.json names indicator {code!r} that the manifest does not list")
            self._index[(iso3, code)] = (years[s:e], vals[s:e])
            rows[code] = rows.get(code, 0) + (e - s)
        _need(len(self._index) == len(iso3s), "series.json lists a series twice")
        for code, entry in known.items():
            _need(rows.get(code, 0) == entry["rows"],
                  f"the manifest says {entry['rows']} values of {code}, the data hold {rows.get(code, 0)}")
        by_code: dict[str, list[np.ndarray]] = {}
        for (iso3, code), (y, v) in self._index.items():
            by_code.setdefault(code, []).append(v)
        for code, parts in by_code.items():
            allv = np.concatenate(parts)
            at = rules.first_problem(code, allv)
            if at is not None:
                where = next(k for k, (y, v) in self._index.items() if k[1] == code and
                             rules.first_problem(code, v) is not None)
                y, v = self._index[where]
                i = rules.first_problem(code, v)
                raise _Refused(f"value for {code}, {where[0]}, {int(y[i])}: "
                               f"{rules.value_problem(code, float(v[i]))}")

    def _load_economies(self) -> None:
        rows = self._read_json("economies.json")
        _need(isinstance(rows, list) and all(isinstance(r, list) and len(r) == 3 and isinstance(r[0], str)
                                             and isinstance(r[1], str) and isinstance(r[2], bool) for r in rows),
              "economies.json is not a list of [iso3, name, aggregate]")
        self._economy_rows = {c: (n, a) for c, n, a in rows}
        self._names = {c: n for c, (n, _) in self._economy_rows.items()}
        self._aggregates = frozenset(c for c, (_, a) in self._economy_rows.items() if a)

    def _load_legacy(self) -> None:
        """Format 1 (parquet, checksum over the files only): read through pandas."""
        import pandas as pd

        m = self.manifest
        try:
            files = m["files"]
            for table in LEGACY_TABLES:
                name = f"{table}.parquet"
                path = self.folder / name
                if name not in files or not path.is_file() or _sha256(path) != files[name]:
                    raise SnapshotCorruptError(
                        f"snapshot {self.folder.name} is corrupt: {path} is missing or fails its sha256 "
                        f"checksum; {REMAKE}")
            checksum = m.get("checksum") or ""
            if _combined(files) != checksum or not str(m.get("id", "")).endswith(checksum[:8]):
                raise SnapshotCorruptError(f"snapshot {self.folder.name}: manifest checksum does not match "
                                           f"its files; {REMAKE}")
            self.snapshot_id = m["id"]
            values = pd.read_parquet(self.folder / "values.parquet")
            economies = pd.read_parquet(self.folder / "economies.parquet")
            self._regions = pd.read_parquet(self.folder / "regions.parquet")
            self._region_values = pd.read_parquet(self.folder / "region_values.parquet")
            values = values.sort_values(["iso3", "indicator", "year"], kind="stable")
            self._index = {}
            for (iso3, code), rows in values.groupby(["iso3", "indicator"], sort=False):
                self._index[(str(iso3), str(code))] = (rows["year"].to_numpy(np.int64),
                                                       rows["value"].to_numpy(np.float64))
            self._economy_rows = {str(c): (str(n), bool(a)) for c, n, a in
                                  zip(economies["iso3"], economies["name"], economies["aggregate"])}
        except SnapshotCorruptError:
            raise
        except Exception as exc:  # any malformed legacy manifest or parquet file
            raise SnapshotCorruptError(f"snapshot {self.folder.name} cannot be read ({type(exc).__name__}: "
                                       f"{exc}); {REMAKE}") from None
        self._names = {c: n for c, (n, _) in self._economy_rows.items()}
        self._aggregates = frozenset(c for c, (_, a) in self._economy_rows.items() if a)

    # -- regions (read when first asked) ----------------------------------------------------
    def region_lists(self) -> tuple[dict[str, list], dict[str, list]]:
        """The region tables as columns of plain lists: (regions, region values); no pandas."""
        if self._region_lists is None:
            if self._regions is not None:  # format 1
                reg = {c: [str(x) for x in self._regions[c]] for c in REGION_COLUMNS}
                rv = self._region_values
                vals = {"code": [str(x) for x in rv["code"]], "year": [int(x) for x in rv["year"]],
                        "pop": _nullable(rv["pop"]), "gnic": _nullable(rv["gnic"])}
            else:
                try:
                    reg, vals = self._read_json("regions.json"), self._read_json("region_values.json")
                    _check_columns(reg, REGION_COLUMNS, "regions.json", str)
                    _check_columns(vals, REGION_VALUE_COLUMNS, "region_values.json", None)
                except _Refused as exc:
                    raise SnapshotCorruptError(f"snapshot {self.folder.name} cannot be read: {exc}; "
                                               f"{REMAKE}") from None
            self._region_lists = (reg, vals)
        return self._region_lists

    def region_index(self) -> dict:
        """iso3 → (its regions, their values by code), see :func:`impact.data.regions.build_index`."""
        if self._region_index is None:
            from impact.data.regions import build_index

            self._region_index = build_index(*self.region_lists())
        return self._region_index

    def region_weights(self, iso3: str, weight: str = "population") -> dict:
        """year → region code → weight of a country's regions, built once per snapshot (the batch
        asks for the same country's shares many times); see :func:`impact.data.regions.weights_by_year`."""
        key = (iso3, weight)
        if key not in self._region_weights:
            from impact.data.regions import weights_by_year

            self._region_weights[key] = weights_by_year(self.region_index()[iso3][1], weight)
        return self._region_weights[key]

    @property
    def regions(self):
        """Global Data Lab regions as a pandas DataFrame (code, gdlcode, iso3, name, region)."""
        if self._regions is None:
            import pandas as pd

            reg, _ = self.region_lists()
            self._regions = pd.DataFrame({c: pd.Series(reg[c], dtype=object) for c in REGION_COLUMNS})
        return self._regions

    @property
    def region_values(self):
        """Region population (thousands) and GNI per capita by year, as a pandas DataFrame."""
        if self._region_values is None:
            import pandas as pd

            _, vals = self.region_lists()
            self._region_values = pd.DataFrame({
                "code": pd.Series(vals["code"], dtype=object), "year": pd.Series(vals["year"], dtype="int64"),
                "pop": pd.Series(vals["pop"], dtype="float64"), "gnic": pd.Series(vals["gnic"], dtype="float64")})
        return self._region_values

    def values_frame(self):
        """Every value as a pandas DataFrame (iso3, indicator, year, value)."""
        import pandas as pd

        keys = list(self._index)
        sizes = [len(self._index[k][0]) for k in keys]
        years = np.concatenate([self._index[k][0] for k in keys]) if keys else np.array([], dtype=np.int64)
        vals = np.concatenate([self._index[k][1] for k in keys]) if keys else np.array([], dtype=np.float64)
        return pd.DataFrame({"iso3": np.repeat([k[0] for k in keys], sizes).astype(object),
                             "indicator": np.repeat([k[1] for k in keys], sizes).astype(object),
                             "year": years.astype(np.int64), "value": vals})

    # -- CountryData -------------------------------------------------------------------------
    def lookup(self, iso3: str, indicator: str, year: int | None = None) -> Observation:
        """Latest value not after ``year`` (latest of all when ``year`` is None).

        Raises
        ------
        DataMissingError
            Naming country, indicator and year when there is no such value.
        """
        entry = self.manifest["indicators"].get(indicator)
        series = self._index.get((iso3, indicator))
        if series is not None and entry is not None:
            years, vals = series
            pos = len(years) if year is None else int(np.searchsorted(years, int(year), side="right"))
            if pos > 0:
                return Observation(float(vals[pos - 1]), int(years[pos - 1]), indicator, entry["source"])
        if series is None:
            year = None   # no value in any year: the wording (and advice) of a missing series
        when = "any year" if year is None else f"{year} or earlier"
        if entry is None:
            raise DataMissingError(f"snapshot {self.snapshot_id} has no indicator {indicator}; it has "
                                   f"{', '.join(sorted(self.manifest['indicators'])) or 'none'}; "
                                   f"{missing_fix(indicator)}", field=OVERRIDES.get(indicator))
        raise DataMissingError(f"no {indicator} value for {self.name(iso3)} ({iso3}) for {when} "
                               f"in snapshot {self.snapshot_id}; {missing_fix(indicator, year)}",
                               field=OVERRIDES.get(indicator), newer_data_helps=year is None)

    def region_share(self, iso3: str, regions: Sequence[str], year: int | None = None,
                     weight: str = "population") -> RegionShare:
        """Population (or income) share of named regions; see :func:`impact.data.regions.share`."""
        from impact.data.regions import share

        return share(self, iso3, regions, year=year, weight=weight)

    def economies(self) -> list[str]:
        """ISO3 codes of every economy (aggregates excluded) with GDP data."""
        return sorted(c for c, code in self._index if code == "NY.GDP.MKTP.CD" and c not in self._aggregates)

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
        out: dict[str, dict] = {}
        for (iso3, code), (years, _) in sorted(self._index.items(), key=lambda kv: kv[0][1]):
            if iso3 in self._aggregates:
                continue
            c = out.setdefault(code, {"economies": 0, "first_year": int(years[0]), "last_year": int(years[-1]),
                                      "rows": 0})
            c["economies"] += 1
            c["rows"] += len(years)
            c["first_year"] = min(c["first_year"], int(years[0]))
            c["last_year"] = max(c["last_year"], int(years[-1]))
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

    def skipped(self) -> list[dict]:
        """Files the import that made this snapshot skipped (``{"file", "what"}``)."""
        return list(self.manifest.get("skipped") or [])

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
        for entry in self.skipped():
            lines.append(f"  Skipped at import: {entry['file']} ({entry['what']})")
        lines.append(f"  Checksum (sha256): {m['checksum']}")
        return "\n".join(lines)


def _check_columns(table, columns: Sequence[str], name: str, kind) -> None:
    _need(isinstance(table, dict) and all(isinstance(table.get(c), list) for c in columns),
          f"{name} lacks the columns {', '.join(columns)}")
    _need(len({len(table[c]) for c in columns}) <= 1, f"{name} columns differ in length")
    if kind is str:
        _need(all(isinstance(x, str) for c in columns for x in table[c]), f"{name} holds entries that are not text")
    else:  # region values: code text, year whole, pop and gnic number or null
        _need(all(isinstance(x, str) for x in table["code"]) and all(_is_int(x) for x in table["year"]),
              f"{name} holds codes or years of the wrong type")
        for c in ("pop", "gnic"):
            high = rules.REGION_MAX[c]
            _need(all(x is None or (isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
                                    and 0 <= x <= high) for x in table[c]),
                  f"{name} column {c} holds a value that is not a number from 0 to {high:g}")


def _carried(entry: dict) -> str:
    return f" (carried over from snapshot {entry['carried_over']})" if entry.get("carried_over") else ""
