"""Country-data files uploaded on the page, imported as ``impact data import`` imports them.

The uploads (CSV files, or ZIP archives of them such as the World Bank's bulk downloads and the
Global Data Lab folder) are written to a temporary folder and handed to
:func:`impact.data.importers.import_paths`, so the page reads no data format itself. No Streamlit here.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

from impact.data.archives import extract_csvs
from impact.errors import ImportFormatError


def import_files(files: Iterable[tuple[str, bytes]], data_dir, progress: Callable[[float], None] | None = None):
    """Import uploaded ``(file name, content)`` pairs into a new active snapshot of ``data_dir``.

    Raises
    ------
    ImportFormatError
        A file that is neither CSV nor ZIP, a ZIP that cannot be read or holds unsafe paths,
        or any file the importer refuses (its message names the file as uploaded).
    """
    from impact.data.importers import import_paths
    from impact.errors import ImpactError

    files = list(files)
    note = progress or (lambda x: None)
    with tempfile.TemporaryDirectory(prefix="impact-upload-") as tmp:
        folder = Path(tmp)
        given: list[Path] = []
        for n, (name, content) in enumerate(files, 1):
            base = PurePosixPath(str(name).replace("\\", "/")).name
            suffix = Path(base).suffix.casefold()
            if suffix == ".zip":
                given.append(folder / f"{n}-{Path(base).stem}")
                extract_csvs(base, content, given[-1])
            elif suffix == ".csv":
                (folder / f"{n}").mkdir()
                given.append(folder / f"{n}" / base)
                given[-1].write_bytes(content)
            else:
                raise ImportFormatError(f"{base}: not a CSV or ZIP file; upload World Bank CSV files or a ZIP of them")
            note(0.5 * n / max(len(files), 1))
        try:
            snap = import_paths(given, data_dir=data_dir)
        except ImpactError as why:  # name the uploads, not the temporary folder
            message = re.sub(re.escape(str(folder)) + r"/\d+(-[^/]*)?/", "", str(why)).replace(str(folder), "")
            raise type(why)(message) from None
        note(1.0)
        return snap
