"""Embedding a journey's map, its blueprint or one step card in any docs/ page.

A line of its own, outside code blocks::

    [cxmaps: map business-hotel-stay]
    [cxmaps: blueprint business-hotel-stay]
    [cxmaps: step business-hotel-stay#check-in]

Without the plugin the line shows as plain text, so a missing plugin is seen,
not silently ignored. Every embed of the docs is checked before the build
starts: an unknown journey or step is a problem with file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..source.problems import Problem, did_you_mean, renamed_hint
from ..source.sourcefiles import display_path
from .core import Reference
from .docsafety import fenced

EMBED = re.compile(r"^\[cxmaps:\s*(?P<kind>[a-z-]+)\s+(?P<journey>[^\s#\]]+)(?:#(?P<step>[^\s\]]+))?\s*\]\s*$")
KINDS = ("map", "blueprint", "step")


@dataclass(frozen=True)
class Embed:
    line: int
    kind: str
    journey: str
    step: str | None


def find_embeds(markdown: str) -> Iterator[Embed]:
    """The embed lines of a page, skipping fenced code blocks (tracked by their length, see `docsafety.fenced`)."""
    lines = markdown.splitlines()
    for number, (line, code) in enumerate(zip(lines, fenced(lines), strict=True), start=1):
        if not code and (match := EMBED.match(line)):
            yield Embed(number, match["kind"], match["journey"], match["step"])


def embed_problems(embed: Embed, ref: Reference, display: str) -> Iterator[Problem]:
    def problem(message: str) -> Problem:
        return Problem(display, embed.line, 1, "", message)

    if embed.kind not in KINDS:
        yield problem(f"unknown embed '{embed.kind}'{did_you_mean(embed.kind, KINDS)}; use one of: {', '.join(KINDS)}")
        return
    journey = ref.journeys.get(embed.journey)
    if journey is None:
        yield problem(f"unknown journey '{embed.journey}'{did_you_mean(embed.journey, ref.journeys)}")
        return
    ids = [step.id for step in journey.steps()]
    if embed.kind == "step" and embed.step is None:
        yield problem(f"say which step: [cxmaps: step {embed.journey}#<step id>]; steps: {', '.join(ids)}")
    elif embed.kind == "step" and embed.step not in ids:
        hint = did_you_mean(embed.step or "", ids) or renamed_hint(embed.step or "")
        yield problem(f"unknown step '{embed.step}' in journey '{embed.journey}'{hint}")
    elif embed.kind != "step" and embed.step is not None:
        yield problem(f"a {embed.kind} embed takes a journey id only, without '#{embed.step}'")


def check_docs(ref: Reference, pages: list[tuple[Path, str]]) -> list[Problem]:
    """Every embed problem of the Markdown pages of docs/ (`sourcefiles.docs_pages`)."""
    problems: list[Problem] = []
    for path, text in pages:
        if "[cxmaps:" not in text:
            continue
        display = display_path(path, ref.settings.root)
        for embed in find_embeds(text):
            problems += embed_problems(embed, ref, display)
    return problems
