"""No English left in French output: the note, sentence, BibTeX, CSL, the command line's Markdown
and the page's inputs table, over every method, disruption type, a regional scenario, a what-if
with GDP given, a constant-dollar one and local currency; and the wording of source texts
(numbers, dates, separators) in French.

Published titles keep the words they were published with (a citation keeps a work's original
title): the check leaves out text between quotes, the methods' own citations, the names of
published works and organisations below, URLs, file names, indicator codes and parameter names.
"""
from __future__ import annotations

import importlib
import io
import json
import re

import pytest
from hypothesis import given, strategies as st
import yaml
from rich.console import Console

import impact
from impact.model import parameters
from impact.model.methods import METHODS
from impact.report import cite

NBSP = "\u00a0"

SCENARIOS = [
    dict(country="Mali", start="2017-06-13", end="2017-06-14", disruption="services", services="facebook,twitter"),
    dict(country="Mali", start="2017-06-13", end="2017-06-14", disruption="services", services="facebook,twitter",
         method="all"),
    dict(country="Ethiopia", days=14, method="all"),
    dict(country="Ethiopia", start="2020-11-04", end="2020-12-31", regions="Tigray", method="all"),
    dict(country="Ethiopia", days=3, regions="Tigray", region_weight="income"),
    dict(country="Mali", days=2, disruption="mobile", method="all"),
    dict(country="India", hours=6, disruption="throttle", severity=0.4, isp_share=0.3, method="all"),
    dict(country="Iraq", days=22, daily_window="05:00-08:00", share=0.5),
    dict(country="Mali", days=2, price_year=2020),
    dict(country="Nigeria", days=5, disruption="services", services="twitter,facebook", method="all"),
    dict(country="USA", days=7, gdp_usd=18.438e12, internet_share=0.06, method="all"),
    dict(country="GBR", days=1, method="all"),
    dict(country="Mali", days=1, disruption="services", services="facebook", penetration=0.01),
    dict(country="Mali", days=2, draws=0, method="all"),
    dict(country="Mali", start="2025-06-13", end="2025-06-14", disruption="services", services="facebook"),
]

# Names of published works, tools and organisations, kept as published.
PUBLISHED_NAMES = (
    "Brookings Institution", "Center for Technology Innovation", "the Cost of Shutdown Tool",
    "Subnational Human Development Database", "US Bureau of Economic Analysis", "Center for Jobs",
    "Business Metrics Nigeria", "MIT Technology Review", "Shutdown Tracker Optimization Project",
    "Global Data Lab", "systema globalis", "Internet Association", "The Independent", "Bank Otkritie",
    "MIT Initiative on the Digital Economy", "Information Systems Research",
)
ENGLISH = (
    "the", "of", "and", "to", "for", "from", "with", "by", "at", "in", "per", "its", "is", "are", "which",
    "when", "than", "this", "these", "over", "between", "before", "after", "no", "as",
    "estimate", "estimated", "estimates", "imported", "retrieved", "range", "assumption", "given", "user",
    "users", "figure", "figures", "share", "shares", "year", "years", "day", "days", "hours", "people",
    "subscriptions", "subscribers", "capped", "regions", "event", "summary", "quoted", "implemented",
    "losses", "revenues", "preliminary", "blackout", "country", "places", "tier", "head", "once", "reading",
    "value", "platforms", "file", "set", "snapshot", "method", "scenario", "override", "fixed", "broadband",
    "January", "February", "April", "May", "June", "July", "August", "October", "December", "None",
    "GDP", "GNI", "PPP", "CPI", "ITU", "OECD", "World Bank",
)
MARKER = re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, ENGLISH)), re.IGNORECASE)


def english_left(text: str) -> list[str]:
    """The English marker words left in ``text`` outside what a citation keeps as published."""
    for citation in (m.citation for m in METHODS.values()):
        text = text.replace(citation, " ")
    for name in PUBLISHED_NAMES:
        text = text.replace(name, " ")
    text = re.sub(r"(?<!\w)'[^'\n]+?'(?!\w)", " ", text)       # quoted titles (not French elisions)
    text = re.sub(r"`[^`]*`", " ", text)                        # commands
    text = re.sub(r"(?:https?://|docs/)\S+", " ", text)          # links
    text = re.sub(r"\S*(?:_|--|\.csv|\.md)\S*", " ", text)       # file and parameter names
    text = re.sub(r"\b[A-Z]{2,3}(?:\.[A-Z0-9]+)+\b", " ", text)  # indicator codes (NY.GDP.MKTP.CD)
    return [m.group(0) for m in MARKER.finditer(text)]


def _context(text: str, word: str) -> str:
    at = text.find(word)
    return text[max(0, at - 80):at + 80]


def french_outputs(result) -> dict[str, str]:
    """Every French text a user reads about ``result``, by where it is shown."""
    cli = importlib.import_module("impact.cli.main")
    from impact.page import compute

    bib = cite.bibtex(result, "fr")
    bib_text = " ".join(re.findall(r"^\s*(?:title|note) = \{(.*)\},?$", bib, re.MULTILINE))
    csl = json.loads(cite.csl_json(result, "fr"))
    frame = compute.inputs_frame(result, "fr")
    table = Console(file=io.StringIO(), width=10_000, color_system=None)
    cli.print_table(result, "fr", out=table)
    return {
        "table": table.file.getvalue(),
        "sentence": cite.sentence(result, "fr"), "note": cite.note(result, "fr"),
        "bibtex": bib_text, "csl": " ".join(str(item.get("title", "")) + " " + str(item.get("note", "")) for item in csl),
        "markdown": cli.markdown(result, "fr"),
        "page inputs": " ".join(" ".join(map(str, row)) for row in frame.itertuples(index=False)),
    }


def known_elsewhere(result) -> list[str]:
    """English written by code outside the source texts: none left (the method rows, the
    constant-dollar row and Deloitte's source are worded in French; tests below)."""
    return []


@pytest.mark.parametrize("fields", SCENARIOS, ids=lambda f: "-".join(f"{v}" for v in f.values())[:60])
def test_french_outputs_have_no_english_left(country_data, fields):
    result = impact.estimate(**fields)
    for where, text in french_outputs(result).items():
        for fragment in known_elsewhere(result):
            text = text.replace(fragment, " ")
        left = english_left(text)
        assert not left, (where, left[:5], _context(text, left[0]))


@pytest.mark.parametrize("fields", [SCENARIOS[1], SCENARIOS[8]], ids=["not-applicable", "constant-usd"])
def test_markdown_tables_have_no_english_left(country_data, fields):
    result = impact.estimate(**fields)
    assert not english_left(french_outputs(result)["markdown"])


def test_deloitte_source_has_no_none_year(country_data):
    result = impact.estimate(**SCENARIOS[10])
    assert "(None)" not in cite.note(result, "fr")


def test_the_check_finds_english(country_data):
    """The check itself: English glosses and words are found, published titles and names are not."""
    assert english_left("Les Eco, 'Le Maroc a perdu' (prints West's formula: GDP × days/365)") == ["GDP", "days"]
    assert english_left("fichier NY.GDP.MKTP.CD.csv importé le 1er décembre 2026, l'utilisateur d'internet") == []
    assert english_left("Darrell M. West, 'Internet shutdowns cost countries $2.4 billion last year', "
                        "Brookings Institution, octobre 2016") == []
    assert english_left("Jeu de paramètres abc, data snapshot x") == ["snapshot"]


def _reference_titles() -> set[str]:
    pset = parameters.load()
    titles = {ref.title for p in pset.parameters.values() for ref in p.references}
    titles |= {k.reference.title for k in pset.known_shares.values()}
    return titles | {pset.deloitte_reference.title}


def test_every_reference_title_is_worded_in_french():
    """A reference added to data/*.yaml needs its French wording in fr.yaml's ``sources``."""
    for title in sorted(_reference_titles()):
        fr = cite.source_text(title, "fr")
        assert not english_left(fr), (title, english_left(fr))


def test_source_numbers_dates_and_separators_are_french():
    fr = cite.source_text(
        "estimated from internet users (2022): 0.0274 of GDP (90% prediction interval 0.0083–0.0905), the fit "
        "of log share on log penetration over 71 sourced iGDP points of 35 countries (slope 0.48, residual sd 0.61 "
        "in log terms) [iGDP shares by McKinsey Global Institute and BCG, 2009-2016, and the five West used: "
        "data/internet_economy_shares.yaml]; with the country's own iGDP points, pooled with the fit (weight 0.87): "
        "EGY 2012 0.010, EGY 2011 0.011; users: World Bank, World Development Indicators "
        "(IT.NET.USER.ZS), file API_IT.NET.USER.ZS.csv imported 2026-12-01", "fr")
    assert "0,0274 du PIB (intervalle de prédiction à 90\u00a0% 0,0083–0,0905)" in fr
    assert "(pente 0,48, écart type résiduel 0,61 en log)" in fr
    assert "sur 71 points iGDP sourcés de 35 pays" in fr
    assert f"(poids 0,87){NBSP}: EGY 2012 0,010{NBSP}; EGY 2011 0,011{NBSP}; utilisateurs{NBSP}: Banque mondiale" in fr
    assert fr.endswith("fichier API_IT.NET.USER.ZS.csv importé le 1er décembre 2026")
    mobile = cite.source_text("mobile / (mobile + fixed broadband) subscriptions × mobile_proxy_factor "
                              "(assumption, 0.8–1.2); World Bank, World Development Indicators (X), file x.csv "
                              "imported 2026-11-28", "fr")
    assert "(hypothèse, 0,8–1,2)" in mobile and mobile.endswith("importé le 28 novembre 2026")
    client = cite.source_text("World Bank, World Development Indicators (SP.POP.TOTL), retrieved 2026-11-28 from "
                              "api.worldbank.org; range 0.1–0.5 (assumption reach_default_share_city)", "fr")
    assert client == ("Banque mondiale, Indicateurs du développement dans le monde (SP.POP.TOTL), téléchargé le "
                      f"28 novembre 2026 depuis api.worldbank.org{NBSP}; fourchette 0,1–0,5 (hypothèse "
                      "reach_default_share_city)")
    assert "une fois" in cite.source_text("West (2016): any set of platforms at the value once", "fr")
    deloitte = cite.source_text("GDP per head US$1,240 (2023) places the country at or below the 'low' tier", "fr")
    assert deloitte == f"un PIB par habitant de 1{NBSP}240 dollars US (2023) place le pays au niveau «{NBSP}faible{NBSP}» ou en dessous"
    history = cite.source_text("1 year(s) before the event: the country's own yearly GDP changes over 20 years "
                               "(mean +7.7%, sd 7.6% in log terms) over 1 year(s), the band made symmetric about "
                               "the GDP used", "fr")
    assert history.startswith(f"1 an avant l'événement{NBSP}: ") and f"sur 20 ans (moyenne +7,7{NBSP}%" in history
    assert cite.source_text("World Bank GDP of 2017: revision ±8% (gdp_revision, assumption)", "fr") == \
        f"PIB de 2017 (Banque mondiale){NBSP}: révision ±8{NBSP}% (gdp_revision, hypothèse)"


def test_every_semicolon_in_french_sources_has_its_space(country_data):
    for fields in SCENARIOS[:6]:
        r = impact.estimate(**fields)
        for text in [cite.source_text(i.source, "fr") for i in r.inputs] + cite.references(r, "fr"):
            assert not re.search(r"\S;", text), text
            assert not re.search(r"\d{4}-\d{2}-\d{2}", text.split("http")[0]), text  # dates in words


def test_every_part_of_every_source_has_its_french_wording(country_data):
    """Each '; ' part of a source the model writes is matched by fr.yaml (a fixed phrase or a
    template): a change of the model's English wording shows here, not as English in a letter."""
    for fields in SCENARIOS:
        r = impact.estimate(**fields)
        sources = [i.source for i in r.inputs] + [r.gdp.source]
        sources += [extra["source"] for extra in (r.local_currency, r.constant_usd) if extra]
        for source in sources:
            for part in cite._top_level_parts(source):
                assert cite.source_text(part, "fr") != part, (part, fields)


def test_english_source_texts_are_unchanged(country_data):
    """English needs no rewording: every source of every scenario reads as the model wrote it."""
    fixed = cite.locale("en")["sources"]
    for fields in SCENARIOS:
        for i in impact.estimate(**fields).inputs:
            if i.source not in fixed:
                assert cite.source_text(i.source, "en") == i.source


def test_source_patterns_are_well_formed():
    """Each French template fills exactly the fields its English pattern captures."""
    raw = yaml.safe_load((cite.LOCALE_DIR / "fr.yaml").read_text(encoding="utf-8"))
    for english, french in raw["source_patterns"]:
        names = {m.group(1) for m in re.finditer(r"\{(\w+)(?::\w+)?\}", english)}
        assert {m.group(1) for m in re.finditer(r"\{(\w+)\}", french)} - {"nbsp"} == names, english
    assert cite._templates("fr")


def test_bibtex_french_has_no_english_provenance_and_no_capital_after_colon(country_data):
    r = impact.estimate(**SCENARIOS[0])
    bib = cite.bibtex(r, "fr")
    assert "Parameter set" not in bib and "Jeu de paramètres" in bib and "instantané de données" in bib
    assert f"Coût économique estimé{NBSP}: le blocage" in bib
    assert ") (" not in cite._title(r, "fr")   # "Twitter (X) (Mali)" read as two asides in a row
    assert "Estimated economic cost: The block" in cite.bibtex(r, "en")
    assert "Parameter set" in cite.bibtex(r, "en")


def test_the_title_says_what_part_of_the_country_was_cut(country_data):
    """Review: the fact sheet's title read 'The mobile-internet shutdown in Ethiopia' for a cut of
    Tigray, overstating the reach."""
    tigray = impact.estimate(country="ETH", days=3, disruption="mobile", regions="tigray")
    assert "in Ethiopia (region: Tigray)," in cite._title(tigray, "en")
    assert f"Éthiopie (région{NBSP}: Tigray)," in cite._title(tigray, "fr")
    half = impact.estimate(country="ETH", days=3, share=0.5)
    assert "in Ethiopia (50% of the population)," in cite._title(half, "en")
    assert "in Ethiopia," in cite._title(impact.estimate(country="ETH", days=3), "en")


@given(st.text(alphabet=st.sampled_from(list("World Bank imported file 2026-13-45 0.1–.,;: ()[]{}'$±%×")), max_size=80))
def test_any_source_text_is_worded_without_error(source):
    assert isinstance(cite.source_text(source, "fr"), str)


def test_a_date_that_is_not_one_stays_as_written():
    assert cite.source_text("World Bank, World Development Indicators (X), file x.csv imported 2026-13-45", "fr") \
        .endswith("importé le 2026-13-45")

