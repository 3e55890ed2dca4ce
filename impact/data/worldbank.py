"""Download the indicators from the World Bank API into a new snapshot (``impact data update``).

Uses the documented REST API (v2)::

    GET {base}/country?format=json&per_page=N&page=P            # economies; region.id "NA" = aggregate
    GET {base}/country/all/indicator/{code}?format=json&per_page=N&page=P

each answering ``[{"page", "pages", "per_page", "total", "lastupdated"}, [rows...]]``.
(``wbgapi`` queries a different endpoint layout, ``/sources/2/series/…``, and keeps its base URL
in module state, so the plain documented API is used here with ``requests``.)

The base URL is ``base_url``, else ``$IMPACT_WB_API``, else ``https://api.worldbank.org/v2``.

Bounds, so that a download never hangs nor fills the memory:

* the whole update has a deadline (``deadline`` seconds, :data:`DEADLINE` by default): each
  request runs in a worker thread that the update waits for at most the time left, and bodies
  are read piece by piece with the deadline checked between pieces, so a server that sends one
  byte every few seconds, or never answers, ends the update on time;
* each wait for a connection or for data lasts at most :data:`READ_TIMEOUT` seconds;
* an answer claiming more than :data:`MAX_PAGES` pages or :data:`MAX_ROWS` rows is refused, and
  one body may hold at most :data:`MAX_BYTES` bytes;
* transient failures (a dropped connection, a time-out, HTTP 429 and 5xx) are retried
  :data:`RETRIES` times with exponential backoff (:data:`BACKOFF` seconds, doubling), within the
  deadline; being offline (host name not found, network unreachable, connection refused) is said
  at once, with what to do instead.

Everything is downloaded and checked (:func:`impact.data.rules.value_problem`, and each
indicator must have at least one economy's value) before the snapshot is written, so an
interrupted download, an empty answer or a bad value leaves the active snapshot as it was. The
new snapshot keeps the previous one's Global Data Lab regions (and any indicator not downloaded),
marked as carried over, unless ``replace=True``.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import re
import threading
import time
from urllib.parse import urlparse

from impact.data.importers import INDICATORS, WB_LICENCE
from impact.data.rules import value_problem
from impact.data.snapshot import Snapshot, state_note, write_snapshot
from impact.errors import DataError, InputError

DEFAULT_BASE = "https://api.worldbank.org/v2"
PER_PAGE = 20000
DEADLINE = 300.0      # seconds for the whole update
READ_TIMEOUT = 30.0   # seconds any one wait (connect, or the next bytes) may last
MAX_PAGES = 500       # an indicator is ~17,000 rows: one page of 20,000, or 35 of 500
MAX_ROWS = 1_000_000  # ~60 times the largest indicator (266 economies x 64 years)
MAX_BYTES = 64 << 20  # one answer's body; a page of 20,000 rows is about 5 MB
RETRIES = 3
BACKOFF = 1.0
TRANSIENT_STATUS = frozenset({429, 500, 502, 503, 504})
OFFLINE = ("work offline: download the indicators' CSV files from data.worldbank.org on a machine with "
           "internet access, then run 'impact data import PATH...'")


def api_base(given: str | None = None) -> str:
    """The API base URL in use (argument, ``$IMPACT_WB_API`` or the World Bank's)."""
    return (given or os.environ.get("IMPACT_WB_API") or DEFAULT_BASE).rstrip("/")


class _Transient(Exception):
    """A failure worth retrying (message: what happened, in words)."""


class _Download:
    """One update's requests: shared session, deadline, byte count."""

    def __init__(self, base: str, deadline: float, data_dir):
        import requests

        self.requests = requests
        self.session = requests.Session()
        self.base = base
        self.host = urlparse(base).netloc or base
        self.deadline = float(deadline)
        self.ends = time.monotonic() + self.deadline
        self.data_dir = data_dir

    def left(self) -> float:
        return self.ends - time.monotonic()

    def fail(self, what: str) -> DataError:
        return DataError(f"{what}; {state_note(self.data_dir)}")

    def late(self, what: str) -> DataError:
        return self.fail(f"download of {what} from {self.host} did not finish within the {self.deadline:g} s "
                         f"deadline (the server is too slow or does not stop sending); try again later, or "
                         f"{OFFLINE}")

    # -- one request, in a worker thread ----------------------------------------------------
    def _get(self, url: str, params: dict, box: dict, stop: threading.Event) -> None:
        try:
            wait = max(0.1, min(READ_TIMEOUT, self.left()))
            with self.session.get(url, params=params, timeout=(wait, wait), stream=True) as resp:
                if resp.status_code in TRANSIENT_STATUS:
                    raise _Transient(f"HTTP {resp.status_code} {resp.reason or ''}".strip())
                if resp.status_code >= 400:
                    box["error"] = f"HTTP {resp.status_code} {resp.reason or ''}".strip()
                    return
                size = resp.headers.get("Content-Length", "")
                if size.isdigit() and int(size) > MAX_BYTES:
                    box["error"] = f"an answer of {int(size):,} bytes (more than the {MAX_BYTES:,} accepted)"
                    return
                chunks, total = [], 0
                while not stop.is_set():
                    piece = resp.raw.read1(1 << 16, decode_content=True)
                    if not piece:
                        break
                    total += len(piece)
                    if total > MAX_BYTES:
                        box["error"] = f"an answer of more than {MAX_BYTES:,} bytes"
                        return
                    chunks.append(piece)
                    if self.left() <= 0:
                        return
                box["body"] = b"".join(chunks)
        except _Transient as exc:
            box["transient"] = str(exc)
        except Exception as exc:  # requests, urllib3 or socket errors, also while reading the body
            reason = _reason(exc)
            box["transient" if reason in RETRIED else "offline"] = reason

    def body(self, url: str, params: dict, what: str) -> bytes:
        """The body of ``url``, with retries; DataError on a permanent failure or at the deadline."""
        last = ""
        for attempt in range(RETRIES + 1):
            if self.left() <= 0:
                raise self.late(what)
            box: dict = {}
            stop = threading.Event()
            worker = threading.Thread(target=self._get, args=(url, params, box, stop), daemon=True)
            worker.start()
            worker.join(max(0.0, self.left()))
            if worker.is_alive() or not box:
                stop.set()
                raise self.late(what)
            if "body" in box:
                return box["body"]
            if box.get("error"):
                raise self.fail(f"the World Bank API at {self.host} refused {what} ({box['error']}, {url})")
            if box.get("offline"):
                raise self.fail(f"cannot download {what} from {self.host} ({box['offline']}); check the network "
                                f"connection and the address, or {OFFLINE}")
            last = box["transient"]
            pause = BACKOFF * 2 ** attempt
            if attempt < RETRIES and self.left() > pause:
                time.sleep(pause)
            elif attempt < RETRIES or self.left() <= 0:
                raise self.late(what)  # the deadline, not the server, ends the retries
        tries = f"{RETRIES + 1} attempt{'s' if RETRIES else ''}"
        raise self.fail(f"cannot download {what} from {self.host} ({last}, after {tries}); check "
                        f"the network connection and try again later, or {OFFLINE}")

    def pages(self, url: str, what: str) -> tuple[dict, list]:
        """Header of the first page and the rows of every page."""
        rows: list = []
        page, pages, head = 1, 1, {}
        while page <= pages:
            raw = self.body(url, {"format": "json", "per_page": PER_PAGE, "page": page}, f"{what} (page {page})")
            try:
                body = json.loads(raw)
            except ValueError:
                raise self.fail(f"the World Bank API at {self.host} sent something that is not JSON for {what}, "
                                f"page {page} (starts {raw[:60]!r}); check the address ({url})") from None
            if isinstance(body, list) and body and isinstance(body[0], dict) and "message" in body[0]:
                raise self.fail(f"World Bank API refused {what} ({url}): {str(body[0]['message'])[:200]}")
            if not (isinstance(body, list) and len(body) in (1, 2) and isinstance(body[0], dict)
                    and (len(body) == 1 or body[1] is None or isinstance(body[1], list))):
                raise self.fail(f"unexpected answer from {url} for {what}, page {page}: "
                                f"{json.dumps(body)[:200]}; expected [{{\"page\", \"pages\", ...}}, [rows]]")
            if page == 1:
                head = body[0]
                pages, total = _count(head.get("pages")), _count(head.get("total"))
                if pages is None or total is None:
                    raise self.fail(f"unexpected answer from {url} for {what}: pages {head.get('pages')!r}, "
                                    f"total {head.get('total')!r} are not whole numbers")
                if pages > MAX_PAGES or total > MAX_ROWS:
                    raise self.fail(f"the answer for {what} claims {pages:,} pages of {total:,} rows (accepted: "
                                    f"at most {MAX_PAGES} pages and {MAX_ROWS:,} rows); check the address "
                                    f"({self.base})")
            part = body[1] if len(body) > 1 and body[1] else []
            if not all(isinstance(r, dict) for r in part):
                bad = next(r for r in part if not isinstance(r, dict))
                raise self.fail(f"unexpected row in the answer for {what}, page {page}: {json.dumps(bad)[:100]}; "
                                f"expected an object")
            rows.extend(part)
            if len(rows) > MAX_ROWS:
                raise self.fail(f"the answer for {what} holds more than {MAX_ROWS:,} rows")
            page += 1
        return head, rows


def _count(value) -> int | None:
    """A page or row count as the API gives it (a whole number, or its digits as text); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


NO_ANSWER = "no answer in time"
CLOSED = "the server closed the connection"
RETRIED = frozenset({NO_ANSWER, CLOSED})  # worth another try; the others are not (offline, refused, TLS)


def _reason(exc: BaseException) -> str:
    """A failure in words, without urllib3's internals."""
    text = f"{type(exc).__name__} {exc}"
    if re.search(r"Name or service not known|nodename nor servname|getaddrinfo|Temporary failure in name", text):
        return "host name not found: no network, or no DNS"
    if re.search(r"Connection refused|ECONNREFUSED", text):
        return "connection refused"
    if re.search(r"Network is unreachable|No route to host", text):
        return "network unreachable"
    if re.search(r"timed out|Timeout", text):
        return NO_ANSWER
    if re.search(r"RemoteDisconnected|Connection aborted|Connection reset|ProtocolError|IncompleteRead|"
                 r"ChunkedEncodingError|closed connection", text):
        return CLOSED
    if re.search(r"SSL|certificate", text):
        return "secure connection failed (certificate or TLS error)"
    return type(exc).__name__


def _checked_rows(code: str, rows: list[dict], fail) -> list[tuple[str, int, float]]:
    """(iso3, year, value) of the rows with a code, a 4-digit year and a value; refuses bad ones."""
    out = []
    for r in rows:
        iso3, year, value = r.get("countryiso3code") or "", r.get("date"), r.get("value")
        if not isinstance(iso3, str) or not isinstance(year, (str, int)) or isinstance(year, bool):
            raise fail(f"World Bank API row for {code}: countryiso3code {iso3!r} / date {year!r} are not text")
        if not iso3 or value is None or not re.fullmatch(r"\d{4}", str(year).strip()):
            continue
        try:
            number = float(value) if not isinstance(value, bool) else None
        except (TypeError, ValueError):
            number = None
        problem = f"{value!r} is not a number" if number is None else value_problem(code, number)
        if problem:
            raise fail(f"World Bank API value for {code}, {iso3}, {year}: {problem}")
        out.append((iso3, int(str(year).strip()), number))
    return out


def update(data_dir=None, base_url: str | None = None, progress: bool = True, replace: bool = False,
           deadline: float = DEADLINE) -> Snapshot:
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
    deadline : float
        Seconds the whole download may take (default :data:`DEADLINE`).

    Returns
    -------
    Snapshot
        The new active snapshot.

    Raises
    ------
    DataError
        When the API cannot be reached, is too slow for the deadline, answers something
        unexpected or too large, sends no value for an indicator, or a value out of its accepted
        range (naming indicator, economy and year); nothing is written then.
    """
    import pandas as pd
    from rich.progress import Progress

    if not (isinstance(deadline, (int, float)) and 0 < deadline < float("inf")):
        raise InputError(f"deadline {deadline!r} is not accepted; accepted: a number of seconds above 0")
    base = api_base(base_url)
    dl = _Download(base, deadline, data_dir)
    today = _dt.date.today().isoformat()
    codes = list(INDICATORS)
    frames, indicators = [], {}
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("World Bank API", total=len(codes) + 1)
        bar.update(task, description="economies")
        _, countries = dl.pages(f"{base}/country", "the list of economies")
        economies = pd.DataFrame(
            [(c.get("id"), c.get("name"), (c.get("region") or {}).get("id") == "NA") for c in countries
             if isinstance(c.get("id"), str) and c.get("id")],
            columns=["iso3", "name", "aggregate"])
        economies["name"] = [n if isinstance(n, str) and n else c for c, n in zip(economies["iso3"], economies["name"])]
        bar.advance(task)
        for code in codes:
            bar.update(task, description=code)
            head, rows = dl.pages(f"{base}/country/all/indicator/{code}", code)
            checked = _checked_rows(code, rows, dl.fail)
            aggregates = set(economies.loc[economies["aggregate"], "iso3"])
            if not any(iso3 not in aggregates for iso3, _, _ in checked):
                raise dl.fail(f"the World Bank API sent no value for {code} ({len(rows):,} rows, every value "
                              f"null or only aggregates'); an indicator without values is not made active; try "
                              f"again later, or {OFFLINE}")
            frame = pd.DataFrame(checked, columns=["iso3", "year", "value"])
            frame.insert(1, "indicator", code)
            frames.append(frame)
            last = head.get("lastupdated")
            indicators[code] = {
                "code": code, "name": INDICATORS[code], "licence": WB_LICENCE,
                "source": f"World Bank, World Development Indicators ({code}), retrieved {today} from {dl.host}",
                "retrieved": today, "url": f"{base}/country/all/indicator/{code}",
                "lastupdated": last if isinstance(last, str) else None}
            bar.advance(task)
    values = pd.concat(frames, ignore_index=True).drop_duplicates(["iso3", "indicator", "year"], keep="last")
    known = set(economies["iso3"])
    extra = sorted(set(values["iso3"]) - known)
    if extra:  # codes in data but not in the country list: treat as economies, name unknown
        economies = pd.concat([economies, pd.DataFrame({"iso3": extra, "name": extra, "aggregate": False})])
    return write_snapshot(values, economies, indicators, prefix="wb", data_dir_=data_dir, carry_over=not replace)
