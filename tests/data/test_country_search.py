"""Country search (impact.data.countries.search): a partly typed name, without its accents or as
another name, finds the country; a part of a word inside another name does not."""
from __future__ import annotations

import pytest

from impact.data import countries

EVERY = sorted(countries._names())


@pytest.mark.parametrize("typed, iso3", [
    ("Cote d'Ivoire", "CIV"), ("cote d’ivoire", "CIV"), ("Ivory Coast", "CIV"), ("ivoire", "CIV"),
    ("Turkiye", "TUR"), ("Türkiye", "TUR"), ("Turkey", "TUR"), ("Turquie", "TUR"),
    ("Burma", "MMR"), ("Birmanie", "MMR"), ("Ethiopie", "ETH"), ("Coree du Sud", "KOR"), ("South Korea", "KOR"),
    ("Tchad", "TCD"), ("Sénégal", "SEN"), ("senegal", "SEN"), ("mli", "MLI"), ("DRC", "COD"), ("RDC", "COD"),
])
def test_an_unaccented_or_other_name_finds_the_country(typed, iso3):
    assert iso3 in countries.search(typed, EVERY)


@pytest.mark.parametrize("typed, found, not_found", [
    ("Mali", "MLI", "SOM"),        # 'Somalia' holds 'mali' inside a word
    ("Niger", "NER", "DZA"),       # 'Nigeria' starts with it: both, but not Algeria ('Algérie')
    ("Guin", "GIN", "ARG"),
])
def test_a_name_finds_names_and_words_that_start_with_it(typed, found, not_found):
    got = countries.search(typed, EVERY)
    assert found in got and not_found not in got


def test_the_order_of_the_list_is_kept_and_nothing_is_found_for_no_name():
    among = ["TUR", "CIV", "MLI"]
    assert countries.search("", among) == among and countries.search("  ", among) == among
    assert countries.search("Ivory Coast", among) == ["CIV"]
    assert countries.search("xyzzy", among) == [] and countries.search("Cote", ["MLI"]) == []
