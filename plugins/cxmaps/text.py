"""Author text to safe HTML: inline Markdown only, never raw HTML or script.

Text fields accept emphasis, links and code. Raw HTML is shown as text (the
`html` inline pattern and HTML blocks are switched off, so ``<`` is escaped),
images become their alt text, and a link whose address is not http(s),
mailto, tel, a relative path or an anchor is dropped to its text.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as etree
from functools import lru_cache

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

_SAFE_SCHEMES = ("http", "https", "mailto", "tel")


_ACTIVE = re.compile(r"[\\`*_{}\[\]()#+!|<>&\"']")


class _SafeLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for i, child in enumerate(list(parent)):
                if child.tag == "img":
                    span = etree.Element("span")
                    span.text = child.get("alt", "")
                    span.tail = child.tail
                    parent.remove(child)
                    parent.insert(i, span)
                elif child.tag == "a" and not _safe_href(child.get("href", "")):
                    child.tag = "span"
                    child.attrib.clear()


def _safe_href(href: str) -> bool:
    """A relative address, an anchor, or one of the safe schemes (browsers ignore control characters)."""
    compact = re.sub(r"[\x00-\x20]", "", href)
    first = re.search(r"[:/?#]", compact)
    if first is None or first.group() != ":":
        return True
    return compact[: first.start()].lower() in _SAFE_SCHEMES


class _InlineOnly(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "cxmaps_safe_links", 0)


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=[_InlineOnly()])


#: Characters that can start inline Markdown or HTML; text without them is plain.
_INLINE_SYNTAX = re.compile(r"[*_`\[\]<>&\\!]")
#: Block syntax at the start of a field (heading, quote, list), which inline text must not become.
_BLOCK_START = re.compile(r"^(\s*)(#|>|[+*-](?=\s)|\d+(?=[.)]\s))")


def _escape_block_start(match: re.Match[str]) -> str:
    """``# x`` → ``\\# x``; ``1. x`` → ``1\\. x``: shown as written, not as a heading or a list."""
    lead, marker = match.group(1), match.group(2)
    return f"{lead}{marker}\\" if marker[0].isdigit() else f"{lead}\\{marker}"


@lru_cache(maxsize=4096)
def inline(text: str | None) -> Markup:
    """Render one text field as inline HTML (no surrounding paragraph)."""
    if not text:
        return Markup("")
    text = re.sub(r"\s*\n\s*", " ", text)
    if not _INLINE_SYNTAX.search(text) and not _BLOCK_START.match(text):
        return escape(text)  # plain text, the common case: no need to run Markdown
    text = _BLOCK_START.sub(_escape_block_start, text)
    html = _converter().reset().convert(text)
    html = re.sub(r"^<p>(.*)</p>$", r"\1", html.strip(), flags=re.DOTALL)
    html = re.sub(r"</p>\s*<p>", " ", html)
    return Markup(html)


def heading(text: str) -> Markup:
    """Text for a Markdown heading: shown literally, with nothing Markdown or attr_list could act on."""
    return Markup(_ACTIVE.sub(lambda m: f"&#{ord(m.group())};", text))


# < > " ` become single angle quotes, a right double quote and a turned comma.
_TITLE_SWAPS = str.maketrans({"<": "\u2039", ">": "\u203a", '"': "\u201d", "`": "\u02bb"})


def page_title(text: str) -> Markup:
    """A front-matter ``title:`` that is inert wherever the theme puts it.

    Material writes the page title unescaped in some places and through
    `striptags` (which decodes entities) in others, so no escaping is right
    for both: characters that could form markup are swapped for look-alikes.
    """
    plain = re.sub(r"&(?=#?\w+;)", "\uff06", text.translate(_TITLE_SWAPS)).replace("\n", " ")
    return Markup(json.dumps(plain, ensure_ascii=False))
