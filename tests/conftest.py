"""Shared fixtures: the optional ../shared reference material and small helpers."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path inside ../shared, skipping the test when the material is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference material not available: {path}")
    return path


def run_score(*args: str) -> str:
    """Run ../shared/tools/score.py from the project root and return its output."""
    script = shared_path("tools", "score.py")
    proc = subprocess.run(
        [sys.executable, str(script), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def score_gold(kind: str, gold: str, docs: str) -> tuple[dict[str, float], str]:
    """Score ``kind`` (metrics, themes, documents) against ``../shared/gold/<gold>`` on the
    documents in ``../shared/<docs>``: the figures and the whole output (skipped when absent)."""
    shared_path("gold", gold)
    shared_path(*docs.split("/"))
    out = run_score(kind, "--gold", f"../shared/gold/{gold}", "--docs", f"../shared/{docs}")
    return score_figures(out), out


def agreements(output: str) -> dict[str, float]:
    """The scorer's "agreement on matched" lines: {"category": 0.99, "stage": …}."""
    return {line.split()[0]: float(line.rsplit(":", 1)[1]) for line in output.splitlines() if "agreement on matched" in line}


def score_figures(output: str) -> dict[str, float]:
    """Parse 'name=0.123' figures from score.py output (later lines win)."""
    import re

    figures: dict[str, float] = {}
    for name, value in re.findall(r"([A-Za-z][\w-]*)=([0-9]+(?:\.[0-9]+)?)\b", output):
        figures[name] = float(value)
    return figures


def read_written(path: Path):
    """A table the library wrote, read back by its extension (.csv, .tsv, .xlsx, .json, .parquet)."""
    import json

    import pandas as pd

    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return pd.DataFrame(json.loads(Path(path).read_text(encoding="utf-8")))
    reader = {".csv": pd.read_csv, ".tsv": lambda p: pd.read_csv(p, sep="\t"), ".xlsx": pd.read_excel, ".parquet": pd.read_parquet}
    return reader[suffix](path)


@pytest.fixture
def tmp_files(tmp_path: Path):
    """Write files (name -> bytes or str) into a temporary folder and return it."""

    def make(files: dict[str, bytes | str]) -> Path:
        for name, content in files.items():
            p = tmp_path / name
            p.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                p.write_text(content, encoding="utf-8")
            else:
                p.write_bytes(content)
        return tmp_path

    return make
