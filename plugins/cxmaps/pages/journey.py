"""One page per journey (`journeys/<id>/`): facts, map, steps, blueprint."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .core import Document

if TYPE_CHECKING:
    from .site import Site


def documents(site: Site) -> Iterator[Document]:
    for jid, journey in site.ref.journeys.items():
        uri = f"journeys/{jid}.md"
        page = site.page("journey.md", uri, journey=journey, jid=jid, embedded=False)
        yield Document(uri, page, site.ref.journey_sources[jid].path)
