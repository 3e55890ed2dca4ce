"""Letter-ready exports (impact.page.exports): the fact sheet PDF and the chart images, in English
and French, opened and read back: their text holds the sentence's figure, the data year and the
sources."""
from __future__ import annotations

import io
import re

import pytest

import impact
from impact.page import compute, exports
from impact.report import cite

pytestmark = pytest.mark.shared_data  # Mali 2017 and Ethiopia 2020 from the real World Bank data

LINK = "http://localhost:8501/?country=MLI&start=2017-06-13&end=2017-06-14&disruption=services&services=facebook,twitter"
MALI = dict(country="MLI", start="2017-06-13", end="2017-06-14", disruption="services", services="facebook,twitter")


@pytest.fixture(scope="module")
def mali(_imported_data_dir):
    return impact.estimate(**MALI, data=_imported_data_dir)


def _flat(s: str) -> str:
    """Text with every kind of space made one plain space (PDF extraction splits and doubles them)."""
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ").replace("\u202f", " "))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_fact_sheet_is_one_page_with_the_figure_data_year_sources_and_link(mali, lang):
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(exports.fact_sheet(mali, lang, LINK)))
    assert len(pdf.pages) == 1
    body = _flat(pdf.pages[0].extract_text())
    compact = body.replace(" ", "")
    figure = cite.money(mali.cost_usd.central, lang)
    assert _flat(figure).replace(" ", "") in compact
    assert _flat(cite.money_range(mali.cost_usd.low, mali.cost_usd.high, lang)).replace(" ", "") in compact
    assert str(mali.gdp.year) in body
    assert _flat(cite.source_text(mali.gdp.source, lang)).replace(" ", "") in compact
    for ref in cite.references(mali, lang):
        assert _flat(ref)[:60].replace(" ", "") in compact
        for token in ref.split():   # every link whole, to be followed (web addresses and the project's docs)
            if "://" in token or token.startswith("docs/"):
                link = token.rstrip(").,;")
                assert link.replace(" ", "") in compact, link
    assert LINK.replace(" ", "")[:60] in compact
    # the sentence is there, in the language asked
    assert _flat(cite.sentence(mali, lang)).replace(" ", "")[:80] in compact
    assert ("a coûté au Mali" in body) == (lang == "fr")


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("kind", ["waterfall", "curve", "methods", "world"])
def test_each_chart_image_says_what_it_shows(mali, lang, kind, _imported_data_dir):
    from PIL import Image

    every = impact.estimate(**MALI, method="all", data=_imported_data_dir)
    world = compute.world(_imported_data_dir)[0] if kind == "world" else None
    svg = exports.chart(kind, mali, lang, "svg", every=every, world=world).decode("utf-8")
    png = exports.chart(kind, mali, lang, "png", every=every, world=world)
    texts = _flat(" ".join(re.sub(r"<[^>]+>", "", m) for m in re.findall(r"<text[^>]*>.*?</text>", svg, re.S)))
    meta = _flat(Image.open(io.BytesIO(png)).info.get("Description", ""))
    year = str(mali.gdp.year) if kind != "world" else compute.world_year(world).split()[0]
    for shown in (texts, meta):
        assert year in shown
        if kind == "world":
            assert "World Bank" in shown or "Banque mondiale" in shown
        else:
            assert _flat(cite.money(mali.cost_usd.central, lang)) in shown
            assert _flat(cite.money_range(mali.cost_usd.low, mali.cost_usd.high, lang)) in shown
            assert _flat(cite.source_text(mali.gdp.source, lang)) in shown
            assert _flat(cite.country(mali.scenario.country, lang)[0]) in shown
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_note_for_a_letter_gives_the_link_not_command_line_flags(mali, lang):
    md = exports.note_markdown(mali, lang, LINK)
    plain = exports.note_text(mali, lang, LINK)
    for out in (md, plain):
        assert LINK in out and "--" not in out and "impact estimate" not in out
        assert cite.sentence(mali, lang) in out
    assert "**" in md and "**" not in plain and "###" not in plain and "`" not in plain


@pytest.mark.parametrize("fields", [
    dict(country="ETH", start="2020-11-04", end="2020-12-31", disruption="mobile", regions=["Tigray", "Amhara"],
         method="all", price_year=2023),
    dict(country="IND", start="2019-08-05", end="2019-08-10", disruption="throttle", severity=0.6, isp_share=0.4,
         method="cipesa", gdp_usd=2.5e12),
])
def test_the_fact_sheet_fits_its_page_for_larger_scenarios(fields, _imported_data_dir):
    from pypdf import PdfReader

    r = impact.estimate(**fields, data=_imported_data_dir)
    for lang in ("en", "fr"):
        page = PdfReader(io.BytesIO(exports.fact_sheet(r, lang, LINK))).pages[0]
        lines = []
        page.extract_text(visitor_text=lambda t, cm, tm, fd, fs: lines.append((tm[5], t)) if t.strip() else None)
        top = float(page.mediabox.height)
        assert lines and min(y for y, _ in lines) > 0 and max(y for y, _ in lines) < top  # all on the page
        # the provenance line at the foot (bottom 12 mm) overlaps nothing above it
        p, loc = r.provenance, cite.locale(lang)
        footer = _flat(cite._fill(loc["table"]["provenance"], version=p.get("package_version", ""),
                                  parameter_hash=p.get("parameter_hash"), snapshot=p.get("data_snapshot"),
                                  seed=r.scenario.seed, draws=cite.number(r.scenario.draws, lang),
                                  computed_at=cite.computed(p.get("computed_at"), lang)))
        band = 13 / 25.4 * 72
        foot = [(y, t) for y, t in lines if y < band]
        assert foot and all(_flat(t).strip() in footer for _, t in foot), foot  # only the footer down there
        assert min(y for y, t in lines if y >= band) > max(y for y, _ in foot) + 6
        body = _flat(page.extract_text()).replace(" ", "")
        assert _flat(cite.money(cite.headline(r)[0]["central"], lang)).replace(" ", "") in body
        for i in r.inputs:  # every input is listed (its source may be shortened)
            assert _flat(cite.source_text(i.source, lang))[:30].replace(" ", "") in body


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_without_a_link_the_fact_sheet_and_the_notes_give_the_command_that_reruns_the_figure(mali, lang):
    """A page on the author's computer has no link a reader can open: its downloads give the command."""
    from pypdf import PdfReader

    command = compute.command_line({**{k: v for k, v in MALI.items()}, "lang": lang})
    assert command.startswith("impact estimate --country MLI") and f"--lang {lang}" in command
    body = _flat(PdfReader(io.BytesIO(exports.fact_sheet(mali, lang, "", command))).pages[0].extract_text())
    assert "--services facebook,twitter" in body.replace(" ,", ",") and "localhost" not in body
    for note in (exports.note_markdown(mali, lang, "", command), exports.note_text(mali, lang, "", command)):
        assert command in note and "impact estimate …" not in note and "localhost" not in note
    plain = exports.note_markdown(mali, lang)   # the CLI's own note keeps its general advice
    assert command not in plain


@pytest.mark.parametrize("fields, stem", [
    ({"country": "MLI", "start": "2017-06-13", "end": "2017-06-14"}, "impact_MLI_2017-06-13_2017-06-14"),
    ({"country": "MLI", "start": "2017-06-13T22:00", "end": "2017-06-14T03:30"}, "impact_MLI_2017-06-13_2017-06-14"),
    ({"country": "ETH", "start": "2020-11-04", "end": "2020-11-04", "regions": ["Tigray"]},
     "impact_ETH_2020-11-04_2020-11-04"),
    ({"country": "MLI", "hours": 1.5}, "impact_MLI_1.5h"),
])
def test_download_file_names_say_country_and_dates_in_safe_characters(country_data, fields, stem):
    import re

    import impact
    from impact.page import compute

    r = impact.estimate(**fields)
    assert compute.file_name(r, "pdf") == f"{stem}.pdf"
    assert compute.file_name(r, "pdf", lang="fr") == f"{stem}_fr.pdf"
    assert compute.file_name(r, "csv", "inputs") == f"{stem}_inputs.csv"
    for name in (compute.file_name(r, "svg", "waterfall chart", "fr"), compute.file_name(r, "PNG", "é/x", "fr")):
        assert re.fullmatch(r"[A-Za-z0-9_.-]+", name) and name.startswith(stem + "_"), name
