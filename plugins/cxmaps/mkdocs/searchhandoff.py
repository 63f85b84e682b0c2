"""Generated pages go into Material's search index through cxmaps, not Material's HTML parser (issue 15).

Around Material's own `on_page_context`: just before it, `before` adds a
generated page's sections to the index (searchindex.py, from the section
cache when the page is unchanged) and marks the page excluded, so that
Material skips it; just after, `after` gives the page its own `search`
metadata back. Pages of docs/ are left to Material.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mkdocs.plugins import PluginCollection
from mkdocs.structure.pages import Page

from .searchindex import SectionCache, index_page, material_search

_ABSENT = object()


@dataclass
class SearchHandoff:
    search: Any = None
    """Material's search plugin, when the site has it."""
    sections: SectionCache = field(default_factory=lambda: SectionCache(None))
    indexed: dict[str, Any] = field(default_factory=dict)
    """The pages indexed here, with their own `search` meta, put back once search has passed."""

    def start(self, plugins: PluginCollection) -> None:
        self.search, self.indexed = material_search(plugins), {}

    def before(self, page: Page) -> None:
        """Index a generated page here; Material's search then skips it."""
        if self.search is not None and index_page(self.search, page, self.sections):
            self.indexed[page.file.src_uri] = page.meta.get("search", _ABSENT)
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}

    def after(self, page: Page) -> None:
        own = self.indexed.pop(page.file.src_uri, None)
        if own is _ABSENT:
            del page.meta["search"]
        elif own is not None:
            page.meta["search"] = own
