"""The plugin's layers: imports only go down, no module imports itself back, and the rule is enforced.

The layers are listed in pyproject.toml (`[tool.importlinter]`) and in the
package's docstring; import-linter checks the contract. A test writes a
wrong-way import into a copy of the package and sees the contract fail, so
the check cannot silently stop checking.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest
from conftest import ROOT

PACKAGE = ROOT / "plugins" / "cxmaps"
LAYERS = ["cli", "review", "mkdocs", "pages", "charts", "reference", "model", "source", "language"]


def _lint(pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_layers_contract_holds() -> None:
    result = _lint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Imports only go down the layers KEPT" in result.stdout


@pytest.mark.parametrize(
    ("where", "line"),
    [
        ("language/wrong.py", "from ..pages import core\n"),  # the bottom layer reaching up
        ("model/wrong.py", "from ..reference.core import Reference\n"),
        ("reference/wrong.py", "from ..charts import maps\n"),
        ("review/wrong.py", "from ..mkdocs import plugin\n"),  # the review may read only the options
    ],
)
def test_a_wrong_way_import_breaks_the_contract(tmp_path: Path, where: str, line: str) -> None:
    copy = tmp_path / "cxmaps"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("templates", "locales", "__pycache__"))
    (copy / where).write_text(f'"""A module that imports the wrong way."""\n\n{line}', encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    module = "cxmaps." + where.removesuffix(".py").replace("/", ".")
    assert module in result.stdout
    assert "BROKEN" in result.stdout


def test_every_module_sits_in_a_layer() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py")
    assert loose == [], f"move {loose} into the layer they belong to"
    packages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    assert packages == sorted(LAYERS)


def test_each_layer_says_what_it_is_for_and_what_it_may_import() -> None:
    for layer in LAYERS:
        doc = (PACKAGE / layer / "__init__.py").read_text(encoding="utf-8")
        assert doc.startswith('"""'), layer
        below = LAYERS[LAYERS.index(layer) + 1 :]
        assert layer in ("language", "cli") or "May import" in doc, layer
        if below and layer not in ("cli", "mkdocs"):
            assert f"`{below[0]}`" in doc, (layer, below[0])


def _cycles(graph: grimp.ImportGraph, modules: set[str]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root) & modules)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child) & modules))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_module_imports_itself_back() -> None:
    graph = grimp.build_graph("cxmaps", cache_dir=None)
    modules = set(graph.modules)
    assert len(modules) > 60
    assert _cycles(graph, modules) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for name in ("a", "b", "c", "d"):
        graph.add_module(name)
    graph.add_import(importer="a", imported="b")
    graph.add_import(importer="b", imported="c")
    graph.add_import(importer="c", imported="a")
    graph.add_import(importer="c", imported="d")
    assert _cycles(graph, {"a", "b", "c", "d"}) == [["a", "b", "c"]]
