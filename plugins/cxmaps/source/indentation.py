"""Which line is indented wrong, and to where: the plain words behind YAML's indentation errors.

A key indented one space too far reads, to YAML, as the rest of the text
above it ("mapping values are not allowed here"); one space too few closes
the list it belonged to ("did not find expected '-' indicator"). Neither
says what to change. `misindented` follows the blocks of the file as an
author sees them, line by line up to the line of the error, and returns the
first line whose indentation matches no open block, with the indentation
that would: "indent it by 8 spaces, as 'name:' above".

It reads the common shapes only (block mappings and lists, plain and quoted
values, comments, block scalars ``|`` and ``>``, flow collections on one
line) and gives up (None) on anything else, so a wrong guess never replaces
YAML's own message. Linear in the lines read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: ``key:`` or ``key: value`` at the start of (the rest of) a line; the key is plain text without ``: ``.
_KEY = re.compile(r"""(?P<key>[^\s#'"\[\]{}&*!|>%@`-][^#]*?|-[^\s#][^#]*?)\s*:(?:\s+(?P<value>\S.*)|\s*)$""")
_BLOCK_SCALAR = re.compile(r"[|>][+-]?[0-9]?\s*(?:#.*)?$")


@dataclass(frozen=True)
class Misindented:
    line: int
    """1-based line of the file."""
    indent: int
    expected: int
    beside: str
    """The key whose column the line should share (``name:``), or "" for a list item."""

    def message(self) -> str:
        spaces = "space" if self.indent == 1 else "spaces"
        how = "indent it to" if self.expected > self.indent else "unindent it to"
        where = f", as '{self.beside}' above" if self.beside else ""
        return f"line {self.line} is indented by {self.indent} {spaces}; {how} {self.expected}{where}"


def misindented(lines: list[str], upto: int) -> Misindented | None:
    """The first line up to line `upto` whose indentation matches no open block (see the module docstring)."""
    # Each open block: its indentation, whether it is a list's dashes or a mapping's keys, and a key seen there.
    blocks: list[tuple[int, bool, str]] = [(0, False, "")]
    opens = False  # the previous line ends with "key:" or "-": the next, more indented, starts a block
    scalar_at: int | None = None  # inside a block scalar: lines indented more than this belong to it
    for number, raw in enumerate(lines[:upto], start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        if raw[indent:].startswith("\t"):
            return None  # a tab: another rule says so
        if scalar_at is not None:
            if indent > scalar_at:
                continue
            scalar_at = None
        if stripped.count("[") != stripped.count("]") or stripped.count("{") != stripped.count("}"):
            return None  # a flow collection over several lines
        item = stripped == "-" or stripped.startswith("- ")
        popped: list[tuple[int, bool, str]] = []
        rest = stripped[1:].lstrip() if item else stripped
        key = _KEY.match(rest)
        if opens and item and indent == blocks[-1][0] and not blocks[-1][1]:
            blocks.append((indent, True, ""))  # "key:" then "- item" at the key's column: a list, as YAML allows
        elif indent > blocks[-1][0]:
            if opens:
                blocks.append((indent, item, ""))
            elif key and not item and number == upto:
                return Misindented(number, indent, blocks[-1][0], _beside(blocks[-1]))
            else:
                continue  # the next line of a plain text, as YAML allows
        elif indent < blocks[-1][0]:
            while blocks and blocks[-1][0] > indent:
                popped.append(blocks.pop())
            if not blocks or blocks[-1][0] != indent:
                candidates = [*blocks, *popped]
                nearest = min(candidates, key=lambda b: (abs(b[0] - indent), -b[0]))
                return Misindented(number, indent, nearest[0], _beside(nearest))
        level, dashes, _ = blocks[-1]
        if dashes and not item and len(blocks) > 1 and blocks[-2][0] == level:
            blocks.pop()  # the list written at its key's column is over: the next key of that mapping
            level, dashes, _ = blocks[-1]
        if dashes and not item:
            # A key at the column of a list's dashes: it belongs to the item's mapping, further in.
            mapping = next((b for b in reversed(popped) if not b[1] and b[0] > level), (level + 2, False, ""))
            return Misindented(number, indent, mapping[0], _beside(mapping))
        if key and not item:
            blocks[-1] = (level, False, key["key"])
        opens = False
        if item:
            blocks[-1] = (level, True, "")
            inner = indent + len(stripped) - len(rest)
            if key:
                blocks.append((inner, False, key["key"]))  # the item's mapping: its next keys at this column
                opens = _opens(key["value"])
            else:
                opens = not rest
        elif key:
            opens = _opens(key["value"])
        value = key["value"] if key else rest
        if value and _BLOCK_SCALAR.match(value):
            scalar_at, opens = indent, False
    return None


def _opens(value: str | None) -> bool:
    """Whether a key with this value starts a block below it: no value, or only an anchor or a tag."""
    return not value or bool(re.fullmatch(r"[&!]\S+\s*(?:#.*)?", value))


def _beside(block: tuple[int, bool, str]) -> str:
    return f"{block[2]}:" if block[2] and not block[1] else ""
