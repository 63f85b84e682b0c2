"""Links of docs/ pages to journeys, personas and steps: `cxmaps check` refuses a broken one, a build warns.

MkDocs checks anchors only at "info" level, so without the plugin's warning a
link to a step that was renamed away would publish quietly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import cli, run_mkdocs, snapshot

GUIDE = (
    "# Guide\n\n"
    "Start with [the booking](journeys/stay.md#book-a-room), then meet [Tom](personas/tom.md).\n\n"
    "`[not a link](journeys/gone.md)` and [a good one](journeys/stay.md#books-a-room).\n"
)
STEP = "docs/guide.md:3:26: link to journeys/stay.md#book-a-room: no step 'book-a-room' in journey 'stay' (did you mean 'books-a-room'?)"  # fmt: skip
PERSONA = "docs/guide.md:3:73: link to personas/tom.md: unknown persona 'tom'"


def test_check_refuses_broken_links_with_their_place_and_a_suggestion(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(make_site(files={"docs/guide.md": GUIDE}))
    code, out, _ = cli("check")
    assert code == 1
    assert STEP in out and PERSONA in out
    assert "gone" not in out  # a code span is not a link


def test_a_build_warns_of_a_link_to_a_missing_step_and_strict_stops_on_it(make_site: Callable[..., Path]) -> None:
    site = make_site(files={"docs/guide.md": GUIDE.replace("personas/tom.md", "personas/tourist.md")})
    built = run_mkdocs(site, "build")
    assert built.returncode == 0, built.stderr
    assert f"WARNING -  cxmaps: {STEP}" in built.stderr
    assert (
        "INFO    -  Doc file 'guide.md' contains a link 'journeys/stay.md#book-a-room'" in built.stderr
    )  # MkDocs' own
    before = snapshot(site / "site")
    strict = run_mkdocs(site, "build", "--strict")
    assert strict.returncode != 0 and "no step 'book-a-room'" in strict.stderr
    assert snapshot(site / "site") == before  # site/ stays the last complete build
    (site / "docs" / "guide.md").write_text(GUIDE.replace("#book-a-room", "#books-a-room").replace("tom", "tourist"))
    fixed = run_mkdocs(site, "build", "--strict")
    assert fixed.returncode == 0, fixed.stderr
    assert "link to" not in fixed.stderr
