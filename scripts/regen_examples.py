"""Regenerate the example figures in README.md and docs/METHODOLOGY.md from real data (never typed).

    python scripts/regen_examples.py            # rewrite the marked blocks in place
    python scripts/regen_examples.py --check    # exit 1 if a block is out of date

Uses the active data snapshot (IMPACT_DATA_DIR); when none is set it imports ../shared/data (wdi,
itu, subnational) into a temporary folder first, as the tests do. Each block sits between
``<!-- generated:NAME -->`` and ``<!-- /generated -->`` and is replaced by what :func:`blocks` gives.
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
FILES = (ROOT / "README.md", ROOT / "docs" / "METHODOLOGY.md")
MALI = dict(country="Mali", start="2017-06-13", end="2017-06-14", disruption="services", services="facebook,twitter")


def _quote(text: str) -> str:
    import textwrap

    return "\n".join("> " + line for line in textwrap.wrap(" ".join(text.split()), 92))


def blocks() -> dict[str, str]:
    import impact
    from impact.report import cite
    from impact.reproduce import replicate

    r = impact.estimate(**MALI)
    out = {"mali-fr": _quote(cite.sentence(r, "fr")), "mali-en": _quote(cite.sentence(r, "en"))}
    cov = replicate.coverage()
    rows = ["| case | estimator | published | ours | ours 5–95% | inside |", "|---|---|---|---|---|---|"]
    for x in cov.rows:
        cur = "" if x.case.currency == "USD" else f" {x.case.currency}"
        money = (lambda v: cite.money(v)) if not cur else (lambda v: cite.money(v).replace("US$", "") + cur)
        published = money(x.case.published)
        if x.case.local:
            value, currency, rate = x.case.local
            published += f" ({cite.money(value).replace('US$', '')} {currency} at {rate:g})"
        rows.append(f"| {x.case.id} | {x.case.study} | {published} | {money(x.compared.central)} | "
                    f"{money(x.compared.low)} – {money(x.compared.high)} | {'yes' if x.inside else 'no'} |")
    out["coverage"] = "\n".join(rows) + "\n\n" + cov.summary() + "."
    return out


def render(text: str, generated: dict[str, str]) -> str:
    def sub(m: re.Match) -> str:
        name = m.group(1)
        return f"<!-- generated:{name} -->\n{generated[name]}\n<!-- /generated -->" if name in generated else m.group(0)
    return re.sub(r"<!-- generated:([\w-]+) -->\n.*?\n<!-- /generated -->", sub, text, flags=re.S)


def main(argv: list[str]) -> int:
    if not os.environ.get("IMPACT_DATA_DIR"):
        from impact.data.importers import import_paths

        folder = tempfile.mkdtemp(prefix="impact-examples-")
        import_paths([SHARED / "wdi", SHARED / "itu", SHARED / "subnational"], data_dir=Path(folder))
        os.environ["IMPACT_DATA_DIR"] = folder
    generated = blocks()
    stale = []
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        new = render(text, generated)
        if new != text:
            stale.append(path.name)
            if "--check" not in argv:
                path.write_text(new, encoding="utf-8")
    if "--check" in argv and stale:
        print(f"out of date: {', '.join(stale)}; run python scripts/regen_examples.py", file=sys.stderr)
        return 1
    print(("rewrote " + ", ".join(stale)) if stale else "up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
