"""`cxmaps new site NAME`: a new reference in one command, which builds strictly once it has a journey."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import cli, run_mkdocs


def test_a_new_site_builds_strictly_with_its_first_persona_and_journey(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("new", "site", "cx", "--title", 'Référentiel CX "Santé": été', "--language", "fr")
    assert code == 0, err
    site = tmp_path / "cx"
    assert "wrote cx/mkdocs.yml" in out and "wrote cx/journeys/" in out and "cxmaps new persona" in out
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == 'Référentiel CX "Santé": été'
    assert config["theme"] == {"name": "material", "language": "fr"}
    ignored = (site / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"site/", ".cxmaps-cache/", "docs/journeys/", "docs/scorecard/"} <= set(ignored)
    home = (site / "docs" / "index.md").read_text(encoding="utf-8")
    assert "[Parcours client](journeys/index.md)" in home
    monkeypatch.chdir(site)
    assert cli("new", "persona", "claire")[0] == 0
    assert cli("new", "journey", "premier", "--persona", "claire")[0] == 0
    built = run_mkdocs(site, "build", "--strict")
    assert built.returncode == 0, built.stderr
    assert (site / "site" / "index.html").is_file() and (
        site / "site" / "journeys" / "premier" / "index.html"
    ).is_file()


def test_a_new_site_never_writes_into_a_folder_that_holds_something(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cx").mkdir()
    (tmp_path / "cx" / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = cli("new", "site", "cx")
    assert code == 1 and "already exists and is not an empty folder" in err
    assert sorted(p.name for p in (tmp_path / "cx").iterdir()) == ["notes.txt"]


@pytest.mark.parametrize("language", ["f r", "--x", "fr;rm"])
def test_a_language_that_is_no_code_is_refused(tmp_path: Path, monkeypatch, language: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("new", "site", "cx", f"--language={language}")
    assert code == 1 and "is not a language code" in err
    assert not (tmp_path / "cx").exists()


def test_the_readme_configuration_builds_as_written(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The README's mkdocs.yml, copied as it is into a folder with a persona and a journey, builds strictly."""
    import re

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = re.search(r"```yaml\n(# mkdocs\.yml\n.*?)```", readme, re.DOTALL)
    assert snippet is not None
    (tmp_path / "mkdocs.yml").write_text(snippet[1], encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli("new", "persona", "claire")[0] == 0
    assert cli("new", "journey", "first-visit", "--persona", "claire")[0] == 0
    built = run_mkdocs(tmp_path, "build", "--strict")
    assert built.returncode == 0, built.stderr


def test_what_generate_writes_is_ignored_by_the_new_sites_gitignore(make_site) -> None:  # type: ignore[no-untyped-def]
    """After `cxmaps generate`, nothing it wrote is left untracked in a site started with `cxmaps new site`."""
    from conftest import ROOT
    from cxmaps.cli.newsite import GITIGNORE
    from measured_site import FILES

    site = make_site(files=FILES)
    assert cli("generate", str(site))[0] == 0
    entries = {line for line in GITIGNORE.splitlines() if line.startswith("docs/")}
    written = {p for p in (site / "docs").iterdir() if p.name != "index.md"}
    assert written
    for path in written:
        name = f"docs/{path.name}" + ("/" if path.is_dir() else "")
        assert name in entries, name
    ours = {line for line in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines() if line.startswith("docs/")}
    assert entries == ours  # this repository ignores the same
