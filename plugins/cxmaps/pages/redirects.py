"""Redirect pages at the former addresses listed in `aliases`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .core import Document

if TYPE_CHECKING:
    from .site import Site


def documents(site: Site) -> Iterator[Document]:
    for kind, items in (("journeys", site.ref.journeys), ("personas", site.ref.personas)):
        for item_id, item in items.items():
            for alias in item.aliases:
                uri = f"{kind}/{alias}/index.html" if site.directory_urls else f"{kind}/{alias}.html"
                yield Document(uri, site.page("redirect.html", uri, kind=kind, item_id=item_id))
