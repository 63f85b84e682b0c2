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
from cxmaps.mkdocs.generate import MARKER

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
    """Each step section's text, markup stripped: from its <h3 id> to the next heading or the article's end."""
    text = page.read_text(encoding="utf-8")
    text = text[: text.rfind("</article>")] if "</article>" in text else text
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


# -- the marker is untrusted; runs are whole or resumable; hand edits are kept -------------------


@pytest.mark.parametrize(
    ("entries", "named"),
    [
        ({"../mkdocs.yml": "0" * 64}, "'../mkdocs.yml'"),
        ({"/etc/passwd": "0" * 64}, "'/etc/passwd'"),
        ({"journeys/../../mkdocs.yml": "0" * 64}, "'journeys/../../mkdocs.yml'"),
        ({"C:/x.md": "0" * 64}, "'C:/x.md'"),
        ({"journeys/stay.md": "not a hash"}, "'journeys/stay.md'"),
    ],
)
def test_a_marker_naming_files_outside_its_folder_is_refused(make_site, entries: dict[str, str], named: str) -> None:
    site = make_site()
    (site / "docs" / MARKER).write_text(json.dumps({"generator": "cxmaps", "files": entries}))
    before = (site / "mkdocs.yml").read_bytes()
    code, _, err = cli("generate", str(site))
    assert code == 1 and MARKER in err and named in err and "Traceback" not in err
    assert (site / "mkdocs.yml").read_bytes() == before
    assert not (site / "docs" / "journeys").exists()


@pytest.mark.parametrize("content", [b"\xff\xfe not utf-8", b"{not json", b"[1, 2]", b'{"files": 3}', b"[" * 100_000])
def test_a_corrupt_marker_is_a_message_not_a_crash(make_site, content: bytes) -> None:
    site = make_site()
    (site / "docs" / MARKER).write_bytes(content)
    code, _, err = cli("generate", str(site))
    assert code == 1 and MARKER in err and "delete it" in err
    assert run_mkdocs(site, "build").returncode == 0, "the plugin ignores a corrupt marker"


def test_a_symlink_leading_out_of_docs_is_never_followed(make_site, tmp_path: Path) -> None:
    site = make_site()
    cli("generate", str(site))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "stay.md").write_text("someone else's file")
    shutil.rmtree(site / "docs" / "journeys")
    (site / "docs" / "journeys").symlink_to(outside)
    code, _, err = cli("generate", str(site))
    assert code == 1 and "leads outside" in err
    assert (outside / "stay.md").read_text() == "someone else's file"


def test_an_interrupted_run_leaves_a_marker_that_owns_its_files(make_site, monkeypatch) -> None:
    import cxmaps.mkdocs.generate as generate

    site = make_site()
    real = generate._write_file
    calls = {"n": 0}

    def dies_after_three(target: Path, content: bytes) -> None:
        calls["n"] += 1
        if calls["n"] > 4:  # the marker, then three pages
            raise KeyboardInterrupt
        real(target, content)

    monkeypatch.setattr(generate, "_write_file", dies_after_three)
    with pytest.raises(KeyboardInterrupt):
        cli("generate", str(site))
    monkeypatch.setattr(generate, "_write_file", real)
    written = [p for p in (site / "docs").rglob("*") if p.is_file() and p.name != MARKER]
    assert len(written) == 4  # index.md of the site and three generated files
    code, out, err = cli("generate", str(site))
    assert code == 0, err
    assert "3 unchanged" in out
    marker = json.loads((site / "docs" / MARKER).read_text())
    assert all(isinstance(v, str) for v in marker["files"].values()), "the final marker holds one hash per file"


def test_a_hand_edited_generated_page_is_reported_not_overwritten(make_site) -> None:
    site = make_site()
    cli("generate", str(site))
    page = site / "docs" / "journeys" / "stay.md"
    page.write_text(page.read_text() + "\nMy note.\n")
    journey = site / "journeys" / "stay.yml"
    journey.write_text(journey.read_text().replace("title: Hotel stay", "title: Hotel stay, revised"))
    code, _, err = cli("generate", str(site))
    assert code == 1 and "edited by hand" in err and "journeys/stay.md" in err and "--force" in err
    assert page.read_text().endswith("My note.\n")
    code, _, err = cli("generate", str(site), "--force")
    assert code == 0, err
    assert "My note." not in page.read_text() and "Hotel stay, revised" in page.read_text()


def test_a_hand_edited_page_no_longer_generated_is_kept(make_site) -> None:
    site = make_site(files={"personas/ghost.yml": "name: Ghost\nrole: Nobody\n"})
    cli("generate", str(site))
    page = site / "docs" / "personas" / "ghost.md"
    page.write_text("# My ghost page\n")
    (site / "personas" / "ghost.yml").unlink()
    code, out, _ = cli("generate", str(site))
    assert code == 0 and "kept (edited by hand" in out and "personas/ghost.md" in out
    assert page.read_text() == "# My ghost page\n"
    assert "personas/ghost.md" not in json.loads((site / "docs" / MARKER).read_text())["files"]


def test_unwritable_targets_are_messages(make_site, monkeypatch) -> None:
    site = make_site()
    code, _, err = cli("generate", str(site), "--out", str(site / "mkdocs.yml"))
    assert code == 1 and "is a file, not a folder" in err
    code, _, err = cli("generate", str(site), "--out", str(site / "mkdocs.yml" / "under"))
    assert code == 1 and "cannot write" in err and "Traceback" not in err

    # Read-only docs/: tests run as root, for whom chmod does not bite, so the write is made to fail.
    def refuse(self: Path, data: bytes) -> int:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_bytes", refuse)
    code, _, err = cli("generate", str(site))
    assert code == 1 and "cannot write" in err and "Permission denied" in err
    assert not (site / "docs" / "journeys").exists(), "the marker comes first: nothing else was written"


def test_a_marker_that_is_a_link_to_a_device_is_refused_not_read(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site()
    (site / "docs" / MARKER).symlink_to("/dev/zero")
    code, out, err = cli("generate", str(site))
    assert code == 1
    assert f"{MARKER}: not a readable cxmaps marker ('{MARKER}' is a link to a file outside docs/" in out + err
    built = run_mkdocs(site, "build")  # the plugin reads no marker it cannot trust: it builds as without one
    assert built.returncode == 0, built.stderr
