"""`cxmaps diff` on a contributor's revision runs nothing of theirs and passes nothing to git as an option."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import cli
from cxmaps.review.safeconfig import UnsafeConfigProblem, load_yaml, read_site


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.email=t@example.com", "-c", "user.name=T", *args],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip


EVIL_HOOK = "from pathlib import Path\nPath(__file__).with_name('PWNED-hook').write_text('ran')\n"
EVIL_CONFIG = """site_name: !!python/object/apply:os.system ["touch PWNED-tag"]
docs_dir: !ENV [CXMAPS_EVIL, docs]
theme:
  name: material
  language: !!python/object/apply:os.system ["touch PWNED-theme"]
hooks:
  - evil.py
plugins:
  - search
  - evil-plugin
  - cxmaps:
      journeys: !relative journeys
      emotion_scale: [-2, 2]
"""


@pytest.fixture
def repo(make_site) -> Path:
    """A repository whose branch 'evil' carries a mkdocs.yml that runs code if MkDocs loads it."""
    site = make_site()
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "base")
    git(site, "checkout", "-qb", "evil")
    (site / "mkdocs.yml").write_text(EVIL_CONFIG, encoding="utf-8")
    (site / "evil.py").write_text(EVIL_HOOK, encoding="utf-8")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "evil")
    git(site, "checkout", "-q", "main")
    return site


def _pwned(site: Path) -> list[str]:
    return sorted(p.name for p in site.rglob("PWNED*")) + sorted(p.name for p in Path.cwd().glob("PWNED*"))


def test_diffing_a_hostile_revision_runs_none_of_its_code(repo: Path) -> None:
    code, out, err = cli("diff", "main", "evil", "--site", str(repo))
    assert code == 0, err
    assert "No change to journeys or personas." in out
    assert _pwned(repo) == []
    # The same files checked out as the working tree: still nothing runs.
    git(repo, "checkout", "-q", "evil")
    code, _, err = cli("diff", "main", "--site", str(repo))
    assert code == 0, err
    assert _pwned(repo) == []


def test_a_revision_that_looks_like_an_option_never_reaches_git_as_one(repo: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    for args in (
        ["--", f"--output={victim}", "HEAD"],
        ["--", "HEAD", f"--output={victim}"],
        ["--", "--exec=touch PWNED", "HEAD"],
    ):
        code, _, err = cli("diff", "--site", str(repo), *args)
        assert code == 1 and "names no commit" in err, err
    assert victim.read_text() == "precious\n"
    assert _pwned(repo) == []


def test_unsafe_configurations_are_refused_with_a_message(tmp_path: Path) -> None:
    cases = {
        "bomb.yml": "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
            for p, c in zip("abcdef", "bcdefg", strict=True)
        ),
        "merge.yml": "a: &a {k0: 1, k1: 1, k2: 1, k3: 1, k4: 1, k5: 1, k6: 1, k7: 1, k8: 1, k9: 1}\n"
        + "".join(
            f"{c}: &{c} {{<<: [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}], x{c}: 1}}\n"
            for p, c in zip("abcdef", "bcdefg", strict=True)
        ),
        "deep.yml": "a: " + "[" * 50_000 + "]" * 50_000 + "\n",
        "binary.yml": b"site_name: \xff\n",
        "list.yml": "- a\n- b\n",
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        with pytest.raises(UnsafeConfigProblem, match=name):
            load_yaml(path)


def test_folders_outside_the_site_are_refused(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "site" / "personas").mkdir()
    (tmp_path / "site" / "mkdocs.yml").write_text("plugins:\n  - cxmaps:\n      journeys: ../outside\n")
    with pytest.raises(UnsafeConfigProblem, match="outside the site"):
        read_site(tmp_path / "site")


def test_safe_reading_finds_the_same_settings_as_mkdocs(make_site) -> None:
    site = make_site()
    (site / "mkdocs.yml").write_text(
        "site_name: T\ndocs_dir: pages\ntheme: {name: material, language: fr}\n"
        "plugins:\n  search: {}\n  cxmaps: {emotion_scale: [-3, 3], max_file_size: 5000}\n"
    )
    (site / "pages").mkdir()
    read = read_site(site)
    assert read.language == "fr"
    assert read.settings.docs_dir == (site / "pages").resolve()
    assert read.settings.emotion_scale == (-3.0, 3.0) and read.settings.max_file_size == 5000
    assert read.settings.journeys_dir == (site / "journeys").resolve()


def test_links_out_of_a_revision_are_reported_by_file_not_as_a_traceback(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site()
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "base")
    git(site, "checkout", "-qb", "links")
    (site / "journeys" / "evil.yml").symlink_to("/etc/passwd")
    (site / "docs" / "a\x1b[31m\n::error::x.md").symlink_to("../../../../etc/hostname")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "links out")
    git(site, "checkout", "-q", "main")
    code, out, err = cli("diff", "main", "links", "--site", str(site))
    assert code != 0
    assert "Traceback" not in out + err
    said = out + err
    assert "journeys/evil.yml: a link to '/etc/passwd', outside the repository" in said
    assert "docs/a\\x1b[31m\\x0a::error::x.md: a link to '../../../../etc/hostname'" in said
    assert "\n::error" not in said and "\x1b" not in said
