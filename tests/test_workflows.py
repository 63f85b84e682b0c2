"""The shipped GitHub workflows keep the chart cache between runs, keyed by what its entries depend on."""

from __future__ import annotations

import shlex
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_the_chart_cache_is_kept_before_the_build(workflow: Path) -> None:
    steps = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"][
        "check" if "check" in workflow.name else "build"
    ]["steps"]
    uses = [step.get("uses", "") for step in steps]
    cache = steps[next(i for i, u in enumerate(uses) if u.startswith("actions/cache@"))]
    assert cache["with"]["path"] == ".cxmaps-cache"
    key = cache["with"]["key"]
    assert "steps.versions.outputs.key" in key and "github.sha" in key
    assert cache["with"]["restore-keys"].startswith("${{ steps.versions.outputs.key }}")
    versions = next(step for step in steps if step.get("id") == "versions")
    # The step's command, run here as GitHub's shell would: it prints the key of this install.
    command = versions["run"].replace('>> "$GITHUB_OUTPUT"', "").replace("python", shlex.quote(sys.executable), 1)
    out = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"key=cxmaps-{version('cxmaps')}-mpl-{version('matplotlib')}"
    build = next(i for i, step in enumerate(steps) if "mkdocs build" in step.get("run", ""))
    assert steps.index(versions) < steps.index(cache) < build


def test_both_workflows_are_checked() -> None:
    assert {p.name for p in WORKFLOWS} == {"check.yml", "publish.yml"}
