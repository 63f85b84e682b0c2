"""Under `mkdocs serve`: a generated page that did not change is neither converted nor laid out again (issue 25).

After an author saves one journey, most of the reference's pages are the
same Markdown as in the previous build. MkDocs would still convert each one
and lay it out in the theme's template, which at a thousand journeys is most
of a rebuild. The memo keeps, for each generated page, what the previous
build made of it, on disk in a folder of the serve session (memory stays that
of one build), and uses it only when everything the result depends on is the
same, in two steps:

- **conversion** (`on_page_markdown` .. `on_page_content`): the key is the
  page's Markdown as read (front matter included), the site's files and the
  site's configuration (mkdocs.yml and every file of the theme's folders).
  On a hit, MkDocs converts an empty page and gets back the HTML, the table
  of contents, the title and the anchors of the previous conversion;
- **layout** (the theme's template, `on_post_page`): the key adds the whole
  navigation (every title and address, known once every page is read, at
  `on_env`), the page's neighbours and its title. On a hit, the page is laid
  out in a template that writes nothing, and gets the previous output back.

Everything after cxmaps' own handlers (search, other plugins' handlers) runs
as in a full build, on the same text. Only generated pages use the memo: a
page of docs/ is always built. The memo is never used by `mkdocs build`,
whose every page is new; `tests/test_serve_memo.py` compares each rebuilt site
with a clean build of the same files, page for page.
"""

from __future__ import annotations

import copy
import hashlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..pages.rendermemo import RenderMemo, folders_stamp
from .fastpath import Shelf

#: The template a page is laid out in when its previous output is used: it writes nothing.
MEMO_TEMPLATE = "cxmaps/memo.html"


@dataclass
class _Converted:
    """What converting a page made of it, but its HTML (on disk): enough to skip the conversion next time."""

    source_key: str
    word: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links: Any
    charts: list[str]
    held: dict[int, str]
    layout_key: str | None = None


@dataclass
class PageMemo:
    """The generated pages of the previous build of a serve session, by source address."""

    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="cxmaps-memo-")))
    kept: dict[str, _Converted] = field(default_factory=dict)
    site_key: str = ""
    converted_again: set[str] = field(default_factory=set)
    """This build's pages whose conversion was taken from the memo."""
    laid_out_again: set[str] = field(default_factory=set)
    """This build's pages whose output is taken from the memo."""
    pending: dict[str, str] = field(default_factory=dict)
    """This build's source key of each generated page read so far."""
    rendered: RenderMemo = field(init=False)
    """The step before: the journey pages' Markdown, not rendered again when their inputs are the same."""

    def __post_init__(self) -> None:
        self.rendered = RenderMemo(self.folder / "render")

    def start(self, files: Files, config: MkDocsConfig) -> None:
        """A new build: the key of what every page's conversion depends on besides its own Markdown."""
        digest = hashlib.sha256(_config_bytes(config))
        for file in sorted(files, key=lambda f: f.src_uri):
            digest.update(f"\0{file.src_uri}\0{file.dest_uri}\0{file.url}\0{file.inclusion.name}".encode())
        self.site_key = digest.hexdigest()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.converted_again, self.laid_out_again, self.pending = set(), set(), {}

    def convert_again(self, uri: str, markdown: str) -> bool:
        """Whether the page's previous conversion can be used (then MkDocs converts an empty page)."""
        key = hashlib.sha256(f"{self.site_key}\0{markdown}".encode()).hexdigest()
        self.pending[uri] = key
        kept = self.kept.get(uri)
        if kept is None or kept.source_key != key or not (self.folder / _name(uri, "content")).is_file():
            return False
        self.converted_again.add(uri)
        return True

    def restore(self, page: Page, shelf: Shelf) -> str:
        """The page's previous HTML, with its table of contents, title and anchors set again on `page`.

        The HTML gets this build's placeholder word, and the shelf the charts and held blocks that
        `on_post_page` puts back.
        """
        kept = self.kept[page.file.src_uri]
        page.toc = copy.deepcopy(kept.toc)
        page._title_from_render = kept.title
        page.present_anchor_ids = set(kept.anchors) if kept.anchors is not None else None
        page.links_to_anchors = kept.links
        html = (self.folder / _name(page.file.src_uri, "content")).read_text(encoding="utf-8")
        shelf.adopt(page.file.src_uri, kept.charts, kept.held)
        # Placeholders are HTML comments, which author text (escaped) can never write.
        return html.replace(f"<!--{kept.word}", f"<!--{shelf.word}")

    def keep_conversion(self, page: Page, html: str, shelf: Shelf) -> None:
        """Remember a page just converted (its HTML after cxmaps' `on_page_content`)."""
        uri = page.file.src_uri
        key = self.pending.get(uri)
        if key is None:
            return
        (self.folder / _name(uri, "content")).write_text(html, encoding="utf-8")
        charts, held = shelf.kept(uri)
        self.kept[uri] = _Converted(
            key, shelf.word, copy.deepcopy(page.toc), page._title_from_render,
            set(page.present_anchor_ids) if page.present_anchor_ids is not None else None,
            page.links_to_anchors, charts, held,
        )  # fmt: skip

    def lay_out_again(self, pages: list[Page], nav: Navigation | None) -> None:
        """At `on_env`, every page read: the pages whose previous output is used get the memo's template."""
        if nav is None:
            return
        nav_key = _nav_key(nav)
        for page in pages:
            uri = page.file.src_uri
            kept = self.kept.get(uri)
            if kept is None or uri not in self.pending:
                continue
            layout = _layout_key(self.pending[uri], nav_key, page)
            if (
                uri in self.converted_again
                and kept.layout_key == layout
                and (self.folder / _name(uri, "output")).is_file()
            ):
                page.meta["template"] = MEMO_TEMPLATE
                self.laid_out_again.add(uri)
            else:
                kept.layout_key = None  # set again once the page is laid out
                self.pending[uri] = f"{self.pending[uri]}\0{layout}"

    def output(self, uri: str) -> str:
        return (self.folder / _name(uri, "output")).read_text(encoding="utf-8")

    def keep_output(self, uri: str, output: str) -> None:
        """Remember a page just laid out (its output after cxmaps' `on_post_page`)."""
        kept, pending = self.kept.get(uri), self.pending.get(uri, "")
        if kept is None or "\0" not in pending:
            return
        (self.folder / _name(uri, "output")).write_text(output, encoding="utf-8")
        kept.layout_key = pending.partition("\0")[2]

    def forget(self, keep: set[str]) -> None:
        """After a build: pages no longer generated are dropped (and their files)."""
        self.rendered.forget(keep)
        for uri in set(self.kept) - keep:
            del self.kept[uri]
            for part in ("content", "output"):
                (self.folder / _name(uri, part)).unlink(missing_ok=True)

    def clear(self) -> None:
        """A failed build: nothing of it is trusted."""
        self.kept.clear()
        self.pending.clear()
        self.rendered.keys.clear()

    def close(self) -> None:
        self.clear()
        shutil.rmtree(self.folder, ignore_errors=True)


def _name(uri: str, part: str) -> str:
    return f"{hashlib.sha256(uri.encode()).hexdigest()[:24]}.{part}"


def _config_bytes(config: MkDocsConfig) -> bytes:
    """mkdocs.yml and the theme's files (their names, sizes and times): a change to either changes every page."""
    mkdocs_yml = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
    return mkdocs_yml + folders_stamp(config.theme.dirs).encode()


def _nav_key(nav: Navigation) -> str:
    """Every title and address of the navigation, in order and depth: what the theme draws on each page."""
    digest = hashlib.sha256()
    stack: list[tuple[int, Any]] = [(0, item) for item in reversed(nav.items)]
    while stack:
        depth, item = stack.pop()
        digest.update(f"{depth}\0{type(item).__name__}\0{item.title}\0{getattr(item, 'url', '')}\n".encode())
        stack.extend((depth + 1, child) for child in reversed(getattr(item, "children", None) or []))
    return digest.hexdigest()


def _layout_key(source_key: str, nav_key: str, page: Page) -> str:
    """What the theme's layout of a page depends on besides its content."""
    near = [(p.url, p.title) if p is not None else None for p in (page.previous_page, page.next_page)]
    text = f"{source_key}\0{nav_key}\0{page.title}\0{page.url}\0{page.edit_url}\0{near}\0{page.parent and page.parent.title}"
    return hashlib.sha256(text.encode()).hexdigest()
