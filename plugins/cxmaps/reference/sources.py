"""Sources (``sources/<id>.yml``): where what the reference says comes from.

A source is read like a persona, with the same safe reader and the same
located problems (`files.load_one`); a persona, a journey or a step
cites sources by id, and an id that names no source is an error with the
closest valid id. `citations` then gathers, for each source, everything that
cites it (the ``sources/<id>/`` page), measures included.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..model.format import Journey, Persona, Step
from ..model.format import Source as SourceDoc
from ..model.opportunity import Opportunity
from ..source.problems import FieldPath, Problem, did_you_mean
from ..source.sourcefiles import scan_sources
from .core import RESERVED_FILE_IDS, Reference, Source, problem_at
from .files import load_one


def load_sources(ref: Reference) -> list[Problem]:
    """Read every source file into `ref.sources`, then check every citation; return the problems."""
    settings = ref.settings
    problems: list[Problem] = []
    invalid: set[str] = set()
    folder = settings.sources_dir or ref.settings.root / "sources"
    if folder.is_dir():
        paths, found = scan_sources(folder, settings.root)
        problems += found
        for path in paths:
            if not load_one(SourceDoc, path, settings, problems, ref.sources, ref.source_sources):
                invalid.add(path.stem)
                ref.invalid.add(invalid_key(path.stem))  # measures citing it are not reported again
    problems += _check_citations(ref, invalid | RESERVED_FILE_IDS)
    return problems


def invalid_key(sid: str) -> str:
    """How `Reference.invalid` marks a source file that failed validation (an id has no '/')."""
    return f"sources/{sid}"


def _check_citations(ref: Reference, invalid: set[str]) -> Iterator[Problem]:
    """Each cited id names a source; a source already reported as invalid is not reported again."""

    def check(ids: list[str], source: Source, path: FieldPath) -> Iterator[Problem]:
        for i, sid in enumerate(ids):
            if sid in ref.sources or sid in invalid:
                continue
            hint = did_you_mean(sid, ref.sources) or (
                f"; known sources: {', '.join(sorted(ref.sources))}"
                if ref.sources
                else "; add sources/<id>.yml (see docs/authors.md)"
            )
            yield problem_at(source, (*path, "sources", i), f"unknown source '{sid}'{hint}")

    for pid, persona in ref.personas.items():
        yield from check(persona.sources, ref.persona_sources[pid], ())
    for jid, journey in ref.journeys.items():
        source = ref.journey_sources[jid]
        yield from check(journey.sources, source, ())
        for p, phase in enumerate(journey.phases):
            for s, step in enumerate(phase.steps):
                yield from check(step.sources, source, ("phases", p, "steps", s))


@dataclass
class Citations:
    """Everything that cites one source, in reference order."""

    personas: list[tuple[str, Persona]] = field(default_factory=list)
    journeys: list[tuple[str, Journey]] = field(default_factory=list)
    steps: list[tuple[str, Journey, Step]] = field(default_factory=list)
    measures: dict[tuple[str, str, str], int] = field(default_factory=dict)
    """(journey, step, metric) → number of measured values that name the source."""
    opportunities: list[tuple[str, Journey, Step, Opportunity]] = field(default_factory=list)
    """Owned opportunities (format 1.2) whose need was heard in the source."""

    @property
    def count(self) -> int:
        return (len(self.personas) + len(self.journeys) + len(self.steps) + sum(self.measures.values())
                + len(self.opportunities))  # fmt: skip


def citations(ref: Reference) -> dict[str, Citations]:
    """For each source id (in id order), everything that cites it."""
    out = {sid: Citations() for sid in sorted(ref.sources)}
    for pid, persona in ref.personas.items():
        for sid in dict.fromkeys(persona.sources):
            out[sid].personas.append((pid, persona))
    for jid, journey in ref.journeys.items():
        for sid in dict.fromkeys(journey.sources):
            out[sid].journeys.append((jid, journey))
        for step in journey.steps():
            for sid in dict.fromkeys(step.sources):
                out[sid].steps.append((jid, journey, step))
            for o in step.opportunities:
                for sid in dict.fromkeys(o.sources):
                    out[sid].opportunities.append((jid, journey, step, o))
    for m in ref.measures:
        if m.source:
            key = (m.journey, m.step, m.metric)
            counts = out[m.source].measures
            counts[key] = counts.get(key, 0) + 1
    return out
