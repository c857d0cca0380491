"""JupyterLab from the project's environment: the notebooks and the project's kernel are there."""
from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers.paths import NOTEBOOKS_DIR, PROJECT_ROOT

JUPYTER = Path(sys.executable).with_name("jupyter")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, token: str) -> dict:
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=5) as resp:
        return json.loads(resp.read().decode("utf-8"))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    port, token = free_port(), secrets.token_hex(16)
    runtime = tmp_path_factory.mktemp("jupyter-runtime")
    proc = subprocess.Popen(
        [str(JUPYTER), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={PROJECT_ROOT}", "--ServerApp.open_browser=False",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime)},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                get(f"{base}/api/status", token)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("jupyter lab exited early")
                time.sleep(0.25)
        else:
            pytest.fail("jupyter lab did not answer within 30 s")
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_notebooks_are_listed(lab):
    base, token = lab
    listing = get(f"{base}/api/contents/notebooks", token)
    names = {item["name"] for item in listing["content"]}
    assert {p.name for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")} <= names
    assert "solutions" in names


def test_project_kernel_is_there(lab):
    base, token = lab
    specs = get(f"{base}/api/kernelspecs", token)
    assert "python3" in specs["kernelspecs"]
    assert specs["default"] == "python3"


def test_kernel_runs_the_project_environment():
    # the kernel the notebooks name runs this environment's Python, where helpers is installed
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("python3")
    exe = spec.argv[0]
    assert exe in {"python", "python3", sys.executable} or Path(exe).resolve() == Path(sys.executable).resolve()
    out = subprocess.run([sys.executable, "-c", "import helpers, pathlib; print(pathlib.Path(helpers.__file__).parent)"],
                         cwd="/", capture_output=True, text=True, check=True).stdout.strip()
    assert Path(out) == PROJECT_ROOT / "helpers"
