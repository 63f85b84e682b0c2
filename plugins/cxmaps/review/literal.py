"""Author text made literal for GitHub Markdown, for the `cxmaps diff` comment.

The comment is posted by a bot: author text in it (names, titles, promises,
file names) must stay text. `text` escapes Markdown and HTML markup (no link,
image, comment or tag), breaks an ``@mention`` or ``#123`` with a word joiner
so that nobody is notified and no issue is linked, and flattens line breaks
and control characters; `code` writes an id or a path as inline code.
"""

from __future__ import annotations

import re

#: Markdown punctuation that makes markup inside a line (links and images need brackets).
_MARKUP = re.compile(r"([\\`*_\[\]~|])")
_WORD_JOINER = "\u2060"
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def text(value: str) -> str:
    """Author text made literal for GitHub Markdown (see the module docstring)."""
    flat = " ".join(_CONTROLS.sub(" ", value).split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    flat = _MARKUP.sub(r"\\\1", flat)
    flat = re.sub(r"([@#])(?=\w)", lambda m: m.group(1) + _WORD_JOINER, flat)
    # Bare addresses are linked by GitHub: "https://" and "www." are broken the same way.
    return re.sub(r"(?i)(:)(?=//)|\b(www)(?=\.)", lambda m: (m.group(1) or m.group(2)) + _WORD_JOINER, flat)


def code(value: str) -> str:
    """An id or a path as inline code: backticks and line breaks cannot end it early."""
    return "`" + " ".join(_CONTROLS.sub(" ", value.replace("`", "'")).split()) + "`"
