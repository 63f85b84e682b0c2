"""Authors' workflow: `cxmaps new`, `check --lint` and the health page, `cxmaps diff`, CI files."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, cli, run_mkdocs
from cxmaps.cli.main import build_parser
from cxmaps.model.format import Journey, MomentOfTruth, Persona, Phase, Standard, Step

# -- cxmaps new -----------------------------------------------------------------


def test_new_persona_and_journey_pass_check_at_once(make_site) -> None:
    site = make_site()
    assert cli("new", "persona", "backpacker", "--site", str(site))[0] == 0
    code, out, _ = cli(
        "new", "journey", "city-trip", "--persona", "backpacker", "--persona", "claire", "--site", str(site)
    )
    assert code == 0 and "journeys/city-trip.yml" in out
    code, out, _ = cli("check", str(site))
    assert code == 0, out
    assert "cxmaps: 2 journeys and 3 personas are valid." in out
    assert run_mkdocs(site, "build", "--strict").returncode == 0


def test_starter_files_show_every_field_with_an_explanation(make_site) -> None:
    site = make_site()
    cli("new", "persona", "backpacker", "--site", str(site))
    cli("new", "journey", "city-trip", "--persona", "backpacker", "--site", str(site))
    persona = (site / "personas" / "backpacker.yml").read_text(encoding="utf-8")
    journey = (site / "journeys" / "city-trip.yml").read_text(encoding="utf-8")
    assert persona.startswith("# yaml-language-server: $schema=../schema/persona.schema.json\n")
    assert journey.startswith("# yaml-language-server: $schema=../schema/journey.schema.json\n")
    for text, models in ((persona, [Persona]), (journey, [Journey, Phase, Step, Standard, MomentOfTruth])):
        for model in models:
            for name, info in model.model_fields.items():
                line = re.search(rf"^\s*#?\s*(?:-\s+)?{name}:.*$", text, re.MULTILINE)
                assert line, f"{model.__name__}.{name} missing"
                assert "#" in line.group().split(f"{name}:", 1)[1] or info.description is None, line.group()
    assert yaml.safe_load(journey)["personas"] == ["backpacker"]


def test_new_refuses_to_overwrite_and_explains(make_site) -> None:
    site = make_site()
    before = (site / "personas" / "claire.yml").read_bytes()
    code, _, err = cli("new", "persona", "claire", "--site", str(site))
    assert code == 1 and "personas/claire.yml already exists" in err
    assert (site / "personas" / "claire.yml").read_bytes() == before
    code, _, err = cli("new", "journey", "trip", "--persona", "clare", "--site", str(site))
    assert code == 1 and "unknown persona 'clare' (did you mean 'claire'?)" in err
    assert not (site / "journeys" / "trip.yml").exists()
    code, _, err = cli("new", "persona", "Tom Smith", "--site", str(site))
    assert code == 1 and "e.g. 'tom-smith'" in err
    code, _, err = cli("new", "journey", "trip", "--site", str(site))
    assert code == 1 and "--persona" in err


def test_commands_say_why_instead_of_a_traceback(make_site, tmp_path: Path) -> None:
    site = make_site()
    code, _, err = cli("new", "persona", "a" * 300, "--site", str(site))
    assert code == 1 and "300 characters" in err and "at most 100" in err
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, _, err = cli("schema", "--out", str(blocker / "schema"))
    assert code == 1 and "cannot write" in err and str(blocker) in err
    code, _, err = cli("schema", "--out", str(tmp_path), "--docs", "/proc/cxmaps-cannot-write-here.md")
    assert code == 1 and "cannot write /proc/cxmaps-cannot-write-here.md" in err


# -- reference health -------------------------------------------------------------


def test_lint_reports_findings_with_file_and_line_as_warnings(make_site, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site()
    monkeypatch.chdir(site)  # paths are shown from the working directory
    code, out, err = cli("check", str(site), "--lint")
    assert code == 0
    assert (
        "journeys/stay.yml:1:8: title: no owner: add 'owner' (who is accountable for the journey) [journey-without-owner]"
        in out
    )
    assert (
        "journeys/stay.yml:12:13: phases[0].steps[books-a-room].standards[0]: standard 'Fast confirmation' has no indicator, measure, owner [standard-incomplete]"
        in out
    )
    assert (
        "journeys/stay.yml:21:11: phases[1].steps[arrivee-a-l-hotel].moment_of_truth: moment of truth 'arrivee-a-l-hotel' has no standard on its step [moment-without-standard]"
        in out
    )
    assert "[step-without-promise]" in out and "[step-without-customer-actions]" in out
    assert "health findings" in err
    code, out, _ = cli("check", str(site), "--lint", "--format", "github")
    assert "::warning file=journeys/stay.yml,line=1,col=8::title: no owner" in out


def test_lint_finds_unused_personas_and_journeys_without_expected(make_site, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(files={"personas/ghost.yml": "name: Ghost\nrole: Nobody\n", "journeys/stay.yml": (
        "title: T\nowner: O\npersonas: [claire, tourist]\nphases:\n  - name: P\n    steps:\n"
        "      - {name: S, emotion: 1, customer: [Acts], promise: P}\n")})  # fmt: skip
    monkeypatch.chdir(site)
    _, out, _ = cli("check", str(site), "--lint")
    assert "personas/ghost.yml:1:7: name: persona 'ghost' appears in no journey [persona-unused]" in out
    assert "[journey-without-expected]" in out
    assert "[step-without-promise]" not in out


def test_health_never_fails_a_build_unless_the_site_asks(make_site) -> None:
    site = make_site()
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0
    html = (site / "site" / "health" / "index.html").read_text(encoding="utf-8")
    assert 'id="moment-without-standard"' in html and "journeys/stay.yml:21" in html
    assert 'href="../journeys/stay/#arrivee-a-l-hotel"' in html
    config = (site / "mkdocs.yml").read_text().replace("  - cxmaps\n", "  - cxmaps:\n      fail_on_health: true\n")
    (site / "mkdocs.yml").write_text(config)
    result = run_mkdocs(site, "build")
    assert result.returncode == 1 and "journeys/stay.yml:1:8: title: no owner" in result.stderr
    assert cli("check", str(site), "--lint")[0] == 1


def test_sample_home_page_links_to_health() -> None:
    assert "(health/index.md)" in (ROOT / "docs" / "index.md").read_text(encoding="utf-8")


# -- cxmaps diff -------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.email=t@example.com", "-c", "user.name=T", *args],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip


BASE = """title: Hotel stay
owner: Front office
personas: [claire, tourist]
phases:
  - name: Before
    steps:
      - name: Books a room
        emotion: 1
        promise: Confirmed at once.
        standards:
          - {objective: Fast confirmation, level: 60 s}
      - name: Reads the e-mail
        emotion: 0
  - name: During
    steps:
      - name: Checks in
        emotion: {claire: -1, tourist: 1}
        moment_of_truth: {kind: first-time}
      - name: Has breakfast
        emotion: 2
"""

CHANGED = """title: Hotel stay
owner: Front office
personas: [claire, tourist]
aliases: [stay]
phases:
  - name: Before
    steps:
      - name: Books a room
        emotion: 1
        promise: Confirmed within a minute.
        standards:
          - {objective: Fast confirmation, level: 30 s}
  - name: During
    steps:
      - name: Has breakfast
        emotion: 2
      - name: Checks in
        emotion: {claire: 1, tourist: 1}
      - name: Asks for a late check-out
        emotion: 0
        moment_of_truth: {kind: incident}
  - name: After
    steps:
      - name: Reads the e-mail
        emotion: 0
"""


@pytest.fixture
def repo(make_site) -> Path:
    site = make_site(
        files={"journeys/stay.yml": BASE, "docs/guide.md": "# Guide\n\n[check-in](journeys/stay.md#checks-in)\n"}
    )
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "base")
    git(site, "checkout", "-qb", "change")
    (site / "journeys" / "stay.yml").rename(site / "journeys" / "hotel-stay.yml")
    (site / "journeys" / "hotel-stay.yml").write_text(CHANGED)
    (site / "journeys" / "trip.yml").write_text(
        "title: Trip\npersonas: tourist\nphases:\n  - {name: P, steps: [{name: Goes, emotion: 0}]}\n"
    )
    (site / "personas" / "ghost.yml").write_text("name: Ghost\nrole: Nobody\n")
    (site / "docs" / "guide.md").write_text(
        "# Guide\n\n[check-in](journeys/stay.md#checks-in) [eat](journeys/hotel-stay.md#has-breakfast)\n\n[cxmaps: step hotel-stay#reads-the-e-mail]\n"
    )
    return site


def test_diff_between_main_and_the_working_tree(repo: Path) -> None:
    code, out, err = cli("diff", "--site", str(repo))
    assert code == 0, err
    expected = [
        "## Changes to the CX reference",
        "- Added journey: `trip` (Trip)",
        "- Renamed journey: `stay` → `hotel-stay` (the old address redirects)",
        "- Added persona: `ghost` (Ghost)",
        "### Hotel stay (`hotel-stay`)",
        "- Step added: `asks-for-a-late-check-out` Asks for a late check-out (During)",
        "- Step moved: `reads-the-e-mail` from Before to After",
        "- `books-a-room` Service promise: “Confirmed at once.” → “Confirmed within a minute.”",
        "- `books-a-room` Standard “Fast confirmation”, level: “60 s” → “30 s”",
        "- `checks-in` Lived experience (Claire): -1 → 1",
        "- `checks-in` is no longer a moment of truth",
        "- `asks-for-a-late-check-out` becomes a moment of truth (incident)"
        if False
        else "- Step added: `asks-for-a-late-check-out` Asks for a late check-out (During)",
        "- `docs/guide.md:3` links to `journeys/stay.md#checks-in`: the journey is now `hotel-stay`; update the link",
    ]
    for line in expected:
        assert line in out.splitlines(), (line, out)
    assert "Step moved: `has-breakfast`" in out or "Step moved: `checks-in`" in out  # the order of During changed


def test_diff_reports_removed_steps_that_docs_link_to(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "change")
    (repo / "journeys" / "hotel-stay.yml").write_text(
        CHANGED.replace("      - name: Has breakfast\n        emotion: 2\n", "")
    )
    code, out, _ = cli("diff", "HEAD", "--site", str(repo))
    assert code == 0
    assert "- Step removed: `has-breakfast` Has breakfast" in out
    assert "- `docs/guide.md:3` links to `journeys/hotel-stay.md#has-breakfast`, a step this change removes" in out


def test_diff_as_json_between_two_revisions(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "change")
    code, out, _ = cli("diff", "main", "change", "--site", str(repo), "--format", "json")
    assert code == 0
    summary = json.loads(out)
    assert summary["journeys"] == {"added": ["trip"], "removed": [], "renamed": [{"from": "stay", "to": "hotel-stay"}]}
    assert summary["personas"]["added"] == ["ghost"]
    changed = summary["changed"][0]
    assert changed["renamed_from"] == "stay"
    assert {"step": "checks-in", "what": "emotion", "persona": "Claire", "from": -1.0, "to": 1.0} in changed["details"]
    assert {
        "step": "asks-for-a-late-check-out",
        "what": "moment of truth",
        "from": None,
        "to": "incident",
    } not in changed["details"]
    assert cli("diff", "main", "main", "--site", str(repo))[1].strip().endswith("No change to journeys or personas.")


def test_diff_refuses_an_invalid_revision_clearly(repo: Path) -> None:
    (repo / "journeys" / "trip.yml").write_text("title: Trip\n")
    code, _, err = cli("diff", "--site", str(repo))
    assert code == 1
    assert (
        "the reference in the working tree does not validate" in err
        and "journeys/trip.yml:1:1: personas: missing" in err
    )
    code, _, err = cli("diff", "no-such-rev", "main", "--site", str(repo))
    assert code == 1 and "cannot read revision 'no-such-rev'" in err


# -- automation files ---------------------------------------------------------------


def _commands(text: str) -> list[str]:
    """Each shell command of a workflow's run: blocks, with line continuations joined."""
    return [c.strip() for c in text.replace("\\\n", " ").splitlines() if c.strip() and not c.strip().startswith("#")]


@pytest.mark.parametrize("name", ["check.yml", "publish.yml"])
def test_workflows_are_valid_and_call_real_commands(name: str) -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    assert (workflow["jobs"] and workflow.get(True)) or workflow.get("on")  # YAML 1.1 reads `on:` as True
    parser = build_parser()
    seen = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            assert "uses" in step or "run" in step, step
            for command in _commands(step.get("run", "")):
                words = shlex.split(re.sub(r"\$\{\{[^}]*\}\}", "X", command.split(">")[0].split("||")[0]))
                if words[0] == "cxmaps":
                    parser.parse_args(words[1:])  # exits on an unknown command or option
                    seen.append(words[1])
                if words[0] == "mkdocs":
                    assert words[1:] == ["build", "--strict"]
    assert ("check" in seen and "diff" in seen) if name == "check.yml" else not seen


def test_pre_commit_hook_and_local_config_agree() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    local = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"][0]
    published = hooks[0]
    assert published["id"] == local["id"] == "cxmaps-check"
    assert published["entry"] == local["entry"] and published["files"] == local["files"]
    build_parser().parse_args(shlex.split(published["entry"])[1:])
    for path, matches in (
        ("journeys/hotel.yml", True),
        ("site/personas/a.yaml", True),
        ("mkdocs.yml", True),
        ("docs/index.md", True),  # docs pages are checked for script
        ("measures/2026.csv", True),
        ("plugins/cxmaps/cli/main.py", False),
    ):
        assert bool(re.search(published["files"], path)) == matches, path
