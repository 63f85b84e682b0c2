"""Versioned publishing with mike (format 1.2, issue 26), as far as it runs offline.

The publish workflows' own commands are run here, in a repository made for
the test: a release tag's build, then main's, deploy two versions into the
local branch gh-pages, and its versions.json lists both; nothing is pushed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT

BIN = Path(sys.executable).parent


def _step(workflow: str) -> str:
    jobs = yaml.safe_load((ROOT / ".github" / "workflows" / workflow).read_text(encoding="utf-8"))["jobs"]
    return next(
        s["run"] for s in jobs["build"]["steps"] if s.get("name") == "Build this version beside the published ones"
    )


def _run(repo: Path, script: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "NO_MKDOCS_2_WARNING": "1", **env}
    return subprocess.run(["bash", "-c", script], cwd=repo, env=environ, capture_output=True, text=True, timeout=300)


def test_mike_deploys_a_release_and_latest_side_by_side(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    repo = make_site()
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    (repo / "mkdocs.yml").write_text(config + "extra:\n  version:\n    provider: mike\n", encoding="utf-8")
    (repo / ".gitignore").write_text("site/\n.cxmaps-cache/\npages/\ngh-pages.bundle\n", encoding="utf-8")
    git = "git -c user.name=Ada -c user.email=a@example.org"
    done = _run(repo, f"git init -q -b main && git add -A && {git} commit -q -m 'First release' && git tag v2026.1")
    assert done.returncode == 0, done.stderr
    release = _run(repo, _step("publish-release.yml"), VERSION="v2026.1")
    assert release.returncode == 0, release.stderr
    journey = repo / "journeys" / "stay.yml"
    journey.write_text(journey.read_text(encoding="utf-8").replace("title: Hotel stay", "title: Hotel stay, redone"))
    done = _run(repo, f"rm -rf pages gh-pages.bundle && {git} commit -q -am 'After the release'")
    assert done.returncode == 0, done.stderr
    latest = _run(repo, _step("publish.yml"), VERSION="latest")
    assert latest.returncode == 0, latest.stderr

    def show(path: str) -> str:
        return subprocess.run(["git", "-C", str(repo), "show", f"gh-pages:{path}"], capture_output=True, text=True,
                              check=True).stdout  # fmt: skip

    versions = json.loads(show("versions.json"))
    assert sorted(v["version"] for v in versions) == ["latest", "v2026.1"]
    # The release stays as it was; latest has the change; the site says which it shows.
    frozen, now = show("v2026.1/journeys/stay/index.html"), show("latest/journeys/stay/index.html")
    assert "Hotel stay, redone" not in frozen and "Hotel stay, redone" in now
    assert "As of v2026.1" in show("v2026.1/journeys/index.html")
    assert "redirect" in show("index.html").lower() and "latest" in show("index.html")
    # What the Pages artifact holds: both versions, and the bundle that `keep` pushes.
    assert (repo / "pages" / "v2026.1" / "index.html").is_file() and (
        repo / "pages" / "latest" / "index.html"
    ).is_file()
    assert (repo / "gh-pages.bundle").is_file()
