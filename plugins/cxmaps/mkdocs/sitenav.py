"""The default navigation (a site without `nav:`), with cxmaps' pages named and ordered for readers.

Without `nav:`, MkDocs makes a section of each folder, titled from the folder's
name in English ("Journeys", "Moments of truth"), sorted alphabetically, so the
health page comes first. Each of our folders holds one page in the navigation
(its index), so such a section is replaced by the page itself, whose title is
its heading in the site's language; the pages follow the reading order (journeys,
personas, moments of truth, standards, other ways in, health last), right after
the home page. A folder where the site keeps pages of its own stays a section,
retitled in the site's language. An explicit `nav:` is never touched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mkdocs.structure import StructureItem
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

NavItem = Page | Section | Link

#: Our index pages in reading order, with the label key that names each.
ORDER = (
    ("journeys/index.md", "journeys"),
    ("personas/index.md", "personas"),
    ("moments-of-truth/index.md", "moments_of_truth"),
    ("standards/index.md", "standards"),
    ("scorecard/index.md", "scorecard"),
    ("opportunities/index.md", "plan"),  # format 1.2 (issue 27)
    ("owners/index.md", "owners"),
    ("touchpoints/index.md", "touchpoints"),
    ("systems/index.md", "systems"),
    ("sources/index.md", "sources"),
    ("changes/index.md", "changes"),  # format 1.2 (issue 26)
    ("health/index.md", "health"),
)


def labels_for(t: Mapping[str, str]) -> dict[str, str]:
    """Each index page's source path → its name in the site's language, in reading order."""
    return {uri: t[key] for uri, key in ORDER if key in t}


def _ours(item: NavItem, rank: Mapping[str, int]) -> str | None:
    """The source path of our index page that this top-level item stands for, if any."""
    if isinstance(item, Page):
        return item.file.src_uri if item.file.src_uri in rank else None
    if isinstance(item, Section):
        for child in item.children:
            if isinstance(child, Page) and child.file.src_uri in rank:
                return child.file.src_uri
    return None


def arrange(nav: Navigation, labels: Mapping[str, str]) -> Navigation:
    """The navigation with our sections named in the site's language and in reading order."""
    rank = {uri: i for i, uri in enumerate(labels)}
    mine: list[tuple[int, NavItem]] = []
    rest: list[NavItem] = []
    for item in nav.items:
        uri = _ours(item, rank)
        if uri is None:
            rest.append(item)
            continue
        if isinstance(item, Section) and len(item.children) == 1:
            item = item.children[0]  # a section of one page: the page itself
            item.parent = None
        elif isinstance(item, Section):
            item.title = labels[uri]
        mine.append((rank[uri], item))
    start = 1 if rest and isinstance(rest[0], Page) and rest[0].is_homepage else 0
    items = [*rest[:start], *(item for _, item in sorted(mine, key=lambda pair: pair[0])), *rest[start:]]
    nav.items = items
    nav.pages = _pages(items)
    _link_neighbours(nav.pages)
    return nav


def _pages(items: Sequence[StructureItem]) -> list[Page]:
    """The pages of the navigation in reading order, sections opened."""
    pages: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            pages.append(item)
        elif isinstance(item, Section):
            pages.extend(_pages(item.children))
    return pages


def _link_neighbours(pages: Sequence[Page]) -> None:
    """The theme's "previous" and "next" links follow the new order."""
    for i, page in enumerate(pages):
        page.previous_page = pages[i - 1] if i > 0 else None
        page.next_page = pages[i + 1] if i + 1 < len(pages) else None
