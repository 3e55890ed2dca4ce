"""Property tests of the snapshot reader: whatever a manifest, data file or ``active`` pointer is
replaced with (any JSON value anywhere in the manifest, with or without a recomputed checksum; any
bytes), reading it either works or raises a one-line DataError — never another exception.

Seeded (derandomized) so that CI sees the same examples each run. Synthetic files only.
"""
from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from impact.data import snapshot
from impact.data.importers import import_paths
from impact.errors import DataError

PROPS = settings(max_examples=150, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                    max_leaves=6)


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    src = root / "src"
    src.mkdir()
    (src / "NY.GDP.MKTP.CD.csv").write_text("Country Name,Country Code,Year,Value\nMali,MLI,2019,1.7e10\n"
                                           "Mali,MLI,2020,1.8e10\nNiger,NER,2020,1.5e10\n")
    (src / "SP.POP.TOTL.csv").write_text("Country Name,Country Code,Year,Value\nMali,MLI,2020,20000000\n")
    snap = import_paths([src], data_dir=root / "d")
    return snap.folder


@pytest.fixture
def fresh(original, tmp_path):
    """A function giving an unharmed copy of the snapshot (each example starts from one)."""
    copy = tmp_path / "snapshots" / original.name

    def make():
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(original, copy)
        snapshot.activate(original.name, tmp_path)
        snapshot.clear_cache()
        return copy

    return make


def _paths(obj, prefix=()):
    """Every path (tuple of keys/indexes) inside a JSON value."""
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, prefix + (i,))


def _replaced(obj, path, value):
    if not path:
        return value
    obj = json.loads(json.dumps(obj))
    node = obj
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return obj


def _read(folder):
    """Read the snapshot and use it; the only exception allowed is a one-line DataError."""
    try:
        snap = snapshot.Snapshot(folder)
        snap.lookup("MLI", "NY.GDP.MKTP.CD", 2020)
        snap.coverage()
        snap.info()
    except DataError as exc:
        assert "\n" not in str(exc)
        return False
    return True


@PROPS
@given(data=st.data(), value=JSON, recompute=st.booleans())
def test_any_value_anywhere_in_the_manifest(fresh, data, value, recompute):
    folder = fresh()
    manifest = json.loads((folder / "manifest.json").read_text())
    paths = list(_paths(manifest))
    path = data.draw(st.sampled_from(paths))
    changed = _replaced(manifest, path, value)
    if recompute and isinstance(changed, dict) and isinstance(changed.get("id"), str):
        try:
            changed["checksum"] = snapshot.manifest_checksum(changed)
            changed["id"] = changed["id"][:-8] + changed["checksum"][:8]
        except (ValueError, TypeError):
            pass
    (folder / "manifest.json").write_text(json.dumps(changed))
    if _read(folder):  # accepted: only if nothing that the checksum covers changed meaningfully
        assert path[:1] in {("created",)} or changed == manifest or recompute


@PROPS
@given(name=st.sampled_from([*snapshot.FILES, "manifest.json"]), content=st.binary(max_size=64))
def test_any_bytes_in_any_file(fresh, name, content):
    folder = fresh()
    (folder / name).write_bytes(content)
    assert not _read(folder)


@PROPS
@given(content=st.binary(max_size=40))
def test_any_bytes_in_the_active_pointer(fresh, content):
    folder = fresh()
    root = folder.parent.parent
    (root / "active").write_bytes(content)
    snapshot.clear_cache()
    try:
        snapshot.load_active(root)
    except DataError as exc:
        assert "\n" not in str(exc)
    else:
        assert content.decode().strip() == folder.name
