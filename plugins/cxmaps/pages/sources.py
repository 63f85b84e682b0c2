"""Sources (`sources/`, `sources/<id>/`): each study with everything that cites it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..reference.sources import citations
from .core import Document
from .text import safe_url

if TYPE_CHECKING:
    from .site import Site


def documents(site: Site) -> Iterator[Document]:
    cited = citations(site.ref)
    uri = "sources/index.md"
    yield Document(uri, site.page("sources.md", uri, cited=cited), in_nav=True)
    for sid, by in cited.items():
        source = site.ref.sources[sid]
        uri = f"sources/{sid}.md"
        href = source.link if source.link and safe_url(source.link) else None
        page = site.page("source.md", uri, sid=sid, source=source, by=by, href=href)
        yield Document(uri, page, site.ref.source_sources[sid].path)
