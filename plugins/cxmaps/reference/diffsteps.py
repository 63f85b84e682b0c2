"""What changed inside one journey or one persona: every field a reviewer (and a reader of its history) must see.

Fields are compared from the model, so a field added to the format is
reported without a line here. A step is matched across the two versions by
its id, or by a former id listed in its ``aliases`` (a renamed step), so the
changes made in the same edit as a rename are reported on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from ..model.format import Journey, Persona, Step
from .diffplan import opportunity_changes

#: Step fields compared with a rule of their own (or not at all: id and aliases are the rename).
_STEP_SPECIAL = {"id", "aliases", "emotion", "expected", "standards", "moment_of_truth", "opportunities"}
_JOURNEY_SPECIAL = {"phases", "aliases"}


def plain(value: Any) -> Any:
    """A JSON-able copy of a field value (models become mappings)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def field_changes(old: BaseModel, new: BaseModel, skip: set[str], **where: str) -> Iterator[dict[str, Any]]:
    """One change per field whose value differs, in the model's order."""
    for name in type(new).model_fields:
        if name in skip:
            continue
        before, after = plain(getattr(old, name, None)), plain(getattr(new, name, None))
        if before != after:
            yield {**where, "what": name, "from": before, "to": after}


def step_matches(old: Journey, new: Journey) -> dict[str, str]:
    """new step id → the old step id it continues: the same id, or a former id in its aliases."""
    was = {s.id for s in old.steps()}
    now = {s.id for s in new.steps()}
    matches: dict[str, str] = {}
    for step in new.steps():
        if step.id in was:
            matches[step.id] = step.id
            continue
        former = next((a for a in step.aliases if a in was and a not in now), None)
        if former is not None:
            matches[step.id] = former
    return matches


def journey_changes(old: Journey, new: Journey, names: dict[str, str]) -> dict[str, Any]:
    """Steps added, removed, renamed and moved, and every changed field of the journey, its phases and steps."""
    matches = step_matches(old, new)
    old_steps = {s.id: s for s in old.steps()}
    out: dict[str, Any] = {}
    renamed = [{"from": f, "to": t, "name": _step(new, t).name} for t, f in matches.items() if f != t]
    _put(out, "steps_renamed", renamed)
    phases_now = {s.id: p.name for p in new.phases for s in p.steps}
    matched_old = set(matches.values())
    _put(
        out,
        "steps_added",
        [{"id": s.id, "name": s.name, "phase": phases_now[s.id]} for s in new.steps() if s.id not in matches],
    )
    _put(out, "steps_removed", [{"id": s.id, "name": s.name} for s in old.steps() if s.id not in matched_old])
    _put(out, "steps_moved", _moves(old, new, matches))
    details: list[dict[str, Any]] = list(field_changes(old, new, _JOURNEY_SPECIAL))
    details += _phase_changes(old, new)
    for step in new.steps():
        if step.id in matches:
            details += step_changes(old_steps[matches[step.id]], step, new.personas, names)
    _put(out, "details", details)
    return out


def _step(journey: Journey, sid: str) -> Step:
    return next(s for s in journey.steps() if s.id == sid)


def _put(out: dict[str, Any], key: str, items: list[Any]) -> None:
    if items:
        out[key] = items


def _moves(old: Journey, new: Journey, matches: dict[str, str]) -> list[dict[str, Any]]:
    """Steps that changed phase, or left the longest run of steps that kept their order."""
    was = {s.id: (p.name, i) for i, (p, s) in enumerate((p, s) for p in old.phases for s in p.steps)}
    now = {s.id: (p.name, i) for i, (p, s) in enumerate((p, s) for p in new.phases for s in p.steps)}
    common = [t for t in now if t in matches]
    by_old = sorted(common, key=lambda t: was[matches[t]][1])
    kept = _longest_common(by_old, common)
    moves = []
    for sid in common:
        before, after = was[matches[sid]][0], now[sid][0]
        if sid not in kept or before != after:
            moves.append({"id": sid, "from": before, "to": after})
    return moves


def _longest_common(a: list[str], b: list[str]) -> set[str]:
    """The steps that kept their relative order (longest common subsequence)."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
    kept, i, j = set(), 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            kept.add(a[i])
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return kept


def _phase_changes(old: Journey, new: Journey) -> Iterator[dict[str, Any]]:
    """Phases compared by their place: a new name, or a new kind."""
    for before, after in zip(old.phases, new.phases, strict=False):  # phases added or removed: their steps say it
        if before.name != after.name:
            yield {"what": "phase name", "from": before.name, "to": after.name}
        if before.kind != after.kind:
            yield {"what": "phase kind", "phase": after.name, "from": before.kind, "to": after.kind}


def values(step: Step, field: str, personas: list[str]) -> dict[str, float]:
    """A step's emotion (or expected) value for each persona."""
    value = getattr(step, field)
    if value is None:
        return {}
    return dict(value) if isinstance(value, dict) else dict.fromkeys(personas, value)


def step_changes(old: Step, new: Step, personas: list[str], names: dict[str, str]) -> Iterator[dict[str, Any]]:
    """Every change of one step: fields, emotions by persona, standards, moment of truth."""
    yield from field_changes(old, new, _STEP_SPECIAL, step=new.id)
    for field in ("emotion", "expected"):
        before, after = values(old, field, personas), values(new, field, personas)
        for pid in personas:
            if before.get(pid) != after.get(pid):
                who = names.get(pid, pid)
                yield {"step": new.id, "what": field, "persona": who, "from": before.get(pid), "to": after.get(pid)}
    yield from _standard_changes(old, new)
    yield from _moment_changes(old, new)
    yield from opportunity_changes(old, new)  # new opportunities, status changes (issue 27, diffplan.py)


def _standard_changes(old: Step, new: Step) -> Iterator[dict[str, Any]]:
    before = {s.objective: s for s in old.standards}
    after = {s.objective: s for s in new.standards}
    for objective in [*before, *(o for o in after if o not in before)]:
        b, a = before.get(objective), after.get(objective)
        if b is None or a is None:
            level = {"from": b.level if b else None, "to": a.level if a else None}
            yield {"step": new.id, "what": "standard", "objective": objective, **level}
            continue
        for change in field_changes(b, a, {"objective"}, step=new.id, objective=objective):
            yield {**change, "what": f"standard {change['what']}"}


def _moment_changes(old: Step, new: Step) -> Iterator[dict[str, Any]]:
    was, now = old.moment_of_truth, new.moment_of_truth
    if was is None or now is None:
        if was is not now:
            yield {"step": new.id, "what": "moment of truth", "from": was and was.kind, "to": now and now.kind}
        return
    for change in field_changes(was, now, set(), step=new.id):
        yield {**change, "what": f"moment of truth {change['what']}"}


def persona_changes(old: Persona, new: Persona) -> list[dict[str, Any]]:
    """Every changed field of a persona (name, role, profile, lists…)."""
    return list(field_changes(old, new, {"aliases"}))
