"""ZIP archives of country-data files (the World Bank's bulk downloads, a zipped Global Data Lab
folder): their CSV files extracted for :mod:`impact.data.importers`, safely (no absolute or
``..`` paths, a size limit)."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath

from impact.errors import ImportFormatError

MAX_BYTES = 200 * 2**20  # an archive whose content is larger than this is refused


def extract_csvs(name: str, content: bytes, target: Path) -> None:
    """Write the CSV files of the archive ``content`` (named ``name`` in messages) under ``target``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise ImportFormatError(f"{name}: not a readable ZIP archive") from None
    total = sum(i.file_size for i in archive.infolist())
    if total > MAX_BYTES:
        raise ImportFormatError(f"{name}: the archive holds {total / 2**20:.0f} MB, more than {MAX_BYTES // 2**20} MB")
    for info in archive.infolist():
        path = PurePosixPath(info.filename)
        if info.is_dir():
            continue
        if path.is_absolute() or ".." in path.parts:
            raise ImportFormatError(f"{name}: unsafe path {info.filename!r} in the archive")
        if path.suffix.casefold() != ".csv":
            continue
        out = target.joinpath(*path.parts)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(archive.read(info))
