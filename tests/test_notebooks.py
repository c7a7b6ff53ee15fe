"""The notebooks run top to bottom on the sample corpus, and are stored without outputs."""
from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_five_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == [
        "01-quickstart.ipynb", "02-metrics.ipynb", "03-themes-and-brands.ipynb", "04-comparing-documents.ipynb",
        "05-panel.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_are_stripped(path: Path):
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path: Path, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("output_type") == "error"]
    assert errors == []
    warned = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("name") == "stderr" and "Warning" in o.get("text", "")]
    assert warned == [], "the sample corpus reads without a warning"
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    if path.name != "01-quickstart.ipynb":
        assert images, "the notebook draws its charts"
    for cell in nb.cells:
        if cell.cell_type == "code":
            shown = [o for o in cell.outputs if "image/png" in o.get("data", {}) or "<img" in o.get("data", {}).get("text/html", "")]
            assert len(shown) <= 1, f"a figure shown {len(shown)} times by: {cell.source[:60]!r}"
