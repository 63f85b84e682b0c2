"""`mkdocs serve` keeps watching journeys/ and personas/ when they are deleted and restored.

MkDocs watches each folder with a polling emitter that stops for good when
its folder disappears, and it ignores the folder's own deletion (a directory
event): deleting journeys/ goes unnoticed, and once it is back nothing
rebuilds. So each folder's parent is watched too, without recursion (a
listing of one folder, cheap): when a source folder is deleted, created or
moved, its watch is dropped and made again if it exists, and a rebuild is
requested, which reports the missing folder or builds the restored one.

Requesting a rebuild uses the server's rebuild flag (``_want_rebuild`` and
``_rebuild_cond``, what MkDocs' own watch callback sets): MkDocs has no
public call for it. Without them (another MkDocs), the folder is still
watched again and the next file change rebuilds.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler

log = logging.getLogger("mkdocs.plugins.cxmaps")


class _FolderWatch(FileSystemEventHandler):
    def __init__(self, server: Any, folders: Iterable[str]) -> None:
        self.server = server
        self.folders = {os.path.abspath(f) for f in folders}

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            return
        paths = {os.path.abspath(os.fsdecode(p)) for p in (event.src_path, getattr(event, "dest_path", "")) if p}
        touched = sorted(self.folders & paths)
        for folder in touched:
            _rewatch(self.server, folder)
        if touched:
            log.info("cxmaps: %s %s", ", ".join(os.path.basename(f) for f in touched), event.event_type)
            request_rebuild(self.server)


def keep_watching(server: Any, folders: Iterable[str]) -> None:
    """Watch the parents of `folders`, so their deletion and their return are noticed."""
    handler = _FolderWatch(server, folders)
    for parent in sorted({os.path.dirname(f) for f in handler.folders}):
        if os.path.isdir(parent):
            server.observer.schedule(handler, parent, recursive=False)


def _rewatch(server: Any, folder: str) -> None:
    with contextlib.suppress(KeyError, ValueError):  # not watched (yet, or any more)
        server.unwatch(folder)
    if os.path.isdir(folder):
        server.watch(folder)


def request_rebuild(server: Any) -> None:
    """Ask the server for a rebuild, as MkDocs' own watch does when a file changes."""
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or not hasattr(server, "_want_rebuild"):
        return
    with condition:
        server._want_rebuild = True
        condition.notify_all()
