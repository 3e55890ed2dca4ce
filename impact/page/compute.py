"""What the page computes, without Streamlit: the estimate, the world view, tables and downloads.

Every figure comes from :func:`impact.estimate`; this module only arranges results for display.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
from dataclasses import dataclass
from typing import Any, Mapping
from urllib.parse import urlencode, urlsplit

import numpy as np
import pandas as pd

from impact import estimate, estimate_costs
from impact.report import cite, names, tables
from impact.data import countries
from impact.errors import ImpactError
from impact.model.fields import get as field_named
from impact.model.result import Result
from . import text

WORLD_HOURS = 24.0
WORLD_METHOD = "brookings"
# The page's public address, for share links, when it is served behind another name than the one
# the browser used (a proxy), or to say where a local install's readers can open it.
PUBLIC_URL_ENV = "IMPACT_PUBLIC_URL"
_LOOPBACK = {"localhost", "127.0.0.1", "0.0.0.0", "::1"}


@dataclass(frozen=True)
class ShareLink:
    """The page's link to a scenario; ``public`` False when it opens only on the author's computer
    (the page served on localhost, no public address set): the downloads then give ``command``,
    the command line that re-runs the figure, instead of the link."""

    url: str
    public: bool
    command: str = ""


def share_link(page_url: str | None, query: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> ShareLink:
    """The link that reopens the page on ``query``: on ``$IMPACT_PUBLIC_URL`` when it is set, else on
    the address the browser used (``page_url``; a local address when Streamlit gives none)."""
    public = (os.environ if environ is None else environ).get(PUBLIC_URL_ENV, "").strip()
    base = (public or page_url or "http://localhost:8501").split("?")[0].rstrip("/")
    url = f"{base}/?{urlencode(query)}"
    return ShareLink(url, bool(public) or (urlsplit(base).hostname or "localhost") not in _LOOPBACK,
                     command_line(query))


def command_line(query: Mapping[str, Any]) -> str:
    """The ``impact estimate`` command for a link's parameters (the same field table reads both,
    so the values a link carries are the flags' values), with the sentence and note in its language."""
    flags = [f"{field_named(k).flag} {shlex.quote(str(v))}" for k, v in query.items() if k != "lang"]
    return " ".join(["impact estimate", *flags, "--cite", "--lang", str(query.get("lang", text.DEFAULT_LANG))])


def run(fields: Mapping[str, Any], data) -> Result:
    """The estimate for the page's fields (one library call)."""
    return estimate(data=data, **fields)


def comparison(fields: Mapping[str, Any], result: Result, data) -> Result:
    """A result holding every method, for the methods chart: ``result`` itself when it does.

    Methods share their random numbers by factor name, so each method's figure here is the one
    it gives alone: the chosen method's bar matches the headline.
    """
    if result.method == "all":
        return result
    return estimate(data=data, **{**fields, "method": "all"})


def economy_options(data) -> list[str]:
    """ISO3 codes of the snapshot's economies, sorted by their English name."""
    return sorted(data.economies(), key=lambda c: countries.name(c).casefold())


def shown_scenario(result: Result, lang: str) -> str:
    """'Shown: The internet shutdown — Mali, 1 June 2023 (1 day).' — what the page costs now."""
    when, dur = cite._when(result, lang)
    return text.t(lang, "warn.shown", what=cite.after_colon(cite.what(result, lang), lang), country=names.name(result.scenario.country, lang),
                  when=f"{when}{dur}")


def file_name(result: Result, ext: str, kind: str = "", lang: str = "en") -> str:
    """A download's file name: 'impact_MLI_2017-06-13_2017-06-14.pdf' — country code, first and last
    day (a date-only end counts its day: 13 to 14 June ends at midnight on the 15th), or the
    duration ('impact_MLI_24h'); then what the file holds ('inputs', a chart) and the language
    when not English. ASCII letters, digits, '-', '_' and '.' only: safe on every system."""
    from datetime import timedelta

    s = result.scenario
    parts = ["impact", s.country]
    if s.start is not None and s.end is not None:
        last = s.end - timedelta(microseconds=1) if s.end > s.start else s.end
        parts += [s.start.date().isoformat(), last.date().isoformat()]
    elif s.hours is not None:
        parts.append(f"{s.hours:g}h")
    parts += [kind] if kind else []
    parts += [lang] if lang != "en" else []
    stem = "_".join(re.sub(r"[^A-Za-z0-9.-]+", "-", str(p)).strip("-.") for p in parts if str(p))
    return f"{stem}.{re.sub(r'[^a-z0-9]', '', ext.lower())}"


def find_countries(typed: str, options: list[str]) -> list[str]:
    """The economies of ``options`` (in its order) a partly typed name finds
    (:func:`impact.data.countries.search`: any language, accents ignored, other names)."""
    return countries.search(typed, options)


def country_label(iso3: str, lang: str = "en") -> str:
    """'Australie (AUS)': the economy's name in ``lang`` (CLDR) and its code."""
    return f"{names.name(iso3, lang)} ({iso3})"


# -- tables ---------------------------------------------------------------------------------
def inputs_frame(result: Result, lang: str = "en") -> pd.DataFrame:
    """One row per input the result used: value with its unit, range, data year, source (display).

    Values are written as the note writes them (shares as percentages, US$ amounts as money,
    other numbers to three significant digits, in the language's number format). Four columns
    of text, so that the table reads on a phone; "overridden" only when an input was.
    """
    rows = []
    shared = tables.input_rows(result, lang)
    any_over = any(r.overridden for r in shared)
    for r in shared:
        row = {
            text.t(lang, "table.input"): r.label,
            text.t(lang, "table.value"): r.value,
            text.t(lang, "table.range"): r.range,
            text.t(lang, "table.year"): r.year,
        }
        if r.used_by is not None:   # several methods pooled: which of them each factor enters
            row[text.t(lang, "table.used_by")] = r.used_by
        row[text.t(lang, "table.source")] = r.source
        if any_over:
            row[text.t(lang, "table.overridden")] = text.t(lang, "results.overridden") if r.overridden else ""
        rows.append(row)
    return pd.DataFrame(rows)


def inputs_csv(result: Result, lang: str = "en") -> str:
    """The inputs as CSV with exact values (column names in English, like the JSON); in another
    language, the label and source also in that language (``label_fr``, ``source_fr``), so that
    a French reader of the file reads what each value is (``unit`` stays the machine's unit of the
    exact value, as in the JSON).

    ``p5``/``p95`` are the 5th and 95th percentiles the page's inputs table shows; ``low``/``high``
    with ``distribution`` are what the draws are made from (for the bounded distributions, the
    ends of their support, so wider than the band shown).
    """
    out = io.StringIO()
    columns = ["name", "label", "value", "p5", "p95", "low", "high", "distribution", "unit", "year", "source",
               "overridden"]
    local = [] if lang == "en" else [f"label_{lang}", f"source_{lang}"]
    labels = cite.locale(lang).get("labels") or {}
    writer = csv.DictWriter(out, fieldnames=columns + local, lineterminator="\n")
    writer.writeheader()
    for i in result.inputs:
        row = {**{k: v for k, v in i.to_dict().items() if k in columns},
               "distribution": i.distribution if i.low != i.high else "exact"}
        if local:
            row.update(zip(local, (labels.get(i.name, i.label), cite.source_text(i.source, lang))))
        writer.writerow(row)
    return out.getvalue()


def result_json(result: Result) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False)


# -- the figure a chart shows ---------------------------------------------------------------
def shown_method(result: Result, method: str | None = None):
    """The method whose factors a waterfall shows: ``method`` when it applies, else the
    headline's own method, else the first that applies (a pooled headline has no factors)."""
    applicable = {k: m for k, m in result.methods.items() if m.cost_usd is not None}
    return applicable.get(method or "") or applicable.get(result.method) or next(iter(applicable.values()))


@dataclass(frozen=True)
class MethodBar:
    """One bar of the methods chart: a method's (or the pool's) central cost and its 5th–95th range."""

    method: str
    name: str
    central: float
    low: float
    high: float
    chosen: bool


def method_bars(every: Result, chosen: str, lang: str) -> list[MethodBar]:
    """The bars of the methods chart, on the page and in its image: each method that applies
    (of ``every``, an estimate with ``method="all"``), then their pool, "All methods, pooled";
    ``chosen`` (the headline's method, ``"all"`` for the pool) is the one highlighted."""
    costs = [(m, r.cost_usd) for m, r in every.methods.items()] + [("all", every.cost_usd)]
    return [MethodBar(m, text.t(lang, f"method.{m}"), r.central, r.low, r.high, m == chosen)
            for m, r in costs if r is not None]


def method_label(method: str, lang: str) -> str:
    """'Brookings (West 2016)', or 'all methods pooled' for the pooled headline (mid-sentence)."""
    return text.t(lang, "chart.pooled" if method == "all" else f"method.{method}")


def headline_figure(result: Result, lang: str) -> tuple[str, dict]:
    """(what the headline is, its figure): the method, in constant US$ when a price year is asked,
    as the page's headline shows it."""
    cost, price_year = cite.headline(result)
    label = method_label(result.method, lang)
    if price_year:
        label = f"{label}, {text.t(lang, 'results.constant_currency', year=price_year)}"
    return label, cost


def figure_line(result: Result, lang: str, method: str | None = None) -> str:
    """A chart's context line: what was cut (and where), the country, the dates, the method and the
    figure the chart shows (current US$, as its bars), and the headline when that is another figure (another method, the pooled
    methods, constant US$): a reader never sees one figure above a chart and another on the page.

    ``method`` names the one method the chart shows (a waterfall); None: the headline's figure.
    """
    when, dur = cite._when(result, lang)
    one = method is not None and method != result.method
    shown = result.methods[method].cost_usd if one else result.cost_usd
    reach, regions = cite._reach(result, lang)
    what = f"{cite.what(result, lang)}{reach.rstrip(',')}{regions}"  # what was cut, and where
    line = text.t(lang, "chart.subtitle", what=what, country=cite.country(result.scenario.country, lang)[0],
                  when=f"{when}{dur}",
                  method=method_label(method if one else result.method, lang), figure=text.money(shown.central, lang),
                  range=text.money_range(shown.low, shown.high, lang))
    if one or result.constant_usd:
        label, cost = headline_figure(result, lang)
        line += text.t(lang, "chart.headline", method=label, figure=text.money(cost["central"], lang))
    return line


def waterfall_note(method, result: Result, lang: str) -> str:
    """Under the waterfall: its last bar is the product of ``method``'s factors, that method's
    central figure; and the headline when it is another figure (pooled methods, constant US$)."""
    note = text.t(lang, "explain.waterfall_note", value=text.money(steps(method.factors)[-1].after, lang),
                  method=method_label(method.method, lang), figure=text.money(method.cost_usd.central, lang))
    if method.method != result.method or result.constant_usd:
        label, cost = headline_figure(result, lang)
        note += " " + text.t(lang, "explain.waterfall_headline", method=label, figure=text.money(cost["central"], lang))
    return note


# -- explain --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """One bar of the waterfall: the running figure after multiplying by ``factor``."""

    name: str
    label: str
    factor: float
    unit: str
    year: int | None
    source: str
    before: float
    after: float


def steps(factors) -> list[Step]:
    """The running product of a method's factors, in the method's order, central values."""
    out, running = [], None
    for f in factors:
        before = running if running is not None else 0.0
        running = f.value if running is None else running * f.value
        out.append(Step(f.name, f.label, f.value, f.unit, f.year, f.source, before, running))
    return out


def curve(result: Result, points: int = 60) -> dict[str, np.ndarray]:
    """Cost against duration: cost per day × days, with the band of the low and high per day
    (for daily windows: the cost of a day's window × the days of windows; ``this``: the scenario's days).

    The days run from 0 to twice the scenario's duration (at least 7 days).
    """
    window = result.cost_per_window_usd   # daily windows: days of windows, each costing its window
    days = result.scenario.days if window is None else result.cost_usd.central / window.central \
        if window.central > 0 else result.scenario.days
    x = np.linspace(0.0, max(2 * days, 7.0), points)
    rate = result.cost_per_day_usd if window is None else window
    return {"days": x, "central": rate.central * x, "low": rate.low * x, "high": rate.high * x, "this": days}


# -- world ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class LeftOut:
    """Why an economy is not in the world ranking: ``reason`` "no_data" (the library's message in
    ``detail``) or "zero" (a factor of the cost is zero, e.g. internet use recorded as 0 % in a
    year long past: ``input`` names it, ``year`` is its data year)."""

    reason: str
    detail: str = ""
    input: Any = None  # the zero Input (impact.model.result.Input)

    def __str__(self) -> str:
        if self.reason == "zero":
            i = self.input
            return f"a cost of zero: {i.name if i else 'a factor'} is 0 in its latest data ({i.year if i else '—'})"
        return self.detail


def world(data, economies: list[str] | None = None) -> tuple[pd.DataFrame, list[tuple[str, LeftOut]]]:
    """Cost of a one-day national blackout in every economy, by the Brookings method.

    One vectorised pass of the library's engine (:func:`impact.estimate_costs`): each economy
    gets the figures :func:`impact.estimate` gives it alone.

    Returns
    -------
    table, left_out
        ``table`` has iso3, country, central, low, high (US$), gdp_year and users_year (the
        data years of GDP and of internet use), sorted by cost, largest first: the economies
        ranked. ``left_out`` lists (iso3, :class:`LeftOut`) for the others: without the data, or
        with a cost of zero (a zero is the absence of a figure, not a cost to rank).
    """
    codes = list(economies if economies is not None else data.economies())
    costs = estimate_costs([{"country": iso3, "hours": WORLD_HOURS, "method": WORLD_METHOD} for iso3 in codes],
                           data=data)
    rows, left_out = [], []
    for iso3, c in zip(codes, costs):
        if c.error is not None:
            zero = getattr(c.error, "zero_input", None)   # internet use recorded as 0 %: no share to estimate
            left_out.append((iso3, LeftOut("zero", input=zero) if zero is not None else LeftOut("no_data", str(c.error))))
            continue
        if not c.cost_usd.central > 0:
            zeros = sorted((i for i in c.inputs if i.value == 0), key=lambda i: i.name != "penetration")
            left_out.append((iso3, LeftOut("zero", input=zeros[0] if zeros else None)))
            continue
        gdp, users = c.input("gdp_usd"), c.input("penetration")
        rows.append({"iso3": iso3, "country": countries.name(iso3), "central": c.cost_usd.central,
                     "low": c.cost_usd.low, "high": c.cost_usd.high, "gdp_year": gdp.year if gdp else None,
                     "users_year": users.year if users is not None else None})
    table = pd.DataFrame(rows, columns=["iso3", "country", "central", "low", "high", "gdp_year", "users_year"])
    table = table.sort_values("central", ascending=False, ignore_index=True)
    return table, left_out


def left_out_text(left_out: list[tuple[str, LeftOut]], lang: str) -> list[str]:
    """The economies left out of the ranking, by reason, in ``lang``: one line per reason, each
    economy named with what is missing or zero and its data year."""
    labels = cite.locale(lang).get("labels") or {}
    indicators = text.wording(lang).get("indicators") or {}
    zero, missing, sep = [], {}, text.t(lang, "world.list_sep")
    for iso3, why in left_out:
        name = names.name(iso3, lang)
        if why.reason == "zero":
            i = why.input
            zero.append(text.t(lang, "world.zero_item", country=name, input=labels.get(i.name, i.label) if i else "—",
                               value=cite.input_text(i, lang) if i else "0", year=(i.year if i else None) or "—"))
            continue
        m = re.search(r"no (?P<indicator>[A-Z][\w.]+) value for", why.detail)
        what = indicators.get(m["indicator"].replace(".", "_"), m["indicator"]) if m else ""
        missing.setdefault(what, []).append(name)
    lines = []
    if zero:
        lines.append(text.t(lang, "world.left_zero", n=len(zero), names=sep.join(zero)))
    for what, economies in missing.items():
        key = "world.left_missing" if what else "world.left_other"
        lines.append(text.t(lang, key, n=len(economies), what=what, names=sep.join(economies)))
    return lines


def world_named(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The world table with each economy's name in ``lang`` (CLDR)."""
    return table.assign(country=[names.name(c, lang) for c in table["iso3"]])


def world_years(table: pd.DataFrame) -> tuple[str, str]:
    """The GDP data years of the world view: (the year most economies have, the span of all),
    e.g. ("2023", "2011–2023"); one year gives it twice; ("—", "—") for an empty table."""
    years = sorted({int(y) for y in table["gdp_year"].dropna()})
    if not years:
        return "—", "—"
    common = max(years, key=lambda y: int((table["gdp_year"] == y).sum()))
    return str(common), str(common) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def world_year(table: pd.DataFrame) -> str:
    """The GDP data year most economies of the world view have."""
    return world_years(table)[0]


def world_context(table: pd.DataFrame, lang: str) -> tuple[str, str]:
    """(subtitle, footer) of the world ranking: the data years said once, without nested brackets."""
    common, span = world_years(table)
    sub = text.t(lang, "world.bar_subtitle" if common == span else "world.bar_subtitle_span", year=common, span=span,
                 total=len(table))
    return sub, text.t(lang, "world.footer", year=span)


def world_rank(table: pd.DataFrame, iso3: str) -> int | None:
    """Rank (1 = largest cost) of ``iso3`` in the world table, or None when it is not there."""
    hits = table.index[table["iso3"] == iso3]
    return int(hits[0]) + 1 if len(hits) else None


def world_extremes(table: pd.DataFrame, iso3: str, n: int = 10) -> pd.DataFrame:
    """The ``n`` largest and ``n`` smallest non-zero one-day costs, and ``iso3`` wherever it ranks.

    Adds ``rank`` (1 = largest). The rows keep the table's order (largest first).
    """
    ranked = table.assign(rank=range(1, len(table) + 1))
    nonzero = ranked[ranked["central"] > 0]
    keep = set(nonzero["iso3"].head(n)) | set(nonzero["iso3"].tail(n)) | {iso3}
    return ranked[ranked["iso3"].isin(keep)].reset_index(drop=True)
