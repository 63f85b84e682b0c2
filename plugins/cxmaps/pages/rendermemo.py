"""Under `mkdocs serve`: a journey page whose inputs did not change is not rendered again (issue 25).

Rendering the journey pages is the largest part of making the pages. After
an author saves one journey, the others' pages are the same text as in the
previous build, if nothing they show changed. Each journey page gets a key,
the hash of everything its templates read:

- the journey itself (its whole model, with its steps, standards, aliases
  and everything a later format adds to it), its source file's path, and
  the measured values of the journey (with their file and line); for a
  future-state journey, the same of the journey it redesigns (`improves`);
- what the whole site shares (`site_key`): the settings (the reference's
  date included), the site's language, labels and addresses, the pages
  docs/ supplies itself, every persona and source, every other field of the
  reference, which touchpoints and systems have a page, and, for every
  journey, what other pages show of it (its model without its phases, and
  its steps' ids, names, aliases, touchpoints and support systems).

A page that shows a map still being drawn (a placeholder with this build's
word) is never kept. The text of each kept page is on disk in the serve
session's folder; the plugin gives one to the `Site` only when serving.
`tests/test_serve_memo.py` proves the result on a clean build.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup
from pydantic import BaseModel

from ..charts.canvasdelivery import shows_evidence
from ..reference.dated import Timeline
from .core import make_env

if TYPE_CHECKING:
    from ..model.format import Journey
    from .site import Site

#: Fields of the reference that the site key does not take whole (each journey page takes its own part of them).
_PER_JOURNEY = frozenset({"journeys", "journey_sources", "measures"})


@dataclass
class RenderMemo:
    """Each journey page's Markdown from the previous build of the serve session, with the key it was made for."""

    folder: Path
    keys: dict[str, str] = field(default_factory=dict)
    reused: set[str] = field(default_factory=set)
    """This build's pages taken from the memo."""
    made: dict[str, str] = field(default_factory=dict)
    """This build's pages rendered and kept, with their keys (a child process sends them to its parent)."""
    fragments: dict[tuple[str, ...], Markup] = field(default_factory=dict)
    """A step as touchpoint and system pages show it, by its journey's key and its place (`Site.entry_step`)."""
    used: set[tuple[str, ...]] = field(default_factory=set)
    new: dict[tuple[str, ...], Markup] = field(default_factory=dict)
    journey_keys: dict[str, str] = field(default_factory=dict)
    """This build's key of each journey (see `journey_key`)."""

    env: tuple[str, jinja2.Environment] | None = None
    """The templates, compiled, with the stamp of their folders (see `environment`)."""

    def environment(self, search_path: Sequence[str | Path]) -> jinja2.Environment:
        """The templates of the previous build, compiled, unless a file of their folders changed."""
        stamp = folders_stamp(search_path)
        if self.env is None or self.env[0] != stamp:
            self.env = (stamp, make_env(search_path))
        return self.env[1]

    def start(self) -> RenderMemo:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.reused, self.made, self.used, self.new, self.journey_keys = set(), {}, set(), {}, {}
        return self

    def key(self, site: Site, jid: str) -> str:
        """The key of what a journey's page (or any view of one of its steps) shows, computed once a build."""
        if not self.journey_keys:
            shared, measured = site_key(site), measured_by_journey(site)
            self.journey_keys = {j: journey_key(site, shared, j, measured) for j in site.ref.journeys}
        return self.journey_keys[jid]

    def fragment(self, site: Site, jid: str, place: tuple[str, ...], render: Callable[[], Markup]) -> Markup:
        """A fragment of a page about one of a journey's steps: the kept one if the journey's key is the same."""
        key = (self.key(site, jid), *place)
        self.used.add(key)
        if key not in self.fragments:
            self.fragments[key] = self.new[key] = render()
        return self.fragments[key]

    def handed(self) -> tuple[dict[str, str], set[str], dict[tuple[str, ...], str], set[tuple[str, ...]]]:
        """What a child process made and used of the memo, for its parent (`take`)."""
        return self.made, self.reused, {key: str(text) for key, text in self.new.items()}, self.used

    def take(self, handed: tuple[dict[str, str], set[str], dict[tuple[str, ...], str], set[tuple[str, ...]]]) -> None:
        made, reused, new, used = handed
        self.keys.update(made)
        self.made.update(made)
        self.reused.update(reused)
        self.fragments.update((key, Markup(text)) for key, text in new.items())
        self.used.update(used)

    def page(self, uri: str, key: str, render: Callable[[], str], keep: Callable[[str], bool]) -> str:
        """The page at `uri`: the kept text if `key` is the one it was made for, else `render()` (kept if `keep`)."""
        path = self.folder / (hashlib.sha256(uri.encode()).hexdigest()[:24] + ".md")
        if self.keys.get(uri) == key:
            try:
                text = path.read_text(encoding="utf-8")
            except OSError:
                pass
            else:
                self.reused.add(uri)
                return text
        self.keys.pop(uri, None)
        text = render()
        if keep(text):
            path.write_text(text, encoding="utf-8")
            self.keys[uri] = self.made[uri] = key
        return text

    def forget(self, keep: Iterable[str]) -> None:
        """After a build: addresses no longer generated are dropped."""
        wanted = set(keep)
        for uri in set(self.keys) - wanted:
            del self.keys[uri]
        self.fragments = {key: text for key, text in self.fragments.items() if key in self.used}


def folders_stamp(folders: Iterable[str | Path]) -> str:
    """The name, size and time of every file in `folders`: it changes when one of them does."""
    digest = hashlib.sha256()
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs.sort()
            for name in sorted(names):
                stat = os.stat(os.path.join(root, name))
                digest.update(f"{root}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def site_key(site: Site) -> str:
    """What every journey page may show besides its own journey (see the module's docstring)."""
    ref = site.ref
    digest = hashlib.sha256()
    parts: list[Any] = [ref.settings, site.language, site.directory_urls, sorted(site.owned), site.t,
                        shows_evidence(site.delivery), site.persona_styles]  # fmt: skip
    parts += [(f.name, _content(getattr(ref, f.name))) for f in dataclasses.fields(ref) if f.name not in _PER_JOURNEY]
    for part in parts:
        digest.update(_text(part).encode())
    for jid, journey in ref.journeys.items():
        digest.update(f"\0{jid}\0{_summary(journey)}".encode())
    return digest.hexdigest()


def journey_key(site: Site, shared: str, jid: str, measured: dict[str, list[Any]]) -> str:
    """The key of a journey's page: the site's key, the journey, its source, its measured values."""
    journey = site.ref.journeys[jid]
    source = site.ref.journey_sources.get(jid)
    text = f"{shared}\0{jid}\0{journey.model_dump_json()}\0{source.path if source else ''}\0{measured.get(jid, [])!r}"
    # A future-state journey's page compares it with the journey it redesigns (format 1.2): that one's steps too.
    current = getattr(journey, "improves", None)
    if current in site.ref.journeys:
        text += f"\0{site.ref.journeys[current].model_dump_json()}\0{measured.get(current, [])!r}"
    return hashlib.sha256(text.encode()).hexdigest()


def measured_by_journey(site: Site) -> dict[str, list[Any]]:
    by: dict[str, list[Any]] = {}
    for m in site.ref.measures:
        by.setdefault(m.journey, []).append(m)
    return by


def _summary(journey: Journey) -> str:
    """What other pages show of a journey: all but its phases, and its steps' names and the entries they name."""
    steps = [(s.id, s.name, s.aliases, s.touchpoints, s.support) for s in journey.steps()]
    return f"{journey.model_dump_json(exclude={'phases'})}\0{[p.name for p in journey.phases]}\0{steps!r}"


def _content(value: Any) -> Any:
    """What of a field of the reference pages may show: the history's log and date, not its cache of words."""
    if isinstance(value, Timeline):
        return (value.log, value.day)
    return value


def _text(value: Any) -> str:
    """A stable text of a value made of models, dataclasses, mappings and sequences."""
    if isinstance(value, BaseModel):
        return value.model_dump_json()
    if isinstance(value, dict):
        return "{" + ",".join(f"{_text(k)}:{_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_text(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_text(v) for v in value)) + "}"
    return repr(value)
