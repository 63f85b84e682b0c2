"""The index pages: journeys by service, personas, moments of truth by kind, reference health."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model.format import Journey, Step
from ..reference.delivered import STATUSES
from ..reference.health import RULES, Finding
from .core import Document
from .healthwords import HealthWords
from .portfolio import journey_order, paired

if TYPE_CHECKING:
    from .site import Site


def services(site: Site) -> list[tuple[str, list[tuple[str, Journey]]]]:
    """Journeys grouped by service, services in alphabetical order, journeys without one last."""
    groups: dict[str, list[tuple[str, Journey]]] = defaultdict(list)
    for jid, journey in site.ref.journeys.items():
        groups[journey.service or ""].append((jid, journey))
    return sorted(groups.items(), key=lambda item: (item[0] == "", item[0].lower()))


def statuses(site: Site) -> dict[str, list[tuple[str, int]]]:
    """Each journey's standards with a target, counted by status, worst first (statuses it has none of left out)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for d in site.delivery.standards:
        if d.status:
            counts[d.jid][d.status] += 1
    return {jid: [(status, c[status]) for status in STATUSES if c[status]] for jid, c in counts.items()}


def moments(site: Site) -> list[tuple[str, list[tuple[str, Journey, Step]]]]:
    """Moments of truth grouped by kind, kinds without any left out."""
    groups: dict[str, list[tuple[str, Journey, Step]]] = {"first-time": [], "incident": [], "milestone": []}
    for jid, journey in site.ref.journeys.items():
        for step in journey.steps():
            if step.moment_of_truth:
                groups[step.moment_of_truth.kind].append((jid, journey, step))
    return [(kind, items) for kind, items in groups.items() if items]


def health(site: Site) -> list[tuple[str, str, list[Finding]]]:
    """Findings grouped by rule, in the order of the rules."""
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in site.found:
        grouped[finding.rule].append(finding)
    return [(rule, label, grouped[rule]) for rule, label in RULES.items()]


def documents(site: Site) -> Iterator[Document]:
    def page(kind: str, template: str, **context: object) -> Document:
        uri = f"{kind}/index.md"
        return Document(uri, site.page(template, uri, **context), in_nav=True)

    groups = [(service, paired(site.future, items)) for service, items in services(site)]
    # Issue 27: the journeys x phases heatmap and the persona x journey matrix, in the index's order.
    order = journey_order(groups)
    yield page("journeys", "journeys.md", groups=groups, statuses=statuses(site), order=order)
    yield page("personas", "personas.md", order=order)
    yield page("moments-of-truth", "moments-of-truth.md", groups=moments(site))


def health_documents(site: Site) -> Iterator[Document]:
    uri = "health/index.md"
    # Each finding's message in the site's language (`cxmaps check --lint` keeps the English one).
    say = HealthWords(site.t, site.typo)
    yield Document(uri, site.page("health.md", uri, groups=health(site), say=say), in_nav=True)
