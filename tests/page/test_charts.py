"""The page's charts (impact.page.charts) and their image exports say the figure they show, and
that figure agrees with the headline the page shows beside them (review of the page, item 1).

Plotly figures are inspected as data (title, subtitle, annotations, traces); the matplotlib
images are read back from their SVG text.
"""
from __future__ import annotations

import re

import pytest

import impact
from impact.page import charts, compute, exports, text

# two methods apply to a block of services (Brookings and CIPESA), and their pool is a third figure
MALI = dict(country="MLI", start="2017-06-13", end="2017-06-14", disruption="services", services=["facebook", "twitter"])
LANGS = ("en", "fr")


def _plain(s: str) -> str:
    """Plotly text as read: line breaks and every kind of space made one space, tags dropped."""
    s = re.sub(r"<br>", " ", s)
    s = re.sub(r"<[^>]+>", "", s)
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def _money(x: float, lang: str) -> str:
    return _plain(text.money(x, lang))


@pytest.fixture(scope="module")
def results(_imported_data_dir):
    data = _imported_data_dir
    out = {m: impact.estimate(**MALI, method=m, data=data) for m in ("brookings", "all")}
    brookings, pooled = out["brookings"].cost_usd.central, out["all"].cost_usd.central
    assert _money(brookings, "en") != _money(pooled, "en"), "the test needs a pool unlike Brookings"
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_the_methods_chart_subtitle_gives_the_headline_figure_and_names_its_method(results, lang):
    one, every = results["brookings"], results["all"]
    sub = _plain(charts.methods(every, one, lang).layout.title.subtitle.text)
    assert _money(one.cost_usd.central, lang) in sub
    assert _money(every.cost_usd.central, lang) not in sub  # the pool is a bar, not the headline
    assert text.t(lang, "method.brookings") in sub
    # with the pooled headline, the subtitle is the pool's figure, said to be the pool
    sub = _plain(charts.methods(every, every, lang).layout.title.subtitle.text)
    assert _money(every.cost_usd.central, lang) in sub and text.t(lang, "chart.pooled") in sub


@pytest.mark.parametrize("lang", LANGS)
def test_a_waterfall_of_one_method_under_a_pooled_headline_says_both_figures(results, lang):
    every = results["all"]
    shown = every.methods["brookings"]
    fig = charts.waterfall(shown, every, lang)
    last_bar = fig.data[0].x[-1]
    sub = _plain(fig.layout.title.subtitle.text)
    note = _plain(compute.waterfall_note(shown, every, lang))
    for line in (sub, note):
        assert _money(last_bar, lang) in line  # the figure the last bar is
        assert text.t(lang, "method.brookings") in line  # named as the method's
        assert _money(every.cost_usd.central, lang) in line  # and the headline, named as the pool
        assert text.t(lang, "chart.pooled") in line


@pytest.mark.parametrize("lang", LANGS)
def test_charts_of_a_single_method_headline_give_that_figure_alone(results, lang):
    one = results["brookings"]
    head = _money(one.cost_usd.central, lang)
    for fig in (charts.waterfall(one.methods["brookings"], one, lang), charts.duration_curve(one, lang)):
        sub = _plain(fig.layout.title.subtitle.text)
        assert head in sub and sub.count(_money(one.cost_usd.central, lang)) == 1
    assert _plain(compute.waterfall_note(one.methods["brookings"], one, lang)).count(head) == 2  # product = figure


@pytest.mark.parametrize("lang", LANGS)
def test_chart_images_give_the_figure_they_show_and_the_headline(results, lang):
    every = results["all"]
    svg = _plain(exports.chart("waterfall", every, lang, "svg", method="brookings").decode("utf-8"))
    assert _money(every.methods["brookings"].cost_usd.central, lang) in svg
    assert _money(every.cost_usd.central, lang) in svg
    assert text.t(lang, "chart.pooled") in svg
    one = results["brookings"]
    svg = _plain(exports.chart("methods", one, lang, "svg", every=every).decode("utf-8"))
    assert text.t(lang, "method.brookings") + (" : " if lang == "fr" else ": ") + _money(one.cost_usd.central, lang) in svg


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("headline", ["brookings", "all"])
def test_the_methods_image_draws_the_page_chart_with_the_pool_and_the_same_highlight(results, lang, headline):
    """The PNG/SVG download left out the pooled bar the page shows: both draw the same bars,
    in the same order and heights, the headline's method (the pool when pooled) in red."""
    from matplotlib.colors import to_hex
    from matplotlib.figure import Figure

    every, shown = results["all"], results[headline]
    page = charts.methods(every, shown, lang).data[0]
    ax = Figure().add_subplot()
    exports._methods(ax, every, shown.method, lang)
    bars = ax.patches
    assert [_plain(x) for x in page.x][-1] == text.t(lang, "method.all")
    assert [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()] == [_plain(x) for x in page.x]
    assert [b.get_height() for b in bars] == pytest.approx(list(page.y))
    assert [to_hex(b.get_facecolor()) for b in bars] == list(page.marker.color)
    assert list(page.marker.color).count(charts.HIGHLIGHT) == 1
    assert page.marker.color[-1 if headline == "all" else 0] == charts.HIGHLIGHT
    svg = _plain(exports.chart("methods", shown, lang, "svg", every=every).decode("utf-8"))
    assert text.t(lang, "method.all") in svg and _money(every.cost_usd.central, lang) in svg


IRAN_HOUR = dict(country="IRN", start="2022-09-21T10:00", end="2022-09-21T11:00", disruption="full")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fields", [MALI, IRAN_HOUR], ids=["mali-services", "iran-one-hour"])
@pytest.mark.parametrize("size", [(7.6, 5.0), (10, 6.2)], ids=["fact-sheet", "download"])
def test_no_text_of_a_chart_image_runs_past_its_edge(fields, lang, size, _imported_data_dir):
    """The fact sheet's chart cut its subtitle at the image edge ('fourchette : 244 000 dollars US
    à 1,0'): every line is wrapped to the width it is drawn at, so the image's edges stay blank."""
    import io

    import numpy as np
    from PIL import Image

    data = _imported_data_dir
    result = impact.estimate(**fields, data=data)
    every = impact.estimate(**fields, method="all", data=data)
    for kind in ("waterfall", "curve", "methods"):
        png = exports.chart(kind, result, lang, "png", every=every, size=size)
        pixels = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
        edge = pixels[:, -3:]
        assert edge.min() > 240, f"{kind}: something is drawn at the right edge (rows {np.nonzero(edge.min(1) <= 240)[0][:5]})"


# -- the world ranking (items 5 and 9) and the waterfall's axis (item 6) -----------------------
@pytest.fixture(scope="module")
def world(_imported_data_dir):
    return compute.world(_imported_data_dir)


@pytest.mark.parametrize("lang", LANGS)
def test_the_world_ranking_draws_the_whiskers_its_footer_promises(world, lang):
    table, _ = world
    fig = charts.world_ranking(table, "MLI", lang)
    bars = fig.data[0]
    rows = compute.world_extremes(table, "MLI")
    assert bars.error_x.visible is not False and bars.error_x.type == "data"
    assert list(bars.error_x.array) == pytest.approx(list(rows["high"] - rows["central"]))
    assert list(bars.error_x.arrayminus) == pytest.approx(list(rows["central"] - rows["low"]))
    assert (rows["high"] > rows["central"]).any()  # whiskers with a length, not zeros


@pytest.mark.parametrize("lang", LANGS)
def test_the_world_ranking_says_its_data_years_without_nested_brackets(world, lang):
    table, _ = world
    fig = charts.world_ranking(table, "MLI", lang)
    for line in (_plain(fig.layout.title.subtitle.text), _plain(compute.world_context(table, lang)[1])):
        assert not re.search(r"\([^()]*\(", line), line  # "(2023 (2011–2023))"
        assert compute.world_year(table) in line or compute.world_years(table)[1] in line


@pytest.mark.parametrize("lang", LANGS)
def test_the_waterfall_axis_says_it_is_a_log_scale(results, lang):
    one = results["brookings"]
    fig = charts.waterfall(one.methods["brookings"], one, lang)
    assert fig.layout.xaxis.type == "log"
    assert "log" in fig.layout.xaxis.title.text  # 'log scale', 'échelle log.', as the world chart's axis
    assert "log" in text.t(lang, "world.axis")


def test_the_world_ranking_ranks_only_costs_and_says_who_is_left_out(world, _imported_data_dir):
    table, left_out = world
    economies = _imported_data_dir.economies()
    assert len(table) + len(left_out) == len(economies)
    assert (table["central"] > 0).all()  # a zero is not a cost to rank
    for lang in LANGS:
        lines = " ".join(compute.left_out_text(left_out, lang))
        for iso3, _ in left_out:
            from impact.report import names

            assert names.name(iso3, lang) in lines


@pytest.mark.shared_data
def test_economies_whose_latest_internet_use_is_zero_are_left_out_with_the_year(world):
    """American Samoa's latest internet-use figure is 0 % (1995): its one-day blackout cost $0 and
    it was ranked among '210 economies'."""
    table, left_out = world
    assert "ASM" not in set(table["iso3"])
    why = dict(left_out)["ASM"]
    assert why.reason == "zero" and why.input.name == "penetration"
    for lang in LANGS:
        line = next(x for x in compute.left_out_text(left_out, lang) if "1995" in x)
        assert f"{len(table)}" not in line
        from impact.report import names

        assert names.name("ASM", lang) in line
    subtitle = _plain(charts.world_ranking(table, "MLI", "en").layout.title.subtitle.text)
    assert f"{len(table)} economies ranked" in subtitle


@pytest.mark.parametrize("lang", LANGS)
def test_the_world_map_says_what_its_colours_are(world, lang):
    """Not just 'Map': a one-day national blackout, the data years, the unit of the colour bar (review)."""
    table, _ = world
    fig = charts.world_map(compute.world_named(table, lang), lang)
    assert _plain(fig.layout.title.text) == text.t(lang, "world.map_title")
    assert _plain(fig.layout.title.subtitle.text) == compute.world_context(compute.world_named(table, lang), lang)[0]
    assert fig.data[0].colorbar.title.text == text.t(lang, "world.map_unit")


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("fields", [{"country": "IND", "hours": 1, "share": 0.001},
                                    {"country": "CHN", "start": "2020-01-01", "end": "2020-12-31", "isp_share": 0.01},
                                    {"country": "MLI", "start": "2017-06-13", "end": "2017-06-14"}])
def test_the_fact_sheet_chart_money_axis_labels_do_not_overlap(country_data, monkeypatch, lang, fields):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    import impact
    from impact.page import exports

    drawn = {}
    axis = exports._money_axis
    monkeypatch.setattr(exports, "_money_axis", lambda ax, lg, which: (axis(ax, lg, which), drawn.update(ax=ax)))
    exports.chart("waterfall", impact.estimate(**fields), lang, "png", size=(7.6, 5.0))   # the fact sheet's size
    ax = drawn["ax"]
    FigureCanvasAgg(ax.figure).draw()
    renderer = ax.figure.canvas.get_renderer()
    low, high = ax.get_xlim()
    shown = [t.label1 for t in ax.xaxis.get_major_ticks() if low <= t.get_loc() <= high and t.label1.get_text()]
    boxes = [label.get_window_extent(renderer) for label in shown]
    assert len(boxes) >= 2
    assert all(a.x1 < b.x0 for a, b in zip(boxes, boxes[1:])), [label.get_text() for label in shown]
