"""The Streamlit page: a form of scenario fields, one :func:`impact.estimate`, its explanation.

``app.py`` calls :func:`main`. Three pieces of state, all keyed by values, never by labels:

* ``st.session_state["form"]`` — the form's values (:func:`impact.page.state.to_form`), kept
  across languages and across inputs that are hidden and shown again. Widgets are views of it:
  each is seeded from it when it (re)appears or the language changes, and read back after.
* ``st.session_state["fields"]`` — the scenario shown (fields of :func:`impact.estimate`): read
  from the URL on a session's first run, replaced when *Estimate* succeeds, written back to
  the URL so that the address bar is always a share link.
* ``st.session_state["failure"]`` — the library's message when the last *Estimate* failed; it is
  shown in the page's language above the last good result, whose tabs stay.

Widgets are live (no ``st.form``) so that dependent inputs follow their parent (the regions
follow the country, inputs appear for the disruption and reach that use them); nothing is
estimated until *Estimate*. Tabs are lazy: only the open one is built.

Everything a user or a URL can influence is shown through :func:`impact.page.text.plain`.
"""
from __future__ import annotations

import json
import math
from datetime import date, datetime, time, timedelta, timezone

import streamlit as st

from impact.report import cite, names
from impact.data import source as datasource
from impact.model import parameters
from impact.data import snapshot
from impact.errors import DataError, DataMissingError, ImpactError
from impact.model.fields import SCENARIO_FIELDS, override_fields
from impact.model.result import Range, Result
from impact.model.scenario import DISRUPTIONS, METHODS, REGION_WEIGHTS, SERVICES, Scenario
from . import charts, compute, events, state, text
from .text import plain, t

K = "w_"  # prefix of the form's widget keys in st.session_state
FIELD = {f.name: f for f in SCENARIO_FIELDS}
TABS = ("results", "explain", "world", "cite", "events")
FIRST_DAY = date(1990, 1, 1)
# no Plotly toolbar: on a phone it covered the charts' titles; the PNG and SVG downloads under
# the charts carry title, figure, data year and source (a toolbar snapshot would not)
CHART = {"displayModeBar": False, "responsive": True}


def _literal(frame):
    """``frame`` with ``$`` escaped: st.table renders Markdown, where two amounts in US$ in one
    cell ("US$108 billion a year (current US$)") would otherwise be set as a LaTeX formula."""
    return frame.map(lambda v: v.replace("$", "\\$") if isinstance(v, str) else v)


# -- cached loading (once per process, keyed by data folder and snapshot) -------------------
@st.cache_resource(show_spinner=False)
def _snapshot(root: str, snapshot_id: str):
    return datasource.active()


@st.cache_resource(show_spinner=False)
def _parameters():
    return parameters.load()


@st.cache_data(show_spinner=False)
def _economies(snapshot_id: str, _data) -> list[str]:
    return compute.economy_options(_data)


@st.cache_data(show_spinner=False)
def _regions(snapshot_id: str, iso3: str, _data) -> list[str] | None:
    from impact.data.regions import list_regions

    try:
        return list_regions(_data, iso3)
    except DataMissingError:
        return None


@st.cache_data(show_spinner=False, max_entries=512)
def _estimate(fields_key: str, snapshot_id: str, parameter_hash: str, _data) -> Result:
    return compute.run(json.loads(fields_key), _data)


@st.cache_data(show_spinner=False, max_entries=512)
def _comparison(fields_key: str, snapshot_id: str, parameter_hash: str, _result: Result, _data) -> Result:
    return compute.comparison(json.loads(fields_key), _result, _data)


@st.cache_data(show_spinner="…")
def _world(snapshot_id: str, parameter_hash: str, _data):
    return compute.world(_data)


def _key(fields: dict) -> str:
    return json.dumps(fields, sort_keys=True)


# -- page -----------------------------------------------------------------------------------
def main() -> None:
    """Draw the page (called by ``app.py`` on every rerun)."""
    # the browser tab's title in the page's language: the language chosen (the radio's state, set
    # before this rerun) or asked by the link, read before the radio is drawn
    chosen = st.session_state.get("lang") or state.query_lang(st.query_params.to_dict())
    st.set_page_config(page_title=t(chosen if chosen in text.LANGS else text.DEFAULT_LANG, "browser_title"),
                       layout="wide")
    lang = _language()
    _style(lang)
    st.title(t(lang, "page_title"))
    st.caption(plain(t(lang, "intro")))
    data = _load(lang)
    if data is None:
        return
    params = _parameters()
    economies = _economies(data.snapshot_id, data)
    if not economies:
        _no_data(lang, snapshot.user_data_folder().resolve(), t(lang, "nodata.no_economy", snapshot=data.snapshot_id))
        return
    _start_session(economies, data, params)
    relabel = st.session_state.get("form_lang") != lang
    st.session_state["form_lang"] = lang
    if _form(lang, economies, data, relabel):
        _apply(data, params)
    fields = st.session_state["fields"]
    if st.session_state.get("link_failed"):
        # a link that cannot be costed shows why and no figure: no result of another scenario
        # (the defaults), no sentence, copy button or download, until Estimate costs the form
        st.session_state["result"] = None
        _messages(None, lang)
        return
    result = _estimate(_key(fields), data.snapshot_id, params.hash, data)
    st.session_state["result"] = result
    _messages(result, lang)
    query = state.to_query(fields, lang)
    if st.query_params.to_dict() != query and not st.session_state.get("link_failed"):
        st.query_params.from_dict(query)  # (a link that could not be costed stays until Estimate)
    if state.is_future(fields):
        st.info(plain(t(lang, "results.future", year=result.gdp.year or "—")))

    labels = [t(lang, f"tabs.{k}") for k in TABS]
    # the tab open before a language switch stays open; the default is fixed per language (it is
    # part of the widget's identity: changing it would reset the tabs)
    if relabel or f"tabs_default_{lang}" not in st.session_state:
        st.session_state[f"tabs_default_{lang}"] = st.session_state.get("tab", "results")
    chosen = st.session_state[f"tabs_default_{lang}"]
    tabs = st.tabs(labels, key=f"tabs_{lang}", on_change="rerun", default=labels[TABS.index(chosen)])
    for code, tab in zip(TABS, tabs):
        if tab.open is False:
            continue
        st.session_state["tab"] = code
        with tab:
            if code == "results":
                _results(result, lang)
            elif code == "explain":
                _explain(fields, result, data, params, lang)
            elif code == "world":
                _world_view(data, params, fields["country"], lang)
            elif code == "cite":
                _cite(result, query, lang)
            else:
                _events(data, lang)


def _language() -> str:
    if "lang" not in st.session_state:
        st.session_state["lang"] = state.query_lang(st.query_params.to_dict())
    return st.sidebar.radio("Language / Langue", text.LANGS, key="lang", horizontal=True,
                            format_func=lambda code: text.wording(code)["name"])


def _style(lang: str) -> None:
    """A label beside the button that opens the form on a phone, the Estimate button kept in view
    at the bottom of the form (so that it stays where it is while inputs above change size), and
    a multiselect that grows with its choices (its typing room as wide focused or not, so that it
    does not shrink, moving the button, as the user leaves it for Estimate; in the narrow sidebar each platform takes a line,
    and a fixed height hid the fifth), tabs that wrap to a second line on a phone (the last was cut
    to 'Évé›'), a smaller page title there and a hint that the inputs table scrolls sideways.
    Our own words only, no user text."""
    label = json.dumps(t(lang, "form.open"), ensure_ascii=False)
    st.html(f"""<style>{_uploader_words(lang)}
[data-testid="stExpandSidebarButton"]::after {{ content: {label}; margin-left: .4rem; font-size: .95rem;
  font-weight: 600; white-space: nowrap; }}
[data-testid="stExpandSidebarButton"] {{ width: auto !important; padding: 0 .6rem !important; }}
[data-testid="stMetricValue"] > div, [data-testid="stMetricValue"] p {{ white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; overflow-wrap: anywhere; }}
[data-testid="stMultiSelect"] div:has(> [data-testid="stMultiSelectTagsContainer"]) {{ max-height: none !important; }}
[data-testid="stMultiSelectTagsContainer"] {{ max-height: none !important; overflow: visible !important; }}
[data-testid="stMultiSelect"] input[role="combobox"] {{ min-width: 48px !important; }}
[data-testid="stTabs"] [role="tablist"] {{ flex-wrap: wrap; overflow: visible !important; row-gap: .2rem; }}
.st-key-phone_hint {{ display: none !important; }}
@media (max-width: 640px) {{ h1 {{ font-size: 2rem !important; }}
  .st-key-phone_hint {{ display: block !important; }} }}
.st-key-w_submit {{ position: sticky; bottom: 0; z-index: 99; padding: .5rem 0;
  background-color: var(--st-secondary-background-color, #f0f2f6); }}
</style>""")


# The file uploaders (widget key → the types they take): Streamlit writes their button ("Upload")
# and their limit line ("200MB per file • CSV") in English whatever the page's language
# (streamlit/streamlit#13500); the page's own words replace them, by the uploaders' keys.
UPLOADERS = {K + "data_files": "CSV, ZIP, JSON", K + "ev_file": "CSV, Parquet"}


def _uploader_words(lang: str) -> str:
    """CSS that writes the uploaders' button and limit line in the page's language (our words only)."""
    button = json.dumps(t(lang, "form.upload_button"), ensure_ascii=False)
    css = []
    for key, types in UPLOADERS.items():
        limit = json.dumps(t(lang, "form.upload_limit", mb=text.quantity(st.get_option("server.maxUploadSize"), lang),
                             types=types), ensure_ascii=False)
        zone = f'.st-key-{key} [data-testid="stFileUploaderDropzone"]'
        css.append(f'{zone} [data-testid="stBaseButton-secondary"] p {{ font-size: 0; }}\n'
                   f'{zone} [data-testid="stBaseButton-secondary"] p::after {{ content: {button}; font-size: .875rem; }}\n'
                   f'{zone} [data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}\n'
                   f'{zone} [data-testid="stFileUploaderDropzoneInstructions"] span::after {{ content: {limit}; '
                   f'font-size: .875rem; }}')
    return "\n" + "\n".join(css)


def _load(lang: str):
    """The active snapshot, or None after drawing the no-data panel."""
    root = snapshot.user_data_folder().resolve()
    try:
        return _snapshot(str(root), snapshot.active_id(root))
    except DataMissingError:
        _no_data(lang, root, t(lang, "nodata.none"))
    except DataError as why:
        _no_data(lang, root, text.error_message(why, lang))
    return None


def _no_data(lang: str, root, why: str) -> None:
    """What gets a user started without data: upload the files, or download them."""
    st.header(t(lang, "nodata.title"))
    st.markdown(plain(t(lang, "nodata.body")))
    st.caption(plain(why))
    st.caption(plain(t(lang, "nodata.folder", folder=root)))
    st.subheader(t(lang, "nodata.upload_title"))
    st.markdown(plain(t(lang, "nodata.upload_help")))
    files = st.file_uploader(t(lang, "nodata.upload"), type=["csv", "zip", "json"], accept_multiple_files=True,
                             key=K + "data_files")
    if st.button(t(lang, "nodata.import"), key=K + "data_import", type="primary", disabled=not files):
        from . import upload

        bar = st.progress(0.0, text=t(lang, "nodata.importing"))
        try:
            snap = upload.import_files([(f.name, f.getvalue()) for f in files], root,
                                       progress=lambda x: bar.progress(x, text=t(lang, "nodata.importing")))
        except ImpactError as failed:
            bar.empty()
            st.error(plain(t(lang, "nodata.import_failed", detail=text.without_cli_advice(str(failed))[:1200])))
        else:
            bar.progress(1.0, text=t(lang, "nodata.done", snapshot=snap.snapshot_id))
            st.success(plain(t(lang, "nodata.done", snapshot=snap.snapshot_id)))
            st.button(t(lang, "nodata.open"), key=K + "data_open")
            snapshot.clear_cache()
            st.cache_resource.clear()
            st.cache_data.clear()
    st.subheader(t(lang, "nodata.download_title"))
    if st.button(t(lang, "nodata.download"), key=K + "download"):
        from impact.data import worldbank

        try:
            with st.spinner(t(lang, "nodata.downloading")):
                snap = worldbank.update(progress=False)
        except (ImpactError, OSError) as failed:
            st.error(plain(t(lang, "nodata.offline", detail=text.without_cli_advice(str(failed))[:300])))
        else:
            st.success(plain(t(lang, "nodata.done", snapshot=snap.snapshot_id)))
            snapshot.clear_cache()
            st.cache_resource.clear()
            st.cache_data.clear()
            st.button(t(lang, "nodata.open"), key=K + "data_open2")


def _start_session(economies: list[str], data, params) -> None:
    """On a session's first run: the scenario from the URL (or defaults) into the form."""
    if "fields" in st.session_state:
        return
    query = st.query_params.to_dict()
    fields, problems = state.from_query(query, economies, data)
    form = fields
    if state.country_refused(query, problems):
        # the link's country cannot be costed (unknown, or no GDP in the data): every other value
        # would be costed for another country, so nothing is
        st.session_state["link_failed"] = True
    else:
        try:
            _estimate(_key(fields), data.snapshot_id, params.hash, data)
        except ImpactError as why:
            # the link's scenario cannot be costed: say why and show no figure, but keep the link's
            # values in the form (to be mended) and the link in the address bar (nothing lost)
            st.session_state["failure"] = str(why)
            st.session_state["link_failed"] = True
            fields = state.defaults(economies)
    st.session_state["fields"] = fields
    st.session_state["url_problems"] = problems
    st.session_state["form"] = state.to_form(form)


def _apply(data, params) -> None:
    """*Estimate*: the form becomes the scenario if the library costs it; else say why and keep the last."""
    try:
        fields = state.from_form(st.session_state["form"])
        Scenario.create(**fields)
        _estimate(_key(fields), data.snapshot_id, params.hash, data)
    except ImpactError as why:
        st.session_state["failure"] = str(why)
        return
    st.session_state["fields"] = fields
    st.session_state["failure"] = None
    st.session_state["link_failed"] = False  # the form, costed, has taken over from the link
    st.session_state["url_problems"] = []


def _messages(result: Result | None, lang: str) -> None:
    """The link's values left out, and the scenario shown instead (never silently another one);
    the last Estimate's failure. ``result`` None: nothing is shown (a link that cannot be costed)."""
    problems = st.session_state.get("url_problems") or []
    if problems:
        st.warning(t(lang, "warn.url") + "\n\n" + "\n".join(f"- {plain(text.problem_message(p, lang), 1500)}"
                                                           for p in problems)
                   + ("" if result is None else "\n\n" + plain(compute.shown_scenario(result, lang))))
    failure = st.session_state.get("failure")
    after = "warn.link_failed" if st.session_state.get("link_failed") else "warn.previous"
    if failure:
        st.error(plain(text.error_message(failure, lang)) + "\n\n" + plain(t(lang, after)))
    elif result is None:
        st.error(plain(t(lang, "warn.link_country")) + "\n\n" + plain(t(lang, after)))


# -- the form -------------------------------------------------------------------------------
def _form(lang: str, economies: list[str], data, relabel: bool) -> bool:
    """Draw the form's inputs that apply; update ``form`` from them; True when *Estimate* was pressed."""
    form = st.session_state["form"]
    shown: list[str] = []

    def key(name: str) -> str:
        if relabel or K + name not in st.session_state:
            st.session_state[K + name] = form[name]
        shown.append(name)
        return K + name

    svc_names = cite.locale(lang).get("services") or {}
    side = st.sidebar
    side.subheader(t(lang, "form.title"))
    by_name = sorted(economies, key=lambda c: names.name(c, lang).casefold())
    country = key("country")
    side.selectbox(t(lang, "form.country"), _country_search(lang, by_name, relabel), key=country,
                   format_func=lambda c: compute.country_label(c, lang), filter_mode=None)
    side.radio(t(lang, "form.when"), ("dates", "duration"), key=key("when"), horizontal=True,
               format_func=lambda w: t(lang, f"form.when_{w}"))
    last_day = date(datetime.now(timezone.utc).year + 5, 12, 31)
    if st.session_state[K + "when"] == "dates":
        side.date_input(t(lang, "form.start"), key=key("start_date"), min_value=FIRST_DAY, max_value=last_day,
                        format=t(lang, "form.date_format"))
        side.date_input(t(lang, "form.end"), key=key("end_date"), min_value=FIRST_DAY, max_value=last_day,
                        format=t(lang, "form.date_format"))
        side.checkbox(t(lang, "form.timed"), key=key("timed"))
        if st.session_state[K + "timed"]:
            c1, c2 = side.columns(2)
            c1.time_input(t(lang, "form.start_time"), key=key("start_time"), step=timedelta(minutes=15))
            c2.time_input(t(lang, "form.end_time"), key=key("end_time"), step=timedelta(minutes=15))
            side.selectbox(t(lang, "form.utc_offset"), state.UTC_OFFSETS, key=key("utc_offset"),
                           format_func=lambda o: "UTC" if o == state.UTC else f"UTC{o.replace('-', '−')}",
                           help=t(lang, "form.utc_offset_help"))
    else:
        # no limits in the widget (its refusal is an English tooltip, then the old value is kept):
        # Estimate checks the value with the field table and says what is accepted in the page's language
        side.number_input(t(lang, "form.hours"), key=key("hours"), step=1.0, format="%g")
    side.selectbox(t(lang, "form.disruption"), DISRUPTIONS, key=key("disruption"),
                   format_func=lambda d: t(lang, f"disruption.{d}"))
    disruption = st.session_state[K + "disruption"]
    if disruption == "services":
        side.multiselect(t(lang, "form.services"), SERVICES, key=key("services"),
                         format_func=lambda s: svc_names.get(s, s))
    if disruption == "throttle":
        side.slider(t(lang, "form.severity"), 100 * FIELD["severity"].low, 100 * FIELD["severity"].high,
                    key=key("severity"), step=5.0, format="%g%%")
    side.radio(t(lang, "form.reach"), state.REACHES, key=key("reach"), format_func=lambda r: t(lang, f"reach.{r}"))
    reach = st.session_state[K + "reach"]
    if reach == "regions":
        _regions_widget(lang, data, form, key)
    elif reach == "share":
        side.slider(t(lang, "form.share"), 100 * FIELD["share"].low, 100 * FIELD["share"].high,
                    key=key("share"), step=1.0, format="%g%%")
    elif reach == "isp":
        side.slider(t(lang, "form.isp_share"), 100 * FIELD["isp_share"].low, 100 * FIELD["isp_share"].high,
                    key=key("isp_share"), step=1.0, format="%g%%")
    pressed = side.button(t(lang, "form.submit"), key=K + "submit", type="primary", width="stretch")
    rule = side.empty()
    with side.expander(t(lang, "form.advanced")):
        if st.session_state[K + "when"] == "dates":
            st.text_input(t(lang, "form.daily_window"), key=key("daily_window"), placeholder="09:00-13:00",
                          help=t(lang, "form.daily_window_help"))
        elif str(st.session_state.get(K + "daily_window") or "").strip():  # said, not dropped silently
            st.caption(plain(t(lang, "form.window_needs_dates", window=st.session_state[K + "daily_window"])))
        for year in ("gdp_year", "price_year"):
            st.number_input(t(lang, f"form.{year}"), key=key(year), step=1)
        st.selectbox(t(lang, "form.method"), METHODS, key=key("method"),
                     format_func=lambda m: t(lang, f"method.{m}"))
        st.caption(plain(t(lang, "form.overrides")))
        for f in _overrides_for(disruption):
            unit = cite.input_unit_text(f.unit, lang)
            limits = f"{text.quantity(f.low, lang)}–{text.quantity(f.high, lang)}"
            st.number_input(f"{text.input_label(f.name, f.name.replace('_', ' '), lang)} ({unit}; {limits})",
                            key=key("ov_" + f.name), step=_step(f.low, f.high), format="%g")
    for name in shown:
        form[name] = st.session_state[K + name]
    _date_rule(rule, lang, form)
    return pressed


def _country_search(lang: str, by_name: list[str], relabel: bool) -> list[str]:
    """The search box above the country list (the list's own type-ahead, with its English "No
    results", is off): the countries a partly typed name finds — in English or French, without
    accents, or another name (:func:`impact.data.countries.search`); every country when none."""
    box = K + "country_search_box"
    if relabel or box not in st.session_state:
        st.session_state[box] = st.session_state.get("country_search", "")
    st.sidebar.text_input(t(lang, "form.country_search"), key=box, placeholder=t(lang, "form.country_search_hint"))
    typed = st.session_state["country_search"] = str(st.session_state[box] or "")
    found = compute.find_countries(typed, by_name)
    if not found:
        st.sidebar.caption(plain(t(lang, "form.country_none", typed=typed.strip()[:60])))
        return by_name
    if st.session_state.get(K + "country") not in found:
        st.session_state[K + "country"] = found[0]   # the list holds only what was found
    return found


def _overrides_for(disruption: str):
    """The overrides that can change this disruption's cost (others are not shown)."""
    only = {"mobile_access_share": ("mobile",), "mobile_proxy_factor": ("mobile",),
            "app_value_share": ("services",)}
    return [f for f in override_fields() if disruption in only.get(f.name, (disruption,))]


def _date_rule(slot, lang: str, form: dict) -> None:
    """The one date rule, under the Estimate button, with the duration the form's dates give."""
    days = state.days_of(form)
    lines = []
    if form["when"] == "dates":
        lines.append(t(lang, "form.rule_timed" if form.get("timed") else "form.rule_days"))
    if days is None:
        if form["when"] == "dates":
            lines.append(t(lang, "form.no_duration"))
    else:
        lines.append(t(lang, "form.duration_is", duration=text.duration(days * 24, lang)))
    current = st.session_state.get("fields")
    try:
        pending = current is not None and state.from_form(form) != current
    except ImpactError:
        pending = True
    if pending:
        lines.append(t(lang, "form.pending"))
    slot.caption(plain(" ".join(lines)))


def _regions_widget(lang: str, data, form: dict, key) -> None:
    """The regions of the country chosen now: regions of another country never stay selected."""
    iso3 = st.session_state[K + "country"]
    options = _regions(data.snapshot_id, iso3, data) or []
    kept = [r for r in form.get("regions") or [] if r in options]
    if kept != form.get("regions"):
        form["regions"] = kept
        st.session_state[K + "regions"] = kept
    if not options:
        st.sidebar.caption(plain(t(lang, "form.no_regions", country=compute.country_label(iso3, lang))))
        return
    st.sidebar.multiselect(t(lang, "form.regions"), options, key=key("regions"))
    st.sidebar.radio(t(lang, "form.region_weight"), REGION_WEIGHTS, key=key("region_weight"), horizontal=True,
                     format_func=lambda w: t(lang, f"form.region_weight_{w}"))


def _step(low: float, high: float) -> float:
    span = high - low
    return float(10 ** (round(math.log10(span)) - 2)) if span > 0 else 1.0


# -- results --------------------------------------------------------------------------------
def _results(result: Result, lang: str) -> None:
    year = result.gdp.year
    currency = t(lang, "results.currency", year=year) if year else "US$"
    cost, head_currency = result.cost_usd, currency
    if result.constant_usd:  # the user asked for constant US$: the headline is in them
        c = result.constant_usd
        cost = Range(**c["cost"])
        head_currency = t(lang, "results.constant_currency", year=c["price_year"])
    st.metric(t(lang, "results.headline"), text.money(cost.central, lang),
              help=plain(t(lang, "results.headline_help_pooled" if cite.is_pooled(result) else "results.headline_help",
                           draws=cite.number(result.scenario.draws, lang))))
    st.markdown(plain(t(lang, "results.range", low=text.money(cost.low, lang), high=text.money(cost.high, lang),
                        currency=head_currency)))
    if result.constant_usd:
        c, now = result.constant_usd, result.cost_usd
        st.caption(plain(t(lang, "results.current", year=year, value=text.money(now.central, lang),
                           low=text.money(now.low, lang), high=text.money(now.high, lang),
                           factor=text.quantity(c["factor"], lang), source=cite.source_text(c["source"], lang))))
    sentence = cite.sentence(result, lang)
    st.info(plain(sentence))
    _copy_button(sentence, lang)
    cols = [*st.columns(2), *st.columns(3)]
    window = result.cost_per_window_usd  # daily windows: a day's cost is its window's, not 24 hours'
    for col, label, rng in ((cols[0], "per_hour", result.cost_per_hour_usd),
                            (cols[1], "per_day", result.cost_per_day_usd) if window is None else
                            (cols[1], "per_window", window)):
        col.metric(t(lang, f"results.{label}", window=result.scenario.daily_window), text.money(rng.central, lang))
        col.caption(plain(t(lang, "results.rate_caption", range=text.money_range(rng.low, rng.high, lang),
                            currency=currency)))
    share = result.share_of_annual_gdp
    cols[2].metric(t(lang, "results.share_gdp"), text.percent(share.central, lang))
    cols[2].caption(plain(t(lang, "results.share_caption", low=text.percent(share.low, lang),
                            high=text.percent(share.high, lang), year=year)))
    people = {i.name: i for i in result.inputs}
    for col, label, value, src in ((cols[3], "people", result.people_affected, people.get("population")),
                                   (cols[4], "users", result.internet_users_affected, people.get("penetration"))):
        col.metric(t(lang, f"results.{label}"),
                   text.quantity(value, lang) if value is not None else t(lang, "results.unknown"))
        if src is not None:
            col.caption(plain(t(lang, f"results.{label}_note", year=src.year or "—")))
    if result.local_currency:
        lc = result.local_currency
        code = lc.get("currency")
        value = cite.local_money(lc["cost"]["central"], code, lang) if code else text.quantity(lc["cost"]["central"], lang)
        st.caption(plain(t(lang, "results.local", value=value, currency=cite.currency_name(code, lang),
                           year=lc.get("year"), source=cite.source_text(lc["source"], lang))))
    st.subheader(t(lang, "results.inputs"))
    with st.container(key="phone_hint"):   # shown on narrow screens only (the page's style sheet)
        st.caption(t(lang, "results.inputs_scroll"))
    st.table(_literal(compute.inputs_frame(result, lang).set_index(t(lang, "table.input"))))
    if result.notes:
        st.markdown(f"**{t(lang, 'results.notes')}**\n\n" + "\n".join(f"- {plain(cite.calc_note(n, lang))}" for n in result.notes))


def _copy_button(value: str, lang: str) -> None:
    """A visible button that copies ``value`` (the sentence) to the clipboard."""
    payload = json.dumps(value).replace("</", "<\\/")
    label, done = json.dumps(t(lang, "results.copy")), json.dumps(t(lang, "results.copied"))
    st.iframe(f"""<button id="copy" style="font: 14px sans-serif; padding: 6px 14px; border-radius: 6px;
border: 1px solid #888; background: #fff; cursor: pointer;"></button>
<script>
const b = document.getElementById("copy"); b.textContent = {label};
b.onclick = async () => {{ await navigator.clipboard.writeText({payload}); b.textContent = {done}; }};
</script>""", height=44)


def _explain(fields: dict, result: Result, data, params, lang: str) -> None:
    applicable = [m for m in result.methods.values() if m.cost_usd is not None]
    shown = applicable[0]
    if len(applicable) > 1:
        name = st.radio(t(lang, "explain.waterfall_method"), [m.method for m in applicable], horizontal=True,
                        key=K + "waterfall", format_func=lambda m: t(lang, f"method.{m}"))
        shown = result.methods[name]
    st.plotly_chart(charts.waterfall(shown, result, lang), key="chart_waterfall", config=CHART)
    st.caption(plain(charts.footer(result, lang)))
    st.caption(plain(compute.waterfall_note(shown, result, lang)))
    if shown.sensitivity:
        st.markdown(f"**{plain(t(lang, 'explain.drivers'))}**")
        labels = cite.locale(lang)["labels"]
        st.table({t(lang, "explain.driver"): [labels.get(r["factor"], r["factor"]) for r in shown.sensitivity],
                  t(lang, "explain.share_of_spread"): [cite.percent(r["share_of_spread"], lang) for r in shown.sensitivity]})
        st.caption(plain(t(lang, "explain.drivers_note")))
    st.plotly_chart(charts.duration_curve(result, lang), key="chart_curve", config=CHART)
    st.caption(plain(charts.footer(result, lang)))
    window = result.cost_per_window_usd
    st.caption(plain(t(lang, "explain.curve_note", per_day=text.money(result.cost_per_day_usd.central, lang))
                     if window is None else
                     t(lang, "explain.curve_note_window", per_day=text.money(window.central, lang),
                       window=result.scenario.daily_window)))
    try:
        every = _comparison(_key(fields), data.snapshot_id, params.hash, result, data)
    except ImpactError as why:
        st.error(plain(text.error_message(why, lang)))
        return
    st.plotly_chart(charts.methods(every, result, lang), key="chart_methods", config=CHART)
    st.caption(plain(charts.footer(every, lang)))
    st.caption(plain(t(lang, "explain.methods_note")))
    for m in every.methods.values():
        if m.cost_usd is None:
            st.caption(plain(t(lang, "explain.not_applicable", method=t(lang, f"method.{m.method}"),
                               why=cite.calc_note(m.not_applicable, lang))))
    _chart_downloads(result, lang, ("waterfall", "curve", "methods"), every=every, method=shown.method)


def _chart_downloads(result: Result, lang: str, kinds, every=None, method=None, world=None) -> None:
    """PNG and SVG of each chart, with title, country, dates, figure, range, data year and source."""
    from . import exports

    st.markdown(f"**{t(lang, 'explain.images')}**")
    for kind in kinds:
        c1, c2, c3 = st.columns([3, 1, 1])
        c1.markdown(plain(t(lang, f"explain.image_{kind}")))
        for col, fmt in ((c2, "png"), (c3, "svg")):
            col.download_button(fmt.upper(), lambda fmt=fmt, kind=kind: exports.chart(
                kind, result, lang, fmt, every=every, method=method, world=world),
                file_name=compute.file_name(result, fmt, kind, lang),
                mime="image/png" if fmt == "png" else "image/svg+xml", key=f"{K}img_{kind}_{fmt}", on_click="ignore")


def _world_view(data, params, iso3: str, lang: str) -> None:
    table, skipped = _world(data.snapshot_id, params.hash, data)
    table = compute.world_named(table, lang)
    st.subheader(t(lang, "world.title"))
    year = compute.world_year(table)
    st.caption(plain(t(lang, "world.note", snapshot=data.snapshot_id, year=year)))
    st.plotly_chart(charts.world_ranking(table, iso3, lang), key="chart_world_bar", config=CHART)
    st.caption(plain(compute.world_context(table, lang)[1]))
    rank = compute.world_rank(table, iso3)
    if rank is not None:
        st.caption(plain(t(lang, "world.rank_of", country=_sentence_start(names.subject_form(iso3, lang)), rank=rank,
                           n=len(table))))
    else:
        st.caption(plain(t(lang, "world.not_ranked", country=_sentence_start(names.subject_form(iso3, lang)))))
    with st.expander(t(lang, "world.table_title")):
        shown = table.assign(rank=range(1, len(table) + 1))[["rank", "country", "iso3", "central", "low", "high",
                                                              "gdp_year", "users_year"]].copy()
        for col in ("central", "low", "high"):
            shown[col] = [text.money(v, lang) for v in shown[col]]
        shown.columns = [t(lang, "world.rank"), t(lang, "world.country"), "ISO3", t(lang, "world.cost"),
                         t(lang, "world.low"), t(lang, "world.high"), t(lang, "world.year"), t(lang, "world.users_year")]
        st.dataframe(shown, hide_index=True, width="stretch", height=320)
    for line in compute.left_out_text(skipped, lang):  # who is not ranked, and why
        st.caption(plain(line))
    _chart_downloads(st.session_state["result"], lang, ("world",), world=table)
    st.markdown(f"**{t(lang, 'world.map')}**")
    st.caption(plain(t(lang, "world.map_note")))
    if st.toggle(t(lang, "world.map_toggle"), key=K + "map"):
        st.plotly_chart(charts.world_map(table, lang), key="chart_world_map", config=CHART)


def _cite(result: Result, query: dict, lang: str) -> None:
    from . import exports

    for code in (lang, *[c for c in text.LANGS if c != lang]):
        st.markdown(f"**{t(lang, 'cite.sentence')} — {text.wording(code)['name']}**")
        st.code(cite.sentence(result, code), language=None, wrap_lines=True)
    st.subheader(t(lang, "cite.share"))
    share = compute.share_link(st.context.url, query)
    st.code(share.url, language=None, wrap_lines=True)
    st.caption(plain(t(lang, "cite.share_note")))
    if not share.public:   # a link to the author's own computer would reach no reader of a letter
        st.info(t(lang, "cite.share_local", env=compute.PUBLIC_URL_ENV))
        st.code(share.command, language="bash", wrap_lines=True)
    link, command = (share.url, "") if share.public else ("", share.command)
    st.subheader(t(lang, "cite.downloads"))
    c1, c2, c3 = st.columns(3)
    c1.download_button(t(lang, "cite.download_pdf"), lambda: exports.fact_sheet(result, lang, link, command),
                       file_name=compute.file_name(result, "pdf", lang=lang), mime="application/pdf", key=K + "dl_pdf", on_click="ignore",
                       type="primary")
    c2.download_button(t(lang, "cite.download_note"), lambda: exports.note_markdown(result, lang, link, command),
                       file_name=compute.file_name(result, "md", lang=lang), mime="text/markdown", key=K + "dl_note", on_click="ignore")
    c3.download_button(t(lang, "cite.download_text"), lambda: exports.note_text(result, lang, link, command),
                       file_name=compute.file_name(result, "txt", lang=lang), mime="text/plain", key=K + "dl_text", on_click="ignore")
    c1, c2 = st.columns(2)
    c1.download_button(t(lang, "cite.download_json"), lambda: compute.result_json(result),
                       file_name=compute.file_name(result, "json"), mime="application/json",
                       key=K + "dl_json", on_click="ignore")
    c2.download_button(t(lang, "cite.download_csv"), lambda: compute.inputs_csv(result, lang),
                       file_name=compute.file_name(result, "csv", "inputs"), mime="text/csv",
                       key=K + "dl_csv", on_click="ignore")
    with st.expander(t(lang, "cite.note")):
        st.markdown(exports.note_markdown(result, lang, link, command))


def _events(data, lang: str) -> None:
    """Events view: an uploaded registry (Access Now STOP export or the simple schema) costed by
    :mod:`impact.events.batch`, its annual totals charted."""
    st.subheader(t(lang, "events.title"))
    if not events.available():
        st.info(t(lang, "events.later"))
        return
    from impact.events.batch import BATCH_METHODS

    st.caption(plain(t(lang, "events.intro")))
    with st.form("events", border=False):
        upload = st.file_uploader(t(lang, "events.upload"), type=[s.lstrip(".") for s in events.SUFFIXES],
                                  key=K + "ev_file")
        c1, c2, c3 = st.columns(3)
        cutoff = c1.date_input(t(lang, "events.cutoff"), value=None, key=K + "ev_cutoff",
                               format=t(lang, "form.date_format"), help=t(lang, "events.cutoff_default"))
        method = c2.selectbox(t(lang, "form.method"), BATCH_METHODS, key=K + "ev_method",
                              format_func=lambda m: t(lang, f"method.{m}"))
        draws = c3.number_input(t(lang, "events.draws"), min_value=0, max_value=100_000, value=1000, step=100,
                                key=K + "ev_draws")
        go = st.form_submit_button(t(lang, "events.run"), key=K + "ev_run")
    if go and upload is None:
        st.warning(t(lang, "events.no_file"))
    if go and upload is not None:
        try:
            with st.spinner(t(lang, "events.running")):
                st.session_state["events_run"] = _events_run(upload.getvalue(), upload.name,
                                                             cutoff.isoformat() if cutoff else None,
                                                             method, int(draws), data.snapshot_id, data)
        except ImpactError as why:
            st.session_state["events_run"] = None
            st.error(plain(text.error_message(why, lang)))
    run = st.session_state.get("events_run")
    if run is None:
        return
    c = {k: _count(v, lang) for k, v in run.counts.items()}
    st.markdown(plain(t(lang, "events.counts", read=c["read"], costed=c["costed"], flagged=c["flagged"],
                        rejected=c["rejected"], events=c["events"])))
    for line in events.headline(run, lang):
        st.markdown(plain(line))
    st.plotly_chart(charts.annual_totals(run.annual, lang), key="chart_events", config=CHART)
    ranges = t(lang, "events.range")   # the library's words (batch.RANGE_NOTE), here a sentence of its own
    st.caption(plain(f"{t(lang, 'events.amounts', currency=t(lang, 'events.currency'))} {ranges[:1].upper()}{ranges[1:]}. "
                     + t(lang, "events.provenance", method=t(lang, f"method.{run.info.get('method')}"),
                         cutoff=events.cutoff_text(run, lang), snapshot=run.info.get("data_snapshot"),
                         draws=_count(run.info.get("draws"), lang))))
    st.dataframe(events.shown(events.table(run.annual), lang, t_columns(lang)), hide_index=True, width="stretch")
    d1, d2 = st.columns(2)
    d1.download_button(t(lang, "events.download_events"), events.csv_text(run.events),
                       file_name="impact_events.csv", mime="text/csv", key=K + "ev_dl_events", on_click="ignore")
    d2.download_button(t(lang, "events.download_totals"), events.csv_text(run.totals),
                       file_name="impact_country-year-totals.csv", mime="text/csv", key=K + "ev_dl_totals",
                       on_click="ignore")


def _count(n, lang: str) -> str:
    """A whole number with the language's thousands separator ('10 000' in French), as given otherwise."""
    return cite.number(n, lang) if isinstance(n, (int, float)) and not isinstance(n, bool) else str(n)


def t_columns(lang: str) -> dict[str, str]:
    """Headers of the Events table in the page's language (column name → header)."""
    return dict(text.wording(lang).get("events_columns") or {})


@st.cache_data(show_spinner=False, max_entries=8)
def _events_run(content: bytes, filename: str, cutoff: str, method: str, draws: int, snapshot_id: str, _data):
    return events.run(content, filename, cutoff=cutoff, method=method, draws=draws, data=_data)


def _sentence_start(words: str) -> str:
    """Words that open a sentence, their first letter a capital ("L'Ouganda", "The United States")."""
    return words[:1].upper() + words[1:]
