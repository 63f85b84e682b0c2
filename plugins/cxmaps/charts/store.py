"""Charts on disk: a cache keyed by what each chart depends on, and parallel drawing.

A chart's key is the hash of its spec (data, scale, labels, language), of
the drawing code and of matplotlib's version: editing one journey changes one key,
so one map is redrawn. The cache is a folder beside mkdocs.yml
(``.cxmaps-cache/charts/`` by default) and survives `mkdocs serve` rebuilds
and later builds. It is a hint, never trusted: each entry carries the MAC of
its chart's name and content under this machine's secret (`seal`), and must
be a chart cxmaps drew (`svgcheck`), or it is drawn again. A cold build with
many charts draws them in parallel on every core; figures are cleared after
each chart, so memory stays flat.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .. import __version__
from .maps import draw, draw_overlay, draw_slide, sparkline
from .seal import Seal, local_seal, read_unlinked
from .svgcheck import is_drawn_chart

log = logging.getLogger("mkdocs.plugins.cxmaps")

#: The drawing code itself is part of every key: a change to it never serves stale charts.
CHART_CODE = hashlib.sha256(Path(__file__).with_name("maps.py").read_bytes()).hexdigest()[:16] + __version__
#: How each kind of chart is drawn (a sparkline is the rest). A PNG (a slide's picture, issue 23) is kept as
#: base64 text, so that every entry is text; it is checked as a PNG, never pasted into a page.
DRAWERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "map": draw, "overlay": draw_overlay, "slide": draw_slide,
}  # fmt: skip

#: Read from the package metadata, so that a build from the cache never imports matplotlib.
MATPLOTLIB = version("matplotlib")

#: An entry is one chart: a journey map of a few hundred steps stays far below this; larger files are not read.
MAX_ENTRY_BYTES = 16 * 1024 * 1024
SUFFIX = ".chart"
#: The kind of entry, in its header and its MAC (a search entry never passes for a chart).
KIND = "cxmaps-chart"

#: Below this many charts to draw, starting worker processes costs more than it saves.
PARALLEL_FROM = 24


@dataclass(frozen=True, eq=False)
class Chart:
    """One chart to produce: a journey map, or a sparkline (for one persona or all)."""

    kind: str
    spec: dict[str, Any]
    persona: str | None = None

    @cached_property
    def name(self) -> str:
        """The chart's file name in the cache: kind and content hash (hashed once per chart)."""
        return f"{self.kind}-{self.key()}"

    def key(self) -> str:
        payload = json.dumps([self.kind, self.persona, self.spec, CHART_CODE, MATPLOTLIB], sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def render(chart: Chart) -> str:
    """Draw one chart (top-level, so worker processes can run it)."""
    drawer = DRAWERS.get(chart.kind)
    return drawer(chart.spec) if drawer else sparkline(chart.spec, chart.persona)


@dataclass
class ChartStore:
    """Charts by name, from the cache when an entry verifies, drawn otherwise.

    The cache is only a hint: an entry that is missing, unreadable, not a
    regular file, corrupt, truncated, too large, not sealed for this chart
    with this machine's secret (see `seal`) or not a chart cxmaps drew (see
    `svgcheck`) is drawn again and rewritten; a cache that cannot be written
    (the folder is a file, read-only, the disk is full) is used no further
    in this build, said once in the log, and the build goes on.
    """

    folder: Path | None
    """Where cached charts live; None disables the cache."""
    seal: Seal | None = None
    """Binds each entry to its chart. Left None with a folder: this machine's seal (`seal.local_seal`);
    without one (its secret cannot be had) there is no cache."""
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    drawn: int = 0
    reused: int = 0
    rejected: int = 0
    """Entries that existed but did not verify (redrawn)."""
    writable: bool = True
    kept: dict[str, str] | None = None
    """Charts already verified, by name, kept by the plugin across `mkdocs serve` rebuilds (None: not kept).

    After a build it holds this build's charts only (see `forget_unused`)."""
    used: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        if self.folder is not None and self.seal is None:
            self.seal = local_seal()
            if self.seal is None:
                self.folder = None

    def get_all(self, charts: Iterable[Chart], draw_one: Callable[[Chart], str] = render) -> dict[str, str]:
        """Every chart's SVG by `Chart.name`, from the cache where possible; the rest drawn (in parallel if many)."""
        out, missing = self._cached(charts)
        out.update(self._draw(missing, draw_one))
        return out

    def start_all(self, charts: Iterable[Chart]) -> tuple[dict[str, str], Drawing | None]:
        """As `get_all`, but many missing maps are drawn in worker processes while the build goes on.

        Returns the charts ready now (cached, sparklines, few maps) and the
        `Drawing` of the rest, whose `svg` waits for one map when a page needs
        it: a cold build renders, converts and indexes its pages on one core
        while the maps are drawn on the others, instead of drawing first.
        """
        ready, missing = self._cached(charts)
        maps = [chart for chart in missing if chart.kind in DRAWERS]  # a journey's charts; sparklines are quick
        # What pages show first (maps, overlays), the files for slides after: a page waits for its own charts only.
        maps.sort(key=lambda chart: chart.kind == "slide")
        later = maps if len(maps) >= PARALLEL_FROM and self.workers > 1 else []
        ready.update(self._draw([chart for chart in missing if chart.kind not in DRAWERS or not later]))
        if not later:
            return ready, None
        self.drawn += len(later)
        return ready, Drawing(self, later)

    def _cached(self, charts: Iterable[Chart]) -> tuple[dict[str, str], list[Chart]]:
        """The charts whose cache entry verifies, by name, and the others."""
        out: dict[str, str] = {}
        missing: list[Chart] = []
        for name, chart in {chart.name: chart for chart in charts}.items():
            cached = self._read(chart)
            if cached is None:
                missing.append(chart)
            else:
                out[name] = cached
        self.reused += len(out)
        return out, missing

    def _draw(self, missing: list[Chart], draw_one: Callable[[Chart], str] = render) -> dict[str, str]:
        if len(missing) >= PARALLEL_FROM and self.workers > 1 and draw_one is render:
            with ProcessPoolExecutor(max_workers=self.workers, mp_context=get_context("spawn")) as pool:
                drawn = list(pool.map(render, missing, chunksize=max(1, len(missing) // (self.workers * 4))))
        else:
            drawn = [draw_one(chart) for chart in missing]
        for chart, svg in zip(missing, drawn, strict=True):
            self._write(chart, svg)
        self.drawn += len(missing)
        return {chart.name: svg for chart, svg in zip(missing, drawn, strict=True)}

    def entry(self, chart: Chart) -> Path | None:
        """The cache file of `chart` (None without a cache)."""
        return None if self.folder is None else self.folder / f"{chart.name}{SUFFIX}"

    def forget_unused(self) -> None:
        """Keep only the charts this build used: a long `mkdocs serve` session does not grow."""
        if self.kept is not None:
            for name in set(self.kept) - self.used:
                del self.kept[name]

    def _read(self, chart: Chart) -> str | None:
        """The cached chart if its entry verifies; None (draw it) in every other case."""
        self.used.add(chart.name)
        if self.kept is not None and chart.name in self.kept:
            return self.kept[chart.name]
        svg = self._read_entry(chart)
        if svg is not None and self.kept is not None:
            self.kept[chart.name] = svg
        return svg

    def _read_entry(self, chart: Chart) -> str | None:
        path = self.entry(chart)
        if path is None or self.seal is None:
            return None
        try:
            data = read_unlinked(path, MAX_ENTRY_BYTES)
        except FileNotFoundError:
            return None
        # None: a link, a FIFO, a device, a folder, no permission, the cache folder is a file, an I/O error
        svg = None if data is None else parse_entry(self.seal, chart.name, data)
        if svg is None:
            self.rejected += 1
        return svg

    def _write(self, chart: Chart, svg: str) -> None:
        if self.kept is not None:
            self.kept[chart.name] = svg
        path = self.entry(chart)
        if path is None or self.seal is None or not self.writable:
            return
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(make_entry(self.seal, chart.name, svg))
            partial.replace(path)  # atomic: a reader never sees half a chart
        except OSError as err:
            self.writable = False
            log.info("cxmaps: charts are not cached in this build (%s: %s)", path.parent, err.strerror or err)
            with contextlib.suppress(OSError):
                partial.unlink()


class Drawing:
    """Maps being drawn in worker processes, in the order given; each cached when first asked for."""

    def __init__(self, store: ChartStore, charts: list[Chart]) -> None:
        self.store = store
        # One core stays with the build itself, which is the longer of the two.
        self.pool = ProcessPoolExecutor(max_workers=max(1, store.workers - 1), mp_context=get_context("spawn"))
        self.pending = {chart.name: (chart, self.pool.submit(render, chart)) for chart in charts}
        self.done: dict[str, str] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.pending or name in self.done

    def svg(self, name: str) -> str:
        """The map's SVG, once drawn (a drawing error is raised here, in the page that needs it)."""
        if name not in self.done:
            chart, future = self.pending.pop(name)
            self.done[name] = svg = future.result()
            self.store._write(chart, svg)
        return self.done[name]

    def finish(self) -> None:
        """Every map drawn and cached, the workers stopped."""
        for name in list(self.pending):
            self.svg(name)
        self.pool.shutdown()

    def cancel(self) -> None:
        """A failed build: the workers stopped, what they had not drawn dropped."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pending.clear()


def make_entry(seal: Seal, name: str, svg: str) -> bytes:
    """A cache entry: a header line with the MAC of the chart's name and SVG, then the SVG."""
    return seal.seal(KIND, name, svg.encode("utf-8"))


def parse_entry(seal: Seal, name: str, data: bytes) -> str | None:
    """The chart in an entry, if it was sealed for the chart `name` with this secret and is a chart cxmaps drew.

    The MAC catches truncation and corruption, and an entry that this
    machine's cxmaps did not write for this very chart (forged, or copied
    from another chart); `is_drawn_chart` still holds what is published to
    cxmaps' own kind of SVG.
    """
    if len(data) > MAX_ENTRY_BYTES:
        return None
    body = seal.open(KIND, name, data)
    if body is None:
        return None
    try:
        svg = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return svg if is_drawn_chart(svg) else None
