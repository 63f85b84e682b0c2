"""Every fix a pitfall message suggests is itself valid: written back in place of the line, the file checks.

The catalogue of `source/pitfalls.py` (and `flowcommas.py`): each case breaks one line of a real journey the
way authors do, reads the fixed line out of the message, puts it in place (same indentation) and checks again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SITES, cli

STAY = (SITES / "tiny" / "journeys" / "stay.yml").read_text(encoding="utf-8")
ANCHOR = "        emotion: 1\n"  # a line of the first step, at the step's indentation

#: name → (the line added after ANCHOR, what the message says before the fixed line)
CASES = {
    "colon-in-value": ("        promise: Budget serré : la franchise\n", "put the value in quotes: "),
    "colon-in-flow-item": ("        irritants: [Attente : longue, Prix]\n", "put the item in quotes: "),
    "colon-in-block-item": ("        thoughts:\n          - Budget serré : la franchise\n", "put the text in quotes: "),
    "decimal-comma": ("        expected: {claire: -0,5, tourist: 1}\n", "write numbers with a point: "),
    "at-sign": ("        promise: @accueil répond en 5 minutes\n", "unless it is in quotes: "),
    "percent": ("        promise: % des appels décrochés\n", "unless it is in quotes: "),
    "open-quote": ('        promise: "Accueil rapide, dit-il\n', "put the whole value in quotes: "),
}  # fmt: skip


def _lines_with_fix(text: str, said: str, lead: str) -> str | None:
    found = re.search(re.escape(lead) + r"(.+)$", said, re.MULTILINE)
    return found[1].strip() if found else None


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_the_suggested_fix_is_valid(make_site: Callable[..., Path], case: str) -> None:
    added, lead = CASES[case]
    broken = STAY.replace(ANCHOR, ANCHOR + added, 1)
    if case == "decimal-comma":
        broken = STAY.replace("        expected: {claire: 1, tourist: 2}\n", added, 1)
    site = make_site(files={"journeys/stay.yml": broken})
    code, out, _ = cli("check", str(site))
    assert code == 1
    fix = _lines_with_fix(out, out, lead)
    assert fix, out
    line = int(re.search(r"stay\.yml:(\d+):", out)[1])  # type: ignore[index]
    lines = broken.splitlines(keepends=True)
    spaces = len(lines[line - 1]) - len(lines[line - 1].lstrip(" "))
    lines[line - 1] = " " * spaces + fix + "\n"  # the message gives the line as written after its indentation
    (site / "journeys" / "stay.yml").write_text("".join(lines), encoding="utf-8")
    code, out, _ = cli("check", str(site))
    assert code == 0, out


def test_the_fix_of_a_sentence_split_by_commas_is_valid(make_site: Callable[..., Path]) -> None:
    broken = STAY.replace(ANCHOR, ANCHOR + "        irritants: [The nurse calls, but nobody answers]\n", 1)
    site = make_site(files={"journeys/stay.yml": broken})
    code, out, _ = cli("check", str(site), "--lint")
    fix = _lines_with_fix(out, out, "quote it: ")
    assert fix and fix.endswith(", or write a block list (one '- ' item per line) [text-cut-by-comma]")
    fixed = fix.split(", or write a block list")[0]
    (site / "journeys" / "stay.yml").write_text(
        broken.replace("irritants: [The nurse calls, but nobody answers]", fixed)
    )
    code, out, _ = cli("check", str(site), "--lint")
    assert code == 0 and "[text-cut-by-comma]" not in out
