"""The history of the reference as readers see it (format 1.2): `#history` sections, `changes/`, reviews due.

Each change is said in the words of `cxmaps diff` (reference/changewords.py),
written here as escaped HTML: author text, commit subjects and author names
are text, never markup. Dates are the commits' (the committer's day), in the
page's language; nothing depends on the day of the build.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from ..language.i18n import Typography
from ..reference.changewords import Words, detail, journey_lines
from ..reference.core import Reference
from ..reference.history import Change, History
from ..reference.timeline import Review, review_of
from ..source.gitlog import Commit, Release


def _code(value: str) -> str:
    return str(Markup("<code>{}</code>").format(value))


def _text(value: str) -> str:
    return str(escape(value))


@dataclass(frozen=True)
class Entry:
    """One change as a page lists it."""

    day: str
    """The commit's day in the page's language."""
    iso: str
    commit: Commit
    url: str
    """The commit's address at `repo_url`, or ""."""
    item: str
    """What changed: a journey's title, a persona's name, a measures file (text)."""
    link: tuple[str, str]
    """(kind, id) of the page of what changed, for a link; ("", "") for measures."""
    words: list[Markup]


class HistoryWords:
    """``site.hist``: the history of journeys and personas, the changes page and the feed, in the site's words."""

    def __init__(self, ref: Reference, t: dict[str, str], typo: Typography, language: str) -> None:
        self.ref, self.t, self.typo = ref, t, typo
        self.history = History(ref)
        self.timeline = ref.timeline
        escaped = {k: v if k.startswith("typo_") else str(escape(v)) for k, v in t.items()}
        self.words = Words(language, _text, _code, t=escaped)

    @property
    def shown(self) -> bool:
        """Whether pages have a history section: the site shows history (its note when git has none)."""
        return self.ref.settings.history

    @property
    def available(self) -> bool:
        return self.history.available

    @property
    def in_git(self) -> bool:
        """Whether the site is in a git repository with commits, whether or not its history can be read."""
        return self.timeline is not None and (self.timeline.available or self.timeline.log.why in ("shallow", "single"))

    def note(self) -> str:
        """Why there is no history: a shallow clone, no git, a single commit."""
        why = self.timeline.log.why if self.timeline is not None else "no-git"
        return self.t.get(f"history_none_{why}", self.t["history_none"])

    def day(self, value: date | None) -> str:
        return self.typo.period(value.isoformat()) if value else ""

    # -- as of ------------------------------------------------------------------
    def as_of(self) -> str:
        """ "As of v2026.3, 30 September 2026": the release or commit the site shows, and the reference's date."""
        timeline = self.timeline
        if timeline is None or timeline.day is None:
            return ""
        day = self.day(timeline.day)
        if timeline.log.head:
            what = timeline.release() or timeline.log.head[:7]
            return self.t["as_of"].replace("{what}", what).replace("{day}", day)
        return self.t["as_of_day"].replace("{day}", day)

    # -- reviews ------------------------------------------------------------------
    def review(self, kind: str, item_id: str) -> Review:
        ref = self.ref
        if kind == "journey":
            return review_of(ref, ref.journeys[item_id].reviewed, ref.journey_sources[item_id].display)
        return review_of(ref, ref.personas[item_id].reviewed, ref.persona_sources[item_id].display)

    # -- changes ------------------------------------------------------------------
    def commit_url(self, commit: Commit) -> str:
        base = self.ref.settings.repo_url
        return f"{base.rstrip('/')}/commit/{commit.id}" if base else ""

    def created(self, kind: str, item_id: str) -> Commit | None:
        if self.timeline is None:
            return None
        return self.timeline.created(self._path(kind, item_id))

    def last(self, kind: str, item_id: str) -> Commit | None:
        if self.timeline is None:
            return None
        return self.timeline.last(self._path(kind, item_id))

    def _path(self, kind: str, item_id: str) -> str:
        sources = self.ref.journey_sources if kind == "journey" else self.ref.persona_sources
        return sources[item_id].display

    def of(self, kind: str, item_id: str) -> list[Entry]:
        """A journey's or persona's changes, newest first (a journey's include the statuses its measures changed)."""
        changes = self.history.journey(item_id) if kind == "journey" else self.history.persona(item_id)
        if kind == "journey":
            changes = changes + [c for c in self.history.measures() if any(s["journey"] == item_id for s in c.details)]
            changes.sort(key=lambda c: (-c.commit.time, c.kind == "measures"))
        return [self.entry(c, only=item_id if c.kind == "measures" else "") for c in changes]

    def recent(self) -> list[tuple[Release | None, list[Entry]]]:
        return [(release, [self.entry(c) for c in changes]) for release, changes in self.history.by_release()]

    def entry(self, change: Change, only: str = "") -> Entry:
        ref = self.ref
        kind, item_id = change.item
        if kind == "journey":
            name, link = ref.journeys[item_id].title, ("journeys", item_id)
        elif kind == "persona":
            name, link = ref.personas[item_id].name, ("personas", item_id)
        else:
            name, link = item_id, ("", "")
        return Entry(self.day(change.commit.day), change.commit.day.isoformat(), change.commit,
                     self.commit_url(change.commit), name, link, self.said(change, self.words, only))  # fmt: skip

    def said(self, change: Change, words: Words, only: str = "") -> list[Markup]:
        """The change in sentences, as escaped HTML."""
        t = self.t
        if change.kind in ("created", "deleted"):
            return [Markup(escape(t[f"history_{change.kind}"]))]
        if change.kind == "measures":
            statuses = [s for s in change.details if not only or s["journey"] == only]
            return [self._status(s, words) for s in statuses] or [Markup(escape(t["history_measures_same"]))]
        if change.details is None:
            return [Markup(escape(t["history_changed"]))]
        if change.item[0] == "persona":
            lines = [detail(words, d) for d in change.details]
        else:
            lines = [line.removeprefix("- ") for line in journey_lines(words, self._named(change.details))]
        return [Markup(line) for line in lines] or [Markup(escape(t["history_same"]))]

    def _named(self, details: dict[str, Any]) -> dict[str, Any]:
        """Persona ids in a journey's details, named as the reference names them today."""
        personas = self.ref.personas
        out = dict(details)
        out["details"] = [
            {**d, "persona": personas[d["persona"]].name if d["persona"] in personas else d["persona"]}
            if "persona" in d
            else d
            for d in details.get("details", [])
        ]
        return out

    def _status(self, s: dict[str, Any], words: Words) -> Markup:
        ref = self.ref
        journey = ref.journeys.get(s["journey"])
        step = next((x for x in journey.steps() if x.id == s["step"]), None) if journey else None
        where = f"{journey.title if journey else s['journey']} \u203a {step.name if step else s['step']}"
        old, new = (self._status_word(x) for x in (s["from"], s["to"]))
        objective = words.typo.quote(words.text(s["objective"]))
        line = words.text(where) + words.typo.colon + " " + words.say("diff_status_changed", objective=objective,
                                                                          old=old, new=new)  # fmt: skip
        return Markup(line)

    def _status_word(self, status: str) -> str:
        t = self.t
        if status in ("met", "missed", "stale", "no-data"):
            return t[f"delivered_{status}"]
        return t["diff_status_no_target" if status == "no-target" else "diff_status_absent"]

    @functools.cached_property
    def feed_entries(self) -> list[tuple[Commit, list[tuple[str, list[str]]]]]:
        """`recent`, one entry per commit: (commit, [(what changed, its sentences as plain text)])."""
        by_commit: dict[str, tuple[Commit, list[tuple[str, list[str]]]]] = {}
        for change in self.history.recent():
            e = self.entry(change)
            plain = [str(Markup(line).striptags()) for line in self.said(change, self.words)]
            by_commit.setdefault(change.commit.id, (change.commit, []))[1].append((e.item, plain))
        return list(by_commit.values())
