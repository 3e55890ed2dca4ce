"""``impact data import FOLDER`` with files that are not country data (issue 13, item 12).

The rule: in a folder, a CSV file that is not one of the accepted layouts (or gives an indicator
impact does not use) is skipped and listed with what it is; a folder with nothing to import is
refused with that list; a file named explicitly must be data; a data file that is malformed is
refused, never skipped. Synthetic files only.
"""
from __future__ import annotations

import pytest

from impact.cli.main import main
from impact.data import snapshot
from impact.data.importers import import_paths
from impact.errors import ImportFormatError

LONG = "Country Name,Country Code,Year,Value\n"
WIDE = ('"Country Name","Country Code","Indicator Name","Indicator Code","2019","2020",\n'
        '"Mali","MLI","Current health expenditure (% of GDP)","SH.XPD.CHEX.GD.ZS","4.1","4.3",\n')


def _downloads(folder):
    """A downloads folder: one data file among other programs' CSV files."""
    folder.mkdir(parents=True)
    (folder / "NY.GDP.MKTP.CD.csv").write_text(LONG + "Mali,MLI,2020,1.8e10\n")
    (folder / "keepitonstop.csv").write_text("start_date,end_date,country,geo_scope\n2020-01-01,,Mali,National\n")
    (folder / "budget.csv").write_text("month,amount\n2024-01,300\n")
    (folder / "Metadata_Indicator_API_NY.GDP.MKTP.CD_DS2.csv").write_text('"INDICATOR_CODE","SOURCE_NOTE"\n')
    (folder / "API_SH.XPD.CHEX.GD.ZS_DS2_en_csv_v2_1.csv").write_text(WIDE)
    (folder / "photo.csv").write_bytes(b"\xff\xd8\xff\xe0 not text")
    (folder / "empty.csv").write_text("")
    sub = folder / "old"
    sub.mkdir()
    (sub / "notes.csv").write_text("a;b;c\n")
    return folder


WHAT = {
    "keepitonstop.csv": "a shutdown registry, not country data (cost it with 'impact batch'",
    "budget.csv": "unknown layout (line 1: 'month,amount')",
    "Metadata_Indicator_API_NY.GDP.MKTP.CD_DS2.csv": "World Bank indicator notes",
    "API_SH.XPD.CHEX.GD.ZS_DS2_en_csv_v2_1.csv": "World Bank indicator 'SH.XPD.CHEX.GD.ZS', not one impact uses",
    "photo.csv": "not a UTF-8 text file",
    "empty.csv": "an empty file",
    "old/notes.csv": "unknown layout (line 1: 'a;b;c')",
}


def test_a_folder_with_other_files_imports_the_data_and_lists_each_skipped_file(tmp_path, capsys):
    folder = _downloads(tmp_path / "Downloads")
    assert main(["data", "--data-dir", str(tmp_path / "d"), "import", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("imported snapshot import-")
    assert out[1].startswith(f"skipped {len(WHAT)} files that are not country data: ")
    for name, what in WHAT.items():
        assert f"{name} ({what}" in out[1]
    snap = snapshot.load_active(tmp_path / "d")
    assert {s["file"]: s["what"] for s in snap.skipped()}.keys() == WHAT.keys()
    assert snap.lookup("MLI", "NY.GDP.MKTP.CD").value == 1.8e10
    assert "Skipped at import: budget.csv (unknown layout" in snap.info()


def test_a_folder_with_no_country_data_is_refused_naming_each_file(tmp_path):
    folder = _downloads(tmp_path / "Downloads")
    (folder / "NY.GDP.MKTP.CD.csv").unlink()
    with pytest.raises(ImportFormatError) as err:
        import_paths([folder], data_dir=tmp_path / "d")
    msg = str(err.value)
    assert msg.startswith(f"no indicator data in {folder} (skipped: ") and "\n" not in msg
    for name, what in WHAT.items():
        assert f"{name} ({what}" in msg
    assert snapshot.list_snapshots(tmp_path / "d") == []


def test_a_file_named_explicitly_must_be_country_data(tmp_path):
    folder = _downloads(tmp_path / "Downloads")
    with pytest.raises(ImportFormatError, match=r"budget\.csv: unknown layout \(line 1: 'month,amount'\); accepted"):
        import_paths([folder / "NY.GDP.MKTP.CD.csv", folder / "budget.csv"], data_dir=tmp_path / "d")
    with pytest.raises(ImportFormatError, match=r"unknown indicator code 'SH\.XPD\.CHEX\.GD\.ZS'"):
        import_paths([folder / "API_SH.XPD.CHEX.GD.ZS_DS2_en_csv_v2_1.csv"], data_dir=tmp_path / "d")


def test_a_malformed_data_file_in_a_folder_is_refused_not_skipped(tmp_path):
    folder = _downloads(tmp_path / "Downloads")
    (folder / "SP.POP.TOTL.csv").write_text(LONG + "Mali,MLI,2020,20000000\nMali,MLI\n")
    with pytest.raises(ImportFormatError, match=r"SP\.POP\.TOTL\.csv, line 3: 2 fields where the header has 4"):
        import_paths([folder], data_dir=tmp_path / "d")


def test_a_zip_given_by_name_is_imported_as_its_folder_and_one_in_a_folder_is_listed(tmp_path):
    """The World Bank's bulk download is a ZIP: `impact data import wdi.zip` reads its CSV files
    (it said 'not a UTF-8 text file'); a ZIP found in a folder is listed as skipped (review)."""
    import zipfile

    from conftest import write_synthetic_files

    wb, gdl = write_synthetic_files(tmp_path / "files")
    archive = tmp_path / "wdi.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in sorted(wb.glob("*.csv")):
            z.write(f, f"wdi/{f.name}")
        z.writestr("wdi/readme.txt", "not data")
    snap = import_paths([archive, gdl], data_dir=tmp_path / "data")
    plain = import_paths([wb, gdl], data_dir=tmp_path / "plain")
    for iso3, code in (("MLI", "NY.GDP.MKTP.CD"), ("ETH", "SP.POP.TOTL")):   # the same values as the files'
        assert snap.lookup(iso3, code, 2020).value == plain.lookup(iso3, code, 2020).value
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "wdi.zip").write_bytes(archive.read_bytes())
    for f in wb.glob("*.csv"):
        (folder / f.name).write_bytes(f.read_bytes())
    listed = import_paths([folder], data_dir=tmp_path / "listed")
    assert any(s["file"] == "wdi.zip" and "ZIP" in s["what"] for s in listed.manifest["skipped"])
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK not really")
    with pytest.raises(ImportFormatError, match="broken.zip: not a readable ZIP archive"):
        import_paths([broken], data_dir=tmp_path / "nothing")


def test_a_file_given_twice_is_read_once_and_a_browsers_copy_name_keeps_its_code(tmp_path):
    """`import a.csv a.csv` said 'a.csv is also given by a.csv'; a second download saved as
    'NY.GDP.MKTP.CD (1).csv' was skipped as an indicator impact does not use (review)."""
    from conftest import write_synthetic_files

    wb, _ = write_synthetic_files(tmp_path / "files")
    gdp = wb / "NY.GDP.MKTP.CD.csv"
    pop = wb / "SP.POP.TOTL.csv"
    twice = import_paths([gdp, pop, gdp], data_dir=tmp_path / "twice")
    assert twice.lookup("MLI", "NY.GDP.MKTP.CD", 2020).value > 0
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "NY.GDP.MKTP.CD (1).csv").write_bytes(gdp.read_bytes())
    (folder / "SP.POP.TOTL.csv").write_bytes(pop.read_bytes())
    copied = import_paths([folder], data_dir=tmp_path / "copied", replace=True)
    assert copied.lookup("MLI", "NY.GDP.MKTP.CD", 2020).value == twice.lookup("MLI", "NY.GDP.MKTP.CD", 2020).value
