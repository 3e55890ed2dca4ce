"""``impact data …`` sub-commands: update (download), import (files), info (active snapshot).

:func:`add_parsers` adds the ``data`` command to the main parser's sub-parsers; :func:`run`
executes it and returns the exit code. Errors (:class:`~impact.errors.ImpactError`) propagate
to the main command line, which prints them on one line.
"""
from __future__ import annotations

import argparse


def add_parsers(subparsers) -> argparse.ArgumentParser:
    """Add ``data update [--base-url URL] [--replace]``, ``data import [--replace] PATH...`` and ``data info``."""
    data = subparsers.add_parser("data", help="download, import or describe country data",
                                 description="Manage the country data snapshot used by the model.")
    data.add_argument("--data-dir", help="data folder (default: $IMPACT_DATA_DIR or the user data folder)")
    sub = data.add_subparsers(dest="data_command", required=True, metavar="{update,import,info}")
    up = sub.add_parser("update", help="download the indicators from the World Bank API")
    up.add_argument("--base-url", help="API base URL (default: $IMPACT_WB_API or https://api.worldbank.org/v2)")
    up.add_argument("--no-progress", action="store_true", help="no progress bar")
    up.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                    help="deadline for the whole download, in seconds (default: 300)")
    up.add_argument("--replace", action="store_true",
                    help="keep nothing from the active snapshot (default: keep its sub-national regions)")
    imp = sub.add_parser("import", help="import World Bank / ITU / Global Data Lab CSV files or folders",
                         description="Import files into a new active snapshot. Indicators the files do not "
                                     "give, and the regions when no Global Data Lab files are given, are "
                                     "carried over from the active snapshot unless --replace is given.")
    imp.add_argument("--replace", action="store_true",
                     help="build the snapshot from these files only (default: keep the rest of the active one)")
    imp.add_argument("paths", nargs="+", metavar="PATH")
    sub.add_parser("info", help="describe the active snapshot (sources, coverage, checksum)")
    data.set_defaults(run=run)
    return data


def run(args: argparse.Namespace) -> int:
    """Execute a parsed ``data`` command; returns the exit code (0)."""
    data_dir = getattr(args, "data_dir", None)
    if args.data_command == "update":
        from impact.data.worldbank import update

        kwargs = {} if args.timeout is None else {"deadline": args.timeout}
        snap = update(data_dir=data_dir, base_url=args.base_url, progress=not args.no_progress,
                      replace=args.replace, **kwargs)
        print(f"downloaded snapshot {snap.snapshot_id} (now active){_carried(snap)}")
    elif args.data_command == "import":
        from impact.data.importers import import_paths

        snap = import_paths(args.paths, data_dir=data_dir, replace=args.replace)
        print(f"imported snapshot {snap.snapshot_id} (now active){_carried(snap)}")
        skipped = snap.skipped()
        if skipped:
            from impact.data.importers import skipped_text

            print(f"skipped {len(skipped)} file{'s' if len(skipped) > 1 else ''} that are not country data: "
                  f"{skipped_text(skipped)}")
    else:
        from impact.data.snapshot import load_active

        print(load_active(data_dir).info())
    return 0


def _carried(snap) -> str:
    note = snap.carried_over()
    return f"; {note}" if note else ""
