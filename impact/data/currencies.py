"""The currency a country's local-currency figures are in (ISO 4217, from Unicode CLDR via Babel)."""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from impact.data.countries import iso2


@lru_cache(maxsize=None)
def currency_code(iso3: str, year: int | None = None) -> str | None:
    """ISO 4217 code of a country's single legal tender today (Unicode CLDR data via Babel), or
    None when it has several (e.g. Zimbabwe) or none known.

    The World Bank expresses a current exchange-rate series in today's currency unit, converting its
    past values after a change of currency (Mauritania: "1 new ouguiya = 10 old ouguiya"), but a series
    that stopped before the change stays in the old unit (Venezuela's ends in 2014, in bolívares
    fuertes). With ``year``, the year of the rate: None when the currency of that year is not today's
    (VEF then, VES now), as the figure may then be in either unit (:func:`changed_since`).
    """
    today = _tender(iso3, None)
    if today is None or (year is not None and _tender(iso3, year) != today):
        return None
    return today


def changed_since(iso3: str, year: int) -> tuple[str, str] | None:
    """(the currency of ``year``, today's) when the country's single legal tender changed since."""
    then, today = _tender(iso3, year), _tender(iso3, None)
    return (then, today) if then and today and then != today else None


@lru_cache(maxsize=None)
def _tender(iso3: str, year: int | None) -> str | None:
    from babel.numbers import get_territory_currencies

    code = iso2(iso3)
    if code is None:
        return None
    if year is None:
        found = get_territory_currencies(code, tender=True)
    else:
        found = get_territory_currencies(code, start_date=date(year, 1, 1), end_date=date(year, 12, 31),
                                         tender=True)
    return found[0] if len(found) == 1 else None
