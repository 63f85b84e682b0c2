"""Is this text a chart cxmaps drew? The check a cached chart passes before it is pasted into a page.

A cache entry is a file anyone with write access to the working copy can
change (or a disk can corrupt), and its text goes into pages unescaped. So
an entry is published only if it is one well-formed ``<svg>`` element of
cxmaps' own kind made only of what cxmaps draws: an allowlist of SVG
elements and attributes, links only to ids in the same chart, and styles
without external resources. Anything else (a script, an event handler
attribute, ``foreignObject``, an external ``href``, a comment, a
processing instruction, CDATA, an entity declaration, a second root) fails,
and the chart is drawn again.

The text is also required to avoid the constructs where an XML parser and
the HTML parser of a browser disagree (``<!…>`` and ``<?…?>``), so that
what was checked here is what the browser reads.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"

#: What matplotlib's SVG backend and cxmaps' sparklines produce.
ELEMENTS = frozenset(
    {"svg", "g", "path", "use", "text", "tspan", "circle", "ellipse", "rect", "line", "polyline", "polygon"}
    | {"defs", "clipPath", "title", "desc", "style"}
)
ATTRIBUTES = frozenset(
    {"id", "class", "style", "role", "aria-labelledby", "aria-hidden", "viewBox", "preserveAspectRatio", "version"}
    | {"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "d", "points", "width", "height", "transform"}
    | {"clip-path", "fill", "stroke", "stroke-width", "opacity", "font-size", "font-family", "text-anchor", "type"}
)
ROOT_CLASSES = frozenset({"cx-map-svg", "cx-sparkline"})
#: In a style: anything that fetches (url() to another document, @import) or hides text (CSS escapes).
UNSAFE_CSS = re.compile(r"url\(\s*(?!['\"]?#)|@import|expression\(|javascript:|\\|<", re.IGNORECASE)


def is_drawn_chart(text: str) -> bool:
    """Whether `text` is a single chart element cxmaps could have drawn (see the module docstring)."""
    if not text.startswith("<svg ") or "<!" in text or "<?" in text:
        return False
    try:
        root = ET.fromstring(text)
    except (ET.ParseError, ValueError, RecursionError):
        return False
    if root.tag != f"{SVG}svg" or root.get("class") not in ROOT_CLASSES:
        return False
    return all(_element_ok(element) for element in root.iter())


def _element_ok(element: ET.Element) -> bool:
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith(SVG) or tag[len(SVG) :] not in ELEMENTS:
        return False
    if tag == f"{SVG}style" and UNSAFE_CSS.search(element.text or ""):
        return False
    return all(_attribute_ok(name, value) for name, value in element.attrib.items())


def _attribute_ok(name: str, value: str) -> bool:
    if name in (f"{XLINK}href", "href"):
        return value.startswith("#") and ":" not in value
    if name not in ATTRIBUTES:
        return False  # event handlers (on*), xml:base, foreign namespaces, anything new
    return not (name in ("style", "clip-path", "fill", "stroke") and UNSAFE_CSS.search(value))
