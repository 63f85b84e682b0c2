"""The kinds of generated page, in the order they join the site, and the entry points that render them.

This module is the registry: it imports every kind of page and `Site`; no
kind imports it back. The plugin and `cxmaps generate` start here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..charts.store import ChartStore
from ..reference.core import Reference
from ..reference.health import Finding
from . import (
    changes,
    data,
    downloads,
    indexes,
    journey,
    opportunities,
    owners,
    persona,
    plandata,
    redirects,
    scorecard,
    sources,
    standards,
    systems,
    touchpoints,
    workbook,
)
from .core import TEMPLATES, Document, make_env, template_errors
from .rendermemo import RenderMemo
from .site import Site

#: The kinds of generated files, in the order they are added to the site.
PARTS: tuple[Callable[[Site], Iterator[Document]], ...] = (
    indexes.documents, standards.documents, workbook.documents, touchpoints.documents, systems.documents,
    scorecard.documents, opportunities.documents, plandata.documents, owners.documents, sources.documents, indexes.health_documents, journey.documents,
    persona.documents, redirects.documents, data.documents, downloads.documents,
    changes.documents,  # format 1.2: changes/ and its feed (issue 26)
)  # fmt: skip


def documents(site: Site) -> Iterator[Document]:
    """Every generated file, one at a time (a large reference is never all in memory at once)."""
    site.draw_charts()
    for part in PARTS:
        yield from part(site)


def make_site(
    ref: Reference,
    search_path: Sequence[str | Path],
    language: str = "en",
    directory_urls: bool = True,
    store: ChartStore | None = None,
    found: list[Finding] | None = None,
    memo: RenderMemo | None = None,
) -> Site:
    """The page generator for a reference; templates from `search_path` first, then ours.

    With a memo (under `mkdocs serve`), the templates compiled for the previous build are used again
    unless a file of their folders changed, and unchanged journey pages are not rendered again."""
    path = [*search_path, TEMPLATES]
    env = memo.start().environment(path) if memo is not None else make_env(path)
    site = Site(ref, env, language, directory_urls, store or ChartStore(None), found)
    site.memo = memo
    return site


def render_documents(
    ref: Reference,
    search_path: Sequence[str | Path],
    language: str = "en",
    directory_urls: bool = True,
    store: ChartStore | None = None,
) -> list[Document]:
    """Every generated page and file of the reference."""
    with template_errors():
        return list(documents(make_site(ref, search_path, language, directory_urls, store)))
