"""The page's own wording in English and French, and safe rendering of text users can influence.

Labels live in ``impact/page/locales/page_<lang>.yaml`` (reviewed and translated without
touching code). Numbers, money, durations and the names of the model's inputs are written by
:mod:`impact.report.cite` from ``impact/locales/<lang>.yaml``, so the page and the letters agree.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

from impact.report import cite

LANGS = cite.LANGS
DEFAULT_LANG = "en"
LOCALE_DIR = Path(__file__).resolve().parent / "locales"

# Characters with a meaning in Streamlit's Markdown (CommonMark, directives such as :red[...],
# emoji shortcodes and LaTeX between dollars). A backslash makes each one literal.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&])")


@lru_cache(maxsize=None)
def wording(lang: str) -> Mapping[str, Any]:
    """The page's labels in one language (``en`` or ``fr``)."""
    if lang not in LANGS:
        raise ValueError(f"language {lang!r} is not available: use one of {', '.join(LANGS)}")
    with open(LOCALE_DIR / f"page_{lang}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def t(lang: str, key: str, **values: Any) -> str:
    """The label at a dotted ``key`` (``"form.country"``), with ``{placeholders}`` filled."""
    node: Any = wording(lang)
    for part in key.split("."):
        node = node[part]
    return str(node).format(**values) if values else str(node)


def keys(tree: Mapping[str, Any], prefix: str = "") -> set[str]:
    """Every dotted key of a wording tree (to check that translations are complete)."""
    out = set()
    for k, v in tree.items():
        path = f"{prefix}{k}"
        out |= keys(v, path + ".") if isinstance(v, Mapping) else {path}
    return out


def input_label(name: str, fallback: str, lang: str) -> str:
    """Name of a model input (``daily_gdp`` …) in the language, from :mod:`impact.report.cite`'s wording."""
    return (cite.locale(lang).get("labels") or {}).get(name, fallback)


def plain(text: Any, limit: int = 2000) -> str:
    """``text`` made literal for Streamlit's Markdown: no HTML, links, styling or directives.

    Use it for every string a user or a URL can influence (error messages quote the value
    given) before passing it to ``st.error``, ``st.warning`` or ``st.markdown``.
    """
    s = str(text)
    if len(s) > limit:
        s = s[:limit] + "…"
    return _MARKDOWN.sub(r"\\\1", s)


def shorten(value: Any, limit: int = 60) -> str:
    """A value quoted for a message, cut to ``limit`` characters."""
    s = str(value)
    return repr(s if len(s) <= limit else s[:limit] + "…")


money = cite.money
money_range = cite.money_range
percent = cite.percent
quantity = cite.quantity
duration = cite.duration


# -- messages in the page's language ---------------------------------------------------------
# Library messages (English, written for the command line) recognised by their wording and
# re-worded in the page's language from ``errors.<code>`` in the page files; the patterns only
# read the values, the words come from the locale files.
ERROR_PATTERNS = (
    ("no_regions_chosen", re.compile(r"^no_regions$")),
    ("needs_services", re.compile(r"disruption 'services' needs services=")),
    ("no_value", re.compile(r"no (?P<indicator>[A-Z][\w.]+) value for .+? \((?P<iso3>[A-Z]{3})\) for "
                            r"(?:(?P<year>\d{4}) or earlier|any year)")),
    ("unknown_region", re.compile(r"unknown region '(?P<region>.*?)' for (?P<iso3>[A-Z]{3})")),
    ("no_subnational", re.compile(r"no sub-national regions for (?P<iso3>[A-Z]{3})")),
    ("no_region_data", re.compile(r"no (?P<weight>\w+) data for region\(s\) (?P<regions>.+?) of (?P<iso3>[A-Z]{3})")),
    ("end_before_start", re.compile(r"end \(.*?\) is before start")),
    ("same_moment", re.compile(r"end \(.*?\) is the same moment as start")),
    ("too_long", re.compile(r"lasts over (?P<years>\d+) years")),
    ("price_year", re.compile(r"price_year=(?P<year>\d+) is not accepted: the US CPI in the country data ends in "
                              r"(?P<last>\d{4})")),
    ("no_cpi", re.compile(r"no US CPI for (?P<year>\d{4})")),
    ("window_days", re.compile(r"daily_window= goes with days=|the number of daily windows")),
    ("window", re.compile(r"daily_window")),
    ("one_reach", re.compile(r"give one reach: share=, isp_share= or regions=")),
    ("services_not", re.compile(r"services= goes with disruption 'services', not '(?P<kind>\w+)'")),
    ("severity_not", re.compile(r"severity= goes with disruption 'throttle', not '(?P<kind>\w+)'")),
    ("region_weight", re.compile(r"region_weight= goes with regions=")),
    ("window_outside", re.compile(r"the daily window (?P<window>\S+) falls outside")),
    ("needs_severity", re.compile(r"disruption 'throttle' needs severity=")),
    ("gdp_gap", re.compile(r"the event \((?P<event>\d{4})\) is (?P<gap>\d+) years after (?:the latest GDP of "
                           r"(?P<iso3>[A-Z]{3})|the GDP year given) \((?P<year>\d{4})\); the range projects GDP at "
                           r"most (?P<limit>\d+) years")),
    ("zero_users", re.compile(r"internet users of (?P<iso3>[A-Z]{3}) are recorded as 0% of the population "
                              r"\((?P<year>\d{4})\)")),
    ("not_accepted", re.compile(r"^(?P<field>[a-z_]+)=(?P<value>.*?) is not accepted: (?P<detail>.*)$")),
)
# Command-line advice inside library messages, left out on the page (the page has its own ways).
_CLI_ADVICE = re.compile(r"(;|,)?\s*(or )?(re-?run|update the data with|import newer data with|run|give the value yourself)"
                         r"[^;]*?('impact [^']*'|--[a-z-]+)[^;]*", re.I)


def error_message(why: Exception | str, lang: str) -> str:
    """A library error worded for the page in ``lang``: what went wrong and what to do on the page.

    Known messages get the page's own wording; any other keeps the library's explanation
    (without command-line advice) after a sentence in the page's language.
    """
    from impact.report import names

    raw = str(why)
    for code, pattern in ERROR_PATTERNS:
        m = pattern.search(raw)
        if m is None:
            continue
        values = {k: v for k, v in m.groupdict().items() if v is not None}
        if "iso3" in values:
            values["country"] = names.name(values["iso3"], lang)
            values["of_country"] = names.of_form(values["iso3"], lang)
            values["subject"] = names.subject_form(values["iso3"], lang)
        if "kind" in values:
            values["kind_label"] = (wording(lang).get("disruption") or {}).get(values["kind"], values["kind"])
        if code == "no_value":
            labels = wording(lang).get("indicators") or {}
            values["what"] = labels.get(values.get("indicator", "").replace(".", "_"), values.get("indicator", ""))
            code = "no_value_year" if "year" in values else "no_value"
        if code == "not_accepted":
            worded = field_message(values["field"], values["value"], lang)
            if worded is not None:
                return worded
            values["detail"] = without_cli_advice(values["detail"])
        try:
            return t(lang, f"errors.{code}", **values)
        except KeyError:
            break
    return t(lang, "errors.other", detail=without_cli_advice(raw))


def without_cli_advice(message: str) -> str:
    """``message`` without the command-line advice the library adds for its CLI users."""
    out = _CLI_ADVICE.sub("", str(message)).strip()
    out = re.sub(r"\(e\.g\. --[^)]*\)", "", out)
    return out.rstrip(" ;,")


def exact(x: float, lang: str) -> str:
    """A limit or a value typed, as given (not rounded): '439 200', '0,25', '-5'."""
    x = float(x)
    decimals = next((d for d in range(7) if abs(round(x, d) - x) < 1e-9 * max(1.0, abs(x))), 6)
    return cite.number(x, lang, decimals)


def accepted_text(acc: Mapping[str, Any], lang: str) -> str:
    """What a field accepts (:func:`impact.page.state.accepted`), worded in ``lang``."""
    kind = acc["kind"]
    if kind == "number" and acc.get("percent"):  # "more than 0" where 0 itself is refused (a share of no one)
        return t(lang, "accepted.fraction_positive" if acc.get("positive") else "accepted.fraction",
                 low=exact(acc["low"], lang), high=exact(acc["high"], lang))
    if kind == "number" and acc.get("year"):
        return t(lang, "accepted.year", low=int(acc["low"]), high=int(acc["high"]))
    if kind == "number" and acc.get("positive"):  # the low end itself refused (a duration of no time)
        return t(lang, "accepted.positive", low=exact(acc["low"], lang), high=exact(acc["high"], lang))
    if kind == "number":
        return t(lang, "accepted.number", low=exact(acc["low"], lang), high=exact(acc["high"], lang))
    if kind == "choice":
        return t(lang, "accepted.choice", choices=acc["choices"])
    return t(lang, f"accepted.{kind}")


def field_label(name: str, lang: str) -> str:
    """The form's label of a field ('Duration (hours)'), or the input's name for an override."""
    form = wording(lang).get("form") or {}
    return form.get(name) or input_label(name, name.replace("_", " "), lang)


def field_message(name: str, value: str, lang: str) -> str | None:
    """'Duration (hours): -5 is not accepted; give a number more than 0 and at most 439,200.' — a value the one
    field table (:mod:`impact.model.fields`) refuses, worded from that field's own limits or
    choices in ``lang``; None when ``name`` is not a field."""
    from impact.errors import InputError
    from impact.model import fields
    from .state import accepted

    try:
        field = fields.get(name)
    except InputError:
        return None
    shown = str(value).strip().strip("'\"")
    try:
        if field.kind in ("float", "int") and not name.endswith("year"):
            shown = exact(float(shown), lang)
    except ValueError:
        pass
    return t(lang, "errors.field", label=field_label(name, lang), value=shown if len(shown) <= 60 else shown[:60] + "…",
             accepted=accepted_text(accepted(field), lang))


def problem_message(p, lang: str) -> str:
    """A URL value not accepted (:class:`impact.page.state.Problem`), in ``lang``."""
    params = dict(p.params)
    acc = params.get("accepted")
    if isinstance(acc, Mapping):
        params["accepted"] = accepted_text(acc, lang)
    if p.code in ("combination", "combination_all"):
        params["detail"] = error_message(params.get("detail", ""), lang)
    if "country" in params:
        from impact.report import names

        params["of_country"] = names.of_form(params["country"], lang)
        params["subject"] = names.subject_form(params["country"], lang)
        params["country"] = names.name(params["country"], lang)
    code = p.code
    if code == "unknown_region" and not str(params.get("accepted") or "").strip():
        code = "unknown_region_none"   # a country without sub-national regions: no empty "()"
    return t(lang, f"warn.{code}", field=p.field, value=shorten(p.value), **params)
