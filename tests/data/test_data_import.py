"""Import of the real shared files: coverage, lookups equal to the files, latest-year rule, errors."""
from __future__ import annotations

import csv

import pytest

from impact.errors import DataMissingError, ImportFormatError
from impact.data.importers import import_paths
from impact.data import snapshot
from impact.data.snapshot import active_id, list_snapshots

from conftest import SHARED_DATA

WDI = SHARED_DATA / "wdi"
needs_shared = pytest.mark.shared_data
NET_FILE = "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"


def read_wide(path):
    """{(iso3, year): value} and the indicator code, read with the csv module."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    start = next(i for i, r in enumerate(rows) if r[:2] == ["Country Name", "Country Code"])
    header = rows[start]
    out, code = {}, None
    for row in rows[start + 1:]:
        if not row:
            continue
        code = row[3]
        for cell, year in zip(row[4:], header[4:]):
            if cell.strip() and year.strip():
                out[row[1], int(year)] = float(cell)
    return out, code


def read_long(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return {(r["Country Code"], int(r["Year"])): float(r["Value"])
                for r in csv.DictReader(fh) if r["Value"].strip()}


def aggregates_from_metadata():
    path = next(WDI.glob("Metadata_Country_*.csv"))
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return {r["Country Code"] for r in csv.DictReader(fh) if not r["Region"].strip()}


@pytest.mark.shared_data
def test_at_least_200_economies_for_gdp_and_population(country_data):
    cov = country_data.coverage()
    assert cov["NY.GDP.MKTP.CD"]["economies"] >= 200
    assert cov["SP.POP.TOTL"]["economies"] >= 200
    assert len(country_data.economies()) >= 200


@pytest.mark.shared_data
def test_aggregates_kept_out_of_country_lists(country_data):
    aggregates = aggregates_from_metadata()
    assert {"WLD", "SSF", "HIC"} <= aggregates  # the metadata marks these as aggregates
    assert not aggregates & set(country_data.economies())
    names = set(country_data.countries())
    assert "World" not in names and "Mali" in names
    # the aggregates' own values are still imported (and flagged)
    assert country_data.is_aggregate("WLD")


@pytest.mark.shared_data
@pytest.mark.parametrize("name", ["NY.GDP.MKTP.CD.csv", "SP.POP.TOTL.csv"])
def test_long_file_lookups_equal_file_values(country_data, name):
    values = read_long(WDI / name)
    code = name[:-4]
    assert len(values) > 10000
    for (iso3, year), value in values.items():
        obs = country_data.lookup(iso3, code, year)
        assert (obs.year, obs.value) == (year, value), (iso3, year)


@pytest.mark.shared_data
@pytest.mark.parametrize("path", sorted(WDI.glob("API_*.csv")) + [WDI / "FP.CPI.TOTL.ZG.csv", WDI / "NY.GDP.DEFL.KD.ZG.csv"],
                         ids=lambda p: p.name)
def test_wide_file_lookups_equal_file_values(country_data, path):
    values, code = read_wide(path)
    assert len(values) > 1000
    for (iso3, year), value in values.items():
        obs = country_data.lookup(iso3, code, year)
        assert (obs.year, obs.value) == (year, value), (iso3, year)
        assert code in obs.source and path.name in obs.source


@pytest.mark.shared_data
def test_itu_broadband_lookups_equal_file_values(country_data):
    path = next((SHARED_DATA / "itu").glob("*.csv"))
    with open(path, newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if len(r["geo"]) == 3 and r["broadband_subscribers_per_100_people"]]
    for r in rows:
        obs = country_data.lookup(r["geo"].upper(), "IT.NET.BBND.P2", int(r["time"]))
        assert obs.value == float(r["broadband_subscribers_per_100_people"])
        assert obs.year == int(r["time"])
    assert "ITU" in obs.source and "Gapminder" in obs.source


@pytest.mark.shared_data
def test_latest_value_not_after_year_india_internet_users(country_data):
    values, _ = read_wide(WDI / NET_FILE)
    india = {y: v for (c, y), v in values.items() if c == "IND"}
    assert 2023 not in india and 2022 not in india  # the file really is blank there
    expected = max(y for y in india if y <= 2023)
    obs = country_data.lookup("IND", "IT.NET.USER.ZS", 2023)
    assert obs.year == expected < 2023
    assert obs.value == india[expected]
    latest = country_data.lookup("IND", "IT.NET.USER.ZS")
    assert latest.year == max(india)


@pytest.mark.shared_data
def test_no_value_before_first_year_names_country_indicator_year(country_data):
    values, _ = read_wide(WDI / NET_FILE)
    first = min(y for (c, y) in values if c == "IND")
    with pytest.raises(DataMissingError, match=rf"IT\.NET\.USER\.ZS.*India.*IND.*{first - 1}"):
        country_data.lookup("IND", "IT.NET.USER.ZS", first - 1)


def test_datasource_active_is_the_imported_snapshot(country_data):
    from impact.data import source as datasource

    assert datasource.active().snapshot_id == country_data.snapshot_id


@pytest.mark.shared_data
def test_manifest_records_sources_rows_and_checksums(country_data):
    m = country_data.manifest
    gdp = m["indicators"]["NY.GDP.MKTP.CD"]
    assert gdp["files"] == ["NY.GDP.MKTP.CD.csv"] and gdp["licence"] == "CC BY 4.0"
    assert gdp["rows"] == len(read_long(WDI / "NY.GDP.MKTP.CD.csv"))
    assert set(m["files"]) == set(snapshot.FILES)
    assert country_data.snapshot_id.endswith(m["checksum"][:8])
    assert "NY.GDP.MKTP.CD" in country_data.info()


# ---- errors: made in temporary folders, never in the repository ------------------------------

def _lines(path, n):
    with open(path, encoding="utf-8-sig") as fh:
        return [next(fh) for _ in range(n)]


@needs_shared
def test_truncated_wide_csv_names_file_and_line(tmp_path):
    src = WDI / NET_FILE
    lines = _lines(src, 12)
    bad = tmp_path / src.name
    bad.write_text("".join(lines[:11]) + lines[11][: len(lines[11]) // 2], encoding="utf-8")
    with pytest.raises(ImportFormatError, match=rf"{src.name}, line 12: .*truncated"):
        import_paths([bad], data_dir=tmp_path / "d")
    assert list_snapshots(tmp_path / "d") == []


def test_malformed_value_names_file_and_line(tmp_path):
    bad = tmp_path / "SP.POP.TOTL.csv"
    bad.write_text("Country Name,Country Code,Year,Value\nMali,MLI,2020,12\nMali,MLI,2021,lots\n")
    with pytest.raises(ImportFormatError, match=r"SP\.POP\.TOTL\.csv, line 3: MLI value for 2021 'lots' is not a number"):
        import_paths([bad], data_dir=tmp_path / "d")


def test_broken_quoting_names_file_and_line(tmp_path):
    bad = tmp_path / "SP.POP.TOTL.csv"
    bad.write_text('Country Name,Country Code,Year,Value\nMali,MLI,2020,12\n"Mali,MLI,2021,13\n')
    with pytest.raises(ImportFormatError, match=r"SP\.POP\.TOTL\.csv, line \d+: malformed CSV"):
        import_paths([bad], data_dir=tmp_path / "d")


def test_unknown_layout_says_what_is_accepted(tmp_path):
    bad = tmp_path / "shutdowns.csv"
    bad.write_text("start_date,end_date,country\n2020-01-01,2020-01-02,Mali\n")
    with pytest.raises(ImportFormatError, match=r"shutdowns\.csv: a shutdown registry, not country data \(cost it with 'impact batch'.*accepted: World Bank"):
        import_paths([bad], data_dir=tmp_path / "d")


def test_unknown_indicator_code_in_long_file_name(tmp_path):
    bad = tmp_path / "XX.MADE.UP.csv"
    bad.write_text("Country Name,Country Code,Year,Value\nMali,MLI,2020,12\n")
    with pytest.raises(ImportFormatError, match=r"XX\.MADE\.UP\.csv: unknown indicator code 'XX\.MADE\.UP'.*NY\.GDP\.MKTP\.CD"):
        import_paths([bad], data_dir=tmp_path / "d")


@needs_shared
def test_unknown_indicator_code_in_wide_file(tmp_path):
    lines = _lines(WDI / NET_FILE, 3)
    bad = tmp_path / "API_FAKE.csv"
    bad.write_text(lines[0] + lines[1].replace("IT.NET.USER.ZS", "SH.FAKE.CODE") + lines[2], encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"API_FAKE\.csv, line 2: unknown indicator code 'SH\.FAKE\.CODE'"):
        import_paths([bad], data_dir=tmp_path / "d")


def test_failed_import_leaves_previous_snapshot_active(tmp_path):
    good = tmp_path / "SP.POP.TOTL.csv"
    good.write_text("Country Name,Country Code,Year,Value\nMali,MLI,2020,12\n")
    first = import_paths([good], data_dir=tmp_path / "d")
    bad = tmp_path / "bad" / "NY.GDP.MKTP.CD.csv"
    bad.parent.mkdir()
    bad.write_text("Country Name,Country Code,Year,Value\nMali,MLI,2020,12\nMali,MLI\n")
    with pytest.raises(ImportFormatError, match=r"line 3"):
        import_paths([good.parent / "bad", good], data_dir=tmp_path / "d")
    assert active_id(tmp_path / "d") == first.snapshot_id
    assert list_snapshots(tmp_path / "d") == [first.snapshot_id]
    assert not [p for p in (tmp_path / "d" / "snapshots").iterdir() if p.name.startswith(".")]


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(ImportFormatError, match="no such file"):
        import_paths([tmp_path / "nope.csv"], data_dir=tmp_path / "d")
