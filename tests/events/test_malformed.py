"""Malformed registry files (issue 13, items 5, 6, 7, 9): each malformed row is rejected with its
line and reason, nothing is re-read as another value, and outputs are safe in a spreadsheet.

The files are made here: small tables of our schema, and real rows of the Access Now STOP snapshot
(selected at test time from ../shared/data/events, altered, written to a temporary folder).
"""
from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from impact.events import registry
from impact.events.batch import estimate_many
from impact.events.tables import spreadsheet_safe

STOP = (Path(__file__).resolve().parents[2].parent / "shared" / "data" / "events"
        / "access_now_stop_2016-2025_snapshot-2026-05-20.csv")


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "impact", "batch", *map(str, args)], capture_output=True, text=True)


def stop_rows() -> tuple[list[str], list[list[str]]]:
    if not STOP.is_file():
        pytest.skip(f"Access Now STOP snapshot {STOP} is absent")
    with STOP.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    text = io.StringIO()  # Python 3.10's csv writer refuses NUL bytes: written as a stand-in, then put back
    csv.writer(text).writerows([[c.replace("\x00", "\ufffe") for c in r] for r in [header, *rows]])
    path.write_text(text.getvalue().replace("\ufffe", "\x00"), encoding="utf-8", newline="")
    return path


def test_a_nul_byte_rejects_the_row_instead_of_changing_the_country(tmp_path, country_data):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"country,start,type,hours\nMa\x00li,2024-01-01,full,24\nMali,2024-01-01,full,24\n")
    res = estimate_many(path, cutoff="2025-01-01", draws=20, data=country_data)
    first, second = res.events.iloc[0], res.events.iloc[1]
    assert first["status"] == "rejected" and first["country"] != "MAR"
    assert first["reason"].startswith("malformed:") and "NUL" in first["reason"] and "line 2" in first["reason"]
    assert second["status"] == "costed" and second["country"] == "MLI"
    assert res.counts["read"] == 2 == res.counts["costed"] + res.counts["flagged"] + res.counts["rejected"]


def test_a_nul_byte_in_a_real_stop_row_rejects_that_row(tmp_path, country_data):
    header, rows = stop_rows()
    col = header.index("country")
    pick = [r for r in rows if r[col] == "Mali"][:1] + [r for r in rows if r[col] == "Mali"][1:2]
    assert len(pick) == 2, "the snapshot has no two Mali rows"
    pick[0] = list(pick[0])
    pick[0][col] = "Ma\x00li"
    events = registry.clean(registry.read(write_rows(tmp_path / "stop.csv", header, pick)), cutoff="2026-05-20",
                            data=country_data)
    assert events.iloc[0]["reason"].startswith("malformed:") and events.iloc[0]["country"] is None
    assert events.iloc[1]["country"] == "MLI"


@pytest.mark.shared_data
def test_a_trailing_comma_on_every_row_shifts_no_column(tmp_path, country_data):
    path = tmp_path / "trailing.csv"
    path.write_text("country,start,type,hours\nMali,2024-01-01,full,24,\nNiger,2024-01-01,mobile,12,\n")
    res = estimate_many(path, cutoff="2025-01-01", draws=20, data=country_data)
    assert list(res.events["country"]) == ["MLI", "NER"] and set(res.events["status"]) == {"costed"}


def test_a_ragged_row_is_rejected_with_its_line_and_the_other_rows_kept(tmp_path, country_data):
    header, rows = stop_rows()
    col = header.index("country")
    pick = [list(r) for r in rows if r[col] in ("Mali", "Chad")][:3]
    pick[1] = pick[1] + ["an extra cell", "another"]
    short = pick[2][:5]
    path = write_rows(tmp_path / "ragged.csv", header, [pick[0], pick[1], short])
    events = registry.clean(registry.read(path), cutoff="2026-05-20", data=country_data)
    assert len(events) == 3
    assert events.iloc[0]["reason"] == "" and events.iloc[0]["country"] in ("MLI", "TCD")
    assert events.iloc[1]["reason"].startswith("malformed: row 2: line 3 has 49 cells, the header 47")
    assert events.iloc[2]["reason"].startswith("malformed: row 3: line 4 has 5 cells")
    out = run_cli(path, "--output", tmp_path / "costs.csv", "--cutoff", "2026-05-20", "--draws", 10)
    assert out.returncode == 0, out.stderr
    assert "read 3 rows" in out.stdout and "malformed 2" in out.stdout


def test_non_finite_numbers_in_registry_columns_give_no_traceback(tmp_path, country_data):
    """A pair of real duplicate reports, one with count_year "inf": read, one kept, no OverflowError."""
    header, rows = stop_rows()
    events = registry.clean(pd.DataFrame(rows, columns=header), cutoff="2026-05-20", data=country_data)
    dup = events[events["reason"].str.startswith("duplicate")].iloc[0]
    kept = int(dup["reason"].split("same event as row ")[1].split(" ")[0])
    pick = [list(rows[dup["row"] - 1]), list(rows[kept - 1])]
    year, duration = header.index("count_year"), header.index("duration")
    pick[0][year], pick[1][year] = "inf", "nan"
    pick[0][duration] = "1e999"
    path = write_rows(tmp_path / "inf.csv", header, pick)
    out = run_cli(path, "--output", tmp_path / "costs.csv", "--cutoff", "2026-05-20", "--draws", 10)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    costs = pd.read_csv(tmp_path / "costs.csv")
    assert len(costs) == 2 and (costs["status"] == "rejected").sum() == 1
    assert costs["reason"].fillna("").str.startswith("duplicate").sum() == 1


def test_formula_cells_are_neutralised_in_the_csv_and_the_page_download(tmp_path, country_data):
    from impact.page import events as page_events

    path = tmp_path / "formula.csv"
    pd.DataFrame([{"country": "Mali", "start": "2024-01-01", "type": "full", "hours": "24",
                   "id": '=HYPERLINK("http://example.com","x")'},
                  {"country": "@SUM(A1)", "start": "2024-01-01", "type": "full", "hours": "24", "id": "+1"}]
                 ).to_csv(path, index=False)
    out = run_cli(path, "--output", tmp_path / "costs.csv", "--totals", tmp_path / "totals.csv", "--draws", 10)
    assert out.returncode == 0, out.stderr
    text = (tmp_path / "costs.csv").read_text()
    with (tmp_path / "costs.csv").open(newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "@")], "a formula cell was written as is"
    assert "'=HYPERLINK(" in text and "'@SUM(A1)" in text and "'+1" in text
    page = page_events.run(path.read_bytes(), "formula.csv", cutoff="2025-01-01", draws=10, data=country_data)
    download = page_events.csv_text(page.events)
    assert "'=HYPERLINK(" in download and '\n=' not in download and ',=' not in download
    # numbers are not text: a negative number stays a number
    safe = spreadsheet_safe(pd.DataFrame({"x": [-1.5], "y": ["-1"]}))
    assert safe["x"].iloc[0] == -1.5 and safe["y"].iloc[0] == "'-1"


def test_a_batch_whose_every_event_lacks_data_exits_3_with_the_output_written(tmp_path):
    """The data, not the registry, is short: exit 3 as for one estimate (review), the table of
    events with their reasons written all the same."""
    import subprocess
    import sys

    import pandas as pd

    data = tmp_path / "data"
    gdp_only = subprocess.run([sys.executable, "-m", "impact", "data", "import", str(_gdp_file(tmp_path))],
                              capture_output=True, text=True, env={**_env(), "IMPACT_DATA_DIR": str(data)})
    assert gdp_only.returncode == 0, gdp_only.stderr
    events = tmp_path / "events.csv"
    pd.DataFrame([{"country": "MLI", "start": "2018-08-01", "end": "2018-08-02", "type": "full"}]).to_csv(events, index=False)
    out = tmp_path / "costs.csv"
    done = subprocess.run([sys.executable, "-m", "impact", "batch", str(events), "--output", str(out)],
                          capture_output=True, text=True, env={**_env(), "IMPACT_DATA_DIR": str(data)})
    assert done.returncode == 3 and done.stderr.count("\n") == 1 and "no event costed" in done.stderr
    assert pd.read_csv(out)["reason"].str.startswith("data_missing").all()


def _env():
    import os

    return dict(os.environ)


def _gdp_file(tmp_path):
    """A World Bank-style CSV of Mali's GDP (synthetic: the test makes it), and nothing else."""
    path = tmp_path / "NY.GDP.MKTP.CD.csv"
    path.write_text("Country Name,Country Code,Year,Value\n" + "".join(
        f"Mali,MLI,{y},{1.5e10 + y}\n" for y in range(2000, 2024)), encoding="utf-8")
    return path
