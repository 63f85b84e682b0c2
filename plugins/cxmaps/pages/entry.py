"""What the touchpoint and system pages share: an index of entries and a page per entry.

The two differ in their words and in what they put first (a channel team reads
the customer's emotion; an IT owner reads what is at stake), which their
templates say; the grouping of steps by journey is the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..reference.entries import Entry, Occurrence
from .core import Document

if TYPE_CHECKING:
    from .site import Site


def by_journey(entry: Entry) -> list[tuple[str, list[Occurrence]]]:
    """The entry's steps grouped by journey, journeys in the order of the reference."""
    groups: dict[str, list[Occurrence]] = {}
    for occurrence in entry.occurrences:
        groups.setdefault(occurrence.jid, []).append(occurrence)
    return list(groups.items())


def entry_documents(site: Site, kind: str, entries: list[Entry]) -> Iterator[Document]:
    """`<kind>/index.md` listing the entries, then `<kind>/<slug>.md` for each."""
    singular = {"touchpoints": "touchpoint", "systems": "system"}[kind]
    uri = f"{kind}/index.md"
    yield Document(uri, site.page(f"{kind}.md", uri, kind=kind, entries=entries), in_nav=True)
    for entry in entries:
        uri = f"{kind}/{entry.slug}.md"
        page = site.page(f"{singular}.md", uri, kind=kind, entry=entry, groups=by_journey(entry))
        yield Document(uri, page)
    site.fragments.clear()
