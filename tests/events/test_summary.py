"""The generated tables of docs/BATCH.md (`impact batch --doc`): regenerable, only between the markers."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from impact.events import summary
from impact.events.batch import estimate_many

DOC = Path(__file__).resolve().parents[2] / "docs" / "BATCH.md"


def test_batch_md_holds_one_generated_section():
    text = DOC.read_text(encoding="utf-8")
    assert text.count(summary.DOC_BEGIN) == 1 and text.count(summary.DOC_END) == 1
    section = text[text.index(summary.DOC_BEGIN):text.index(summary.DOC_END)]
    assert "Headline totals by year beside Top10VPN" in section and "The 20 costliest events" in section
    for year in range(2019, 2026):
        assert f"\n| {year} | " in section


def test_doc_command_rewrites_only_its_section(tmp_path, country_data):
    doc = tmp_path / "BATCH.md"
    doc.write_text(DOC.read_text(encoding="utf-8"), encoding="utf-8")
    before = doc.read_text(encoding="utf-8")
    events = tmp_path / "events.csv"
    pd.DataFrame([{"country": "Mali", "start": "2019-06-01", "end": "2019-06-03", "type": "full"},
                  {"country": "Ethiopia", "start": "2020-01-01", "end": "2021-06-30", "type": "services",
                   "services": "facebook"}]).to_csv(events, index=False)
    done = subprocess.run([sys.executable, "-m", "impact", "batch", str(events), "--output", str(tmp_path / "c.csv"),
                           "--draws", "50", "--doc", str(doc)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    after = doc.read_text(encoding="utf-8")
    cut = lambda t: (t[:t.index(summary.DOC_BEGIN)], t[t.index(summary.DOC_END):])  # noqa: E731
    assert cut(after) == cut(before)  # the hand-written text is untouched
    result = estimate_many(events, draws=50, data=country_data)
    assert summary.doc_section(result) in after  # the section is what the library generates
    assert "| Ethiopia |" in after and "| 2019 | " in after
    top = summary.costliest(result)
    assert list(top["row"]) == [2, 1] and top["rule"].iloc[0].startswith("block of facebook, national")
    years = summary.by_year(result).set_index("year")
    assert years.loc[2019, "ratio"] == years.loc[2019, "headline_central"] / 8.05e9
