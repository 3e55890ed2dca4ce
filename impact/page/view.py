"""The Streamlit page: a form of scenario fields, one :func:`impact.estimate`, its explanation.

``app.py`` calls :func:`main`. The scenario lives in ``st.session_state["fields"]`` as the
keyword fields of :func:`impact.estimate`; it is read from the URL on a session's first run
(:func:`impact.page.state.from_query`), replaced when the form is submitted, and written back
to the URL after each successful estimate so that the address bar is always a share link.

Everything a user or a URL can influence is shown through :func:`impact.page.text.plain`
(never as HTML); any :class:`impact.ImpactError` is shown as a message, never a traceback.
"""
from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

import streamlit as st

from impact.report import cite
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
REACH_ORDER = ("national", "regions", "share", "isp")
FALLBACK_URL = "http://localhost:8501"
FIELD = {f.name: f for f in SCENARIO_FIELDS}


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
    st.set_page_config(page_title="impact — cost of internet shutdowns", layout="wide")
    lang = _language()
    st.title(t(lang, "page_title"))
    st.caption(plain(t(lang, "intro")))
    data = _load(lang)
    if data is None:
        return
    params = _parameters()
    economies = _economies(data.snapshot_id, data)
    _start_session(economies, data)
    if st.session_state.get(K + "submit"):
        _apply_form(lang)
    _form(lang, economies, data)
    _url_warnings(lang)

    fields = st.session_state["fields"]
    try:
        result = _estimate(_key(fields), data.snapshot_id, params.hash, data)
    except ImpactError as why:
        st.error(f"{t(lang, 'warn.error')} {plain(why)}")
        st.session_state["result"] = None
        return
    st.session_state["result"] = result
    query = state.to_query(fields, lang)
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)

    tabs = st.tabs([t(lang, f"tabs.{k}") for k in ("results", "explain", "world", "cite", "events")])
    with tabs[0]:
        _results(result, lang)
    with tabs[1]:
        _explain(fields, result, data, params, lang)
    with tabs[2]:
        _world_view(data, params, fields["country"], lang)
    with tabs[3]:
        _cite(result, query, lang)
    with tabs[4]:
        _events(data, lang)


def _language() -> str:
    if "lang" not in st.session_state:
        st.session_state["lang"] = state.query_lang(st.query_params.to_dict())
    return st.sidebar.radio("Language / Langue", text.LANGS, key="lang", horizontal=True,
                            format_func=lambda code: text.wording(code)["name"])


def _load(lang: str):
    """The active snapshot, or None after drawing the no-data panel."""
    root = snapshot.data_dir().resolve()
    try:
        return _snapshot(str(root), snapshot.active_id(root))
    except DataMissingError as why:
        _no_data(lang, root, why)
    except DataError as why:
        st.error(plain(why))
        _no_data(lang, root, why)
    return None


def _no_data(lang: str, root, why: Exception) -> None:
    st.header(t(lang, "nodata.title"))
    st.markdown(plain(t(lang, "nodata.body")))
    st.caption(plain(t(lang, "nodata.folder", folder=root)))
    st.caption(plain(why))
    if st.button(t(lang, "nodata.download"), key=K + "download", type="primary"):
        from impact.data import worldbank

        try:
            with st.spinner(t(lang, "nodata.downloading")):
                snap = worldbank.update(progress=False)
        except ImpactError as failed:
            st.error(plain(failed))
        else:
            st.success(plain(t(lang, "nodata.done", snapshot=snap.snapshot_id)))
            st.rerun()
    st.markdown(plain(t(lang, "nodata.import")))
    st.code("impact data import PATH...\nimpact data update", language="bash")


def _start_session(economies: list[str], data) -> None:
    """On a session's first run: the scenario from the URL (or defaults) into the form."""
    if "fields" in st.session_state:
        return
    fields, warnings = state.from_query(st.query_params.to_dict(), economies, data)
    st.session_state["fields"] = fields
    st.session_state["url_warnings"] = warnings
    for name, value in state.to_form(fields).items():
        st.session_state[K + name] = value


def _apply_form(lang: str) -> None:
    """The submitted form becomes the scenario, if the library accepts it; else say why."""
    try:
        fields = state.from_form(_form_values())
        Scenario.create(**fields)
    except ImpactError as why:
        st.error(f"{t(lang, 'warn.not_applied')} {plain(why)}")
        return
    st.session_state["fields"] = fields
    st.session_state["url_warnings"] = []


def _form_values() -> dict:
    return {name: st.session_state.get(K + name) for name in state.to_form(st.session_state["fields"])}


def _url_warnings(lang: str) -> None:
    warnings = st.session_state.get("url_warnings") or []
    if warnings:
        st.warning(t(lang, "warn.url") + "\n\n" + "\n".join(f"- {plain(w, 400)}" for w in warnings))


# -- the form -------------------------------------------------------------------------------
def _form(lang: str, economies: list[str], data) -> None:
    svc_names = cite.locale(lang).get("services") or {}
    with st.sidebar.form("scenario", border=False):
        st.subheader(t(lang, "form.title"))
        st.selectbox(t(lang, "form.country"), economies, key=K + "country", format_func=compute.country_label)
        st.radio(t(lang, "form.when"), ("dates", "duration"), key=K + "when", horizontal=True,
                 format_func=lambda w: t(lang, f"form.when_{w}"))
        low, high = datetime(1990, 1, 1), datetime(datetime.now(timezone.utc).year + 1, 12, 31, 23, 45)
        for end in ("start", "end"):
            st.datetime_input(t(lang, f"form.{end}"), key=K + end, min_value=low, max_value=high,
                              format="YYYY-MM-DD", step=timedelta(minutes=15))
        st.number_input(t(lang, "form.hours"), key=K + "hours", min_value=0.0,
                        max_value=float(FIELD["hours"].high), step=1.0, format="%g")
        st.text_input(t(lang, "form.daily_window"), key=K + "daily_window", placeholder="09:00-13:00",
                      help=t(lang, "form.daily_window_help"))
        st.selectbox(t(lang, "form.disruption"), DISRUPTIONS, key=K + "disruption",
                     format_func=lambda d: t(lang, f"disruption.{d}"))
        st.multiselect(t(lang, "form.services"), SERVICES, key=K + "services",
                       format_func=lambda s: svc_names.get(s, s))
        st.slider(t(lang, "form.severity"), 100 * FIELD["severity"].low, 100 * FIELD["severity"].high,
                  key=K + "severity", step=5.0, format="%g%%")
        st.radio(t(lang, "form.reach"), REACH_ORDER, key=K + "reach",
                 format_func=lambda r: t(lang, f"reach.{r}"))
        _regions_widget(lang, data)
        st.radio(t(lang, "form.region_weight"), REGION_WEIGHTS, key=K + "region_weight", horizontal=True,
                 format_func=lambda w: t(lang, f"form.region_weight_{w}"))
        st.slider(t(lang, "form.share"), 100 * FIELD["share"].low, 100 * FIELD["share"].high,
                  key=K + "share", step=1.0, format="%g%%")
        st.slider(t(lang, "form.isp_share"), 100 * FIELD["isp_share"].low, 100 * FIELD["isp_share"].high,
                  key=K + "isp_share", step=1.0, format="%g%%")
        with st.expander(t(lang, "form.advanced")):
            this_year = datetime.now(timezone.utc).year
            for year in ("gdp_year", "price_year"):
                st.number_input(t(lang, f"form.{year}"), key=K + year, min_value=int(FIELD[year].low),
                                max_value=this_year, step=1, help=FIELD[year].help)
            st.selectbox(t(lang, "form.method"), METHODS, key=K + "method",
                         format_func=lambda m: t(lang, f"method.{m}"))
            st.caption(plain(t(lang, "form.overrides")))
            for f in override_fields():
                st.number_input(f"{text.input_label(f.name, f.name.replace('_', ' '), lang)} ({f.unit}; {f.low:g}–{f.high:g})",
                                key=K + "ov_" + f.name, min_value=float(f.low), max_value=float(f.high),
                                step=_step(f.low, f.high), format="%g", help=f.help)
        st.form_submit_button(t(lang, "form.submit"), key=K + "submit", type="primary", width="stretch")


def _regions_widget(lang: str, data) -> None:
    iso3 = st.session_state.get(K + "country")
    options = _regions(data.snapshot_id, iso3, data) if iso3 else None
    chosen = st.session_state.get(K + "regions") or []
    # regions of another country cannot stay selected (the options changed with the country)
    kept = [r for r in chosen if options and r in options]
    if kept != chosen:
        st.session_state[K + "regions"] = kept
    if options is None:
        st.caption(plain(t(lang, "form.no_regions", country=compute.country_label(iso3))))
    st.multiselect(t(lang, "form.regions"), options or [], key=K + "regions")


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
              help=plain(t(lang, "results.headline_help", draws=result.scenario.draws)))
    st.markdown(plain(t(lang, "results.range", low=text.money(cost.low, lang), high=text.money(cost.high, lang),
                        currency=head_currency)))
    if result.constant_usd:
        c, now = result.constant_usd, result.cost_usd
        st.caption(plain(t(lang, "results.current", year=year, value=text.money(now.central, lang),
                           low=text.money(now.low, lang), high=text.money(now.high, lang),
                           factor=text.quantity(c["factor"], lang), source=c["source"])))
    st.info(plain(cite.sentence(result, lang)))
    cols = [*st.columns(2), *st.columns(3)]
    for col, label, rng in ((cols[0], "per_hour", result.cost_per_hour_usd), (cols[1], "per_day", result.cost_per_day_usd)):
        col.metric(t(lang, f"results.{label}"), text.money(rng.central, lang))
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
        st.caption(plain(t(lang, "results.local", value=text.quantity(lc["cost"]["central"], lang), unit=lc["unit"],
                           source=lc["source"])))
    st.subheader(t(lang, "results.inputs"))
    st.dataframe(compute.inputs_frame(result, lang), hide_index=True, width="stretch")
    if result.notes:
        st.markdown(f"**{t(lang, 'results.notes')}**\n\n" + "\n".join(f"- {plain(cite.calc_note(n, lang))}" for n in result.notes))


def _explain(fields: dict, result: Result, data, params, lang: str) -> None:
    applicable = [m for m in result.methods.values() if m.cost_usd is not None]
    shown = applicable[0]
    if len(applicable) > 1:
        name = st.radio(t(lang, "explain.waterfall_method"), [m.method for m in applicable], horizontal=True,
                        key=K + "waterfall", format_func=lambda m: t(lang, f"method.{m}"))
        shown = result.methods[name]
    st.plotly_chart(charts.waterfall(shown, result, lang), key="chart_waterfall")
    product = compute.steps(shown.factors)[-1].after
    st.caption(plain(t(lang, "explain.waterfall_note", value=text.money(product, lang),
                       headline=text.money(shown.cost_usd.central, lang))))
    if shown.sensitivity:
        st.markdown(f"**{plain(t(lang, 'explain.drivers'))}**")
        labels = cite.locale(lang)["labels"]
        st.dataframe([{t(lang, "explain.driver"): labels.get(r["factor"], r["factor"]),
                       t(lang, "explain.share_of_spread"): cite.percent(r["share_of_spread"], lang)}
                      for r in shown.sensitivity], hide_index=True)
        st.caption(plain(t(lang, "explain.drivers_note")))
    st.plotly_chart(charts.duration_curve(result, lang), key="chart_curve")
    st.caption(plain(t(lang, "explain.curve_note", per_day=text.money(result.cost_per_day_usd.central, lang))))
    try:
        every = _comparison(_key(fields), data.snapshot_id, params.hash, result, data)
    except ImpactError as why:
        st.error(plain(why))
        return
    st.plotly_chart(charts.methods(every, result.method, lang), key="chart_methods")
    st.caption(plain(t(lang, "explain.methods_note")))
    for m in every.methods.values():
        if m.cost_usd is None:
            st.caption(plain(t(lang, "explain.not_applicable", method=t(lang, f"method.{m.method}"),
                               why=cite.calc_note(m.not_applicable, lang))))


def _world_view(data, params, iso3: str, lang: str) -> None:
    table, skipped = _world(data.snapshot_id, params.hash, data)
    st.subheader(t(lang, "world.title"))
    st.caption(plain(t(lang, "world.note", snapshot=data.snapshot_id)))
    st.plotly_chart(charts.world_bar(table, iso3, lang), key="chart_world_bar")
    shown = table.assign(rank=range(1, len(table) + 1))[["rank", "country", "iso3", "central", "low", "high",
                                                          "gdp_year", "users_year"]]
    shown.columns = [t(lang, "world.rank"), t(lang, "world.country"), "ISO3", t(lang, "world.cost"),
                     t(lang, "world.low"), t(lang, "world.high"), t(lang, "world.year"), t(lang, "world.users_year")]
    money_col = st.column_config.NumberColumn(format="compact")
    st.dataframe(shown, hide_index=True, width="stretch", height=300,
                 column_config={c: money_col for c in shown.columns[3:6]})
    zero = table[table["central"] == 0]
    if len(zero):
        st.caption(plain(t(lang, "world.zero", n=len(zero), names="; ".join(
            f"{c} ({y})" for c, y in zip(zero["country"], zero["users_year"])))))
    if skipped:
        st.caption(plain(t(lang, "world.skipped", n=len(skipped),
                           names="; ".join(f"{c} ({why})" for c, why in skipped))))
    if st.toggle(t(lang, "world.map_toggle"), key=K + "map"):
        st.plotly_chart(charts.world_map(table, lang), key="chart_world_map")
        st.caption(plain(t(lang, "world.map_note")))


def _cite(result: Result, query: dict, lang: str) -> None:
    for code in text.LANGS:
        st.markdown(f"**{t(lang, 'cite.sentence')} — {text.wording(code)['name']}**")
        st.code(cite.sentence(result, code), language=None, wrap_lines=True)
    st.subheader(t(lang, "cite.share"))
    base = (st.context.url or FALLBACK_URL).split("?")[0].rstrip("/")
    st.code(f"{base}/?{urlencode(query)}", language=None, wrap_lines=True)
    st.caption(plain(t(lang, "cite.share_note")))
    st.subheader(t(lang, "cite.downloads"))
    note = cite.note(result, lang)
    c1, c2, c3 = st.columns(3)
    c1.download_button(t(lang, "cite.download_note"), note, file_name=f"impact-{result.scenario.country}.md",
                       mime="text/markdown", key=K + "dl_note", on_click="ignore")
    c2.download_button(t(lang, "cite.download_json"), compute.result_json(result),
                       file_name=f"impact-{result.scenario.country}.json", mime="application/json",
                       key=K + "dl_json", on_click="ignore")
    c3.download_button(t(lang, "cite.download_csv"), compute.inputs_csv(result),
                       file_name=f"impact-{result.scenario.country}-inputs.csv", mime="text/csv",
                       key=K + "dl_csv", on_click="ignore")
    with st.expander(t(lang, "cite.note")):
        st.code(note, language="markdown", wrap_lines=True)


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
                               help=t(lang, "events.cutoff_default"))
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
            st.error(plain(why))
    run = st.session_state.get("events_run")
    if run is None:
        return
    c = run.counts
    st.markdown(plain(t(lang, "events.counts", read=c["read"], costed=c["costed"], flagged=c["flagged"],
                        rejected=c["rejected"], events=c["events"])))
    for line in events.headline(run, lang):
        st.markdown(plain(line))
    st.plotly_chart(charts.annual_totals(run.annual, lang), key="chart_events")
    st.caption(plain(f"{run.info.get('currency', '')}. {run.info.get('range', '')}. "
                     + t(lang, "events.provenance", method=run.info.get("method"), cutoff=run.info.get("cutoff"),
                         snapshot=run.info.get("data_snapshot"), draws=run.info.get("draws"))))
    compact = st.column_config.NumberColumn(format="compact")
    st.dataframe(events.table(run.annual), hide_index=True, width="stretch", column_config={
        **{c: compact for c in ("people_affected", *events.MONEY_COLUMNS)},
        events.PAST_HORIZON_SHARE: st.column_config.NumberColumn(format="percent"),
        "hours": st.column_config.NumberColumn(format="%.0f"), "year": st.column_config.NumberColumn(format="%d")})
    d1, d2 = st.columns(2)
    d1.download_button(t(lang, "events.download_events"), events.csv_text(run.events),
                       file_name="impact-events.csv", mime="text/csv", key=K + "ev_dl_events", on_click="ignore")
    d2.download_button(t(lang, "events.download_totals"), events.csv_text(run.totals),
                       file_name="impact-country-year-totals.csv", mime="text/csv", key=K + "ev_dl_totals",
                       on_click="ignore")


@st.cache_data(show_spinner=False, max_entries=8)
def _events_run(content: bytes, filename: str, cutoff: str, method: str, draws: int, snapshot_id: str, _data):
    return events.run(content, filename, cutoff=cutoff, method=method, draws=draws, data=_data)
