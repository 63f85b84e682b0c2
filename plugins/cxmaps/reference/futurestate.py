"""Future-state journeys (format 1.2): a ``status: target`` journey that ``improves`` a current one.

`check_improves` says where ``improves`` is wrong, located like every other
check. `compare` pairs the steps of a target journey with those of the
journey it improves: a step with the same id, or whose former ids
(``aliases``, either way) name the other, is the same step, redesigned; a
current step the target lacks is removed (or dematerialised); a target-only
step is new. The personas compared are those both journeys share.

Decided here, and documented in docs/format-reference.md: a target journey
improves a *current* one (status current, or no status); improving a journey
that is itself a target is an error, so a chain of targets, and with it any
cycle, cannot be written. Two targets may improve the same current journey
(two scenarios). ``improves`` may name a former id of the journey (its
``aliases``): the link follows the rename.

Pure functions over a validated `Reference`; the pages render `Comparison`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model.format import Journey, Standard, Step
from ..source.problems import Problem, did_you_mean
from .core import Reference, problem_at

#: Step fields compared by a rule of their own; the others are "other changes", named by their field.
_OWN_RULE = frozenset({"id", "aliases", "name", "promise", "emotion", "standards", "moment_of_truth", "sources"})
#: The changes said in a sentence of their own (`Change.what`); any other is a step field's name.
SAID = (
    "name",
    "promise",
    "emotion",
    "standard-added",
    "standard",
    "standard-removed",
    "moment-added",
    "moment-removed",
)


def resolve(ref: Reference, jid: str) -> str | None:
    """The id of the journey `jid` names: its own id, or a former id (``aliases``) of one; None if none."""
    if jid in ref.journeys:
        return jid
    return next((other for other, j in ref.journeys.items() if jid in j.aliases), None)


def check_improves(ref: Reference) -> Iterator[Problem]:
    """Every wrong ``improves``: without ``status: target``, unknown, itself, a target, a cycle."""
    for jid, journey in ref.journeys.items():
        if journey.improves is None:
            continue
        source = ref.journey_sources[jid]
        where = ("improves",)
        name = journey.improves
        if journey.status != "target":
            yield problem_at(source, where, f"'improves' is only for a to-be journey: add 'status: target' "
                             f"(this journey redesigns '{name}'), or remove 'improves'")  # fmt: skip
            continue
        current = resolve(ref, name)
        if current is None:
            if f"journeys/{name}" in ref.invalid:
                continue  # its own problems are reported
            others = [other for other in ref.journeys if other != jid]
            hint = did_you_mean(name, others) or (f"; known journeys: {', '.join(others[:8])}" if others else "")
            yield problem_at(source, where, f"unknown journey '{name}'{hint}")
        elif current == jid:
            yield problem_at(source, where, "a journey cannot improve itself: name the current journey it redesigns")
        elif ref.journeys[current].status == "target":
            yield problem_at(source, where, _target_message(ref, jid, current))


def _target_message(ref: Reference, jid: str, current: str) -> str:
    """Why improving a target journey is refused, with the way out (and the cycle, when there is one)."""
    chain = [jid, current]
    while (nxt := ref.journeys[chain[-1]].improves) is not None and (nxt := resolve(ref, nxt)) is not None:
        if nxt in chain:
            cycle = " → ".join([*chain[chain.index(nxt) :], nxt])
            return (f"journeys improve each other in a cycle ({cycle}): a target journey improves a current "
                    "one; give the current journey 'status: current' and remove its 'improves'")  # fmt: skip
        chain.append(nxt)
        if ref.journeys[nxt].status != "target":
            break
    base = ref.journeys[current].improves
    way = f"name the current journey it improves, '{base}'" if base else "name a current journey"
    return f"journey '{current}' is itself a target (status: target): {way}"


@dataclass(frozen=True)
class Change:
    """One difference of a redesigned step, as data: the page says it in its language."""

    what: str
    """name, promise, emotion, standard, standard-added, standard-removed, moment-added, moment-removed, or a
    step field's name (touchpoints, support…) for the other changes."""
    old: Any = None
    new: Any = None
    persona: str = ""
    standard: str = ""
    """The standard's objective (as the target writes it, or the current one for a removed standard)."""
    part: str = ""
    """For a changed standard: which of its fields (level, target, owner…)."""


@dataclass(frozen=True)
class Pair:
    """A current step and the target step that redesigns it."""

    current: Step
    target: Step
    current_phase: str
    target_phase: str
    changes: list[Change]
    via: str = ""
    """The former id through which they pair, when their ids differ."""

    @property
    def others(self) -> list[Change]:
        """The changes of fields other than the name, promise, emotions, standards and moment of truth."""
        return [c for c in self.changes if c.what not in SAID]

    @property
    def said(self) -> list[Change]:
        """The changes said in a sentence each: name, promise, emotions, standards, moment of truth."""
        return [c for c in self.changes if c.what in SAID]


@dataclass
class Comparison:
    """A target journey against the current journey it improves."""

    target_id: str
    current_id: str
    target: Journey
    current: Journey
    personas: list[str]
    """The personas both journeys share, in the target's order."""
    removed: list[tuple[Step, str]] = field(default_factory=list)
    """Current steps the target does not have, with their phase's name."""
    added: list[tuple[Step, str]] = field(default_factory=list)
    redesigned: list[Pair] = field(default_factory=list)
    """Steps in both journeys that differ, in the target's order."""
    kept: list[Pair] = field(default_factory=list)
    """Steps in both journeys that do not differ."""
    positions: list[float] = field(default_factory=list)
    """Each current step's place on the target's columns (see `positions`), for the curve drawn behind."""

    def ghost(self) -> dict[str, Any]:
        """The current curve for the target's chart: per shared persona, (place, value, step name) of each step."""
        points: dict[str, list[list[Any]]] = {}
        for pid in self.personas:
            points[pid] = [[x, value, step.name] for x, step in zip(self.positions, self.current.steps(), strict=True)
                           if (value := emotion_of(step, pid, self.current.personas)) is not None]  # fmt: skip
        return {"title": self.current.title, "points": points}


def emotion_of(step: Step, pid: str, personas: list[str]) -> float | None:
    """A persona's lived emotion at a step (a single number is every persona's)."""
    value = step.emotion
    if isinstance(value, dict):
        return value.get(pid)
    return value if pid in personas else None


def pair_steps(current: Journey, target: Journey) -> dict[str, tuple[Step, str]]:
    """target step id → (the current step it redesigns, the former id they pair through or "").

    Same ids first; then a former id of either step naming the other. Each current step pairs once.
    """
    by_id = {s.id: s for s in current.steps()}
    pairs: dict[str, tuple[Step, str]] = {}
    taken: set[str] = set()
    for step in target.steps():
        if step.id in by_id:
            pairs[step.id] = (by_id[step.id], "")
            taken.add(step.id)
    for step in target.steps():
        if step.id in pairs:
            continue
        found = next((a for a in step.aliases if a in by_id and a not in taken), None)
        if found is not None:
            pairs[step.id] = (by_id[found], found)
        else:
            old = next((s for s in current.steps() if step.id in s.aliases and s.id not in taken), None)
            if old is None:
                continue
            found = old.id
            pairs[step.id] = (old, step.id)
        taken.add(found)
    return pairs


def compare(ref: Reference, target_id: str) -> Comparison | None:
    """The target journey `target_id` against the journey it improves; None when it improves none."""
    target = ref.journeys[target_id]
    current_id = resolve(ref, target.improves) if target.improves else None
    if current_id is None or current_id == target_id:
        return None
    current = ref.journeys[current_id]
    shared = [pid for pid in target.personas if pid in current.personas]
    out = Comparison(target_id, current_id, target, current, shared)
    pairs = pair_steps(current, target)
    phase_of = {id(s): p.name for j in (current, target) for p in j.phases for s in p.steps}
    for step in target.steps():
        if step.id not in pairs:
            out.added.append((step, phase_of[id(step)]))
            continue
        old, via = pairs[step.id]
        pair = Pair(old, step, phase_of[id(old)], phase_of[id(step)], list(step_changes(old, step, current, target,
                                                                                          shared)), via)  # fmt: skip
        (out.redesigned if pair.changes else out.kept).append(pair)
    paired = {id(old) for old, _via in pairs.values()}
    out.removed = [(s, phase_of[id(s)]) for s in current.steps() if id(s) not in paired]
    out.positions = positions(current, target, pairs)
    return out


def step_changes(old: Step, new: Step, current: Journey, target: Journey, shared: list[str]) -> Iterator[Change]:
    """What differs between a current step and its redesign: name, promise, emotions, standards, the rest."""
    if old.name != new.name:
        yield Change("name", old.name, new.name)
    if old.promise != new.promise:
        yield Change("promise", old.promise, new.promise)
    for pid in shared:
        before, after = emotion_of(old, pid, current.personas), emotion_of(new, pid, target.personas)
        if before != after:
            yield Change("emotion", before, after, persona=pid)
    yield from _standards(old.standards, new.standards)
    if (old.moment_of_truth is None) != (new.moment_of_truth is None):
        yield Change("moment-added" if new.moment_of_truth else "moment-removed")
    for name in Step.model_fields:
        if name not in _OWN_RULE and _plain(getattr(old, name)) != _plain(getattr(new, name)):
            yield Change(name)


def _standards(old: list[Standard], new: list[Standard]) -> Iterator[Change]:
    """Standards paired by id: added, removed, and each changed field of one in both."""
    before = {s.id: s for s in old}
    after = {s.id: s for s in new}
    for sid, standard in after.items():
        was = before.get(sid)
        if was is None:
            yield Change("standard-added", None, standard.level, standard=standard.objective, part=sid)
            continue
        for name in Standard.model_fields:
            if name != "id" and _plain(getattr(was, name)) != _plain(getattr(standard, name)):
                yield Change("standard", getattr(was, name), getattr(standard, name), standard=standard.objective,
                             part=name)  # fmt: skip
    for sid, standard in before.items():
        if sid not in after:
            yield Change("standard-removed", standard.level, None, standard=standard.objective, part=sid)


def _plain(value: Any) -> Any:
    dump = getattr(value, "model_dump", None)
    if dump is not None:
        return dump(mode="json")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def positions(current: Journey, target: Journey, pairs: dict[str, tuple[Step, str]]) -> list[float]:
    """Each current step's place on the target's columns (step *i* of the target at *i*).

    A paired step sits on its redesign's column. The others (removed steps)
    are spread evenly between the paired steps around them, or between the
    chart's edges (-0.5 and n - 0.5) where no paired step is on a side: the
    current curve keeps its shape, and a removed step shows between columns.
    """
    column = {s.id: i for i, s in enumerate(target.steps())}
    anchors = {id(old): float(column[tid]) for tid, (old, _via) in pairs.items()}
    steps = current.steps()
    following: list[tuple[int, float]] = []  # the next paired step after each step (one pass from the end)
    nxt = (len(steps), len(column) - 0.5)
    for i in range(len(steps) - 1, -1, -1):
        following.append(nxt)
        if id(steps[i]) in anchors:
            nxt = (i, anchors[id(steps[i])])
    following.reverse()
    out: list[float] = []
    last_index, last_x = -1, -0.5
    for i, step in enumerate(steps):
        if id(step) in anchors:
            last_index, last_x = i, anchors[id(step)]
            out.append(last_x)
        else:
            end_index, end_x = following[i]
            out.append(last_x + (end_x - last_x) * (i - last_index) / (end_index - last_index))
    return out


class FutureStates:
    """Every target journey's comparison, and each current journey's targets, computed once per build."""

    def __init__(self, ref: Reference) -> None:
        self.of: dict[str, Comparison] = {}
        self.targets: dict[str, list[str]] = {}
        for jid, journey in ref.journeys.items():
            if journey.improves is not None and journey.status == "target":
                found = compare(ref, jid)
                if found is not None:
                    self.of[jid] = found
                    self.targets.setdefault(found.current_id, []).append(jid)

    def ghost(self, jid: str) -> dict[str, Any] | None:
        """The current curve drawn behind a target journey's (`Comparison.ghost`), or None."""
        found = self.of.get(jid)
        return found.ghost() if found is not None and found.personas else None
