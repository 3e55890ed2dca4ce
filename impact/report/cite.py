"""Citable text for a result: a letter-ready sentence and a methods-and-sources note.

The wording lives in ``impact/locales/<lang>.yaml`` (one file per language, reviewed and
translated without touching code); this module only picks the phrases and formats the
numbers, dates and durations the way each language writes them. Figures in the text are
rounded to three significant digits; the exact figures stay in ``Result.to_dict()``.

>>> from impact import cite
>>> cite.money(492191.16, "en"), cite.money(492191.16, "fr")
('US$492,000', '492\\xa0000 dollars US')
>>> cite.money_range(490137.2, 495962.0, "en")
'US$490,000–496,000'
"""
from __future__ import annotations

import re

import json
import math
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

from impact._version import __version__
from impact.data import countries
from impact.model import parameters
from impact.model.fields import parse_moment
from impact.errors import InputError
from impact.model.inputs import Input
from impact.model.methods import METHODS
from impact.model.result import Result

from impact.report import LANGS  # noqa: E402,F401 - the languages, defined where the CLI can read them cheaply
LOCALE_DIR = Path(__file__).resolve().parent / "locales"
NBSP = "\u00a0"
SIGNIFICANT = 3
SMALLEST_DECIMALS = 6    # a figure above 0 below 10^-6 reads "less than 0.000001", not hundreds of digits
SECOND = 1 / 3600        # in hours: a shorter duration reads "under one second"


# -- locale -------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def locale(lang: str = "en") -> Mapping[str, Any]:
    """The wording of one language, read from ``impact/locales/<lang>.yaml``.

    Raises
    ------
    InputError
        ``lang`` is not one of :data:`LANGS`.
    """
    key = str(lang).strip().casefold()
    if key not in LANGS:
        raise InputError(f"lang={lang!r} is not accepted: one of {', '.join(LANGS)}")
    with open(LOCALE_DIR / f"{key}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _fill(template: str, **values: Any) -> str:
    return template.format(nbsp=NBSP, **values)


def _plural(n: float, forms, loc) -> str:
    singular, plural = forms
    if loc["numbers"]["plural_rule"] == "french":
        return singular if abs(n) < 2 else plural
    return singular if n == 1 else plural


# -- numbers ------------------------------------------------------------------------------
def round_sig(x: float, digits: int = SIGNIFICANT) -> float:
    """``x`` rounded to ``digits`` significant digits (0 stays 0)."""
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def number(x: float, lang: str = "en", decimals: int = 0) -> str:
    """``x`` with the language's thousands separator and decimal mark."""
    nums = locale(lang)["numbers"]
    text = f"{x:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", nums["decimal"]).replace("\0", nums["thousands"])


def _sig_text(x: float, lang: str, digits: int = SIGNIFICANT, trim: bool = False) -> str:
    """``x`` (already rounded) written with ``digits`` significant digits ("less than 0.000001"
    when above 0 and below that)."""
    if 0 < x < 10 ** -SMALLEST_DECIMALS:
        return _fill(locale(lang)["numbers"]["less_than"], n=number(10 ** -SMALLEST_DECIMALS, lang, SMALLEST_DECIMALS))
    decimals = 0 if x == 0 else max(0, digits - 1 - math.floor(math.log10(abs(x))))
    text = number(x, lang, decimals)
    if trim and decimals:
        dec = locale(lang)["numbers"]["decimal"]
        text = text.rstrip("0").rstrip(dec)
    return text


def _scaled(x: float, lang: str, scale: tuple | None = None) -> tuple[str, tuple | None]:
    """(digits, scale) of an amount: scale is (threshold, singular, plural) or None."""
    r = round_sig(x)
    if scale is None:
        scales = [(float(s[0]), s[1], s[2]) for s in locale(lang)["numbers"]["scales"]]
        scale = next((s for s in scales if abs(r) >= s[0]), None)
    if scale is None:
        return _sig_text(r, lang), None
    v = r / scale[0]
    return _sig_text(round_sig(v), lang), scale


def _scale_word(scale: tuple, value_text: str, lang: str) -> str:
    loc = locale(lang)
    value = float(value_text.replace(NBSP, "").replace(loc["numbers"]["thousands"], "")
                  .replace(loc["numbers"]["decimal"], "."))
    return _plural(value, (scale[1], scale[2]), loc)


def amount_cell(x: float, lang: str = "en") -> str:
    """An amount for a table cell, in digits to three significant digits: 489,935 → '490,000',
    1,105,983 → '1,110,000' ('1 110 000' in French); above 0 and under 1, 'less than 1'."""
    if 0 < x < 1:
        return _fill(locale(lang)["numbers"]["less_than"], n=number(1, lang))
    return _sig_text(round_sig(x), lang)


def money(x: float, lang: str = "en") -> str:
    """A US$ amount to three significant digits: 'US$492,000', '1,04 milliard de dollars US';
    above 0 but under a dollar, 'less than US$1'."""
    fmt = locale(lang)["money"]
    if 0 < x < 1:
        return fmt["under_one"]
    digits, scale = _scaled(x, lang)
    if scale is None:
        return _fill(fmt["plain_one" if round_sig(x) < 2 else "plain"], n=digits)
    return _fill(fmt["scaled"], n=digits, scale=_scale_word(scale, digits, lang))


def local_money(x: float, currency: str, lang: str = "en") -> str:
    """An amount in another currency than US$, to three significant digits, with its ISO code:
    '2.15 billion XOF', '2,15 milliards XOF', '284,000 XOF'."""
    digits, scale = _scaled(x, lang)
    return f"{digits} {_scale_word(scale, digits, lang)} {currency}" if scale else f"{digits} {currency}"


def _sentence_figure(x: float, lang: str) -> str:
    """The central figure as the sentence puts it: "an estimated US$490,000" / "environ 490 000
    dollars US"; an amount under a dollar, "an estimated amount of less than US$1" / "moins d'un
    dollar US selon l'estimation" (not "an estimated less than")."""
    fmt = locale(lang)["money"]
    return fmt["estimated_under_one"] if 0 < x < 1 else _fill(fmt["estimated"], figure=money(x, lang))


def money_range(low: float, high: float, lang: str = "en") -> str:
    """A US$ range, each end to three significant digits, the unit written once when it can be
    (once in all when both ends are under a dollar: 'less than US$1')."""
    fmt = locale(lang)["money"]
    if 0 < high < 1:
        return money(high, lang)
    if 0 < low < 1:
        return _fill(fmt["range_mixed"], low=money(low, lang), high=money(high, lang))
    hi_digits, scale = _scaled(high, lang)
    lo_digits, lo_scale = _scaled(low, lang)
    if lo_scale != scale:
        return _fill(fmt["range_mixed"], low=money(low, lang), high=money(high, lang))
    if scale is None:
        return _fill(fmt["range_one" if round_sig(high) < 2 else "range"], low=lo_digits, high=hi_digits)
    return _fill(fmt["range_scaled"], low=lo_digits, high=hi_digits, scale=_scale_word(scale, hi_digits, lang))


def percent(fraction: float, lang: str = "en") -> str:
    """A fraction as a percentage to three significant digits: 0.0023 → '0.23%' / '0,23 %'."""
    return _fill(locale(lang)["numbers"]["percent"], n=_sig_text(round_sig(fraction * 100), lang, trim=True))


def quantity(x: float, lang: str = "en") -> str:
    """A plain number to three significant digits, trailing zeros dropped (2.53, 19 800 000)."""
    return _sig_text(round_sig(x), lang, trim=True)


# -- dates and durations ------------------------------------------------------------------
def _moment(value: datetime | str) -> datetime:
    return value if isinstance(value, datetime) else parse_moment("moment", value).at


def _date_parts(d: datetime, lang: str) -> dict[str, str]:
    dates = locale(lang)["dates"]
    day = dates["day_first"] if d.day == 1 else _fill(dates["day"], d=d.day)
    month = dates["months"][d.month - 1]
    return {"day": day, "month": month, "year": str(d.year),
            "date": _fill(dates["date"], day=day, month=month, year=d.year)}


def _clock(t, lang: str) -> str:
    dates = locale(lang)["dates"]
    template = dates["time_whole_hour"] if t.minute == 0 else dates["time"]
    return _fill(template, h=t.hour, hh=f"{t.hour:02d}", mm=f"{t.minute:02d}")


def computed(moment: str | None, lang: str = "en") -> str:
    """When a result was computed ('2026-12-02T05:43:28Z'), as ``lang`` writes a date and a time of
    day in UTC ('2 December 2026, 05:43 UTC', '2 décembre 2026 à 5 h 43 UTC'); text that is not
    such a moment is returned as it is (the JSON record keeps the exact moment)."""
    text = str(moment or "")
    try:
        at = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return text
    return _fill(locale(lang)["dates"]["moment"], date=_date_parts(at, lang)["date"], time=_clock(at, lang))


def duration(hours: float, lang: str = "en", in_hours: bool = False) -> str:
    """'2 days', '4.5 hours', '46.6 days' — days when whole days or 72 hours and more, else hours
    (always hours with ``in_hours``: the hours of daily windows, which are not days of cut);
    'under one second' for less than a second."""
    loc = locale(lang)
    if 0 < hours < SECOND:
        return loc["dates"]["under_a_second"]
    if not in_hours and ((hours >= 24 and float(hours / 24).is_integer()) or hours >= 72):
        n, forms = hours / 24, loc["dates"]["units"]["day"]
    else:
        n, forms = hours, loc["dates"]["units"]["hour"]
    return f"{quantity(n, lang)} {_plural(n, forms, loc)}"


def span(start: datetime | str, end: datetime | str, lang: str = "en") -> str:
    """When a disruption ran, from the scenario's UTC start and (exclusive) end.

    Both at midnight: the days, end inclusive ('from 13 to 14 June 2017'); otherwise the
    moments with their times in UTC.
    """
    dates = locale(lang)["dates"]
    a, b = _moment(start), _moment(end)
    midnight = a.time() == b.time() == datetime.min.time()
    if not midnight:
        p1, p2 = _date_parts(a, lang), _date_parts(b, lang)
        return _fill(dates["span_times_day" if a.date() == b.date() else "span_times"], date1=p1["date"], date2=p2["date"],
                     time1=_clock(a.time(), lang), time2=_clock(b.time(), lang))
    last = b - timedelta(days=1) if b > a else a
    p1, p2 = _date_parts(a, lang), _date_parts(last, lang)
    if last.date() == a.date():
        key = "span_day"
    elif (a.year, a.month) == (last.year, last.month):
        key = "span_month"
    elif a.year == last.year:
        key = "span_year"
    else:
        key = "span_years"
    values = {f"{k}{i}": v for i, p in ((1, p1), (2, p2)) for k, v in p.items()}
    return _fill(dates[key], **values)


def _when(result: Result, lang: str) -> tuple[str, str]:
    """(when, duration note) of the scenario in the language's words."""
    s, dates = result.scenario, locale(lang)["dates"]
    total = duration(s.hours, lang)
    if s.daily_window:
        from impact.model.scenario import parse_window, window_hours

        window = parse_window(s.daily_window)
        times = {"time1": _clock(window[0], lang), "time2": _clock(window[1], lang)}
        if s.start and s.end:
            when = _fill(dates["window_dates"], span=span(s.start, s.end, lang), **times)
        else:
            count = s.hours / window_hours(window)
            words = _plural(count, locale(lang)["dates"]["units"]["window"], locale(lang))
            when = _fill(dates["window_count"], count=f"{quantity(count, lang)} {words}", **times)
        return when, _fill(dates["duration_total_note"], duration=duration(s.hours, lang, in_hours=True))
    if s.start and s.end:
        return span(s.start, s.end, lang), _fill(dates["duration_note"], duration=total)
    one = {24.0: "lasting_one_day", 1.0: "lasting_one_hour"}.get(s.hours)
    return (dates[one] if one else _fill(dates["lasting"], duration=total)), ""


# -- the parts of the sentence ------------------------------------------------------------
def _join(items: list[str], lang: str) -> str:
    loc = locale(lang)
    if len(items) <= 1:
        return "".join(items)
    if any(loc["list_sep"].strip() in item for item in items):  # names with commas ("Bethlehem, Hebron")
        return loc["list_sep_names"].join(items)
    return loc["list_sep"].join(items[:-1]) + loc["list_and"] + items[-1]


def country(iso3: str, lang: str = "en") -> tuple[str, str]:
    """(name, form used as the object of 'cost') of a country: ('Mali', 'au Mali')."""
    from . import names

    return names.name(iso3, lang), names.object_form(iso3, lang)


def _of(name: str) -> str:
    """A French complement with its « de »: 'de Facebook', "d'Instagram", 'de la téléphonie…',
    "d'autres services" (already one)."""
    if name.startswith(("d'", "d’", "des ")):
        return name
    if name.startswith("le "):
        return "du " + name[3:]
    if name.startswith("les "):
        return "des " + name[4:]
    return ("d'" if name[:1].casefold() in "aeiouéèê" else "de ") + name   # de YouTube, d'Instagram


def what(result: Result, lang: str = "en") -> str:
    """What happened: 'The block of Facebook and Twitter (X)', 'La coupure totale d'internet'."""
    loc, s = locale(lang), result.scenario
    names = [loc["services"].get(x, x) for x in s.services]
    services = _join([_of(n) for n in names] if lang == "fr" else names, lang)
    severity = percent(s.severity, lang) if s.severity is not None else ""
    return _fill(loc["what"][s.disruption], services=services, severity=severity)


def _reach(result: Result, lang: str) -> tuple[str, str]:
    """(reach phrase, regions note) for a partial disruption."""
    loc, s = locale(lang), result.scenario
    share = s.share if s.reach == "share" else s.isp_share if s.reach == "isp" else None
    phrase = _fill(loc["reach"][s.reach], share=percent(share, lang) if share is not None else "")
    regions = ""
    if s.reach == "regions":
        names = list(result.region_names or s.regions)  # as resolved: "Gaza Strip" is two regions
        label = _plural(len(names), loc["regions_label"], loc)
        regions = _fill(loc["regions_note" if s.region_weight == "population" else "regions_note_income"],
                        label=label, regions=_join(names, lang))
    return phrase, regions


def method_words(result: Result, lang: str = "en") -> str:
    """The method in words; for ``all``, the methods whose draws were pooled."""
    loc = locale(lang)
    applied = [m for m, r in result.methods.items() if r.cost_usd is not None]
    if result.method != "all" or len(applied) == 1:
        return loc["methods"][applied[0]]
    return _fill(loc["method_pooled"], names=_join([loc["method_short"][m] for m in applied], lang))


def data_words(result: Result, lang: str = "en") -> str:
    """The data year: 'World Bank GDP data for 2017', or the GDP the user gave."""
    loc, gdp = locale(lang), result.gdp
    if gdp.overridden or gdp.year is None:
        return _fill(loc["data"]["override"], gdp=money(gdp.value, lang))
    if gdp.source.startswith("World Bank"):
        return _fill(loc["data"]["world_bank"], year=gdp.year)
    return _fill(loc["data"]["other"], year=gdp.year, source=gdp.source)


def headline(result: Result) -> tuple[dict, int | None]:
    """The figure the sentence quotes: current US$, or constant US$ when a price year is asked."""
    if result.constant_usd:
        return result.constant_usd["cost"], result.constant_usd["price_year"]
    return result.cost_usd.to_dict(), None


# -- public text --------------------------------------------------------------------------
def sentence(result: Result, lang: str = "en") -> str:
    """A letter-ready sentence: what, where, when, the figure with its range, method, data year.

    Parameters
    ----------
    result : Result
        What :func:`impact.estimate` returned.
    lang : {"en", "fr"}
        Language of the sentence.

    Returns
    -------
    str
        E.g. "The block of Facebook and Twitter (X) from 13 to 14 June 2017 (2 days) cost Mali
        an estimated US$492,000 (range US$490,000–496,000), by the Brookings Institution method
        (West 2016) as implemented in impact v0.1.0, with World Bank GDP data for 2017."
    """
    loc = locale(lang)
    cost, price_year = headline(result)
    when, dur = _when(result, lang)
    reach, regions = _reach(result, lang)
    currency = _fill(loc["currency"]["constant"], year=price_year) if price_year else ""
    return _fill(
        loc["sentence"], what=what(result, lang), reach=reach, when=when, duration=dur,
        country=country(result.scenario.country, lang)[1], regions=regions,
        figure=_sentence_figure(cost["central"], lang), range=money_range(cost["low"], cost["high"], lang),
        currency=currency, method=method_words(result, lang), version=__version__,
        data=data_words(result, lang), cost=loc["cost_future" if _future(result) else "cost_past"],
    ).strip() + zero_words(result, lang)


def zero_words(result: Result, lang: str = "en") -> str:
    """For a result that costs nothing (central and high zero): a sentence saying why, after the
    figure (" The figure is zero: the method multiplies by the value of free apps, 0 here, …"); ""
    otherwise. The inputs at zero are named; else what the methods' product came to."""
    cost, _ = headline(result)
    if cost["central"] != 0 or cost["high"] != 0:
        return ""
    loc = locale(lang)
    words = loc["zero_cost"]
    zeros = list({i.name: i for i in result.inputs if i.value == 0 and i.high == 0}.values())
    if not zeros:
        return " " + words["other"]
    labels = [loc["labels"].get(i.name, i.label) for i in zeros]
    labels = [x[0].lower() + x[1:] if len(x) > 1 and x[1].islower() else x for x in labels]
    named = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} {words['and']} {labels[-1]}"
    given = any(i.overridden for i in zeros)
    return " " + _fill(words["one" if len(zeros) == 1 else "many"], inputs=named,
                       given=words["given"] if given else "")


def _future(result: Result) -> bool:
    """Whether the event ends after the moment the result was computed (a what-if, or not over yet)."""
    end, when = result.scenario.end, result.provenance.get("computed_at")
    if not end or not when:
        return False
    return _moment(end) > _moment(when)   # not over yet when computed: what it would cost


def input_value(i: Input, x: float, lang: str) -> str:
    """A value of input ``i`` without its unit words: '0.23%', 'US$42.1 million', '2.53'."""
    if i.unit.startswith(("fraction", "market share")):
        return percent(x, lang)
    if "US$" in i.unit:
        return money(x, lang)
    return quantity(x, lang)


def input_unit(i: Input, lang: str) -> str:
    """The unit words shown after a value: exact match in the locale, else its longest prefix."""
    units = locale(lang)["units"]
    if i.unit in units:
        return units[i.unit]
    prefix = max((u for u in units if i.unit.startswith(u)), key=len, default=None)
    return units[prefix] + i.unit[len(prefix):] if prefix else i.unit


def source_text(source: str, lang: str = "en") -> str:
    """A source worded in ``lang``.

    In order: a fixed phrase or reference title of the locale's ``sources`` (whole string); else
    the string cut at its top-level "; " into parts, each worded the same way and joined by the
    locale's ``source_sep``; a single part, by the first of the locale's ``source_patterns``
    templates matching all of it. A part nothing matches stays as it is. Template fields are ``{name}`` (kept as written) or
    ``{name:kind}``, a kind of :data:`_FIELD_KINDS`: numbers and ISO dates are rewritten the way
    ``lang`` writes them, a ``source`` field is itself worded by this function.
    """
    loc = locale(lang)
    fixed = loc["sources"]
    if source in fixed:
        return _fill(fixed[source])
    parts = _top_level_parts(source)
    if len(parts) > 1:
        return _fill(loc["source_sep"]).join(source_text(p, lang) for p in parts)
    for regex, fields, template in _templates(lang):
        m = regex.fullmatch(source)
        if m:
            values = {name: _FIELD_KINDS[kind][1](m.group(name), lang) for name, kind in fields.items()}
            return _fill(template, **values)
    return source


def _top_level_parts(text: str) -> list[str]:
    """``text`` cut at each "; " outside parentheses and brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0 and text.startswith("; ", i):
            parts.append(text[start:i])
            start = i + 2
    return parts + [text[start:]]


def _number_text(text: str, lang: str) -> str:
    """A number as the data write it ('0.0862', '1,240', '+1.2') in ``lang``'s marks, its decimals kept."""
    sign = text[0] if text[0] in "+-" else ""
    digits = text.lstrip("+-").replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return sign + number(float(digits), lang, decimals)


def _date_text(text: str, lang: str) -> str:
    """An ISO date ('2026-12-01') as ``lang`` writes dates ('1er décembre 2026'); not a date: as is."""
    try:
        return _date_parts(datetime.strptime(text, "%Y-%m-%d"), lang)["date"]
    except ValueError:
        return text


def _points_text(text: str, lang: str) -> str:
    """'GBR 2016 0.131, KOR 2016 0.086': each number in ``lang``'s marks, joined by ``source_sep``."""
    items = [item.rsplit(" ", 1) for item in text.split(", ")]
    return _fill(locale(lang)["source_sep"]).join(f"{head} {_number_text(x, lang)}" for head, x in items)


def _years_text(text: str, lang: str) -> str:
    """A count of years with the locale's word for it ('1 an', '20 ans')."""
    loc = locale(lang)
    return f"{_number_text(text, lang)} {_plural(float(text), loc['source_words']['year'], loc)}"


def _word_text(text: str, lang: str) -> str:
    return locale(lang)["source_words"].get(text, text)


# Kinds of template fields: (regular expression, how the matched text is written in the language).
_FIELD_KINDS = {
    "text": (r".*?", lambda text, lang: text),
    "source": (r".*", lambda text, lang: source_text(text, lang)),
    "number": (r"[+-]?\d[\d,]*(?:\.\d+)?", _number_text),
    "year": (r"\d{4}", lambda text, lang: text),
    "years": (r"\d+", _years_text),
    "date": (r"\d{4}-\d{2}-\d{2}", _date_text),
    "link": (r"(?:https?://|docs/)\S*", lambda text, lang: text),
    "points": (r"[A-Z]{3} \d{4} [\d.]+(?:, [A-Z]{3} \d{4} [\d.]+)*", _points_text),
    "word": (r"[^\s']+", _word_text),
}
_FIELD = re.compile(r"\{(\w+)(?::(\w+))?\}")


@lru_cache(maxsize=None)
def _templates(lang: str) -> tuple:
    """The locale's ``source_patterns`` as (compiled English pattern, {field: kind}, template)."""
    out = []
    for english, template in locale(lang).get("source_patterns") or []:
        fields, regex, at = {}, [], 0
        for m in _FIELD.finditer(english):
            name, kind = m.group(1), m.group(2) or "text"
            if kind not in _FIELD_KINDS:
                raise ValueError(f"source pattern {english!r}: field kind {kind!r} is not one of {', '.join(_FIELD_KINDS)}")
            regex += [re.escape(english[at:m.start()]), f"(?P<{name}>{_FIELD_KINDS[kind][0]})"]
            fields[name], at = kind, m.end()
        regex.append(re.escape(english[at:]))
        out.append((re.compile("".join(regex), re.DOTALL), fields, template))
    return tuple(out)


def input_text(i: Input, lang: str) -> str:
    """An input's value with its unit words ('2 days', '0.23% of GDP a year')."""
    if i.name == "days":
        return duration(i.value * 24, lang)
    return " ".join(x for x in (input_value(i, i.value, lang), input_unit(i, lang)) if x)


def input_band(i: Input) -> tuple[float, float]:
    """The 5th and 95th percentiles of input ``i``'s distribution: the range an inputs table shows
    (:meth:`Input.band`)."""
    return i.band()


def _input_line(i: Input, lang: str) -> str:
    loc = locale(lang)
    text = loc["note"]
    value = input_text(i, lang)
    low, high = input_band(i)
    rng = "" if i.low == i.high else _fill(text["input_range"], low=input_value(i, low, lang),
                                          high=input_value(i, high, lang))
    year = _fill(text["input_year"], year=i.year) if i.year is not None else ""
    source = source_text(i.source, lang)
    label = loc["labels"].get(i.name, i.label)
    return _fill(text["input"], label=label, value=value, range=rng, year=year, source=source)


# Inputs whose range comes from parameters of another name (impact.model.factors): their references.
FACTOR_PARAMETERS = {"gdp_term": ("gdp_revision", "gdp_history_years"),
                     "app_value_share": ("app_value_share", "app_value_year", "share_drift_per_year"),
                     "platforms_reading": ("apps_per_platform",)}


def references(result: Result, lang: str = "en") -> list[str]:
    """The reference list: the methods' citations, the parameters' references, the data sources."""
    text = locale(lang)["note"]
    pset = parameters.load()
    out: list[str] = []

    def add(item: str) -> None:
        if item and item not in out:
            out.append(item)

    for name, m in result.methods.items():
        if m.cost_usd is not None:
            add(m.citation)
    for i in result.inputs:
        if i.overridden:
            continue
        if i.name in pset.parameters or i.name in FACTOR_PARAMETERS:
            for name in FACTOR_PARAMETERS.get(i.name, (i.name,)):
                for ref in pset.parameters[name].references:
                    link = "" if not ref.url or ref.url in ref.title else f". {ref.url}"   # a path the title names
                    add(source_text(f"{ref.title}{link}", lang))
        elif i.year is not None:
            add(_fill(text["data_reference"], source=source_text(i.source, lang), year=i.year))
    if result.constant_usd:
        add(_fill(text["data_reference"], source=source_text(result.constant_usd["source"], lang),
                  year=result.constant_usd["from_year"]))
    return out


def calc_note(remark: str, lang: str = "en") -> str:
    """A calculation remark (:class:`impact.model.result.Note`) worded in ``lang``; plain text as is."""
    template = locale(lang).get("calc_notes", {}).get(getattr(remark, "code", None))
    if template is None:
        return str(remark)
    params = dict(remark.params)
    if "reason" in params:
        params["reason"] = calc_note(params["reason"], lang)
    if "method" in params:
        params["method"] = locale(lang)["method_short"].get(params["method"], params["method"])
    if "name" in params:
        params["label"] = locale(lang)["labels"].get(params.pop("name"), params.get("label"))
    for key in ("start", "end"):
        if key in params:
            params[key] = params[key].replace("T00:00:00Z", "").replace("T", " ").replace("Z", " UTC")
    for key in ("share", "weight", "limit"):
        if key in params:
            params[key] = percent(params[key], lang)
    for key in ("days", "horizon"):
        if isinstance(params.get(key), int):
            params[key] = number(params[key], lang)
    for key in ("rate", "prices"):
        if key in params and isinstance(params[key], float):
            params[key] = number(params[key], lang, decimals=2)
    return _fill(template, **params)


def is_pooled(result: Result) -> bool:
    """Whether several methods cost the result (``method="all"``): its central figure is their
    median and its range pools their draws, so the words for what it covers change."""
    return sum(m.cost_usd is not None for m in result.methods.values()) > 1


def range_line(result: Result, lang: str = "en") -> str:
    """One line saying what the central figure is and what the range covers and does not."""
    t, draws = locale(lang)["table"], result.scenario.draws
    pooled = "_pooled" if is_pooled(result) else ""
    return _fill(t["range_covers" + pooled], draws=number(draws, lang)) if draws else t["range_bounds" + pooled]


def _draws_text(result: Result, lang: str, pooled: bool) -> str:
    """What the central figure is and what the range covers, for this result's disruption."""
    text, s = locale(lang)["note"], result.scenario
    services = s.disruption == "services"
    gaps = [text["not_methods_all" if pooled else "not_methods"]] + ([text["not_services"]] if services else [])
    return _fill(text["draws"], central=_fill(text["central_pooled" if pooled else "central_one"]),
                 draws=number(s.draws, lang), seed=s.seed,
                 covered=text["covered_services" if services else "covered"],
                 not_covered=", ".join(gaps + [text["not_always"]]))


def note(result: Result, lang: str = "en", link: str | None = None, command: str | None = None) -> str:
    """A short methods-and-sources note with its reference list, in Markdown.

    With ``link`` (the page's share link) the note is for a reader without the command line:
    its "Reproduce" paragraph gives the link instead of commands, and command-line options
    are left out. With ``command`` (a page on the author's own computer, whose link no reader
    can open) that paragraph gives the command line that re-runs the figure.
    """
    loc = locale(lang)
    text = loc["note"]
    parts = [f"### {text['title']}", ""]
    applied = {k: m for k, m in result.methods.items() if m.cost_usd is not None}
    if len(applied) == 1:
        (name, m), = applied.items()
        formula = text["formula_sep"].join(loc["labels"].get(f.name, f.label) for f in m.factors)
        parts.append(_fill(text["method"], formula=formula, method=loc["methods"][name]))
    else:
        parts.append(_fill(text["pooled"], methods=_join([loc["methods"][k] for k in applied], lang)))
    s = result.scenario
    parts.append(_draws_text(result, lang, pooled=is_pooled(result)) if s.draws else text["bounds"])
    for name, m in result.methods.items():
        if m.not_applicable:
            parts.append(_fill(text["not_applicable"], method=loc["method_short"][name],
                               reason=calc_note(m.not_applicable, lang)))
    parts += ["", text["inputs"], ""]
    parts += [_input_line(i, lang) for i in result.inputs]
    if result.notes:
        parts += ["", text["notes"], ""]
        parts += [_fill(text["note"], text=calc_note(n, lang)) for n in result.notes]
    p = result.provenance
    parts += ["", _fill(text["reproduce_link" if link else "reproduce_command" if command else "reproduce"],
                        version=p.get("package_version", __version__), parameter_hash=p.get("parameter_hash"),
                        snapshot=p.get("data_snapshot") or text["unknown_snapshot"],
                        computed_at=computed(p.get("computed_at"), lang), link=link or "", command=command or "")]
    parts += ["", text["references"], ""]
    parts += [_fill(text["reference"], n=n, text=r) for n, r in enumerate(references(result, lang), 1)]
    out = "\n".join(parts) + "\n"
    if link:
        out = re.sub(r"\s*\(`--[^`]*`[^)]*\)", "", out)
    return out


# -- machine-readable citations -----------------------------------------------------------
def after_colon(text: str, lang: str) -> str:
    """``text`` as written after a colon in ``lang`` (French: no capital)."""
    return text[:1].lower() + text[1:] if locale(lang)["bibtex"]["what_after_colon"] == "lower" else text


def _title(result: Result, lang: str) -> str:
    """'Estimated economic cost: The mobile-internet shutdown in Ethiopia (region: Tigray), from …':
    the part of the country cut is in the title, which would otherwise overstate the reach."""
    loc, s = locale(lang), result.scenario
    when, _ = _when(result, lang)
    if s.reach == "regions":
        reach = _reach(result, lang)[1]
    elif s.reach in ("share", "isp"):
        reach = _fill(loc["bibtex"]["title_reach"][s.reach],
                      share=percent(s.share if s.reach == "share" else s.isp_share, lang))
    else:
        reach = ""
    return _fill(loc["bibtex"]["title"], what=after_colon(what(result, lang), lang),
                 country=country(s.country, lang)[0], reach=reach, when=when)


def _key(result: Result) -> str:
    s = result.scenario
    day = f"{s.start:%Y-%m-%d}" if s.start else "scenario"
    return f"impact-{s.country}-{day}-{s.disruption}".replace("--", "-")


def _bib_escape(text: str) -> str:
    for ch in "&%$#_":
        text = text.replace(ch, "\\" + ch)
    return text


def bibtex(result: Result, lang: str = "en") -> str:
    """A BibTeX ``@misc`` entry citing the estimate (title, tool version, provenance, sentence)."""
    loc, p = locale(lang), result.provenance
    year = str(p.get("computed_at", ""))[:4]
    fields = {
        "title": _title(result, lang),
        "author": "{" + loc["bibtex"]["author"] + "}",
        "year": year,
        "howpublished": f"impact v{p.get('package_version', __version__)}",
        "note": _fill(loc["bibtex"]["note"], sentence=sentence(result, lang))
        + _fill(loc["bibtex"]["provenance"], parameter_hash=p.get("parameter_hash"),
                snapshot=p.get("data_snapshot") or loc["note"]["unknown_snapshot"]),
        "language": {"en": "english", "fr": "french"}[loc["lang"]],
    }
    body = ",\n".join(f"  {k} = {{{_bib_escape(v) if k != 'author' else v}}}" for k, v in fields.items())
    return f"@misc{{{_key(result)},\n{body}\n}}\n"


def csl(result: Result, lang: str = "en") -> list[dict]:
    """CSL-JSON items: the estimate (as a dataset) followed by its references."""
    loc, p = locale(lang), result.provenance
    when = str(p.get("computed_at", ""))
    item = {
        "id": _key(result), "type": "dataset", "title": _title(result, lang),
        "author": [{"literal": loc["bibtex"]["author"]}],
        "issued": {"date-parts": [[int(x) for x in when[:10].split("-")]]} if when else None,
        "version": p.get("package_version", __version__), "publisher": "impact",
        "language": loc["lang"], "note": sentence(result, lang),
        "custom": {"parameter_hash": p.get("parameter_hash"), "data_snapshot": p.get("data_snapshot"),
                   "cost_usd": result.cost_usd.to_dict()},
    }
    refs = [{"id": f"ref-{n}", "type": "document", "title": r} for n, r in enumerate(references(result, lang), 1)]
    return [item, *refs]


def csl_json(result: Result, lang: str = "en") -> str:
    return json.dumps(csl(result, lang), ensure_ascii=False, indent=2)


# -- page and export helpers --------------------------------------------------------------
def input_unit_text(unit: str, lang: str = "en") -> str:
    """A unit string (``"fraction of GDP"``) in ``lang``'s words (the unit itself when unknown)."""
    units = locale(lang)["units"]
    if unit in units:
        return units[unit] or unit
    prefix = max((u for u in units if unit.startswith(u)), key=len, default=None)
    return (units[prefix] + unit[len(prefix):]) if prefix and units[prefix] else unit


def currency_name(code: str | None, lang: str = "en") -> str:
    """A currency's name in ``lang`` (CLDR), or the words for 'local currency units' without a code."""
    from babel.numbers import get_currency_name

    return get_currency_name(code, locale=lang) if code else locale(lang)["table"]["lcu"]


def compact_money(x: float, lang: str = "en", currency: str = "USD", significant: int = 2) -> str:
    """An amount in the locale's compact form for axes and tight labels: '$1B' / '1 Md $US',
    with at most ``significant`` digits ('$17.1B' with 3)."""
    from babel.numbers import format_compact_currency

    if not math.isfinite(x):
        return ""
    x = round_sig(x, significant)
    digits = 0 if x == 0 else max(0, significant - 1 - int(math.floor(math.log10(abs(x)))) % 3)
    text = format_compact_currency(x, currency, locale=lang, fraction_digits=digits)
    dec = locale(lang)["numbers"]["decimal"]
    return re.sub(rf"(\d){re.escape(dec)}0+(?=\D|$)", r"\1", text)  # '1.0B' -> '1B'

