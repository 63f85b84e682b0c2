"""What every page module shares: the document type, addresses, relative links, templates.

Nothing here knows MkDocs. Links inside HTML blocks are not rewritten by MkDocs, so
the page modules write them as final relative URLs, following ``use_directory_urls``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..reference.entries import entry_slug
from .text import heading, inline, page_title

TEMPLATES = Path(__file__).parent.parent / "templates"
#: The standards as CSV, linked from every page that lists standards.
CSV_URI = "standards/standards.csv"


class TemplateProblem(Exception):
    """A template (ours or a site's override) cannot be rendered."""


@dataclass(frozen=True)
class Document:
    """One generated file: a page (Markdown) or an asset, at its source path in docs/."""

    src_uri: str
    content: str | bytes
    """Text (a page, a CSV, JSON) or bytes (a spreadsheet)."""
    source: Path | None = None
    """The YAML file it comes from, for the edit link."""
    in_nav: bool = False

    @property
    def data(self) -> bytes:
        """The file as written to disk (text in UTF-8)."""
        return self.content.encode("utf-8") if isinstance(self.content, str) else self.content


def make_env(search_path: Sequence[str | Path]) -> jinja2.Environment:
    """Templates are looked up in `search_path` order: a site's overrides first, ours last."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        # An environment lives for one build (the next build makes its own and sees edited templates):
        # no need to look at each template file's time again at every include.
        auto_reload=False,
    )
    env.filters["md"] = inline
    env.filters["heading"] = heading
    env.filters["page_title"] = page_title
    env.filters["entry_slug"] = entry_slug  # an owner's or an initiative's address (issue 27)
    env.filters["anchor"] = lambda anchor_id: Markup("{#" + str(anchor_id) + "}")
    return env


def page_url(src_uri: str, directory_urls: bool) -> str:
    """The address MkDocs gives a Markdown page (``journeys/x.md`` → ``journeys/x/``)."""
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/" if directory_urls else f"{stem}.html"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at site address `from_url` to the site address `to_url`."""
    base = from_url.rstrip("/") if from_url.endswith("/") else posixpath.dirname(from_url)
    target, _, anchor = to_url.partition("#")
    rel = posixpath.relpath(target.rstrip("/") or ".", base or ".")
    if target.endswith("/") or not target:
        rel = "./" if rel == "." else f"{rel}/"
    return f"{rel}#{anchor}" if anchor else rel


@contextmanager
def template_errors() -> Iterator[None]:
    """Turn a template error (ours or a site's override) into a `TemplateProblem` with file and line."""
    try:
        yield
    except jinja2.TemplateSyntaxError as err:
        raise TemplateProblem(f"{err.filename or err.name}:{err.lineno}: template error: {err.message}") from None
    except jinja2.TemplateError as err:
        raise TemplateProblem(f"template error: {err}") from None
