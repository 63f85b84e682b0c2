"""What changed in the reference (format 1.2): `changes/`, by release, and its Atom feed `changes/feed.xml`.

The feed is built as XML by the standard library (every text escaped), with
the control characters XML cannot hold removed; its dates are the commits',
so two builds of one commit write the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from .core import Document

if TYPE_CHECKING:
    from .site import Site

ATOM = "http://www.w3.org/2005/Atom"
FEED_URI = "changes/feed.xml"
#: What XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def documents(site: Site) -> Iterator[Document]:
    # Only in a git repository (its history may be cut, as in a shallow clone): a site outside git keeps its addresses.
    if not site.ref.settings.history or not site.hist.in_git:
        return
    uri = "changes/index.md"
    yield Document(uri, site.page("changes.md", uri, hist=site.hist, feed="feed.xml"), in_nav=True)
    yield Document(FEED_URI, feed(site))


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _stamp(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed(site: Site) -> str:
    """The changes of the last `history_days` as an Atom feed, one entry per commit, newest first."""
    hist = site.hist
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}title").text = _text(site.t["changes_feed_title"])
    ET.SubElement(root, f"{{{ATOM}}}id").text = f"urn:cxmaps:changes:{hist.timeline.log.head if hist.timeline else ''}"
    timeline = hist.timeline
    head = timeline.log.head_time if timeline is not None and timeline.available else 0
    ET.SubElement(root, f"{{{ATOM}}}updated").text = _stamp(head)
    ET.SubElement(root, f"{{{ATOM}}}generator").text = "cxmaps"
    for commit, items in hist.feed_entries:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = _text(commit.subject or commit.id[:7])
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:cxmaps:commit:{commit.id}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(commit.time)
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = _text(commit.author or "?")
        url = hist.commit_url(commit)
        if url:
            ET.SubElement(entry, f"{{{ATOM}}}link", href=url)
        lines = [f"{what}: {sentence}" for what, sentences in items for sentence in sentences]
        content = ET.SubElement(entry, f"{{{ATOM}}}content", type="text")
        content.text = _text("\n".join(lines))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
