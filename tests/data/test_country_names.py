"""Country names in the tool's languages (review finding 1): CLDR's French and English names
resolve, accents and case ignored; Babel is loaded only when a name is not found otherwise."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from impact.data import countries
from impact.errors import AmbiguousCountryError, UnknownCountryError

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("given, iso3", [
    ("Sénégal", "SEN"), ("Éthiopie", "ETH"), ("Tchad", "TCD"), ("Cameroun", "CMR"),
    ("senegal", "SEN"), ("ETHIOPIE", "ETH"), ("  tchad ", "TCD"), ("Côte d’Ivoire", "CIV"),
    ("Congo-Kinshasa", "COD"), ("Congo-Brazzaville", "COG"), ("Allemagne", "DEU"), ("États-Unis", "USA"),
    ("RDC", "COD"), ("rd congo", "COD"), ("RCA", "CAF"), ("Centrafrique", "CAF"), ("EAU", "ARE"),
    ("Birmanie", "MMR"),
])
def test_french_names_resolve_accents_and_case_ignored(given, iso3):
    assert countries.to_iso3(given) == iso3


@pytest.mark.parametrize("given, iso3", [("Mali", "MLI"), ("MLI", "MLI"), ("DRC", "COD"),
                                         ("Iran (Islamic Republic of)", "IRN"), ("Chad", "TCD")])
def test_what_resolved_before_still_resolves_the_same(given, iso3):
    assert countries.to_iso3(given) == iso3


def test_an_unknown_name_still_suggests_close_names_once_per_country():
    with pytest.raises(UnknownCountryError) as got:
        countries.to_iso3("Tchadd")
    assert got.value.suggestions[0] == "Chad"   # found through its French name, said in English as the message is
    with pytest.raises(UnknownCountryError) as got:
        countries.to_iso3("Atlantis")
    assert not {"Albanie", "Malaisie"} & set(got.value.suggestions)   # no French names in an English message
    with pytest.raises(UnknownCountryError) as got:
        countries.to_iso3("Senegl")
    assert got.value.suggestions == ("Senegal",)   # not also "Sénégal": one name per country
    with pytest.raises(UnknownCountryError, match="ISO 3166 alpha-3"):
        countries.to_iso3("Atlantide")


@pytest.mark.parametrize("given", ["Congo", "congo", " CONGO ", "the Congo", "Le Congo"])
def test_a_name_of_either_congo_is_refused_naming_both(given):
    """Review: a bare "Congo" had been the Republic of the Congo and "the Congo" the Democratic
    Republic (country_converter's patterns), a silent pick between two countries."""
    with pytest.raises(AmbiguousCountryError) as got:
        countries.to_iso3(given)
    assert [iso3 for iso3, _ in got.value.candidates] == ["COG", "COD"]
    assert "(COG)" in str(got.value) and "(COD)" in str(got.value) and "is ambiguous" in str(got.value)
    assert isinstance(got.value, UnknownCountryError)   # handled as any country not resolved
    assert countries.to_iso3("Republic of the Congo") == "COG" and countries.to_iso3("DR Congo") == "COD"


@pytest.mark.parametrize("given, closer", [("Nigera", "Nigeria"), ("Nigerai", "Nigeria"),
                                           ("Guinea-Bisau", "Guinea-Bissau")])
def test_a_misspelt_name_that_a_pattern_takes_for_another_country_is_refused(given, closer):
    """country_converter's patterns match a word's start ('niger' in 'Nigera') or ignore what
    follows a name ('Guinea' in 'Guinea-Bisau'): a name closer to another country's is refused,
    naming both, rather than costed as the country of a smaller economy."""
    with pytest.raises(UnknownCountryError) as got:
        countries.to_iso3(given)
    assert got.value.suggestions[0] == closer and closer in str(got.value)


@pytest.mark.parametrize("given, iso3", [
    ("Niger", "NER"), ("Republic of Niger", "NER"), ("Niger Republic", "NER"), ("Nigeria", "NGA"),
    ("Guinea", "GIN"), ("Guinea Bissau", "GNB"), ("Korea, Rep.", "KOR"), ("Congo, Dem. Rep.", "COD"),
    ("Congo, Rep.", "COG"), ("Venezuela, RB", "VEN"), ("Egypt, Arab Rep.", "EGY"), ("Gambia, The", "GMB"),
    # CLDR's French names that country_converter's patterns took for another country
    ("République dominicaine", "DOM"), ("Samoa américaines", "ASM"), ("Saint-Martin (partie néerlandaise)", "SXM"),
])
def test_names_of_the_world_bank_and_cldr_resolve_to_their_own_country(given, iso3):
    assert countries.to_iso3(given) == iso3


def test_no_hand_written_abbreviation_shadows_a_code_or_a_name_that_resolves_otherwise():
    """RDC, RCA and EAU are French abbreviations, not ISO codes: an alias never hides what a code
    or country_converter's own names would give."""
    codes = set(countries._names())
    for alias, iso3 in countries.ALIASES.items():
        assert alias not in codes and iso3 in codes, alias
        assert countries._coco_iso3(alias) in (None, iso3), alias


def test_babel_is_imported_only_when_a_name_is_not_found_otherwise():
    code = ("import sys\nfrom impact.data import countries\n"
            "assert countries.to_iso3('Mali') == countries.to_iso3('MLI') == 'MLI'\n"
            "print('babel' in sys.modules)\n"
            "assert countries.to_iso3('Cameroun') == 'CMR'\n"
            "print('babel' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "True"]
