"""Every parameter is sourced, bounded and used; every parameter the code asks for exists."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from impact.model import parameters
from impact.errors import ParameterError

CODE = "\n".join(p.read_text(encoding="utf-8") for p in Path(parameters.__file__).parents[1].rglob("*.py")
                 if p.name != "parameters.py")
PSET = parameters.load()


@pytest.mark.parametrize("name", sorted(PSET.parameters))
def test_parameter_has_unit_range_and_reference(name):
    p = PSET[name]
    assert p.unit.strip()
    assert p.valid[0] <= p.low <= p.value <= p.high <= p.valid[1]
    assert p.references and all(r.title and r.url for r in p.references)
    if p.kind == "assumption":
        assert "ASSUMPTION" in p.description and p.low < p.high  # said as such, with a range


@pytest.mark.parametrize("name", sorted(PSET.parameters))
def test_parameter_is_used_by_the_code(name):
    assert f'"{name}"' in CODE, f"{name} is in data/parameters.yaml but no code reads it"


def test_code_asks_only_for_parameters_in_the_file():
    asked = set(re.findall(r'_param\("([a-z_]+)"', CODE)) | set(re.findall(r'\.p\["([a-z_]+)"\]', CODE))
    assert asked, "the pattern no longer finds how the code reads parameters"
    assert asked <= set(PSET.parameters)


def test_known_shares_and_tiers_are_referenced():
    assert PSET.known_shares and PSET.deloitte_tiers
    for share in PSET.known_shares.values():
        assert 0 < share.value < 1 and share.reference.url.startswith("https://")
    shares = [t.share_of_daily_gdp for t in PSET.deloitte_tiers]
    assert shares == sorted(shares)
    for t in PSET.deloitte_tiers:  # the GDP per head at which Deloitte's two forms agree
        assert t.usd_per_day_per_10m_people / 1e7 == pytest.approx(
            t.gdp_per_head_usd * t.share_of_daily_gdp / 365, rel=0.01)


def test_hash_changes_when_a_value_changes(tmp_path):
    for name in parameters.FILES:
        (tmp_path / name).write_text((parameters.parameter_folder() / name).read_text(encoding="utf-8"), encoding="utf-8")
    same = parameters.load(str(tmp_path))
    assert same.hash == PSET.hash
    text = (tmp_path / "parameters.yaml").read_text(encoding="utf-8").replace("value: 2.53", "value: 2.54", 1)
    (tmp_path / "parameters.yaml").write_text(text, encoding="utf-8")
    other = tmp_path / "b"
    other.mkdir()
    for name in parameters.FILES:
        (other / name).write_text((tmp_path / name).read_text(encoding="utf-8"), encoding="utf-8")
    assert parameters.load(str(other)).hash != PSET.hash


def test_bad_parameter_file_is_refused(tmp_path):
    for name in parameters.FILES:
        (tmp_path / name).write_text((parameters.parameter_folder() / name).read_text(encoding="utf-8"), encoding="utf-8")
    text = (tmp_path / "parameters.yaml").read_text(encoding="utf-8").replace("    value: 2.53\n    low: 1.0\n", "    value: 2.53\n    low: 3.0\n", 1)
    (tmp_path / "parameters.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError, match="multiplier"):
        parameters.load(str(tmp_path))


def test_override_outside_valid_range_is_refused():
    from impact.errors import InputError
    from impact.model import fields, uncertainty

    low, high = PSET["multiplier"].valid
    with pytest.raises(InputError, match=f"multiplier=.* is not accepted: give a finite number from {low:g} to {high:g}"):
        fields.get("multiplier").parse(high * 2 + 1)
    assert set(parameters.DISTRIBUTIONS) == set(uncertainty.DISTRIBUTIONS)
