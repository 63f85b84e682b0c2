"""Owners (`owners/`, `owners/<slug>/`): each owner's journeys, steps and standards with their status,
and the opportunities they carry (format 1.2).

An owner is whoever the reference names as accountable: a journey's
``owner`` or a standard's. Names are folded into one owner per slug with the
rule of the touchpoint and system pages (`entries.entry_slug`), so "Front
office manager" and "front-office manager" are one page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..language.fold import usual_spelling
from ..model.format import Journey
from ..reference.delivered import Delivered
from ..reference.entries import entry_slug
from ..reference.opportunities import Placed
from .core import Document

if TYPE_CHECKING:
    from .site import Site


@dataclass
class Owner:
    """One owner and what they are accountable for, in reference order."""

    slug: str
    names: list[str] = field(default_factory=list)
    journeys: list[tuple[str, Journey]] = field(default_factory=list)
    standards: list[Delivered] = field(default_factory=list)
    opportunities: list[Placed] = field(default_factory=list)
    """The owned opportunities they carry (format 1.2), in reference order."""

    @property
    def name(self) -> str:
        """The spelling the reference uses most; on a tie, the first met."""
        return usual_spelling(self.names)

    @property
    def spellings(self) -> list[str]:
        """Every other way the reference writes this owner (capitals, accents, spaces), in the order met."""
        name = self.name
        return [text for text in dict.fromkeys(self.names) if text != name]

    @property
    def missed(self) -> int:
        return sum(1 for d in self.standards if d.status == "missed")

    def by_step(self) -> list[tuple[str, Journey, list[Delivered]]]:
        """The owner's standards grouped by step, in reference order."""
        groups: dict[tuple[str, str], tuple[str, Journey, list[Delivered]]] = {}
        for d in self.standards:
            groups.setdefault((d.jid, d.step.id), (d.jid, d.journey, []))[2].append(d)
        return list(groups.values())


def owners(site: Site) -> list[Owner]:
    """Every owner of a journey or a standard, by slug."""
    found: dict[str, Owner] = {}

    def owner(name: str) -> Owner:
        entry = found.setdefault(entry_slug(name), Owner(entry_slug(name)))
        entry.names.append(name)
        return entry

    for jid, journey in site.ref.journeys.items():
        if journey.owner:
            owner(journey.owner).journeys.append((jid, journey))
    for d in site.delivery.standards:
        if d.standard.owner:
            owner(d.standard.owner).standards.append(d)
    for o in site.plan.items:
        if o.opportunity.owner:
            owner(o.opportunity.owner).opportunities.append(o)
    return [found[slug] for slug in sorted(found)]


def documents(site: Site) -> Iterator[Document]:
    everyone = owners(site)
    uri = "owners/index.md"
    yield Document(uri, site.page("owners.md", uri, owners=everyone), in_nav=True)
    for one in everyone:
        uri = f"owners/{one.slug}.md"
        yield Document(uri, site.page("owner.md", uri, owner=one))
