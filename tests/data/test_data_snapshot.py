"""Snapshot store: atomic switch, previous snapshot kept, checksums, in-process cache."""
from __future__ import annotations

import json

import pytest

from impact.data import snapshot
from impact.errors import DataMissingError, SnapshotCorruptError
from impact.data.importers import import_paths


def _import(tmp_path, value, name="a"):
    src = tmp_path / name / "SP.POP.TOTL.csv"
    src.parent.mkdir(exist_ok=True)
    src.write_text(f"Country Name,Country Code,Year,Value\nMali,MLI,2019,10\nMali,MLI,2020,{value}\n"
                   f"World,WLD,2020,7000\n")
    return import_paths([src], data_dir=tmp_path / "d")


def test_new_snapshot_becomes_active_and_previous_stays_usable(tmp_path):
    first = _import(tmp_path, 11, "a")
    second = _import(tmp_path, 12, "b")
    assert first.snapshot_id != second.snapshot_id
    assert snapshot.active_id(tmp_path / "d") == second.snapshot_id
    assert snapshot.list_snapshots(tmp_path / "d") == sorted([first.snapshot_id, second.snapshot_id])
    old = snapshot.Snapshot(tmp_path / "d" / "snapshots" / first.snapshot_id)
    assert old.lookup("MLI", "SP.POP.TOTL").value == 11
    assert snapshot.load_active(tmp_path / "d").lookup("MLI", "SP.POP.TOTL").value == 12
    snapshot.activate(first.snapshot_id, tmp_path / "d")
    assert snapshot.load_active(tmp_path / "d").lookup("MLI", "SP.POP.TOTL").value == 11


def test_snapshot_id_and_manifest(tmp_path):
    snap = _import(tmp_path, 11)
    assert snap.snapshot_id.startswith("import-") and snap.snapshot_id.endswith(snap.manifest["checksum"][:8])
    entry = snap.manifest["indicators"]["SP.POP.TOTL"]
    assert entry["rows"] == 3 and entry["economies"] == 1 and entry["files"] == ["SP.POP.TOTL.csv"]
    on_disk = json.loads((snap.folder / "manifest.json").read_text())
    assert on_disk == snap.manifest


def test_load_active_is_cached_per_folder_and_id(tmp_path):
    snap = _import(tmp_path, 11)
    assert snapshot.load_active(tmp_path / "d") is snapshot.load_active(tmp_path / "d")
    snapshot.clear_cache()
    again = snapshot.load_active(tmp_path / "d")
    assert again is not snap and again.snapshot_id == snap.snapshot_id


def test_env_var_selects_data_folder(tmp_path, monkeypatch):
    snap = _import(tmp_path, 11)
    monkeypatch.setenv("IMPACT_DATA_DIR", str(tmp_path / "d"))
    assert snapshot.user_data_folder() == tmp_path / "d"
    from impact.data import source as datasource

    assert datasource.active().snapshot_id == snap.snapshot_id


def test_tampered_data_file_is_detected(tmp_path):
    snap = _import(tmp_path, 11)
    path = snap.folder / "values.npy"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    snapshot.clear_cache()
    with pytest.raises(SnapshotCorruptError, match=r"values\.npy.*checksum"):
        snapshot.load_active(tmp_path / "d")


def test_tampered_manifest_is_detected(tmp_path):
    snap = _import(tmp_path, 11)
    manifest = json.loads((snap.folder / "manifest.json").read_text())
    manifest["files"]["economies.json"] = "0" * 64
    (snap.folder / "manifest.json").write_text(json.dumps(manifest))
    snapshot.clear_cache()
    with pytest.raises(SnapshotCorruptError):
        snapshot.load_active(tmp_path / "d")
    (snap.folder / "manifest.json").write_text("{not json")
    with pytest.raises(SnapshotCorruptError, match="manifest"):
        snapshot.load_active(tmp_path / "d")


def test_no_snapshot_says_how_to_get_one(tmp_path):
    with pytest.raises(DataMissingError, match="impact data update"):
        snapshot.load_active(tmp_path / "empty")


def test_aggregate_flag_without_metadata(tmp_path):
    snap = _import(tmp_path, 11)
    assert snap.is_aggregate("WLD") and not snap.is_aggregate("MLI")
    assert snap.economies() == []  # no GDP in this snapshot
    assert snap.countries() == ["Mali"]


def test_unknown_indicator_lookup(tmp_path):
    snap = _import(tmp_path, 11)
    with pytest.raises(DataMissingError, match="no indicator NY.GDP.MKTP.CD"):
        snap.lookup("MLI", "NY.GDP.MKTP.CD")


FIX = "import newer data with 'impact data import PATH' / 'impact data update'"


@pytest.mark.parametrize("indicator,override", [
    ("NY.GDP.MKTP.CD", "gdp_usd"), ("IT.NET.USER.ZS", "penetration"), ("IT.CEL.SETS.P2", "mobile_access_share"),
    ("IT.NET.BBND.P2", "mobile_access_share"), ("PA.NUS.FCRF", None),
])
def test_missing_indicator_says_what_fixes_it(tmp_path, indicator, override):
    snap = _import(tmp_path, 11)
    with pytest.raises(DataMissingError) as err:
        snap.lookup("MLI", indicator, 2020)
    msg = str(err.value)
    assert "\n" not in msg and msg.startswith(f"snapshot {snap.snapshot_id} has no indicator {indicator}")
    assert msg.endswith(f"{FIX}, or give the value yourself (the {override} field)" if override else FIX)
    assert err.value.field == override and "--" not in msg  # the data layer writes no CLI flag names


def test_missing_year_or_country_says_what_fixes_it(tmp_path):
    snap = _import(tmp_path, 11)
    with pytest.raises(DataMissingError) as err:
        snap.lookup("MLI", "SP.POP.TOTL", 2018)
    msg = str(err.value)
    assert msg.startswith("no SP.POP.TOTL value for Mali (MLI) for 2018 or earlier")
    # newer data would not help: the series starts later (not "import newer data")
    assert msg.endswith("the country's series starts after 2018: give a later date, or give the value yourself "
                        "(the population field)")
    with pytest.raises(DataMissingError, match=r"no SP\.POP\.TOTL value for .*\(NER\) for any year.*"
                                               r"\(the population field\)$"):
        snap.lookup("NER", "SP.POP.TOTL")


def test_suggested_overrides_are_scenario_overrides():
    from impact.model.scenario import override_names

    assert set(snapshot.OVERRIDES.values()) <= set(override_names())


def test_cli_exit_3_message_names_the_gdp_override(tmp_path, monkeypatch, capsys):
    from impact.cli.main import main

    _import(tmp_path, 11)  # population only: no GDP
    monkeypatch.setenv("IMPACT_DATA_DIR", str(tmp_path / "d"))
    assert main(["estimate", "--country", "Mali", "--days", "1"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "NY.GDP.MKTP.CD" in err
    assert err.rstrip().endswith(f"{FIX}, or give the value yourself (the gdp_usd field); "
                                 f"on the command line: --gdp-usd")
