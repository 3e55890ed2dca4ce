"""Download the indicators from the World Bank API into a new snapshot (``impact data update``).

Uses the documented REST API (v2)::

    GET {base}/country?format=json&per_page=N&page=P            # economies; region.id "NA" = aggregate
    GET {base}/country/all/indicator/{code}?format=json&per_page=N&page=P

each answering ``[{"page", "pages", "per_page", "total", "lastupdated"}, [rows...]]``.
(``wbgapi`` queries a different endpoint layout, ``/sources/2/series/…``, and keeps its base URL
in module state, so the plain documented API is used here with ``requests``.)

The base URL is ``base_url``, else ``$IMPACT_WB_API``, else ``https://api.worldbank.org/v2``.
Everything is downloaded and checked (:func:`impact.data.importers.value_problem`) before the snapshot
is written, so an interrupted download or a bad value leaves the previous snapshot active. The
new snapshot keeps the previous one's Global Data Lab regions (and any indicator not
downloaded), marked as carried over, unless ``replace=True``.
"""
from __future__ import annotations

import datetime as _dt
import os
from urllib.parse import urlparse

import pandas as pd
import requests

from impact.errors import DataError
from impact.data.importers import INDICATORS, WB_LICENCE, value_problem
from impact.data.snapshot import Snapshot, write_snapshot

DEFAULT_BASE = "https://api.worldbank.org/v2"
PER_PAGE = 20000
TIMEOUT = 60


def api_base(given: str | None = None) -> str:
    """The API base URL in use (argument, ``$IMPACT_WB_API`` or the World Bank's)."""
    return (given or os.environ.get("IMPACT_WB_API") or DEFAULT_BASE).rstrip("/")


def _get_pages(session: requests.Session, url: str, what: str) -> tuple[dict, list[dict]]:
    rows: list[dict] = []
    page, pages, head = 1, 1, {}
    while page <= pages:
        try:
            resp = session.get(url, params={"format": "json", "per_page": PER_PAGE, "page": page}, timeout=TIMEOUT)
            resp.raise_for_status()
            body = resp.json()
        except (requests.RequestException, ValueError) as exc:
            raise DataError(f"download of {what} failed at page {page} ({url}): {exc}; "
                            f"the previous snapshot stays active") from None
        if not (isinstance(body, list) and body and isinstance(body[0], dict)):
            raise DataError(f"unexpected answer from {url} for {what}: {str(body)[:200]}")
        if "message" in body[0]:
            raise DataError(f"World Bank API refused {what} ({url}): {body[0]['message']}")
        head = body[0]
        pages = int(head.get("pages") or 1)
        rows.extend(body[1] if len(body) > 1 and body[1] else [])
        page += 1
    return head, rows


def _checked_rows(code: str, rows: list[dict]) -> list[tuple[str, object, float]]:
    """(iso3, year, value) of the rows with a code and a value; DataError on a bad value."""
    out = []
    for r in rows:
        iso3, year, value = r.get("countryiso3code") or "", r.get("date"), r.get("value")
        if not iso3 or value is None:
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            problem = f"{value!r} is not a number"
        else:
            problem = value_problem(code, number)
        if problem:
            raise DataError(f"World Bank API value for {code}, {iso3}, {year}: {problem}; nothing was "
                            f"written, the previous snapshot stays active")
        out.append((iso3, year, number))
    return out


def update(data_dir=None, base_url: str | None = None, progress: bool = True, replace: bool = False) -> Snapshot:
    """Download every indicator from the World Bank API and make it the active snapshot.

    Parameters
    ----------
    data_dir : path, optional
        Data folder (default ``$IMPACT_DATA_DIR`` or the user data folder).
    base_url : str, optional
        API base, e.g. ``http://127.0.0.1:8000/v2`` (default ``$IMPACT_WB_API`` or the World Bank).
    progress : bool
        Show a rich progress bar on standard error.
    replace : bool
        False (default): keep the active snapshot's regions and any indicator not downloaded
        (marked as carried over). True: only what was downloaded.

    Returns
    -------
    Snapshot
        The new active snapshot.

    Raises
    ------
    DataError
        When the API cannot be reached, answers something unexpected, or sends a value out of its
        accepted range (naming indicator, economy and year); nothing is written.
    """
    from rich.progress import Progress

    base = api_base(base_url)
    host = urlparse(base).netloc or base
    today = _dt.date.today().isoformat()
    session = requests.Session()
    codes = list(INDICATORS)
    frames, indicators = [], {}
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("World Bank API", total=len(codes) + 1)
        bar.update(task, description="economies")
        _, countries = _get_pages(session, f"{base}/country", "the list of economies")
        economies = pd.DataFrame(
            [(c.get("id"), c.get("name"), (c.get("region") or {}).get("id") == "NA") for c in countries],
            columns=["iso3", "name", "aggregate"]).dropna(subset=["iso3"])
        bar.advance(task)
        for code in codes:
            bar.update(task, description=code)
            head, rows = _get_pages(session, f"{base}/country/all/indicator/{code}", code)
            frame = pd.DataFrame(_checked_rows(code, rows), columns=["iso3", "year", "value"])
            frame = frame[frame["year"].astype(str).str.fullmatch(r"\d{4}")]
            frame = frame.astype({"year": "int64", "value": "float64"})
            frame.insert(1, "indicator", code)
            frames.append(frame)
            indicators[code] = {
                "code": code, "name": INDICATORS[code], "licence": WB_LICENCE,
                "source": f"World Bank, World Development Indicators ({code}), retrieved {today} from {host}",
                "retrieved": today, "url": f"{base}/country/all/indicator/{code}",
                "lastupdated": head.get("lastupdated")}
            bar.advance(task)
    values = pd.concat(frames, ignore_index=True)
    known = set(economies["iso3"])
    extra = sorted(set(values["iso3"]) - known)
    if extra:  # codes in data but not in the country list: treat as economies, name unknown
        economies = pd.concat([economies, pd.DataFrame({"iso3": extra, "name": extra, "aggregate": False})])
    return write_snapshot(values, economies, indicators, prefix="wb", data_dir_=data_dir, carry_over=not replace)
