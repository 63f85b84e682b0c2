"""One page per journey (`journeys/<id>/`): facts, map, steps, blueprint."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from .core import Document

if TYPE_CHECKING:
    from .site import Site


def documents(site: Site) -> Iterator[Document]:
    memo = site.memo  # under `mkdocs serve`: pages whose inputs did not change are not rendered again
    for jid, journey in site.ref.journeys.items():
        uri = f"journeys/{jid}.md"
        render = partial(site.page, "journey.md", uri, journey=journey, jid=jid, embedded=False)
        if memo is None or uri in site.owned:
            page = render()
        else:
            page = memo.page(uri, memo.key(site, jid), render, keep=partial(_whole, site))
        yield Document(uri, page, site.ref.journey_sources[jid].path)


def _whole(site: Site, page: str) -> bool:
    """Whether a page holds all its maps (none is a placeholder of this build, see `Site.chart`)."""
    return f"<!--cxmaps{site.word}m" not in page
