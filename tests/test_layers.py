"""The shape of helpers/: floors that import only downward, no import hidden in a function, one name per output."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from helpers.outputs import CORPUS_NOTEBOOKS, CORPUS_OUTPUTS, FIGURES, OUTPUTS, PAGES
from helpers.paths import NOTEBOOKS_DIR, PROJECT_ROOT

HELPERS = PROJECT_ROOT / "helpers"


def test_import_linter_contract_is_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(lint), "--no-cache"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "2 kept, 0 broken" in proc.stdout


#: Modules allowed to import project modules inside functions, and why. The import-linter contract still sees such
#: imports (it reads every import statement), so an upward import is caught all the same.
DEFERRED_IMPORTS = {
    # the top floor: ``python -m helpers render`` starts its kernels before the pages, index and analyses are
    # imported (issue 20, render speed); nothing but the command line imports render, so no cycle can hide here
    "helpers/render.py",
}


def test_no_project_import_inside_a_function():
    # an import of a sibling module inside a function is how an import cycle hides
    offenders = []
    for path in sorted(HELPERS.rglob("*.py")):
        if str(path.relative_to(PROJECT_ROOT)) in DEFERRED_IMPORTS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
            for node in ast.walk(func):
                if isinstance(node, ast.ImportFrom) and (node.level > 0 or (node.module or "").startswith("helpers")):
                    offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}")
    assert offenders == []


def test_output_names_are_spelt_once():
    # notebooks and the render take file names from helpers.outputs, never as literals
    names = [o.filename for o in OUTPUTS.values()] + list(CORPUS_OUTPUTS.values())
    for nb_path in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")):
        code = "".join("".join(c["source"]) for c in json.loads(nb_path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code")
        assert not [n for n in names if n in code], nb_path.name
    for path in [HELPERS / m for m in ("render.py", "index_page.py", "cli.py", "corpus_page.py")] + sorted((HELPERS / "corpus").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not [n for n in names if f'"{n}"' in text or f"'{n}'" in text], path.name
    assert {o.notebook for o in OUTPUTS.values()} | set(FIGURES.values()) <= set(PAGES)
    assert [p.stem for p in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))] == list(PAGES) + list(CORPUS_NOTEBOOKS)


def test_notebooks_hold_calls_and_display_only():
    # no function or class definitions, no loops: logic lives in helpers/
    for nb_path in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(nb_path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            tree = ast.parse("".join(cell["source"]))
            kinds = {type(n).__name__ for n in ast.walk(tree)}
            assert not kinds & {"FunctionDef", "ClassDef", "For", "While", "If", "With"}, (nb_path.name, "".join(cell["source"])[:80])
