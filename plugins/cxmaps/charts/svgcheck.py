"""Is this text a chart cxmaps drew? The check a cached chart passes before it is pasted into a page.

A cache entry is a file anyone with write access to the working copy can
change (or a disk can corrupt), and its text goes into pages unescaped. So
an entry is published only if it is one well-formed ``<svg>`` element of
cxmaps' own kind made only of what cxmaps draws: an allowlist of SVG
elements and attributes, links only to ids in the same chart, and styles
held to what matplotlib and cxmaps write. Anything else (a script, an event
handler attribute, ``foreignObject``, an external ``href``, a comment, a
processing instruction, CDATA, an entity declaration, a second root) fails,
and the chart is drawn again.

Styles matter beyond the chart: a ``<style>`` inside an inline SVG applies
to the whole page, and CSS can fetch an address without ``url(`` (with
``image-set("…")``) or write text into the page (``content``). So a
``<style>`` element must be, character for character, one of the few that
cxmaps' charts contain (`STYLE_SHEETS`), and a ``style`` attribute (or a
presentation attribute such as ``fill``) is read as ``property: value``
declarations: properties from an allowlist, values made of words, numbers,
colours, quoted font names and only two functions, ``var(--name, #colour)``
and ``url(#id)`` to an element of the page. No other function, no ``@``
rule, no escape, no other quote.

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
#: The style sheets matplotlib's SVG backend writes (its default line joins and caps), exactly.
STYLE_SHEETS = frozenset({"*{stroke-linejoin: round; stroke-linecap: butt}"})
#: What matplotlib (paths, markers, text with ``svg.fonttype: none``) and cxmaps' sparklines and trends set.
PROPERTIES = frozenset(
    {"fill", "fill-opacity", "fill-rule", "opacity", "clip-path"}
    | {"stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-opacity", "stroke-miterlimit"}
    | {"stroke-dasharray", "stroke-dashoffset"}
    | {"font-size", "font-family", "font-style", "font-variant", "font-weight", "font-stretch", "text-anchor"}
)
#: Presentation attributes: read as the value of the property of the same name.
PRESENTATION = frozenset({"clip-path", "fill", "stroke", "stroke-width", "opacity", "font-size", "font-family"})
#: One token of a value: a word, number or colour (with the commas between them), a quoted font name, a page
#: variable with a colour fallback, a link to an element of the page. Nothing else: no other function, quote,
#: escape, ``@``, ``;`` or ``:``. Read token by token, functions first (linear: nothing to backtrack).
_VALUE_TOKEN = re.compile(
    r" *(?:var\(--[-a-z0-9]+, #[0-9a-fA-F]{3,8}\)|url\(#[-a-zA-Z0-9_.]+\)|'[-a-zA-Z ]*'|[-a-zA-Z0-9#.,%+]+) *"
)
_DECLARATION = re.compile(r"[ ]*([-a-z]+)[ ]*:(.*)", re.DOTALL)


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
    if tag == f"{SVG}style" and (len(element) or element.text not in STYLE_SHEETS):
        return False
    return all(_attribute_ok(name, value) for name, value in element.attrib.items())


def _attribute_ok(name: str, value: str) -> bool:
    if name in (f"{XLINK}href", "href"):
        return value.startswith("#") and ":" not in value
    if name not in ATTRIBUTES:
        return False  # event handlers (on*), xml:base, foreign namespaces, anything new
    if name == "style":
        return declarations_ok(value)
    if name == "class":
        return value in ROOT_CLASSES
    return name not in PRESENTATION or _value_ok(value)


def declarations_ok(style: str) -> bool:
    """Whether a ``style`` attribute is only ``property: value`` declarations of the allowlist (see above)."""
    for declaration in style.split(";"):
        if not declaration.strip(" "):
            continue
        found = _DECLARATION.fullmatch(declaration)
        if found is None or found[1] not in PROPERTIES or not _value_ok(found[2]):
            return False
    return True


def _value_ok(value: str) -> bool:
    at, end = 0, len(value)
    while at < end:
        token = _VALUE_TOKEN.match(value, at)
        if token is None:
            return False
        at = token.end()
    return end > 0
