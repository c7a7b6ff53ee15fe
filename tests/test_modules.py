"""How the package's modules use each other: only through public names."""
from __future__ import annotations

import ast

from .conftest import ROOT

PACKAGE = ROOT / "summarytext"


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(source: str, *, init: bool = False) -> list[str]:
    """Private names of other modules of the package that ``source`` (a module of it) uses:
    ``from .x import _name`` and ``x._name`` for a module ``x`` of the package it imported."""
    tree = ast.parse(source)
    found = []
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("summarytext")):
            for alias in node.names:
                if _private(alias.name) and not (init and node.level == 1 and node.module is None):
                    found.append(f"line {node.lineno}: imports {alias.name} from {'.' * node.level}{node.module or ''}")
                if node.module is None or alias.name[:1].islower():
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            modules.update(a.asname or a.name.split(".")[0] for a in node.names if a.name.startswith("summarytext"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr) and isinstance(node.value, ast.Name) and node.value.id in modules:
            found.append(f"line {node.lineno}: uses {node.value.id}.{node.attr}")
    return found


def test_no_module_uses_a_private_name_of_another():
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        uses = private_uses(path.read_text(encoding="utf-8"), init=path.name == "__init__.py")
        if uses:
            found[str(path.relative_to(ROOT))] = uses
    assert found == {}


def test_the_check_sees_private_imports_and_attributes():
    source = (
        "from .themes import _tag_document, tag_themes\n"
        "from . import patterns as P\n"
        "from summarytext.compare import _TermConfig\n"
        "x = P._hidden + P.PUBLIC + self._mine\n"
    )
    assert private_uses(source) == [
        "line 1: imports _tag_document from .themes",
        "line 3: imports _TermConfig from summarytext.compare",
        "line 4: uses P._hidden",
    ]
    assert private_uses("from .themes import tag_themes\nfrom . import patterns as P\nP.X\n") == []
