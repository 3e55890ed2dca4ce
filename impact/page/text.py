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
