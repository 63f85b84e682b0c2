"""The loop closed (format 1.2): owned opportunities against the measured delivery of their standards.

An opportunity says which of its step's standards it should move. When it is
*done* and one of them is still *missed* in a period after its due period
(without a due period: its latest measure misses), the reference says so, on
the plan, on the step and in health: "done, standard still missed since …".
Two more health rules: a planned or in-progress opportunity with no owner or
no due period, and a missed standard on a moment of truth that no
opportunity addresses (names in its ``standards``, unless dropped).

Pure functions over a validated `Reference` and its `Delivery`, computed
once per build (`Improvements`); the pages and the health rules read them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model.measurement import Measure, parse_period
from ..model.opportunity import COMMITTED
from ..source.problems import Problem
from .core import Reference, problem_at
from .delivered import Delivered, Delivery, meets
from .opportunities import Placed, structured


@dataclass(frozen=True)
class StillMissed:
    """A standard an opportunity marked done should have moved, missed again since `since`."""

    delivered: Delivered
    since: Measure
    """The first period, after the opportunity's due period, of the latest run of misses."""


def still_missed(o: Placed, delivery: Delivery) -> list[StillMissed]:
    """The standards of a done opportunity that its step still misses after its due period."""
    if o.opportunity.status != "done" or not o.opportunity.standards:
        return []
    due = parse_period(o.opportunity.due) if o.opportunity.due else None
    out = []
    by_id = {d.standard.id: d for d in delivery.of_step(o.jid, o.step)}
    for sid in o.opportunity.standards:
        d = by_id.get(sid)
        if d is None or d.standard.target is None or not d.series or meets(d.standard.target, d.series[-1].value):
            continue
        run = d.series[len(d.series) - d.missed_in_a_row :]
        after = [m for m in run if due is None or m.period.start > due.end]
        if after:
            out.append(StillMissed(d, after[0]))
    return out


class Improvements:
    """Every structured opportunity, and what the loop says of it, for one reference."""

    def __init__(self, ref: Reference, delivery: Delivery) -> None:
        self.ref = ref
        self.delivery = delivery
        self.items: list[Placed] = structured(ref)
        self.still: dict[tuple[str, str], list[StillMissed]] = {}
        for o in self.items:
            found = still_missed(o, delivery)
            if found:
                self.still[o.key] = found
        self.addressed = {
            (o.jid, o.step.id, sid) for o in self.items if o.opportunity.status != "dropped"
            for sid in o.opportunity.standards
        }  # fmt: skip

    def of(self, jid: str, oid: str) -> list[StillMissed]:
        """What the loop says of one opportunity (for the templates): the standards still missed."""
        return self.still.get((jid, oid), [])


def _label(o: Placed) -> str:
    return f"opportunity '{o.opportunity.id}' of step '{o.step.id}'"


def findings(ref: Reference, delivery: Delivery) -> Iterator[tuple[Problem, str, str, str]]:
    """The health rules of the improvement plan, as (problem, rule, journey, step)."""
    plan = Improvements(ref, delivery)
    for o in plan.items:
        source = ref.journey_sources[o.jid]
        status = (*o.path, "status") if (*o.path, "status") in source.positions.values else (*o.path, "title")
        for s in plan.of(o.jid, o.opportunity.id):
            m = s.since
            message = (f"{_label(o)} is done, but standard '{s.delivered.standard.id}' is still missed since "
                       f"{m.period.text} ({m.value:g}; {m.file}:{m.line})")  # fmt: skip
            yield problem_at(source, status, message), "opportunity-still-missed", o.jid, o.step.id
        if o.opportunity.status in COMMITTED:
            missing = [name for name in ("owner", "due") if not getattr(o.opportunity, name)]
            if missing:
                message = f"{_label(o)} is {o.opportunity.status} but has no {' and no '.join(missing)}"
                yield problem_at(source, status, message), "opportunity-unowned", o.jid, o.step.id
    for d in delivery.standards:
        if not d.step.moment_of_truth or d.standard.target is None or not d.series:
            continue
        if d.status not in ("missed", "stale") or meets(d.standard.target, d.series[-1].value):
            continue
        if (d.jid, d.step.id, d.standard.id) in plan.addressed:
            continue
        source = ref.journey_sources[d.jid]
        path = _standard_path(d)
        message = (f"standard '{d.standard.id}' of step '{d.step.id}', on a moment of truth, is missed and no "
                   f"opportunity addresses it: add one with standards: [{d.standard.id}]")  # fmt: skip
        yield problem_at(source, path, message), "moment-missed-unaddressed", d.jid, d.step.id


def _standard_path(d: Delivered) -> tuple[str | int, ...]:
    for p, phase in enumerate(d.journey.phases):
        for s, step in enumerate(phase.steps):
            if step is d.step:
                index = next(i for i, x in enumerate(step.standards) if x is d.standard)
                return ("phases", p, "steps", s, "standards", index, "target")
    return ()
