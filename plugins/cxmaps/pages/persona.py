"""One page per persona (`personas/<id>/`), with their emotion along each of their journeys."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .core import Document

if TYPE_CHECKING:
    from .site import Site


def documents(site: Site) -> Iterator[Document]:
    ref = site.ref
    for pid, persona in ref.personas.items():
        uri = f"personas/{pid}.md"
        appears = [(jid, j) for jid, j in ref.journeys.items() if pid in j.personas]
        page = site.page("persona.md", uri, persona=persona, pid=pid, appears=appears)
        yield Document(uri, page, ref.persona_sources[pid].path)
