"""Shared test set-up: the country data every test runs on, and the one place tests are skipped.

* With ``../shared/data`` present (CI has it), its real data is imported once per session.
* Without it, the suite makes a small **synthetic** snapshot itself: invented, round numbers for
  a few economies (not copied or derived from ``../shared/data``), written as World Bank and
  Global Data Lab files and imported by the real importers. Model, CLI and page tests run on it.

``IMPACT_DATA_DIR`` points at the session's snapshot, so subprocesses and the page use it too.
Tests that need the *real* data (published figures, the registry snapshot, real-data facts) are
marked ``shared_data`` (or ask for ``real_data``) and skip with the reason when it is absent;
browser tests are marked ``browser``. Both run by default (``python -m pytest -q``).
Keep this file small; add only fixtures every test module needs.
"""
from __future__ import annotations

import csv
import math
import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SHARED = SHARED_DATA.is_dir()
SKIP_SHARED = f"needs the shared real data folder {SHARED_DATA}, which is absent"

# -- the synthetic snapshot -------------------------------------------------------------------
# Invented economies: (ISO3, name, GDP in 2020 in US$, population in 2020, internet users % in 2020,
# mobile and fixed broadband subscriptions per 100 in 2020, local currency units per US$). Round
# figures chosen for the tests, not any country's statistics.
ECONOMIES = (
    ("MLI", "Mali", 2e10, 2e7, 30, 110, 1, 500),
    ("ETH", "Ethiopia", 1e11, 1e8, 20, 40, 0.5, 30),
    ("IND", "India", 3e12, 1.4e9, 40, 80, 2, 70),
    ("IRN", "Iran", 2e11, 8e7, 70, 130, 10, 40000),
    ("BRA", "Brazil", 1.5e12, 2e8, 70, 100, 15, 5),
    ("USA", "United States", 2e13, 3.3e8, 90, 120, 35, 1),
    ("GBR", "United Kingdom", 3e12, 6.5e7, 95, 120, 40, 0.8),
    ("MMR", "Myanmar", 7e10, 5e7, 35, 110, 0.5, 1400),
    ("PAK", "Pakistan", 3e11, 2.2e8, 25, 80, 1, 160),
    ("IRQ", "Iraq", 2e11, 4e7, 60, 90, 10, 1200),
    ("ERI", "Eritrea", 2e9, 3.5e6, 2, 15, 0.1, 15),
    ("SOM", "Somalia", 7e9, 1.6e7, 10, 50, 0.5, 1),
    ("KOR", "Korea, Rep.", 1.6e12, 5e7, 95, 130, 40, 1100),
    ("CHN", "China", 1.5e13, 1.4e9, 65, 120, 30, 7),
    ("IDN", "Indonesia", 1e12, 2.7e8, 50, 130, 4, 14000),
    ("NGA", "Nigeria", 4e11, 2e8, 35, 100, 0.1, 380),
    ("SDN", "Sudan", 3e10, 4.4e7, 30, 80, 0.1, 55),
    ("TGO", "Togo", 7e9, 8e6, 25, 80, 1, 570),
    ("SEN", "Senegal", 2.5e10, 1.7e7, 45, 110, 1, 570),
    ("KEN", "Kenya", 1e11, 5e7, 30, 110, 1, 110),
    ("MAR", "Morocco", 1.1e11, 3.7e7, 75, 130, 5, 9),
    ("SWE", "Sweden", 5.5e11, 1e7, 95, 125, 40, 9),
    ("EGY", "Egypt", 3.6e11, 1e8, 60, 95, 8, 16),
    ("CMR", "Cameroon", 4e10, 2.6e7, 35, 85, 1, 570),
    ("ARG", "Argentina", 4e11, 4.5e7, 80, 120, 20, 70),
    ("ZWE", "Zimbabwe", 2e10, 1.5e7, 30, 90, 1, 80),
    ("MOZ", "Mozambique", 1.5e10, 3e7, 15, 50, 0.2, 60),
    ("ZAF", "South Africa", 3.5e11, 6e7, 70, 160, 3, 15),
)
YEARS = range(1990, 2025)
# Sub-national regions (Global Data Lab layout): country → (region, share of people, income index).
REGIONS = {
    "ETH": (("Tigray", 0.06, 1.0), ("Amhara", 0.22, 0.9), ("Oromia", 0.36, 1.0), ("Addis", 0.04, 2.5),
            ("Afar", 0.02, 0.8), ("Somali", 0.06, 0.8), ("SNNP", 0.2, 0.9), ("Other regions", 0.04, 1.0)),
    "IND": (("Jammu and Kashmir", 0.01, 1.0), ("Manipur", 0.002, 0.9), ("New Delhi", 0.014, 2.5),
            ("Orissa", 0.035, 0.8), ("Uttaranchal", 0.008, 1.1), ("Rest of India", 0.931, 1.0)),
    "SOM": (("Awdal", 0.05, 1.0), ("W Galbeed", 0.1, 1.1), ("Togdhere", 0.07, 1.0), ("Sanaag", 0.04, 0.9),
            ("Sool", 0.04, 0.9), ("Banadir", 0.2, 1.3), ("Rest of Somalia", 0.5, 0.9)),
    "MMR": (("Rakhine", 0.06, 0.8), ("Yangon", 0.14, 1.5), ("Rest of Myanmar", 0.8, 1.0)),
    "IRN": (("Sistan and Baluchestan", 0.035, 0.6), ("Tehran", 0.17, 1.6), ("Rest of Iran", 0.795, 1.0)),
    "PAK": (("Punjab", 0.53, 1.1), ("Sindh", 0.23, 1.1), ("Khyber Pakhtunkhwa (NWFrontier)", 0.14, 0.8),
            ("Balochistan", 0.06, 0.7), ("AJK", 0.04, 0.9)),
}


def _series(year: int, at_2020: float, growth: float) -> float:
    return at_2020 * (1 + growth) ** (year - 2020)


def _rows(iso3: str, name: str, gdp: float, pop: float, users: float, mobile: float, fixed: float,
          rate: float) -> dict[str, list]:
    out: dict[str, list] = {k: [] for k in ("NY.GDP.MKTP.CD", "SP.POP.TOTL", "IT.NET.USER.ZS", "IT.CEL.SETS.P2",
                                             "IT.NET.BBND.P2", "PA.NUS.FCRF", "FP.CPI.TOTL")}
    for y in YEARS:
        ramp = 1 / (1 + math.exp(-(y - 2012) / 3))  # internet use and subscriptions rise to 2020's level
        at_2020 = 1 / (1 + math.exp(-8 / 3))
        out["NY.GDP.MKTP.CD"].append((y, _series(y, gdp, 0.04)))
        out["SP.POP.TOTL"].append((y, round(_series(y, pop, 0.015))))
        out["IT.NET.USER.ZS"].append((y, min(100.0, users * ramp / at_2020)))
        out["IT.CEL.SETS.P2"].append((y, mobile * ramp / at_2020))
        out["IT.NET.BBND.P2"].append((y, fixed * ramp / at_2020))
        out["PA.NUS.FCRF"].append((y, _series(y, rate, 0.03)))
        if iso3 == "USA":
            out["FP.CPI.TOTL"].append((y, _series(y, 100.0, 0.025) * (1.025 ** 10)))
    return out


def write_synthetic_files(folder: Path) -> list[Path]:
    """World Bank long-layout files (one per indicator) and a Global Data Lab folder."""
    wb = folder / "wb"
    wb.mkdir(parents=True)
    by_code: dict[str, list] = {}
    for iso3, name, *figures in ECONOMIES:
        for code, rows in _rows(iso3, name, *figures).items():
            by_code.setdefault(code, []).extend((name, iso3, y, v) for y, v in rows)
    for code, rows in by_code.items():
        with open(wb / f"{code}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["Country Name", "Country Code", "Year", "Value"])
            w.writerows((n, c, y, repr(float(v))) for n, c, y, v in rows)
    gdl = folder / "gdl"
    gdl.mkdir()
    names = {iso3: name for iso3, name, *_ in ECONOMIES}
    national = [["national", "gdlcode", "iso_code", "name", "is--national"]]
    subnat = [["subnat", "gdlcode", "is--subnat", "national", "name"]]
    pop_rows, gnic_rows = [["subnat", "year", "pop"]], [["subnat", "year", "gnic"]]
    for iso3, regions in REGIONS.items():
        nat = f"{iso3.lower()}t"
        national.append([nat, f"{iso3}t", iso3, names[iso3], "TRUE"])
        for i, (region, share, income) in enumerate(regions, 1):
            code = f"{iso3.lower()}r{100 + i}"
            subnat.append([code, f"{iso3}r{100 + i}", "TRUE", nat, f"{names[iso3]} - {region}"])
            for y in range(2000, 2023):
                pop_rows.append([code, y, round(share * 1000 * (1.01 ** (y - 2000)), 3)])
                gnic_rows.append([code, y, round(1000 * income * (1.02 ** (y - 2000)), 3)])
    for file, rows in (("ddf--entities--level--national.csv", national), ("ddf--entities--level--subnat.csv", subnat),
                       ("ddf--datapoints--pop--by--subnat--year.csv", pop_rows),
                       ("ddf--datapoints--gnic--by--subnat--year.csv", gnic_rows)):
        with open(gdl / file, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)
    return [wb, gdl]


# -- session data -------------------------------------------------------------------------------
@pytest.fixture(scope="session", autouse=True)
def _imported_data_dir(tmp_path_factory):
    """The session's active snapshot: the real data when present, else the synthetic one."""
    from impact.data.importers import import_paths

    folder = tmp_path_factory.mktemp("impact-data")
    if SHARED:
        paths = [SHARED_DATA / "wdi", SHARED_DATA / "itu", SHARED_DATA / "subnational"]
    else:
        paths = write_synthetic_files(tmp_path_factory.mktemp("synthetic-files"))
    snap = import_paths(paths, data_dir=folder)
    old = os.environ.get("IMPACT_DATA_DIR")
    os.environ["IMPACT_DATA_DIR"] = str(folder)
    yield snap
    if old is None:
        os.environ.pop("IMPACT_DATA_DIR", None)
    else:
        os.environ["IMPACT_DATA_DIR"] = old


@pytest.fixture
def country_data(_imported_data_dir):
    """The session's snapshot: real data when ../shared/data is present, else the synthetic one."""
    return _imported_data_dir


@pytest.fixture(scope="session")
def real_data(_imported_data_dir):
    """The snapshot of the shared real data (skips when it is absent)."""
    if not SHARED:
        pytest.skip(SKIP_SHARED)
    return _imported_data_dir


@pytest.fixture(scope="session")
def synthetic_data(tmp_path_factory):
    """The synthetic snapshot, whatever else is present (in its own data folder, not made active)."""
    from impact.data.importers import import_paths

    paths = write_synthetic_files(tmp_path_factory.mktemp("synthetic-only"))
    return import_paths(paths, data_dir=tmp_path_factory.mktemp("synthetic-data"))


def pytest_collection_modifyitems(config, items):
    """The one place tests skip for missing real data: ``shared_data`` marks (and ``real_data``)."""
    if SHARED:
        return
    skip = pytest.mark.skip(reason=SKIP_SHARED)
    for item in items:
        if item.get_closest_marker("shared_data") or "real_data" in getattr(item, "fixturenames", ()):
            item.add_marker(skip)
