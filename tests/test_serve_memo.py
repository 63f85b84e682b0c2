"""`mkdocs serve` rebuilds what changed, and gives the site of a clean build (issue 25).

A serve session keeps, between rebuilds, the parsed source files, the
verified charts and what each generated page became (pagememo.py). Each
edit below is one an author makes while serving; after it, the served site
is compared with a clean `mkdocs build` of the same files, in another
process, page for page: every file byte for byte (the sitemap's gzip header
aside), the search index included.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import snapshot
from cxmaps.pages import parallel
from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent
SITES = ROOT / "tests" / "sites"


def _sample(folder: Path) -> Path:
    """The repository's sample reference, docs and all, in a folder of the test."""
    site = folder / "sample"
    site.mkdir()
    for name in ("journeys", "personas", "sources", "measures", "docs", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, site / name)
    shutil.copy(ROOT / "mkdocs.yml", site / "mkdocs.yml")
    return site


class Session:
    """A serve session in this process: one plugin instance, builds into `served/`, as `mkdocs serve` does."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.plugin = None
        self.started = False

    def rebuild(self) -> dict[str, bytes]:
        config = load_config(config_file=str(self.site / "mkdocs.yml"), site_dir=str(self.site / "served"))
        if not self.started:
            config.plugins.on_startup(command="serve", dirty=False)
            self.started = True
        self.plugin = config.plugins["cxmaps"]
        build(config)
        return _comparable(self.site / "served")

    def close(self) -> None:
        if self.plugin is not None:
            self.plugin.on_shutdown()


#: Clean builds by the bytes of what they were built from: both variants of the test make the same edits.
_CLEAN: dict[str, dict[str, bytes]] = {}
#: What builds write into the site's folder; everything else is what a build reads.
_OUTPUTS = ("served", "fresh", ".cxmaps-cache")


def _sources_key(site: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.is_file() and name.split("/")[0] not in _OUTPUTS:
            digest.update(f"{name}\0{path.stat().st_size}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def _clean_build(site: Path) -> dict[str, bytes]:
    """`mkdocs build` of the same files in a process of its own (a plugin instance that never served).

    Kept by the bytes of the files it was built from (the git folder included), for the other variant.
    """
    key = _sources_key(site)
    if key in _CLEAN:
        return _CLEAN[key]
    shutil.rmtree(site / "fresh", ignore_errors=True)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(site / "mkdocs.yml"), "-d", str(site / "fresh")],
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    _CLEAN[key] = _comparable(site / "fresh")
    return _CLEAN[key]


def _comparable(folder: Path) -> dict[str, bytes]:
    files = snapshot(folder)
    for name in [n for n in files if n.endswith(".gz")]:
        files[name] = gzip.decompress(files[name])  # the gzip header holds the time it was written
    return files


def _edit(path: Path, pattern: str, replacement: str | Callable[[re.Match[str]], str]) -> None:
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
    assert count == 1, f"{pattern!r} not found in {path.name}: the sample changed, update the edit"
    path.write_text(changed, encoding="utf-8")


def _delete(site: Path, journey: str) -> None:
    (site / f"journeys/{journey}.yml").unlink()
    _edit(site / "docs/index.md", rf"^\|.*\(journeys/{journey}\.md\).*\n", "")
    for csv in site.glob("measures/*.csv"):
        lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
        csv.write_text("".join(line for line in lines if f",{journey}," not in line), encoding="utf-8")


def _same_site(served: dict[str, bytes], fresh: dict[str, bytes]) -> None:
    assert sorted(served) == sorted(fresh), set(served) ^ set(fresh)
    differ = [name for name in fresh if served[name] != fresh[name]]
    assert not differ, f"pages that differ from a clean build: {differ[:10]}"


#: Edits an author makes while serving, in order: each is followed by a rebuild and a clean build.
EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("an emotion", lambda s: _edit(s / "journeys/business-hotel-stay.yml", r"^(        emotion: )1$", r"\g<1>-1")),
    ("a journey's title", lambda s: _edit(s / "journeys/scooter-ride.yml", r"^title: .*$", "title: Scooter ride <b>&amp; return</b>")),
    ("a step renamed, its old id kept as an alias", lambda s: _edit(
        s / "journeys/business-hotel-stay.yml", r"^      - id: book\n        name: Books a room$",
        "      - id: reserve\n        aliases: [book]\n        name: Reserves a room")),
    ("a persona's name", lambda s: _edit(s / "personas/business-traveller.yml", r"^name: .*$", "name: Claire Martin-Dubois")),
    ("a measure", lambda s: _edit(s / "measures/2025-2026.csv", r"^(2026-Q3,business-hotel-stay,book,,confirmation-delay,)98.6", r"\g<1>91.0")),
    ("a page of docs/", lambda s: _edit(s / "docs/index.md", r"^# (.*)$", r"# \1 (draft)")),
    ("nothing", lambda s: None),
    ("a journey deleted (and the link and measures of it)", lambda s: _delete(s, "train-delay-compensation")),
    ("the site's name", lambda s: _edit(s / "mkdocs.yml", r"^site_name: .*$", "site_name: Atlas — served")),
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("fork", [False, True], ids=["one process", "forked"])
def test_each_serve_rebuild_is_the_site_of_a_clean_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    """Forked: a child renders the journey pages (parallel.py) and hands the memo what it made and reused."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1 if fork else 10**6)
    site = _sample(tmp_path)
    session = Session(site)
    caplog.set_level(logging.INFO)
    try:
        _same_site(session.rebuild(), _clean_build(site))
        for what, edit in EDITS:
            edit(site)
            served = session.rebuild()
            memo = session.plugin.memo
            assert memo is not None, "the serve session keeps its memo"
            if what == "nothing":  # every generated page is taken from the previous build
                assert memo.laid_out_again and memo.laid_out_again == _pages(session)
                journeys = {f"journeys/{p.stem}.md" for p in site.glob("journeys/*.yml")}
                assert session.plugin.memo.rendered.reused == journeys
            fresh = _clean_build(site)
            try:
                _same_site(served, fresh)
            except AssertionError as err:
                raise AssertionError(f"after {what}: {err}") from None
    finally:
        session.close()


def _pages(session: Session) -> set[str]:
    """The generated pages of the last build (not the files: maps, exports)."""
    return {uri for uri in session.plugin.generated if uri.endswith(".md")}


def _git(site: Path, *args: str, when: str = "2026-06-01T10:00:00+00:00") -> None:
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "a@example.org", "PATH": "/usr/bin:/bin", "HOME": str(site)}  # fmt: skip
    subprocess.run(["git", "-C", str(site), *args], check=True, env=env, capture_output=True)


def test_the_memo_is_used_when_nothing_changed_and_only_under_serve(make_site: Callable[..., Path]) -> None:
    """A rebuild without a change takes every generated page from the memo; the edited journey's page is made again.

    The site is in git with a history (format 1.2): a commit made while serving shows on the pages at once."""
    site = make_site("fr-sinistres")
    (site / ".gitignore").write_text("served/\nfresh/\n.cxmaps-cache/\n", encoding="utf-8")
    _git(site, "init", "-q")
    _git(site, "add", "-A")
    _git(site, "commit", "-q", "-m", "Première version <b>du référentiel</b>")
    _edit(site / "journeys/bris-de-glace.yml", r"^title: (.*)$", r"title: \1 (2026)")
    _git(site, "commit", "-q", "-am", "Bris de glace : une ligne", when="2026-06-02T10:00:00+00:00")
    session = Session(site)
    try:
        first = session.rebuild()
        memo = session.plugin.memo
        assert memo is not None and not memo.laid_out_again  # nothing to take from yet
        assert session.rebuild() == first
        assert memo.converted_again == memo.laid_out_again == _pages(session)
        _edit(site / "journeys/assistance-panne.yml", r"emotion: -0\.5", "emotion: -1.5")
        edited = session.rebuild()
        assert "journeys/assistance-panne.md" not in memo.converted_again
        assert "journeys/bris-de-glace.md" in memo.laid_out_again
        assert "\u22121,5" in edited["journeys/assistance-panne/index.html"].decode()
        _same_site(edited, _clean_build(site))
        _git(site, "commit", "-q", "-am", "Assistance : émotion revue", when="2026-06-03T10:00:00+00:00")
        committed = session.rebuild()
        assert "Assistance : émotion revue" in committed["journeys/assistance-panne/index.html"].decode()
        _same_site(committed, _clean_build(site))
        # Without `nav:`, a page of docs/ takes its place in the navigation by its title: every page shows it.
        (site / "docs/guide.md").write_text("# Guide\n\nLe guide.\n", encoding="utf-8")
        _same_site(session.rebuild(), _clean_build(site))
        _edit(site / "docs/guide.md", r"^# Guide$", "# Guide des sinistres & <i>assistance</i>")
        renamed = session.rebuild()
        assert "Guide des sinistres" in renamed["journeys/bris-de-glace/index.html"].decode()
        _same_site(renamed, _clean_build(site))
        folder = memo.folder
        assert any(folder.iterdir())
    finally:
        session.close()
    assert not folder.exists()  # the memo's files go with the session
    config = load_config(config_file=str(site / "mkdocs.yml"), site_dir=str(site / "built"))
    config.plugins.on_startup(command="build", dirty=False)
    assert config.plugins["cxmaps"].memo is None
