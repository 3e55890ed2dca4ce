"""Download path against a local HTTP server speaking the World Bank API v2 JSON format."""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from impact.cli import data as cli_data
from impact.data import worldbank
from impact.errors import DataError
from impact.data.importers import INDICATORS, import_paths
from impact.data.snapshot import Snapshot, activate, active_id, list_snapshots

from conftest import SHARED_DATA

PAGE_CAP = 500  # the server pages at most this many rows, whatever per_page asks


def build_api_data():
    """Country list and rows: GDP from the shared long file, the rest small synthetic series."""
    wdi = SHARED_DATA / "wdi"
    with open(next(wdi.glob("Metadata_Country_*.csv")), encoding="utf-8-sig", newline="") as fh:
        meta = list(csv.DictReader(fh))
    countries = [{"id": r["Country Code"], "iso2Code": "", "name": r["TableName"],
                  "region": {"id": "NA" if not r["Region"] else "XX", "value": r["Region"] or "Aggregates"}}
                 for r in meta]
    with open(wdi / "NY.GDP.MKTP.CD.csv", newline="") as fh:
        gdp = [(r["Country Code"], r["Country Name"], r["Year"], float(r["Value"]) if r["Value"] else None)
               for r in csv.DictReader(fh)]
    rows = {code: [] for code in INDICATORS}
    for iso3, name, year, value in gdp:
        rows["NY.GDP.MKTP.CD"].append((iso3, name, year, value))
    for i, code in enumerate(INDICATORS):
        if code != "NY.GDP.MKTP.CD":
            # positive and below 100 (internet users are a percentage)
            rows[code] = [("MLI", "Mali", str(y), float(i + (y - 2000) / 10)) for y in range(2000, 2024)]
            rows[code].append(("MLI", "Mali", "2024", None))  # the API sends nulls
            rows[code].append(("", "Not classified", "2020", 1.0))  # and rows without ISO3
    return countries, rows


class Api:
    def __init__(self):
        self.countries, self.rows = build_api_data()
        self.fail = None  # (path fragment, page, "500" | "drop")
        self.requests = []


def make_handler(api: Api):
    class Handler(BaseHTTPRequestHandler):
        disable_nagle_algorithm = True  # headers and body leave at once (no 40 ms delayed-ACK wait)

        def log_message(self, *args):
            pass

        def do_GET(self):
            url = urlparse(self.path)
            query = parse_qs(url.query)
            page = int(query.get("page", ["1"])[0])
            per_page = min(int(query.get("per_page", ["50"])[0]), PAGE_CAP)
            api.requests.append(self.path)
            if api.fail and api.fail[0] in url.path and page == api.fail[1]:
                if api.fail[2] == "drop":
                    self.connection.close()
                    return
                self.send_error(500, "server error")
                return
            parts = url.path.strip("/").split("/")
            first = (page - 1) * per_page
            if parts[-1] == "country":
                items = api.countries
                chunk = items[first: first + per_page]
            elif len(parts) >= 4 and parts[-2] == "indicator" and parts[-1] in api.rows:
                code = parts[-1]
                items = api.rows[code]
                chunk = [{"indicator": {"id": code, "value": INDICATORS[code]},
                          "country": {"id": "", "value": n}, "countryiso3code": c, "date": y,
                          "value": v, "unit": "", "obs_status": "", "decimal": 0}
                         for c, n, y, v in items[first: first + per_page]]
            else:
                body = [{"message": [{"id": "120", "key": "Invalid value",
                                      "value": "The provided parameter value is not valid"}]}]
                return self._send(body)
            pages = max(1, -(-len(items) // per_page))
            self._send([{"page": page, "pages": pages, "per_page": per_page, "total": len(items),
                         "lastupdated": "2026-11-20"}, chunk])

        def _send(self, body):
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


@pytest.fixture
def api(monkeypatch, real_data):
    monkeypatch.setattr(worldbank, "BACKOFF", 0.01)
    state = Api()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}/v2"
    yield state
    server.shutdown()
    server.server_close()


def test_download_pages_through_and_matches_served_values(api, tmp_path):
    snap = worldbank.update(data_dir=tmp_path, base_url=api.base, progress=False)
    assert snap.snapshot_id.startswith("wb-")
    assert active_id(tmp_path) == snap.snapshot_id
    assert sum("NY.GDP.MKTP.CD" in r for r in api.requests) > 2  # several pages were fetched
    for iso3, _, year, value in api.rows["NY.GDP.MKTP.CD"]:
        if value is not None:
            obs = snap.lookup(iso3, "NY.GDP.MKTP.CD", int(year))
            assert (obs.value, obs.year) == (value, int(year))
    assert len(snap.economies()) >= 200
    aggregates = {c["id"] for c in api.countries if c["region"]["id"] == "NA"}
    assert "WLD" in aggregates and not aggregates & set(snap.economies())
    obs = snap.lookup("MLI", "SP.POP.TOTL", 2030)
    assert obs.year == 2023  # the null for 2024 was dropped
    assert "retrieved" in obs.source and "127.0.0.1" in obs.source and "SP.POP.TOTL" in obs.source


def test_env_var_overrides_base_url(api, tmp_path, monkeypatch):
    monkeypatch.setenv("IMPACT_WB_API", api.base)
    assert worldbank.api_base() == api.base
    snap = worldbank.update(data_dir=tmp_path, progress=False)
    assert snap.lookup("MLI", "IT.NET.USER.ZS").year == 2023


@pytest.mark.parametrize("how", ["500", "drop"])
def test_interrupted_download_keeps_previous_snapshot(api, tmp_path, how):
    first = worldbank.update(data_dir=tmp_path, base_url=api.base, progress=False)
    api.rows["SP.POP.TOTL"][0] = ("MLI", "Mali", "2000", 123.0)  # new content → a new snapshot id
    api.fail = ("SP.POP.TOTL", 1, how)
    with pytest.raises(DataError, match=rf"cannot download SP\.POP\.TOTL \(page 1\).*after 4 attempts.*"
                                        rf"snapshot {first.snapshot_id} stays active$"):
        worldbank.update(data_dir=tmp_path, base_url=api.base, progress=False)
    assert active_id(tmp_path) == first.snapshot_id
    assert list_snapshots(tmp_path) == [first.snapshot_id]
    assert not [p for p in (tmp_path / "snapshots").iterdir() if p.name.startswith(".")]


def test_api_error_message_is_reported(api, tmp_path):
    api.rows.pop("PA.NUS.FCRF")
    with pytest.raises(DataError, match="refused PA.NUS.FCRF"):
        worldbank.update(data_dir=tmp_path, base_url=api.base, progress=False)


def test_unreachable_server(tmp_path, monkeypatch):
    monkeypatch.setattr(worldbank, "BACKOFF", 0.01)
    with pytest.raises(DataError, match=r"connection refused.*work offline.*'impact data import PATH\.\.\.'"):
        worldbank.update(data_dir=tmp_path, base_url="http://127.0.0.1:9/v2", progress=False)


def _parse(argv):
    parser = argparse.ArgumentParser(prog="impact")
    cli_data.add_parsers(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_cli_update_import_info(api, tmp_path, capsys):
    d = str(tmp_path / "d")
    assert cli_data.run(_parse(["data", "--data-dir", d, "update", "--base-url", api.base, "--no-progress"])) == 0
    assert "downloaded snapshot wb-" in capsys.readouterr().out
    assert cli_data.run(_parse(["data", "--data-dir", d, "info"])) == 0
    out = capsys.readouterr().out
    assert "NY.GDP.MKTP.CD" in out and "retrieved" in out
    assert cli_data.run(_parse(["data", "--data-dir", d, "import", str(SHARED_DATA / "wdi")])) == 0
    assert "imported snapshot import-" in capsys.readouterr().out


@pytest.mark.parametrize("code,value,why", [
    ("NY.GDP.MKTP.CD", -5.0, "is negative"),
    ("NY.GDP.MKTP.CD", float("nan"), "is not a finite number"),  # json.dumps writes NaN, requests reads it
    ("SP.POP.TOTL", float("inf"), "is not a finite number"),
    ("IT.NET.USER.ZS", 130.0, "is above 100"),
    ("PA.NUS.FCRF", 0.0, "is zero"),
    ("FP.CPI.TOTL", "12,5", "is not a number"),
])
def test_bad_api_value_names_indicator_economy_year_and_writes_nothing(api, tmp_path, code, value, why):
    previous = tmp_path / "previous" / "SP.POP.TOTL.csv"
    previous.parent.mkdir()
    previous.write_text("Country Name,Country Code,Year,Value\nMali,MLI,2017,19000000\n")
    first = import_paths([previous], data_dir=tmp_path)
    api.rows[code] = [r for r in api.rows[code] if r[0] != "MLI"] + [("MLI", "Mali", "2017", value)]
    with pytest.raises(DataError) as err:
        worldbank.update(data_dir=tmp_path, base_url=api.base, progress=False)
    msg = str(err.value)
    assert msg.startswith(f"World Bank API value for {code}, MLI, 2017: ") and why in msg
    assert "accepted" in msg or why == "is not a number"
    assert active_id(tmp_path) == first.snapshot_id
    assert list_snapshots(tmp_path) == [first.snapshot_id]


def test_negative_inflation_from_api_is_accepted(api, tmp_path):
    api.rows["FP.CPI.TOTL.ZG"].append(("NER", "Niger", "2019", -2.5))
    snap = worldbank.update(data_dir=tmp_path, base_url=api.base, progress=False)
    assert snap.lookup("NER", "FP.CPI.TOTL.ZG", 2019).value == -2.5


def test_update_keeps_regions_of_previous_snapshot(api, country_data, tmp_path, capsys):
    (tmp_path / "snapshots").mkdir()
    shutil.copytree(country_data.folder, tmp_path / "snapshots" / country_data.snapshot_id)
    activate(country_data.snapshot_id, tmp_path)
    snap = worldbank.update(data_dir=tmp_path, base_url=api.base, progress=False)
    assert snap.snapshot_id.startswith("wb-")
    # every indicator was downloaded: none carried over, all sourced from the API
    assert snap.manifest["carried_over"] == {"from": country_data.snapshot_id, "indicators": [], "regions": True}
    assert all("retrieved" in e["source"] and "carried_over" not in e for e in snap.manifest["indicators"].values())
    assert snap.lookup("MLI", "SP.POP.TOTL", 2010).value == api.rows["SP.POP.TOTL"][10][3]
    # the Global Data Lab regions are still there, marked as carried over
    assert snap.manifest["regions"]["carried_over"] == country_data.snapshot_id
    assert snap.region_share("ETH", ["Tigray"], 2019) == country_data.region_share("ETH", ["Tigray"], 2019)
    assert cli_data.run(_parse(["data", "--data-dir", str(tmp_path), "update", "--base-url", api.base,
                                "--no-progress", "--replace"])) == 0
    assert "carried over" not in capsys.readouterr().out
    assert len(Snapshot(tmp_path / "snapshots" / active_id(tmp_path)).regions) == 0
