"""Country names in the reader's language, from CLDR (through Babel), for every economy.

* :func:`name` — the short name of an economy in ``en`` or ``fr``: the locale file's own name
  when it gives one (``impact/report/locales/<lang>.yaml``, key ``countries``), else CLDR's;
  English falls back to :func:`impact.data.countries.name`.
* :func:`object_form` — the form used after "cost" ("au Mali", "à l'Éthiopie", "aux
  Philippines"): the locale file's form when given, else built from the CLDR name by the
  locale's ``country_grammar`` rules (French articles: à l'/à la/au/aux, or none for islands
  and city-states).

ISO3 codes are mapped to CLDR's two-letter territory codes with CLDR's own alias table, so
no other country library is needed on this path.
"""
from __future__ import annotations

from functools import lru_cache

# World Bank codes CLDR's alias table does not map (user-assigned or aggregate-like codes).
EXTRA_ALPHA2 = {"XKX": "XK"}
# CLDR's *short* names (alt="short", which Babel does not expose) that read the same in English
# and French, although the long ones differ ("Hong Kong SAR China" / "R.A.S. chinoise de Hong Kong").
SAME_SHORT_NAME = frozenset({"HKG", "MAC"})
VOWELS = tuple("AEIOUYÉÈÊÎÏÔÛÂÀ")  # h is aspirated in the names concerned (Honduras, Hongrie)


@lru_cache(maxsize=None)
def _aliases() -> dict[str, str]:
    from babel.core import get_global

    out = {}
    for code, targets in get_global("territory_aliases").items():
        if len(code) == 3 and code.isalpha() and targets:
            out[code] = targets[0]
    return {**out, **EXTRA_ALPHA2}


def alpha2(iso3: str) -> str | None:
    """CLDR's two-letter territory code of an ISO3 code (None when CLDR has none)."""
    return _aliases().get(str(iso3).upper())


@lru_cache(maxsize=None)
def _territories(lang: str) -> dict[str, str]:
    from babel import Locale

    return dict(Locale.parse(lang).territories)


def cldr_name(iso3: str, lang: str) -> str | None:
    """CLDR's name of the territory in ``lang``, or None."""
    code = alpha2(iso3)
    return _territories(lang).get(code) if code else None


def _locale(lang: str):
    from .cite import locale

    return locale(lang)


def _entry(iso3: str, lang: str):
    return (_locale(lang).get("countries") or {}).get(iso3)


def name(iso3: str, lang: str = "en") -> str:
    """The economy's short name in ``lang`` (the ISO3 code itself only when nothing knows it)."""
    entry = _entry(iso3, lang)
    if isinstance(entry, list):
        return entry[0]
    if lang == "en":  # English entries are sentence forms ("the United States"), not names
        from impact.data import countries

        return countries.name(iso3)
    return cldr_name(iso3, lang) or name(iso3, "en")


def object_form(iso3: str, lang: str = "en") -> str:
    """The name as the object of "cost" in ``lang``: 'Mali' / 'au Mali', "à l'Australie"."""
    entry = _entry(iso3, lang)
    if isinstance(entry, list):
        return entry[1]
    if isinstance(entry, str):
        return entry
    loc = _locale(lang)
    grammar = loc.get("country_grammar")
    text = name(iso3, lang)
    if not grammar:
        return loc["country_fallback"].format(name=text)
    if text in grammar["no_article"] or text.startswith(tuple(grammar["no_article_prefixes"])):
        form = grammar["bare"]
    elif text in grammar["plural"] or text.startswith(tuple(grammar["plural_prefixes"])) or (
            text.endswith("s") and text not in grammar["singular"]):
        form = grammar["plural_form"]
    elif text.startswith(VOWELS) or text[:1].upper() in VOWELS:
        form = grammar["vowel"]
    elif text.endswith("e") and text not in grammar["masculine"]:
        form = grammar["feminine"]
    else:
        form = grammar["masculine_form"]
    return form.format(name=text)


# The French object form of "coûter à" ("à l'Ouganda", "au Mali") rewritten as a subject ("l'Ouganda",
# "le Mali") or a complement of "de" ("de l'Ouganda", "du Mali").
_FR_FORMS = {"subject": (("aux ", "les "), ("au ", "le "), ("à l'", "l'"), ("à la ", "la "), ("à ", "")),
             "of": (("aux ", "des "), ("au ", "du "), ("à l'", "de l'"), ("à la ", "de la "), ("à ", "de "))}


def _rewritten(iso3: str, lang: str, kind: str) -> str:
    form = object_form(iso3, lang)
    if lang == "fr":
        for before, after in _FR_FORMS[kind]:
            if form.startswith(before):
                return after + form[len(before):]
    return form


def subject_form(iso3: str, lang: str = "en") -> str:
    """The name as the subject of a sentence: "l'Ouganda", "le Mali", "les États-Unis"; in
    English the object form ("the United States"). Capitalise it to start a sentence."""
    return _rewritten(iso3, lang, "subject")


def of_form(iso3: str, lang: str = "en") -> str:
    """The name after "of": "de l'Éthiopie", "du Mali", "des États-Unis"; in English "the United States"."""
    return _rewritten(iso3, lang, "of")
