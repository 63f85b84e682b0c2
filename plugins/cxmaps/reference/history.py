"""What each commit changed in the reference, as the data of `cxmaps diff` (format 1.2, history from git).

`History` reads the timeline (timeline.py) of a loaded reference:

- a journey's or persona's changes, newest first: created, deleted, or
  changed with the details `diffsteps` gives (which step, which persona,
  old → new); the two revisions of each change are parsed from git only
  here, all the blobs a build needs in one ``git cat-file``, and the
  details are kept in the cache by the pair of blob ids, so a warm build
  parses no old revision at all;
- a commit of measures files: the standards whose status it changed
  (against today's journeys and targets), as `deliverychanges` says it;
- `recent`: every change of the last `history_days`, newest first, each
  with the release it belongs to.

An old revision that does not validate against today's format gives a
change without details ("changed"), never a failed build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ..model.format import Journey, Persona
from ..model.validate import validate
from ..source.gitlog import ZERO, Commit, Release, read_blobs
from ..source.yamlsource import YamlProblem, read_document
from .core import Reference
from .dated import Timeline
from .delivered import Delivery
from .deliverychanges import compare_delivery
from .diffsteps import journey_changes, persona_changes
from .measures import SUFFIX, measures_of

#: Changed by this version of cxmaps's words: entries of another version are not read.
CACHE_VERSION = "1"


@dataclass(frozen=True)
class Change:
    """One commit's change to one file of the reference."""

    commit: Commit
    path: str
    kind: str
    """created, changed, deleted (a journey or persona file), or measures."""
    item: tuple[str, str]
    """("journey" | "persona" | "measures", id); a measures change names its file."""
    details: Any = None
    """For a journey: `diffsteps.journey_changes`; a persona: its list of details; measures: changed statuses.
    None: the revisions could not be compared (an old revision that today's format refuses)."""


class History:
    """The changes of every journey, persona and measures file (see the module docstring)."""

    def __init__(self, ref: Reference) -> None:
        self.ref = ref
        self.timeline: Timeline | None = ref.timeline
        self._details: dict[tuple[str, str, str], Any] | None = None
        self._measures: list[Change] | None = None
        self._models: dict[tuple[str, str], Journey | Persona | None] = {}

    @property
    def available(self) -> bool:
        return self.timeline is not None and self.timeline.available

    def _items(self) -> list[tuple[str, str, str, type[Journey] | type[Persona]]]:
        ref = self.ref
        out: list[tuple[str, str, str, type[Journey] | type[Persona]]] = [
            ("journey", jid, s.display, Journey) for jid, s in ref.journey_sources.items()
        ]
        return out + [("persona", pid, s.display, Persona) for pid, s in ref.persona_sources.items()]

    def _compare_all(self) -> dict[tuple[str, str, str], Any]:
        """The details of every change of a journey or persona: from the cache, or parsed (all blobs at once)."""
        if self._details is not None:
            return self._details
        assert self.timeline is not None
        wanted: dict[tuple[str, str, str], type[Journey] | type[Persona]] = {}
        for kind, _, path, model in self._items():
            for commit in self.timeline.commits_of(path):
                for f in commit.files:
                    if f.path == path and ZERO not in (f.old, f.new):
                        wanted[(kind, f.old, f.new)] = model
        cache = self.timeline.cache
        found: dict[tuple[str, str, str], Any] = {}
        for key in wanted:
            text = cache.get(_name(key)) if cache is not None else None
            if text is not None:
                with contextlib.suppress(ValueError):
                    found[key] = json.loads(text)
        missing = [key for key in wanted if key not in found]
        top = self.timeline.log.top
        blobs = read_blobs(top, {b for _, old, new in missing for b in (old, new)}) if missing and top else {}
        for key in missing:
            kind, old, new = key
            before, after = self._model(kind, old, blobs, wanted[key]), self._model(kind, new, blobs, wanted[key])
            if before is None or after is None:
                found[key] = None
                continue
            if isinstance(before, Journey) and isinstance(after, Journey):
                found[key] = journey_changes(before, after, {})
            elif isinstance(before, Persona) and isinstance(after, Persona):
                found[key] = persona_changes(before, after)
            if cache is not None and old in blobs and new in blobs:
                cache.put(_name(key), json.dumps(found[key], sort_keys=True, ensure_ascii=False))
        self._details = found
        return found

    def _model(
        self, kind: str, blob: str, blobs: dict[str, bytes], model: type[Journey] | type[Persona]
    ) -> Journey | Persona | None:
        if (kind, blob) not in self._models:
            item: Journey | Persona | None = None
            raw = blobs.get(blob)
            if raw is not None and len(raw) <= self.ref.settings.max_file_size:
                try:
                    doc = read_document(raw, f"{kind} {blob[:12]}", max_bytes=self.ref.settings.max_file_size)
                    item, _ = validate(model, doc, f"{kind} {blob[:12]}")
                except YamlProblem:
                    item = None
            self._models[(kind, blob)] = item
        return self._models[(kind, blob)]

    def of_file(self, kind: str, item_id: str, path: str) -> list[Change]:
        """The changes of one journey or persona file, newest first."""
        if not self.available:
            return []
        assert self.timeline is not None
        details = self._compare_all()
        out = []
        for commit in self.timeline.commits_of(path):
            for f in commit.files:
                if f.path != path:
                    continue
                what = "created" if f.old == ZERO else "deleted" if f.new == ZERO else "changed"
                out.append(Change(commit, path, what, (kind, item_id), details.get((kind, f.old, f.new))))
        return out

    def journey(self, jid: str) -> list[Change]:
        return self.of_file("journey", jid, self.ref.journey_sources[jid].display)

    def persona(self, pid: str) -> list[Change]:
        return self.of_file("persona", pid, self.ref.persona_sources[pid].display)

    def measures(self) -> list[Change]:
        """Each commit of measures files, with the standards whose status it changed (newest first)."""
        if self._measures is not None:
            return self._measures
        self._measures = []
        if not self.available:
            return self._measures
        assert self.timeline is not None
        folder = self._measures_folder()
        commits = [c for c in self.timeline.log.commits if any(self._is_measures(f.path, folder) for f in c.files)]
        state: dict[str, str] = {}
        states: list[tuple[Commit, dict[str, str], dict[str, str]]] = []
        for commit in reversed(commits):  # oldest first: the measures files as each commit left them
            before = dict(state)
            for f in commit.files:
                if self._is_measures(f.path, folder):
                    if f.new == ZERO:
                        state.pop(f.path, None)
                    else:
                        state[f.path] = f.new
            states.append((commit, before, dict(state)))
        top = self.timeline.log.top
        every = {blob for _, a, b in states for blob in (*a.values(), *b.values())}
        blobs = read_blobs(top, every) if top and every else {}
        deliveries: dict[tuple[tuple[str, str], ...], Delivery] = {}

        def delivery(files: dict[str, str]) -> Delivery:
            key = tuple(sorted(files.items()))
            if key not in deliveries:
                texts = {p: blobs[b].decode("utf-8", errors="replace") for p, b in files.items() if b in blobs}
                deliveries[key] = Delivery(dataclasses.replace(self.ref, measures=measures_of(self.ref, texts)))
            return deliveries[key]

        for commit, before, after in reversed(states):
            statuses = compare_delivery(delivery(before), delivery(after))["statuses"]
            changed = sorted({f.path for f in commit.files if self._is_measures(f.path, folder)})
            self._measures.append(Change(commit, changed[0], "measures", ("measures", ", ".join(changed)), statuses))
        return self._measures

    def _measures_folder(self) -> str:
        settings = self.ref.settings
        folder = settings.measures_dir or settings.root / "measures"
        try:
            return folder.resolve().relative_to(settings.root.resolve()).as_posix()
        except ValueError:
            return folder.as_posix()

    @staticmethod
    def _is_measures(path: str, folder: str) -> bool:
        return path.startswith(f"{folder}/") and path.endswith(SUFFIX) and "/" not in path[len(folder) + 1 :]

    def recent(self) -> list[Change]:
        """Every change of the last `history_days` before the reference's date, newest first."""
        if not self.available:
            return []
        assert self.timeline is not None and self.timeline.day is not None
        since = self.timeline.day - timedelta(days=self.ref.settings.history_days)
        changes = [c for jid in self.ref.journeys for c in self.journey(jid)]
        changes += [c for pid in self.ref.personas for c in self.persona(pid)]
        changes += self.measures()
        recent = [c for c in changes if c.commit.day > since]
        return sorted(recent, key=lambda c: (-c.commit.time, c.commit.id, c.item))

    def by_release(self) -> list[tuple[Release | None, list[Change]]]:
        """`recent` grouped by release, newest first; changes after the newest release come first, under None."""
        assert self.timeline is not None
        releases = self.timeline.log.releases  # newest first
        groups: dict[int, list[Change]] = {}
        for change in self.recent():
            # The oldest release made at or after the change holds it; -1: not released yet.
            index = next((i for i in range(len(releases) - 1, -1, -1) if releases[i].time >= change.commit.time), -1)
            groups.setdefault(index, []).append(change)
        return [(releases[i] if i >= 0 else None, groups[i]) for i in sorted(groups)]


def _name(key: tuple[str, str, str]) -> str:
    kind, old, new = key
    return f"{kind}-{old}-{new}-v{CACHE_VERSION}"
