"""Preset scenarios (scenarios/*.yaml) run through the command line and meet their expectations.

Each preset's `expected` was worked out by hand from public figures (its `basis` says how), so
these tests check the model against an independent calculation, not against its own output.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from impact.cli.main import main
from impact.reproduce.presets import PRESETS_DIR
from impact.model.fields import SCENARIO_FIELDS, override_fields

ROOT = Path(__file__).resolve().parents[2]
PRESETS = sorted(PRESETS_DIR.glob("*.yaml"))
FLAGS = {f.name: f.flag for f in (*SCENARIO_FIELDS, *override_fields())}


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _argv(scenario: dict) -> list[str]:
    """The command-line flags a user would type for a preset's scenario."""
    argv = []
    for name, value in scenario.items():
        if isinstance(value, list):
            value = ",".join(map(str, value))
        argv += [FLAGS[name], str(value)]
    return argv


def _within(central: float, expected: dict) -> bool:
    if "central" in expected:
        return abs(central / float(expected["central"]) - 1) <= float(expected["tolerance"])
    return float(expected["min"]) <= central <= float(expected["max"])


@pytest.fixture(scope="module")
def data(_imported_data_dir):
    return _imported_data_dir


def test_there_are_presets_including_mali():
    names = {p.stem for p in PRESETS}
    assert "mali-2017-social-media" in names and len(names) >= 5


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_preset_is_well_formed(path):
    preset = _load(path)
    assert isinstance(preset["title"], str) and preset["title"]
    assert preset["source"] and all(s["title"] and s["url"].startswith("http") for s in preset["source"])
    assert set(preset["scenario"]) <= set(FLAGS), "every scenario field must be a command-line flag"
    expected = preset["expected"]
    assert expected["basis"]
    cost = expected["cost_usd"]
    assert ("central" in cost and "tolerance" in cost) or ("min" in cost and "max" in cost)
    if "min" in cost:
        assert 0 < float(cost["min"]) < float(cost["max"])


@pytest.mark.shared_data
@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_preset_through_the_flags_meets_its_expectation(data, capsys, path):
    preset = _load(path)
    code = main(["estimate", *_argv(preset["scenario"]), "--json"])
    out = capsys.readouterr().out
    assert code == 0
    d = json.loads(out)
    central = d["cost_usd"]["central"]
    assert _within(central, preset["expected"]["cost_usd"]), (central, preset["expected"]["cost_usd"])
    if "data_year" in preset["expected"]:
        assert d["data_year"] == preset["expected"]["data_year"]
    assert d["cost_usd"]["low"] <= central <= d["cost_usd"]["high"]


@pytest.mark.shared_data
@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_preset_by_name_gives_the_same_figure(data, capsys, path):
    preset = _load(path)
    main(["estimate", "--preset", path.stem, "--json"])
    by_name = json.loads(capsys.readouterr().out)
    main(["estimate", *_argv(preset["scenario"]), "--json"])
    by_flags = json.loads(capsys.readouterr().out)
    assert by_name["cost_usd"] == by_flags["cost_usd"]
    assert by_name["scenario"] == by_flags["scenario"]


def test_mali_preset_cited_in_a_real_process(data):
    proc = subprocess.run([sys.executable, "-m", "impact", "cite", "--preset", "mali-2017-social-media",
                           "--lang", "fr"], capture_output=True, text=True, cwd=ROOT, env=dict(os.environ),
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    first = proc.stdout.splitlines()[0]
    assert "au Mali" in first and "juin 2017" in first and "Brookings" in first


def test_preset_flags_override_the_file(data, capsys):
    main(["estimate", "--preset", "mali-2017-social-media", "--end", "2017-06-13", "--draws", "0", "--json"])
    one_day = json.loads(capsys.readouterr().out)
    main(["estimate", "--preset", "mali-2017-social-media", "--draws", "0", "--json"])
    two_days = json.loads(capsys.readouterr().out)
    assert one_day["scenario"]["hours"] == 24 and two_days["scenario"]["hours"] == 48
    assert one_day["cost_usd"]["central"] == pytest.approx(two_days["cost_usd"]["central"] / 2, rel=1e-12)


def test_unknown_preset_exits_2_naming_the_presets(capsys):
    code = main(["estimate", "--preset", "atlantis"])
    err = capsys.readouterr().err
    assert code == 2 and "mali-2017-social-media" in err


def test_a_duration_flag_replaces_the_preset_dates(data, capsys):
    code = main(["estimate", "--preset", "mali-2017-social-media", "--hours", "3", "--draws", "0", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["scenario"]["hours"] == 3 and out["scenario"]["start"].startswith("2017-06-13")
    code = main(["estimate", "--preset", "ethiopia-2020-tigray", "--share", "0.5", "--draws", "0", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["scenario"]["reach"] == "share" and out["scenario"]["regions"] == []
