"""What the journey canvas shows of the delivered experience (issue 14), read from a `Delivery` (pure).

- the delivered lane: the steps with a measured standard (one with a target and at
  least one measure); a journey with none has no delivered lane;
- the evidence badge under each step's name, when the site has measures or sources
  (without either, every step would say "assumed");
- the measured emotion of each step and persona for the curve, as plain data for the
  chart's spec (so the cache key changes when the measures do).
"""

from __future__ import annotations

from typing import Any

from ..model.format import Journey
from ..reference.delivered import Delivery


def measured_steps(delivery: Delivery, jid: str, journey: Journey) -> frozenset[str]:
    """The ids of the journey's steps with at least one standard measured against its target."""
    return frozenset(
        step.id for step in journey.steps() if any(d.status and d.series for d in delivery.of_step(jid, step))
    )


def shows_evidence(delivery: Delivery) -> bool:
    """Whether the canvas shows each step's evidence level: the site has measures or sources."""
    return bool(delivery.ref.measures or delivery.ref.sources)


def measured_emotions(delivery: Delivery, jid: str, journey: Journey) -> dict[str, dict[str, dict[str, Any]]]:
    """step id → persona id → the latest measured emotion drawn in that persona's band.

    A persona's own measure first; else the one measured for all the journey's
    customers (``all``: true), which stands for each of them. Each entry holds
    ``value``, ``period`` (as written in the CSV), ``n`` (or None) and ``all``.
    """
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for step in journey.steps():
        everyone = delivery.measured_emotion(jid, step)
        found = {}
        for pid in journey.personas:
            own = delivery.measured_emotion(jid, step, pid)
            m = own or everyone
            if m is not None:
                found[pid] = {"value": m.value, "period": m.period.text, "n": m.n, "all": own is None}
        if found:
            out[step.id] = found
    return out
