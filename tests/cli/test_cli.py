"""The command line run for real: in-process through ``main(argv)`` and as a subprocess."""
from __future__ import annotations

import json
import re
import os
import subprocess
import sys
from pathlib import Path

import pytest

import impact
from impact.report import cite
from impact.model import parameters
from impact.cli import main
from impact.model.fields import SCENARIO_FIELDS, override_fields

ROOT = Path(__file__).resolve().parents[2]
MALI = ["--country", "Mali", "--start", "2017-06-13", "--end", "2017-06-14", "--type", "services",
        "--services", "facebook,twitter"]


@pytest.fixture(scope="module")
def data(_imported_data_dir):
    return _imported_data_dir


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_process(*argv, env=None):
    """``python -m impact ARGV`` in a fresh interpreter (IMPACT_DATA_DIR inherited from conftest)."""
    return subprocess.run([sys.executable, "-m", "impact", *argv], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, timeout=120)


@pytest.fixture(scope="module")
def saved(data, tmp_path_factory):
    """A Mali result saved with --json by a real process."""
    proc = run_process("estimate", *MALI, "--json")
    assert proc.returncode == 0, proc.stderr
    path = tmp_path_factory.mktemp("saved") / "mali.json"
    path.write_text(proc.stdout, encoding="utf-8")
    return path


# -- acceptance ---------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_acceptance_cite_command(data, lang):
    proc = run_process("estimate", *MALI, "--cite", "--lang", lang)
    assert proc.returncode == 0, proc.stderr
    r = impact.estimate(country="Mali", start="2017-06-13", end="2017-06-14", disruption="services",
                        services="facebook,twitter")
    sentence = proc.stdout.splitlines()[0]
    assert sentence == cite.sentence(r, lang)
    assert cite.money(r.cost_usd.central, lang) in sentence
    assert cite.money_range(r.cost_usd.low, r.cost_usd.high, lang) in sentence
    assert "Brookings" in sentence and "2017" in sentence
    assert ("fourchette" if lang == "fr" else "range") in sentence
    assert ("Références" if lang == "fr" else "References") in proc.stdout


def test_json_output_holds_figures_inputs_and_provenance(saved):
    d = json.loads(saved.read_text(encoding="utf-8"))
    cost = d["cost_usd"]
    assert 0 < cost["low"] <= cost["central"] <= cost["high"]
    assert d["inputs"] and all({"value", "year", "source", "unit"} <= set(i) for i in d["inputs"])
    gdp = next(i for i in d["inputs"] if i["name"] == "gdp_usd")
    assert gdp["year"] == 2017 and gdp["source"].startswith("World Bank")
    prov = d["provenance"]
    assert prov["package_version"] == impact.__version__
    assert prov["parameter_hash"] == parameters.load().hash
    assert prov["data_snapshot"]


def test_json_inputs_give_the_range_the_tables_show_beside_the_draws_ends(saved):
    """p5/p95 are the band of the inputs table (the same cells as the CLI's, the page's and the PDF's);
    low/high the ends the draws are made from, which for bounded distributions lie outside it."""
    from impact.model.inputs import Input
    from impact.report import cite, tables

    d = json.loads(saved.read_text(encoding="utf-8"))
    for i in d["inputs"]:
        assert i["low"] <= i["p5"] <= i["value"] <= i["p95"] <= i["high"], i
        given = Input(**{k: v for k, v in i.items() if k not in ("p5", "p95")})
        if i["low"] < i["high"] and "US$" not in i["unit"]:   # the table's cell, written from the JSON's p5/p95
            assert tables.input_range(given) == f"{cite.input_value(given, i['p5'], 'en')} – {cite.input_value(given, i['p95'], 'en')}"
    bounded = [i for i in d["inputs"] if i["distribution"] != "lognormal" and i["low"] < i["high"]]
    assert bounded and any(i["low"] < i["p5"] or i["p95"] < i["high"] for i in bounded)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_block_of_services_does_not_call_its_user_hours_lost(data, capsys, lang):
    """Users kept the rest of the internet during a block of platforms: their hours were under the
    block, not lost; a blackout's were."""
    from impact.report import cite

    t = cite.locale(lang)["table"]
    assert main(["estimate", *MALI, "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert t["user_hours_services"].split(" (")[0] in out and t["user_hours"] not in out
    assert main(["estimate", "--country", "Mali", "--days", "1", "--lang", lang]) == 0
    assert t["user_hours"] in capsys.readouterr().out
    # a mobile cut leaves fixed broadband, a throttle a slower connection: neither loses them all
    for kind, extra in (("mobile", []), ("throttle", ["--severity", "0.5"])):
        assert main(["estimate", "--country", "Mali", "--days", "1", "--type", kind, *extra, "--lang", lang]) == 0
        out = capsys.readouterr().out
        assert t[f"user_hours_{kind}"].split(" (")[0] in out and t["user_hours"] not in out


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_daily_windows_give_the_cost_of_a_day_as_its_window(data, capsys, lang):
    from impact.report import cite

    t = cite.locale(lang)["table"]
    args = ["estimate", "--country", "Mali", "--start", "2017-06-01", "--days", "22", "--daily-window", "05:00-08:00"]
    assert main([*args, "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert t["cost_per_window"].format(window="05:00-08:00") in out and t["cost_per_24h"] in out
    assert main([*args, "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    row = next(line for line in out.splitlines() if t["cost_per_window"].format(window="05:00-08:00") in line)
    assert cite.amount_cell(d["cost_usd"]["central"] / 22, lang) in row


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_with_no_draws_the_columns_are_not_called_percentiles(data, capsys, lang):
    from impact.report import cite

    t = cite.locale(lang)["table"]
    assert main(["estimate", "--country", "Mali", "--hours", "24", "--draws", "0", "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert t["low_bound"] in out and t["high_bound"] in out and t["low"] not in out
    assert main(["estimate", "--country", "Mali", "--hours", "24", "--lang", lang]) == 0
    assert t["low"] in capsys.readouterr().out


def test_from_reports_a_match(saved, capsys):
    code, out, err = run(capsys, "estimate", "--from", str(saved))
    assert code == 0, err
    assert out.startswith("re-run matches the saved result")
    assert "cost Mali an estimated" in out


def test_from_in_a_real_process(saved):
    proc = run_process("estimate", "--from", str(saved), "--json")
    assert proc.returncode == 0, proc.stderr
    assert "matches" in proc.stderr  # the report goes to stderr, the JSON alone to stdout
    assert json.loads(proc.stdout)["cost_usd"] == json.loads(saved.read_text())["cost_usd"]


@pytest.mark.parametrize("tamper, named", [
    (lambda d: d["cost_usd"].update(central=d["cost_usd"]["central"] * 1.01), "cost_usd.central"),
    (lambda d: next(i for i in d["inputs"] if i["name"] == "gdp_usd").update(value=1.0e10), "input gdp_usd.value"),
    (lambda d: next(i for i in d["inputs"] if i["name"] == "gdp_usd").update(year=2015), "input gdp_usd.year"),
])
def test_from_reports_a_mismatch_naming_what_moved(saved, tmp_path, capsys, tamper, named):
    d = json.loads(saved.read_text(encoding="utf-8"))
    tamper(d)
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    code, out, err = run(capsys, "estimate", "--from", str(path))
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith("re-run does NOT match") and named in first


def test_from_names_a_changed_snapshot_without_breaking_the_match(saved, tmp_path, capsys):
    d = json.loads(saved.read_text(encoding="utf-8"))
    d["provenance"]["data_snapshot"] = "import-19990101-00000000"
    path = tmp_path / "other-snapshot.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    code, out, _ = run(capsys, "estimate", "--from", str(path))
    assert code == 0 and "data snapshot: import-19990101-00000000 →" in out


@pytest.mark.parametrize("drop, named", [
    (lambda d: d["scenario"].pop("seed"), "scenario.seed"),
    (lambda d: d["scenario"].update(seed=None), "scenario.seed"),
    (lambda d: d["scenario"].pop("draws"), "scenario.draws"),
    (lambda d: d["provenance"].pop("data_snapshot"), "provenance.data_snapshot"),
    (lambda d: d.update(provenance={}), "provenance.package_version, provenance.parameter_hash, provenance.data_snapshot"),
    (lambda d: d.pop("provenance"), "missing provenance"),
])
def test_from_a_record_lacking_its_seed_or_provenance_names_what_is_missing(saved, tmp_path, capsys, drop, named):
    """Review: a record without its seed had been re-run with seed 0 (and without its draws with the
    default number), then reported as no longer matching; without its provenance, as matching."""
    d = json.loads(saved.read_text(encoding="utf-8"))
    drop(d)
    path = tmp_path / "lacking.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    code, out, err = run(capsys, "estimate", "--from", str(path))
    assert code == 2 and out == "" and err.count("\n") == 1 and named in err and "Traceback" not in err
    assert "impact estimate --json" in err


def test_from_refuses_extra_flags_and_bad_files(saved, tmp_path, capsys):
    code, _, err = run(capsys, "estimate", "--from", str(saved), "--country", "Mali")
    assert code == 2 and "--from" in err and "country" in err
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, "estimate", "--from", str(bad))
    assert code == 2 and "not JSON" in err
    bad.write_text(json.dumps({"cost_usd": {}}), encoding="utf-8")
    code, _, err = run(capsys, "estimate", "--from", str(bad))
    assert code == 2 and "missing" in err
    code, _, err = run(capsys, "estimate", "--from", str(tmp_path / "absent.json"))
    assert code == 2 and "no such file" in err


# -- formats ------------------------------------------------------------------------------
def test_default_table(data, capsys):
    code, out, _ = run(capsys, "estimate", *MALI)
    assert code == 0
    r = impact.estimate(country="Mali", start="2017-06-13", end="2017-06-14", disruption="services",
                        services="facebook,twitter")
    assert f"{cite.round_sig(r.cost_usd.central):,.0f}" in out and f"{cite.round_sig(r.cost_usd.low):,.0f}" in out
    assert "current US$ of 2017" in out and "Annual GDP" in out
    assert r.provenance["parameter_hash"] in out and r.provenance["data_snapshot"] in out
    assert "World Bank, World Development Indicators (NY.GDP.MKTP.CD)" in out


@pytest.mark.shared_data
def test_default_table_carries_the_results_notes_and_the_rates_source(data, capsys):
    """The official-rate caveat ('say which rate the dollars use when citing') was only in the
    Markdown, JSON and --cite outputs; the table a user copies from must carry it too."""
    r = impact.estimate(country="IRN", hours=1, start="2022-09-21")
    assert r.notes
    code, out, _ = run(capsys, "estimate", "--country", "Iran", "--hours", "1", "--start", "2022-09-21")
    flat = " ".join(out.split())
    assert code == 0 and "Notes" in out
    for n in r.notes:
        assert " ".join(n.split())[:60] in flat
    assert "PA.NUS.FCRF" in out          # the local-currency row's rate, numbered with the sources


def test_table_in_french(data, capsys):
    code, out, _ = run(capsys, "estimate", *MALI, "--lang", "fr")
    assert code == 0 and "PIB annuel" in out and "dollars US courants de 2017" in out


def test_formats(data, capsys):
    code, out, _ = run(capsys, "estimate", *MALI, "--format", "markdown")
    assert code == 0 and "| Quantity | Central |" in out and "### Methods and sources" in out
    code, out, _ = run(capsys, "estimate", *MALI, "--format", "json")
    assert code == 0 and set(json.loads(out)["cost_usd"]) == {"central", "low", "high"}
    code, out, _ = run(capsys, "estimate", *MALI, "--format", "bibtex", "--lang", "fr")
    assert code == 0 and out.startswith("@misc{") and "language = {french}" in out
    code, out, _ = run(capsys, "estimate", *MALI, "--format", "csl")
    assert code == 0 and json.loads(out)[0]["type"] == "dataset"


def test_json_and_format_are_exclusive(data, capsys):
    code, _, err = run(capsys, "estimate", *MALI, "--json", "--cite")
    assert code == 2 and "not allowed with" in err


def test_cite_command(data, capsys):
    code, out, _ = run(capsys, "cite", *MALI, "--lang", "fr")
    assert code == 0
    assert out.splitlines()[0].startswith("Le blocage de Facebook et de Twitter")
    assert "### Méthode et sources" in out


def test_type_is_an_alias_of_disruption(data, capsys):
    args = ["--country", "Mali", "--days", "2", "--services", "facebook", "--draws", "0"]
    _, a, _ = run(capsys, "estimate", *args, "--type", "services", "--json")
    _, b, _ = run(capsys, "estimate", *args, "--disruption", "services", "--json")
    assert json.loads(a)["cost_usd"] == json.loads(b)["cost_usd"]


def test_overrides_reach_the_model(data, capsys):
    code, out, _ = run(capsys, "estimate", "--country", "USA", "--days", "7", "--gdp-usd", "18.438e12",
                       "--internet-share", "0.06", "--multiplier", "2.55", "--draws", "0", "--json")
    d = json.loads(out)
    assert code == 0 and sorted(d["overridden"]) == ["gdp_usd", "internet_share", "multiplier"]
    assert d["cost_usd"]["central"] == pytest.approx(18.438e12 * 0.06 * 7 / 365 * 2.55, rel=1e-12)


def test_every_field_and_override_has_a_flag(capsys):
    with pytest.raises(SystemExit) as done:
        main(["estimate", "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    for f in (*SCENARIO_FIELDS, *override_fields()):
        assert f.flag in text, f.flag
    assert "--type" in text


# -- params, replicate, data --------------------------------------------------------------
def test_params_lists_every_parameter(capsys):
    code, out, _ = run(capsys, "params")
    assert code == 0
    for row in parameters.as_table():
        assert row["name"] in out and row["unit"] in out and row["urls"][0] in out
    code, out, _ = run(capsys, "params", "--json")
    d = json.loads(out)
    pset = parameters.load()
    names = {p["name"] for p in d["parameters"]}
    assert set(pset.parameters) <= names
    assert {f"internet_share[{c}]" for c in pset.known_shares} <= names
    assert {f"deloitte_share[{t.name}]" for t in pset.deloitte_tiers} <= names
    assert d["parameter_hash"] == parameters.load().hash


@pytest.mark.shared_data
def test_replicate_brookings(data, capsys):
    from impact.reproduce import replicate as validation

    code, out, _ = run(capsys, "replicate", "brookings-2016")
    assert code == 0
    for case in validation.cases("brookings-2016"):
        assert case.id in out and f"{case.published_usd:,.0f}" in out
    assert "India" in out and "cannot be re-run" in out
    code, out, _ = run(capsys, "replicate", "brookings-2016", "--json")
    d = json.loads(out)
    ids = {c["id"] for c in d["cases"]}
    assert {"brookings-us-week", "brookings-us-year", "brookings-morocco-voip", "brookings-brazil-whatsapp"} <= ids
    for c in d["cases"]:
        assert c["ratio"] == pytest.approx(c["ours_usd"]["central"] / c["published_usd"])


def test_data_commands_are_wired(data, capsys):
    code, out, _ = run(capsys, "data", "info")
    assert code == 0 and data.snapshot_id in out


@pytest.mark.parametrize("name", ["Éthiopie", "éthiopie", "ETH"])
def test_a_country_named_in_french_estimates_as_its_code(data, capsys, name):
    code, out, err = run(capsys, "estimate", "--country", name, "--days", "1", "--draws", "0", "--json")
    assert code == 0, err
    assert json.loads(out)["scenario"]["country"] == "ETH"


@pytest.mark.parametrize("lang, says", [("en", ["lasting under one second", "an estimated amount of less than US$1 "
                                                "(range less than US$1)"]),
                                        ("fr", ["d'une durée de moins d'une seconde", "moins d'un dollar US selon "
                                                "l'estimation (fourchette"])])
def test_a_tiny_duration_prints_no_run_of_zeros(data, capsys, lang, says):   # review finding 4
    for extra in ((), ("--cite",), ("--format", "markdown")):
        code, out, err = run(capsys, "estimate", "--country", "Mali", "--hours", "1e-300", "--draws", "0",
                             "--lang", lang, *extra)
        assert code == 0, err
        assert not re.search(r"\d{16}|0[.,]0{12}", out.replace(",", "").replace("\u00a0", "")), out
        if extra == ("--cite",):
            for part in says:
                assert part in out
            assert "an estimated less" not in out and "environ moins" not in out
        else:   # the tables: three significant digits, the tiniest amounts in words
            assert ("less than 1" if lang == "en" else "moins de 1") in out


def test_a_region_repeated_on_the_command_line_is_named_once(data, capsys):
    code, out, err = run(capsys, "estimate", "--country", "ETH", "--days", "1", "--regions", "Tigray,Tigray",
                         "--draws", "0", "--cite")
    assert code == 0, err
    assert "(region: Tigray) an estimated" in out and "Tigray and Tigray" not in out


# -- exit codes ---------------------------------------------------------------------------
@pytest.mark.parametrize("argv, says", [
    (["estimate", "--country", "Atlantis", "--days", "1"], "unknown country 'Atlantis'"),
    (["estimate", "--country", "Mali", "--days", "-1"], "days='-1' is not accepted"),
    (["estimate", "--country", "Mali", "--days", "1", "--bogus"], "unrecognized arguments: --bogus"),
    (["estimate", "--country", "Mali", "--days", "1", "--format", "pdf"], "invalid choice: 'pdf'"),
    (["estimate", "--country", "Mali", "--days", "1", "--cite", "--lang", "de"], "one of en, fr"),
    (["estimate", "--country", "Mali", "--days", "1", "--type", "meteor"], "full, mobile, services, throttle"),
    (["estimate", "--country", "Mali", "--days", "1", "--gdp-usd", "0"], "gdp_usd='0' is not accepted: give a finite "
     "number more than 0"),
    (["estimate", "--country", "Mali", "--days", "1", "--population", "0"], "population='0' is not accepted"),
    (["estimate"], "no scenario given"),
    # an empty flag is refused, not read as left out (an empty --regions costed the whole country)
    (["estimate", "--country", "Ethiopia", "--days", "1", "--regions", ""], "--regions was given empty"),
    (["estimate", "--country", "Ethiopia", "--days", "1", "--share", " "], "--share was given empty"),
    (["estimate", "--country", "Mali", "--days", "3.5", "--daily-window", "09:00-13:00"], "a whole number"),
    (["estimate", "--country", "Nigera", "--days", "1"], "closer to the name of Nigeria"),
    (["estimate", "--country", "Congo", "--days", "1"], "the Republic of the Congo (COG) or the Democratic Republic "
     "of the Congo (COD)"),
    (["replicate", "nope"], "accepted are brookings-2016"),
    ([], "required"),
])
def test_bad_input_exits_2_with_one_line(data, capsys, argv, says):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("impact: error: ") and says in err
    assert "Traceback" not in err and out == ""


def test_exit_codes_in_real_processes(data, tmp_path):
    ok = run_process("estimate", "--country", "Mali", "--days", "1", "--draws", "0", "--json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["cost_usd"]["central"] > 0
    bad = run_process("estimate", "--country", "Mali", "--days", "1", "--share", "2")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "share" in bad.stderr
    assert "Traceback" not in bad.stderr
    empty = run_process("estimate", "--country", "Mali", "--days", "1", env={"IMPACT_DATA_DIR": str(tmp_path)})
    assert empty.returncode == 3 and empty.stderr.count("\n") == 1
    assert "impact data update" in empty.stderr and "impact data import" in empty.stderr
    version = run_process("--version")
    assert version.returncode == 0 and impact.__version__ in version.stdout


def test_missing_value_exits_3_saying_which_command_fixes_it(capsys, monkeypatch):
    from impact.errors import DataMissingError

    def missing(**fields):
        raise DataMissingError("no NY.GDP.MKTP.CD value for Mali (MLI) for 1950 or earlier")

    monkeypatch.setattr("impact.api.estimate", missing)
    code, _, err = run(capsys, "estimate", "--country", "Mali", "--days", "1")
    assert code == 3 and err.count("\n") == 1
    assert "for 1950 or earlier" in err and "impact data update" in err and "impact data import PATH" in err


def test_text_and_markdown_say_what_drives_the_range(capsys, country_data):
    result = impact.estimate(country="ETH", days=1, disruption="mobile")
    top = result.methods["brookings"].sensitivity[0]
    assert top["factor"] == "internet_share"
    for fmt in ("text", "markdown"):
        code, out, _ = run(capsys, "estimate", "--country", "ETH", "--days", "1", "--type", "mobile", "--format", fmt)
        assert code == 0 and "What drives the range" in out
        assert "Internet-economy share of GDP" in out and cite.percent(top["share_of_spread"], "en") in out


@pytest.mark.parametrize("content", ['{"scenario": "Mali", "cost_usd": {"central": 1, "low": 1, "high": 1}, '
                                     '"inputs": [], "provenance": {}}',
                                     '{"scenario": {}, "cost_usd": {"central": 1, "low": 1, "high": 1}, '
                                     '"inputs": 5, "provenance": {}}', "[1, 2]", "not json"])
def test_from_a_file_of_another_shape_is_one_line_exit_2(tmp_path, capsys, content):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "estimate", "--from", str(bad))
    assert code == 2 and err.count("\n") == 1 and "impact estimate --json" in err


def test_from_notices_a_changed_constant_dollar_figure(tmp_path, capsys, country_data):
    code, out, _ = run(capsys, "estimate", "--country", "Mali", "--days", "2", "--price-year", "2020", "--json")
    saved = json.loads(out)
    saved["constant_usd"]["cost"]["central"] *= 2
    path = tmp_path / "saved.json"
    path.write_text(json.dumps(saved), encoding="utf-8")
    code, out, _ = run(capsys, "estimate", "--from", str(path))
    assert code == 1 and "constant_usd.cost.central" in out


def test_unwritable_output_and_bad_preset_are_one_line_exit_2(tmp_path, capsys):
    bad = tmp_path / "p.yaml"
    bad.write_text("scenario: [a\n", encoding="utf-8")
    code, _, err = run(capsys, "estimate", "--preset", str(bad))
    assert code == 2 and "not a readable YAML preset" in err and err.count("\n") == 1
    events = tmp_path / "e.csv"
    events.write_text("country,start,end,type\nMali,2020-01-01,2020-01-02,full\n", encoding="utf-8")
    code, _, err = run(capsys, "batch", str(events), "--output", str(events / "o.csv"))  # a file is no folder
    assert code == 2 and err.startswith("impact: error:") and err.count("\n") == 1


def test_a_start_without_an_end_exits_2_in_one_line(capsys):  # issue 13, item 2
    code, out, err = run(capsys, "estimate", "--country", "Mali", "--start", "2017-06-13")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "start='2017-06-13' needs an end" in err and "Traceback" not in err


def _closed_early(*argv):
    """Run ``python -m impact ARGV`` whose reader closes the pipe before reading anything."""
    proc = subprocess.Popen([sys.executable, "-m", "impact", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ROOT, env=dict(os.environ))
    proc.stdout.close()
    err = proc.stderr.read().decode()
    return proc.wait(timeout=120), err


@pytest.mark.parametrize("argv", [["params"], ["params", "--json"], ["estimate", "--help"]])
def test_a_reader_that_stops_reading_is_a_normal_end_of_output(argv):  # issue 13, item 10
    code, err = _closed_early(*argv)
    assert code == 0 and err == ""


def test_a_rerun_piped_into_a_reader_that_stops_keeps_its_exit_code(data, saved):  # issue 13, item 10
    code, err = _closed_early("estimate", "--from", str(saved))
    assert code == 0 and err == ""
    changed = json.loads(saved.read_text(encoding="utf-8"))
    changed["cost_usd"]["central"] *= 2
    other = saved.with_name("changed.json")
    other.write_text(json.dumps(changed), encoding="utf-8")
    code, err = _closed_early("estimate", "--from", str(other))
    assert code == 1 and "Traceback" not in err


def test_a_tiny_gdp_override_gives_finite_figures(data):  # issue 13, item 4 (CLI side)
    proc = run_process("estimate", "--country", "Mali", "--hours", "24", "--gdp-usd", "5e-324", "--json")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    d = json.loads(proc.stdout)
    assert 0 < d["share_of_annual_gdp"]["low"] <= d["share_of_annual_gdp"]["high"] < 1
    assert d["cost_usd"]["central"] >= 0


@pytest.mark.parametrize("argv", [["--help"], ["estimate", "--help"], ["estimate", "--country", "Mali", "--bogus"]])
def test_help_and_argument_errors_load_no_numpy(argv):
    code = ("import sys\nfrom impact.cli import main\ntry:\n    main(%r)\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('numpy', 'pandas', 'scipy') if m in sys.modules))") % (argv,)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.shared_data
def test_data_missing_advice_fits_the_cause(data, capsys):
    code, _, err = run(capsys, "estimate", "--country", "Mali", "--start", "1961-01-01", "--days", "1")
    assert code == 3 and "starts after 1961: give a later date" in err
    assert "import newer data" not in err and "impact data update" not in err   # newer data cannot help
    code, _, err = run(capsys, "estimate", "--country", "PRK", "--days", "1")
    assert code == 3 and "for any year" in err and "impact data update" in err and "--gdp-usd" in err


@pytest.mark.parametrize("args, flags", [
    (("--country", "Mali"), ("--hours", "--days")),
    (("--country", "Mali", "--days", "1", "--share", "0.5", "--regions", "Kayes"), ("--share", "--isp-share", "--regions")),
    (("--country", "Mali", "--days", "1", "--severity", "0.5"), ("--severity",)),
    (("--country", "Mali", "--start", "2020-01-01"), ("--end", "--hours")),
    (("--country", "Mali", "--days", "1", "--gdp-usd", "1e10", "--price-year", "2020"), ("--gdp-usd", "--gdp-year")),
])
def test_the_command_line_names_fields_as_its_flags(data, capsys, args, flags):
    code, _, err = run(capsys, "estimate", *args)
    assert code == 2 and all(f in err for f in flags)
    assert not re.search(r"\b(hours|days|share|isp_share|regions|severity|end|gdp_usd|gdp_year|price_year)=(?!')", err), err


def test_a_seeds_limit_reads_in_full(data, capsys):
    code, _, err = run(capsys, "estimate", "--country", "Mali", "--days", "1", "--seed", "-1")
    assert code == 2 and "4,294,967,295" in err and "e+09" not in err


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_tables_give_amounts_to_the_sentences_three_significant_digits(data, capsys, lang):
    """The results table says what the sentence says (US$490,000 → 490,000), not digits the range
    says are unknown; --json keeps every digit."""
    code, out, err = run(capsys, "estimate", "--country", "Mali", "--start", "2017-06-13", "--end", "2017-06-14",
                         "--type", "services", "--services", "facebook,twitter", "--lang", lang, "--format", "markdown")
    assert code == 0, err
    _, js, _ = run(capsys, "estimate", "--country", "Mali", "--start", "2017-06-13", "--end", "2017-06-14",
                   "--type", "services", "--services", "facebook,twitter", "--json")
    cost = json.loads(js)["cost_usd"]
    row = next(line for line in out.splitlines() if line.startswith(("| Cost |", "| Coût |")))
    cells = [c.strip() for c in row.strip("|").split("|")]
    sep = "," if lang == "en" else "\u202f"
    for cell, key in zip(cells[1:4], ("central", "low", "high")):
        digits = cell.replace(sep, "").replace("\u00a0", "").replace(" ", "")
        assert float(digits) == cite.round_sig(cost[key]), (cell, cost[key])
        assert float(digits) != cost[key]   # the raw figure has more digits than three


def test_services_other_carries_a_note_saying_what_it_is_costed_as(data, capsys):
    """Review: ``--services other`` was costed with no word of what "other" stands for."""
    import impact
    from impact.report import cite

    code, out, err = run(capsys, "estimate", "--country", "Mali", "--days", "1", "--type", "services",
                         "--services", "other", "--draws", "0")
    assert code == 0, err
    flat = " ".join(out.split())
    assert "'other' (a platform not in the list) is costed as any listed platform is" in flat
    r = impact.estimate(country="Mali", days=1, disruption="services", services="other,facebook", draws=0)
    note = next(n for n in r.notes if n.code == "services_other")
    apps = next(i for i in r.inputs if i.name == "app_value_share")
    assert note.params["share"] == apps.value   # the value the block was costed at, not a constant
    assert "« other »" in cite.note(r, "fr").replace("\u202f", " ").replace("\xa0", " ")
    plain = impact.estimate(country="Mali", days=1, disruption="services", services="facebook", draws=0)
    assert "services_other" not in {n.code for n in plain.notes}


@pytest.mark.parametrize("argv, why", [
    (["--internet-share", "0"], "The figure is zero: the method multiplies by the internet-economy share of GDP, 0 here "
                                "(given), so it counts no loss."),
    (["--type", "services", "--services", "facebook", "--app-value-share", "0"],
     "The figure is zero: the method multiplies by the value of free apps, 0 here (given)"),
])
def test_a_zero_cost_says_why_it_is_zero(data, capsys, argv, why):
    """Review: a result of US$0 was said bare ("cost Mali an estimated US$0 (range US$0–0)")."""
    import impact
    from impact.report import cite

    code, out, err = run(capsys, "estimate", "--country", "Mali", "--days", "1", "--draws", "0", *argv, "--cite")
    assert code == 0, err
    assert "US$0" in out and why in " ".join(out.split())
    zero = impact.estimate(country="Mali", days=1, draws=0, internet_share=0)
    assert cite.sentence(zero, "fr").endswith("si bien qu'elle ne compte aucune perte.")
    assert cite.zero_words(impact.estimate(country="Mali", days=1, draws=0)) == ""   # a cost is not explained away
