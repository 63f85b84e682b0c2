"""The delivered experience: each standard's measures against its target.

A standard with a ``target`` is *met* or *missed* by its latest measure, has
*no data* when nothing measured it, and is *stale* when its latest measure is
older than ``stale_after`` days. "Older" is counted back from the newest
period measured in the same journey, never from today, so that two builds of
the same files give the same pages, and one row of another journey moves
nothing (no period may begin after the reference's date: see measures.py). A standard's own value is the one measured
for all the step's customers (an empty ``persona`` cell); values per persona
are shown beside it.

Pure functions over a validated `Reference`, computed once per build
(`Delivery`); the pages and the health rules read them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..model.format import Journey, Standard, Step, Target
from ..model.measurement import Measure
from ..source.problems import Problem
from .core import Reference, problem_at

#: The statuses, worst first: the scorecard's order.
STATUSES = ("missed", "stale", "no-data", "met")
#: The evidence behind a step: measures, a cited source, or neither.
EVIDENCE = ("measured", "researched", "assumed")

Key = tuple[str, str, str, str]
"""(journey, step, persona, metric); an empty step is the whole journey, an empty persona all its customers."""


def meets(target: Target, value: float) -> bool:
    """Whether a value reaches the target: at least its `min`, or at most its `max`."""
    return value >= target.min if target.min is not None else value <= (target.max or 0.0)


@dataclass(frozen=True)
class Delivered:
    """One standard against its target, with what the pages show of its measures."""

    jid: str
    journey: Journey
    step: Step
    standard: Standard
    status: str | None
    """met, missed, no-data or stale; None for a standard without a target."""
    series: list[Measure] = field(default_factory=list)
    """Its values for all customers, oldest period first."""
    by_persona: list[Measure] = field(default_factory=list)
    """The latest value of each persona that has one, in the journey's persona order."""

    @property
    def latest(self) -> Measure | None:
        return self.series[-1] if self.series else None

    @property
    def owner(self) -> str:
        return self.standard.owner or self.journey.owner or ""

    @property
    def rank(self) -> int:
        return STATUSES.index(self.status) if self.status else len(STATUSES)

    @property
    def bound(self) -> float | None:
        """The value the target names: its `min`, or its `max`; None without a target."""
        target = self.standard.target
        if target is None:
            return None
        return target.min if target.min is not None else (target.max or 0.0)

    @property
    def difference(self) -> float | None:
        """The latest value minus the target's bound (``79 - 90 = -11``); None without a target or a measure."""
        bound, latest = self.bound, self.latest
        return None if bound is None or latest is None else latest.value - bound

    @property
    def shortfall(self) -> float:
        """How far the latest value falls short of the target, as a share of the target (0 when it is met).

        Below a `min` or above a `max` alike, so that misses of different units sort together, worst first.
        """
        difference, bound = self.difference, self.bound
        if difference is None or bound is None or self.standard.target is None:
            return 0.0
        short = -difference if self.standard.target.min is not None else difference
        return max(short, 0.0) / (abs(bound) or 1.0)

    @property
    def missed_in_a_row(self) -> int:
        """How many periods, counted back from the latest, missed the target in a row (0: the latest met it)."""
        target = self.standard.target
        if target is None:
            return 0
        count = 0
        for measure in reversed(self.series):
            if meets(target, measure.value):
                break
            count += 1
        return count

    @property
    def missed_since(self) -> Measure | None:
        """The first period of the latest run of misses (None when the latest period met the target)."""
        count = self.missed_in_a_row
        return self.series[-count] if count else None


class Delivery:
    """Every measure indexed, and every standard's status, for one reference."""

    def __init__(self, ref: Reference) -> None:
        self.ref = ref
        self.index: dict[Key, list[Measure]] = defaultdict(list)
        for m in ref.measures:
            self.index[(m.journey, m.step, m.persona, m.metric)].append(m)
        for series in self.index.values():
            series.sort(key=lambda m: m.period)
        ends = [m.period.end for m in ref.measures]
        self.newest: date | None = max(ends) if ends else None
        """The newest period measured in the whole reference (the scorecard says "measures up to")."""
        self.newest_of: dict[str, date] = {}
        """The newest period measured, by journey: what staleness counts back from."""
        for m in ref.measures:
            if m.journey not in self.newest_of or m.period.end > self.newest_of[m.journey]:
                self.newest_of[m.journey] = m.period.end
        self.stale_after = timedelta(days=ref.settings.stale_after)
        self.steps_measured = {(m.journey, m.step) for m in ref.measures}
        self.standards: list[Delivered] = []
        self._by_standard: dict[int, Delivered] = {}
        for jid, journey in ref.journeys.items():
            for step in journey.steps():
                for standard in step.standards:
                    delivered = self._deliver(jid, journey, step, standard)
                    self.standards.append(delivered)
                    self._by_standard[id(standard)] = delivered

    def _deliver(self, jid: str, journey: Journey, step: Step, standard: Standard) -> Delivered:
        series = self.series(jid, step.id, standard.id)
        personas = [s[-1] for pid in journey.personas if (s := self.series(jid, step.id, standard.id, pid))]
        status = None
        if standard.target is not None:
            latest = series[-1] if series else None
            if latest is None:
                status = "no-data"
            elif self.is_stale(latest):
                status = "stale"
            else:
                status = "met" if meets(standard.target, latest.value) else "missed"
        return Delivered(jid, journey, step, standard, status, series, personas)

    def series(self, jid: str, step: str, metric: str, persona: str = "") -> list[Measure]:
        """The values of one metric, oldest first (empty when it was never measured)."""
        return self.index.get((jid, step, persona, metric), [])

    def is_stale(self, measure: Measure) -> bool:
        """Whether `measure` ends more than ``stale_after`` days before the newest period of its journey.

        Counted per journey, so that one row of another journey (or of a far
        later period) cannot make every standard of the reference stale.
        """
        newest = self.newest_of.get(measure.journey)
        return newest is not None and measure.period.end < newest - self.stale_after

    def of(self, standard: Standard) -> Delivered | None:
        """The status of a standard of this reference (for the templates, which hold the standard)."""
        return self._by_standard.get(id(standard))

    def of_step(self, jid: str, step: Step) -> list[Delivered]:
        return [d for s in step.standards if (d := self._by_standard.get(id(s))) is not None]

    def summary(self, jid: str, step: Step) -> tuple[int, int, str | None]:
        """(standards met, standards measured, the worst status) of a step: its "delivered" lane."""
        statuses = [d.status for d in self.of_step(jid, step) if d.status]
        measured = [s for s in statuses if s in ("met", "missed")]
        worst = min(statuses, key=STATUSES.index) if statuses else None
        return measured.count("met"), len(measured), worst

    def evidence(self, jid: str, step: Step) -> str:
        """measured (there is data), researched (a source is cited) or assumed (neither)."""
        if (jid, step.id) in self.steps_measured:
            return "measured"
        return "researched" if step.sources else "assumed"

    def measured_emotion(self, jid: str, step: Step, persona: str = "") -> Measure | None:
        """The latest measured emotion of a step (for a persona, or all customers), if any."""
        series = self.series(jid, step.id, "emotion", persona)
        return series[-1] if series else None

    def scorecard(self) -> list[tuple[str, list[Delivered]]]:
        """Every standard with a target, grouped by owner: owners with a missed standard first, then by name;
        within an owner, missed first, then stale, no data and met."""
        groups: dict[str, list[Delivered]] = defaultdict(list)
        for d in self.standards:
            if d.status:
                groups[d.owner].append(d)
        for items in groups.values():
            items.sort(key=lambda d: d.rank)
        return sorted(groups.items(), key=lambda g: (g[1][0].status != "missed", g[0] == "", g[0].casefold()))


def findings(ref: Reference, delivery: Delivery) -> Iterator[tuple[Problem, str, str, str]]:
    """The health rules of the delivered experience, as (problem, rule, journey, step)."""
    for d in delivery.standards:
        source = ref.journey_sources[d.jid]
        path = _standard_path(d.journey, d.step, d.standard)
        label = f"standard '{d.standard.id}' of step '{d.step.id}'"
        if d.standard.target is None:
            yield (problem_at(source, path, f"{label} has no 'target': it cannot be checked against measures"),
                   "standard-without-target", d.jid, d.step.id)  # fmt: skip
        elif d.status == "no-data" and d.journey.status != "target":  # a to-be journey is not lived yet
            yield (problem_at(source, (*path, "target"), f"{label} has a target but no measures in measures/"),
                   "target-without-measures", d.jid, d.step.id)  # fmt: skip
        # A stale miss is still a miss: one row of a far later period must not silence the gate.
        stale_miss = (
            d.status == "stale" and d.standard.target is not None and not meets(d.standard.target, d.series[-1].value)
        )
        if (d.status == "missed" or stale_miss) and d.step.moment_of_truth:
            latest = d.series[-1]
            yield (problem_at(source, (*path, "target"), f"{label}, on a moment of truth, missed its target in "
                              f"{latest.period.text} ({latest.value:g}; {latest.file}:{latest.line})"),
                   "moment-missed", d.jid, d.step.id)  # fmt: skip
    for key, series in sorted(delivery.index.items()):
        latest = series[-1]
        if delivery.is_stale(latest):
            what = "/".join(part for part in key if part)
            newest = delivery.newest_of[latest.journey].isoformat()
            yield (Problem(latest.file, latest.line, 1, "period",
                           f"the latest measure of {what} is from {latest.period.text}, more than "
                           f"{ref.settings.stale_after} days before the newest measures of its journey ({newest})"),
                   "measure-stale", key[0], key[1])  # fmt: skip


def _standard_path(journey: Journey, step: Step, standard: Standard) -> tuple[str | int, ...]:
    for p, phase in enumerate(journey.phases):
        for s, candidate in enumerate(phase.steps):
            if candidate is step:
                return (
                    "phases",
                    p,
                    "steps",
                    s,
                    "standards",
                    next(i for i, x in enumerate(step.standards) if x is standard),
                )
    return ()
