"""``impact batch EVENTS.csv --output costs.csv``: cost a whole event registry.

:func:`add_parser` adds the ``batch`` command to the main parser's sub-parsers; :func:`run`
executes it, writes the per-event table (and the country-year totals) and prints the counts,
which add up: read = costed + flagged + rejected. Errors (:class:`~impact.errors.ImpactError`)
propagate to the main command line, which prints them on one line.
"""
from __future__ import annotations

import argparse
import sys

from impact.errors import DataMissingError, InputError
from impact.model.fields import SCENARIO_FIELDS

_FIELDS = {f.name: f for f in SCENARIO_FIELDS}
BATCH_DRAWS = 1000
# One method per batch: "all" pools each event's draws across methods, which a batch does not keep.
BATCH_METHODS = tuple(m for m in _FIELDS["method"].choices if m != "all")


def _bounded_int(name: str):
    """An argparse type reading the value with its field (:mod:`impact.model.fields`)."""
    f = _FIELDS[name]

    def parse(text: str) -> int:
        try:
            value = f.parse(text)
        except InputError as err:
            raise argparse.ArgumentTypeError(str(err)) from None
        if value is None:
            raise argparse.ArgumentTypeError(f"{f.flag}: give a whole number from {f.low:,.0f} to {f.high:,.0f}")
        return value
    return parse


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add ``batch EVENTS --output FILE [--totals FILE] [--cutoff DATE] [--draws N] …``."""
    p = subparsers.add_parser(
        "batch", help="cost every event of a registry (Access Now STOP export or the simple schema)",
        description="Cost every event of a registry file: per-event costs with ranges, flags and "
                    "reasons, and totals by country and year. See docs/BATCH.md.")
    p.add_argument("events", metavar="EVENTS", help="registry file (.csv or .parquet)")
    p.add_argument("--output", "-o", required=True, metavar="FILE",
                   help="per-event costs, CSV or Parquet by extension (.csv, .parquet)")
    p.add_argument("--totals", metavar="FILE", help="totals by country and year, CSV or Parquet")
    p.add_argument("--cutoff", metavar="YYYY-MM-DD",
                   help="ongoing events end on this day, later ends are cut here (default: the registry's "
                        "own date: a date in its file name, else the latest date it holds)")
    p.add_argument("--draws", type=_bounded_int("draws"), default=BATCH_DRAWS,
                   help=f"{_FIELDS['draws'].help} per event (default {BATCH_DRAWS})")
    p.add_argument("--seed", type=_bounded_int("seed"), default=_FIELDS["seed"].default, help=_FIELDS["seed"].help)
    p.add_argument("--method", choices=BATCH_METHODS, default="brookings",
                   help=f"{_FIELDS['method'].help} (one per batch; default brookings)")
    p.add_argument("--unknown-duration", type=float, metavar="HOURS",
                   help="hours assumed for events with no end and no usable duration (default: "
                        "reject them, with the reason)")
    p.add_argument("--doc", metavar="FILE.md",
                   help="also write the headline by year beside Top10VPN and the 20 costliest events into "
                        "FILE.md, replacing its generated section (docs/BATCH.md is made this way)")
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Execute a parsed ``batch`` command; returns the exit code (0; DataMissingError, exit 3, when the
    country data lacks what every event needs: the output is written all the same)."""
    from impact.events.batch import check_extension, estimate_many
    from impact.events.summary import write_doc

    check_extension(args.output)
    if args.totals:
        check_extension(args.totals)
    _check_outputs(args)
    result = estimate_many(args.events, cutoff=args.cutoff, draws=args.draws, seed=args.seed,
                           method=args.method, unknown_duration=args.unknown_duration)
    ignored = result.info.get("ignored_columns") or []
    if ignored:   # not read, so said: a misspelt column would otherwise change the costs unseen
        from impact.events.simple import COLUMNS

        print(f"impact: warning: {len(ignored)} column{'s' if len(ignored) > 1 else ''} of {args.events} not read "
              f"(not in the simple schema): {', '.join(ignored)}; the schema reads {', '.join(COLUMNS)} "
              f"(docs/BATCH.md)", file=sys.stderr)
    result.write(args.output)
    if args.totals:
        result.write_totals(args.totals)
    for line in summary(result):
        print(line)
    print(f"wrote {args.output} ({result.counts['events']:,} events)"
          + (f" and {args.totals} ({len(result.totals):,} country-years)" if args.totals else ""))
    if args.doc:
        try:
            print(f"wrote the generated section of {write_doc(result, args.doc)}")
        except OSError as exc:
            raise InputError(f"--doc {args.doc}: cannot write it ({exc.strerror or exc}); give a Markdown file "
                             f"you can write, e.g. docs/BATCH.md") from None
    reasons = result.events["reason"].astype(str).str.split(":").str[0]
    if result.counts["events"] and (reasons == "data_missing").all():   # the data, not the registry, is short
        raise DataMissingError(f"no event costed: the country data lacks what every event needs (data_missing "
                               f"{len(reasons):,}; the reasons are in {args.output})")
    return 0


def _check_outputs(args: argparse.Namespace) -> None:
    """Refuse outputs that would overwrite the registry read, or each other (before any work)."""
    from pathlib import Path

    source = Path(args.events).resolve()
    named = [("--output", args.output)] + ([("--totals", args.totals)] if args.totals else []) + \
        ([("--doc", args.doc)] if args.doc else [])
    seen: dict[Path, str] = {}
    for flag, path in named:
        p = Path(path).resolve()
        if p == source:
            raise InputError(f"{flag} {path} is the registry being read: give another file name for the output")
        if p in seen:
            raise InputError(f"{flag} {path} is also {seen[p]}: give each output its own file")
        if not p.parent.is_dir():
            raise InputError(f"{flag} {path}: the folder {Path(path).parent} does not exist; create it first, "
                             f"or give a file in a folder that exists")
        seen[p] = flag


def summary(result) -> list[str]:
    """The lines printed after a batch: counts that add up, rejections by reason, the headline
    total with its cut-off and horizons, the line past the horizons, the headline by year."""
    from impact.events.summary import by_year, costed_any, lines as headline_lines, usd

    c, info = result.counts, result.info
    split = c["events"] - c["read"]
    out = [
        f"read {c['read']:,} rows: {c['costed']:,} costed, {c['flagged']:,} flagged, "
        f"{c['rejected']:,} rejected",
        f"events {c['events']:,}" + (f" (rows naming several countries give one event each: +{split:,})" if split else "")
        + f": {c['events_costed']:,} costed, {c['events_flagged']:,} flagged, {c['events_rejected']:,} rejected",
    ]
    reasons = result.events.loc[result.events["status"] == "rejected", "reason"].str.split(":").str[0]
    if len(reasons):
        out.append("rejected events by reason: " + ", ".join(f"{k} {v:,}" for k, v in reasons.value_counts().items()))
    out.append(f"method {info['method']}, {info['draws']:,} draws, seed {info['seed']}, data snapshot "
               f"{info['data_snapshot']}")
    out += headline_lines(result)
    years = by_year(result)
    if len(years) and costed_any(result):
        out.append("headline by year (central; past the horizons in brackets): " + "; ".join(
            f"{int(r.year)} {usd(r.headline_central)} ({usd(r.past_horizon_central)})" for r in years.itertuples()))
    return out
