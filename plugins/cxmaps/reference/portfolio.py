"""Portfolio views (format 1.2, issue 27): figures across journeys, each computed once per build.

- `Portfolio.cells`: the journeys x phases heatmap of ``journeys/``: per phase of a journey, the mean lived
  emotion (every persona's value at every step of the phase), the standards missed against their target
  (`delivered.Delivery` statuses) and the critical points (irritants, fail points, bottlenecks).
- `Portfolio.persona_cell`: the persona x journey matrix of ``personas/``: a persona's lowest lived emotion
  in a journey and where, and the journey's moments of truth with the lowest emotion lived at one of them.
- `Portfolio.entry`: a touchpoint's or system's mean lived emotion and missed standards over the steps that
  name it, counting current journeys only (a target journey is not lived yet); `ranked` orders the
  entries lowest mean first, then most missed, then by address.

Every figure is a sum over steps made in one pass (`StepFigures`), so the views cost time linear in the
reference: no view scans the journeys again per row or per entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..model.format import Journey, Phase, Step
from .core import Reference
from .delivered import Delivery
from .entries import Entry


@dataclass(frozen=True)
class StepFigures:
    """One step's figures: its personas' lived values, its missed standards, its critical points."""

    values: tuple[float, ...]
    missed: int
    critical: int


@dataclass(frozen=True)
class Cell:
    """One phase of one journey in the heatmap."""

    position: int
    """The phase's place in its journey, from 1: the heatmap's column, and its anchor (#phase-<position>)."""
    phase: Phase
    mean: float | None
    missed: int
    critical: int


@dataclass(frozen=True)
class PersonaCell:
    """One persona in one journey: the lowest lived emotion and where, and the moments of truth."""

    lowest: float
    step: Step
    moments: int
    moment_lowest: float | None


@dataclass(frozen=True)
class EntryFigures:
    """A touchpoint's or system's mean lived emotion (None when no current journey names it) and missed standards."""

    mean: float | None
    missed: int


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def lived(step: Step, personas: list[str]) -> dict[str, float]:
    """Each persona's lived value at `step` (a single number is every persona's)."""
    if isinstance(step.emotion, dict):
        return {pid: step.emotion[pid] for pid in personas if pid in step.emotion}
    return dict.fromkeys(personas, step.emotion)


class Portfolio:
    """The figures of every portfolio view, from one pass over the steps and one over the standards."""

    def __init__(self, ref: Reference, delivery: Delivery) -> None:
        self.ref = ref
        missed: dict[int, int] = {}
        for d in delivery.standards:
            if d.status == "missed":
                missed[id(d.step)] = missed.get(id(d.step), 0) + 1
        self.steps: dict[int, StepFigures] = {}
        for journey in ref.journeys.values():
            for step in journey.steps():
                critical = len(step.irritants) + len(step.fail_points) + len(step.bottlenecks)
                values = tuple(lived(step, journey.personas).values())
                self.steps[id(step)] = StepFigures(values, missed.get(id(step), 0), critical)
        self._entries: dict[int, tuple[Entry, EntryFigures]] = {}

    def of(self, step: Step) -> StepFigures:
        return self.steps[id(step)]

    # -- journeys x phases ---------------------------------------------------------------------------------
    def cells(self, journey: Journey) -> list[Cell]:
        """The heatmap's cells of one journey, one per phase in order."""
        out = []
        for position, phase in enumerate(journey.phases, start=1):
            figures = [self.of(step) for step in phase.steps]
            values = [v for f in figures for v in f.values]
            out.append(Cell(position, phase, _mean(values), sum(f.missed for f in figures),
                            sum(f.critical for f in figures)))  # fmt: skip
        return out

    @cached_property
    def width(self) -> int:
        """The heatmap's number of phase columns: the most phases any journey has."""
        return max((len(j.phases) for j in self.ref.journeys.values()), default=0)

    @cached_property
    def column_kinds(self) -> list[str | None]:
        """Each column's phase kind when every journey with a phase there gives it the same kind, else None."""
        kinds: list[str | None] = []
        for i in range(self.width):
            found = {j.phases[i].kind for j in self.ref.journeys.values() if len(j.phases) > i}
            kinds.append(found.pop() if len(found) == 1 else None)
        return kinds

    # -- personas x journeys -------------------------------------------------------------------------------
    def persona_cell(self, journey: Journey, pid: str) -> PersonaCell | None:
        """A persona's lowest lived emotion in a journey (the first step where it is lived) and its moments."""
        if pid not in journey.personas:
            return None
        low: tuple[float, Step] | None = None
        moments, moment_low = 0, None
        for step in journey.steps():
            value = lived(step, [pid]).get(pid)
            if value is None:
                continue
            if low is None or value < low[0]:
                low = (value, step)
            if step.moment_of_truth:
                moments += 1
                moment_low = value if moment_low is None else min(moment_low, value)
        return None if low is None else PersonaCell(low[0], low[1], moments, moment_low)

    # -- touchpoints and systems ---------------------------------------------------------------------------
    def entry(self, entry: Entry) -> EntryFigures:
        """Mean lived emotion and missed standards of the steps (of current journeys) that name the entry."""
        known = self._entries.get(id(entry))
        if known is not None and known[0] is entry:
            return known[1]
        found = self._entry(entry)
        self._entries[id(entry)] = (entry, found)
        return found

    def _entry(self, entry: Entry) -> EntryFigures:
        values: list[float] = []
        missed = 0
        seen: set[int] = set()
        for o in entry.occurrences:
            if o.journey.status == "target" or id(o.step) in seen:
                continue
            seen.add(id(o.step))
            figures = self.of(o.step)
            values += figures.values
            missed += figures.missed
        return EntryFigures(_mean(values), missed)

    def ranked(self, entries: list[Entry]) -> list[Entry]:
        """Lowest mean lived emotion first (entries of target journeys only, last), then most missed, then slug."""
        figures = {e.slug: self.entry(e) for e in entries}

        def key(e: Entry) -> tuple[bool, float, int, str]:
            f = figures[e.slug]
            return (f.mean is None, f.mean if f.mean is not None else 0.0, -f.missed, e.slug)

        return sorted(entries, key=key)
