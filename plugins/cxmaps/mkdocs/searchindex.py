"""Material's search sections of a generated page, without Python's HTMLParser (issue 15).

Material's search plugin cuts every page into sections (a heading, its
text, a few kept tags) with a subclass of `html.parser.HTMLParser`. On
cxmaps' pages that is most of a build: a journey page holds thousands of
small elements, and the parser pays for each in Python twice, once to find
the tag and once in Material's handlers (a list scan of the open elements
per tag and per text).

`sections` gives the same sections, as Material's own `Section` objects, in
a fraction of the time:

- the page is cut into tags, comments and text by one regular expression
  that knows only well-formed HTML of the shapes cxmaps writes (names of
  letters and digits, quoted or plain attribute values, comments without
  markup). Anything else — a `<` that starts no such tag, `script`, `style`
  and the other elements whose content the parser reads apart, a
  declaration — returns None, and Material parses the page as always;
- Material's handlers are followed rule for rule, quirks included (its
  elements compare by tag name, so "inside the heading" means "inside any
  element of the heading's name"), with counters of the open elements by
  name in place of the scans.

`tests/test_searchindex.py` checks the sections against Material's parser on
every page of the sample, of a hostile reference and of a synthetic one, and
the whole search index of a build with and without this path. The rules
mirror one version of Material's parser: `mirrors_material` compares its
source with the fingerprint of the version they were checked against, and
any other version is left to Material's own parser.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import os
import re
from dataclasses import dataclass
from functools import cache, cached_property
from html import escape, unescape
from pathlib import Path
from typing import Any

from ..charts.seal import Seal, local_seal, read_unlinked

#: SHA-256 of the source of Material's parser (Element, Section, Parser, void) that the rules below follow.
MATERIAL_PARSER = {"10fe58c1ba28229b5c540a9937c7bd2a3b32ee131807333cae82b174d5225dfe"}

_WS = "[ \t\n\r\f]"
_NAME = "[a-zA-Z][-a-zA-Z0-9:_.]*"
_ATTR = rf"""{_WS}+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:{_WS}*={_WS}*(?:"[^"]*"|'[^']*'|[-a-zA-Z0-9_.:]+))?"""
_TOKEN = re.compile(
    rf"""<(?P<open>{_NAME})(?P<attrs>(?:{_ATTR})*){_WS}*(?P<end>/?)>"""
    rf"""|</(?P<close>{_NAME}){_WS}*>"""
    r"""|<!--[^-<>]*-->"""
    r"""|(?P<text>[^<]+)"""
)
_ONE_ATTR = re.compile(rf"""{_WS}+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:{_WS}*={_WS}*("[^"]*"|'[^']*'|[-a-zA-Z0-9_.:]+))?""")
#: Elements whose content HTMLParser reads as raw text, in this Python version or a later one.
_RAW = re.compile(r"<(?:script|style|xmp|iframe|noembed|noframes|noscript|plaintext)[\s/>]", re.I)
#: A title or textarea (an SVG's title) holding markup: later Pythons read their content as text.
_RCDATA = re.compile(r"<(title|textarea)(?=[\s/>])[^>]*>[^<]*<(?!/\1[\s>])", re.I)
#: An attribute string that may matter to Material's handlers (an entity could spell one of these).
_MATTERS = re.compile("data-search-exclude|linenodiv|headerlink|&", re.I)
_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
#: This module's rules are part of every cache key: a change to them never serves stale sections.
_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


@cache
def _material() -> tuple[Any, Any, frozenset[str], frozenset[str], frozenset[str]] | None:
    """Material's Section and Element classes, its void, kept and skipped tags; None if not the mirrored parser."""
    try:
        from material.plugins.search import plugin as search  # type: ignore[import-untyped]
    except ImportError:
        return None
    if fingerprint(search) not in MATERIAL_PARSER:
        return None
    parser = search.Parser()
    return search.Section, search.Element, frozenset(search.void), frozenset(parser.keep), frozenset(parser.skip)


def fingerprint(module: Any) -> str:
    """SHA-256 of the source of the parts of Material's search plugin that cut a page into sections."""
    parts = [inspect.getsource(getattr(module, name)) for name in ("Element", "Section", "Parser")]
    parts.append(repr(sorted(module.void)))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def mirrors_material() -> bool:
    """Whether the installed Material's parser is the one `sections` follows."""
    return _material() is not None


def _attributes(text: str) -> dict[str, str | None]:
    """The attributes as HTMLParser gives them: names lowercased, quotes removed, references decoded."""
    attrs: dict[str, str | None] = {}
    for name, value in _ONE_ATTR.findall(text):
        if not value:
            attrs[name.lower()] = None
            continue
        if value[0] in "\"'":
            value = value[1:-1]
        attrs[name.lower()] = unescape(value) if value else value
    return attrs


def sections(content: str) -> list[Any] | None:
    """Material's search sections of `content` (its `Parser().data`), or None to leave the page to Material."""
    material = _material()
    if material is None or _RAW.search(content) or _RCDATA.search(content):
        return None
    Section, Element, void, keep, skip0 = material
    skip = set(skip0)  # Material's skip set holds one element per tag name (its elements compare by name)
    count: dict[str, int] = {}  # open elements by name (Material's context, counted)
    stack: list[str] = []  # their names, innermost last
    links: list[bool] = []  # whether each is a permalink <a class="headerlink">
    in_link = 0
    skipping = 0  # open elements whose name is in `skip`
    data: list[Any] = []
    section: Any = None
    at = 0
    end = len(content)
    match = _TOKEN.match
    while at < end:
        token = match(content, at)
        if token is None:
            return None
        at = token.end()
        text = token.group("text")
        if text is not None:  # handle_data
            if skipping:
                continue
            if "&" in text:
                text = unescape(text)
            pre = count.get("pre", 0)
            if not pre:
                text = " " if text.isspace() else text.replace("\n", " ")
            if section is None:
                section = Section(Element("hx"))
                data.append(section)
            if count.get(section.el.tag, 0):
                if not in_link:
                    section.title.append(escape(text, quote=False))
            elif text.isspace():
                if not section.text or not section.text[-1].isspace() or pre:
                    section.text.append(text)
            else:
                section.text.append(escape(text, quote=False))
            continue
        tag = token.group("open")
        closing = token.group("close")
        if tag is not None:  # handle_starttag
            tag = tag.lower()
            if tag in void:
                continue
            raw = token.group("attrs")
            heading = tag in _HEADINGS
            attrs: dict[str, str | None] = {}
            if raw and (heading or tag == "a" or _MATTERS.search(raw)):
                attrs = _attributes(raw)
            stack.append(tag)
            count[tag] = count.get(tag, 0) + 1
            if tag in skip:
                skipping += 1
            link = tag == "a" and attrs.get("class") == "headerlink"
            links.append(link)
            in_link += link
            if heading and "id" in attrs:
                depth = len(stack)
                if tag != "h1" and not data:
                    section = Section(Element("hx"), depth)
                    data.append(section)
                section = Section(Element(tag, attrs), depth)
                if data:
                    section.id = attrs["id"]
                data.append(section)
            if section is None:
                section = Section(Element("hx"))
                data.append(section)
            if "data-search-exclude" in attrs or attrs.get("class") == "linenodiv":
                if tag not in skip:
                    skip.add(tag)
                    skipping += count[tag]
            elif not skipping and tag in keep:
                (section.title if count.get(section.el.tag, 0) else section.text).append(f"<{tag}>")
            if not token.group("end"):
                continue
            closing = tag  # <x/>: HTMLParser calls handle_endtag as well
        if closing is not None:  # handle_endtag
            closing = closing.lower()
            if not stack or stack[-1] != closing:
                continue
            if section.depth > len(stack):
                for earlier in reversed(data):
                    if earlier.depth <= len(stack):
                        section.depth = float("inf")
                        section = earlier
                        break
            stack.pop()
            count[closing] -= 1
            in_link -= links.pop()
            if closing in skip:
                skipping -= 1
                if closing not in skip0:
                    skip.remove(closing)
                    skipping -= count[closing]
                continue
            if not skipping and closing in keep:
                target = section.title if count.get(section.el.tag, 0) else section.text
                index = target.index(f"<{closing}>")
                for item in target[index + 1 :]:
                    if not item.isspace():
                        index = len(target)
                        break
                if len(target) > index:
                    del target[index:]
                else:
                    target.append(f"</{closing}>")
    return data


def material_search(plugins: Any) -> Any | None:
    """Material's search plugin among the site's plugins, if it is enabled and its parser is the mirrored one."""
    for plugin in plugins.values():
        if type(plugin).__module__ == "material.plugins.search.plugin" and mirrors_material():
            return plugin if plugin.config.enabled and hasattr(plugin, "search_index") else None
    return None


#: What Material's parser writes into a title or a text: escaped text and its kept tags, nothing else.
_KEPT_TAG = re.compile(r"</?(?:p|code|pre|li|ol|ul|sub|sup)>")
_ANGLE = re.compile("[<>]")
#: The kind of entry, in its header and its MAC (a chart entry never passes for sections).
_KIND = "cxmaps-search"
#: A page's sections: a journey of a few hundred steps stays far below this; larger entries are not read.
MAX_ENTRY_BYTES = 16 * 1024 * 1024


@dataclass
class SectionCache:
    """Each page's search sections from the previous build, by the hash of what search reads.

    A warm build (or `mkdocs serve` after one edit) cuts only the pages whose
    content changed. Like the chart cache it is a hint: an entry that is not
    a regular file, is too large, was not sealed for this key with this
    machine's secret (see `charts/seal.py`), or whose text holds anything but
    escaped text and Material's kept tags, is ignored and the page parsed
    again; a cache that cannot be written is used no further.
    """

    folder: Path | None
    words: tuple[str, ...] = ()
    """The random words of this build's placeholders (charts, held blocks): those comments are left out of the key,
    so that a page has one key whether its map is drawn yet (cold) or taken from the cache (warm)."""
    writable: bool = True
    rejected: int = 0
    """Entries that existed but did not verify (the page parsed again)."""
    seal: Seal | None = None
    """Binds each entry to its key. Left None with a folder: this machine's seal; without one, no cache."""

    def __post_init__(self) -> None:
        if self.folder is not None and self.seal is None:
            self.seal = local_seal()
            if self.seal is None:
                self.folder = None

    @cached_property
    def _placeholders(self) -> re.Pattern[str] | None:
        """This build's placeholder comments (one pattern per build, not per page)."""
        if not self.words:
            return None
        return re.compile(rf"<!--(?:cxmaps)?(?:{'|'.join(map(re.escape, self.words))})[a-z]\d+-->")

    def key(self, content: str) -> str:
        if self._placeholders is not None:
            content = self._placeholders.sub("", content)
        return hashlib.sha256(f"{_CODE}\n{content}".encode()).hexdigest()[:32]

    def get(self, key: str) -> list[tuple[str | None, str, str]] | None:
        """The sections cached for `key` if the entry verifies; None (parse the page) otherwise."""
        if self.folder is None or self.seal is None:
            return None
        try:
            data = read_unlinked(self.folder / f"{key}.json", MAX_ENTRY_BYTES)
        except FileNotFoundError:
            return None
        found = self._verified(key, data)
        if found is None:
            self.rejected += 1
        return found

    def _verified(self, key: str, data: bytes | None) -> list[tuple[str | None, str, str]] | None:
        if data is None or len(data) > MAX_ENTRY_BYTES or self.seal is None:
            return None
        body = self.seal.open(_KIND, key, data)
        if body is None:
            return None
        try:
            found = json.loads(body)
        except ValueError:
            return None
        if not isinstance(found, list) or not all(_valid(item) for item in found):
            return None
        return [tuple(item) for item in found]

    def put(self, key: str, found: list[tuple[str | None, str, str]]) -> None:
        if self.folder is None or self.seal is None or not self.writable:
            return
        body = json.dumps(found, ensure_ascii=False, separators=(",", ":")).encode()
        path = self.folder / f"{key}.json"
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(self.seal.seal(_KIND, key, body))
            partial.replace(path)
        except OSError:
            self.writable = False
            with contextlib.suppress(OSError):
                partial.unlink()


def _valid(item: Any) -> bool:
    return (
        isinstance(item, list)
        and len(item) == 3
        and (item[0] is None or isinstance(item[0], str))
        and all(isinstance(text, str) and not _ANGLE.search(_KEPT_TAG.sub("", text)) for text in item[1:])
    )


def _entries(content: str) -> list[tuple[str | None, str, str]] | None:
    """The sections search keeps (id, title, text), as Material's entries join them; None to leave it to Material."""
    found = sections(content)
    if found is None:
        return None
    return [(s.id, "".join(s.title), "".join(s.text)) for s in found if not s.is_excluded()]


def index_page(search: Any, page: Any, cache: SectionCache) -> bool:
    """Add `page`'s sections to Material's search index as its own parser would; False to leave the page to it."""
    meta = page.meta.get("search") or {}
    if meta.get("exclude"):
        return False
    key = cache.key(page.content)
    found = cache.get(key)
    if found is None:
        found = _entries(page.content)
        if found is None:
            return False
        cache.put(key, found)
    Section, Element = _material()[:2]  # type: ignore[index]
    toc = toc_by_id(page.toc)
    for id_, title, text in found:
        section = Section(Element("hx"))
        section.id, section.title, section.text = id_, [title] if title else [], [text]
        # Material looks the section's heading up by walking the whole table of contents, once per
        # section: quadratic on a journey of thousands of steps. It is given the one item it would find.
        item = toc.get(id_) if id_ is not None else None
        search.search_index.create_entry_for_section(section, [item] if item else [], page.url, page)
    return True


def toc_by_id(toc: Any) -> dict[str, Any]:
    """Each item of a table of contents by id, the first in Material's search order (depth first) winning."""
    found: dict[str, Any] = {}
    stack = list(reversed(list(toc)))
    while stack:
        item = stack.pop()
        found.setdefault(item.id, item)
        stack.extend(reversed(list(item.children)))
    return found
