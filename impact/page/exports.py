"""Letter-ready files of a result, in the reader's language: chart images, a one-page fact sheet,
the methods note as Markdown and as plain text.

* :func:`chart` — a chart as PNG or SVG (matplotlib, offline) that says what it shows: title,
  country, dates, the figure and its range in the image, the data year and source under it.
  SVG keeps its text as text; PNG carries the same lines in its metadata (``Title``,
  ``Description``).
* :func:`fact_sheet` — a one-page PDF (fpdf2, DejaVu Sans shipped with matplotlib): the
  sentence, the figure and range, the main chart, the inputs with their years and sources,
  the references and the share link.
* :func:`note_markdown` / :func:`note_text` — :func:`impact.report.cite.note` for a reader
  without the command line (the share link instead of commands).

All wording comes from :mod:`impact.report.cite` and the locale files; nothing here is English-only.
"""
from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from impact.model.result import Result
from impact.report import cite, tables
from . import compute, text as page_text

KINDS = ("waterfall", "curve", "methods", "world")
BLUE, RED, PALE = "#1f77b4", "#d62728", "#9ecae1"


def _words(lang: str) -> dict:
    """The page's wording (chart titles, captions): one wording for the page and its files."""
    return {"t": lambda key, **kw: page_text.t(lang, key, **kw)}


def context(result: Result, lang: str) -> dict[str, str]:
    """The lines every export carries: what and where, when, figure and range, data year and source."""
    loc = cite.locale(lang)
    cost, price_year = cite.headline(result)
    when, dur = cite._when(result, lang)
    gdp = result.gdp
    currency = (cite._fill(loc["table"]["currency"], year=gdp.year) if gdp.year else loc["table"]["currency_no_year"])
    if price_year:
        currency = cite._fill(loc["currency"]["constant"], year=price_year).strip(" ;\u00a0")
    t = _words(lang)["t"]
    return {
        "what": f"{cite.what(result, lang)} — {cite.country(result.scenario.country, lang)[0]}",
        "when": f"{when}{dur}",
        "figure": cite.money(cost["central"], lang),
        "range": cite.money_range(cost["low"], cost["high"], lang),
        "currency": currency,
        "headline": compute.figure_line(result, lang),
        "source": t("chart.footer", year=gdp.year or "—", source=cite.source_text(gdp.source, lang),
                    version=result.provenance.get("package_version", ""), method=method_name(result, lang)),
        "year": str(gdp.year or ""),
    }


def method_name(result: Result, lang: str) -> str:
    """The method of the headline, short ('Brookings (West 2016)'), or the pooled methods."""
    short = cite.locale(lang)["method_short"]
    applied = [m for m, r in result.methods.items() if r.cost_usd is not None]
    return short.get(result.method) or ", ".join(short.get(m, m) for m in applied)


# -- charts ---------------------------------------------------------------------------------
def chart(kind: str, result: Result, lang: str = "en", fmt: str = "png", *, every: Result | None = None,
          method: str | None = None, world=None, size: tuple[float, float] = (10, 6.2)) -> bytes:
    """One chart of ``result`` as PNG or SVG bytes (``kind`` one of :data:`KINDS`).

    ``every`` is the all-methods result (for ``methods``), ``method`` the method whose factors the
    waterfall shows, ``world`` the world table of :func:`impact.page.compute.world` (for ``world``).
    """
    if kind not in KINDS:
        raise ValueError(f"chart kind {kind!r}: one of {', '.join(KINDS)}")
    if fmt not in ("png", "svg"):
        raise ValueError(f"image format {fmt!r}: png or svg")
    import matplotlib

    # money has "$" in it: text stays text (no mathtext), and SVG keeps it as text
    with matplotlib.rc_context({"text.parse_math": False, "svg.fonttype": "none"}):
        return _chart(kind, result, lang, fmt, every, method, world, size)


def _chart(kind, result, lang, fmt, every, method, world, size) -> bytes:
    from matplotlib.figure import Figure

    t = _words(lang)["t"]
    ctx = context(result, lang)
    if kind == "waterfall":
        method = compute.shown_method(result, method).method
    # the figure the chart shows, in current US$ as its bars, and the headline when that differs
    ctx = {**ctx, "headline": compute.figure_line(result, lang, method if kind == "waterfall" else None),
           "currency": page_text.t(lang, "results.currency", year=result.gdp.year) if result.gdp.year else "US$"}
    titles = {"waterfall": t("explain.waterfall"), "curve": t("explain.curve"), "methods": t("explain.methods"),
              "world": t("world.bar", n=10)}
    title = titles[kind]
    if kind == "world":  # the world view's own context: every economy, one day, its data years
        sub, foot = compute.world_context(world, lang)
        ctx = {**ctx, "headline": sub, "currency": "", "source": foot}
    fig = Figure(figsize=size, dpi=150 if size[0] >= 10 else 220)
    # the lines above and below the plot, each wrapped to the width it is drawn at (measured in
    # the font, so that no word runs past the image's edge), the plot in the room left between
    width_pt, height_pt, pad = size[0] * 72, size[1] * 72, 0.02 * size[0] * 72
    y = height_pt - 0.6 * pad
    for words, points, style in ((title, 15, {"fontweight": "bold"}), (ctx["headline"], 11, {}),
                                 (ctx["currency"], 9.5, {"color": "#333"})):
        if not words:
            continue
        block = _fit(words, points, width_pt - 2 * pad, bold="fontweight" in style)
        fig.text(pad / width_pt, y / height_pt, block, fontsize=points, va="top", linespacing=1.2, **style)
        y -= (block.count("\n") + 1) * points * 1.2 + 4
    source = _fit(ctx["source"], 8, width_pt - 2 * pad)
    fig.text(pad / width_pt, 0.3 * pad / height_pt, source, fontsize=8, va="bottom", color="#444", linespacing=1.2)
    below = 0.3 * pad + (source.count("\n") + 1) * 8 * 1.2 + 40  # the footer, then tick labels and axis title
    top, bottom = (y - 8) / height_pt, below / height_pt
    wide = kind in ("waterfall", "world")
    ax = fig.add_axes((0.30 if wide else 0.10, bottom, 0.56 if wide else 0.84, max(top - bottom, 0.2)))
    if kind == "waterfall":
        _waterfall(ax, result, lang, method)
    elif kind == "curve":
        _curve(ax, result, lang)
    elif kind == "methods":
        _methods(ax, every or result, result.method, lang)
    else:
        _world(ax, world, result.scenario.country, lang)
    _money_axis(ax, lang, "x" if kind in ("waterfall", "world") else "y")
    out = io.BytesIO()
    description = f"{ctx['headline']}. {ctx['currency']}. {ctx['source']}"
    if fmt == "png":
        fig.savefig(out, format="png", metadata={"Title": title, "Description": description, "Software": "impact"})
    else:
        fig.savefig(out, format="svg", metadata={"Title": title, "Description": description})
    return out.getvalue()


def _wrap(s: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(s, width)) or s


def _fit(s: str, points: float, width: float, bold: bool = False) -> str:
    """``s`` broken into lines (``\\n``) no wider than ``width`` points in DejaVu Sans at ``points``
    (matplotlib's default font, measured as it draws it; a word longer than a line keeps its own line)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    font = FontProperties(size=points, weight="bold" if bold else "normal")
    measure = TextToPath()

    def fits(line: str) -> bool:
        return measure.get_text_width_height_descent(line, font, ismath=False)[0] <= width

    lines: list[str] = []
    for word in str(s).split(" "):
        if lines and fits(f"{lines[-1]} {word}"):
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def _money_axis(ax, lang: str, axis: str) -> None:
    from matplotlib.ticker import FuncFormatter

    fmt = FuncFormatter(lambda v, _: cite.compact_money(v, lang, significant=3) if v >= 0 else "")
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(fmt)
    if axis == "x" and ax.get_xscale() == "log":
        _spaced_decades(ax, lang)
    ax.grid(True, axis=axis, color="#ddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _spaced_decades(ax, lang: str) -> None:
    """On a log money axis, a label every 1, 2, 3… decades, as many as their width lets stand side by
    side: French labels are longer ('100 Md $US' beside '$100B') and had run together."""
    import math

    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath
    from matplotlib.ticker import LogLocator

    low, high = ax.get_xlim()
    if not (low > 0 and high > low):
        return
    decades = math.log10(high / low)
    size = ax.xaxis.get_major_ticks()[0].label1.get_fontsize() if ax.xaxis.get_major_ticks() else 10.0
    widest = max(TextToPath().get_text_width_height_descent(cite.compact_money(10.0 ** e, lang, significant=3),
                                                            FontProperties(size=size), ismath=False)[0]
                 for e in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1))
    room = ax.get_position().width * ax.figure.get_figwidth() * 72   # the axis' length in points
    step = max(1, math.ceil(decades * (widest + 0.8 * size) / room))
    if step > 1:
        ax.xaxis.set_major_locator(LogLocator(base=10.0 ** step))


def _label(name: str, fallback: str, lang: str) -> str:
    return (cite.locale(lang).get("labels") or {}).get(name, fallback)


def _waterfall(ax, result: Result, lang: str, method: str | None) -> None:
    """The running product after each factor, one horizontal bar per factor, log scale."""
    m = compute.shown_method(result, method)
    running, rows = None, []
    for f in m.factors:
        running = f.value if running is None else running * f.value
        rows.append((_label(f.name, f.label, lang), f, running))
    labels = [_wrap(r[0], 30) for r in rows] + [_words(lang)["t"]("explain.end_bar")]
    values = [r[2] for r in rows] + [rows[-1][2] if rows else 0.0]
    colors = [BLUE] * len(rows) + [RED]
    y = list(range(len(labels)))
    ax.barh(y, values, color=colors)
    ax.set_xscale("log")
    # labels as large as the room per bar lets their lines be (a small sheet chart has less)
    room = ax.get_position().height * ax.figure.get_figheight() * 72 / len(labels)
    lines = max(label.count("\n") + 1 for label in labels)
    ax.set_yticks(y, labels, fontsize=max(6.0, min(9.5, room / (1.25 * lines))))
    ax.invert_yaxis()
    for i, (lab, f, after) in enumerate(rows):
        note = cite.money(after, lang) if i == 0 else f"× {cite.quantity(f.value, lang)} → {cite.money(after, lang)}"
        ax.text(after * 1.08, i, note, va="center", fontsize=8.5)
    ax.text(values[-1] * 1.08, len(rows), cite.money(values[-1], lang), va="center", fontsize=9, fontweight="bold")
    ax.set_xlim(min(values) / 3, max(values) * 40)
    currency = _words(lang)["t"]("results.currency", year=result.gdp.year) if result.gdp.year else "US$"
    ax.set_xlabel(_words(lang)["t"]("explain.cost_log", currency=currency), fontsize=9)


def _curve(ax, result: Result, lang: str) -> None:
    t = _words(lang)["t"]
    c = compute.curve(result)
    ax.fill_between(c["days"], c["low"], c["high"], color=BLUE, alpha=0.2, label=t("explain.band"))
    ax.plot(c["days"], c["central"], color=BLUE, label=t("explain.central"))
    cost = result.cost_usd
    ax.errorbar([result.scenario.days], [cost.central], yerr=[[cost.central - cost.low], [cost.high - cost.central]],
                fmt="o", color=RED, capsize=4, label=t("explain.this"))
    ax.set_xlabel(t("explain.days"))
    ax.set_ylim(bottom=0)
    ax.set_xlim(left=0)
    ax.legend(loc="upper left", fontsize=9, frameon=False)


def _methods(ax, every: Result, chosen: str, lang: str) -> None:
    """The page's methods chart (:func:`impact.page.compute.method_bars`: the pool too, the chosen one highlighted)."""
    bars = compute.method_bars(every, chosen, lang)
    x = list(range(len(bars)))
    high = [b.high - b.central for b in bars]
    ax.bar(x, [b.central for b in bars], color=[RED if b.chosen else BLUE for b in bars],
           yerr=[[b.central - b.low for b in bars], high], capsize=6, ecolor="#333")
    ax.set_xticks(x, [_wrap(b.name, 24) for b in bars], fontsize=10)
    for i, b in enumerate(bars):   # the central figure above the 95th percentile's cap, clear of it
        ax.annotate(cite.money(b.central, lang), (i, b.central + high[i]), xytext=(0, 5), textcoords="offset points",
                    ha="center", va="bottom", fontsize=9)
    ax.set_ylim(bottom=0, top=max([b.central + h for b, h in zip(bars, high)] + [0]) * 1.12 or None)


def _world(ax, table, iso3: str, lang: str) -> None:
    if table is None:
        raise ValueError("the world chart needs the world table")
    rows = compute.world_extremes(compute.world_named(table, lang), iso3, 10)
    y = list(range(len(rows)))
    ax.barh(y, rows["central"], color=[RED if c == iso3 else BLUE for c in rows["iso3"]],
            xerr=[rows["central"] - rows["low"], rows["high"] - rows["central"]], ecolor="#333", capsize=2,
            error_kw={"elinewidth": 0.8})
    ax.set_xscale("log")
    ax.set_yticks(y, [f"{r} · {c}" for r, c in zip(rows["rank"], rows["country"])], fontsize=8.5)
    for label, code in zip(ax.get_yticklabels(), rows["iso3"]):
        if code == iso3:
            label.set_fontweight("bold")
            label.set_color(RED)
    ax.invert_yaxis()
    for i, (v, hi) in enumerate(zip(rows["central"], rows["high"])):
        ax.text(hi * 1.15, i, cite.money(v, lang), va="center", fontsize=7.5)
    if len(rows):
        low, high = float(rows["low"].min()) / 3, float(rows["high"].max()) * 60
        ax.set_xlim(low, high)
        if high / low > 1e7:  # one label every two decades, so that the labels do not run together
            from matplotlib.ticker import LogLocator

            ax.xaxis.set_major_locator(LogLocator(base=100))
    ax.set_xlabel(_words(lang)["t"]("world.axis"))


# -- fact sheet -----------------------------------------------------------------------------
def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def fact_sheet(result: Result, lang: str = "en", link: str = "", command: str = "") -> bytes:
    """A one-page PDF fact sheet of ``result`` in ``lang`` (bytes).

    Top to bottom: title, the figure and its range, the sentence, the waterfall chart, every
    input with its value, range, year and source, the references (two columns), the share link,
    the provenance line. Sources and references are shortened to fit one page (the sheet says
    so; the note gives them in full). When a scenario has many inputs and references, the chart
    is drawn smaller, then the list of references is cut with a line saying how many more the
    note holds, until everything fits above the provenance line.
    """
    png = chart("waterfall", result, lang, "png", size=(7.6, 5.0))
    refs = cite.references(result, lang)
    for keep in sorted({len(refs), *(k for k in (12, 8, 5) if k < len(refs))}, reverse=True):
        for chart_width in (140, 125, 110, 95):
            out, bottom, limit = _fact_sheet(result, lang, link, png, chart_width, refs[:keep], len(refs) - keep,
                                             command)
            if bottom <= limit:
                return out
    return out


def _fact_sheet(result: Result, lang: str, link: str, png: bytes, chart_width: float, refs: list[str],
                more: int, command: str = "") -> tuple[bytes, float, float]:
    from fpdf import FPDF

    loc = cite.locale(lang)
    ctx = context(result, lang)
    t = _words(lang)["t"]
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_margins(14, 12, 14)
    fonts = _font_dir()
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_title(cite._title(result, lang))
    pdf.set_author(loc["bibtex"]["author"])
    pdf.set_lang(lang)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    cell = dict(new_x="LMARGIN", new_y="NEXT", align="L")

    pdf.set_font("DejaVu", "B", 12.5)
    pdf.multi_cell(width, 5.6, cite._title(result, lang), **cell)
    pdf.ln(1)
    pdf.set_font("DejaVu", "B", 18)
    pdf.set_text_color(180, 30, 30)
    pdf.cell(width, 8.5, ctx["figure"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("DejaVu", "", 9.5)
    sep = " : " if lang == "fr" else ": "
    pdf.multi_cell(width, 4.6, f"{loc['table']['range_band']}{sep}{ctx['range']} ({ctx['currency']})", **cell)
    pdf.ln(1.5)
    pdf.set_font("DejaVu", "", 9.8)
    pdf.set_fill_color(235, 242, 250)
    pdf.multi_cell(width, 4.9, cite.sentence(result, lang), fill=True, padding=2, **cell)
    pdf.ln(1.5)
    pdf.image(io.BytesIO(png), x=pdf.l_margin + (width - chart_width) / 2, w=chart_width)
    pdf.ln(1)

    pdf.set_font("DejaVu", "B", 9.5)
    pdf.cell(width, 5, loc["table"]["inputs"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 6.3)
    rows = tables.input_rows(result, lang)
    pooled = tables.pooled(result)   # method=all: which method each input enters
    head = (loc["table"]["quantity"], loc["table"]["value"], loc["table"]["range"], loc["table"]["year"],
            *([loc["table"]["method"]] if pooled else []), loc["table"]["source"])
    widths = (28, 28, 28, 9, 24, 65) if pooled else (30, 30, 30, 9, 83)
    with pdf.table(col_widths=widths, line_height=2.8, first_row_as_headings=True,
                   text_align="LEFT", borders_layout="HORIZONTAL_LINES", padding=0.5) as table:
        table.row(head)
        for r in rows:
            table.row((r.label, r.value, r.range, r.year, *([r.used_by] if pooled else []),
                       _short(r.source, 80 if pooled else 105)))
    pdf.ln(1.5)
    pdf.set_font("DejaVu", "B", 9.5)
    pdf.cell(width, 5, loc["note"]["references"].strip("*."), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 5.9)
    with pdf.text_columns(ncols=2, gutter=5, text_align="LEFT", line_height=1.05, balance=True) as cols:
        for n, ref in enumerate(refs, 1):
            cols.write(f"{n}. {_short_ref(ref, 150)}\n")
        if more:
            cols.write(t("cite.pdf_refs_more", n=more) + "\n")
    pdf.ln(1)
    pdf.set_font("DejaVu", "", 6.3)
    pdf.multi_cell(width, 3, t("cite.pdf_more"), **cell)
    # the share link, or on the author's own computer the command that re-runs the figure anywhere
    heading, reproduce = (t("cite.share"), link) if link else (t("cite.rerun"), command)
    if reproduce:
        pdf.ln(0.8)
        pdf.set_font("DejaVu", "B", 8)
        pdf.cell(width, 4, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 6.8)
        pdf.multi_cell(width, 3.1, reproduce, link=link if link.startswith("http") else "", **cell)
    bottom = pdf.get_y()
    p = result.provenance
    pdf.set_y(pdf.h - 11)
    pdf.set_font("DejaVu", "", 6.3)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(width, 2.9, cite._fill(loc["table"]["provenance"], version=p.get("package_version", ""),
                                          parameter_hash=p.get("parameter_hash"), snapshot=p.get("data_snapshot"),
                                          seed=result.scenario.seed, draws=cite.number(result.scenario.draws, lang),
                                          computed_at=cite.computed(p.get("computed_at"), lang)), **cell)
    return bytes(pdf.output()), bottom, pdf.h - 12


def _short(s: str, limit: int) -> str:
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _short_ref(ref: str, limit: int) -> str:
    """A reference shortened to about ``limit`` characters by its title, its links kept whole (a
    cut link cannot be followed: "https://joshsit…")."""
    links = re.findall(r"(?:https?://|docs/)\S+?(?=[),;]?(?:\s|$))", ref)
    if len(ref) <= limit or not links:
        return _short(ref, limit)
    start = ref.index(links[0])
    head, tail = ref[:start], ref[start:]
    room = 64   # the first 60 characters of the title, then the links
    return (head if len(head) <= room else head[: room - 2].rstrip() + "… ") + tail


# -- the note -------------------------------------------------------------------------------
def note_markdown(result: Result, lang: str = "en", link: str = "", command: str = "") -> str:
    """The methods-and-sources note with the sentence first, for a reader without the command line."""
    return f"{cite.sentence(result, lang)}\n\n{cite.note(result, lang, link=link or None, command=command or None)}"


def note_text(result: Result, lang: str = "en", link: str = "", command: str = "") -> str:
    """:func:`note_markdown` as plain text (no Markdown marks)."""
    md = note_markdown(result, lang, link, command)
    out = re.sub(r"^#+\s*", "", md, flags=re.M)
    out = re.sub(r"\*\*(.+?)\*\*", r"\1", out)
    out = out.replace("`", "")
    return out
