"""Country names and codes: any common name or code → ISO 3166 alpha-3, with suggestions.

Resolution follows ``country_converter`` with its own data table (``country_data.tsv``: the
names, codes and regular expressions it maintains for the names used by the UN, the World Bank,
ISO and others). The table is read once with :mod:`csv`, without importing country_converter
itself (which loads pandas), and resolved the way ``country_converter.convert`` does: a number
is an ISO numeric code, two letters an ISO2 code, three letters an ISO3 code, anything longer is
matched against every regular expression (case ignored, after cutting "excluding …",
"without …"), and only a single match resolves. A handful of everyday abbreviations it does not
know are added in :data:`ALIASES`. A name none of these resolves is looked up, accents and case
ignored, among CLDR's territory names in the languages the tool speaks (through Babel, imported
only then): 'Sénégal', 'Tchad', 'Cameroun'.
"""
from __future__ import annotations

import csv
import difflib
import importlib.util
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from impact.errors import AmbiguousCountryError, UnknownCountryError

# World Bank economy codes that are not ISO 3166 and that country_converter does not know.
EXTRA_ECONOMIES = {"CHI": "Channel Islands"}
# Territories without World Bank data that name resolution would silently turn into a whole
# country: refused, with the regions to give instead (GDL names; impact.events.registry uses the same).
_GAZA = ("PSE", ("North Gaza, Gaza", "Deir El-Balah, Khan Yunis, Rafah"))
TERRITORIES = {"somaliland": ("SOM", ("Awdal", "W Galbeed", "Togdhere", "Sanaag", "Sool")),
               "gaza": _GAZA, "gaza strip": _GAZA,
               "west bank": ("PSE", ("Jenin, Tubas, Tulkarm, Nablus, Qalqiliya",
                                     "Salfit, Ramallah, Al-Bireh, Jericho, Al Aghwar", "Jerusalem", "Bethlehem, Hebron"))}
# Common abbreviations and short names that neither country_converter nor CLDR resolves: in
# English, and in French (RDC, République démocratique du Congo; RCA, République centrafricaine;
# EAU, Émirats arabes unis; Centrafrique and Birmanie, the everyday names CLDR gives only inside
# brackets or as "République centrafricaine" and "Myanmar (Birmanie)").
ALIASES = {"DRC": "COD", "DR CONGO": "COD", "UAE": "ARE", "UK": "GBR", "US": "USA", "CAR": "CAF",
           "RDC": "COD", "RD CONGO": "COD", "RCA": "CAF", "EAU": "ARE", "CENTRAFRIQUE": "CAF", "BIRMANIE": "MMR"}
# Names that fit more than one country, refused with the candidates (country_converter reads a
# bare "Congo" as the Republic of the Congo and "the Congo" as the Democratic Republic: a silent pick).
AMBIGUOUS = {"congo": (("COG", "the Republic of the Congo"), ("COD", "the Democratic Republic of the Congo")),
             "the congo": (("COG", "the Republic of the Congo"), ("COD", "the Democratic Republic of the Congo")),
             "le congo": (("COG", "the Republic of the Congo"), ("COD", "the Democratic Republic of the Congo"))}
# country_converter's own words that negate what follows ("Asia excluding China" → "Asia").
_EXCLUDE = re.compile("|".join(["excl\\w.*", "without", "w/o"]))
# Cells pandas reads as missing in country_converter's loader (its STR_NA_VALUES but "NA").
_NA = {"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>",
       "N/A", "NULL", "NaN", "None", "n/a", "nan", "null"}


def data_file() -> Path:
    """country_converter's data table (found without importing the package)."""
    spec = importlib.util.find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("country_converter is not installed (pip install country_converter)")
    return Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"


def _code(cell: str) -> str:
    """A code cell as country_converter outputs it: first alternative, letters and digits only."""
    return "".join(c for c in cell.split("|")[0] if c.isalnum()).upper()


@lru_cache(maxsize=1)
def _table() -> list[dict[str, str]]:
    """Rows of country_converter's table that are not obsolete (as country_converter keeps them)."""
    with open(data_file(), encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [{k: ("" if v is None or v in _NA else v) for k, v in r.items()} for r in rows
            if (r.get("obsolete") or "") in _NA]


@lru_cache(maxsize=1)
def _iso2() -> dict[str, str]:
    return {_code(r["ISO3"]): _code(r["ISO2"]) for r in _table() if r["ISO3"] and r["ISO2"]}


@lru_cache(maxsize=1)
def _regexes() -> list[tuple[re.Pattern, str]]:
    return [(re.compile(r["regex"], re.IGNORECASE), _code(r["ISO3"])) for r in _table() if r["regex"] and r["ISO3"]]


def _coco_iso3(text: str) -> str | None:
    """ISO3 code country_converter's ``convert(text, to="ISO3")`` gives, None unless exactly one."""
    name = _EXCLUDE.split(text)[0]
    try:
        int(name)
        hits = [_code(r["ISO3"]) for r in _table() if r["ISOnumeric"] == name.strip() and r["ISO3"]]
    except ValueError:
        if len(name) == 2:
            hits = [_code(r["ISO3"]) for r in _table() if r["ISO2"] and r["ISO3"]
                    and re.search(r["ISO2"], name, re.IGNORECASE)]
        elif len(name) == 3:
            hits = [_code(r["ISO3"]) for r in _table() if r["ISO3"]
                    and re.fullmatch(re.escape(name), r["ISO3"].split(".")[0], re.IGNORECASE)]
        else:
            hits = [iso3 for pattern, iso3 in _regexes() if pattern.search(name)]
    return hits[0] if len(hits) == 1 else None


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """ISO3 → short English name, for every country country_converter knows."""
    names = {_code(r["ISO3"]): r["name_short"] for r in _table() if r["ISO3"]}
    return {**names, **EXTRA_ECONOMIES}


def _fold(text: str) -> str:
    """``text`` without accents, case or typographic apostrophes, for comparing names."""
    text = unicodedata.normalize("NFKD", text).replace("\u2019", "'")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


@lru_cache(maxsize=1)
def _cldr_names() -> dict[str, tuple[str, str]]:
    """Folded CLDR territory name → (name, ISO3), in every language of :data:`impact.languages.LANGS`
    (English first), for the economies :func:`_names` knows."""
    from babel import Locale

    from impact.languages import LANGS

    iso3_of = {a2: a3 for a3, a2 in _iso2().items() if len(a2) == 2 and a3 in _names()}
    out: dict[str, tuple[str, str]] = {}
    for lang in LANGS:
        for code, text in Locale.parse(lang).territories.items():
            if code in iso3_of:
                out.setdefault(_fold(text), (text, iso3_of[code]))
    return out


@lru_cache(maxsize=4096)
def to_iso3(name: str) -> str:
    """Resolve a country name or code to ISO3, or raise :class:`UnknownCountryError`.

    >>> to_iso3("Iran (Islamic Republic of)")
    'IRN'
    """
    if not isinstance(name, str) or not name.strip():
        raise UnknownCountryError(str(name), ())
    text = name.strip()
    if _fold(text) in TERRITORIES:
        iso3, regions = TERRITORIES[_fold(text)]
        given = text if any("," in r for r in regions) else ",".join(regions)  # GDL names with commas: the alias
        raise UnknownCountryError(name, (), hint=f"{text} has no World Bank data of its own: give country "
                                  f"{iso3!r} with regions={given!r}")
    if _fold(text) in AMBIGUOUS:
        raise AmbiguousCountryError(text, AMBIGUOUS[_fold(text)])
    if text.upper() in ALIASES:
        return ALIASES[text.upper()]
    names = _names()
    if text.upper() in names:
        return text.upper()
    extra = {_fold(v): k for k, v in EXTRA_ECONOMIES.items()}
    if _fold(text) in extra:
        return extra[_fold(text)]
    exact = _coco_names().get(_fold(text))
    if exact:  # a name as country_converter gives it
        return exact[1]
    found = _coco_iso3(text)
    if found in names:
        exact = _known_names().get(_fold(text))
        if exact:  # a name as CLDR gives it: 'République dominicaine' is not Dominica
            return exact[1]
        closer = _closer_country(text, found)
        if closer:  # 'Nigera': country_converter's pattern for Niger matches a misspelt Nigeria
            raise UnknownCountryError(name, dict.fromkeys([closer, names[found], *suggest(text)]),
                                      hint=f"It reads as {names[found]} ({found}) but is closer to the name of "
                                           f"{closer}: give the name in full or an ISO3 code")
        return found
    cldr = _cldr_names().get(_fold(text))
    if cldr:
        return cldr[1]
    raise UnknownCountryError(name, suggest(text))


@lru_cache(maxsize=1)
def _coco_names() -> dict[str, tuple[str, str]]:
    """Folded name → (name, ISO3): country_converter's short and official names."""
    out: dict[str, tuple[str, str]] = {}
    for r in _table():
        iso3 = _code(r["ISO3"]) if r["ISO3"] else ""
        if iso3 in _names():
            for column in ("name_short", "name_official"):
                if r.get(column):
                    out.setdefault(_fold(r[column]), (r[column], iso3))
    return out


@lru_cache(maxsize=1)
def _known_names() -> dict[str, tuple[str, str]]:
    """Folded name → (name, ISO3): country_converter's names and CLDR's (Babel imported)."""
    out = dict(_coco_names())
    for key, entry in _cldr_names().items():
        out.setdefault(key, entry)
    return out


# A name is taken for a misspelling of another country's when it is at least this alike to that
# name (difflib's ratio; 'Nigera' is 0.92 alike to 'Nigeria', 'Guinea-Bisau' 0.96 to 'Guinea-Bissau').
MISSPELT = 0.8


def _closer_country(text: str, iso3: str) -> str | None:
    """The name of another country that ``text`` is closer to than to any name of ``iso3`` (at
    least :data:`MISSPELT` alike), else None: country_converter's patterns match a word's start
    ('niger' in 'Nigera') or ignore what follows it ('Guinea' in 'Guinea-Bisau')."""
    known = _known_names()
    key = _fold(text)
    if known.get(key, ("", ""))[1] == iso3:
        return None
    best = difflib.get_close_matches(key, list(known), n=1, cutoff=MISSPELT)
    if not best or known[best[0]][1] == iso3:
        return None
    other = difflib.SequenceMatcher(None, key, best[0]).ratio()
    own = max((difflib.SequenceMatcher(None, key, k).ratio() for k, (_, c) in known.items() if c == iso3), default=0.0)
    return known[best[0]][0] if other > own else None


def suggest(text: str, n: int = 3) -> list[str]:
    """Closest countries to a string that did not resolve (matched against English short names and
    CLDR's names in the tool's languages), one per country, by their English short names."""
    folded = {_fold(v): (v, k) for k, v in _names().items()}
    for key, entry in _cldr_names().items():
        folded.setdefault(key, entry)
    out: dict[str, str] = {}
    for hit in difflib.get_close_matches(_fold(text), list(folded), n=4 * n, cutoff=0.6):
        iso3 = folded[hit][1]
        out.setdefault(iso3, _names().get(iso3, folded[hit][0]))  # said in English, as the message is
    return list(out.values())[:n]


def name(iso3: str) -> str:
    """Short English name of an ISO3 code (the code itself if unknown)."""
    return _names().get(iso3, iso3)


def iso2(iso3: str) -> str | None:
    """ISO 3166 alpha-2 code of an ISO3 code (None when there is none, e.g. World Bank-only codes)."""
    found = _iso2().get(str(iso3).upper())
    return found if found and len(found) == 2 else None


@lru_cache(maxsize=1)
def _search_keys() -> dict[str, tuple[str, ...]]:
    """ISO3 → folded names it is searched by: country_converter's short and official names, CLDR's
    names in the tool's languages, the codes and :data:`ALIASES`."""
    out: dict[str, list[str]] = {}
    for table in (_coco_names(), _cldr_names()):
        for key, (_, iso3) in table.items():
            out.setdefault(iso3, []).append(key)
    for iso3, a2 in _iso2().items():
        out.setdefault(iso3, []).extend([iso3.casefold()] + ([a2.casefold()] if len(a2) == 2 else []))
    for alias, iso3 in ALIASES.items():
        out.setdefault(iso3, []).append(_fold(alias))
    for iso3, text in EXTRA_ECONOMIES.items():
        out.setdefault(iso3, []).extend([iso3.casefold(), _fold(text)])
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def search(text: str, among) -> list[str]:
    """The ISO3 codes of ``among`` (in its order) that a partly typed name finds, accents, case and
    apostrophes ignored: a part of any of its names in English or French, its official name, or an
    other name country_converter knows ('Cote d'Iv', 'Ivory Coast', 'Turkiye', 'Burma', 'Tchad').
    An empty text finds every one."""
    among = list(among)
    key = " ".join(_fold(str(text)).split())
    if not key:
        return among
    found = set()
    try:
        found.add(to_iso3(text))
    except UnknownCountryError:
        pass
    if len(key) > 3:
        found.update(iso3 for pattern, iso3 in _regexes() if pattern.search(key))
    keys = _search_keys()
    for iso3 in among:
        for k in keys.get(iso3, (iso3.casefold(),)):
            # the start of the name or of one of its words ('Somalia' is not found by 'mali')
            if k.startswith(key) or any(w.startswith(key) for w in re.findall(r"\w+", k)) or \
                    (len(key) > 3 and re.search(r"(?<!\w)" + re.escape(key), k)):
                found.add(iso3)
                break
    return [c for c in among if c in found]
