"""`cxmaps generate`, and the same site built by Zensical as by MkDocs with the plugin."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, cli, run_mkdocs
from cxmaps.generate import MARKER

ZENSICAL = Path(sys.executable).parent / "zensical"


def test_generate_writes_pages_and_a_marker_then_rewrites_nothing(make_site) -> None:
    site = make_site()
    code, out, _ = cli("generate", str(site))
    assert code == 0 and "files written, 0 unchanged, 0 removed in docs/" in out
    docs = site / "docs"
    for uri in (
        "journeys/index.md",
        "journeys/stay.md",
        "personas/claire.md",
        "standards/standards.csv",
        "cxmaps/cxmaps.css",
    ):
        assert (docs / uri).is_file(), uri
    marker = json.loads((docs / MARKER).read_text())
    assert "journeys/stay.md" in marker["files"] and "index.md" not in marker["files"]
    times = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    code, out, _ = cli("generate", str(site))
    assert "0 files written" in out and "0 removed" in out
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()} == times


def test_generate_never_touches_an_authors_file(make_site) -> None:
    site = make_site(files={"docs/personas/claire.md": "# My own page about Claire\n"})
    code, _, err = cli("generate", str(site))
    assert code == 1 and "would overwrite files cxmaps did not write: personas/claire.md" in err
    assert (site / "docs" / "personas" / "claire.md").read_text() == "# My own page about Claire\n"
    assert not (site / "docs" / "journeys").exists() and not (site / "docs" / MARKER).exists()


def test_generate_removes_only_its_own_stale_files(make_site) -> None:
    site = make_site(files={"personas/ghost.yml": "name: Ghost\nrole: Nobody\n"})
    cli("generate", str(site))
    (site / "personas" / "ghost.yml").unlink()
    code, out, _ = cli("generate", str(site))
    assert code == 0 and "1 removed" in out
    assert not (site / "docs" / "personas" / "ghost.md").exists()


def test_mkdocs_builds_fresh_pages_over_generated_ones(make_site) -> None:
    site = make_site()
    cli("generate", str(site))
    journey = site / "journeys" / "stay.yml"
    journey.write_text(journey.read_text().replace("title: Hotel stay", "title: Hotel stay, revised"))
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "Hotel stay, revised" in (site / "site" / "journeys" / "stay" / "index.html").read_text(encoding="utf-8")
    assert "site's own page" not in result.stderr


def published(site: Path) -> set[str]:
    return {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html") if "assets" not in p.parts}


def step_texts(page: Path) -> dict[str, str]:
    """Each step section's text, markup stripped: from its <h3 id> to the next heading."""
    text = page.read_text(encoding="utf-8")
    parts = re.split(r"(<h[23][^>]*>)", text)
    steps = {}
    for i in range(1, len(parts), 2):
        anchor = re.search(r'id="([^"]+)"', parts[i])
        if parts[i].startswith("<h3") and anchor:
            body = re.sub(r"<svg.*?</svg>|<[^>]+>", " ", parts[i + 1], flags=re.DOTALL)
            steps[anchor.group(1)] = " ".join(html.unescape(body).replace("¶", "").split())
    return steps


@pytest.mark.skipif(not ZENSICAL.exists(), reason="zensical is installed by the test extras")
def test_zensical_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    source = tmp_path / "sample"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".git", ".venv", "site", ".cxmaps-cache", "tests", "bench", "*.egg-info"),
    )
    with_plugin = tmp_path / "mkdocs-site"
    assert run_mkdocs(source, "build", "--strict", "-d", str(with_plugin)).returncode == 0
    assert cli("generate", str(source))[0] == 0
    result = subprocess.run([str(ZENSICAL), "build"], cwd=source, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    zensical = source / "site"
    assert published(zensical) == published(with_plugin)
    for page in sorted((with_plugin / "journeys").glob("*/index.html")):
        twin = zensical / page.relative_to(with_plugin)
        if "http-equiv" in page.read_text(encoding="utf-8"):
            assert "http-equiv" in twin.read_text(encoding="utf-8")  # alias redirect
            continue
        mine, theirs = step_texts(page), step_texts(twin)
        assert list(mine) == list(theirs), page
        assert mine == theirs, page
        assert 'class="cx-map-svg"' in twin.read_text(encoding="utf-8")
