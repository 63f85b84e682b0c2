"""The last check of a docs/ page: the HTML MkDocs made of it can run no script.

`reference.docsafety` checks a page's Markdown before the build, located and
all at once. Markdown extensions, entity tricks and HTML the scan did not
foresee all end up here, in the HTML a reader would get: every element and
attribute is held to the rules of `source.markup`. A page that breaks them
stops the build (site/ stays the previous complete site); nothing is
cleaned silently. cxmaps' own embeds are not in the HTML checked: the plugin
puts them in after the check (`Embeds`).
"""

from __future__ import annotations

import re
import secrets
from html.parser import HTMLParser

from ..source.markup import attribute_problem, element_problem
from ..source.problems import Problem


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        """(what to look for in the source, why) for each element or attribute that may not be published."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if why := element_problem(tag):
            self.found.append((f"<{tag}", why))
        for name, value in attrs:
            if why := attribute_problem(name, value):
                self.found.append((name, why))

    handle_startendtag = handle_starttag


def unsafe_html(html: str) -> list[tuple[str, str]]:
    """(what, why) for each element or attribute of rendered HTML that could act in a reader's browser."""
    scan = _Scan()
    scan.feed(html)
    scan.close()
    return scan.found


def locate(source: str, what: str) -> tuple[int, int]:
    """Line and column of the first place `what` (a tag's start or an attribute's name) is written; else 1:1."""
    match = re.search(re.escape(what), source, re.IGNORECASE)
    if match is None:
        return 1, 1
    line = source.count("\n", 0, match.start()) + 1
    return line, match.start() - (source.rfind("\n", 0, match.start()) + 1) + 1


def check_page(html: str, source: str, display: str) -> list[Problem]:
    """The problems of a docs page's rendered HTML, each placed where the source writes it (best effort)."""
    return [
        Problem(display, *locate(source, what), "", f"{why}; a docs page may not publish it (see docs/security.md)")
        for what, why in dict.fromkeys(unsafe_html(html))
    ]


class Embeds:
    """cxmaps' embeds in docs pages, kept out of the page while MkDocs and the guard read it.

    An embed line becomes a one-word paragraph with this build's random word,
    which no author text can forge; `restore` puts the embed back in its place.
    """

    def __init__(self) -> None:
        self.word = secrets.token_hex(8)
        self.kept: dict[str, list[str]] = {}

    def keep(self, page: str, html: str) -> str:
        """The placeholder paragraph that stands for `html` on `page`."""
        items = self.kept.setdefault(page, [])
        items.append(html)
        return f"cxmapsembed{self.word}n{len(items) - 1}"

    def restore(self, page: str, html: str) -> str:
        """The page with each embed in place of its placeholder; KeyError if one went missing."""
        items = self.kept.pop(page, [])
        for number, embed in enumerate(items):
            placeholder = f"<p>cxmapsembed{self.word}n{number}</p>"
            if placeholder not in html:
                raise KeyError(f"{page}: an embedded map went missing (another plugin rewrote the page)")
            # A raw HTML block comes out of Markdown followed by a blank line; the paragraph did not.
            html = html.replace(placeholder, embed + "\n", 1)
        return html
