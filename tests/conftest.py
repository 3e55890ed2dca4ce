"""Shared test set-up: real data from ../shared/data imported once per session.

Keep this file small; add only fixtures every test module needs.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
_SKIP = f"shared real data folder {SHARED_DATA} is absent"


@pytest.fixture(scope="session", autouse=True)
def _imported_data_dir(tmp_path_factory):
    """Import wdi + itu + subnational into a session folder and point IMPACT_DATA_DIR at it."""
    if not SHARED_DATA.is_dir():
        yield None
        return
    from impact.data.importers import import_paths

    folder = tmp_path_factory.mktemp("impact-data")
    snap = import_paths([SHARED_DATA / "wdi", SHARED_DATA / "itu", SHARED_DATA / "subnational"], data_dir=folder)
    old = os.environ.get("IMPACT_DATA_DIR")
    os.environ["IMPACT_DATA_DIR"] = str(folder)
    yield snap
    if old is None:
        os.environ.pop("IMPACT_DATA_DIR", None)
    else:
        os.environ["IMPACT_DATA_DIR"] = old


@pytest.fixture
def country_data(_imported_data_dir):
    """The snapshot imported from the shared real data (skips when that data is absent)."""
    if _imported_data_dir is None:
        pytest.skip(_SKIP)
    return _imported_data_dir
