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


def _layout(fig: go.Figure, title: str, height: int = 420, subtitle: str = "", lang: str = "en",
            right: int = 10) -> go.Figure:
    """Title and subtitle (what, where, when, figure) in the figure. The source line is not drawn
    in it: Plotly cannot anchor text to the figure's left edge below a plot with wide labels, so
    on a phone it ran past the edge; the page writes it under the chart (:func:`footer`), and the
    image downloads (:mod:`impact.page.exports`) carry it."""
    # wrapped for a 390 px phone (measured: about 48 characters of the title, 72 of the subtitle)
    title_spec = {"text": _wrap(title, 46)}
    if subtitle:
        title_spec["subtitle"] = {"text": _wrap(subtitle, 68)}
    # room above the plot for every line of the title (about 24 px) and subtitle (about 18 px), the
    # title pinned to the top, so that a wrapped title never runs into the plot's first labels
    lines = title_spec["text"].count("<br>") + 1
    sub_lines = title_spec["subtitle"]["text"].count("<br>") + 1 if subtitle else 0
    top = 24 + 24 * lines + 18 * sub_lines
    title_spec.update(yref="container", y=1 - 12 / height, yanchor="top")
    fig.update_layout(title=title_spec, height=height, margin=dict(l=10, r=right, t=top, b=10),
                      showlegend=False, separators=text.t(lang, "chart.separators"))
    return fig


def subtitle(result: Result, lang: str, method: str | None = None) -> str:
    """'Mali, 1 June 2023 (1 day), Brookings (West 2016): US$1.43 million (range …)' — the chart's
    context line, naming the figure the chart shows (``method``: one method's, else the headline's)
    and the headline beside it when that is another figure (:func:`impact.page.compute.figure_line`)."""
    return compute.figure_line(result, lang, method)


def footer(result: Result, lang: str) -> str:
    """The data year and source of the GDP, and the tool version: the chart's source line."""
    from impact.report import cite

    gdp = result.gdp
    from .exports import method_name

    return text.t(lang, "chart.footer", year=gdp.year or "—", source=cite.source_text(gdp.source, lang),
                  version=result.provenance.get("package_version", ""), method=method_name(result, lang))


def money_ticks(low: float, high: float, lang: str, log: bool = False) -> dict:
    """Tick positions and their labels in the locale's compact money ('$1B', '1 Md $US')."""
    from impact.report import cite

    low, high = float(min(low, high)), float(max(low, high))
    if log:
        low = max(low, 1.0)
        vals = [10.0 ** k for k in range(int(np.floor(np.log10(low))), int(np.ceil(np.log10(max(high, low * 10)))) + 1)]
    else:
        span = (high - max(low, 0.0)) or max(high, 1.0)
        raw = span / 5
        mag = 10 ** np.floor(np.log10(raw))
        step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
        vals = [float(v) for v in np.arange(0.0, high + step, step)]
    return {"tickvals": vals, "ticktext": [_e(cite.compact_money(v, lang, significant=3)) for v in vals]}


def waterfall(method: MethodResult, result: Result, lang: str) -> go.Figure:
    """From daily GDP to the cost, factor by factor: one horizontal bar per factor of the method
    giving the running product after it (central values, log scale), the last bar the product.

    Each bar is labelled "× factor → running figure" in the language; hover: unit, year, source.
    Horizontal bars keep long factor names readable, on a phone too.
    """
    steps = compute.steps(method.factors)
    labels, xs, bar_text, hover, colors = [], [], [], [], []
    for i, s in enumerate(steps):
        name = text.input_label(s.name, s.label, lang)
        labels.append(_wrap(name, 28))
        xs.append(s.after)
        year = f", {s.year}" if s.year is not None else ""
        hover.append(f"<b>{_e(name)}</b><br>{_e(text.quantity(s.factor, lang))} {_e(s.unit)}{_e(year)}"
                     f"<br>{_wrap(s.source)}")
        bar_text.append(_e(_compact(s.after, lang)) if i == 0 else
                        f"× {_e(text.quantity(s.factor, lang))} → {_e(_compact(s.after, lang))}")
        colors.append(BASE)
    end = text.t(lang, "explain.end_bar")
    labels.append(f"<b>{_e(end)}</b>")
    xs.append(steps[-1].after if steps else 0.0)
    bar_text.append(f"<b>{_e(_compact(xs[-1], lang))}</b>")
    hover.append(f"<b>{_e(end)}</b><br>{_e(text.money(xs[-1], lang))}")
    colors.append(HIGHLIGHT)
    fig = go.Figure(go.Bar(y=labels, x=xs, orientation="h", marker_color=colors, text=bar_text,
                           textposition="auto", insidetextanchor="end", cliponaxis=False, hovertext=hover,
                           hoverinfo="text"))
    positive = [x for x in xs if x > 0] or [1.0]
    ticks = money_ticks(min(positive), max(positive), lang, log=True)
    # the axis title is centred under the plot, which is narrow beside the labels on a phone
    fig.update_xaxes(type="log", title=_wrap(text.t(lang, "explain.cost_log", currency=_currency(result, lang)), 28),
                     automargin=True,
                     range=[np.log10(min(positive)) - 0.3, np.log10(max(positive)) + 1.2], **ticks)
    fig.update_yaxes(autorange="reversed", automargin=True)
    return _layout(fig, text.t(lang, "explain.waterfall"), subtitle=subtitle(result, lang, method.method),
                   lang=lang, height=max(420, 52 * len(labels) + 120))


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
                             hoverinfo="skip"))
    cost = result.cost_usd
    fig.add_trace(go.Scatter(
        x=[c["this"]], y=[cost.central], mode="markers", marker={"color": HIGHLIGHT, "size": 12},
        error_y={"type": "data", "symmetric": False, "array": [cost.high - cost.central],
                 "arrayminus": [cost.central - cost.low], "color": HIGHLIGHT},
        name=_e(text.t(lang, "explain.this")),
        hovertext=[_e(f"{text.t(lang, 'explain.this')}: {text.money(cost.central, lang)} "
                      f"({text.money_range(cost.low, cost.high, lang)})")], hoverinfo="text"))
    days = (text.t(lang, "explain.days") if not result.scenario.daily_window
            else text.t(lang, "explain.window_days", window=result.scenario.daily_window))
    fig.update_xaxes(title=_e(days), rangemode="tozero")
    fig.update_yaxes(title=_e(text.t(lang, "explain.cost", currency=_currency(result, lang))), rangemode="tozero",
                     **money_ticks(0, float(c["high"].max()), lang))
    return _layout(fig, text.t(lang, "explain.curve"), subtitle=subtitle(result, lang), lang=lang, height=420)


def methods(every: Result, headline: Result, lang: str) -> go.Figure:
    """Each method's central cost with its 5th–95th range, and their pool; the headline's method highlighted.

    ``every`` is an estimate with ``method="all"``, ``headline`` the result the page shows (the
    subtitle gives its figure). Methods that do not apply are left out (the page lists them with
    the reason).
    """
    bars = compute.method_bars(every, headline.method, lang)
    names = [_e(b.name) for b in bars]
    central = [b.central for b in bars]
    plus = [b.high - b.central for b in bars]
    minus = [b.central - b.low for b in bars]
    hover = [_e(f"{b.name}: {text.money(b.central, lang)} ({text.money_range(b.low, b.high, lang)})") for b in bars]
    colors = [HIGHLIGHT if b.chosen else BASE for b in bars]
    fig = go.Figure(go.Bar(x=names, y=central, marker_color=colors, hovertext=hover, hoverinfo="text",
                           error_y={"type": "data", "symmetric": False, "array": plus, "arrayminus": minus}))
    top = max((c + p for c, p in zip(central, plus)), default=1.0)
    fig.update_yaxes(title=_e(text.t(lang, "explain.cost", currency=_currency(every, lang))), rangemode="tozero",
                     **money_ticks(0, top, lang))
    return _layout(fig, text.t(lang, "explain.methods"), subtitle=subtitle(headline, lang), lang=lang, height=420)


def world_ranking(table: pd.DataFrame, iso3: str, lang: str, n: int = 10) -> go.Figure:
    """The ``n`` costliest and ``n`` least costly economies for one day, and ``iso3`` wherever it
    ranks (highlighted and labelled), as readable horizontal bars with their range (log scale)."""
    rows = compute.world_extremes(table, iso3, n)
    labels = [f"{r} · {c}" for r, c in zip(rows["rank"], rows["country"])]
    colors = [HIGHLIGHT if c == iso3 else BASE for c in rows["iso3"]]
    hover = [_e(f"{name}: {text.money(v, lang)} ({text.money_range(lo, hi, lang)}), "
                f"{text.t(lang, 'world.year')} {y}")
             for name, v, lo, hi, y in zip(rows["country"], rows["central"], rows["low"], rows["high"], rows["gdp_year"])]
    # whiskers: each economy's 5th–95th percentile, as the footer says; each figure written past
    # its whisker (inside a short bar it was shrunk to nothing)
    y = [_e(x) for x in labels]
    fig = go.Figure(go.Bar(
        y=y, x=rows["central"], orientation="h", marker_color=colors, hovertext=hover, hoverinfo="text",
        error_x={"type": "data", "symmetric": False, "array": (rows["high"] - rows["central"]).to_numpy(),
                 "arrayminus": (rows["central"] - rows["low"]).to_numpy(), "color": "#333", "thickness": 1.2,
                 "width": 3}))
    fig.add_trace(go.Scatter(y=y, x=rows["high"] * 1.15, mode="text", text=[_e(_compact(v, lang)) for v in rows["central"]],
                             textposition="middle right", textfont={"size": 10, "color": "#333"}, hoverinfo="skip",
                             cliponaxis=False))
    lowest = float(rows["low"].min()) if len(rows) else 1.0
    highest = float(rows["high"].max()) if len(rows) else 10.0
    ticks = money_ticks(lowest, highest, lang, log=True)
    if len(ticks["tickvals"]) > 6:  # one label every two decades: a phone has room for about six
        ticks = {k: v[::2] for k, v in ticks.items()}
    if len(rows):
        ticks["range"] = [np.log10(lowest) - 0.3, np.log10(highest) + 0.15]
    fig.update_xaxes(type="log", title=_wrap(text.t(lang, "world.axis"), 28), automargin=True, **ticks)
    fig.update_yaxes(autorange="reversed", tickfont={"size": 12}, automargin=True)
    sub, _ = compute.world_context(table, lang)  # the footer: under the chart on the page
    return _layout(fig, text.t(lang, "world.bar", n=n), height=max(420, 24 * len(rows) + 110),
                   subtitle=sub, lang=lang, right=78)  # the right margin holds the figures of the costliest


def world_map(table: pd.DataFrame, lang: str) -> go.Figure:
    """Choropleth of the one-day cost (colour on a log scale). Plotly fetches borders online."""
    z = np.log10(table["central"].clip(lower=1.0))
    ticks = np.arange(np.floor(z.min()), np.ceil(z.max()) + 1) if len(z) else np.array([])
    hover = [_e(f"{n}: {text.money(v, lang)}") for n, v in zip(table["country"], table["central"])]
    from impact.report import cite
    fig = go.Figure(go.Choropleth(
        locations=table["iso3"], z=z, locationmode="ISO-3", colorscale="Reds", hovertext=hover,
        hoverinfo="text", colorbar={"tickvals": ticks, "ticktext": [_e(cite.compact_money(10 ** k, lang)) for k in ticks],
                                    "title": {"text": _e(text.t(lang, "world.map_unit"))}}))
    fig.update_geos(showframe=False, projection_type="natural earth")
    sub, _ = compute.world_context(table, lang)  # what, the data years and how many economies, as the ranking says
    return _layout(fig, text.t(lang, "world.map_title"), height=480, subtitle=sub, lang=lang)


def _compact(x: float, lang: str) -> str:
    """A short money label for a bar ('$17.1B', '17,1 Md $US'); the hover has the figure in words."""
    from impact.report import cite

    return cite.compact_money(x, lang, significant=3)


def _currency(result: Result, lang: str) -> str:
    year = result.gdp.year
    return text.t(lang, "results.currency", year=year) if year else "US$"


def _wrap(s: str, width: int = 90) -> str:
    """A long source escaped and broken into lines (``<br>``) for hover boxes."""
    # split at plain spaces only: a no-break space (inside '490 000', before a French ':') holds
    words, lines, line = [w for w in str(s).split(" ") if w], [], ""
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
    from impact.report import cite

    hover = [_e(f"{y}: {text.money(c, lang)} ({text.money_range(lo, hi, lang)}); {cite.number(n, lang)} {text.t(lang, 'events.events_word')}, {text.quantity(h, lang)} h")
             for y, c, lo, hi, n, h in zip(table["year"], table["cost_usd_central"], table["cost_usd_low"],
                                           table["cost_usd_high"], table["events"], table["hours"])]
    fig = go.Figure(go.Bar(
        x=table["year"], y=table["cost_usd_central"], marker_color=BASE, hovertext=hover, hoverinfo="text",
        error_y={"type": "data", "symmetric": False,
                 "array": (table["cost_usd_high"] - table["cost_usd_central"]).to_numpy(),
                 "arrayminus": (table["cost_usd_central"] - table["cost_usd_low"]).to_numpy()}))
    fig.update_xaxes(title=_e(text.t(lang, "events.year")), dtick=1)
    top = float((table["cost_usd_high"]).max()) if len(table) else 1.0
    # each event in the US$ of its own GDP year: current US$, without one year
    currency = cite.locale(lang)["table"]["currency_no_year"]
    fig.update_yaxes(title=_e(text.t(lang, "explain.cost", currency=currency)), rangemode="tozero",
                     **money_ticks(0, top, lang))
    return _layout(fig, text.t(lang, "events.chart"), lang=lang)
