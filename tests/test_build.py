"""Building real sites: the sample, a site in another folder, `mkdocs serve`."""

from __future__ import annotations

import io
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path

from conftest import ROOT, run_mkdocs
from cxmaps.cli.main import main


def test_sample_builds_strict(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "index.html").is_file()


def test_sample_passes_check() -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["check", str(ROOT)]) == 0
    assert re.search(r"cxmaps: 6 journeys, 6 personas, 6 sources and 1 measures file \([0-9,]+ rows\) are valid\.",
                     out.getvalue())  # fmt: skip


def test_folders_resolve_against_mkdocs_yml_not_the_working_directory(make_site, tmp_path: Path) -> None:
    site = make_site()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (site / "journeys" / "stay.yml").write_text("title: Broken\n", encoding="utf-8")
    result = run_mkdocs(site, "build", cwd=elsewhere)
    # The error names the file relative to mkdocs.yml, wherever mkdocs was started.
    assert "journeys/stay.yml:1:1: personas: missing required field 'personas'" in result.stderr
    assert result.returncode == 1


def test_missing_sources_folder_is_a_configuration_error(make_site) -> None:
    site = make_site()
    (site / "mkdocs.yml").write_text(
        "site_name: T\ntheme: {name: material}\nplugins:\n  - cxmaps:\n      journeys: nowhere\n", encoding="utf-8"
    )
    result = run_mkdocs(site, "build")
    assert result.returncode == 1
    assert "nowhere" in result.stderr
    assert "Traceback" not in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Output:
    """Collects a server's output lines from a thread, so waiting for a line can time out."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert proc.stdout is not None
        stream = proc.stdout
        threading.Thread(target=lambda: [self.lines.put(line) for line in stream], daemon=True).start()

    def wait_for(self, pattern: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(line)
            if re.search(pattern, line):
                return
        raise AssertionError(f"{pattern!r} not seen in:\n{''.join(self.seen)}")


@contextmanager
def serving(site: Path) -> Iterator[tuple[subprocess.Popen[str], _Output, int]]:
    """A real `mkdocs serve` of `site` on a free port of 127.0.0.1, stopped at the end of the block."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(site / "mkdocs.yml")],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield proc, _Output(proc), port
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stdout is not None:
            proc.stdout.close()


def test_serve_reports_an_invalid_edit_and_keeps_running(make_site) -> None:
    site = make_site()
    with serving(site) as (proc, output, _):
        output.wait_for(r"Serving on")
        journey = site / "journeys" / "stay.yml"
        good = journey.read_text(encoding="utf-8")
        journey.write_text(good.replace("status: current", "status: curent"), encoding="utf-8")
        output.wait_for(r"journeys/stay.yml:3:9: status: 'curent' is not one of: current, target")
        assert proc.poll() is None, "the server stopped on an invalid edit"
        journey.write_text(good, encoding="utf-8")
        output.wait_for(r"Documentation built in")
        assert proc.poll() is None
        assert "Traceback" not in "".join(output.seen)


def test_serve_notices_a_deleted_sources_folder_and_watches_it_again_once_restored(make_site, tmp_path: Path) -> None:
    site = make_site()
    saved = tmp_path / "saved-journeys"
    with serving(site) as (proc, output, port):
        output.wait_for(r"Serving on")
        shutil.copytree(site / "journeys", saved)
        shutil.rmtree(site / "journeys")
        output.wait_for(r"journeys.*(isn't an existing directory|does not exist)")
        assert proc.poll() is None, "the server stopped when journeys/ was deleted"
        shutil.copytree(saved, site / "journeys")
        output.wait_for(r"Documentation built in")
        journey = site / "journeys" / "stay.yml"
        journey.write_text(journey.read_text(encoding="utf-8").replace("title: Hotel stay", "title: Hotel stay, back"))
        # The page is the proof: a rebuild's log lines can interleave with the reload's (seen once in CI).
        deadline = time.monotonic() + 60
        page = ""
        while "Hotel stay, back" not in page and time.monotonic() < deadline:
            time.sleep(0.2)
            page = urllib.request.urlopen(f"http://127.0.0.1:{port}/journeys/stay/", timeout=30).read().decode("utf-8")
        assert "Hotel stay, back" in page, "".join(output.seen)
        assert proc.poll() is None


def test_serve_watches_a_measures_folder_created_after_it_started(make_site) -> None:
    from measured_site import FILES, MEASURES

    site = make_site(files={k: v for k, v in FILES.items() if not k.startswith("measures/")})
    assert not (site / "measures").exists()
    with serving(site) as (proc, output, _):
        output.wait_for(r"Serving on")
        (site / "measures").mkdir()  # the folder's creation may or may not rebuild at once: its file says
        (site / "measures" / "2026.csv").write_text(MEASURES + "2026-Q3,stay,book,,desk-wiat,4,10,\n", "utf-8")
        output.wait_for(r"measures/2026.csv:9:5: metric: unknown standard 'desk-wiat'")
        (site / "measures" / "2026.csv").write_text(MEASURES, "utf-8")
        output.wait_for(r"Documentation built in")
        assert proc.poll() is None
        assert "Traceback" not in "".join(output.seen)


def test_a_build_says_one_line_of_health_and_never_the_staging_folder(make_site) -> None:  # type: ignore[no-untyped-def]
    from conftest import run_mkdocs

    site = make_site()
    built = run_mkdocs(site, "build")
    assert built.returncode == 0, built.stderr
    health = [line for line in built.stderr.splitlines() if "health" in line]
    assert len(health) == 1 and re.search(r"INFO    -  cxmaps: \d+ health findings: `cxmaps check --lint`", health[0])
    assert "cxmaps-staging" not in built.stderr
    assert f"Building documentation to directory: {site / 'site'}" in built.stderr
    verbose = run_mkdocs(site, "build", "--verbose")
    assert "health: journeys/stay.yml:" in verbose.stderr  # the details, for who asks


def test_serve_on_a_broken_reference_says_its_problem_not_a_wall_of_link_warnings(make_site) -> None:  # type: ignore[no-untyped-def]
    home = "# Home\n\n[stay](journeys/stay.md) [who](personas/index.md) [gone](nowhere.md)\n"
    site = make_site(files={"docs/index.md": home})
    with serving(site) as (proc, output, _):
        output.wait_for(r"Serving on")
        journey = site / "journeys" / "stay.yml"
        good = journey.read_text(encoding="utf-8")
        journey.write_text(good.replace("status: current", "status: curent"), encoding="utf-8")
        output.wait_for(r"2 links to cxmaps' pages are checked again once the reference is fixed")
        seen = "".join(output.seen)
        assert "contains a link 'journeys/stay.md'" not in seen and "contains a link 'personas/index.md'" not in seen
        assert "contains a link 'nowhere.md'" in seen  # a docs page's own broken link is still said
        journey.write_text(good, encoding="utf-8")
        output.wait_for(r"Documentation built in")
        assert proc.poll() is None
