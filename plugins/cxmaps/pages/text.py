"""Author text to safe HTML: inline Markdown only, never raw HTML or script.

Text fields accept emphasis, links and code. Raw HTML is shown as text (the
`html` inline pattern and HTML blocks are switched off, so ``<`` is escaped),
images become their alt text, and a link whose address is not http(s),
mailto, tel, a relative path or an anchor is dropped to its text.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as etree
from functools import lru_cache

import markdown
from markdown import util
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from ..source.markup import safe_address

_ACTIVE = re.compile(r"[\\`*_{}\[\]()#+!|<>&\"']")
#: Markdown's placeholders: an escaped character (STX code ETX) and an ampersand kept for later.
_ESCAPED = re.compile(f"{re.escape(util.STX)}([0-9]+){re.escape(util.ETX)}")
#: An address attribute in rendered HTML (Python-Markdown always writes double quotes).
_URL_ATTRIBUTE = re.compile(r"""\s(?:href|src|action|formaction|xlink:href)\s*=\s*"([^"]*)\"""", re.IGNORECASE)


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
                elif child.tag == "a" and not safe_url(child.get("href", "")):
                    child.tag = "span"
                    child.attrib.clear()


def safe_url(url: str) -> bool:
    """A relative address, an anchor, or one of the allowed schemes, as the browser will read it.

    Markdown's own placeholders (an escaped character, an ampersand kept for later) are put back
    first; then `markup.safe_address` decodes references and drops invisible characters.
    """
    return safe_address(_ESCAPED.sub(lambda m: chr(int(m.group(1))), url.replace(util.AMP_SUBSTITUTE, "&")))


def _only_safe_urls(html_text: str) -> bool:
    """Last check on rendered HTML: every address attribute it carries is allowed."""
    return all(safe_url(m.group(1)) for m in _URL_ATTRIBUTE.finditer(html_text))


class _InlineOnly(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # After "unescape" (priority 0), so that escaped characters are tested as the browser gets them.
        md.treeprocessors.register(_SafeLinks(md), "cxmaps_safe_links", -10)


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
    out = _converter().reset().convert(text)
    out = re.sub(r"^<p>(.*)</p>$", r"\1", out.strip(), flags=re.DOTALL)
    out = re.sub(r"</p>\s*<p>", " ", out)
    if not _only_safe_urls(out):  # never expected: the tree was cleaned; shown as text rather than risk it
        return escape(text)
    # Markdown leaves " as is in text; no literal " of author text reaches the page, where a parser that
    # reads it as the end of an attribute (Material's search, for one) would take what follows for markup.
    return Markup(_TEXT_QUOTE.sub(lambda m: m.group(1) or "&quot;", out))


#: A tag (its attribute values have " escaped by Markdown), or a " in the text between tags.
_TEXT_QUOTE = re.compile(r'(<[^>]*>)|"')


#: Line breaks, control and bidi-override characters: a heading or title is one line of plain text.
_BREAKS = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]*[\r\n\x0b\x0c\x85\u2028\u2029]\s*")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """`text` as one line without control characters (the loader refuses them; this is the second line of defence)."""
    return _CONTROLS.sub("", _BREAKS.sub(" ", text)).replace("\t", " ")


def heading(text: str) -> Markup:
    """Text for a Markdown heading: shown literally, with nothing Markdown or attr_list could act on.

    A line break would end the heading and turn the rest into a paragraph
    (and change its anchor), so the heading is made one line first.
    """
    return Markup(_ACTIVE.sub(lambda m: f"&#{ord(m.group())};", one_line(text)))


# < > " ` become single angle quotes, a right double quote and a turned comma.
_TITLE_SWAPS = str.maketrans({"<": "\u2039", ">": "\u203a", '"': "\u201d", "`": "\u02bb"})


#: Something that may be a character reference, with or without its semicolon (``&lt``, ``&#60``).
_REFERENCE = re.compile(r"&[#\w]+;?")


def _defuse_reference(match: re.Match[str]) -> str:
    """A full-width ampersand before ``lt;`` when a browser or `striptags` would decode it; ``AT&T`` stays."""
    found = match.group()
    return "\uff06" + found[1:] if html.unescape(found) != found else found


def page_title(text: str) -> Markup:
    """A front-matter ``title:`` that is inert wherever the theme puts it.

    Material writes the page title unescaped in some places and through
    `striptags` (which decodes entities) in others, so no escaping is right
    for both: characters that could form markup are swapped for look-alikes.
    """
    plain = _REFERENCE.sub(_defuse_reference, one_line(text).strip().translate(_TITLE_SWAPS))
    return Markup(json.dumps(plain, ensure_ascii=False))
