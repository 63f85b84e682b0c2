"""The package people install: one version, a licence, every imported package declared, a hook that sees every source."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions, version
from pathlib import Path

import cxmaps
import pytest
import tomllib
import yaml
from conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_one_version_and_the_command_says_it(capsys) -> None:  # type: ignore[no-untyped-def]
    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert "version" not in PYPROJECT["project"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "cxmaps.__version__"}
    assert version("cxmaps") == cxmaps.__version__
    from cxmaps.cli.main import main

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"cxmaps {cxmaps.__version__}"


def test_the_licence_is_shipped() -> None:
    assert PYPROJECT["project"]["license"] == "MIT"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def _imported_top_levels() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "plugins" / "cxmaps").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"cxmaps", "__future__"}


def test_every_imported_package_is_declared() -> None:
    def canonical(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    declared = {canonical(re.split(r"[<>=!~ \[;]", d, maxsplit=1)[0]) for d in PYPROJECT["project"]["dependencies"]}
    providers = packages_distributions()
    missing = {}
    for module in sorted(_imported_top_levels()):
        names = {canonical(n) for n in providers.get(module, [module])}
        if not names & declared:
            missing[module] = sorted(names)
    assert missing == {}, f"imported but not in [project] dependencies: {missing}"


def test_the_pre_commit_hook_sees_every_kind_of_source() -> None:
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    files = re.compile(hook["files"])
    for path in ("journeys/stay.yml", "personas/claire.yml", "sources/survey.yml", "measures/2026.csv",
                 "docs/index.md", "mkdocs.yml", "site-a/journeys/x.yml"):  # fmt: skip
        assert files.search(path), path
    assert not files.search("plugins/cxmaps/cli/main.py")


@pytest.mark.slow
def test_the_wheel_carries_the_version_the_licence_and_the_templates(tmp_path: Path) -> None:
    """What release.yml builds: a wheel with the one version, the licence, the locales, templates and scripts."""
    import subprocess
    import sys
    import zipfile

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, timeout=600)  # fmt: skip
    (wheel,) = tmp_path.glob("cxmaps-*.whl")
    assert wheel.name.startswith(f"cxmaps-{cxmaps.__version__}-")
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    for part in ("cxmaps/locales/fr.yml", "cxmaps/templates/cxmaps/canvas.js", "cxmaps/templates/cxmaps/cxmaps.css",
                 "cxmaps/mkdocs/plugin.py"):  # fmt: skip
        assert part in names, part
