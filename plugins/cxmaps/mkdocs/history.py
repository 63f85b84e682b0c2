"""The git history of a build (format 1.2): read once per build, kept under `mkdocs serve` while HEAD stays.

`GitHistory.attach` gives the loaded reference its timeline (reference/
timeline.py). The log is read with one ``git log`` over the source folders
(source/gitlog.py); under `mkdocs serve` a rebuild with the same HEAD reuses
the log it read before. The words of old revisions are kept in the cache
folder, sealed like the charts (charts/seal.py), by the pair of blob ids.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..charts.seal import Seal, read_unlinked
from ..reference.core import Reference
from ..reference.timeline import attach
from ..source.gitlog import Log, head_of, read_log

KIND = "cxmaps-history"
MAX_ENTRY_BYTES = 4 * 1024 * 1024


@dataclass
class SealedTexts:
    """Texts in `folder`, each sealed with this machine's secret for its name (see charts/seal.py)."""

    folder: Path
    seal: Seal
    writable: bool = True

    def get(self, name: str) -> str | None:
        try:
            data = read_unlinked(self.folder / name, MAX_ENTRY_BYTES)
        except FileNotFoundError:
            return None
        body = None if data is None or len(data) > MAX_ENTRY_BYTES else self.seal.open(KIND, name, data)
        try:
            return None if body is None else body.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def put(self, name: str, text: str) -> None:
        if not self.writable:
            return
        path = self.folder / name
        partial = path.with_name(f".{name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(self.seal.seal(KIND, name, text.encode("utf-8")))
            partial.replace(path)  # atomic: a reader never sees half an entry
        except OSError:
            self.writable = False
            with contextlib.suppress(OSError):
                partial.unlink()


@dataclass
class GitHistory:
    """The log of the last build, by HEAD, for the next (under `mkdocs serve`)."""

    kept: dict[str, Log] = field(default_factory=dict)
    reads: int = 0
    """How many times `git log` was run by this instance (the tests count them)."""

    def attach(self, ref: Reference) -> None:
        """Give `ref` its timeline (the cache of old revisions' words comes later: `keep_words`)."""
        settings = ref.settings
        if not settings.history and not settings.review_every:
            attach(ref, Log(why="off"))
            return
        root = settings.root
        head = head_of(root)
        log = self.kept.get(head) if head else None
        if log is None:
            folders = [settings.journeys_dir, settings.personas_dir,
                       settings.measures_dir or root / "measures", settings.sources_dir or root / "sources"]  # fmt: skip
            log = read_log(root, [root / f for f in folders], settings.release_tags)
            self.reads += 1
            self.kept = {head: log} if head else {}
        attach(ref, log)


def keep_words(ref: Reference, folder: Path, seal: Seal | None) -> None:
    """Keep the words of old revisions in `folder`, sealed with `seal` (the build's cache; None: not kept)."""
    if ref.timeline is not None:
        ref.timeline.cache = SealedTexts(folder, seal) if seal is not None else None
