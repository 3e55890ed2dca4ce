"""Published figures re-run within the tolerance recorded for each (data/published_figures.yaml)."""
from __future__ import annotations

from pathlib import Path

import pytest

from impact.reproduce import replicate as validation

ROOT = Path(__file__).resolve().parents[2]
DIFFERENCES = (ROOT / "validation" / "DIFFERENCES.md").read_text(encoding="utf-8")


@pytest.mark.shared_data
@pytest.mark.parametrize("case", validation.cases(), ids=lambda c: c.id)
def test_published_figure_reproduced_within_recorded_tolerance(country_data, case):
    (rep,) = [r for r in validation.replicate(case.study) if r.case.id == case.id]
    assert rep.within, f"{case.id}: ratio {rep.ratio:.3f} outside {case.ratio}"
    assert rep.ours.low <= rep.ours.central <= rep.ours.high


@pytest.mark.parametrize("case", validation.cases(), ids=lambda c: c.id)
def test_every_difference_is_explained(case):
    assert f'<a id="{case.difference}"></a>' in DIFFERENCES


def test_figures_that_cannot_be_rerun_say_why():
    for item in validation.not_rerunnable():
        assert item["why"] and item["what"] and item["study"]


def test_unknown_study_is_refused():
    with pytest.raises(validation.InputError, match="brookings-2016"):
        validation.cases("brookings-2017")
