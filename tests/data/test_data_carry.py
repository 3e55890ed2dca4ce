"""Importing some indicators keeps the rest of the active snapshot (carried over, marked so);
``replace`` builds a snapshot from the files alone; a failed import changes nothing."""
from __future__ import annotations

import argparse
import shutil

import pytest

from impact.cli import data as cli_data
from impact.data import snapshot
from impact.errors import ImportFormatError
from impact.data.importers import import_paths

LONG = "Country Name,Country Code,Year,Value\n"


@pytest.fixture
def full(country_data, tmp_path):
    """A data folder whose active snapshot is the import of all the shared data."""
    root = tmp_path / "d"
    (root / "snapshots").mkdir(parents=True)
    shutil.copytree(country_data.folder, root / "snapshots" / country_data.snapshot_id)
    snapshot.activate(country_data.snapshot_id, root)
    return root


def gdp_file(folder, value):
    path = folder / "NY.GDP.MKTP.CD.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(LONG + f"Mali,MLI,2017,{value}\nMali,MLI,2018,{value * 2}\n")
    return path


def _parse(argv):
    parser = argparse.ArgumentParser(prog="impact")
    cli_data.add_parsers(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


@pytest.mark.shared_data
def test_import_one_indicator_keeps_the_rest(full, country_data, tmp_path):
    before = country_data.lookup("MLI", "NY.GDP.MKTP.CD", 2017)
    new_gdp = before.value * 1.5
    snap = import_paths([gdp_file(tmp_path / "new", new_gdp)], data_dir=full)
    assert snapshot.active_id(full) == snap.snapshot_id != country_data.snapshot_id
    obs = snap.lookup("MLI", "NY.GDP.MKTP.CD", 2017)
    assert (obs.value, obs.year) == (new_gdp, 2017)
    # GDP now holds only the new file's rows: other countries are gone with the old GDP file
    assert snap.manifest["indicators"]["NY.GDP.MKTP.CD"]["rows"] == 2
    assert "carried_over" not in snap.manifest["indicators"]["NY.GDP.MKTP.CD"]
    # every other indicator, with its provenance, is still there and marked as carried over
    old = country_data.manifest["indicators"]
    for code in set(old) - {"NY.GDP.MKTP.CD"}:
        entry = snap.manifest["indicators"][code]
        assert entry["carried_over"] == country_data.snapshot_id
        assert (entry["source"], entry["files"], entry["licence"], entry["rows"]) == \
               (old[code]["source"], old[code]["files"], old[code]["licence"], old[code]["rows"])
    assert snap.lookup("MLI", "SP.POP.TOTL", 2017) == country_data.lookup("MLI", "SP.POP.TOTL", 2017)
    assert snap.lookup("IND", "IT.NET.USER.ZS") == country_data.lookup("IND", "IT.NET.USER.ZS")
    # regions too
    assert snap.manifest["regions"]["carried_over"] == country_data.snapshot_id
    assert snap.manifest["regions"]["regions"] == country_data.manifest["regions"]["regions"]
    assert snap.manifest["regions"]["files"] == country_data.manifest["regions"]["files"]
    assert snap.region_share("ETH", ["Tigray"], 2019) == country_data.region_share("ETH", ["Tigray"], 2019)
    assert snap.manifest["carried_over"]["from"] == country_data.snapshot_id
    assert snap.manifest["carried_over"]["regions"] is True
    assert "NY.GDP.MKTP.CD" not in snap.manifest["carried_over"]["indicators"]
    assert snap.is_aggregate("WLD") and "Mali" in snap.countries()
    # the carried values survive a reload from disk (checksums verified)
    snapshot.clear_cache()
    again = snapshot.load_active(full)
    assert again.lookup("MLI", "SP.POP.TOTL", 2017).value == country_data.lookup("MLI", "SP.POP.TOTL", 2017).value


def test_info_and_cli_say_what_was_carried_over(full, country_data, tmp_path, capsys):
    path = gdp_file(tmp_path / "new", 1.0e10)
    assert cli_data.run(_parse(["data", "--data-dir", str(full), "import", str(path)])) == 0
    out = capsys.readouterr().out
    assert f"carried over from snapshot {country_data.snapshot_id}" in out and "SP.POP.TOTL" in out
    assert cli_data.run(_parse(["data", "--data-dir", str(full), "info"])) == 0
    info = capsys.readouterr().out
    pop_source = next(line for line in info.splitlines() if "(SP.POP.TOTL)" in line)
    assert f"(carried over from snapshot {country_data.snapshot_id})" in pop_source
    gdp_source = next(line for line in info.splitlines() if "NY.GDP.MKTP.CD), file" in line)
    assert "carried over" not in gdp_source
    regions = next(line for line in info.splitlines() if line.strip().startswith("Regions:"))
    assert "carried over" in regions


def test_replace_gives_a_snapshot_of_the_files_alone(full, tmp_path, capsys):
    path = gdp_file(tmp_path / "new", 1.0e10)
    assert cli_data.run(_parse(["data", "--data-dir", str(full), "import", "--replace", str(path)])) == 0
    assert "carried over" not in capsys.readouterr().out
    snap = snapshot.load_active(full)
    assert list(snap.manifest["indicators"]) == ["NY.GDP.MKTP.CD"]
    assert len(snap.regions) == 0 and "carried_over" not in snap.manifest
    assert snap.lookup("MLI", "NY.GDP.MKTP.CD", 2018).value == 2.0e10


def test_failed_import_leaves_the_full_snapshot_active(full, country_data, tmp_path):
    bad = tmp_path / "bad" / "SP.POP.TOTL.csv"
    bad.parent.mkdir()
    bad.write_text(LONG + "Mali,MLI,2017,-5\n")
    with pytest.raises(ImportFormatError, match=r"SP\.POP\.TOTL\.csv, line 2"):
        import_paths([gdp_file(tmp_path / "new", 1.0e10), bad], data_dir=full)
    assert snapshot.active_id(full) == country_data.snapshot_id
    assert snapshot.list_snapshots(full) == [country_data.snapshot_id]
    assert not [p for p in (full / "snapshots").iterdir() if p.name.startswith(".")]


def test_regions_are_replaced_when_gdl_files_are_given(full, country_data, tmp_path):
    gdl = tmp_path / "gdl"
    gdl.mkdir()
    (gdl / "ddf--entities--level--national.csv").write_text("national,gdlcode,iso_code,name\nmlit,MLIt,MLI,Mali\n")
    (gdl / "ddf--entities--level--subnat.csv").write_text(
        "subnat,gdlcode,national,name\nmlir101,MLIr101,mlit,Mali - Kayes\nmlir102,MLIr102,mlit,Mali - Bamako\n")
    (gdl / "ddf--datapoints--pop--by--subnat--year.csv").write_text(
        "subnat,year,pop\nmlir101,2019,3000\nmlir102,2019,1000\n")
    snap = import_paths([gdl], data_dir=full)
    assert len(snap.regions) == 2 and "carried_over" not in snap.manifest["regions"]
    assert snap.region_share("MLI", ["Bamako"], 2019).share == pytest.approx(0.25)
    # no indicator was given: all of them are carried over
    assert set(snap.manifest["carried_over"]["indicators"]) == set(country_data.manifest["indicators"])
    assert snap.manifest["carried_over"]["regions"] is False


def test_unreadable_active_snapshot_is_not_carried_and_says_so(tmp_path):
    first = import_paths([gdp_file(tmp_path / "a", 1.0e10)], data_dir=tmp_path / "d")
    (first.folder / "values.npy").write_bytes(b"broken")
    snapshot.clear_cache()
    pop = tmp_path / "b" / "SP.POP.TOTL.csv"
    pop.parent.mkdir()
    pop.write_text(LONG + "Mali,MLI,2017,19000000\n")
    snap = import_paths([pop], data_dir=tmp_path / "d")
    assert list(snap.manifest["indicators"]) == ["SP.POP.TOTL"]
    assert "could not be read" in snap.manifest["carried_over"]["error"]
    assert snap.carried_over().startswith("warning: nothing carried over")


def test_no_active_snapshot_nothing_to_carry(tmp_path):
    snap = import_paths([gdp_file(tmp_path / "a", 1.0e10)], data_dir=tmp_path / "d")
    assert "carried_over" not in snap.manifest and snap.carried_over() == ""
