"""Value checks at import: non-finite, negative and out-of-range values are refused, naming the
file and line and what is accepted; nothing is written. Synthetic files only."""
from __future__ import annotations

import math

import pytest

from impact.errors import ImportFormatError
from impact.data.importers import import_paths, value_problem
from impact.data.snapshot import active_id, list_snapshots

LONG = "Country Name,Country Code,Year,Value\n"
WIDE_PREAMBLE = '"Data Source","World Development Indicators",\n\n"Last Updated Date","2024-11-13",\n\n'


def long_file(folder, code, *rows):
    path = folder / f"{code}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(LONG + "".join(f"{r}\n" for r in rows))
    return path


@pytest.mark.parametrize("code,text,why,accepted", [
    ("NY.GDP.MKTP.CD", "-5", "is negative", "a finite number above 0 and at most 1e+15"),
    ("NY.GDP.MKTP.CD", "0", "is zero", "a finite number above 0 and at most 1e+15"),
    ("NY.GDP.MKTP.CD", "nan", "is not a finite number", "a finite number above 0 and at most 1e+15"),
    ("NY.GDP.MKTP.CD", "inf", "is not a finite number", "a finite number above 0 and at most 1e+15"),
    ("NY.GDP.MKTP.CD", "1e400", "is not a finite number", "a finite number above 0 and at most 1e+15"),
    ("NY.GDP.MKTP.CD", "1.7e308", "is above 1e+15 (an absurd magnitude)", "a finite number above 0 and at most 1e+15"),
    ("SP.POP.TOTL", "-1", "is negative", "a number from 1 to 2e+10"),
    ("SP.POP.TOTL", "0", "is below 1", "a number from 1 to 2e+10"),
    ("SP.POP.TOTL", "3e10", "is above 2e+10", "a number from 1 to 2e+10"),
    ("IT.NET.USER.ZS", "-0.5", "is negative", "a number from 0 to 100"),
    ("IT.NET.USER.ZS", "100.5", "is above 100", "a number from 0 to 100"),
    ("IT.CEL.SETS.P2", "-3", "is negative", "a number from 0 to 1000"),
    ("IT.CEL.SETS.P2", "4000", "is above 1000", "a number from 0 to 1000"),
    ("PA.NUS.FCRF", "-600", "is negative", "a finite number above 0 and at most 1e+15"),
    ("PA.NUS.FCRF", "0", "is zero", "a finite number above 0 and at most 1e+15"),
    ("FP.CPI.TOTL", "-1", "is negative", "a finite number above 0 and at most 1e+15"),
    ("FP.CPI.TOTL", "1e300", "absurd magnitude", "a finite number above 0 and at most 1e+15"),
    ("FP.CPI.TOTL.ZG", "NaN", "is not a finite number", "a finite number from -100 to 1e+15 (negative allowed)"),
    ("FP.CPI.TOTL.ZG", "-150", "is below -100", "a finite number from -100 to 1e+15 (negative allowed)"),
    ("NY.GDP.DEFL.KD.ZG", "-inf", "is not a finite number", "a finite number from -100 to 1e+15 (negative allowed)"),
])
def test_bad_value_in_long_file_names_file_line_and_accepted(tmp_path, code, text, why, accepted):
    path = long_file(tmp_path, code, "Mali,MLI,2016,10", f"Mali,MLI,2017,{text}")
    with pytest.raises(ImportFormatError) as err:
        import_paths([path], data_dir=tmp_path / "d")
    msg = str(err.value)
    assert f"{path.name}, line 3:" in msg and code in msg and why in msg
    assert f"accepted: {accepted}" in msg and "\n" not in msg
    assert list_snapshots(tmp_path / "d") == []


def test_negative_gdp_leaves_previous_snapshot_active(tmp_path):
    first = import_paths([long_file(tmp_path / "a", "NY.GDP.MKTP.CD", "Mali,MLI,2017,15000000000")],
                         data_dir=tmp_path / "d")
    bad = long_file(tmp_path / "b", "NY.GDP.MKTP.CD", "Mali,MLI,2017,-5")
    with pytest.raises(ImportFormatError, match=r"line 2: MLI value for 2017 -5 for NY\.GDP\.MKTP\.CD is negative"):
        import_paths([bad], data_dir=tmp_path / "d")
    assert active_id(tmp_path / "d") == first.snapshot_id
    assert list_snapshots(tmp_path / "d") == [first.snapshot_id]


def test_accepted_edge_values_are_imported(tmp_path):
    files = [
        long_file(tmp_path, "FP.CPI.TOTL.ZG", "Mali,MLI,2020,-2.5"),
        long_file(tmp_path, "NY.GDP.DEFL.KD.ZG", "Mali,MLI,2020,-10"),
        long_file(tmp_path, "IT.NET.USER.ZS", "Mali,MLI,2019,0", "Mali,MLI,2020,100"),
        long_file(tmp_path, "SP.POP.TOTL", "Mali,MLI,2020,1"),
        long_file(tmp_path, "NY.GDP.MKTP.CD", "Mali,MLI,2020,1e15"),
        long_file(tmp_path, "IT.CEL.SETS.P2", "Mali,MLI,2020,1000"),
    ]
    snap = import_paths(files, data_dir=tmp_path / "d")
    assert snap.lookup("MLI", "FP.CPI.TOTL.ZG", 2020).value == -2.5
    assert snap.lookup("MLI", "NY.GDP.DEFL.KD.ZG", 2020).value == -10
    assert snap.lookup("MLI", "IT.NET.USER.ZS", 2019).value == 0
    assert snap.lookup("MLI", "IT.NET.USER.ZS", 2020).value == 100
    assert snap.lookup("MLI", "NY.GDP.MKTP.CD", 2020).value == 1e15


def test_bad_value_in_wide_file_names_line_economy_and_year(tmp_path):
    path = tmp_path / "API_IT.NET.USER.ZS_DS2_en_csv_v2_1.csv"
    path.write_text(WIDE_PREAMBLE + '"Country Name","Country Code","Indicator Name","Indicator Code","2019","2020",\n'
                    '"Mali","MLI","Individuals using the Internet (% of population)","IT.NET.USER.ZS","20","30",\n'
                    '"Niger","NER","Individuals using the Internet (% of population)","IT.NET.USER.ZS","10","130",\n')
    with pytest.raises(ImportFormatError,
                       match=r"API_IT\.NET\.USER\.ZS_DS2_en_csv_v2_1\.csv, line 7: NER value for 2020 130 for "
                             r"IT\.NET\.USER\.ZS is above 100; accepted: a number from 0 to 100"):
        import_paths([path], data_dir=tmp_path / "d")


def test_bad_value_in_itu_file(tmp_path):
    path = tmp_path / "ddf--datapoints--broadband_subscribers_per_100_people--by--geo--time.csv"
    path.write_text("geo,time,broadband_subscribers_per_100_people\nmli,2019,1.5\nmli,2020,-0.1\n")
    with pytest.raises(ImportFormatError, match=r"line 3: value -0\.1 for IT\.NET\.BBND\.P2 is negative"):
        import_paths([path], data_dir=tmp_path / "d")


@pytest.mark.parametrize("pop,why", [("-12.5", "is negative or not finite"), ("inf", "is negative or not finite"),
                                     ("1e300", "is above 2e\\+07 \\(an absurd magnitude\\)")])
def test_bad_value_in_gdl_population(tmp_path, pop, why):
    gdl = tmp_path / "gdl"
    gdl.mkdir()
    (gdl / "ddf--entities--level--national.csv").write_text("national,gdlcode,iso_code,name\nmlit,MLIt,MLI,Mali\n")
    (gdl / "ddf--entities--level--subnat.csv").write_text(
        "subnat,gdlcode,national,name\nmlir101,MLIr101,mlit,Mali - Kayes\nmlir102,MLIr102,mlit,Mali - Koulikoro\n")
    (gdl / "ddf--datapoints--pop--by--subnat--year.csv").write_text(
        f"subnat,year,pop\nmlir101,2019,2500\nmlir102,2019,{pop}\n")
    with pytest.raises(ImportFormatError, match=rf"pop--by--subnat--year\.csv, line 3: pop .* {why}; accepted: "):
        import_paths([gdl], data_dir=tmp_path / "d")
    assert list_snapshots(tmp_path / "d") == []


def test_value_problem_rules():
    assert value_problem("NY.GDP.MKTP.CD", 1.0e10) is None
    assert "is zero" in value_problem("NY.GDP.MKTP.CD", 0.0)
    assert value_problem("NY.GDP.DEFL.KD.ZG", -99.99999) is None  # real (COD 1994 in the World Bank's data)
    assert value_problem("FP.CPI.TOTL.ZG", -30.0) is None
    assert "is negative" in value_problem("NY.GDP.MKTP.CD", -1.0)
    assert "finite" in value_problem("FP.CPI.TOTL.ZG", math.nan)
    assert "above 100" in value_problem("IT.NET.USER.ZS", 100.01)
    assert "is zero" in value_problem("FP.CPI.TOTL", 0.0)
