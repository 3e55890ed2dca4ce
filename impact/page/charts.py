"""Plotly figures of a result: the factor waterfall, the duration curve, the methods, the world.

Each function takes library objects (or the tables of :mod:`impact.page.compute`) and the
language, and returns a ``plotly.graph_objects.Figure``. Text that Plotly renders (hover,
labels) is HTML-escaped: Plotly reads a subset of HTML in text.
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from impact.model.result import MethodResult, Result
from . import compute, text

HIGHLIGHT = "#d62728"
BASE = "#1f77b4"
MUTED = "#9ecae1"


def _e(s) -> str:
    return html.escape(str(s), quote=False)


def _layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(title=_e(title), height=height, margin=dict(l=10, r=10, t=50, b=10),
                      showlegend=False)
    return fig


def waterfall(method: MethodResult, result: Result, lang: str) -> go.Figure:
    """From daily GDP to the cost: one bar per factor of the method, central values, log scale.

    The first bar is the first factor (daily GDP); each next bar multiplies the running figure
    by one factor (labelled "× value"); the last is the product. Hover: unit, year, source.
    """
    steps = compute.steps(method.factors)
    labels, measures, ys, bar_text, hover = [], [], [], [], []
    for i, s in enumerate(steps):
        name = text.input_label(s.name, s.label, lang)
        labels.append(_e(name))
        year = f", {s.year}" if s.year is not None else ""
        hover.append(f"<b>{_e(name)}</b><br>{_e(text.quantity(s.factor, lang))} {_e(s.unit)}{_e(year)}"
                     f"<br>{_wrap(s.source)}")
        if i == 0:
            measures.append("absolute")
            ys.append(s.after)
            bar_text.append(_e(text.money(s.after, lang)))
        else:
            measures.append("relative")
            ys.append(s.after - s.before)
            bar_text.append(f"× {_e(text.quantity(s.factor, lang))}")
    labels.append(_e(text.t(lang, "explain.end_bar")))
    measures.append("total")
    ys.append(steps[-1].after if steps else 0.0)
    bar_text.append(_e(text.money(steps[-1].after, lang)) if steps else "")
    hover.append(f"<b>{_e(text.t(lang, 'explain.end_bar'))}</b><br>{_e(text.money(ys[-1], lang))}")
    fig = go.Figure(go.Waterfall(
        x=labels, y=ys, measure=measures, text=bar_text, textposition="outside",
        hovertext=hover, hoverinfo="text", connector={"line": {"color": "#999"}},
        increasing={"marker": {"color": BASE}}, decreasing={"marker": {"color": MUTED}},
        totals={"marker": {"color": HIGHLIGHT}},
    ))
    fig.update_yaxes(type="log", title=_e(text.t(lang, "explain.cost", currency=_currency(result, lang))))
    return _layout(fig, text.t(lang, "explain.waterfall"))


def duration_curve(result: Result, lang: str) -> go.Figure:
    """Cost against duration (linear: cost per day × days) with the 5th–95th band; this scenario marked."""
    c = compute.curve(result)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=c["days"], y=c["high"], mode="lines", line={"width": 0}, hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=c["days"], y=c["low"], mode="lines", line={"width": 0}, fill="tonexty",
                             fillcolor="rgba(31,119,180,0.2)", name=_e(text.t(lang, "explain.band")),
                             hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=c["days"], y=c["central"], mode="lines", line={"color": BASE},
                             name=_e(text.t(lang, "explain.central")),
                             hovertemplate="%{x:.2f} d: US$%{y:,.0f}<extra></extra>"))
    cost = result.cost_usd
    fig.add_trace(go.Scatter(
        x=[result.scenario.days], y=[cost.central], mode="markers", marker={"color": HIGHLIGHT, "size": 12},
        error_y={"type": "data", "symmetric": False, "array": [cost.high - cost.central],
                 "arrayminus": [cost.central - cost.low], "color": HIGHLIGHT},
        name=_e(text.t(lang, "explain.this")),
        hovertext=[_e(f"{text.t(lang, 'explain.this')}: {text.money(cost.central, lang)} "
                      f"({text.money_range(cost.low, cost.high, lang)})")], hoverinfo="text"))
    fig.update_xaxes(title=_e(text.t(lang, "explain.days")), rangemode="tozero")
    fig.update_yaxes(title=_e(text.t(lang, "explain.cost", currency=_currency(result, lang))), rangemode="tozero")
    return _layout(fig, text.t(lang, "explain.curve"))


def methods(result: Result, chosen: str, lang: str) -> go.Figure:
    """Each method's central cost with its 5th–95th range, and their pool; ``chosen`` highlighted.

    ``result`` is an estimate with ``method="all"``. Methods that do not apply are left out (the
    page lists them with the reason).
    """
    names, central, plus, minus, hover, colors = [], [], [], [], [], []
    pooled = MethodResult("all", text.t(lang, "method.all"), "", result.cost_usd)
    for m in [*result.methods.values(), pooled]:
        if m.cost_usd is None:
            continue
        r = m.cost_usd
        names.append(_e(text.t(lang, f"method.{m.method}")))
        central.append(r.central)
        plus.append(r.high - r.central)
        minus.append(r.central - r.low)
        hover.append(_e(f"{m.title}: {text.money(r.central, lang)} ({text.money_range(r.low, r.high, lang)})"))
        colors.append(HIGHLIGHT if m.method == chosen else BASE)
    fig = go.Figure(go.Bar(x=names, y=central, marker_color=colors, hovertext=hover, hoverinfo="text",
                           error_y={"type": "data", "symmetric": False, "array": plus, "arrayminus": minus}))
    fig.update_yaxes(title=_e(text.t(lang, "explain.cost", currency=_currency(result, lang))), rangemode="tozero")
    return _layout(fig, text.t(lang, "explain.methods"))


def world_bar(table: pd.DataFrame, iso3: str, lang: str) -> go.Figure:
    """Ranked one-day cost of every economy (log scale), the page's country highlighted."""
    colors = [HIGHLIGHT if c == iso3 else BASE for c in table["iso3"]]
    hover = [_e(f"{n} ({c}): {text.money(v, lang)} ({text.money_range(lo, hi, lang)}), GDP {y}")
             for n, c, v, lo, hi, y in zip(table["country"], table["iso3"], table["central"], table["low"],
                                           table["high"], table["gdp_year"])]
    fig = go.Figure(go.Bar(
        x=[_e(n) for n in table["country"]], y=table["central"], marker_color=colors, hovertext=hover,
        hoverinfo="text", error_y={"type": "data", "symmetric": False,
                                   "array": (table["high"] - table["central"]).to_numpy(),
                                   "arrayminus": (table["central"] - table["low"]).to_numpy(),
                                   "thickness": 0.8, "width": 0}))
    fig.update_yaxes(type="log", title="US$")
    fig.update_xaxes(tickfont={"size": 8}, tickangle=-60)
    return _layout(fig, text.t(lang, "world.bar"), height=520)


def world_map(table: pd.DataFrame, lang: str) -> go.Figure:
    """Choropleth of the one-day cost (colour on a log scale). Plotly fetches borders online."""
    z = np.log10(table["central"].clip(lower=1.0))
    ticks = np.arange(np.floor(z.min()), np.ceil(z.max()) + 1) if len(z) else np.array([])
    hover = [_e(f"{n}: {text.money(v, lang)}") for n, v in zip(table["country"], table["central"])]
    fig = go.Figure(go.Choropleth(
        locations=table["iso3"], z=z, locationmode="ISO-3", colorscale="Reds", hovertext=hover,
        hoverinfo="text", colorbar={"tickvals": ticks, "ticktext": [_e(text.money(10 ** k, lang)) for k in ticks]}))
    fig.update_geos(showframe=False, projection_type="natural earth")
    return _layout(fig, text.t(lang, "world.map"), height=480)


def _currency(result: Result, lang: str) -> str:
    year = result.gdp.year
    return text.t(lang, "results.currency", year=year) if year else "US$"


def _wrap(s: str, width: int = 90) -> str:
    """A long source escaped and broken into lines (``<br>``) for hover boxes."""
    words, lines, line = str(s).split(), [], ""
    for w in words:
        if line and len(line) + len(w) + 1 > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "<br>".join(_e(x) for x in lines)


def annual_totals(table: pd.DataFrame, lang: str) -> go.Figure:
    """Cost of the costed events by calendar year (sums of central, 5th and 95th percentiles)."""
    hover = [_e(f"{y}: {text.money(c, lang)} ({text.money_range(lo, hi, lang)}); {n} events, {h:,.0f} h")
             for y, c, lo, hi, n, h in zip(table["year"], table["cost_usd_central"], table["cost_usd_low"],
                                           table["cost_usd_high"], table["events"], table["hours"])]
    fig = go.Figure(go.Bar(
        x=table["year"], y=table["cost_usd_central"], marker_color=BASE, hovertext=hover, hoverinfo="text",
        error_y={"type": "data", "symmetric": False,
                 "array": (table["cost_usd_high"] - table["cost_usd_central"]).to_numpy(),
                 "arrayminus": (table["cost_usd_central"] - table["cost_usd_low"]).to_numpy()}))
    fig.update_xaxes(title=_e(text.t(lang, "events.year")), dtick=1)
    fig.update_yaxes(title="US$", rangemode="tozero")
    return _layout(fig, text.t(lang, "events.chart"))
