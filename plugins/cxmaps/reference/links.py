"""Links from docs/ pages to the pages cxmaps generates, checked before any build.

``mkdocs build --strict`` refuses a link to a journey page that does not
exist, in MkDocs' words and without a suggestion, and lets a link to a step
that does not exist through (it checks anchors at "info" level). `cxmaps
check` reports both as errors where an author runs it, with the closest
valid name; the plugin logs them as warnings, so that a build says so and
``--strict`` stops on them. A
link is ``[text](journeys/<id>.md#<step>)`` or ``(personas/<id>.md)``,
relative to the page; the anchor of a journey page is a step id, a former
step id (its anchor element is on the page too) or a section of the page.

Pages are read outside fenced code and code spans as the docs safety check
reads them (`docsafety.blank_code`), and every scan is linear in the page: a
page of 40 KB of ``](`` is read in milliseconds (tests/test_growth.py).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

from ..model.format import Journey
from ..source.problems import Problem, did_you_mean, renamed_hint
from ..source.sourcefiles import display_path
from .core import RESERVED_STEP_IDS, Reference
from .docsafety import blank_code

#: The start of an inline link or image target, as far as its address: ``](address`` or ``](<address>``.
#: An address ends at ``)``, a space or ``>``, so each match consumes its own characters and the
#: scan of a line is linear; whether a ``)`` closes the link is decided after it (`_closed`).
_INLINE = re.compile(r"\]\(\s*<?(?P<address>[^)\s>]+)>?")
#: What may follow the address of a link with a title: spaces, then a quote or a parenthesis.
_TITLE_START = re.compile(r"\s+[\"'(]")
#: A reference definition: ``[label]: address``, at the start of a line.
_DEFINITION = re.compile(r"\s{0,3}\[[^\]]+\]:\s*<?(?P<address>\S+?)>?(?:\s|$)")
_GENERATED = re.compile(r"(?P<kind>journeys|personas)/(?P<id>[^/#?]+)\.md")


def check_links(ref: Reference, docs_dir: Path, pages: list[tuple[Path, str]]) -> list[Problem]:
    """A problem for each link of a docs/ page (`sourcefiles.docs_pages`) to a missing journey, persona or step."""
    problems: list[Problem] = []
    targets = _Targets(ref, docs_dir)
    for path, text in pages:
        if "journeys/" not in text and "personas/" not in text:
            continue
        page = path.relative_to(docs_dir).as_posix()
        display = display_path(path, ref.settings.root)
        for line, col, address in _addresses(text):
            message = targets.problem(page, address)
            if message:
                problems.append(Problem(display, line, col, "", message))
    return problems


def _addresses(text: str) -> Iterator[tuple[int, int, str]]:
    """Line, column and address of each link outside code blocks and code spans."""
    for number, line in enumerate(blank_code(text).split("\n"), start=1):
        if "](" not in line and "]:" not in line:
            continue
        position = 0
        definition = _DEFINITION.match(line)
        if definition:
            yield number, definition.start("address") + 1, definition["address"]
            position = definition.end("address")
        last_paren = line.rfind(")")
        while match := _INLINE.search(line, position):
            position = _closed(line, match.end(), last_paren)
            if position:
                yield number, match.start("address") + 1, match["address"]
            elif match["address"].endswith("]("):
                position = match.end("address") - 2  # its address may follow the spaces after it
            else:
                position = match.end()  # a ``](`` inside the address would end at the same place


def _closed(line: str, end: int, last_paren: int) -> int:
    """Where the link whose address ends at `end` ends (after its ``)``), or 0 when no ``)`` closes it.

    ``](x)`` closes at once; ``](x "title")`` closes at the first ``)`` after
    the title's start, which exists when the line's last ``)`` lies after it
    (one comparison, so a line of unclosed titles stays linear).
    """
    if line.startswith(")", end):
        return end + 1
    title = _TITLE_START.match(line, end)
    if title is None or last_paren < title.end():
        return 0
    return line.index(")", title.end()) + 1


class _Targets:
    """What a link may lead to, each computed once per check (not once per link)."""

    def __init__(self, ref: Reference, docs_dir: Path) -> None:
        self.docs_dir = docs_dir
        self.items: dict[str, dict[str, object]] = {"journeys": dict(ref.journeys), "personas": dict(ref.personas)}
        self.aliases = {
            kind: {alias for x in items.values() for alias in getattr(x, "aliases", [])}
            for kind, items in self.items.items()
        }
        self.anchors: dict[str, set[str]] = {}
        self.found: dict[tuple[str, str], str] = {}

    def problem(self, page: str, address: str) -> str:
        """Why `address` (from `page`) leads nowhere, or an empty string (a page's repeated link once)."""
        key = (posixpath.dirname(page), address)
        if key not in self.found:
            self.found[key] = self._problem(key[0], address)
        return self.found[key]

    def _problem(self, folder: str, address: str) -> str:
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^/", address):
            return ""  # another site, or an absolute path MkDocs does not resolve either
        target, _, anchor = address.partition("#")
        resolved = posixpath.normpath(posixpath.join(folder, target.split("?")[0]))
        match = _GENERATED.fullmatch(resolved)
        if match is None or match["id"] == "index" or (self.docs_dir / resolved).is_file():
            return ""
        kind, item = match["kind"], match["id"]
        items = self.items[kind]
        if item not in items and item not in self.aliases[kind]:
            word = "journey" if kind == "journeys" else "persona"
            return f"link to {address}: unknown {word} '{item}'{did_you_mean(item, items)}"
        journey = items.get(item)
        if anchor and isinstance(journey, Journey):
            if item not in self.anchors:
                self.anchors[item] = _anchors(journey)
            if anchor not in self.anchors[item] and not re.fullmatch(r"phase-\d+", anchor):
                steps = [s.id for s in journey.steps()]
                hint = did_you_mean(anchor, steps) or renamed_hint(anchor)
                return f"link to {address}: no step '{anchor}' in journey '{item}'{hint}"
        return ""


def _anchors(journey: Journey) -> set[str]:
    """The anchors of a journey page: its steps, their former ids, its own sections."""
    found = set(RESERVED_STEP_IDS)
    for step in journey.steps():
        found.add(step.id)
        found.update(getattr(step, "aliases", []))
    return found
