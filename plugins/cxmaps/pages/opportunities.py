"""The improvement plan (`opportunities/`) and one page per initiative (`opportunities/<slug>/`), format 1.2.

The plan lists every owned opportunity (written as a mapping on a step):
quick wins, then projects, then those not classified yet, each by status
(in progress first, dropped last); then the priority matrix, impact for
customers against effort, of the open ones (an HTML table: its cells are
the quadrants, its headers say which, so it is its own text equivalent);
then the initiatives, and the ideas written as plain text that nobody owns
yet. Owners, initiatives and journeys are filters (`opportunities-filter.js`;
without scripts every row is listed). An initiative's page is the same plan,
across the journeys it spans.

The plan is published only when the reference has an owned opportunity: a
version 1 site keeps exactly its pages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..language.fold import usual_spelling
from ..model.opportunity import KINDS, LEVELS, STATUSES, Opportunity
from ..reference.entries import entry_slug
from ..reference.improvements import StillMissed
from ..reference.opportunities import Placed, placed
from .core import Document, page_url, relative

if TYPE_CHECKING:
    from .site import Site

#: The statuses the priority matrix shows: what is still to be done.
OPEN = ("idea", "planned", "in-progress")


@dataclass(frozen=True)
class Item:
    """One owned opportunity on the plan, with its owner and initiative folded to one name and slug."""

    o: Placed
    owner: str
    owner_slug: str
    initiative: str
    initiative_slug: str
    still: list[StillMissed]
    url: str
    """Its anchor on its journey page, from the site's root (the templates put the page's way there before it)."""
    step_url: str

    @property
    def op(self) -> Opportunity:
        return self.o.opportunity


@dataclass
class Plan:
    """What the plan page (or one initiative's page) lays out."""

    items: list[Item]
    owners: list[tuple[str, str, int]]
    """(slug, usual spelling, count), by name."""
    initiatives: list[tuple[str, str, list[Item]]]
    """(slug, usual spelling, its items), by name."""
    journeys: list[tuple[str, str, int]]
    """(id, title, count), in reference order."""

    def groups(self) -> list[tuple[str, list[tuple[str, list[Item]]]]]:
        """(kind or "none", [(status, items)]): quick wins, projects, then the unclassified; statuses in plan order."""
        out = []
        for kind in (*KINDS, None):
            mine = [i for i in self.items if i.op.kind == kind]
            by_status = [(s, [i for i in mine if i.op.status == s]) for s in STATUSES]
            if mine:
                out.append((kind or "none", [(s, items) for s, items in by_status if items]))
        return out

    def counts(self) -> list[tuple[str, int]]:
        count: Counter[str] = Counter(i.op.status for i in self.items)
        return [(s, count[s]) for s in STATUSES]

    def matrix(self) -> list[tuple[str, list[tuple[str, list[Item]]]]]:
        """(impact, [(effort, items)]): impact high to low (rows), effort low to high (columns), open items only."""
        rated = [i for i in self.items if i.op.status in OPEN and i.op.impact and i.op.effort]
        return [
            (impact, [(effort, [i for i in rated if i.op.impact == impact and i.op.effort == effort])
                      for effort in LEVELS])
            for impact in reversed(LEVELS)
        ]  # fmt: skip

    def unrated(self) -> list[Item]:
        return [i for i in self.items if i.op.status in OPEN and not (i.op.impact and i.op.effort)]


def _folded(names: list[str], slugs: dict[str, str]) -> dict[str, str]:
    spellings: dict[str, list[str]] = {}
    for name in names:
        spellings.setdefault(slugs[name], []).append(name)
    return {slug: usual_spelling(found) for slug, found in spellings.items()}


def every_item(site: Site) -> list[Item]:
    """Every owned opportunity as the plan shows it: owners and initiatives folded, once per build."""
    every = site.plan.items
    slugs = {name: entry_slug(name) for o in every for name in (o.opportunity.owner, o.opportunity.initiative) if name}
    owners = _folded([o.opportunity.owner for o in every if o.opportunity.owner], slugs)
    initiatives = _folded([o.opportunity.initiative for o in every if o.opportunity.initiative], slugs)
    items = []
    for o in every:
        op = o.opportunity
        oslug = slugs[op.owner] if op.owner else ""
        islug = slugs[op.initiative] if op.initiative else ""
        items.append(Item(o, owners.get(oslug, ""), oslug, initiatives.get(islug, ""), islug,
                          site.plan.of(o.jid, op.id), site.url("journeys", o.jid, op.id),
                          site.url("journeys", o.jid, o.step.id)))  # fmt: skip
    return items


def plan(site: Site, every: list[Item], only: str = "") -> Plan:
    """The plan of the whole reference, or of one initiative (`only`: its slug)."""
    items = [i for i in every if i.initiative_slug == only] if only else every
    owners = {i.owner_slug: i.owner for i in items}
    initiatives = {i.initiative_slug: i.initiative for i in items}
    by_owner = Counter(i.owner_slug for i in items if i.owner_slug)
    by_initiative: dict[str, list[Item]] = {}
    for i in items:
        if i.initiative_slug:
            by_initiative.setdefault(i.initiative_slug, []).append(i)
    by_journey = Counter(i.o.jid for i in items)
    return Plan(
        items,
        sorted(((s, owners[s], n) for s, n in by_owner.items()), key=lambda x: x[1].casefold()),
        sorted(((s, initiatives[s], found) for s, found in by_initiative.items()), key=lambda x: x[1].casefold()),
        [(jid, site.ref.journeys[jid].title, by_journey[jid]) for jid in site.ref.journeys if by_journey[jid]],
    )


def plain_ideas(site: Site) -> list[tuple[str, list[Placed]]]:
    """The opportunities written as text (version 1): ideas nobody owns yet, by journey (those that have some)."""
    out = [
        (jid, [o for o in placed(jid, journey) if o.opportunity.plain]) for jid, journey in site.ref.journeys.items()
    ]
    return [(jid, found) for jid, found in out if found]


def documents(site: Site) -> Iterator[Document]:
    if not site.plan.items:
        return
    every = every_item(site)
    whole = plan(site, every)
    uri = "opportunities/index.md"
    page = site.page("opportunities.md", uri, plan=whole, ideas=plain_ideas(site), root=_root(site, uri))
    yield Document(uri, page, in_nav=True)
    for slug, name, _items in whole.initiatives:
        uri = f"opportunities/{slug}.md"
        page = site.page(
            "initiative.md", uri, plan=plan(site, every, slug), name=name, slug=slug, root=_root(site, uri)
        )
        yield Document(uri, page)


def _root(site: Site, uri: str) -> str:
    """The way from the page at `uri` to the site's root: "../" from ``opportunities/``, "../../" below it."""
    return relative(page_url(uri, site.directory_urls), "")
