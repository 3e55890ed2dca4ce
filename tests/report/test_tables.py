"""The inputs table is written once (impact.report.tables) and the CLI's table, its Markdown, the
page's table and the PDF fact sheet all show the same cells, in English and French; with the
methods pooled each of them says which method every input enters."""
from __future__ import annotations

import io
import re

import pytest

import impact
from impact.cli.main import input_headers, input_rows, markdown
from impact.page import compute, exports, text
from impact.report import cite, tables

POOLED = dict(country="MLI", days=2, method="all")     # a blackout: the three methods apply
SERVICES = dict(country="MLI", days=2, disruption="services", services="facebook,twitter", method="all")


@pytest.fixture(scope="module")
def pooled(_imported_data_dir):
    return impact.estimate(**POOLED, data=_imported_data_dir)


@pytest.fixture(scope="module")
def single(_imported_data_dir):
    return impact.estimate(country="MLI", days=2, data=_imported_data_dir)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_cli_and_page_show_the_same_cells(pooled, single, lang):
    for r in (pooled, single):
        frame = compute.inputs_frame(r, lang)
        cli = input_rows(r, lang)
        assert len(cli) == len(frame) == len(r.inputs)          # every input, none dropped
        headers = input_headers(r, lang)
        assert all(len(row) == len(headers) for row in cli)
        for row, (_, shown) in zip(cli, frame.iterrows()):
            assert list(shown)[:4] == row[:4]                     # label, value, range, year
            assert row[-1] == shown[text.t(lang, "table.source")]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_with_methods_pooled_every_table_names_the_method_of_each_input(pooled, single, lang):
    rows = {r.name: r for r in tables.input_rows(pooled, lang)}
    short = cite.locale(lang)["method_short"]
    assert rows["multiplier"].used_by == short["brookings"]
    assert rows["indirect"].used_by == short["cipesa"]
    assert rows["daily_gdp"].used_by == cite.locale(lang)["table"]["every_method"]
    assert rows["gdp_usd"].used_by == rows["population"].used_by == cite.locale(lang)["table"]["context_input"]
    assert all(r.used_by is None for r in tables.input_rows(single, lang))   # one method: no column
    method = cite.locale(lang)["table"]["method"]
    assert method in input_headers(pooled, lang) and method not in input_headers(single, lang)
    md = markdown(pooled, lang)
    multiplier_line = next(line for line in md.splitlines() if line.startswith(f"| {rows['multiplier'].label} |"))
    assert f"| {short['brookings']} |" in multiplier_line


def test_an_exact_input_has_no_range_and_a_drawn_one_its_percentiles(single):
    rows = {r.name: r for r in tables.input_rows(single)}
    assert rows["days"].range == "" and rows["daily_gdp"].range == ""
    share = next(i for i in single.inputs if i.name == "internet_share")
    lo, hi = cite.input_band(share)
    assert rows["internet_share"].range == f"{cite.percent(lo, 'en')} – {cite.percent(hi, 'en')}"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_fact_sheet_names_the_method_of_each_input_when_pooled(pooled, lang):
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(exports.fact_sheet(pooled, lang))).pages[0]
    body = re.sub(r"\s+", "", page.extract_text())
    assert cite.locale(lang)["table"]["method"] in body
    assert re.sub(r"\s+", "", cite.locale(lang)["table"]["every_method"]) in body


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_when_a_pooled_method_does_not_apply_every_method_says_so(_imported_data_dir, lang):
    """A block of services: Deloitte does not apply, so a shared input enters "every method that
    applies", not "every method" (which would include Deloitte, shown as not applicable below)."""
    r = impact.estimate(**SERVICES, data=_imported_data_dir)
    assert r.methods["deloitte"].cost_usd is None
    rows = {row.name: row for row in tables.input_rows(r, lang)}
    assert rows["daily_gdp"].used_by == cite.locale(lang)["table"]["every_applicable_method"]
    assert cite.locale(lang)["method_short"]["deloitte"] not in {row.used_by for row in rows.values()}
