"""Generated pages through MkDocs without their HTML parsed again (issue 15).

A generated page is mostly HTML that cxmaps wrote and escaped itself, with
Markdown headings between the blocks (the anchors, the table of contents and
the search sections come from them). Python-Markdown would parse every tag
of those blocks only to copy them out unchanged, and Material's search would
parse every node of the inline charts, whose labels are the step names
already on the page. So, for a generated page only:

- `Shelf.shelve` (on_page_markdown) replaces each raw HTML block by a
  one-word paragraph, so Markdown converts the headings and little else;
  the charts are cut out of the blocks and replaced by HTML comments;
- `Shelf.restore_blocks` (on_page_content) puts the blocks back, charts
  still as comments, before search or any other plugin reads the content;
- `Shelf.restore_charts` (on_post_page, after search has indexed the page)
  puts the charts back into the written page.

The page a reader gets is byte for byte the page of a plain conversion: a
raw HTML block comes out of Python-Markdown verbatim, as its placeholder's
paragraph does. The pages on disk stay ordinary Markdown (`cxmaps generate`
writes the same documents). The placeholders carry a random word drawn for
each build, so no author text can forge one; a placeholder that goes
missing (another plugin rewrote the page) is an error, never a lost block.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from markdown.util import BLOCK_LEVEL_ELEMENTS

#: A chart drawn by cxmaps (a journey map or a sparkline): the only SVG kept from search.
CHART = re.compile(r'<svg class="cx-(?:map-svg|sparkline)"[^>]*>.*?</svg>', re.S)
#: A tag, or a comment or declaration (author text is escaped: a "<" in a page starts markup).
_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][\w:-]*)(?:[^>\"']+|\"[^\"]*\"|'[^']*')*>|<[!?]", re.S)
_BLOCK_TAGS = frozenset(BLOCK_LEVEL_ELEMENTS)
#: Elements whose content Markdown or the browser treat apart: their parts are left to Markdown.
_UNSURE = frozenset({"script", "style", "pre", "textarea", "math"})
_UNSURE_TAG = re.compile(r"<(?:" + "|".join(_UNSURE) + r")[\s>/]", re.I)
#: Per tag name, its opening and closing tags (filled as pages use them).
_SAME: dict[str, re.Pattern[str]] = {}
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
#: A Markdown heading whose section Material's search leaves out (`## Name {#id data-search-exclude}`).
_EXCLUDED_HEADING = re.compile(r"#{1,6} .*\{[^{}]*(?<![\w-])data-search-exclude(?![\w=-])[^{}]*\}[ \t]*$")
_EXCLUDED_TAG = re.compile(r"\sdata-search-exclude(?=[\s/>])")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_HEADING_TAG = re.compile(r"<h[1-6](?=[\s/>])[^>]*>", re.I)
#: An attribute Material's search removes from the page once indexed, wherever it stands.
_SEARCH_ATTRIBUTE = re.compile(r'data-search-\w+="')
#: The start of a raw HTML block as Python-Markdown sees one: a block-level tag at the line's start.
_BLOCK_START = re.compile(r"<(" + "|".join(BLOCK_LEVEL_ELEMENTS) + r")[\s>/]")


class MissingPlaceholder(Exception):
    """A shelved block or chart did not come back: something rewrote the page in between."""


@dataclass
class Shelf:
    """The blocks and charts taken out of the pages of one build, by page."""

    word: str = field(default_factory=lambda: "cxmaps" + secrets.token_hex(8))
    blocks: dict[str, list[str]] = field(default_factory=dict)
    charts: dict[str, list[str]] = field(default_factory=dict)
    unindexed: dict[str, set[int]] = field(default_factory=dict)
    """By page, the blocks that search would drop whole (see `_unindexed`): they reach the page after search."""
    held: dict[str, dict[int, str]] = field(default_factory=dict)

    def shelve(self, page: str, markdown: str) -> str:
        """`markdown` with its raw HTML blocks as placeholders, and their charts cut out."""
        blocks: list[str] = []
        charts: list[str] = []
        unindexed: set[int] = set()
        excluded = False  # whether the section being written is one that search leaves out
        out = []
        for part, blank_after in _parts(markdown):
            cut, shelved = self._cut_charts(part, len(charts))
            pieces = _split(shelved) if _BLOCK_START.match(part) else None
            if pieces is None:  # not ours to vouch for: Markdown converts it as it always did
                excluded = _still_excluded(part, excluded)
                out.append(part)
                continue
            charts += cut
            for i, (is_html, text) in enumerate(pieces):
                if is_html:
                    # Python-Markdown keeps a blank line that follows a raw block as a newline.
                    blocks.append(text + ("\n" if blank_after and i == len(pieces) - 1 else ""))
                    if excluded and _unindexed(text):
                        unindexed.add(len(blocks) - 1)
                    else:  # a heading of the block may open a section search keeps
                        excluded = excluded and not _HEADING_TAG.search(text)
                    text = f"{self.word}b{len(blocks) - 1}"
                else:
                    excluded = _EXCLUDED_HEADING.match(text) is not None
                out.append(text)
        self.blocks[page], self.charts[page], self.unindexed[page] = blocks, charts, unindexed
        return "\n\n".join(out)

    def _cut_charts(self, part: str, first: int) -> tuple[list[str], str]:
        """The charts of `part`, and `part` with comments numbered from `first` in their place."""
        cut: list[str] = []

        def comment(match: re.Match[str]) -> str:
            cut.append(match.group())
            return f"<!--{self.word}c{first + len(cut) - 1}-->"

        return cut, CHART.sub(comment, part)

    def restore_blocks(self, page: str, html: str) -> str:
        """The converted page with its blocks back (its charts still comments, for search)."""
        blocks = self.blocks.pop(page, [])
        unindexed = self.unindexed.pop(page, set())
        if not blocks:
            return html
        # Search takes `data-search-…="…"` out of the whole page, across blocks: such a page keeps them all.
        if unindexed and not (_SEARCH_ATTRIBUTE.search(html) or any(_SEARCH_ATTRIBUTE.search(b) for b in blocks)):
            held = {n: blocks[n] for n in unindexed if self._under_excluded_heading(html, n)}
            self.held[page] = held
            blocks = [f"<!--{self.word}h{n}-->" if n in held else block for n, block in enumerate(blocks)]
        last = re.search(rf"<p>{self.word}b(\d+)</p>$", html)
        if last and int(last.group(1)) in self.held.get(page, {}):
            self.held[page][int(last.group(1))] = self.held[page][int(last.group(1))].rstrip()
        html = _put_back(rf"<p>{self.word}b(\d+)</p>", html, blocks, page, "HTML blocks")
        if last:  # Markdown strips the end of its output, a raw block's newlines included
            html = html.rstrip()
        return html

    def _under_excluded_heading(self, html: str, block: int) -> bool:
        """Whether Markdown wrote the heading before the block's placeholder with an id and `data-search-exclude`."""
        at = html.find(f"<p>{self.word}b{block}</p>")
        headings = _HEADING_TAG.findall(html, 0, max(at, 0))
        return at >= 0 and bool(headings) and _EXCLUDED_TAG.search(headings[-1]) is not None and " id=" in headings[-1]

    def restore_charts(self, page: str, output: str) -> str:
        """The written page with the blocks search did not need and its charts back."""
        held = self.held.pop(page, {})
        if held:
            output, found = re.subn(rf"<!--{self.word}h(\d+)-->", lambda m: held[int(m.group(1))], output)
            if found != len(held):
                raise MissingPlaceholder(f"{page}: {len(held) - found} of {len(held)} HTML blocks went missing")
        charts = self.charts.pop(page, [])
        if not charts:
            return output
        return _put_back(rf"<!--{self.word}c(\d+)-->", output, charts, page, "charts")

    def kept(self, page: str) -> tuple[list[str], dict[int, str]]:
        """What `restore_charts` will put back into the page: its charts and held blocks (see pagememo.py)."""
        return list(self.charts.get(page, [])), dict(self.held.get(page, {}))

    def adopt(self, page: str, charts: list[str], held: dict[int, str]) -> None:
        """A page whose converted HTML comes from the previous build: `restore_charts` puts these back."""
        self.charts[page], self.held[page] = list(charts), dict(held)

    def forget(self) -> None:
        """Drop what a failed build left on the shelf."""
        self.blocks.clear()
        self.charts.clear()
        self.unindexed.clear()
        self.held.clear()


def _parts(markdown: str) -> list[tuple[str, bool]]:
    """The page's blank-line-separated parts, each with whether a blank line follows it."""
    parts = markdown.split("\n\n")
    return [(part, i < len(parts) - 1) for i, part in enumerate(parts) if part.strip("\n")]


def _split(part: str) -> list[tuple[bool, str]] | None:
    """The part as (is raw HTML, text) pieces, as Python-Markdown would cut it; None if unsure.

    Top-level elements that follow each other make one piece (Markdown writes
    them one a line: a newline is put between two on the same line); a heading
    line between them is a Markdown piece. Anything else at the top level
    (text, a comment, an inline tag, a tag not closed, script or pre) returns
    None, and the whole part is left to Markdown.
    """
    if _UNSURE_TAG.search(part):
        return None
    pieces: list[tuple[bool, str]] = []
    html: list[str] = []
    at = 0
    while at < len(part):
        top = _TAG.match(part, at) if part.startswith("<", at) else None
        if top is None:  # text between top-level elements: newlines or headings only
            end = part.find("<", at)
            end = len(part) if end < 0 else end
            if not _gap(part[at:end], pieces, html):
                return None
            at = end
            continue
        tag = (top.group(2) or "").lower()
        if top.group(1) or tag not in _BLOCK_TAGS:
            return None  # a comment, a stray closing tag or an inline tag at the top level
        end = _element_end(part, top, tag)
        if end < 0:
            return None
        if html and not html[-1].endswith("\n"):
            html.append("\n")  # two top-level elements on one line: Markdown puts them on two
        html.append(part[at:end])
        at = end
    if html:
        pieces.append((True, "".join(html)))
    return pieces


def _element_end(part: str, start: re.Match[str], tag: str) -> int:
    """Where the element opened by `start` closes in `part` (-1 if it does not).

    Only tags of the same name change the depth; the element is well formed
    (the templates write it, author text is escaped), and Markdown copies it
    whole whatever it holds.
    """
    if tag in _VOID or start.group().endswith("/>"):
        return start.end()
    if tag not in _SAME:
        _SAME[tag] = re.compile(rf"<(/?){tag}(?:\s[^>]*)?>", re.I)
    depth = 0
    for token in _SAME[tag].finditer(part, start.start()):
        if token.group(1):
            depth -= 1
        elif not token.group().endswith("/>"):
            depth += 1
        if depth == 0:
            return token.end()
    return -1


def _still_excluded(part: str, excluded: bool) -> bool:
    """Whether the section is still one search leaves out after `part`, which Markdown converts."""
    lines = part.split("\n")
    if len(lines) == 1 and lines[0].startswith("#"):
        return _EXCLUDED_HEADING.match(lines[0]) is not None
    if "<" in part or any(line.startswith("#") or _SETEXT.match(line) for line in lines):
        return False  # a heading we do not read for sure: its section may be indexed
    return excluded


def _unindexed(block: str) -> bool:
    """Whether search drops all of `block`, written in a section it leaves out: its headings are left out too."""
    return all("data-search-exclude" in heading for heading in _HEADING_TAG.findall(block))


def _gap(text: str, pieces: list[tuple[bool, str]], html: list[str]) -> bool:
    """Text between top-level elements: newlines, or heading lines; False for anything else."""
    lines = text.split("\n")
    if any(line and not line.startswith("#") for line in lines):
        return False
    headings = [line for line in lines if line]
    if not headings:
        html.append(text)
        return True
    if html:
        pieces.append((True, "".join(html)))
        html.clear()
    pieces.extend((False, line) for line in headings)
    return True


def _put_back(pattern: str, text: str, items: list[str], page: str, what: str) -> str:
    """`text` with each placeholder matching `pattern` (group 1: its number) replaced by its item.

    Every item must come back: one that a plugin or Markdown lost stops the build rather than a page
    going out without it.
    """
    text, found = re.subn(pattern, lambda match: items[int(match.group(1))], text)
    if found != len(items):
        raise MissingPlaceholder(f"{page}: {len(items) - found} of {len(items)} {what} went missing")
    return text
