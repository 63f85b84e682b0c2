"""`cxmaps diff` on a real git repository: renamed steps, every field, the site's language, the curve as Mermaid."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import cli
from test_authoring import git

BEFORE = """title: Hotel stay
owner: Front office
personas: [claire, tourist]
phases:
  - name: Before
    steps:
      - name: Books a room
        emotion: 1
      - id: check-in
        name: Checks in
        emotion: {claire: -1, tourist: 1}
"""

#: check-in becomes enregistrement (its old id kept in aliases), with new emotions and a new name.
AFTER = """title: Business hotel stay
owner: Front office
personas: [claire, tourist]
phases:
  - name: Before arrival
    steps:
      - name: Books a room
        emotion: 1
      - id: enregistrement
        aliases: [check-in]
        name: Checks in at the desk
        emotion: {claire: 1, tourist: 2}
"""


@pytest.fixture
def repo(make_site) -> Path:
    site = make_site(files={"journeys/stay.yml": BEFORE})
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "base")
    return site


def _diff(site: Path, *args: str) -> str:
    code, out, err = cli("diff", "main", "--site", str(site), *args)
    assert code == 0, err
    return out


def test_a_renamed_step_shows_as_a_rename_with_the_changes_made_with_it(repo: Path) -> None:
    (repo / "journeys" / "stay.yml").write_text(AFTER)
    out = _diff(repo).splitlines()
    assert (
        "- Step renamed: `check-in` → `enregistrement` Checks in at the desk (old links still land on the step)" in out
    )
    assert not any(line.startswith(("- Step added", "- Step removed")) for line in out)
    assert "- `enregistrement` Lived experience (Claire): -1 → 1" in out
    assert "- `enregistrement` Lived experience (Tom): 1 → 2" in out
    assert "- `enregistrement` Name: “Checks in” → “Checks in at the desk”" in out
    summary = json.loads(_diff(repo, "--format", "json"))
    assert summary["changed"][0]["steps_renamed"] == [
        {"from": "check-in", "to": "enregistrement", "name": "Checks in at the desk"}
    ]


def test_names_titles_phases_and_persona_fields_are_reported(repo: Path) -> None:
    (repo / "journeys" / "stay.yml").write_text(AFTER)
    (repo / "personas" / "claire.yml").write_text(
        "name: Claire Martin\nrole: Business traveller\ncomplaint_style: irate\napprehensions:\n"
        "  - about: time\n    text: Waiting at the desk\n"
    )
    out = _diff(repo).splitlines()
    assert "- Title: “Hotel stay” → “Business hotel stay”" in out
    assert "- Phase renamed: “Before” → “Before arrival”" in out or "- Phase renamed: Before → Before arrival" in out
    assert "### Claire Martin (`claire`)" in out
    assert "- Name: “Claire” → “Claire Martin”" in out
    assert "- In case of dissatisfaction: “expressive” → “irate”" in out or any(
        line.startswith("- ") and "“expressive” → “irate”" in line for line in out
    )


def test_the_summary_is_in_the_site_language(repo: Path) -> None:
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text().replace("  name: material\n", "  name: material\n  language: fr\n"))
    git(repo, "commit", "-qam", "French")
    (repo / "journeys" / "stay.yml").write_text(AFTER)
    out = _diff(repo)
    assert out.startswith("## Modifications du référentiel CX\n")
    assert "- Étape renommée : `check-in` → `enregistrement`" in out.replace("\u202f", " ")
    assert "#### Expérience vécue avant et après" in out


def _mermaid_blocks(out: str) -> list[list[str]]:
    return [block.strip("\n").splitlines() for block in re.findall(r"```mermaid\n(.*?)```", out, re.DOTALL)]


def test_the_curve_before_and_after_is_a_mermaid_line_chart(repo: Path) -> None:
    (repo / "journeys" / "stay.yml").write_text(AFTER)
    blocks = _mermaid_blocks(_diff(repo))
    assert len(blocks) == 2  # Claire and Tom felt check-in differently: one chart each
    for block in blocks:
        assert block[0].startswith("%%{init: ") and block[0].endswith("}%%")
        json.loads(block[0][len("%%{init: ") : -len("}%%")])  # the directive is JSON
        assert block[1] == "xychart-beta"
        assert re.fullmatch(r'    title "[^"]+"', block[2])
        assert block[3] == '    x-axis ["Books a room", "Checks in at the desk"]'
        assert block[4] == '    y-axis "Emotion" -2 --> 2'
        before, after = (json.loads(line.removeprefix("    line ")) for line in block[5:7])
        assert len(before) == len(after) == 2 and before != after
    assert block[5:] == ["    line [1, 1]", "    line [1, 2]"]


def test_no_chart_when_no_curve_changed(repo: Path) -> None:
    (repo / "journeys" / "stay.yml").write_text(BEFORE.replace("title: Hotel stay", "title: Hotel night"))
    out = _diff(repo)
    assert "- Title: “Hotel stay” → “Hotel night”" in out
    assert "```mermaid" not in out and "Lived experience before and after" not in out


def test_author_text_stays_text_in_the_comment_and_the_chart(repo: Path) -> None:
    hostile = 'name: "@octocat <!-- x --> <img src=x> [a](https://evil.example) `c` \\" ] %%"'
    (repo / "journeys" / "stay.yml").write_text(
        BEFORE.replace("name: Books a room\n        emotion: 1", hostile + "\n        emotion: -1")
    )
    out = _diff(repo)
    assert "@octocat" not in out and "@\u2060octocat" in out
    assert "<" not in out and "&lt;!--" in out  # no comment, no tag: shown as written
    assert re.search(r"(?<!\\)\]\(", out) is None  # no link: the bracket is escaped
    x_axis = next(line for line in out.splitlines() if line.startswith("    x-axis"))
    inside = re.fullmatch(r'    x-axis \["([^"]*)", "([^"]*)"\]', x_axis)
    assert inside, x_axis
    assert not re.search(r"[<>\[\]`%@]", inside.group(1))


def test_check_from_the_repository_root_prints_paths_from_there(make_site, tmp_path: Path, monkeypatch) -> None:
    repo = tmp_path / "repo"
    site = make_site(files={"journeys/stay.yml": BEFORE.replace("emotion: 1", "emotion: 9")})
    repo.mkdir()
    site.rename(repo / "cx")
    git(repo, "init", "-q", "-b", "main")
    monkeypatch.chdir(repo)
    code, out, _ = cli("check", "cx")
    assert code == 1 and out.startswith(
        "cx/journeys/stay.yml:8:18: phases[0].steps[books-a-room].emotion: 9 is outside"
    )
    monkeypatch.chdir(repo / "cx" / "docs")  # annotations are from the repository root wherever check runs
    code, out, _ = cli("check", "..", "--format", "github")
    assert out.startswith("::error file=cx/journeys/stay.yml,line=8,col=18::phases[0].steps[books-a-room].emotion")


def test_every_field_a_change_can_name_has_words_in_each_language() -> None:
    """A field added to the format must not reach a review or a page's history under its YAML name."""
    import cxmaps
    import yaml
    from cxmaps.language.i18n import catalogue
    from cxmaps.model.format import Journey, Persona, Standard, Step
    from cxmaps.model.opportunity import Opportunity
    from cxmaps.reference.changewords import FIELD_LABELS

    # Compared by rules of their own: the steps and phases (added, removed, moved), ids (renames), moments.
    structural = {"phases", "steps", "id", "moment_of_truth"}
    for model in (Journey, Step, Standard, Persona, Opportunity):
        unnamed = [f for f in model.model_fields if f not in structural and f not in FIELD_LABELS]
        assert not unnamed, f"{model.__name__}: {unnamed} have no label in changewords.FIELD_LABELS"
    english = catalogue("en")
    french = yaml.safe_load((Path(cxmaps.__file__).parent / "locales" / "fr.yml").read_text(encoding="utf-8"))
    for language, words in (("en", english), ("fr", french)):  # French words of its own, not English ones
        missing = sorted(key for key in FIELD_LABELS.values() if key not in words)
        assert not missing, (language, missing)
