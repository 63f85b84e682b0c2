"""What the touchpoint and system pages share: an index of entries and a page per entry.

The two differ in their words and in what they put first (a channel team reads
the customer's emotion; an IT owner reads what is at stake), which their
templates say; the grouping of steps by journey is the same.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..reference.entries import Entry, Occurrence
from .core import Document

if TYPE_CHECKING:
    from .site import Site

log = logging.getLogger("mkdocs.plugins.cxmaps")


def by_journey(entry: Entry) -> list[tuple[str, list[Occurrence]]]:
    """The entry's steps grouped by journey, journeys in the order of the reference."""
    groups: dict[str, list[Occurrence]] = {}
    for occurrence in entry.occurrences:
        groups.setdefault(occurrence.jid, []).append(occurrence)
    return list(groups.items())


def has_page(site: Site, kind: str, entry: Entry) -> bool:
    """Whether the entry gets a page: named by two steps or more, declared in ``entry_pages_for``, or every entry
    with ``entry_pages: all``.

    A sentence of one step ("Night audit closes the folio") would make a page
    that only repeats its step: it is listed on the index under its journey.
    """
    settings = site.ref.settings
    return settings.entry_pages == "all" or entry.steps >= 2 or entry.slug in settings.entry_pages_for.get(kind, ())


def single_by_journey(site: Site, kind: str, entries: list[Entry]) -> list[tuple[str, list[tuple[Entry, Occurrence]]]]:
    """The entries without a page, under their journey (in the order of the reference), each with its step."""
    groups: dict[str, list[tuple[Entry, Occurrence]]] = {jid: [] for jid in site.ref.journeys}
    for entry in entries:
        if not has_page(site, kind, entry):
            seen = set()
            for occurrence in entry.occurrences:
                if (occurrence.jid, occurrence.step.id) not in seen:
                    seen.add((occurrence.jid, occurrence.step.id))
                    groups[occurrence.jid].append((entry, occurrence))
    return [(jid, found) for jid, found in groups.items() if found]


def _unknown_declared(site: Site, kind: str, entries: list[Entry]) -> None:
    """A name of ``entry_pages_for`` that no step names is a typo: a warning (an error with ``--strict``)."""
    known = {entry.slug: entry.name for entry in entries}
    for slug in [s for s in site.ref.settings.entry_pages_for.get(kind, ()) if s not in known]:
        close = difflib.get_close_matches(slug, list(known), n=1)
        hint = f" (did you mean '{known[close[0]]}'?)" if close else ""
        log.warning(f"cxmaps: entry_pages_for: {kind}: '{slug}' is named by no step's {kind}{hint}")


def entry_documents(site: Site, kind: str, entries: list[Entry]) -> Iterator[Document]:
    """`<kind>/index.md` listing the entries, then `<kind>/<slug>.md` for each that has a page (`has_page`)."""
    singular = {"touchpoints": "touchpoint", "systems": "system"}[kind]
    uri = f"{kind}/index.md"
    # Issue 27: the entries that hurt most first (lowest mean lived emotion, then most missed standards).
    _unknown_declared(site, kind, entries)
    paged = site.portfolio.ranked([entry for entry in entries if has_page(site, kind, entry)])
    single = single_by_journey(site, kind, entries)
    yield Document(uri, site.page(f"{kind}.md", uri, kind=kind, entries=paged, single=single), in_nav=True)
    for entry in paged:
        uri = f"{kind}/{entry.slug}.md"
        page = site.page(f"{singular}.md", uri, kind=kind, entry=entry, groups=by_journey(entry))
        yield Document(uri, page)
    site.fragments.clear()
