"""Every file is looked at before it is read, and every read is capped; every printed line is safe.

A docs/ page that is a link to /dev/zero (git stores links) or a pipe made
`cxmaps check` and `mkdocs build` read until memory ran out, or wait forever;
a docs/ file name with an ESC and a newline reached the terminal raw and
forged a ``::error`` line in a CI log.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run_mkdocs, snapshot
from cxmaps.source.problems import printable_message
from cxmaps.source.sourcefiles import NotReadable, read_regular, unpublishable

NO_BANNER = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _hostile_docs(site: Path) -> None:
    docs = site / "docs"
    (docs / "zero.md").symlink_to("/dev/zero")
    (docs / "zero.png").symlink_to("/dev/zero")
    os.mkfifo(docs / "pipe.md")


def test_read_regular_refuses_what_is_not_a_small_regular_file_of_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "ok.md").write_text("# fine\n", encoding="utf-8")
    assert read_regular(folder / "ok.md", folder, 100) == b"# fine\n"
    (folder / "big.md").write_bytes(b"x" * 101)
    with pytest.raises(NotReadable, match="larger than"):
        read_regular(folder / "big.md", folder, 100)
    (folder / "zero.md").symlink_to("/dev/zero")
    with pytest.raises(NotReadable, match="outside docs/"):
        read_regular(folder / "zero.md", folder, 100)
    os.mkfifo(folder / "pipe.md")
    with pytest.raises(NotReadable, match="not a regular file"):
        read_regular(folder / "pipe.md", folder, 100)  # opened without waiting for a writer
    (folder / "inside.md").symlink_to("ok.md")
    assert read_regular(folder / "inside.md", folder, 100) == b"# fine\n"
    assert unpublishable(folder / "inside.md", folder) == ""
    assert unpublishable(folder / "zero.md", folder) == "links to a file outside docs/"
    assert unpublishable(folder / "pipe.md", folder).startswith("is not a regular file")


def test_a_docs_page_linked_to_a_device_or_a_pipe_is_neither_read_nor_published(
    make_site: Callable[..., Path],
) -> None:
    site = make_site()
    _hostile_docs(site)
    # The timeouts only keep a regression from holding the suite: the assertions are about what is said.
    check = subprocess.run([sys.executable, "-m", "cxmaps.cli", "check", str(site)],
                           capture_output=True, text=True, timeout=120, env=NO_BANNER)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    built = run_mkdocs(site, "build")
    said = built.stdout + built.stderr
    assert built.returncode == 0, said
    for name, why in (("zero.md", "links to a file outside docs/"), ("zero.png", "links to a file outside docs/"),
                      ("pipe.md", "is not a regular file (a pipe, socket or device)")):  # fmt: skip
        assert f"docs/{name} {why}; it is not published" in said
    published = {p.name for p in (site / "site").rglob("*")}
    assert not {"zero", "zero.png", "pipe"} & published
    assert (site / "site" / "index.html").is_file()


def test_strict_refuses_them_and_leaves_the_previous_site_whole(make_site: Callable[..., Path]) -> None:
    site = make_site()
    previous = site / "site"
    previous.mkdir()
    (previous / "index.html").write_text("yesterday", encoding="utf-8")
    before = snapshot(previous)
    _hostile_docs(site)
    built = run_mkdocs(site, "build", "--strict")
    assert built.returncode == 1
    assert snapshot(previous) == before


def test_no_file_name_reaches_the_terminal_raw(make_site: Callable[..., Path]) -> None:
    site = make_site()
    name = "a\x1b[31m\n::error::forged.md"
    (site / "docs" / name).write_text("[x](nowhere.md)\n", encoding="utf-8")
    built = run_mkdocs(site, "build")
    said = built.stdout + built.stderr
    assert "Doc file 'a\\x1b[31m\\x0a::error::forged.md' contains a link 'nowhere.md'" in said
    assert "\x1b[31m" not in said
    assert not any(line.lstrip().startswith("::") for line in said.splitlines())


def test_a_message_keeps_its_indented_lists_and_nothing_else() -> None:
    assert printable_message("pages:\n  - a.md\n  - b.md") == "pages:\n  - a.md\n  - b.md"
    assert printable_message("x\n::error::y") == "x\\x0a::error::y"
    assert printable_message("x\n  ::error::y") == "x\\x0a  ::error::y"
    assert printable_message("x\x1b[2Jy") == "x\\x1b[2Jy"
