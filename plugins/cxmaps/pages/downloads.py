"""Each journey's map for slides (issue 23): ``journeys/<id>/map.svg`` and ``journeys/<id>/map.png``.

Both are the slide chart `Site.draw_charts` drew (or took from the cache, where
an SVG entry is published only if it is a chart cxmaps drew, `svgcheck`, and a
PNG entry only if it is a PNG): every persona's curve in one chart, the
journey's title, step numbers and each persona's name in its legend. Author
text in the SVG is text escaped by matplotlib's SVG writer, never markup.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .core import Document

if TYPE_CHECKING:
    from .site import Site


def map_uri(jid: str, extension: str) -> str:
    """Where a journey's map for slides is published: ``journeys/<id>/map.<extension>``."""
    return f"journeys/{jid}/map.{extension}"


def documents(site: Site) -> Iterator[Document]:
    for jid in site.ref.journeys:
        svg = site.svg.get(("slide", jid, None))
        png = site.svg.get(("png", jid, None))
        if svg:
            yield Document(map_uri(jid, "svg"), svg)
        if png:
            yield Document(map_uri(jid, "png"), base64.b64decode(png))
