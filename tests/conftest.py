"""Shared fixtures: tiny sites copied to a temporary folder and built for real."""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent
SITES = TESTS / "sites"
BAD_INPUT = TESTS / "bad-input"

# Material prints a notice about MkDocs 2.0 at every build; it is noise in test output.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def run_mkdocs(site: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs` command on a site, as an author would."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args, "-f", str(site / "mkdocs.yml")],
        cwd=cwd or site,
        capture_output=True,
        text=True,
        timeout=300,
    )


def run_cxmaps(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cxmaps.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder and its bytes, to prove a failed build changed nothing."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def lay_site(folder: Path, base: str = "tiny", files: dict[str, str | bytes | None] | None = None) -> Path:
    """Copy a site from tests/sites (default: tiny) into `folder` and lay extra files over it."""
    site = folder / base
    shutil.copytree(SITES / base, site)
    for name, content in (files or {}).items():
        target = site / name
        if content is None:
            target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return site


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """Copy a site from tests/sites (default: tiny) and lay extra files over it, for one test."""
    return functools.partial(lay_site, tmp_path)


@pytest.fixture(scope="module")
def module_site(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """`make_site` for a whole test module: a site built once and read by every test of the module."""
    return lambda *args, **kwargs: lay_site(tmp_path_factory.mktemp("site"), *args, **kwargs)


#: The longest test files (a minute or more each), started first: pytest-xdist hands out whole files
#: (`--dist loadfile`) in collection order, and one of them started last would leave a core idle at the end.
LONGEST_FIRST = (
    "test_canvas_layout_browser.py", "test_browser.py", "test_reader_browser.py", "test_future_state_browser.py",
    "test_scorecard_browser.py", "test_serve_memo.py", "test_publish.py", "test_chart_browser.py",
    "test_plan_browser.py", "test_canvas_browser.py", "test_large_builds.py", "test_growth.py",
)  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses Chromium carries `browser`, so `-m "not browser"` never starts one.

    The longest files come first (`LONGEST_FIRST`); the order within a file is kept.
    """
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the rest keep their order


CHROMIUM = os.environ.get("CXMAPS_CHROMIUM", "/usr/bin/chromium")
#: As root, without a sandbox; no background traffic (the machine has no network).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Requests are not worth a line each in the test output."""


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a free port) for the duration of the block."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's headless Chromium driven by Playwright (which never downloads a browser here)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; tests/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


#: axe-core, installed by tests/run at the version locked in package-lock.json.
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: Material's own elements inside the article: its permalinks and page actions.
MATERIAL_IN_ARTICLE = "a.headerlink, .md-content__button, .md-source-file"
_AXE_OURS = """async ([keep, skip]) => {
    const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
    const result = await axe.run({include: [['.md-content__inner']]}, {runOnly: {type: 'tag', values: tags}});
    return result.violations.flatMap((v) => v.nodes.map((n) => {
        const el = document.querySelector(n.target[0]);
        const ours = el && el.closest(keep) && !(skip && el.closest(skip));
        return ours ? `${v.id}: ${n.target.join(' ')}: ${n.html.slice(0, 100)}` : null;
    })).filter(Boolean);
}"""


def axe_ours(tab, keep: str = ".md-content__inner", skip: str = MATERIAL_IN_ARTICLE) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's WCAG 2.1 A/AA and best-practice violations in the article of the open page, on elements
    inside `keep` and not inside `skip` (CSS selectors), one line each: rule, target, markup."""
    tab.add_script_tag(path=str(AXE))
    return tab.evaluate(_AXE_OURS, [keep, skip])  # type: ignore[no-any-return]


def cli(*args: str) -> tuple[int, str, str]:
    """Run the `cxmaps` command in-process: exit code, standard output, standard error."""
    from cxmaps.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()
