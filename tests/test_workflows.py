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
#: The workflows that build the site (release.yml builds the package).
SITE_WORKFLOWS = [p for p in WORKFLOWS if p.name in ("check.yml", "publish.yml")]


@pytest.mark.parametrize("workflow", SITE_WORKFLOWS, ids=lambda p: p.name)
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


def test_every_workflow_is_checked() -> None:
    assert {p.name for p in WORKFLOWS} == {"check.yml", "publish.yml", "publish-release.yml", "release.yml"}


def test_a_release_builds_checks_and_attaches_the_distributions() -> None:
    jobs = _jobs(ROOT / ".github" / "workflows" / "release.yml")
    build = "\n".join(step.get("run", "") for step in jobs["build"]["steps"])
    assert "python -m build" in build and "twine check --strict" in build and '"v$version" = "$TAG"' in build
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["release"]["permissions"] == {"contents": "write"}
    assert 'gh release create "$TAG" dist/*' in jobs["release"]["steps"][-1]["run"]


def _jobs(workflow: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    return yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_has_a_timeout_and_its_own_least_permissions(workflow: Path) -> None:
    document = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    assert document["permissions"] == {}
    for name, job in _jobs(workflow).items():
        assert 0 < job["timeout-minutes"] <= 30, name
        assert "permissions" in job, name
        runs_code = any("pip install" in step.get("run", "") for step in job["steps"])
        writes = {scope for scope, level in job["permissions"].items() if level == "write"}
        assert not (runs_code and writes), f"{name} runs the pull request's code with {writes}"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_is_expanded_inside_a_shell_command(workflow: Path) -> None:
    for name, job in _jobs(workflow).items():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), (name, step.get("name"))
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, name


def test_the_pages_deploy_is_never_cancelled_half_way() -> None:
    publish = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    assert publish["concurrency"]["cancel-in-progress"] is False


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_by_a_full_commit_hash(workflow: Path) -> None:
    """A tag can be moved to other code; a commit hash cannot. The comment says which release it is."""
    text = workflow.read_text(encoding="utf-8")
    jobs = yaml.safe_load(text)["jobs"].values()
    uses = [step["uses"] for job in jobs for step in job["steps"] if "uses" in step]
    assert uses
    for use in uses:
        name, _, ref = use.partition("@")
        assert len(ref) == 40 and all(c in "0123456789abcdef" for c in ref), use
        assert f"{use} # v" in text, f"{name}: say which release the hash is, as '# vX.Y.Z'"


def test_zizmor_finds_nothing_even_pedantic() -> None:
    """zizmor (a static analyser of GitHub workflows) audits both, offline, at its strictest persona."""
    zizmor = Path(sys.executable).with_name("zizmor")
    result = subprocess.run(
        [str(zizmor), "--offline", "--persona=pedantic", "--format=plain", str(ROOT / ".github" / "workflows")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_the_workflows_validate_against_githubs_schema() -> None:
    """check-jsonschema's vendored schema of GitHub workflows (offline), and its rule that every job has a timeout."""
    tool = Path(sys.executable).with_name("check-jsonschema")
    for schema in ("vendor.github-workflows", "custom.github-workflows-require-timeout"):
        result = subprocess.run(
            [str(tool), "--builtin-schema", schema, *map(str, WORKFLOWS)],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert result.returncode == 0 and "validation done" in result.stdout, result.stdout + result.stderr
