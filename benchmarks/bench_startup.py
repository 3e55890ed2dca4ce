"""Start-up cost of one estimate, whole process, against ``python -c "import pandas"`` side by side.

Issue 14's target: ``impact estimate --country MLI --days 1 --type full --json`` costs at most
1.0x the CPU time (user + system) of ``python -c "import pandas"`` on the same machine.

Run ``python benchmarks/bench_startup.py [--runs N]`` (with ``PYTHONPATH`` set to the checkout to
measure). The two commands are run alternately, N times each; the CPU time of each child
process is read with :func:`resource.getrusage` (``RUSAGE_CHILDREN``); medians are compared.
Country data: ``$IMPACT_DATA_DIR`` when it holds a snapshot, else the shared real data imported
into a temporary folder, else a small synthetic snapshot.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
ESTIMATE = ["estimate", "--country", "MLI", "--days", "1", "--type", "full", "--json"]


def _data_dir() -> tuple[str, bool]:
    """A data folder with an active snapshot, and whether it is temporary."""
    given = os.environ.get("IMPACT_DATA_DIR")
    if given and (Path(given) / "active").is_file():
        return given, False
    from impact.data.importers import import_paths

    folder = tempfile.mkdtemp(prefix="impact-bench-")
    if SHARED_DATA.is_dir():
        import_paths([SHARED_DATA / "wdi", SHARED_DATA / "itu", SHARED_DATA / "subnational"], data_dir=folder)
    else:
        src = Path(folder) / "src"
        src.mkdir()
        rows = {"NY.GDP.MKTP.CD": 2.1e10, "SP.POP.TOTL": 2.3e7, "IT.NET.USER.ZS": 35.0, "IT.CEL.SETS.P2": 110.0,
                "IT.NET.BBND.P2": 1.2, "PA.NUS.FCRF": 606.0, "FP.CPI.TOTL": 120.0}
        for code, value in rows.items():
            (src / f"{code}.csv").write_text("Country Name,Country Code,Year,Value\n"
                                             + "".join(f"Mali,MLI,{y},{value}\nUnited States,USA,{y},{value}\n"
                                                       for y in range(2010, 2024)))
        import_paths([src], data_dir=folder)
    return folder, True


def cpu_seconds(argv: list[str], env: dict) -> float:
    """User + system CPU time of one child process running ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    folder, temporary = _data_dir()
    env = {**os.environ, "IMPACT_DATA_DIR": folder, "PYTHONPATH": os.environ.get("PYTHONPATH", str(ROOT))}
    script = shutil.which("impact")
    estimate = [script, *ESTIMATE] if script else [sys.executable, "-m", "impact", *ESTIMATE]
    pandas = [sys.executable, "-c", "import pandas"]
    try:
        cpu_seconds(estimate, env)  # warm the file cache and byte-code
        cpu_seconds(pandas, env)
        runs = {"estimate": [], "pandas": []}
        for _ in range(args.runs):
            runs["pandas"].append(cpu_seconds(pandas, env))
            runs["estimate"].append(cpu_seconds(estimate, env))
    finally:
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)
    est, pd_ = statistics.median(runs["estimate"]), statistics.median(runs["pandas"])
    print(f"{' '.join(Path(estimate[0]).name if i == 0 else a for i, a in enumerate(estimate))}: "
          f"median {est * 1000:.0f} ms CPU ({', '.join(f'{x * 1000:.0f}' for x in runs['estimate'])})")
    print(f"python -c 'import pandas': median {pd_ * 1000:.0f} ms CPU "
          f"({', '.join(f'{x * 1000:.0f}' for x in runs['pandas'])})")
    print(f"ratio {est / pd_:.2f}x (target <= 1.0x)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
