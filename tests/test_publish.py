"""Atomic publication: whatever fails or kills a build, site/ is the old complete site or the new one.

Real `mkdocs build` processes run on a copy of the tiny site with a hook
module that blocks at a chosen event (and says so in a file), raises there,
or logs a warning there. Killed with SIGKILL at each point, or after random
delays, site/ must equal the old site's manifest (every file and its bytes)
or the new one's, never anything in between.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_mkdocs, snapshot
from cxmaps.mkdocs import publish

PRELUDE = """
import os, time, logging
from pathlib import Path
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.plugins.test_hook")

def _at(event):
    if os.environ.get("HOOK_FAIL") == event:
        raise RuntimeError(f"another plugin failed at {event}")
    if os.environ.get("HOOK_WARN") == event:
        log.warning("a warning at %s", event)
    if os.environ.get("HOOK_BLOCK") == event:
        Path(os.environ["HOOK_READY"]).write_text(event)
        time.sleep(600)
"""

HOOK = (
    PRELUDE
    + """
pages = 0

def on_config(config):
    _at("config")

def on_pre_build(config):
    _at("pre_build")

def on_files(files, config):
    _at("files")

def on_page_content(html, page, config, files):
    global pages
    pages += 1
    if pages == 3:
        _at("third_page")

def on_post_build(config):
    _at("post_build")
"""
)

#: The same lowest priority as cxmaps' publishing handler, registered after it: runs once site/ is replaced.
LATE = (
    PRELUDE
    + """
@event_priority(float("-inf"))
def on_post_build(config):
    _at("published")
"""
)


@pytest.fixture
def hooked(make_site) -> Path:
    """The tiny site with the test hooks, built once: its site/ is the 'old' site."""
    site = make_site()
    (site / "hook.py").write_text(HOOK, encoding="utf-8")
    (site / "late.py").write_text(LATE, encoding="utf-8")
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(config + "hooks:\n  - hook.py\n  - late.py\n", encoding="utf-8")
    result = run_mkdocs(site, "build")
    assert result.returncode == 0, result.stderr
    return site


def _edit(site: Path) -> None:
    journey = site / "journeys" / "stay.yml"
    journey.write_text(journey.read_text(encoding="utf-8").replace("title: Hotel stay", "title: Hotel stay, new"))


def _start(site: Path, env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", *args, "-f", str(site / "mkdocs.yml")],
        cwd=site,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _kill_when_ready(site: Path, event: str) -> None:
    ready = site.parent / f"ready-{event}"
    proc = _start(site, {"HOOK_BLOCK": event, "HOOK_READY": str(ready)})
    deadline = time.monotonic() + 120
    while not ready.exists():
        assert proc.poll() is None, f"the build ended before reaching {event}"
        assert time.monotonic() < deadline, f"{event} never reached"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    ready.unlink()


def _leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.iterdir() if p.name.startswith("site.cxmaps-"))


@pytest.mark.slow
def test_a_killed_build_leaves_the_old_or_the_new_complete_site(hooked: Path, tmp_path: Path) -> None:
    old = snapshot(hooked / "site")
    _edit(hooked)
    assert run_mkdocs(hooked, "build", "-d", str(tmp_path / "new")).returncode == 0
    new = snapshot(tmp_path / "new")
    assert new != old and len(new) == len(old)
    for event in ("config", "pre_build", "files", "third_page", "post_build"):
        _kill_when_ready(hooked, event)
        assert snapshot(hooked / "site") == old, f"site/ changed after a kill at {event}"
    assert _leftovers(hooked), "a killed build leaves its staging folder (removed by the next build)"
    _kill_when_ready(hooked, "published")
    assert snapshot(hooked / "site") == new
    assert run_mkdocs(hooked, "build").returncode == 0
    assert _leftovers(hooked) == [], "the next build removes what killed builds left"


@pytest.mark.slow
def test_kills_at_random_moments_never_leave_a_partial_site(hooked: Path, tmp_path: Path) -> None:
    old = snapshot(hooked / "site")
    _edit(hooked)
    assert run_mkdocs(hooked, "build", "-d", str(tmp_path / "new")).returncode == 0
    new = snapshot(tmp_path / "new")
    rng = random.Random(12)
    for _ in range(4):
        proc = _start(hooked, {})
        time.sleep(rng.uniform(0.3, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert snapshot(hooked / "site") in (old, new)


@pytest.mark.parametrize(
    ("env", "args"),
    [
        ({"HOOK_FAIL": "post_build"}, ()),
        ({"HOOK_FAIL": "third_page"}, ()),
        ({"HOOK_WARN": "post_build"}, ("--strict",)),
        ({"HOOK_WARN": "third_page"}, ("--strict",)),
    ],
    ids=["plugin-fails-in-post-build", "plugin-fails-mid-pages", "strict-warning-late", "strict-warning-mid"],
)
def test_a_failed_build_leaves_site_exactly_as_before(hooked: Path, env: dict[str, str], args: tuple[str]) -> None:
    old = snapshot(hooked / "site")
    _edit(hooked)
    proc = _start(hooked, env, *args)
    assert proc.wait(timeout=300) == 1
    assert snapshot(hooked / "site") == old
    assert _leftovers(hooked) == [], "a failed build removes its staging folder"


def test_a_cxmaps_error_leaves_site_and_no_staging(hooked: Path) -> None:
    old = snapshot(hooked / "site")
    (hooked / "journeys" / "stay.yml").write_text("title: Broken\n", encoding="utf-8")
    result = run_mkdocs(hooked, "build")
    assert result.returncode == 1 and "missing required field" in result.stderr
    assert snapshot(hooked / "site") == old and _leftovers(hooked) == []


def test_dirty_builds_and_site_dir_elsewhere_still_work(hooked: Path, tmp_path: Path) -> None:
    assert run_mkdocs(hooked, "build", "--dirty").returncode == 0
    assert _leftovers(hooked) == []
    target = tmp_path / "deep" / "out"
    assert run_mkdocs(hooked, "build", "-d", str(target)).returncode == 0
    assert (target / "index.html").is_file() and not [p for p in target.parent.iterdir() if p != target]
    assert oct((target).stat().st_mode & 0o777) == oct(0o777 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# -- the publication steps, without MkDocs -------------------------------------------


def _site(folder: Path, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(text, encoding="utf-8")


def test_publish_without_an_atomic_exchange_uses_two_renames(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    _site(tmp_path / "site", "old")
    pub = publish.begin(tmp_path / "site")
    assert pub is not None
    _site(pub.staging, "new")
    publish.publish(pub)
    assert (tmp_path / "site" / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_kill_between_the_two_renames_is_repaired_by_the_next_build(tmp_path: Path) -> None:
    dead = _dead_pid()
    _site(tmp_path / f"site.cxmaps-old-{dead}-abc", "old")  # site/ renamed away, staging not yet in place
    _site(tmp_path / f"site.cxmaps-staging-{dead}-def", "new, never published")
    pub = publish.begin(tmp_path / "site")
    assert pub is not None
    assert (tmp_path / "site" / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", pub.staging.name])


def test_a_concurrent_builds_staging_is_left_alone(tmp_path: Path) -> None:
    alive = tmp_path / f"site.cxmaps-staging-{os.getppid()}-abc"
    _site(alive, "being built")
    pub = publish.begin(tmp_path / "site")
    assert pub is not None and alive.is_dir()
    publish.abort(pub)
    assert not pub.staging.exists()


def test_site_dir_that_is_a_file_is_built_in_place(tmp_path: Path) -> None:
    (tmp_path / "site").write_text("not a folder")
    assert publish.begin(tmp_path / "site") is None


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid
