"""Country names in French from CLDR (Babel) for every economy of the snapshot."""
from __future__ import annotations

import pytest

import impact
from impact.report import cite, names


@pytest.mark.shared_data
def test_every_economy_has_a_french_name_that_differs_where_cldrs_does(country_data):
    economies = country_data.economies()
    assert len(economies) > 150
    for iso3 in economies:
        en, fr = names.name(iso3, "en"), names.name(iso3, "fr")
        assert fr and fr != iso3, iso3
        entry = (cite.locale("fr").get("countries") or {}).get(iso3)
        code = names.alpha2(iso3)
        cldr_en = names.cldr_name(iso3, "en")
        cldr_fr = names.cldr_name(iso3, "fr")
        if not entry and code and cldr_fr and cldr_en and cldr_fr != cldr_en and iso3 not in names.SAME_SHORT_NAME:
            # (our English name may already be the French form, e.g. Saint-Martin)
            assert fr != en or en == cldr_fr, (iso3, en, fr)
        assert fr == (entry[0] if entry else cldr_fr), iso3  # the locale file's name, else CLDR's
        # the sentence's form: a French preposition and the name
        form = names.object_form(iso3, "fr")
        assert form.endswith(fr) and form.split(" ")[0] in ("à", "au", "aux"), (iso3, form)


@pytest.mark.shared_data
def test_the_french_sentence_names_the_country_in_french(country_data):
    r = impact.estimate(country="AUS", hours=24, data=country_data)
    fr = cite.sentence(r, "fr")
    assert "à l'Australie" in fr and "Australia" not in fr
    assert "cost Australia" in cite.sentence(r, "en")
    assert names.object_form("HND", "fr") == "au Honduras"
    assert names.object_form("MLT", "fr") == "à Malte"


@pytest.mark.parametrize("iso3, subject, of", [
    ("UGA", "l'Ouganda", "de l'Ouganda"), ("MLI", "le Mali", "du Mali"), ("USA", "les États-Unis", "des États-Unis"),
    ("FRA", "la France", "de la France"), ("CUB", "Cuba", "de Cuba"), ("ETH", "l'Éthiopie", "de l'Éthiopie"),
])
def test_french_names_as_a_subject_and_after_de(iso3, subject, of):
    """'L'Ouganda est au rang 118', 'une région de l'Éthiopie', not 'Ouganda est', 'de Éthiopie' (review)."""
    assert names.subject_form(iso3, "fr") == subject and names.of_form(iso3, "fr") == of
    assert names.subject_form("USA", "en") == "the United States"
