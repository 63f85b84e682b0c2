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
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

from ..model.format import Journey
from ..source.problems import Problem, did_you_mean
from ..source.sourcefiles import display_path
from .core import RESERVED_STEP_IDS, Reference

#: An inline link or image target, or a reference definition: the address, without a title.
_TARGET = re.compile(
    r"\]\(\s*<?(?P<inline>[^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)|^\s{0,3}\[[^\]]+\]:\s*<?(?P<ref>\S+?)>?(?:\s|$)"
)
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_GENERATED = re.compile(r"(?P<kind>journeys|personas)/(?P<id>[^/#?]+)\.md")


def check_links(ref: Reference, docs_dir: Path, pages: list[tuple[Path, str]]) -> list[Problem]:
    """A problem for each link of a docs/ page (`sourcefiles.docs_pages`) to a missing journey, persona or step."""
    problems: list[Problem] = []
    for path, text in pages:
        if "journeys/" not in text and "personas/" not in text:
            continue
        page = path.relative_to(docs_dir).as_posix()
        display = display_path(path, ref.settings.root)
        for line, col, address in _addresses(text):
            message = _link_problem(ref, docs_dir, page, address)
            if message:
                problems.append(Problem(display, line, col, "", message))
    return problems


def _addresses(text: str) -> Iterator[tuple[int, int, str]]:
    """Line, column and address of each link outside code blocks and code spans."""
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        marker = _FENCE.match(line)
        if marker:
            fence = None if fence == marker.group(1) else (fence or marker.group(1))
            continue
        if fence is not None:
            continue
        visible = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
        for match in _TARGET.finditer(visible):
            group = "inline" if match["inline"] else "ref"
            yield number, match.start(group) + 1, match[group]


def _link_problem(ref: Reference, docs_dir: Path, page: str, address: str) -> str:
    """Why `address` (from `page`) leads nowhere, or an empty string."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^/", address):
        return ""  # another site, or an absolute path MkDocs does not resolve either
    target, _, anchor = address.partition("#")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target.split("?")[0]))
    match = _GENERATED.fullmatch(resolved)
    if match is None or match["id"] == "index" or (docs_dir / resolved).is_file():
        return ""
    kind, item = match["kind"], match["id"]
    items: dict[str, object] = dict(ref.journeys) if kind == "journeys" else dict(ref.personas)
    aliases = {alias for x in items.values() for alias in getattr(x, "aliases", [])}
    if item not in items and item not in aliases:
        word = "journey" if kind == "journeys" else "persona"
        return f"link to {address}: unknown {word} '{item}'{did_you_mean(item, items)}"
    journey = items.get(item)
    if anchor and isinstance(journey, Journey):
        anchors = _anchors(journey)
        if anchor not in anchors and not re.fullmatch(r"phase-\d+", anchor):
            steps = [s.id for s in journey.steps()]
            return f"link to {address}: no step '{anchor}' in journey '{item}'{did_you_mean(anchor, steps)}"
    return ""


def _anchors(journey: Journey) -> set[str]:
    """The anchors of a journey page: its steps, their former ids, its own sections."""
    found = set(RESERVED_STEP_IDS)
    for step in journey.steps():
        found.add(step.id)
        found.update(getattr(step, "aliases", []))
    return found
