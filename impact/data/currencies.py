"""The currency a country's local-currency figures are in (ISO 4217, from Unicode CLDR via Babel)."""
from __future__ import annotations

from functools import lru_cache

from impact.data.countries import iso2


@lru_cache(maxsize=None)
def currency_code(iso3: str) -> str | None:
    """ISO 4217 code of a country's single legal tender today (Unicode CLDR data via Babel).

    The World Bank expresses its exchange-rate series in the current local currency unit, so
    today's currency names it; None when the country has several (e.g. Zimbabwe) or none known.
    """
    from babel.numbers import get_territory_currencies

    code = iso2(iso3)
    if code is None:
        return None
    found = get_territory_currencies(code, tender=True)
    return found[0] if len(found) == 1 else None
