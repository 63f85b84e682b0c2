"""A large reference's pages rendered on two cores: a forked child renders some kinds of page (issue 15).

Rendering the pages from the templates is a third of a warm build, on one
core. Where the system can fork (Linux) and has more than one core, and the
reference has `PARALLEL_FROM` journeys or more, `written` forks once: the
child renders the journey, persona and touchpoint pages, the parent the rest
at the same time, and each writes its files to the build's folder. A cold
build does not fork: its other cores draw the maps (see charts/store.py, Drawing).

What crosses back from the child is data only (pickled by the child, read by
its parent): for each file its address, whether it is in the navigation and
its source; the maps it left as placeholders (with a word of its own, see
`Site.chart`); its log records, which the parent logs again (so that
`--strict` counts the child's warnings); or the error it stopped on, raised
again in the parent. The files are handed on in the order of `Site.documents`,
so the site is the same bytes as a build on one core.

The child leaves with `os._exit`: it never runs the parent's exit handlers,
never touches the parent's worker processes (the maps being drawn), and never
returns into MkDocs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import secrets
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import journey, persona, touchpoints
from .core import Document

if TYPE_CHECKING:
    from .site import Site

#: From this many journeys, a second process renders part of the pages.
PARALLEL_FROM = 24
#: A build that draws more maps than this leaves the other cores to them (an edit under serve draws a few).
FEW_MAPS = 8
#: What the child renders: about half of the work (the journey pages are the largest part).
CHILD_PARTS = frozenset({journey.documents, persona.documents, touchpoints.documents})


@dataclass(frozen=True)
class Written:
    """A generated file, already written to the build's folder."""

    src_uri: str
    path: Path
    source: Path | None
    in_nav: bool


def can_fork(site: Site) -> bool:
    """Whether a child renders part of the pages: a large reference, a second core that no map drawing uses."""
    if not site.parallel or (site.drawing is not None and len(site.drawing.pending) > FEW_MAPS):
        return False  # a cold build: the maps being drawn have the other cores
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and len(site.ref.journeys) >= PARALLEL_FROM


def written(site: Site, folder: Path, parts: tuple[Callable[[Site], Iterator[Document]], ...]) -> Iterator[Written]:
    """Every generated file written under `folder`, in the order of `parts`; part of them by a child process."""
    site.draw_charts()
    if not can_fork(site):
        for part in parts:
            yield from (_write(doc, folder) for doc in part(site))
        return
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(reading)
        _child(site, folder, [p for p in parts if p in CHILD_PARTS], writing)
    os.close(writing)
    try:
        mine = {part: [_write(doc, folder) for doc in part(site)] for part in parts if part not in CHILD_PARTS}
    except BaseException:
        with contextlib.suppress(Exception):  # the parent's own error is the one to report
            _collect(reading, pid, site)
        raise
    theirs = _collect(reading, pid, site)
    for part in parts:
        yield from mine[part] if part in mine else theirs.pop(0)
    return


def _write(doc: Document, folder: Path) -> Written:
    path = folder / doc.src_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(doc.data)
    return Written(doc.src_uri, path, doc.source, doc.in_nav)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


class ChildStopped(Exception):
    """The process rendering part of the pages stopped before it sent them (killed, out of memory)."""

    def __init__(self, code: int) -> None:
        if code < 0:
            name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
            how = f"was stopped by signal {name}" + (" (out of memory?)" if name == "SIGKILL" else "")
        else:
            how = f"ended with status {code}"
        super().__init__(f"the process rendering the journey pages {how}, and the build with it. "
                         "Run the build again; with `parallel: false` pages are rendered in one process")  # fmt: skip


def _child(site: Site, folder: Path, parts: list[Callable[[Site], Iterator[Document]]], pipe: int) -> None:
    """Render `parts`, send the result to the parent, and leave (never returns)."""
    code = 1
    try:
        records = _Records()  # every record goes up to it, once: the parent logs them again, and counts them
        for logger in logging.Logger.manager.loggerDict.values():
            if isinstance(logger, logging.Logger):
                logger.handlers, logger.propagate = [], True
        logging.getLogger().handlers = [records]
        site.word, site.placed = secrets.token_hex(8), []
        site.placed_by = {site.word: site.placed}
        site.placed_on.clear()
        try:
            done: Any = ("ok", [[_write(doc, folder) for doc in part(site)] for part in parts])
            memo = site.memo.handed() if site.memo is not None else None
            done += (site.word, site.placed, dict(site.placed_on), memo, records.records)
        except Exception as err:
            done = ("error", err, records.records)
        try:
            data = pickle.dumps(done)
        except Exception as err:
            data = pickle.dumps(("error", RuntimeError(f"{type(err).__name__}: {err}"), []))
        with os.fdopen(pipe, "wb") as out:
            out.write(data)
        code = 0
    finally:
        os._exit(code)


def _collect(reading: int, pid: int, site: Site) -> list[list[Written]]:
    """The child's files, by part; its maps' placeholders and log records handed on; its error raised."""
    with os.fdopen(reading, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if not data or code != 0:
        raise ChildStopped(code)
    result = pickle.loads(data)
    for name, level, message in result[-1]:
        logging.getLogger(name).log(level, "%s", message)
    if result[0] == "error":
        raise result[1]
    _, files, word, placed, placed_on, memo, _ = result
    site.placed_by[word] = placed
    site.placed_on.update(placed_on)
    if site.memo is not None and memo is not None:  # what the child rendered and kept, and reused
        site.memo.take(memo)
    return files  # type: ignore[no-any-return]
