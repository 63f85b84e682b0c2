"""The plugin on each engine that runs MkDocs plugins: MkDocs 1.6 and ProperDocs 1.6.x.

ProperDocs is the fork of MkDocs 1.x by its former maintainers; it loads the same
`mkdocs.plugins` entry points and redirects `mkdocs.*` imports to itself, so
the plugin runs unchanged. This test builds the sample with both and compares
what readers and tools get: the same addresses, the same step anchors and
texts, the same data files.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_mkdocs
from test_generate import published, step_texts


@pytest.mark.skipif(importlib.util.find_spec("properdocs") is None, reason="properdocs is installed by the test extras")
def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    source = tmp_path / "sample"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "site", ".cxmaps-cache", "tests", "bench", "node_modules", "*.egg-info"
        ),
    )
    with_mkdocs = tmp_path / "mkdocs-site"
    result = run_mkdocs(source, "build", "--strict", "-d", str(with_mkdocs))
    assert result.returncode == 0, result.stderr
    with_properdocs = tmp_path / "properdocs-site"
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(with_properdocs)],
        cwd=source, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "charts drawn" in result.stderr  # the plugin ran, it was not skipped
    assert published(with_properdocs) == published(with_mkdocs)
    journeys = sorted((with_mkdocs / "journeys").glob("*/index.html"))
    assert len(journeys) >= 5
    for page in journeys:
        twin = with_properdocs / page.relative_to(with_mkdocs)
        mine, theirs = step_texts(page), step_texts(twin)
        assert list(mine) == list(theirs), page
        assert mine == theirs, page
    for name in ("reference.json", "standards/standards.csv", "standards/standards.xlsx"):
        assert (with_properdocs / name).read_bytes() == (with_mkdocs / name).read_bytes(), name
