"""The scorecard (`scorecard/`): every measured standard against its target, by owner, missed first.

It ends with the open service gaps of the whole reference (`scorecard/#service-gaps`),
since a missed standard and the gap it opens are read together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..reference.delivered import STATUSES
from ..reference.entries import entry_slug
from .core import Document

if TYPE_CHECKING:
    from .site import Site


def documents(site: Site) -> Iterator[Document]:
    uri = "scorecard/index.md"
    groups = site.delivery.scorecard()
    counts = Counter(d.status for _, items in groups for d in items)
    page = site.page(
        "scorecard.md",
        uri,
        groups=[(owner, entry_slug(owner) if owner else "", items) for owner, items in groups],
        counts=[(status, counts[status]) for status in STATUSES],
        gaps=site.m.open_gaps(),
        newest=site.delivery.newest.isoformat() if site.delivery.newest else "",
    )
    yield Document(uri, page, in_nav=True)
