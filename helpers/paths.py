"""Where the project keeps its data, and how user-given paths are resolved."""
from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
SAMPLE_REPORT = RAW_DIR / "wuxi_2021.txt"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
DEFAULT_OUTPUT_DIR = PROJECT_ROOT / "reports"


def resolve_input(path: str | Path) -> Path:
    """Resolve a report path: as given (relative to the working folder), else relative to the project.

    Notebooks run with their own folder as the working folder (JupyterLab, nbval) or with the
    caller's (papermill), so ``data/raw/wuxi_2021.txt`` must work from either.
    """
    p = Path(path).expanduser()
    if p.is_absolute() or p.exists():
        return p
    candidate = PROJECT_ROOT / p
    return candidate if candidate.exists() else p


def resolve_output(path: str | Path) -> Path:
    """Resolve an output folder: absolute as given, relative ones under the project root."""
    p = Path(path).expanduser()
    return p if p.is_absolute() else PROJECT_ROOT / p


def output_folder(path: str | Path) -> Path:
    """Resolve (see :func:`resolve_output`) and create an output folder; refuses ``data/raw``."""
    p = resolve_output(path).resolve()
    if p == RAW_DIR.resolve() or RAW_DIR.resolve() in p.parents:
        raise ValueError(f"{path}: outputs never go into data/raw/ (raw data is read-only)")
    p.mkdir(parents=True, exist_ok=True)
    return p
