"""A file of docs/ that links outside docs/ is never published (MkDocs itself would copy its target)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import run_mkdocs


def test_a_docs_file_linking_out_of_docs_is_not_published(make_site: Callable[..., Path], tmp_path: Path) -> None:
    secret = tmp_path / "id_rsa"
    secret.write_text("PRIVATE KEY", encoding="utf-8")
    site = make_site()
    (site / "docs" / "avatar.png").symlink_to(secret)
    (site / "docs" / "inside.txt").write_text("fine", encoding="utf-8")
    result = run_mkdocs(site, "build")
    assert result.returncode == 0, result.stderr
    assert not (site / "site" / "avatar.png").exists()
    assert (site / "site" / "inside.txt").read_text(encoding="utf-8") == "fine"
    assert "docs/avatar.png links to a file outside docs/" in result.stderr
    assert result.stderr.count("links to a file outside docs/") == 1  # theme files are not docs/ files
    strict = run_mkdocs(site, "build", "--strict")
    assert strict.returncode != 0
    (site / "docs" / "avatar.png").unlink()
    assert run_mkdocs(site, "build", "--strict").returncode == 0
    assert not any("PRIVATE KEY" in p.read_text(errors="ignore") for p in (site / "site").rglob("*") if p.is_file())
