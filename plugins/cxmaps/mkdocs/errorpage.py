"""Under ``mkdocs serve``, a reference that does not validate is shown in the browser, not only the terminal.

MkDocs keeps serving the previous build when a rebuild fails and holds every
request until a build succeeds: the author's browser waits for minutes on a
page that never comes. Instead the plugin lets the build finish without the
generated pages and replaces every page (those of the failed build and
those the browser may be on from the last good one) with a page listing
the problems. MkDocs injects its reload script into each, so the page
reloads by itself when a save fixes the sources. Author text in the
problems is escaped: it is shown, never run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from markupsafe import escape

from ..source.problems import Problem, printable

_STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
    "h1{font-size:1.4rem;color:#b00020}li{margin:.4rem 0}code{background:#f3f3f3;padding:0 .2rem}"
)


def error_page(problems: Sequence[Problem]) -> str:
    """A standalone HTML page listing `problems`, each located and escaped."""
    count = len(problems)
    head = f"cxmaps found {count} problem{'s' if count != 1 else ''} in the reference"
    items = "\n".join(
        f"<li><code>{escape(printable(f'{p.file}:{p.line}:{p.col}'))}</code> "
        + (f"<code>{escape(printable(p.field))}</code>: " if p.field else "")
        + f"{escape(printable(p.message))}</li>"
        for p in problems
    )
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(head)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f'<main>\n<h1>{escape(head)}</h1>\n<ul class="cx-problems">\n{items}\n</ul>\n'
        "<p>Save a fix: this page reloads by itself once the reference is valid.</p>\n</main>\n"
        "</body>\n</html>\n"
    )


def html_pages(site_dir: Path) -> list[str]:
    """The HTML files of a built site, relative to it (the addresses a browser may be on)."""
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


def write_error_pages(site_dir: Path, problems: Sequence[Problem], also: Iterable[str]) -> int:
    """Write the error page at every page of `site_dir`, at each of `also`, and as 404.html; how many."""
    page = error_page(problems).encode("utf-8")
    targets = {*html_pages(site_dir), *also, "index.html", "404.html"}
    root = site_dir.resolve()
    for name in targets:
        target = (root / name).resolve()
        if not target.is_relative_to(root):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.cxmaps-tmp")
        temporary.write_bytes(page)
        os.replace(temporary, target)  # a reader never sees half a page
    return len(targets)
