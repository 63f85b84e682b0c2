"""What a docs/ page may publish, checked in its Markdown before any build: no script, ever.

A docs page is Markdown, and Markdown lets raw HTML through. A pull request
that adds ``<img src=x onerror=…>``, ``<script>`` or ``[x](javascript:…)`` to a
page would run script in every reader's browser. So every page of docs/ is
scanned outside code blocks and code spans, and each of these is a problem at
its file, line and column (`source.markup` holds the rules):

- an element that runs script, loads or frames another document, restyles the
  page or submits a form (``<script>``, ``<iframe>``, ``<style>``, ``<form>``…);
- an attribute that does (``on…=``, ``style=``, ``srcdoc=``), in raw HTML or
  in an attribute list (``{onclick=…}``);
- an address that is not http(s), mailto, tel or relative, in raw HTML or in
  a Markdown link, image or link definition, read as the browser reads it.

Raw HTML that cannot act (``<kbd>``, ``<div class="grid" markdown>``, ``<br>``)
stays allowed. A site whose docs authors are all trusted as maintainers sets
``trust_docs: true`` and is not checked. Every scan is linear in the page.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterator
from pathlib import Path

from ..source.markup import attribute_problem, element_problem, safe_address
from ..source.problems import Problem
from ..source.sourcefiles import display_path

#: A fence opening or closing a code block: up to three spaces, then three or more ` or ~.
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_TICKS = re.compile(r"`+")
#: An opening tag, as far as its ``>`` (quoted values may hold one); a ``<`` with no ``>`` is text.
_TAG = re.compile(r"""<([A-Za-z][A-Za-z0-9:-]*)((?:[^<>"']|"[^"]*"|'[^']*')*)>""")
_ATTRIBUTE = re.compile(r"""[\s/]*([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?""")
#: An attribute list of the attr_list extension: ``{#id .class key=value}``.
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
#: The address of an inline link or image: ``](address`` or ``](<address>``, up to its ``)``; a tab or a
#: space inside is kept (a browser drops them: ``java<TAB>script:``), a title after it is not.
_INLINE_ADDRESS = re.compile(r"\]\(\s*(?:<([^<>\n]*)>|([^)\n]*))")
_TITLE = re.compile(r"""\s+(?:"[^"\n]*"|'[^'\n]*')\s*$""")
#: A link definition: ``[label]: address``.
_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(?:<([^<>\n]*)>|(\S+))", re.M)


def fenced(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a fenced code block (its fences included).

    A fence closes on the same character, at least as long as it opened, with
    nothing after it (CommonMark): a ```` ```` ```` block may hold ```` ``` ```` lines.
    """
    inside: list[bool] = []
    fence: str | None = None
    for line in lines:
        match = _FENCE.match(line)
        if fence is not None:
            inside.append(True)
            if (
                match
                and match.group(1)[0] == fence[0]
                and len(match.group(1)) >= len(fence)
                and not match.group(2).strip()
            ):
                fence = None
        elif match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
            inside.append(True)
            fence = match.group(1)
        else:
            inside.append(False)
    return inside


def blank_code(text: str) -> str:
    """`text` with fenced code blocks and code spans blanked out (same length, same lines)."""
    lines = text.split("\n")
    return "\n".join(
        " " * len(line) if code else _blank_spans(line) for line, code in zip(lines, fenced(lines), strict=True)
    )


def _blank_spans(line: str) -> str:
    """The line with its code spans blanked: a run of backticks closes at the next run of the same length."""
    if "`" not in line:
        return line
    runs = list(_TICKS.finditer(line))
    # For each run, the next run of the same length (one pass from the right: linear in the line).
    following: list[int | None] = [None] * len(runs)
    seen: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        length = len(runs[i].group())
        following[i] = seen.get(length)
        seen[length] = i
    parts: list[str] = []
    done = i = 0
    while i < len(runs):
        closing = following[i]
        if closing is None:
            i += 1
            continue
        parts += [line[done : runs[i].start()], " " * (runs[closing].end() - runs[i].start())]
        done = runs[closing].end()
        i = closing + 1
    return "".join(parts) + line[done:]


def unsafe_markup(text: str) -> Iterator[tuple[int, str]]:
    """(offset, why) for each thing in a docs page's Markdown that could act in a reader's browser."""
    code_free = blank_code(text)
    for tag in _TAG.finditer(code_free):
        if why := element_problem(tag.group(1)):
            yield tag.start(), why
        yield from _attributes(tag.group(2), 0, tag.start(2))
    for attr_list in _ATTR_LIST.finditer(code_free):
        yield from _attributes(attr_list.group(1), 0, attr_list.start(1))
    for pattern in (_INLINE_ADDRESS, _DEFINITION):
        for link in pattern.finditer(code_free):
            address = link.group(1) if link.group(1) is not None else _TITLE.sub("", link.group(2))
            if not safe_address(address):
                yield link.start(), "the link's address is not http(s), mailto, tel or relative"


def _attributes(text: str, start: int, shift: int = 0) -> Iterator[tuple[int, str]]:
    """The problems of the attributes that follow a tag's name, up to its ``>``."""
    position = start
    while (match := _ATTRIBUTE.match(text, position)) and match.end() > position:
        value = next((v for v in match.groups()[1:] if v is not None), None)
        if why := attribute_problem(match.group(1), value):
            yield shift + match.start(1), why
        position = match.end()


def check_docs_safety(pages: list[tuple[Path, str]], root: Path, generated: Collection[Path] = ()) -> list[Problem]:
    """Every problem of `unsafe_markup` in the Markdown pages of docs/ (`sourcefiles.docs_pages`).

    `generated`: the pages `cxmaps generate` wrote (its marker), cxmaps' own markup, which the build
    replaces with fresh pages; one it does not replace still meets `mkdocs.docsguard` in the build.
    """
    problems: list[Problem] = []
    for path, text in pages:
        found = [] if path in generated else list(unsafe_markup(text))
        if not found:
            continue
        display = display_path(path, root)
        starts = [0, *(m.end() for m in re.finditer("\n", text))]
        for offset, why in sorted(found):
            line = bisect.bisect_right(starts, offset)
            column = offset - starts[line - 1] + 1
            problems.append(
                Problem(display, line, column, "", f"{why}; a docs page may not publish it (see docs/security.md)")
            )
    return problems
