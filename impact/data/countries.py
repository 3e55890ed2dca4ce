"""Country names and codes: any common name or code → ISO 3166 alpha-3, with suggestions.

Resolution is done by ``country_converter`` (regular expressions maintained for the names used
by the UN, the World Bank, ISO and others); a handful of everyday abbreviations it does not
know are added in :data:`ALIASES`.
"""
from __future__ import annotations

import difflib
import logging
import unicodedata
from functools import lru_cache

from impact.errors import UnknownCountryError

# World Bank economy codes that are not ISO 3166 and that country_converter does not know.
EXTRA_ECONOMIES = {"CHI": "Channel Islands"}
# Territories without World Bank data that name resolution would silently turn into a whole
# country: refused, with the regions to give instead (GDL names; impact.events.registry uses the same).
TERRITORIES = {"somaliland": ("SOM", ("Awdal", "W Galbeed", "Togdhere", "Sanaag", "Sool"))}
# Common abbreviations that country_converter does not resolve.
ALIASES = {"DRC": "COD", "DR CONGO": "COD", "UAE": "ARE", "UK": "GBR", "US": "USA", "CAR": "CAF"}


@lru_cache(maxsize=1)
def _converter():
    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    logging.getLogger("country_converter.country_converter").setLevel(logging.ERROR)
    return coco.CountryConverter()


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """ISO3 → short English name, for every country country_converter knows."""
    data = _converter().data
    names = {str(code): str(name) for code, name in zip(data["ISO3"], data["name_short"]) if isinstance(code, str)}
    return {**names, **EXTRA_ECONOMIES}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


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
        raise UnknownCountryError(name, (), hint=f"{text} has no World Bank data of its own: give country "
                                  f"{iso3!r} with regions={','.join(regions)!r}")
    if text.upper() in ALIASES:
        return ALIASES[text.upper()]
    names = _names()
    if text.upper() in names:
        return text.upper()
    extra = {_fold(v): k for k, v in EXTRA_ECONOMIES.items()}
    if _fold(text) in extra:
        return extra[_fold(text)]
    found = _converter().convert(text, to="ISO3", not_found=None)
    if isinstance(found, str) and found in names:
        return found
    raise UnknownCountryError(name, suggest(text))


def suggest(text: str, n: int = 3) -> list[str]:
    """Closest country names to a string that did not resolve."""
    names = _names()
    folded = {_fold(v): v for v in names.values()}
    hits = difflib.get_close_matches(_fold(text), list(folded), n=n, cutoff=0.6)
    return [folded[h] for h in hits]


def name(iso3: str) -> str:
    """Short English name of an ISO3 code (the code itself if unknown)."""
    return _names().get(iso3, iso3)


def iso2(iso3: str) -> str | None:
    """ISO 3166 alpha-2 code of an ISO3 code (None when there is none, e.g. World Bank-only codes)."""
    found = _converter().convert(iso3, src="ISO3", to="ISO2", not_found=None)
    return found if isinstance(found, str) and len(found) == 2 and found != iso3 else None


def all_iso3() -> list[str]:
    return sorted(_names())
