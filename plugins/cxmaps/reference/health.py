"""Reference health: what makes a reference trustworthy, beyond being valid.

Each rule yields findings located like validation problems (file, line,
field). Findings are advice: `cxmaps check --lint` prints them and the
``health/`` page lists them; a build fails on them only when the site sets
``fail_on_health: true``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model.format import Journey, Persona
from ..model.measurement import Measure
from ..model.scaffold import placeholders_left
from ..source.flowcommas import cut_by_comma
from ..source.pitfalls import cut_by_comment
from ..source.problems import FieldPath, Problem
from .core import Reference, Source, problem_at
from .delivered import Delivery
from .delivered import findings as delivery_findings
from .improvements import findings as improvement_findings
from .timeline import review_of


@dataclass(frozen=True, order=True)
class Finding:
    """One health finding: a rule broken at one place."""

    problem: Problem
    rule: str
    """The rule's id, e.g. ``step-without-promise``."""
    journey: str = ""
    step: str = ""


RULES = {
    "journey-without-owner": "journey with no owner",
    "step-without-promise": "step with no service promise",
    "moment-without-standard": "moment of truth with no standard on its step",
    "standard-incomplete": "standard with no indicator, measure or owner",
    "persona-unused": "persona used by no journey",
    "journey-without-expected": "journey without any expected values (no gap can be seen)",
    "step-without-customer-actions": "step whose customer lane is empty",
    "text-cut-by-comment": "text cut short by ' #', which starts a YAML comment",
    "text-cut-by-comma": "a sentence split in two by the commas of a [flow, list]",
    "placeholder-left": "placeholder of `cxmaps new` left in a file",
    # the delivered experience (format 1.1, see delivered.py)
    "standard-without-target": "standard with no target (it cannot be checked against measures)",
    "target-without-measures": "standard with a target and no measures",
    "measure-stale": "measure whose latest value is stale",
    "moment-missed": "standard on a moment of truth that missed its target",
    "csat-five-point": "CSAT series whose values all look like a 1-5 average, not a percentage",
    # the improvement plan (format 1.2, see improvements.py)
    "opportunity-still-missed": "opportunity done whose standard is still missed after its due period",
    "opportunity-unowned": "planned or in-progress opportunity with no owner or no due period",
    "moment-missed-unaddressed": "missed standard on a moment of truth that no opportunity addresses",
    # a living reference (format 1.2, see timeline.py)
    "review-due": "journey or persona due for review",
}


def findings(ref: Reference) -> list[Finding]:
    """Every finding of every rule, sorted by file and line."""
    delivery = Delivery(ref)
    delivered = [Finding(*found) for found in delivery_findings(ref, delivery)]
    delivered += [Finding(*found) for found in improvement_findings(ref, delivery)]
    found = [*_journey_findings(ref), *_persona_findings(ref), *_cut_texts(ref), *_placeholders(ref), *delivered]
    return sorted([*found, *_csat_scale(ref), *_reviews_due(ref)])


def _reviews_due(ref: Reference) -> Iterator[Finding]:
    """A journey or persona not checked against reality for `review_every` days (see timeline.py)."""
    items: list[tuple[str, Journey | Persona, Source, FieldPath]] = [
        (jid, j, ref.journey_sources[jid], ("title",)) for jid, j in ref.journeys.items()
    ]
    items += [("", p, ref.persona_sources[pid], ("name",)) for pid, p in ref.personas.items()]
    today = ref.timeline.day if ref.timeline is not None else None
    for jid, item, source, head in items:
        review = review_of(ref, item.reviewed, source.display)
        if not review.is_due or today is None:
            continue
        days = ref.settings.review_every
        if review.reviewed is not None:
            message = (f"reviewed {review.reviewed.isoformat()}, more than {days} days before the reference's date "
                       f"({today.isoformat()}): check it against reality, then update 'reviewed'")  # fmt: skip
            path: FieldPath = ("reviewed",)
        else:
            message = (f"last changed {review.since.isoformat() if review.since else ''} and never reviewed, more "
                       f"than {days} days before the reference's date ({today.isoformat()}): check it against "
                       f"reality, then add 'reviewed: {today.isoformat()}'")  # fmt: skip
            path = head
        yield Finding(problem_at(source, path, message), "review-due", jid)


def _csat_scale(ref: Reference) -> Iterator[Finding]:
    """A CSAT series of values from 1 to 5: a 1-5 average read as a percentage would show "4.4 %".

    CSAT is the share of satisfied customers (0 to 100). Values that all lie
    between 1 and 5 are most likely an average on a 5-point scale: ambiguous,
    so a warning at the series' latest row, never an error.
    """
    series: dict[tuple[str, str, str], list[Measure]] = {}
    for m in ref.measures:
        if m.metric == "csat":
            series.setdefault((m.journey, m.step, m.persona), []).append(m)
    for (jid, step, _), rows in sorted(series.items()):
        if all(1 <= m.value <= 5 for m in rows):
            latest = max(rows, key=lambda m: m.period)
            message = (f"csat values {', '.join(f'{m.value:g}' for m in rows[:3])}{'…' if len(rows) > 3 else ''} "
                       "look like a 1-5 average: CSAT is the percentage of satisfied customers (0 to 100), "
                       "e.g. the share who answered 4 or 5")  # fmt: skip
            yield Finding(Problem(latest.file, latest.line, 1, "value", message), "csat-five-point", jid, step)


def missed_on_moments(found: list[Finding]) -> list[Finding]:
    """The findings that fail a build and `cxmaps check` under ``fail_on_missed: true``."""
    return [f for f in found if f.rule == "moment-missed"]


def _placeholders(ref: Reference) -> Iterator[Finding]:
    """A starter's placeholder passes validation; published, it would read "Name of the persona"."""
    items: list[tuple[str, Journey | Persona, Source]] = [
        (jid, j, ref.journey_sources[jid]) for jid, j in ref.journeys.items()
    ]
    items += [("", p, ref.persona_sources[pid]) for pid, p in ref.personas.items()]
    for jid, item, source in items:
        for path, value in placeholders_left(item):
            message = f"'{value}' is a placeholder of `cxmaps new`; replace it before publishing"
            yield Finding(problem_at(source, path, message), "placeholder-left", jid)


def _cut_texts(ref: Reference) -> Iterator[Finding]:
    """Text after `` #word`` is a comment to YAML: the raw lines show what the model cannot."""
    for kind, sources in (("journey", ref.journey_sources), ("persona", ref.persona_sources)):
        for item_id, source in sources.items():
            try:
                text = source.path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue
            for path, message in cut_by_comment(text, source.positions):
                yield Finding(
                    problem_at(source, path, message), "text-cut-by-comment", item_id if kind == "journey" else ""
                )
            for path, message in cut_by_comma(text, source.positions):
                yield Finding(
                    problem_at(source, path, message), "text-cut-by-comma", item_id if kind == "journey" else ""
                )


def _journey_findings(ref: Reference) -> Iterator[Finding]:
    for jid, journey in ref.journeys.items():
        yield from _one_journey(jid, journey, ref.journey_sources[jid])


def _one_journey(jid: str, journey: Journey, source: Source) -> Iterator[Finding]:
    def finding(rule: str, path: FieldPath, message: str, step: str = "") -> Finding:
        return Finding(problem_at(source, path, message), rule, jid, step)

    if not journey.owner:
        yield finding("journey-without-owner", ("title",), "no owner: add 'owner' (who is accountable for the journey)")
    if all(step.expected is None for step in journey.steps()):
        yield finding(
            "journey-without-expected", ("phases",), "no step has 'expected': without it no service gap can be seen"
        )
    for p, phase in enumerate(journey.phases):
        for s, step in enumerate(phase.steps):
            path: FieldPath = ("phases", p, "steps", s)
            if not step.promise:
                yield finding("step-without-promise", (*path, "name"), f"step '{step.id}' has no 'promise'", step.id)
            if not step.customer:
                yield finding(
                    "step-without-customer-actions",
                    (*path, "name"),
                    f"step '{step.id}' has no 'customer' actions",
                    step.id,
                )
            if step.moment_of_truth and not step.standards:
                yield finding("moment-without-standard", (*path, "moment_of_truth"),
                              f"moment of truth '{step.id}' has no standard on its step", step.id)  # fmt: skip
            for i, standard in enumerate(step.standards):
                missing = [f for f in ("indicator", "measure", "owner") if not getattr(standard, f)]
                if missing:
                    yield finding("standard-incomplete", (*path, "standards", i),
                                  f"standard '{standard.objective}' has no {', '.join(missing)}", step.id)  # fmt: skip


def _persona_findings(ref: Reference) -> Iterator[Finding]:
    used = {pid for journey in ref.journeys.values() for pid in journey.personas}
    for pid in ref.personas:
        if pid not in used:
            source = ref.persona_sources[pid]
            yield Finding(problem_at(source, ("name",), f"persona '{pid}' appears in no journey"), "persona-unused")
