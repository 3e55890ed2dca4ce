"""The inputs table every interface shows (the CLI's rich and Markdown tables, the page, the PDF
fact sheet): one row per input, its value with its unit, its 5th-95th percentile band, data year
and source, written once here so the three cannot drift apart.

Each interface adds only its own layout (column headers, numbered sources, widths).
"""
from __future__ import annotations

from dataclasses import dataclass

from impact.report import cite


@dataclass(frozen=True)
class InputRow:
    """One input as a reader sees it, every cell already written in the language."""

    name: str           # the model's name of the input (``daily_gdp`` ...)
    label: str          # its label in the language
    value: str          # value with its unit
    range: str          # "low – high" of its 5th-95th percentiles; "" when the input is exact
    year: str           # data year, "" when the input has none
    source: str         # its source, written out
    used_by: str | None  # with several methods pooled: which of them the input enters; else None
    overridden: bool    # the user replaced the value


def input_range(i, lang: str = "en") -> str:
    """An input's 5th-95th percentile band as text ("" for an exact input); US$ amounts as a
    money range, the unit written once."""
    if i.low == i.high:
        return ""
    low, high = cite.input_band(i)
    if "US$" in i.unit:
        return cite.money_range(low, high, lang)
    return f"{cite.input_value(i, low, lang)} – {cite.input_value(i, high, lang)}"


def applied_methods(result) -> dict[str, set[str]]:
    """The methods that cost ``result`` (those that apply), each with the names of its factors."""
    return {k: {f.name for f in m.factors} for k, m in result.methods.items() if m.cost_usd is not None}


def pooled(result) -> bool:
    """Whether several methods cost the result (``method="all"``): the inputs table then says
    which method each input enters."""
    return cite.is_pooled(result)


def input_rows(result, lang: str = "en") -> list[InputRow]:
    """The inputs of ``result`` as rows, in the result's order.

    With several methods pooled (``method="all"``), each row says which methods use the input:
    "every method" (or "every method that applies" when one of them does not apply), the names of
    those it enters (the multiplier is Brookings' only), or, for the inputs that are no factor
    themselves (annual GDP, population, internet users), that they feed the factors above.
    """
    loc = cite.locale(lang)
    labels = loc.get("labels") or {}
    applied = applied_methods(result)
    rows = []
    for i in result.inputs:
        used_by = None
        if len(applied) > 1:
            users = [k for k, names in applied.items() if i.name in names]
            if not users:      # annual GDP, population, users: what the factors above are made from
                used_by = loc["table"]["context_input"]
            elif len(users) == len(applied):   # "that applies" when a pooled method does not (Deloitte, services)
                used_by = loc["table"]["every_method" if len(applied) == len(result.methods) else "every_applicable_method"]
            else:
                used_by = ", ".join(loc["method_short"][k] for k in users)
        rows.append(InputRow(
            name=i.name, label=labels.get(i.name, i.label), value=cite.input_text(i, lang),
            range=input_range(i, lang), year="" if i.year is None else str(i.year),
            source=cite.source_text(i.source, lang), used_by=used_by, overridden=bool(i.overridden)))
    return rows
