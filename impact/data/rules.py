"""What values each indicator accepts: checked at import, at download and when a snapshot is read.

A value the model could not use — not finite, negative where a count is meant, zero where it is
divided by, or of an absurd magnitude — is refused where it enters, naming indicator, economy
and year, so that no snapshot holding it is ever made active.

Limits and why:

* every indicator: finite and at most :data:`CEILING` = 1e15 in size. The largest figure of
  any of these indicators in the World Bank's own data is world GDP, 1.05e14 current US$ in 2023
  (``NY.GDP.MKTP.CD``, economy ``WLD``); 1e15 is also the model's ``gdp_usd`` override limit.
  A larger value is an error in the file (e.g. 1.7e308), and would overflow the model's sums;
* GDP above 0 (it divides the cost into a share of GDP); population at least 1 and at most 2e10
  people (world population 8.1e9 in 2024, ``SP.POP.TOTL``/``WLD``; the ``population`` override
  has the same limits);
* internet users 0 to 100 (a percentage of the population); subscriptions per 100 people 0 to
  1000 (ten per person; the largest in the World Bank's data is 421 mobile subscriptions per
  100 people, Macao 2019);
* exchange rate and consumer price index above 0 (divided by); inflation rates may be negative
  but not below -100 % (prices cannot fall by more than all of their value);
* Global Data Lab regions: population (thousands) 0 to 2e7 (the national limit above), GNI per
  capita (PPP US$) 0 to 1e7 (the largest region in GDL v5.0 is about 2.1e5).
"""
from __future__ import annotations

import math

CEILING = 1e15
REGION_MAX = {"pop": 2e7, "gnic": 1e7}
MAY_BE_NEGATIVE = frozenset({"FP.CPI.TOTL.ZG", "NY.GDP.DEFL.KD.ZG"})
ABOVE_ZERO = frozenset({"PA.NUS.FCRF", "FP.CPI.TOTL", "NY.GDP.MKTP.CD"})
AT_LEAST = {"SP.POP.TOTL": 1.0, "FP.CPI.TOTL.ZG": -100.0, "NY.GDP.DEFL.KD.ZG": -100.0}
AT_MOST = {"IT.NET.USER.ZS": 100.0, "IT.CEL.SETS.P2": 1000.0, "IT.NET.BBND.P2": 1000.0,
           "SP.POP.TOTL": 2e10}


def bounds(code: str) -> tuple[float, bool, float]:
    """(lowest, lowest excluded?, highest) accepted for indicator ``code``."""
    if code in ABOVE_ZERO:
        low, strict = 0.0, True
    else:
        low, strict = AT_LEAST.get(code, 0.0), False
    return low, strict, AT_MOST.get(code, CEILING)


def accepted_values(code: str) -> str:
    """What values indicator ``code`` accepts, in words (for error messages)."""
    low, strict, high = bounds(code)
    if strict:
        return f"a finite number above {low:g} and at most {high:g}"
    if low < 0:
        return f"a finite number from {low:g} to {high:g} (negative allowed)"
    return f"a number from {low:g} to {high:g}"


def value_problem(code: str, value: float) -> str | None:
    """Why ``value`` is not a valid value of indicator ``code``; None when it is valid.

    >>> value_problem("SP.POP.TOTL", -5.0)
    '-5 for SP.POP.TOTL is negative; accepted: a number from 1 to 2e+10'
    """
    low, strict, high = bounds(code)
    if not math.isfinite(value):
        why = "is not a finite number"
    elif value < 0 and low >= 0:
        why = "is negative"
    elif value == 0 and strict and low == 0:
        why = "is zero"
    elif value < low or (strict and value <= low):
        why = f"is below {low:g}"
    elif value > high:
        why = f"is above {high:g}" + (" (an absurd magnitude)" if high == CEILING else "")
    else:
        return None
    return f"{value:g} for {code} {why}; accepted: {accepted_values(code)}"


def first_problem(code: str, values) -> int | None:
    """Index of the first value of a numpy array that breaks the rules of ``code`` (None if all pass)."""
    import numpy as np

    low, strict, high = bounds(code)
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(values) | (values > high) | ((values <= low) if strict else (values < low))
    hits = np.flatnonzero(bad)
    return int(hits[0]) if len(hits) else None
