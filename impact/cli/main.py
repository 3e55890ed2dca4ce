"""The ``impact`` command line.

Commands
--------
``impact estimate``   cost of one disruption (flags from :data:`impact.model.fields.SCENARIO_FIELDS`
                      and the overrides); a table, ``--json``, ``--format``, ``--cite``, or
                      ``--from saved.json`` to re-run a saved result.
``impact cite``       the letter-ready sentence and the methods-and-sources note.
``impact params``     every model parameter with value, unit, range and source.
``impact replicate``  published figures beside ours (``brookings-2016``, ``deloitte-2016``).
``impact data``       download, import or describe country data (:mod:`impact.cli.data`).
``impact batch``      cost a whole event registry (:mod:`impact.cli.batch`).

Exit codes: 0 success; 1 a re-run (``--from``) no longer matches; 2 bad input; 3 data missing.
Errors are one line on standard error saying what was wrong and what is accepted.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Any, Sequence

from impact._version import __version__
from impact.errors import DataError, ImpactError, InputError
from impact.cli import batch as cli_batch
from impact.cli import data as cli_data
from impact.model.fields import SCENARIO_FIELDS, Field, override_fields
from impact.report import LANGS
from impact.reproduce import presets


class _OnFirstUse:
    """A module imported when first used: ``impact --help`` and argument errors load no numpy."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr: str):
        import importlib

        return getattr(importlib.import_module(self._name), attr)


cite = _OnFirstUse("impact.report.cite")
tables = _OnFirstUse("impact.report.tables")

FORMATS = ("text", "markdown", "json", "bibtex", "csl")
MACHINE_FORMATS = ("json", "bibtex", "csl")
DATA_FIX = "run 'impact data update' (download from the World Bank) or 'impact data import PATH' (your CSV files)"
EXIT_MISMATCH = 1


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are :class:`InputError` (one line, exit code 2)."""

    def error(self, message: str):  # noqa: D401 - argparse API
        raise InputError(f"{message} (see '{self.prog} --help')")


# -- parser -------------------------------------------------------------------------------
def _help(f: Field) -> str:
    return f.describe().replace("%", "%%")


def _add_field(group, f: Field) -> None:
    flags = [f.flag] + (["--type"] if f.name == "disruption" else [])
    metavar = "{" + ",".join(f.choices) + "}" if f.kind == "choice" else f.name.upper()
    # Values go to Scenario.create as given: it validates them and says what is accepted.
    group.add_argument(*flags, dest=f.name, metavar=metavar, default=None, help=_help(f))


def add_scenario_arguments(parser: argparse.ArgumentParser) -> None:
    """The scenario's flags and the overrides, generated from :mod:`impact.model.fields`."""
    g = parser.add_argument_group("scenario")
    for f in SCENARIO_FIELDS:
        _add_field(g, f)
    o = parser.add_argument_group("overrides (replace a model input)")
    for f in override_fields():
        _add_field(o, f)
    src = parser.add_argument_group("instead of flags")
    src.add_argument("--from", dest="from_file", metavar="SAVED.json",
                     help="re-run a result saved with --json and say whether it still matches")
    src.add_argument("--preset", metavar="NAME|FILE.yaml",
                     help=f"a preset scenario file (names: {', '.join(presets.preset_names()) or 'none found'})")


def _add_lang(parser) -> None:
    parser.add_argument("--lang", default="en", metavar="{" + ",".join(LANGS) + "}",
                        help="language of the citable text and the table labels (default en)")


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="impact", description="Economic cost of internet shutdowns, with ranges, data years and sources.")
    p.add_argument("--version", action="version", version=f"impact {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    est = sub.add_parser("estimate", help="estimate the cost of one disruption",
                         description="Estimate the cost of one disruption. Money is current US$ of the GDP year.")
    add_scenario_arguments(est)
    out = est.add_argument_group("output")
    excl = out.add_mutually_exclusive_group()
    excl.add_argument("--json", action="store_true", help="print result.to_dict() as JSON (exact figures)")
    excl.add_argument("--format", choices=FORMATS, metavar="{" + ",".join(FORMATS) + "}",
                      help="text (table, default), markdown, json, bibtex or csl (CSL-JSON)")
    excl.add_argument("--cite", action="store_true", help="print the letter-ready sentence and the note")
    _add_lang(out)
    est.set_defaults(run=run_estimate)

    ci = sub.add_parser("cite", help="letter-ready sentence and methods-and-sources note",
                        description="Print the letter-ready sentence and the methods-and-sources note.")
    add_scenario_arguments(ci)
    _add_lang(ci)
    ci.set_defaults(run=run_cite)

    pa = sub.add_parser("params", help="list every model parameter with value, unit, range and source")
    pa.add_argument("--json", action="store_true", help="print the parameters as JSON")
    pa.set_defaults(run=run_params)

    rep = sub.add_parser("replicate", help="published figures beside ours, with the differences")
    rep.add_argument("study", metavar="STUDY", nargs="?", help="a study of data/published_figures.yaml, e.g. "
                     "brookings-2016 or deloitte-2016 (not needed with --coverage or --gdp-term)")
    rep.add_argument("--coverage", action="store_true", help="every published figure beside our 5–95%% range: "
                     "inside or not, and the summary line")
    rep.add_argument("--gdp-term", action="store_true", help="the GDP term's 5–95%% band against the GDP "
                     "every economy recorded 1-3 years after a GDP year (how often it holds it)")
    rep.add_argument("--json", action="store_true", help="print the comparison as JSON")
    rep.set_defaults(run=run_replicate)

    cli_data.add_parsers(sub)
    cli_batch.add_parser(sub)
    sub.metavar = "{" + ",".join(sub.choices) + "}"
    return p


# -- scenario from the flags, a preset or a saved result ----------------------------------
def _field_names() -> list[str]:
    return [f.name for f in SCENARIO_FIELDS] + [f.name for f in override_fields()]


def scenario_fields(args: argparse.Namespace) -> dict[str, Any]:
    """The scenario fields given on the command line (or by --preset, flags taking precedence)."""
    given = {n: getattr(args, n) for n in _field_names() if getattr(args, n, None) is not None}
    blank = [n for n, v in given.items() if isinstance(v, str) and not v.strip()]
    if blank:  # the library reads a blank field as not given: an empty --regions would cost the whole country
        flag = "--" + blank[0].replace("_", "-")
        raise InputError(f"{flag} was given empty: give it a value (see impact estimate --help) or leave it out")
    if not getattr(args, "preset", None):
        return given
    return presets.with_flags(args.preset, given)


def compute(args: argparse.Namespace):
    """(result, rerun report or None) for the parsed flags."""
    from impact.api import estimate

    if args.from_file:
        from impact.reproduce import rerun as reproduce

        extra = sorted(scenario_fields(args)) + (["--preset"] if args.preset else [])
        if extra:
            raise InputError(f"--from re-runs a saved result as it was: give no scenario flags with it "
                             f"(got {', '.join(extra)})")
        result, matches, changes = reproduce.rerun(reproduce.load(args.from_file))
        return result, (matches, changes)
    fields = scenario_fields(args)
    if not fields:
        raise InputError("no scenario given: give --country and a duration (--start/--end, --hours or "
                         "--days), or --preset NAME, or --from SAVED.json")
    return estimate(**fields), None


# -- rendering ----------------------------------------------------------------------------
def _money_cells(r, lang) -> list[str]:
    """Central, low and high of an amount to three significant digits, as the sentence gives them
    (489,935 reads 490,000: the range says the last digits are not known); --json keeps them all."""
    return [cite.amount_cell(r[k], lang) for k in ("central", "low", "high")]


def _currency(result, lang: str) -> str:
    t = cite.locale(lang)["table"]
    return t["currency"].format(year=result.gdp.year) if result.gdp.year else t["currency_no_year"]


def quantity_rows(result, lang: str = "en", sources: bool = True) -> list[list[str]]:
    """The headline quantities as rows: label, central, low, high, unit (and source if ``sources``)."""
    t = cite.locale(lang)["table"]
    currency = _currency(result, lang)
    window = result.cost_per_window_usd  # daily windows: a day's cost is its window's
    rows = [
        [t["cost"], *_money_cells(result.cost_usd.to_dict(), lang), currency],
        [t["cost_per_hour"], *_money_cells(result.cost_per_hour_usd.to_dict(), lang), t["per_hour"].format(unit=currency)],
        [t["cost_per_day" if window is None else "cost_per_24h"], *_money_cells(result.cost_per_day_usd.to_dict(), lang),
         t["per_day" if window is None else "per_24h"].format(unit=currency)],
        *([[t["cost_per_window"].format(window=result.scenario.daily_window), *_money_cells(window.to_dict(), lang),
            t["per_day"].format(unit=currency)]] if window is not None else []),
        [t["share_of_gdp"], *(cite.percent(x, lang).replace("%", "").strip() for x in
                              (result.share_of_annual_gdp.central, result.share_of_annual_gdp.low,
                               result.share_of_annual_gdp.high)),
         t["of_gdp"].format(year=result.gdp.year or "")],
    ]
    if result.constant_usd:
        c = result.constant_usd
        unit = t["constant_unit"].format(year=c["price_year"])
        rows.append([t["cost_constant"], *_money_cells(c["cost"], lang),
                     unit + (f" ({cite.source_text(c['source'], lang)})" if sources else "")])
    if result.local_currency:
        c = result.local_currency
        unit = t["local_unit"].format(year=c["year"], currency=c.get("currency") or t["lcu"])
        rows.append([t["cost_local"], *_money_cells(c["cost"], lang), unit + (f" ({cite.source_text(c['source'], lang)})" if sources else "")])
    for key, value, unit in (("people_affected", result.people_affected, t["people"]),
                             ("users_affected", result.internet_users_affected, t["people"]),
                             (USER_HOURS[result.scenario.disruption], result.user_hours, t["hours"])):
        if value is not None:
            rows.append([t[key], cite.number(value, lang), "", "", unit])
    return rows


# The label of the user-hours by disruption: only a blackout loses them all (a block leaves other
# services, a mobile cut fixed broadband, a throttle a slower connection).
USER_HOURS = {"full": "user_hours", "services": "user_hours_services", "mobile": "user_hours_mobile",
              "throttle": "user_hours_throttle"}


def input_rows(result, lang: str = "en") -> list[list[str]]:
    """The inputs as rows: label, value with unit, range, year, [method,] source (the shared
    table of :mod:`impact.report.tables`; a method column only when several are pooled)."""
    return [[r.label, r.value, r.range, r.year, *([r.used_by] if r.used_by is not None else []), r.source]
            for r in tables.input_rows(result, lang)]


def input_headers(result, lang: str = "en") -> list[str]:
    """The inputs table's column headers, matching :func:`input_rows`."""
    t = cite.locale(lang)["table"]
    return [t["quantity"], t["value"], t["range"], t["year"], *([t["method"]] if tables.pooled(result) else []),
            t["source"]]


def sensitivity_rows(result, lang: str = "en") -> list[list[str]]:
    """What drives the range: each uncertain input's share of the spread, per method."""
    labels = cite.locale(lang)["labels"]
    rows = []
    for name, m in result.methods.items():
        method = cite.locale(lang)["method_short"][name]
        for row in m.sensitivity:
            rows.append([method, labels.get(row["factor"], row["factor"]), cite.percent(row["share_of_spread"], lang)])
    return rows


def method_rows(result, lang: str = "en") -> list[list[str]]:
    loc = cite.locale(lang)
    rows = []
    for name, m in result.methods.items():
        if m.cost_usd is None:
            rows.append([loc["method_short"][name],
                         loc["table"]["not_applicable"].format(reason=cite.calc_note(m.not_applicable, lang)), "", ""])
        else:
            rows.append([loc["method_short"][name], *_money_cells(m.cost_usd.to_dict(), lang)])
    return rows


def provenance_line(result, lang: str = "en") -> str:
    p, s = result.provenance, result.scenario
    return cite.locale(lang)["table"]["provenance"].format(
        version=p.get("package_version"), parameter_hash=p.get("parameter_hash"),
        snapshot=p.get("data_snapshot") or "-", seed=s.seed, draws=cite.number(s.draws, lang),
        computed_at=cite.computed(p.get("computed_at"), lang))


def console():
    """A rich console: the terminal's width, or 160 columns when the output is a file or pipe.

    A reader that stops reading (``impact params | head -1``) ends the output normally: rich's
    own handling would exit with code 1, the code of a re-run that no longer matches.
    """
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

    return _Console(width=None if sys.stdout.isatty() else 160, markup=False)


def _table(title: str | None = None):
    """A rich table whose cells fold rather than cut (no figure is ever shortened)."""
    from rich.table import Table

    return Table(title=title)


def _column(table, name: str, justify: str = "left") -> None:
    table.add_column(name, justify=justify, overflow="fold")


def _ends(result, t) -> tuple[str, str]:
    """The headers of the range's ends: percentiles of the draws, or with no draws (draws=0) the
    products of the inputs' bounds."""
    if result.scenario.draws:
        return t["low"], t["high"]
    return t["low_bound"], t["high_bound"]


def print_table(result, lang: str = "en", out=None) -> None:
    """The result as rich tables: headline quantities, inputs (sources numbered below), methods."""
    out = out or console()
    t = cite.locale(lang)["table"]
    out.print(cite.sentence(result, lang))
    q = _table()
    low, high = _ends(result, t)
    for col, justify in ((t["quantity"], "left"), (t["central"], "right"), (low, "right"),
                         (high, "right"), (t["unit"], "left")):
        _column(q, col, justify)
    sources: list[str] = []
    extra = {t["cost_constant"]: result.constant_usd, t["cost_local"]: result.local_currency}
    for row in quantity_rows(result, lang, sources=False):
        source = (extra.get(row[0]) or {}).get("source")
        if source:   # the rate's source, numbered with the inputs' sources below
            sources.append(cite.source_text(source, lang))
            row = [*row[:-1], f"{row[-1]} [{len(sources)}]"]
        q.add_row(*row)
    out.print(q)
    i = _table(t["inputs"])
    for col in input_headers(result, lang):
        _column(i, col)
    for *cells, source in input_rows(result, lang):
        if source not in sources:
            sources.append(source)
        i.add_row(*cells, f"[{sources.index(source) + 1}]")
    out.print(i)
    for n, source in enumerate(sources, 1):
        out.print(f"[{n}] {source}", soft_wrap=True)  # a long URL stays whole, to be copied
    if result.notes:   # e.g. the official exchange rate's caveat: a citation needs it
        out.print(t["notes"])
        for n in result.notes:
            out.print(f"- {cite.calc_note(n, lang)}")
    if len(result.methods) > 1:
        m = _table(f'{t["methods"]} ({_currency(result, lang)})')
        for col in (t["method"], t["central"], low, high):
            _column(m, col)
        for row in method_rows(result, lang):
            m.add_row(*row)
        out.print(m)
    drivers = sensitivity_rows(result, lang)
    if drivers:
        d = _table(t["drivers"])
        for col in (t["method"], t["quantity"], t["share_of_spread"]):
            _column(d, col)
        for row in drivers:
            d.add_row(*row)
        out.print(d)
    out.print(cite.range_line(result, lang))
    out.print(provenance_line(result, lang))


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    esc = lambda x: str(x).replace("|", "\\|")  # noqa: E731
    lines = ["| " + " | ".join(map(esc, header)) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(map(esc, r)) + " |" for r in rows]
    return "\n".join(lines)


def markdown(result, lang: str = "en") -> str:
    """The result as Markdown: the sentence, the tables and the methods-and-sources note."""
    t = cite.locale(lang)["table"]
    low, high = _ends(result, t)
    parts = [cite.sentence(result, lang), "",
             _md_table([t["quantity"], t["central"], low, high, t["unit"]], quantity_rows(result, lang)), "",
             f"**{t['inputs']}**", "",
             _md_table(input_headers(result, lang), input_rows(result, lang)), ""]
    if len(result.methods) > 1:
        parts += [f"**{t['methods']} ({_currency(result, lang)})**", "", _md_table([t["method"], t["central"], low, high],
                                                       method_rows(result, lang)), ""]
    drivers = sensitivity_rows(result, lang)
    if drivers:
        parts += [f"**{t['drivers']}**", "", _md_table([t["method"], t["quantity"], t["share_of_spread"]], drivers), ""]
    parts += [provenance_line(result, lang), "", cite.note(result, lang)]
    return "\n".join(parts)


def cite_text(result, lang: str = "en") -> str:
    return cite.sentence(result, lang) + "\n\n" + cite.note(result, lang)


def render(result, fmt: str, lang: str) -> str | None:
    """Text of a result in a format; None for the rich table (printed directly)."""
    if fmt == "json":
        return json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
    if fmt == "markdown":
        return markdown(result, lang)
    if fmt == "bibtex":
        return cite.bibtex(result, lang).rstrip("\n")
    if fmt == "csl":
        return cite.csl_json(result, lang)
    if fmt == "cite":
        return cite_text(result, lang).rstrip("\n")
    return None


def _report_rerun(report, to_stderr: bool) -> int:
    matches, changes = report
    stream = sys.stderr if to_stderr else sys.stdout
    if matches:
        print("re-run matches the saved result" + (": the figures are the same; also changed: " + "; ".join(changes)
                                                    if changes else ""), file=stream)
        return 0
    print("re-run does NOT match the saved result: " + "; ".join(changes), file=stream)
    return EXIT_MISMATCH


# -- commands -----------------------------------------------------------------------------
def run_estimate(args: argparse.Namespace) -> int:
    lang = _lang(args.lang)
    fmt = "json" if args.json else "cite" if args.cite else args.format or "text"
    result, report = compute(args)
    args.exit_code = EXIT_MISMATCH if report and not report[0] else 0  # kept if the reader stops reading
    code = _report_rerun(report, fmt in MACHINE_FORMATS) if report else 0
    text = render(result, fmt, lang)
    if text is None:
        print_table(result, lang)
    else:
        print(text)
    return code


def run_cite(args: argparse.Namespace) -> int:
    lang = _lang(args.lang)
    result, report = compute(args)
    args.exit_code = EXIT_MISMATCH if report and not report[0] else 0  # kept if the reader stops reading
    code = _report_rerun(report, False) if report else 0
    print(cite_text(result, lang).rstrip("\n"))
    return code


def run_params(args: argparse.Namespace) -> int:
    from impact.model import parameters

    rows = parameters.as_table()
    pset_hash = parameters.load().hash
    if args.json:
        print(json.dumps({"parameter_hash": pset_hash, "parameters": rows}, indent=2, ensure_ascii=False))
        return 0
    out = console()
    table = _table(f"Model parameters (parameter set {pset_hash})")
    for col, justify in (("name", "left"), ("value", "right"), ("unit", "left"), ("range", "right"),
                         ("override accepted", "right"), ("kind", "left"), ("source", "right")):
        _column(table, col, justify)
    sources: list[str] = []
    for r in rows:
        source = "; ".join([r["source"], *r["urls"]])
        if source not in sources:
            sources.append(source)
        table.add_row(r["name"], f"{r['value']:g}", r["unit"], f"{r['low']:g}–{r['high']:g}",
                      f"{r['valid'][0]:g}–{r['valid'][1]:g}", r["kind"], f"[{sources.index(source) + 1}]")
    out.print(table)
    for n, source in enumerate(sources, 1):
        out.print(f"[{n}] {source}", soft_wrap=True)  # a long URL stays whole, to be copied
    out.print("kind: sourced = read in the source; derived = arithmetic on sourced figures; "
                  "assumption = no source gives it (a named assumption with a range).")
    return 0


def run_replicate(args: argparse.Namespace) -> int:
    from impact.reproduce import replicate as validation

    if args.coverage:
        return _run_coverage(args, validation)
    if args.gdp_term:
        from impact.reproduce import gdp_check

        got = gdp_check.check()
        print(json.dumps(got.to_dict(), indent=2, ensure_ascii=False) if args.json else got.summary())
        return 0
    if not args.study:
        raise InputError(f"replicate needs a STUDY ({', '.join(validation.studies())}), --coverage or --gdp-term")
    reps = validation.replicate(args.study)
    skipped = validation.not_rerunnable(args.study)
    if args.json:
        print(json.dumps({"study": args.study, "cases": [r.to_dict() for r in reps], "not_rerunnable": skipped},
                         indent=2, ensure_ascii=False))
        return 0
    study = validation.studies()[args.study]
    out = console()
    out.print(f"{study['title']}\n{study['url']}")
    table = _table("Published figures beside ours (US$ unless a currency is named; ours in current prices of the data year)")
    for col in ("case", "published", "ours", "ours 5–95%", "ours / published", "tolerance", "data year"):
        _column(table, col, "left" if col == "case" else "right")
    for r in reps:
        cur = "" if r.case.currency == "USD" else f" {r.case.currency}"
        table.add_row(r.case.id, f"{r.case.published:,.0f}{cur}", f"{r.compared.central:,.0f}{cur}",
                      f"{_amount(r.compared.low, r.case.currency)} – {_amount(r.compared.high, r.case.currency)}",
                      f"{r.ratio:.3f}" + ("" if r.within else " OUTSIDE"),
                      f"{r.case.ratio[0]:g}–{r.case.ratio[1]:g}", str(r.data_year or "given"))
    out.print(table)
    for r in reps:
        out.print(f"- {r.case.id}: {r.case.what}. Why they differ: "
                      f"validation/DIFFERENCES.md#{r.case.difference}")
    if skipped:
        out.print("\nPublished figures that cannot be re-run:")
        for s in skipped:
            out.print(f"- {s['what']}: {s['why']}")
    return 0


def _amount(x: float, currency: str) -> str:
    """An amount to three significant digits: 'US$31.8 billion', '1.52 billion NGN'."""
    return cite.money(x) if currency == "USD" else cite.local_money(x, currency)


def _run_coverage(args: argparse.Namespace, validation) -> int:
    cov = validation.coverage()
    if args.json:
        print(json.dumps(cov.to_dict(), indent=2, ensure_ascii=False))
        return 0
    out = console()
    table = _table("Published figures beside our central figure and 5–95% range (in the published currency)")
    for col in ("case", "estimator", "published", "ours", "ours 5–95%", "ours / published", "inside"):
        _column(table, col, "left" if col in ("case", "estimator") else "right")
    for r in cov.rows:
        table.add_row(r.case.id, r.case.study, _amount(r.case.published, r.case.currency),
                      _amount(r.compared.central, r.case.currency),
                      f"{_amount(r.compared.low, r.case.currency)} – {_amount(r.compared.high, r.case.currency)}",
                      f"{r.ratio:.3f}", "yes" if r.inside else "no")
    out.print(table)
    out.print("US$ unless a currency is named; ours in current prices of each case's data year. What each figure "
              "measures and why it differs: data/published_figures.yaml, validation/DIFFERENCES.md.")
    for r in cov.rows:
        if r.case.local:
            value, currency, rate = r.case.local
            out.print(f"- {r.case.id}: published as {_amount(value, currency)}, computed in US$ and converted at "
                      f"{rate:g} {currency} per US$; compared in US$ at that rate.")
    out.print(cov.summary())
    return 0


def _lang(lang: str) -> str:
    cite.locale(lang)  # InputError naming the accepted languages
    return str(lang).strip().casefold()


# -- entry point --------------------------------------------------------------------------
def _end_of_output() -> None:
    """Point standard output at the null device, so that nothing more is written to a closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file descriptor (e.g. captured output): nothing to do
        pass


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    if isinstance(err, InputError):   # the library's "hours=" is the command line's --hours
        text = _LIBRARY_FIELD.sub(lambda m: "--" + m.group(1).replace("_", "-"), text)
    if (isinstance(err, DataError) and err.exit_code == 3 and "impact data" not in text
            and getattr(err, "newer_data_helps", True)):
        text += f"; {DATA_FIX}"
    if getattr(err, "field", None):  # the field that can replace missing data, as its flag
        text += f"; on the command line: --{err.field.replace('_', '-')}"
    return text


# A field named bare, as the library words it ("give hours= or days="); not a value ("hours='0'").
_LIBRARY_FIELD = re.compile(r"(?<![\w-])(" + "|".join(sorted({f.name for f in (*SCENARIO_FIELDS, *override_fields())},
                                                                key=len, reverse=True))
                            + r")=(?=[\s,;:)]|$)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0, 1 re-run mismatch, 2 bad input, 3 data missing)."""
    args = None
    try:
        args = build_parser().parse_args(argv)
        code = int(args.run(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except ImpactError as err:
        print(f"impact: error: {_one_line(err)}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("impact: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader stopped reading: a normal end of output
        _end_of_output()
        return getattr(args, "exit_code", 0)  # a re-run that no longer matches still says so
    except OSError as err:  # a file or folder given on the command line that cannot be read or written
        where = f" {err.filename}" if getattr(err, "filename", None) else ""
        print(f"impact: error:{where}: {err.strerror or err}; give a path that exists and can be written or read",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
