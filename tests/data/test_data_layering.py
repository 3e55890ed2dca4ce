"""The data layer stands on its own (issue 14): it imports nothing from the model, events, reports
or interfaces, and its messages name no command-line flag (each interface words those itself)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import impact.data

DATA = Path(impact.data.__file__).parent
ABOVE = ("impact.model", "impact.events", "impact.report", "impact.cli", "impact.page", "impact.reproduce")
FLAG = re.compile(r"(?:^|[\s'\"(/])--[a-z][a-z-]*")  # e.g. " --gdp-usd"; not "ddf--entities--level"


def _modules():
    return sorted(DATA.glob("*.py"))


def test_the_data_layer_imports_nothing_above_it():
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                assert not name.startswith(ABOVE), f"{path.name} imports {name}"


def test_data_messages_name_no_command_line_flag():
    for path in _modules():
        tree = ast.parse(path.read_text())
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                      and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):  # an f-string: its values read as "x"
                text = "".join(v.value if isinstance(v, ast.Constant) else "x" for v in node.values)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                text = node.value
            else:
                continue
            assert not FLAG.search(text), f"{path.name}:{node.lineno}: {text!r}"
