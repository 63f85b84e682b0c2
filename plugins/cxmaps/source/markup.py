"""What author markup may publish: addresses as the browser reads them, and the elements and attributes
that can run script, load another document or restyle the page.

One set of rules for every place author text becomes HTML: the inline
Markdown of a text field (`pages.text`), the Markdown source of a docs page
(`reference.docsafety`) and the HTML MkDocs renders from it
(`mkdocs.docsguard`). Addresses are allowlisted (http, https, mailto, tel and
relative ones), after character references are decoded and the characters a
browser ignores are removed; elements and attributes that act are named.
"""

from __future__ import annotations

import html
import re

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
#: Characters a browser drops from an address (C0 controls and space, tab and newline anywhere),
#: and the invisible ones that could hide a scheme from a reader: all removed before the test.
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")

#: Elements that run script, load or frame another document, restyle the page, or submit a form.
ACTIVE_ELEMENTS = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link", "meta",
    "form", "portal", "template", "foreignobject", "animate", "animatemotion", "animatetransform", "set",
    "handler", "listener", "noscript", "xml", "import",
})  # fmt: skip
#: Attributes whose value is an address the browser follows or loads.
ADDRESS_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "cite", "ping",
    "lowsrc", "dynsrc", "longdesc", "codebase", "manifest", "icon",
})  # fmt: skip
#: Attributes that act whatever their value: inline CSS (it can fetch), a framed document, a form target.
ACTIVE_ATTRIBUTES = frozenset({"style", "srcdoc", "srcset", "imagesrcset", "http-equiv", "is"})
#: An event handler attribute: "on" and letters (every one, known today or not).
_HANDLER = re.compile(r"on[a-z]+")
#: The one inline style kept: a table column's alignment, which Markdown's tables write themselves.
_ALIGNMENT = re.compile(r"\s*text-align:\s*(?:left|right|center)\s*;?\s*", re.IGNORECASE)


def readings(value: str) -> list[str]:
    """Every reading of `value` a browser could make: as served (references decoded once) and fully decoded.

    Decoding until nothing changes also covers a value that passes through one
    more HTML parser (a theme's `striptags`).
    """
    found = [html.unescape(value)]
    for _ in range(10):
        decoded = html.unescape(found[-1])
        if decoded == found[-1]:
            break
        found.append(decoded)
    return found


def _safe_reading(value: str) -> bool:
    compact = _INVISIBLE.sub("", value)
    first = re.search(r"[:/?#]", compact)
    if first is None or first.group() != ":":
        return True
    return compact[: first.start()].lower() in SAFE_SCHEMES


def safe_address(value: str) -> bool:
    """A relative address, an anchor, or one of the allowed schemes, as the browser will read it.

    The test is an allowlist applied after character references are decoded
    (``javascript&colon;``, ``&#106;``, ``&#x3a;``, ``&#58`` without its
    semicolon) and after control, space and invisible characters are removed
    (``java&Tab;script:``): what matters is what the browser follows, not what
    the author typed.
    """
    return all(_safe_reading(reading) for reading in readings(value))


def attribute_problem(name: str, value: str | None) -> str | None:
    """Why an attribute may not be published, or None. `value` as written (references not yet decoded)."""
    name = name.lower()
    if _HANDLER.fullmatch(name):
        return f"the event handler '{name}' runs script"
    if name == "style" and value is not None and _ALIGNMENT.fullmatch(html.unescape(value)):
        return None
    if name in ACTIVE_ATTRIBUTES:
        return f"the attribute '{name}' can load or restyle content"
    if name in ADDRESS_ATTRIBUTES and value is not None and not safe_address(value):
        return f"the address in '{name}' is not http(s), mailto, tel or relative"
    return None


def element_problem(tag: str) -> str | None:
    """Why an element may not be published, or None."""
    tag = tag.lower()
    if tag in ACTIVE_ELEMENTS:
        return f"the element <{tag}> can run script, load content or restyle the page"
    return None
