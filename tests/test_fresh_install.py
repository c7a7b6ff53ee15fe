"""The library as a new user meets it: `pip install .` in a fresh virtual environment, no extras.

One virtual environment is made for the whole session (the slowest step); then every command
runs as a user would run it, every advertised table format is written, every documented error
ends with its exit status and one line (no traceback), a missing optional part names its extra,
and the notebooks' code runs.
"""
from __future__ import annotations

import json
import os
import subprocess
import venv
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow

SAMPLE_COMPILATION = ROOT / "corpus" / "compilation-2024.txt"


@pytest.fixture(scope="session")
def fresh(tmp_path_factory) -> Path:
    """The bin folder of a new virtual environment with `pip install .` (no extras) done."""
    home = tmp_path_factory.mktemp("fresh-venv")
    venv.EnvBuilder(with_pip=True).create(home / "venv")
    bin_dir = home / "venv" / ("Scripts" if os.name == "nt" else "bin")
    proc = subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(ROOT)],
                          capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return bin_dir


class User:
    """Runs the fresh install's commands in a folder of its own, as a user would (the
    segmenter's cache shared by the session, nothing of the test environment inherited)."""

    def __init__(self, bin_dir: Path, folder: Path):
        self.bin_dir = bin_dir
        self.dir = folder

    def __call__(self, *args: str, columns: int = 100) -> subprocess.CompletedProcess:
        return self.run("summarytext", *args, columns=columns)

    def python(self, *args: str) -> subprocess.CompletedProcess:
        return self.run("python", *args)

    def run(self, program: str, *args: str, columns: int = 100) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "MPL", "COLUMNS"))}
        env.update(COLUMNS=str(columns), MPLBACKEND="Agg", SUMMARYTEXT_CACHE_DIR=str(self.bin_dir.parent.parent / "cache"))
        return subprocess.run([str(self.bin_dir / program), *args], cwd=self.dir, env=env, capture_output=True, text=True,
                              timeout=600)


@pytest.fixture()
def user(fresh, tmp_path) -> User:
    return User(fresh, tmp_path)


def clean(proc: subprocess.CompletedProcess) -> bool:
    """No traceback and no Python warning anywhere in the output."""
    both = proc.stdout + proc.stderr
    return "Traceback" not in both and "Warning:" not in both and "WARNING" not in both


def test_no_extras_are_installed(fresh):
    out = subprocess.run([str(fresh / "python"), "-c", "import importlib.util as u; print([m for m in "
                          "('pyarrow', 'dask', 'rjieba', 'opencc', 'pytest') if u.find_spec(m)])"], capture_output=True, text=True)
    assert out.stdout.strip() == "[]"


def test_the_main_job_fits_the_terminal_without_a_warning(user):
    proc = user("metrics", "--summary", columns=100)
    assert proc.returncode == 0, proc.stderr
    assert clean(proc), proc.stderr
    lines = (proc.stdout + proc.stderr).splitlines()
    assert max(len(line) for line in lines) <= 100
    assert lines[0].split()[:3] == ["doc_id", "metrics", "proposals"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json", ".tsv"])
def test_every_table_format_is_written(user, suffix):
    proc = user("metrics", "-q", "-o", f"metrics{suffix}")
    assert proc.returncode == 0 and clean(proc), proc.stderr
    path = user.dir / f"metrics{suffix}"
    assert path.stat().st_size > 1000
    if suffix == ".json":
        rows = json.loads(path.read_text(encoding="utf-8"))
        assert len(rows) > 300 and {"doc_id", "text", "value"} <= set(rows[0])
    assert [p.name for p in user.dir.iterdir()] == [path.name]  # no temporary file left behind


@pytest.mark.parametrize("args", [
    ("themes", "-o", "themes.xlsx"),
    ("themes", "--matrix", "per_1000_chars"),
    ("themes", "--brands", "-o", "brands.csv"),
    ("compare", "--what", "distinctive", "-o", "terms.json"),
    ("compare",),
    ("report", "-o", "report.html"),
    ("segment", str(SAMPLE_COMPILATION)),
    ("split", str(SAMPLE_COMPILATION), "-o", "documents"),
    ("pipeline", "--format", "csv", "-o", "results"),
    ("metrics",),
], ids=lambda a: " ".join(a[:3]))
def test_every_command_runs(user, args):
    proc = user(*args, columns=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert clean(proc), proc.stderr[-3000:]
    shown = proc.stderr if args[0] == "segment" else proc.stdout + proc.stderr  # segment prints the text's own lines
    assert max(map(len, shown.splitlines() or [""])) <= 120
    if args[0] == "report":
        html = (user.dir / "report.html").read_text(encoding="utf-8")
        assert html.count("data:image/png;base64,") >= 5  # charts drawn without any extra


@pytest.mark.parametrize("args, status, says", [
    (("metrics", "nope.txt"), 2, "nope.txt"),
    (("metrics", "-o", "metrics.doc"), 2, "unsupported table format .doc"),
    (("report", "-o", "report.pdf"), 2, "HTML"),
    (("themes", "--lexicon", "bad.toml"), 1, "bad.toml"),
    (("metrics", "folder"), 1, "old.doc"),
    (("metrics", "-o", "metrics.parquet"), 1, "pip install 'summarytext[parquet]'"),
    (("pipeline", "-o", "results"), 1, "pip install 'summarytext[parquet]'"),
    (("compare", "one.txt"), 1, "at least two documents"),
    (("metrics", "--script", "simplified", "one.txt"), 1, "pip install 'summarytext[script]'"),
], ids=lambda a: " ".join(a) if isinstance(a, tuple) else str(a))
def test_documented_errors_end_in_one_line(user, args, status, says):
    (user.dir / "bad.toml").write_text("[[theme]]\nid = 1\n", encoding="utf-8")
    (user.dir / "folder").mkdir()
    (user.dir / "folder" / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(64))
    (user.dir / "one.txt").write_text("云岭县政协2024年工作总结\n全年立案131件。", encoding="utf-8")
    proc = user(*args)
    assert proc.returncode == status, proc.stdout + proc.stderr
    assert says in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert not (user.dir / "results").exists() and not (user.dir / "metrics.parquet").exists()


def test_python_api_on_a_plain_install(user):
    script = """
import warnings
warnings.simplefilter("error")  # the sample and the plain API raise no warning
from pathlib import Path
import summarytext as st
from summarytext.errors import MissingExtra
Path("r.txt").write_text("云岭县政协2024年工作总结\\n全年立案131件，办复率100%。", encoding="utf-8")
assert st.extract_metrics(Path("r.txt"))["text"].tolist() == ["131件", "100%"]
# traditional script is read through the simplified view, which needs no OpenCC
cols = ["text", "value", "category", "stage"]
trad = st.extract_metrics("雲嶺縣政協2024年工作總結\\n全年立案131件，委員提案辦復率100%。")[cols]
simple = st.extract_metrics("云岭县政协2024年工作总结\\n全年立案131件，委员提案办复率100%。")[cols]
assert len(trad) == 2 and trad.values.tolist() == simple.values.tolist()
assert st.segment("港澳委員積極參與提案辦理")[:2] == ["港澳", "委員"]
corpus = st.load_sample()
assert len(st.extract_metrics(corpus)) > 300
assert (Path(st.__file__).parent / "docs" / "schema.md").is_file()  # the pages docstrings point to
for call in (lambda: st.Segmenter(backend="rjieba"), lambda: __import__("summarytext.dask").dask.read_bag(".")):
    try:
        call()
    except MissingExtra as exc:
        print(exc)
    else:
        raise AssertionError("no error for a missing extra")
"""
    proc = user.python("-c", script)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.splitlines() == [
        "the segmentation backend 'rjieba' needs rjieba, which is not installed: pip install 'summarytext[fast]' "
        "(or use backend='jieba')",
        "summarytext.dask needs dask, which is not installed: pip install 'summarytext[dask]'",
    ]


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_the_notebooks_code_runs_on_a_plain_install(user, notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    proc = user.python("-W", "error::UserWarning", "-c", code)
    assert proc.returncode == 0, proc.stderr[-3000:]
