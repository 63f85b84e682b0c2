"""A reference's `Timeline`: what git says of its files, and its date (format 1.2; timeline.py makes one).

A module of its own so that `core.Reference` can hold one without importing
the functions that read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from ..source.gitlog import ZERO, Commit, Log


class TextCache(Protocol):
    """Where the words of old revisions are kept between builds (sealed entries, by blob ids; see the plugin)."""

    def get(self, name: str) -> str | None: ...

    def put(self, name: str, text: str) -> None: ...


@dataclass
class Timeline:
    """The log of the source files, by file, and the reference's date."""

    log: Log
    day: date | None
    """The reference's date (see the module docstring); None: it holds no date at all."""
    by_path: dict[str, list[Commit]] = field(default_factory=dict)
    """Each source file's commits (paths relative to the site's folder), newest first."""
    cache: TextCache | None = None

    @property
    def available(self) -> bool:
        return self.log.available

    def commits_of(self, path: str) -> list[Commit]:
        return self.by_path.get(path, [])

    def created(self, path: str) -> Commit | None:
        """The commit that added the file (the last time, if it was deleted and added again)."""
        for commit in self.commits_of(path):
            if any(f.path == path and f.old == ZERO for f in commit.files):
                return commit
        commits = self.commits_of(path)
        return commits[-1] if commits else None

    def last(self, path: str) -> Commit | None:
        commits = self.commits_of(path)
        return commits[0] if commits else None

    def release(self) -> str:
        """The release tag the built commit is, or ""."""
        return next((r.tag for r in self.log.releases if r.commit == self.log.head), "")
