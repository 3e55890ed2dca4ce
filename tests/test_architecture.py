"""The layers of the package, checked by walking every module's imports (ast; nothing is imported).

* ``impact.model`` imports only the standard library, numpy, yaml, its own modules,
  ``impact.errors`` and ``impact._version``: it receives country data as an argument (and no
  scipy: importing ``scipy.stats`` costs more CPU than an estimate's whole start-up allows).
* ``impact.data`` never imports ``impact.model``.
* ``impact.cli`` and ``impact.page`` use the library's public API: ``impact`` and its public
  modules, never the model's machinery (engine, estimator, inputs, methods, uncertainty, prices).
* No import cycle among the imports made when modules load (imports inside functions are lazy).
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "impact"
MODEL_MAY_IMPORT = ("numpy", "yaml", "impact.model", "impact.errors", "impact._version")
MODEL_MACHINERY = ("impact.model.engine", "impact.model.estimator", "impact.model.inputs", "impact.model.methods",
                   "impact.model.uncertainty", "impact.model.prices", "impact.model.country_data")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(name: str, level: int, here: str, is_package: bool) -> str:
    if level == 0:
        return name
    base = here.split(".") if is_package else here.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def imports(module: str, *, load_time_only: bool = False) -> set[str]:
    """Modules ``module`` imports (``from a import b`` counts as ``a.b`` when that is a module)."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    found: set[str] = set()

    def visit(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            lazy = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import) and not (load_time_only and in_function):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and not (load_time_only and in_function):
                base = _resolve(child.module or "", child.level, module, is_package)
                if base == "__future__":
                    continue
                for alias in child.names:
                    found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
            visit(child, lazy)

    visit(tree, False)
    return found


def _within(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _stdlib(name: str) -> bool:
    return name.split(".")[0] in sys.stdlib_module_names


def test_the_walk_sees_every_module_and_resolves_relative_imports():
    assert {"impact", "impact.model.engine", "impact.cli.main", "impact.page.state"} <= set(MODULES)
    assert "impact.page.text" in imports("impact.page.state")  # "from .text import …"
    assert "impact.model.engine" in imports("impact.model.estimator")


@pytest.mark.parametrize("module", [m for m in MODULES if _within(m, ["impact.model"])])
def test_the_model_imports_only_numpy_yaml_and_itself(module):
    bad = sorted(n for n in imports(module) if not _stdlib(n) and not _within(n, MODEL_MAY_IMPORT))
    assert not bad, f"{module} imports {bad}"


@pytest.mark.parametrize("module", [m for m in MODULES if _within(m, ["impact.data"])])
def test_country_data_never_imports_the_model(module):
    bad = sorted(n for n in imports(module) if _within(n, ["impact.model"]))
    assert not bad, f"{module} imports {bad}"


@pytest.mark.parametrize("module", [m for m in MODULES if _within(m, ["impact.cli", "impact.page"])])
def test_the_interfaces_use_the_public_api(module):
    bad = sorted(n for n in imports(module) if _within(n, MODEL_MACHINERY))
    assert not bad, f"{module} imports {bad}"


def test_no_import_cycles_when_modules_load():
    graph = {m: {n for n in imports(m, load_time_only=True) if n in MODULES and n != m} for m in MODULES}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def walk(m: str, path: list[str]) -> None:
        state[m] = 1
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                cycles.append(path[path.index(n):] + [n] if n in path else [m, n])
            elif n not in state:
                walk(n, [*path, n])
        state[m] = 2

    for m in MODULES:
        if m not in state:
            walk(m, [m])
    assert not cycles, cycles


def test_the_model_reads_the_indicators_the_data_layer_provides():
    from impact.data import source
    from impact.model import country_data

    for name in ("GDP", "POPULATION", "INTERNET_USERS", "MOBILE_SUBS", "BROADBAND_SUBS", "EXCHANGE_RATE", "CPI"):
        assert getattr(country_data, name) == getattr(source, name), name
    assert country_data.GDP_UNIT == source.UNITS[source.GDP]


def test_without_the_package_resolver_the_model_takes_iso3_codes_only(monkeypatch):
    from impact.errors import UnknownCountryError
    from impact.model import scenario

    monkeypatch.setattr(scenario, "_resolve_country", scenario._iso3_only)
    assert scenario.Scenario.create("mli", days=1).country == "MLI"
    with pytest.raises(UnknownCountryError):
        scenario.Scenario.create("Mali", days=1)


def test_an_estimate_loads_no_pandas_and_no_scipy(country_data):
    """The estimate's path stays light (issue 14's start-up budget): country data read without pandas."""
    import subprocess

    code = ("import sys\nfrom impact.cli import main\nmain(['estimate', '--country', 'MLI', '--days', '1', '--json'])\n"
            "print(sorted(m for m in ('pandas', 'scipy') if m in sys.modules), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "[]", proc.stderr
