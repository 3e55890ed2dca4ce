"""The example figures in README.md and docs/METHODOLOGY.md are regenerated, not typed (issue 10)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("regen_examples", ROOT / "scripts" / "regen_examples.py")
regen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(regen)


@pytest.mark.shared_data
def test_generated_blocks_match_the_real_data(country_data):
    generated = regen.blocks()
    for path in regen.FILES:
        text = path.read_text(encoding="utf-8")
        assert "<!-- generated:" in text, path
        assert regen.render(text, generated) == text, f"{path.name} is out of date: run python scripts/regen_examples.py"


def test_render_replaces_only_marked_blocks():
    text = "a\n<!-- generated:x -->\nold\n<!-- /generated -->\nb\n<!-- generated:y -->\nkeep\n<!-- /generated -->\n"
    out = regen.render(text, {"x": "new"})
    assert "new" in out and "old" not in out and "keep" in out and out.startswith("a\n") and "\nb\n" in out
