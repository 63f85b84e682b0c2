"""The bad-input corpus: each folder of tests/bad-input is laid over the tiny site.

Each case must fail `cxmaps check` and `mkdocs build` with exactly the
messages in its `expected.txt` (file, line, column, field, message), print no
traceback, and leave an existing site/ untouched.
"""

from __future__ import annotations

import io
import logging
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from conftest import BAD_INPUT, SITES, run_mkdocs, snapshot
from cxmaps.cli.main import main
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

CASES = sorted(p.name for p in BAD_INPUT.iterdir() if p.is_dir())


def _site(tmp_path: Path, case: str) -> Path:
    site = tmp_path / "site-src"
    shutil.copytree(SITES / "tiny", site)
    shutil.copytree(BAD_INPUT / case, site, dirs_exist_ok=True)
    (site / "expected.txt").unlink()
    return site


def _expected(case: str) -> list[str]:
    return (BAD_INPUT / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def test_corpus_covers_every_required_case() -> None:
    required = {
        "yaml-syntax", "empty-file", "not-utf8", "duplicate-key", "unknown-key", "missing-required",
        "wrong-type", "out-of-scale", "unknown-persona", "emotion-persona-not-in-journey",
        "duplicate-step-id", "bad-file-name", "same-id-two-files", "alias-collision", "bad-enum-kind",
        "bad-enum-impact", "bad-enum-status", "bad-enum-complaint-style", "bad-enum-about",
        "image-outside-docs", "image-missing", "billion-laughs", "oversized",
        # issue 12: reserved ids, one-line names, characters, YAML bombs, sources that are not files
        "reserved-file-id", "reserved-step-id", "reserved-alias", "newline-in-names", "control-character-raw",
        "control-character-escaped", "bidi-override", "emotion-full-width-digit", "emotion-decimal-comma",
        "emotion-just-outside-scale", "merge-bomb", "merge-self", "deep-nesting", "undefined-alias",
        "source-not-yml", "source-is-folder",
        # issue 13: pitfalls named with their fix, keywords in the site's language, one root problem
        "pitfall-colon-in-name", "pitfall-colon-in-list-item", "pitfall-tab", "pitfall-decimal-comma-in-mapping",
        "pitfall-quote-first", "pitfall-percent-first", "pitfall-at-first", "pitfall-backtick-first",
        "keyword-in-french", "persona-typo-one-root-problem", "step-alias-collision",
        # issue 14: measures CSV files, each problem at its file, line and column
        "measures-decimal-comma", "measures-duplicate-row", "measures-out-of-range", "measures-unknown-ids",
        "measures-unknown-period", "measures-unknown-standard",
    }  # fmt: skip
    assert required <= set(CASES)
    for case in CASES:
        assert _expected(case), f"{case}: expected.txt is empty"


@pytest.mark.parametrize("case", CASES)
def test_check_reports_the_expected_problems(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(tmp_path, case)
    monkeypatch.chdir(site)  # paths are shown relative to the working directory
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["check", str(site)])
    assert code == 1
    assert out.getvalue().splitlines() == _expected(case)


#: A handful of cases, one per kind of failure, built by the real `mkdocs` command: YAML that does not
#: parse, a field that does not validate, a cross-file problem, a file refused unread, a YAML bomb,
#: a file outside docs/, and a measures file. Every case is also built in one process below.
WHOLE_BUILDS = (
    "yaml-syntax", "unknown-key", "unknown-persona", "oversized", "billion-laughs", "image-outside-docs",
    "measures-unknown-ids",
)  # fmt: skip


def _previous_site(site: Path) -> dict[str, bytes]:
    previous = site / "site"
    (previous / "journeys").mkdir(parents=True)
    (previous / "index.html").write_text("<p>the site as published yesterday</p>")
    (previous / "journeys" / "index.html").write_text("<p>journeys</p>")
    return snapshot(previous)


@pytest.mark.parametrize("case", WHOLE_BUILDS)
def test_build_fails_cleanly_and_keeps_the_previous_site(case: str, tmp_path: Path) -> None:
    site = _site(tmp_path, case)
    before = _previous_site(site)

    result = run_mkdocs(site, "build")

    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    for line in _expected(case):
        assert f"  {line}" in output
    assert snapshot(site / "site") == before


@pytest.mark.parametrize("case", CASES)
def test_every_case_fails_mkdocs_build_in_process(case: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The whole corpus through MkDocs' own build, in the test's process: the messages, and site/ untouched."""
    caplog.set_level(logging.INFO, logger="mkdocs")
    site = _site(tmp_path, case)
    before = _previous_site(site)
    with pytest.raises(Abort):
        build(load_config(config_file=str(site / "mkdocs.yml")))
    missing = [line for line in _expected(case) if f"  {line}" not in caplog.text]
    assert missing == []
    assert snapshot(site / "site") == before


def test_the_whole_builds_are_cases_of_the_corpus() -> None:
    assert set(WHOLE_BUILDS) <= set(CASES)


def test_github_format_annotates_each_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(tmp_path, "several-errors")
    monkeypatch.chdir(site)  # not in a git repository: paths from the working directory
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["check", str(site / "mkdocs.yml"), "--format", "github"])
    assert code == 1
    assert out.getvalue().splitlines() == [
        "::error file=journeys/stay.yml,line=3,col=9::status: 'live' is not one of: current, target",
        # Every problem of a file in one run: the emotion out of the scale too, though the file failed validation.
        "::error file=journeys/stay.yml,line=9,col=18::phases[0].steps[books-a-room].emotion: 5 is outside the "
        "emotion scale: use a number from -2 (very negative) to 2 (very positive)",
        "::error file=personas/tourist.yml,line=3,col=18::complaint_style: 'loud' is not one of: "
        "passive, expressive, irate, activist",
    ]
