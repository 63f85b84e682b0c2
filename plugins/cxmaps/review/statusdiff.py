"""`cxmaps diff` for the delivered experience (issue 14): status changes and measures between two revisions.

`compare_delivery` is pure: two `Delivery` objects (the measures and every
standard's status of two revisions) in, plain JSON-able data out:

- ``statuses``: every standard whose status changed (met → missed, no data →
  met, a target added or removed…), missed first, with its latest value;
  a standard new in the later revision is listed when it has measures;
- ``periods``: the periods measured in the later revision and in no row of
  the earlier one (a new quarter of data);
- ``measures``: rows ``added``, ``changed`` (same period, journey, step,
  persona and metric, another value or sample size) and ``removed``.

Steps and journeys renamed with ``aliases`` are matched to their former ids,
as in the rest of the diff. `markdown_lines` renders the data for the
pull-request comment in the site's language, author text made literal
(`literal.text`, `literal.code`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..language.i18n import Typography, catalogue, fill
from ..model.measurement import SCORES, Measure
from ..reference.core import Reference
from ..reference.delivered import STATUSES, Delivered, Delivery
from .literal import code, text

#: Rows listed under one period before the rest are counted: a new quarter may hold hundreds.
MAX_LISTED = 20

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


def now_words(d: dict[str, Any], language: str = "en") -> str:
    """ ", now missed (latest 6 min, 2026-Q4, n = 380)" for a detail `standards_now` annotated; "" otherwise."""
    if "now" not in d:
        return ""
    w = _Words(language)
    words = w.say("diff_standard_now", status=w.status(d["now"]))
    latest = d.get("latest")
    if latest:
        words += (
            f" ({w.say('diff_status_latest', value=w.value(latest['value'], latest['unit']), sample=w.sample(latest))})"
        )
    return words


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


class _Words:
    """The site's words and number style for the comment."""

    def __init__(self, language: str) -> None:
        self.t = catalogue(language)
        self.typo = Typography(self.t)

    def say(self, key: str, **values: str) -> str:
        return fill(self.t.get(key, key), **values)

    def value(self, value: float, unit: str | None) -> str:
        number = self.typo.number(value, 2)
        if not unit:
            return number
        return number + (self.t.get("typo_percent_space", "") if unit == "%" else "\u00a0") + text(unit)

    def sample(self, row: dict[str, Any]) -> str:
        return str(row["period"]) + (f", n\u00a0=\u00a0{row['n']}" if row.get("n") else "")

    def status(self, status: str) -> str:
        if status in STATUSES:
            return self.t[f"delivered_{status}"]
        return self.t["diff_status_no_target" if status == "no-target" else "diff_status_absent"]

    def where(self, row: dict[str, Any]) -> str:
        step = code(row["step"]) if row["step"] else text(self.t["diff_whole_journey"])
        return f"{code(row['journey'])} {step}"

    def metric(self, row: dict[str, Any]) -> str:
        name = self.t.get(f"score_{row['metric']}") if row["metric"] in SCORES else None
        return text(name) if name else code(row["metric"])

    def who(self, row: dict[str, Any]) -> str:
        return f" ({text(row['who'] or row['persona'])})" if row["persona"] else ""


def markdown_lines(changes: dict[str, Any] | None, language: str = "en") -> list[str]:
    """The changes as a section of the pull-request comment; nothing when nothing changed."""
    if not changes or not (changes["statuses"] or any(changes["measures"].values())):
        return []
    w = _Words(language)
    lines = ["", f"### {w.say('diff_status')}", ""]
    for c in changes["statuses"]:
        line = f"- {w.where(c)} " + w.say("diff_status_changed", objective=w.typo.quote(text(c["objective"])),
                                          old=w.status(c["from"]), new=w.status(c["to"]))  # fmt: skip
        if c["latest"]:
            latest = c["latest"]
            line += f" ({w.say('diff_status_latest', value=w.value(latest['value'], latest['unit']), sample=w.sample(latest))})"
        lines.append(line)
    lines += _added_lines(w, changes["measures"]["added"], set(changes["periods"]))
    for row in changes["measures"]["changed"]:
        lines.append(f"- {w.where(row)} " + w.say("diff_measure_changed", metric=w.metric(row), who=w.who(row),
                     period=row["period"], old=w.value(row["from"], row["unit"]), new=w.value(row["value"], row["unit"])))  # fmt: skip
    for row in changes["measures"]["removed"]:
        lines.append(f"- {w.where(row)} " + w.say("diff_measure_removed", metric=w.metric(row), who=w.who(row),
                     period=row["period"], value=w.value(row["value"], row["unit"])))  # fmt: skip
    return lines


def _added_lines(w: _Words, added: list[dict[str, Any]], new_periods: set[str]) -> list[str]:
    """New rows grouped by period (a new period says so), at most `MAX_LISTED` listed in each."""
    by_period: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in added:
        by_period[row["period"]].append(row)
    lines = []
    for period, rows in by_period.items():
        key = "diff_measure_period" if period in new_periods else "diff_measure_period_added"
        lines.append("- " + w.say(key, period=period, count=str(len(rows))))
        for row in rows[:MAX_LISTED]:
            lines.append(f"  - {w.where(row)} " + w.say("diff_measure_added", metric=w.metric(row), who=w.who(row),
                         sample=w.sample(row), value=w.value(row["value"], row["unit"])))  # fmt: skip
        if len(rows) > MAX_LISTED:
            lines.append("  - " + w.say("diff_measure_more", count=str(len(rows) - MAX_LISTED)))
    return lines
