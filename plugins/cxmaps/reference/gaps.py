"""The four experiences of a step and the service gaps between them (after Parasuraman, Zeithaml and Berry).

*Promised* is the step's promise, *expected* and *lived* are authored (lived
is the measured emotion when there is one), *delivered* is the status of the
step's standards (`delivered.Delivery`). A gap is only called open when the
reference shows it, never guessed:

- **expected vs promised**: customers expect something at the step (an
  ``expected`` value) and the step promises nothing;
- **delivered vs promised**: a standard of the step missed its target;
- **lived vs delivered**: every measured standard of the step is met, and
  customers still live it below what they expect (below neutral when no
  expectation is written).

Each gap carries its usual causes from the method (domain.md), as label keys
so that they read in the site's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.format import Journey, Step
from ..model.measurement import Measure
from .delivered import Delivered, Delivery

#: The gaps in the method's order.
GAPS = ("expected-promised", "delivered-promised", "lived-delivered")
#: The usual causes of each gap (label keys ``cause_<gap>_<n>``), from the method.
CAUSES: dict[str, tuple[str, ...]] = {
    "expected-promised": ("misread-expectations", "poor-standards", "unsuitable-communication"),
    "delivered-promised": ("standards-badly-defined", "customer-participation", "no-monitoring"),
    "lived-delivered": ("customer-situation", "role-unease", "misread-perception", "insufficient-monitoring"),
}


@dataclass(frozen=True)
class Lived:
    """A persona's lived experience at a step: measured when there is data, authored otherwise."""

    persona: str
    value: float
    measure: Measure | None = None


@dataclass
class Experiences:
    """The four experiences of one step, and its open gaps."""

    jid: str
    journey: Journey
    step: Step
    expected: list[tuple[str, float]]
    delivered: list[Delivered]
    lived: list[Lived]
    gaps: dict[str, list[str]] = field(default_factory=dict)
    """Each open gap → the personas it is open for (all of the journey's when it does not depend on them)."""

    @property
    def promised(self) -> str | None:
        return self.step.promise


def experiences(delivery: Delivery, jid: str, journey: Journey, step: Step) -> Experiences:
    """The four experiences of a step and its gap diagnosis."""
    low, high = delivery.ref.settings.emotion_scale
    expected = _values(journey, step.expected)
    lived = []
    for pid, authored in _values(journey, step.emotion):
        measured = delivery.measured_emotion(jid, step, pid) or delivery.measured_emotion(jid, step)
        lived.append(Lived(pid, measured.value, measured) if measured else Lived(pid, authored))
    out = Experiences(jid, journey, step, expected, delivery.of_step(jid, step), lived)
    statuses = [d.status for d in out.delivered if d.status]
    if expected and not step.promise:
        out.gaps["expected-promised"] = [pid for pid, _ in expected]
    if "missed" in statuses:
        out.gaps["delivered-promised"] = list(journey.personas)
    elif "met" in statuses:
        wanted = dict(expected)
        short = [one.persona for one in lived if one.value < wanted.get(one.persona, (low + high) / 2)]
        if short:
            out.gaps["lived-delivered"] = short
    return out


def journey_experiences(delivery: Delivery, jid: str, journey: Journey) -> list[Experiences]:
    return [experiences(delivery, jid, journey, step) for step in journey.steps()]


def open_gaps(delivery: Delivery) -> list[Experiences]:
    """Every step of the reference with an open gap, in reference order: the overview of gaps."""
    found = []
    for jid, journey in delivery.ref.journeys.items():
        found += [e for e in journey_experiences(delivery, jid, journey) if e.gaps]
    return found


def _values(journey: Journey, value: float | dict[str, float] | None) -> list[tuple[str, float]]:
    if value is None:
        return []
    if isinstance(value, dict):
        return [(pid, value[pid]) for pid in journey.personas if pid in value]
    return [(pid, value) for pid in journey.personas]
