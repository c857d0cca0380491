"""Every name a notebook (or its solutions) takes from helpers is public.

**Public** means, for a name ``X`` a notebook gets from module ``helpers.M`` (``from helpers.M import X``,
``from helpers import X``, ``import helpers`` then ``helpers.X``):

* neither ``X`` nor any part of ``helpers.M`` starts with an underscore;
* the module has ``X``;
* ``X`` is listed in ``helpers.M.__all__`` when the module declares one, else it is defined in that module
  (a top-level ``def``, ``class`` or assignment), not only imported into it; a name of the top-level
  ``helpers.__all__`` is public wherever a notebook takes it from (e.g. ``helpers.keywords.report_tokens``).

A notebook that reaches for a private helper, or for a name a module merely happens to import, fails here:
either the name is made public (defined or listed) or the notebook uses the public one.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import json

import pytest

import helpers
from helpers.paths import NOTEBOOKS_DIR

NOTEBOOKS = sorted(NOTEBOOKS_DIR.rglob("*.ipynb"))


def helpers_names(nb_path) -> set[tuple[str, str]]:
    """``(module, name)`` for every name the notebook's code cells take from helpers."""
    found: set[tuple[str, str]] = set()
    for cell in json.loads(nb_path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "\n".join(line for line in "".join(cell["source"]).splitlines() if not line.lstrip().startswith(("%", "!")))
        tree = ast.parse(source)
        aliases = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "helpers" and node.level == 0:
                found |= {(node.module, a.name) for a in node.names}
            elif isinstance(node, ast.Import):
                aliases |= {a.asname or a.name for a in node.names if a.name == "helpers"}
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
                found.add(("helpers", node.attr))
    return found


def defined_in(module, name: str) -> bool:
    """True when ``name`` is defined at the top of ``module``'s source (def, class or assignment)."""
    tree = ast.parse(inspect.getsource(module))
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            return True
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(n, ast.Name) and n.id == name for t in targets for n in ast.walk(t)):
            return True
    return False


def problem(module_name: str, name: str) -> str | None:
    """Why ``name`` of ``module_name`` is not public (None when it is)."""
    if name == "*":
        return "a star import"
    if name.startswith("_") or any(part.startswith("_") for part in module_name.split(".")):
        return "private (leading underscore)"
    module = importlib.import_module(module_name)
    if not hasattr(module, name):
        return "no such name"
    if name in helpers.__all__:
        return None
    if hasattr(module, "__all__"):
        return None if name in module.__all__ else f"not in {module_name}.__all__"
    return None if defined_in(module, name) else f"only imported into {module_name}, not defined there"


def test_the_notebooks_use_helpers():
    # the test below must have something to check
    assert len(NOTEBOOKS) >= 10 and all(helpers_names(nb) for nb in NOTEBOOKS)


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_name_a_notebook_imports_is_public(nb_path):
    bad = {f"{m}.{n}": why for m, n in sorted(helpers_names(nb_path)) if (why := problem(m, n))}
    assert bad == {}


def test_the_rule_catches_a_private_or_merely_imported_name():
    assert problem("helpers.keywords", "_g2") == "private (leading underscore)"
    assert problem("helpers.themes", "resolve_path") == "only imported into helpers.themes, not defined there"
    assert problem("helpers.indicators", "Structure") is not None
    assert problem("helpers.themes", "load_themes") is None
