"""An indentation mistake says which line to indent or unindent, and to where; following it makes the file valid."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import SITES, cli
from cxmaps.source.indentation import misindented

STAY = (SITES / "tiny" / "journeys" / "stay.yml").read_text(encoding="utf-8")

CASES = {
    "key-one-too-far": ("        emotion: 1\n", "         emotion: 1\n", "line 9 is indented by 9 spaces; unindent it to 8, as 'name:' above"),
    "key-one-short": ("        emotion: 1\n", "       emotion: 1\n", "line 9 is indented by 7 spaces; indent it to 8, as 'name:' above"),
    "key-at-the-dashes": ("            level: 60 s\n", "          level: 60 s\n",
                          "line 13 is indented by 10 spaces; indent it to 12, as 'objective:' above"),
    "phase-one-short": ("  - name: During\n", " - name: During\n", None),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_the_message_names_the_line_and_following_it_makes_the_file_valid(
    make_site: Callable[..., Path], case: str
) -> None:
    right, wrong, says = CASES[case]
    broken = STAY.replace(right, wrong, 1)
    site = make_site(files={"journeys/stay.yml": broken})
    code, out, _ = cli("check", str(site))
    assert code == 1
    found = re.search(r"YAML syntax error: line (\d+) is indented by (\d+) spaces?; (?:un)?indent it to (\d+)", out)
    assert found is not None, out
    if says:
        assert says in out
    line, now, wanted = (int(g) for g in found.groups())
    lines = broken.splitlines(keepends=True)
    assert len(lines[line - 1]) - len(lines[line - 1].lstrip(" ")) == now
    lines[line - 1] = " " * wanted + lines[line - 1].lstrip(" ")
    fixed = "".join(lines)
    yaml.safe_load(fixed)  # valid YAML now
    (site / "journeys" / "stay.yml").write_text(fixed, encoding="utf-8")
    assert "YAML syntax error" not in cli("check", str(site))[1]


def test_valid_files_in_every_usual_shape_have_no_indentation_to_fix() -> None:
    """Lists at their key's column (as yaml.safe_dump writes them), anchors, block scalars, text over lines."""
    text = """title: x
personas:
- a
- b
profile: &me
  Age: 42
summary: >-
  A long text
    with a line further in
phases:
  - name: One
    steps:
    - name: A step whose name
        goes on over two lines
      emotion: 1
    - name: B
      emotion: 0
owner: someone
"""
    yaml.safe_load(text)
    assert misindented(text.splitlines(), len(text.splitlines())) is None
