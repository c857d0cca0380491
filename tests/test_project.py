"""Project hygiene: pins agree, raw data stays untouched, notebooks are stripped and parameterised."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tomllib

import yaml

from helpers.paths import NOTEBOOKS_DIR, PROJECT_ROOT, RAW_DIR


def _pyproject_pins() -> dict[str, str]:
    data = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    deps = data["project"]["dependencies"] + [d for ds in data["project"]["optional-dependencies"].values() for d in ds]
    pins = {}
    for dep in deps:
        name, _, version = dep.partition("==")
        assert version, f"{dep} is not pinned with =="
        pins[name.strip().lower()] = version.strip()
    return pins


def _conda_pins() -> dict[str, str]:
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):  # the pip: section, for packages only on PyPI
            for pip_dep in dep.get("pip", []):
                name, _, version = pip_dep.partition("==")
                pins[name.strip().lower()] = version.strip()
        elif "=" in dep and not dep.startswith("python="):
            name, _, version = dep.partition("=")
            pins[name.strip().lower()] = version.strip()
    return pins


def test_environment_yml_matches_pyproject():
    assert _conda_pins() == _pyproject_pins()


def _checksums() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(RAW_DIR.iterdir()) if p.is_file()}


def test_raw_data_is_never_written(tmp_path):
    before = _checksums()
    mtimes = {p.name: p.stat().st_mtime_ns for p in RAW_DIR.iterdir()}
    for stage, out in [("clean", "c.txt"), ("structure", "s.csv")]:
        subprocess.run([sys.executable, "-m", "helpers", stage, "data/raw/wuxi_2021.txt", "-o", str(tmp_path / out)],
                       check=True, cwd=PROJECT_ROOT, capture_output=True)
    subprocess.run([sys.executable, "-m", "helpers", "render", "data/raw/wuxi_2021.txt", "-o", str(tmp_path / "r"), "--jobs", "1"],
                   check=True, cwd=PROJECT_ROOT, capture_output=True)
    assert _checksums() == before
    assert {p.name: p.stat().st_mtime_ns for p in RAW_DIR.iterdir()} == mtimes
    assert sorted(p.name for p in RAW_DIR.iterdir()) == sorted(before)


def _notebooks():
    return sorted(NOTEBOOKS_DIR.rglob("*.ipynb"))


def test_notebooks_are_stripped_and_parameterised():
    assert _notebooks()
    for path in _notebooks():
        if ".ipynb_checkpoints" in path.parts:
            continue
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = nb["cells"]
        code = [c for c in cells if c["cell_type"] == "code"]
        assert cells[0]["cell_type"] == "markdown", f"{path.name} opens with an introduction"
        assert "parameters" in code[0].get("metadata", {}).get("tags", []), f"{path.name}: first code cell is tagged parameters"
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), f"{path.name} has stored outputs"
        assert nb["metadata"]["kernelspec"]["name"] == "python3"
        params = "".join(code[0]["source"])
        # a report's notebook takes report_path; a corpus notebook (05_…) takes corpus_path
        assert ("report_path" in params or "corpus_path" in params) and "output_dir" in params


def test_pypi_only_packages_are_under_pip():
    # conda-forge carries no cn2an and no font package: conda would stop at them
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d.partition("=")[0] for d in env["dependencies"] if isinstance(d, str)]
    pip = [d.partition("==")[0] for block in env["dependencies"] if isinstance(block, dict) for d in block["pip"]]
    assert {"cn2an", "cvttf-notosanscjk-regular"} <= set(pip)
    assert not {"cn2an", "cvttf-notosanscjk-regular"} & set(conda)


def test_screenshot_has_a_make_target():
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\nscreenshot:" in makefile and "docs/images/report_index.png" in makefile


def test_parameters_cells_parse_for_papermill(caplog):
    # papermill reads each parameter's name, type and comment; a line it cannot parse is a console warning per render
    from papermill.translators import PythonTranslator

    for path in _notebooks():
        nb = json.loads(path.read_text(encoding="utf-8"))
        cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
        with caplog.at_level("WARNING", logger="papermill"):
            names = [p.name for p in PythonTranslator.inspect({"source": "".join(cell["source"])})]
        assert names and not caplog.records, (path.name, [r.getMessage() for r in caplog.records])
