"""What the measures changed between two revisions: standards whose status changed, new periods, measure rows.

Pure: two `Delivery` objects (the measures and every standard's status of
two revisions) in, plain JSON-able data out (see `compare_delivery`). `cxmaps
diff` writes it in a pull-request comment (review/statusdiff.py); a page's
history shows the statuses a commit of measures changed (history.py).
"""

from __future__ import annotations

from typing import Any

from ..model.measurement import SCORES, Measure
from .core import Reference
from .delivered import STATUSES, Delivered, Delivery

Place = tuple[str, str]
"""(journey, step); an empty step is the whole journey."""


def status_changes(a: Reference, b: Reference) -> dict[str, Any]:
    """The delivered experience's changes from reference `a` to reference `b`."""
    return compare_delivery(Delivery(a), Delivery(b))


def standards_now(changed: list[dict[str, Any]], b: Delivery) -> None:
    """Give each added or changed standard of `changed` (compare's journeys) its status after the change.

    A reviewer's first question about a new target is whether it is met: the
    detail gets ``now`` (met, missed, stale or no-data; nothing without a
    target) and the ``latest`` measure behind it.
    """
    for journey in changed:
        found = b.ref.journeys.get(journey["id"])
        if found is None:
            continue
        steps = {step.id: step for step in found.steps()}
        for d in journey.get("details", []):
            if not d["what"].startswith("standard") or (d["what"] == "standard" and d["to"] is None):
                continue
            step = steps.get(d.get("step", ""))
            standard = next((s for s in step.standards if s.objective == d.get("objective")), None) if step else None
            delivered = b.of(standard) if standard is not None else None
            if delivered is not None and delivered.status is not None:  # without a target, nothing to meet
                d["now"] = delivered.status
                d["latest"] = _row(delivered.latest, b) if delivered.latest else None


def compare_delivery(a: Delivery, b: Delivery) -> dict[str, Any]:
    """Status changes, new periods and measure rows from `a` to `b` (see the module docstring)."""
    moved = renames(b.ref)
    old_periods = {m.period.text for m in a.ref.measures}
    new_periods = sorted({m.period for m in b.ref.measures if m.period.text not in old_periods})
    return {
        "statuses": _statuses(a, b, moved),
        "periods": [p.text for p in new_periods],
        "measures": _measures(a, b, moved),
    }


def renames(ref: Reference) -> dict[Place, Place]:
    """(journey, step) of an earlier revision → (journey, step) in `ref`, from journey and step aliases."""
    current = {(jid, s.id) for jid, j in ref.journeys.items() for s in j.steps()}
    out: dict[Place, Place] = {}
    for jid, journey in ref.journeys.items():
        for old_jid in (jid, *journey.aliases):
            if old_jid != jid and old_jid not in ref.journeys:
                out[(old_jid, "")] = (jid, "")
            for step in journey.steps():
                for old_sid in (step.id, *step.aliases):
                    if (old_jid, old_sid) != (jid, step.id) and (old_jid, old_sid) not in current:
                        out[(old_jid, old_sid)] = (jid, step.id)
    return out


def _status(d: Delivered | None) -> str:
    if d is None:
        return "absent"
    return d.status or "no-target"


def _statuses(a: Delivery, b: Delivery, moved: dict[Place, Place]) -> list[dict[str, Any]]:
    before: dict[tuple[str, str, str], Delivered] = {}
    for d in a.standards:
        jid, sid = moved.get((d.jid, d.step.id), (d.jid, d.step.id))
        before[(jid, sid, d.standard.id)] = d
    out = []
    for d in b.standards:
        old = before.get((d.jid, d.step.id, d.standard.id))
        # A new standard without measures says nothing the journey's diff ("standard added") does not.
        if _status(old) == _status(d) or (old is None and d.status in (None, "no-data")):
            continue
        latest = d.latest
        out.append({
            "journey": d.jid, "step": d.step.id, "standard": d.standard.id, "objective": d.standard.objective,
            "moment": bool(d.step.moment_of_truth), "from": _status(old), "to": _status(d),
            "latest": _row(latest, b) if latest else None,
        })  # fmt: skip
    rank = {status: i for i, status in enumerate(STATUSES)}
    return sorted(out, key=lambda c: (rank.get(c["to"], len(rank)), c["journey"], c["step"], c["standard"]))


def _unit(delivery: Delivery, m: Measure) -> str | None:
    """The unit shown after a measured value: its standard's, or % for a CSAT."""
    if m.metric in SCORES:
        return "%" if m.metric == "csat" else None
    journey = delivery.ref.journeys.get(m.journey)
    step = next((s for s in journey.steps() if s.id == m.step), None) if journey else None
    standard = next((s for s in step.standards if s.id == m.metric), None) if step else None
    return standard.target.unit if standard is not None and standard.target is not None else None


def _row(m: Measure, delivery: Delivery, place: Place | None = None) -> dict[str, Any]:
    persona = delivery.ref.personas.get(m.persona)
    jid, sid = place or (m.journey, m.step)
    return {
        "journey": jid, "step": sid, "persona": m.persona, "who": persona.name if persona else "",
        "metric": m.metric, "period": m.period.text, "value": m.value, "n": m.n, "unit": _unit(delivery, m),
    }  # fmt: skip


def _measures(a: Delivery, b: Delivery, moved: dict[Place, Place]) -> dict[str, list[dict[str, Any]]]:
    old: dict[tuple[str, ...], tuple[Measure, Place]] = {}
    for m in a.ref.measures:
        place = moved.get((m.journey, m.step), (m.journey, m.step))
        old[(*place, m.persona, m.metric, m.period.text)] = (m, place)
    new = {(m.journey, m.step, m.persona, m.metric, m.period.text): m for m in b.ref.measures}
    added, changed = [], []
    for key, m in new.items():
        if key not in old:
            added.append(_row(m, b))
        elif (old[key][0].value, old[key][0].n) != (m.value, m.n):
            changed.append({**_row(m, b), "from": old[key][0].value, "from_n": old[key][0].n})
    removed = [_row(m, a, place) for key, (m, place) in old.items() if key not in new]

    def order(row: dict[str, Any]) -> tuple[Any, ...]:
        return (row["period"], row["journey"], row["step"], row["persona"], row["metric"])

    return {
        "added": sorted(added, key=order),
        "changed": sorted(changed, key=order),
        "removed": sorted(removed, key=order),
    }
