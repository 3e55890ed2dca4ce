"""Snapshot format 2 (json + numpy) and country lookups: read without pandas, same answers.

Synthetic files only, except where the shared registry's country names are used (skipped when absent).
"""
from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import subprocess
import sys

import pytest

from impact.data import countries, snapshot
from impact.data.importers import import_paths

from conftest import SHARED_DATA

LONG = "Country Name,Country Code,Year,Value\n"


def _files(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "NY.GDP.MKTP.CD.csv").write_text(LONG + "Mali,MLI,2019,1.7e10\nMali,MLI,2020,1.8e10\n"
                                               "World,WLD,2020,8.5e13\n")
    (folder / "SP.POP.TOTL.csv").write_text(LONG + "Mali,MLI,2020,20000000\nNiger,NER,2020,24000000\n")
    return folder


def test_estimate_read_path_imports_no_pandas_nor_country_converter(tmp_path):
    import_paths([_files(tmp_path / "src")], data_dir=tmp_path / "d")
    code = (
        "import sys\n"
        "from impact.data.snapshot import load_active\n"
        "from impact.data import countries\n"
        f"s = load_active({str(tmp_path / 'd')!r})\n"
        "assert s.lookup(countries.to_iso3('Mali'), 'NY.GDP.MKTP.CD', 2020).value == 1.8e10\n"
        "assert countries.to_iso3('MLI') == 'MLI' and countries.iso2('MLI') == 'ML'\n"
        "assert countries.name('NER') == 'Niger' and s.economies() == ['MLI']\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'pyarrow', 'country_converter'}))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH", os.getcwd())}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_snapshot_files_are_json_and_numpy(tmp_path):
    import numpy as np

    snap = import_paths([_files(tmp_path / "src")], data_dir=tmp_path / "d")
    assert sorted(p.name for p in snap.folder.iterdir()) == sorted([*snapshot.FILES, "manifest.json"])
    years = np.load(snap.folder / "years.npy", allow_pickle=False)
    series = json.loads((snap.folder / "series.json").read_text())
    assert series["iso3"] == ["MLI", "MLI", "NER", "WLD"] and series["start"] == [0, 2, 3, 4]
    assert years.tolist() == [2019, 2020, 2020, 2020, 2020]


def _coco():
    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    return coco.CountryConverter()


def test_country_resolution_matches_country_converter():
    cc = _coco()
    inputs = set()
    for row in countries._table():
        inputs |= {row["name_short"], row["name_official"], row["ISO2"], row["ISO3"], row["ISOnumeric"]}
    registry = SHARED_DATA / "events"
    for path in registry.glob("*.csv") if registry.is_dir() else ():
        with open(path, encoding="utf-8-sig", newline="") as fh:
            inputs |= {r.get("country", "") for r in csv.DictReader(fh)}
    inputs |= {"Korea", "Congo", "Democratic Republic of the Congo", "Cote d'Ivoire", "Burma", "466", "ml",
               "Guinea", "Sudan", "South Sudan", "China excluding Hong Kong", "Niger", "Nigeria", "Xx"}
    inputs = sorted(i for i in inputs if i and "|" not in i and "^" not in i)
    assert len(inputs) > 700
    for text in inputs:
        want = cc.convert(text, to="ISO3", not_found=None)
        want = want if isinstance(want, str) and want in countries._names() else None
        got = countries._coco_iso3(text)
        assert (got if got in countries._names() else None) == want, text
    for iso3 in countries._names():
        found = cc.convert(iso3, src="ISO3", to="ISO2", not_found=None)
        want = found if isinstance(found, str) and len(found) == 2 and found != iso3 else None
        assert countries.iso2(iso3) == want, iso3
    names = {str(c): str(n) for c, n in zip(cc.data["ISO3"], cc.data["name_short"]) if isinstance(c, str)}
    assert names == {k: v for k, v in countries._names().items() if k not in countries.EXTRA_ECONOMIES}


def _write_format1(folder, values, economies):
    """A snapshot as versions before format 2 wrote it (parquet, checksum over the files)."""
    folder.mkdir(parents=True)
    regions, region_values = snapshot.empty_regions()
    tables = {"values": values, "economies": economies, "regions": regions, "region_values": region_values}
    files = {}
    for name, frame in tables.items():
        frame.to_parquet(folder / f"{name}.parquet", index=False)
        files[f"{name}.parquet"] = snapshot._sha256(folder / f"{name}.parquet")
    checksum = snapshot._combined(files)
    manifest = {"format": 1, "id": f"import-20261128-{checksum[:8]}", "created": "2026-11-28T10:00:00+00:00",
                "files": files, "checksum": checksum, "regions": {"regions": 0, "rows": 0, "countries": 0},
                "indicators": {"NY.GDP.MKTP.CD": {"code": "NY.GDP.MKTP.CD", "name": "GDP (current US$)",
                                                  "source": "World Bank (test)", "licence": "CC BY 4.0",
                                                  "rows": len(values), "economies": 1}}}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return manifest["id"]


def test_format_1_snapshots_are_still_read_and_carried_over(tmp_path):
    import pandas as pd

    root = tmp_path / "d"
    values = pd.DataFrame({"iso3": ["MLI", "MLI"], "indicator": ["NY.GDP.MKTP.CD"] * 2, "year": [2019, 2020],
                           "value": [1.7e10, 1.8e10]})
    economies = pd.DataFrame({"iso3": ["MLI"], "name": ["Mali"], "aggregate": [False]})
    old_id = _write_format1(root / "snapshots" / "x", values, economies)
    (root / "snapshots" / "x").rename(root / "snapshots" / old_id)
    snapshot.activate(old_id, root)
    old = snapshot.load_active(root)
    assert old.lookup("MLI", "NY.GDP.MKTP.CD", 2019).value == 1.7e10 and old.economies() == ["MLI"]
    pop = tmp_path / "p" / "SP.POP.TOTL.csv"
    pop.parent.mkdir()
    pop.write_text(LONG + "Mali,MLI,2020,20000000\n")
    new = import_paths([pop], data_dir=root)
    assert new.manifest["format"] == 2 and new.manifest["carried_over"]["indicators"] == ["NY.GDP.MKTP.CD"]
    assert new.lookup("MLI", "NY.GDP.MKTP.CD").value == 1.8e10
    bad = json.loads((old.folder / "manifest.json").read_text())
    bad["files"]["values.parquet"] = hashlib.sha256(b"x").hexdigest()
    (old.folder / "manifest.json").write_text(json.dumps(bad))
    snapshot.clear_cache()
    with pytest.raises(snapshot.SnapshotCorruptError, match="values.parquet"):
        snapshot.Snapshot(old.folder)


def test_an_empty_indicator_of_a_format_1_snapshot_is_not_carried_over(tmp_path):
    import pandas as pd

    root = tmp_path / "d"
    values = pd.DataFrame({"iso3": pd.Series(dtype=str), "indicator": pd.Series(dtype=str),
                           "year": pd.Series(dtype="int64"), "value": pd.Series(dtype=float)})
    economies = pd.DataFrame({"iso3": ["MLI"], "name": ["Mali"], "aggregate": [False]})
    old_id = _write_format1(root / "snapshots" / "x", values, economies)  # GDP listed, no value
    (root / "snapshots" / "x").rename(root / "snapshots" / old_id)
    snapshot.activate(old_id, root)
    with pytest.raises(snapshot.DataMissingError, match="no NY.GDP.MKTP.CD value for Mali"):
        snapshot.load_active(root).lookup("MLI", "NY.GDP.MKTP.CD")  # a line, not an IndexError
    pop = tmp_path / "p" / "SP.POP.TOTL.csv"
    pop.parent.mkdir()
    pop.write_text(LONG + "Mali,MLI,2020,20000000\n")
    new = import_paths([pop], data_dir=root)
    assert list(new.manifest["indicators"]) == ["SP.POP.TOTL"] and new.manifest["carried_over"]["indicators"] == []
