"""The reference in time (format 1.2): its date, when each file was created and last changed, reviews that fall due.

`attach` gives a loaded reference its `Timeline` from the git log
(source/gitlog.py, read once per build) and the site's options. Everything
here is counted from **the reference's date**: the date of the commit being
built, or without git the newest date the reference holds (a `reviewed`
date, a source's date, the end of a measured period); never the day of the
build, so that two builds of one commit are identical. (`core.reference_date`
is another date: the build day, which no measured period may be after.)

A journey or persona is due for review when its `reviewed` date (without
one: the day of its last change in git; without git: never) is more than
`review_every` days before the reference's date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..source.gitlog import Commit, Log
from .core import Reference
from .dated import TextCache, Timeline


@dataclass(frozen=True)
class Review:
    """Where one journey or persona stands with its review."""

    reviewed: date | None
    """Its `reviewed` date, if it has one."""
    since: date | None
    """What the review is counted from: `reviewed`, else its last change; None: never due."""
    due: date | None
    """When it falls (or fell) due."""
    is_due: bool


def newest_date(ref: Reference) -> date | None:
    """The newest date the reference itself holds: a `reviewed` date, a source's date, a measured period's end."""
    reviewed = [j.reviewed for j in ref.journeys.values()] + [p.reviewed for p in ref.personas.values()]
    days = [date.fromisoformat(r) for r in reviewed if r]
    days += [date.fromisoformat(s.date) for s in ref.sources.values()]
    days += [m.period.end for m in ref.measures]
    return max(days, default=None)


def attach(ref: Reference, log: Log, cache: TextCache | None = None) -> Timeline:
    """Give `ref` its timeline from `log` (an unavailable log: dates from the reference alone)."""
    by_path: dict[str, list[Commit]] = {}
    for commit in log.commits if log.available else []:
        for change in commit.files:
            by_path.setdefault(change.path, []).append(commit)
    day = log.head_day or newest_date(ref)  # the built commit's date, whenever there is a commit
    ref.timeline = Timeline(log, day, by_path, cache)
    return ref.timeline


def review_of(ref: Reference, reviewed: str | None, path: str) -> Review:
    """Whether the item written in `path` (with its `reviewed` value) is due for review."""
    timeline = ref.timeline
    when = date.fromisoformat(reviewed) if reviewed else None
    since = when
    if since is None and timeline is not None and timeline.available:  # without history: never due
        last = timeline.last(path)
        since = last.day if last else None
    every = ref.settings.review_every
    if since is None or not every:
        return Review(when, since, None, False)
    due = since + timedelta(days=every)
    today = timeline.day if timeline is not None else None
    return Review(when, since, due, today is not None and today > due)
