"""The country data the benchmarks run on: ``$IMPACT_DATA_DIR`` when it holds an active snapshot,
else the shared real data (``../shared/data``) imported into a temporary folder, which
``$IMPACT_DATA_DIR`` then points at."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def data_folder() -> str:
    """The folder with the active snapshot the benchmark uses (imported on first use)."""
    given = os.environ.get("IMPACT_DATA_DIR")
    if given and (Path(given) / "active").is_file():
        return given
    from impact.data.importers import import_paths

    folder = tempfile.mkdtemp(prefix="impact-bench-")
    import_paths([SHARED_DATA / "wdi", SHARED_DATA / "itu", SHARED_DATA / "subnational"], data_dir=folder)
    os.environ["IMPACT_DATA_DIR"] = folder
    return folder
