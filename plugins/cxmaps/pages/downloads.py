"""Each journey's map for slides (issue 23): ``journeys/<id>/map.svg``, and its PNG made in the browser.

The SVG is the slide chart `Site.draw_charts` drew (or took from the cache,
published only if it is a chart cxmaps drew, `svgcheck`): every persona's
curve in one chart, the journey's title, step numbers and each persona's name
in its legend. Author text in it is text escaped by matplotlib's SVG writer,
never markup. The PNG link of the page draws this SVG into a canvas in the
reader's browser (canvas.js): a picture per journey drawn at build time
tripled the cost of a cold build.
"""

from __future__ import annotations

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
        svg = site.drawn("slide", jid)
        if svg:
            yield Document(map_uri(jid, "svg"), svg)
