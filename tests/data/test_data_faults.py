"""Fault injection: a fake World Bank API on 127.0.0.1 that misbehaves, and snapshots corrupted by
the tests themselves. Every fault ends in one clear line (a DataError, exit 3 on the command line),
never a traceback, a hang or an empty snapshot made active; the previous snapshot stays active.

Synthetic data only (no ../shared).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from impact.data import snapshot, worldbank
from impact.data.importers import INDICATORS, import_paths
from impact.errors import DataError

PAGE_CAP = 5
# Plausible values inside every indicator's rules.
BASE = {"NY.GDP.MKTP.CD": 1.7e10, "SP.POP.TOTL": 2.0e7, "IT.NET.USER.ZS": 30.0, "IT.CEL.SETS.P2": 100.0,
        "IT.NET.BBND.P2": 1.0, "PA.NUS.FCRF": 600.0, "FP.CPI.TOTL": 110.0, "FP.CPI.TOTL.ZG": 2.0,
        "NY.GDP.DEFL.KD.ZG": 3.0}
COUNTRIES = [{"id": "MLI", "name": "Mali", "region": {"id": "SSF"}},
             {"id": "NER", "name": "Niger", "region": {"id": "SSF"}},
             {"id": "WLD", "name": "World", "region": {"id": "NA", "value": "Aggregates"}}]


class FakeApi:
    """State of the fake server: the data it serves and the fault it injects (``fault``)."""

    def __init__(self):
        self.rows = {code: [(iso3, str(year), BASE[code] * (1 + (year - 2015) / 100))
                            for iso3 in ("MLI", "NER") for year in range(2015, 2024)] for code in INDICATORS}
        self.fault: dict | None = None  # {"kind": ..., "path": fragment or None, ...}
        self.stop = threading.Event()
        self.hits: list[str] = []

    def fault_for(self, path: str):
        f = self.fault
        if f and (f.get("path") is None or f["path"] in path):
            if f.get("times") is not None:
                if f["times"] <= 0:
                    return None
                f["times"] -= 1
            return f
        return None


def make_handler(api: FakeApi):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body leave at once (no 40 ms delayed-ACK wait)

        def log_message(self, *args):
            pass

        def do_GET(self):
            url = urlparse(self.path)
            query = parse_qs(url.query)
            page = int(query.get("page", ["1"])[0])
            api.hits.append(self.path)
            fault = api.fault_for(url.path)
            kind = fault["kind"] if fault else None
            if kind == "silent":  # accepts the connection, never answers
                api.stop.wait(60)
                return
            if kind == "status":
                return self._raw(fault["status"], b'{"error": "busy"}')
            if kind == "drop":
                self.close_connection = True
                self.connection.shutdown(2)
                return
            if kind == "drip":  # valid headers, then one byte at a time, forever
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "1000000")
                self.end_headers()
                try:
                    while not api.stop.is_set():
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        api.stop.wait(0.2)
                except OSError:
                    pass
                return
            if kind == "body":  # a fixed body (wrong shapes, not JSON, huge)
                return self._raw(200, fault["body"])
            parts = url.path.strip("/").split("/")
            if parts[-1] == "country":
                items = COUNTRIES
                chunk = items[(page - 1) * PAGE_CAP: page * PAGE_CAP]
            elif len(parts) >= 4 and parts[-2] == "indicator" and parts[-1] in api.rows:
                code = parts[-1]
                items = api.rows[code]
                chunk = [{"indicator": {"id": code}, "countryiso3code": c, "date": y,
                          "value": None if kind == "null" else v}
                         for c, y, v in items[(page - 1) * PAGE_CAP: page * PAGE_CAP]]
            else:
                return self._send([{"message": [{"id": "120", "value": "The provided parameter value is not valid"}]}])
            pages = max(1, -(-len(items) // PAGE_CAP))
            head = {"page": page, "pages": pages, "per_page": PAGE_CAP, "total": len(items), "lastupdated": "2026-11-20"}
            if kind == "pages":
                head.update(pages=fault["pages"], total=fault.get("total", head["total"]))
            self._send([head, chunk])

        def _send(self, body):
            self._raw(200, json.dumps(body).encode())

        def _raw(self, status, data: bytes):
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            try:
                self.wfile.write(data)
            except OSError:
                pass

    return Handler


@pytest.fixture
def api(monkeypatch):
    monkeypatch.setattr(worldbank, "BACKOFF", 0.01, raising=False)
    state = FakeApi()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}/v2"
    yield state
    state.stop.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def previous(tmp_path):
    """A data folder whose active snapshot was imported from a small file."""
    src = tmp_path / "src" / "SP.POP.TOTL.csv"
    src.parent.mkdir()
    src.write_text("Country Name,Country Code,Year,Value\nMali,MLI,2017,19000000\n")
    snap = import_paths([src], data_dir=tmp_path / "d")
    return tmp_path / "d", snap.snapshot_id


def _refused(root, base, match, deadline=None):
    kwargs = {} if deadline is None else {"deadline": deadline}
    with pytest.raises(DataError) as err:
        worldbank.update(data_dir=root, base_url=base, progress=False, **kwargs)
    msg = str(err.value)
    assert "\n" not in msg and "urllib3" not in msg and "HTTPConnectionPool" not in msg and "Traceback" not in msg
    assert err.value.exit_code == 3
    import re

    assert re.search(match, msg), msg
    return msg


def _unchanged(root, previous_id):
    snapshot.clear_cache()
    assert snapshot.active_id(root) == previous_id
    assert snapshot.list_snapshots(root) == [previous_id]
    assert not [p for p in (root / "snapshots").iterdir() if p.name.startswith(".")]


def test_the_fake_api_serves_a_good_snapshot(api, tmp_path):
    snap = worldbank.update(data_dir=tmp_path, base_url=api.base, progress=False)
    assert snap.economies() == ["MLI", "NER"] and snap.lookup("NER", "IT.NET.USER.ZS", 2023).year == 2023
    assert sum("SP.POP.TOTL" in h for h in api.hits) == 4  # 18 rows, 5 a page


# -- item 1: empty data never replaces good data -----------------------------------------------
def test_all_null_values_are_refused_and_previous_stays_active(api, previous):
    root, first = previous
    api.fault = {"kind": "null", "path": "NY.GDP.MKTP.CD"}
    msg = _refused(root, api.base, r"sent no value for NY\.GDP\.MKTP\.CD")
    assert f"snapshot {first} stays active" in msg
    _unchanged(root, first)


def test_values_of_aggregates_only_are_refused(api, previous):
    root, first = previous
    api.rows["SP.POP.TOTL"] = [("WLD", "2020", 8e9)]
    _refused(root, api.base, r"no value for SP\.POP\.TOTL")
    _unchanged(root, first)


@pytest.mark.parametrize("value,why", [(1.7e308, "absurd magnitude"), (0.0, "is zero"), (float("inf"), "finite")])
def test_absurd_gdp_from_api_names_indicator_economy_and_year(api, previous, value, why):
    root, first = previous
    api.rows["NY.GDP.MKTP.CD"][3] = ("MLI", "2018", value)
    msg = _refused(root, api.base, r"^World Bank API value for NY\.GDP\.MKTP\.CD, MLI, 2018: ")
    assert why in msg
    _unchanged(root, first)


def test_empty_bulk_file_with_replace_is_refused(tmp_path, previous):
    root, first = previous
    wide = tmp_path / "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_1.csv"
    wide.write_text('"Country Name","Country Code","Indicator Name","Indicator Code","2019","2020",\n'
                    '"Mali","MLI","GDP (current US$)","NY.GDP.MKTP.CD","","",\n'
                    '"Niger","NER","GDP (current US$)","NY.GDP.MKTP.CD","","",\n')
    from impact.errors import ImportFormatError

    with pytest.raises((ImportFormatError, DataError), match=r"NY\.GDP\.MKTP\.CD.*no value") as err:
        import_paths([wide], data_dir=root, replace=True)
    assert wide.name in str(err.value) and "\n" not in str(err.value)
    _unchanged(root, first)


def test_huge_gdp_in_a_file_is_refused_at_import(tmp_path, previous):
    root, first = previous
    bad = tmp_path / "NY.GDP.MKTP.CD.csv"
    bad.write_text("Country Name,Country Code,Year,Value\nMali,MLI,2020,1.7e308\n")
    from impact.errors import ImportFormatError

    with pytest.raises(ImportFormatError, match=r"line 2: MLI value for 2020 1\.7e\+308 for NY\.GDP\.MKTP\.CD is "
                                                r"above 1e\+15 \(an absurd magnitude\)"):
        import_paths([bad], data_dir=root)
    _unchanged(root, first)


# -- item 3: bounded downloads ------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["drip", "silent"])
def test_a_server_that_never_finishes_ends_at_the_deadline(api, previous, kind):
    root, first = previous
    api.fault = {"kind": kind, "path": "SP.POP.TOTL"}
    msg = _refused(root, api.base, r"did not finish within the 1\.5 s deadline", deadline=1.5)
    assert "impact data import" in msg and f"snapshot {first} stays active" in msg
    _unchanged(root, first)


def test_endless_pages_are_refused_at_once(api, previous):
    root, first = previous
    api.fault = {"kind": "pages", "path": "IT.NET.USER.ZS", "pages": 1_000_000_000, "total": 5_000_000_000}
    _refused(root, api.base, r"claims 1,000,000,000 pages .*accepted: at most 500 pages")
    assert sum("IT.NET.USER.ZS" in h for h in api.hits) == 1
    _unchanged(root, first)


def test_an_answer_larger_than_the_bound_is_refused(api, previous, monkeypatch):
    root, first = previous
    monkeypatch.setattr(worldbank, "MAX_BYTES", 1000, raising=False)
    api.fault = {"kind": "body", "path": "FP.CPI.TOTL", "body": b"[" + b" " * 5000 + b"]"}
    _refused(root, api.base, r"refused FP\.CPI\.TOTL.*more than the 1,000 accepted")
    _unchanged(root, first)


@pytest.mark.parametrize("status", [500, 503, 429])
def test_transient_errors_are_retried_with_backoff(api, tmp_path, status):
    api.fault = {"kind": "status", "status": status, "path": "PA.NUS.FCRF", "times": 2}
    snap = worldbank.update(data_dir=tmp_path, base_url=api.base, progress=False)
    assert snap.lookup("MLI", "PA.NUS.FCRF").year == 2023
    assert sum("PA.NUS.FCRF" in h and "page=1&" in h + "&" for h in api.hits) == 3  # two failures, then success


@pytest.mark.parametrize("kind", ["status", "drop"])
def test_persistent_transient_errors_give_up_after_the_retries(api, previous, kind):
    root, first = previous
    api.fault = {"kind": kind, "status": 502, "path": "SP.POP.TOTL"}
    msg = _refused(root, api.base, r"cannot download SP\.POP\.TOTL \(page 1\) from 127\.0\.0\.1:\d+ \(.*, after 4 "
                                   r"attempts\); check the network connection")
    assert "HTTP 502" in msg if kind == "status" else "closed the connection" in msg
    _unchanged(root, first)


def test_a_permanent_http_error_is_not_retried(api, previous):
    root, first = previous
    api.fault = {"kind": "status", "status": 404, "path": "SP.POP.TOTL"}
    _refused(root, api.base, r"refused SP\.POP\.TOTL \(page 1\) \(HTTP 404")
    assert sum("SP.POP.TOTL" in h for h in api.hits) == 1
    _unchanged(root, first)


@pytest.mark.parametrize("body,match", [
    (b"<html>maintenance</html>", "not JSON"),
    (b"{}", "unexpected answer"),
    (b"[]", "unexpected answer"),
    (b'"text"', "unexpected answer"),
    (b'[{"page": 1, "pages": 1, "total": 1}, "rows"]', "unexpected answer"),
    (b'[{"page": 1, "pages": 1, "total": 2}, [1, 2]]', "unexpected row"),
    (b'[{"page": 1, "pages": "x", "total": 2}, []]', "are not whole numbers"),
    (b'[{"page": 1, "pages": -3, "total": 2}, []]', "are not whole numbers"),
    (b'[{"page": 1, "pages": 1, "total": 1}, [{"countryiso3code": 5, "date": "2020", "value": 1}]]', "not text"),
    (b'[{"page": 1, "pages": 1, "total": 1}, [{"countryiso3code": "MLI", "date": "2020", "value": {"a": 1}}]]',
     "is not a number"),
    (b'[{"page": 1, "pages": 1, "total": 1}, [{"countryiso3code": "MLI", "date": "2020", "value": true}]]',
     "is not a number"),
    (b'[{"page": 1, "pages": 1, "total": 1}, [{"countryiso3code": "MLI", "date": "2020", "value": NaN}]]',
     "is not a finite number"),
])
def test_wrong_shapes_are_refused_in_one_line(api, previous, body, match):
    root, first = previous
    api.fault = {"kind": "body", "path": "IT.CEL.SETS.P2", "body": body}
    _refused(root, api.base, match)
    _unchanged(root, first)


def test_wrong_shape_of_the_country_list(api, previous):
    root, first = previous
    api.fault = {"kind": "body", "path": "/country", "body": b'[{"page": 1, "pages": 1, "total": 1}, [["MLI"]]]',
                 "times": 1}
    _refused(root, api.base, r"unexpected row in the answer for the list of economies")
    _unchanged(root, first)


# -- item 11: offline message --------------------------------------------------------------------
def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_offline_without_any_snapshot_says_what_to_do_and_not_that_one_stays(tmp_path, monkeypatch):
    monkeypatch.setattr(worldbank, "BACKOFF", 0.01, raising=False)
    msg = _refused(tmp_path / "d", f"http://127.0.0.1:{_closed_port()}/v2", r"connection refused")
    assert "stays active" not in msg and "no snapshot is active yet" in msg
    assert "impact data import PATH" in msg and "Max retries" not in msg and "Errno" not in msg


def test_offline_with_a_snapshot_says_it_stays_active(previous, monkeypatch):
    root, first = previous
    monkeypatch.setattr(worldbank, "BACKOFF", 0.01, raising=False)
    msg = _refused(root, f"http://127.0.0.1:{_closed_port()}/v2", r"cannot download the list of economies")
    assert msg.endswith(f"nothing was written; snapshot {first} stays active")


def test_unknown_host_is_worded_for_people(tmp_path, monkeypatch):
    monkeypatch.setattr(worldbank, "BACKOFF", 0.01, raising=False)
    monkeypatch.setattr(worldbank, "RETRIES", 0, raising=False)
    _refused(tmp_path, "http://no-such-host.invalid/v2", r"host name not found: no network, or no DNS")


# -- the command line -------------------------------------------------------------------------
def test_cli_update_against_a_server_that_never_finishes(api, previous):
    root, first = previous
    api.fault = {"kind": "drip", "path": "NY.GDP.MKTP.CD"}
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "impact", "data", "--data-dir", str(root), "update",
                          "--base-url", api.base, "--timeout", "2", "--no-progress"],
                         capture_output=True, text=True, timeout=120, env={**os.environ})
    took = time.monotonic() - started
    assert out.returncode == 3 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("impact: error: download of NY.GDP.MKTP.CD")
    assert "within the 2 s deadline" in out.stderr and "Traceback" not in out.stderr
    assert took < 60  # returned: the deadline holds (not a speed measurement)
    _unchanged(root, first)


def test_cli_timeout_must_be_positive(previous):
    root, _ = previous
    out = subprocess.run([sys.executable, "-m", "impact", "data", "--data-dir", str(root), "update",
                          "--timeout", "-1", "--no-progress"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "deadline -1.0 is not accepted" in out.stderr
