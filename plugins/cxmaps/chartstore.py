"""Charts on disk: a cache keyed by what each chart depends on, and parallel drawing.

A chart's key is the hash of its spec (data, scale, labels, language), of
the drawing code and of matplotlib's version: editing one journey changes one key,
so one map is redrawn. The cache is a folder beside mkdocs.yml
(``.cxmaps-cache/charts/`` by default) and survives `mkdocs serve` rebuilds
and later builds. A cold build with many charts draws them in parallel on
every core; figures are cleared after each chart, so memory stays flat.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from . import __version__
from .charts import draw, sparkline

#: The drawing code itself is part of every key: a change to it never serves stale charts.
CHART_CODE = hashlib.sha256(Path(__file__).with_name("charts.py").read_bytes()).hexdigest()[:16] + __version__

#: Read from the package metadata, so that a build from the cache never imports matplotlib.
MATPLOTLIB = version("matplotlib")

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
    return draw(chart.spec) if chart.kind == "map" else sparkline(chart.spec, chart.persona)


@dataclass
class ChartStore:
    folder: Path | None
    """Where cached charts live; None disables the cache."""
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    drawn: int = 0
    reused: int = 0

    def get_all(self, charts: Iterable[Chart], draw_one: Callable[[Chart], str] = render) -> dict[str, str]:
        """Every chart's SVG by `Chart.name`, from the cache where possible; the rest drawn (in parallel if many)."""
        wanted = {chart.name: chart for chart in charts}
        out: dict[str, str] = {}
        missing: list[Chart] = []
        for name, chart in wanted.items():
            cached = self._read(chart)
            if cached is None:
                missing.append(chart)
            else:
                out[name] = cached
        self.reused += len(out)
        if len(missing) >= PARALLEL_FROM and self.workers > 1 and draw_one is render:
            with ProcessPoolExecutor(max_workers=self.workers, mp_context=get_context("spawn")) as pool:
                drawn = list(pool.map(render, missing, chunksize=max(1, len(missing) // (self.workers * 4))))
        else:
            drawn = [draw_one(chart) for chart in missing]
        for chart, svg in zip(missing, drawn, strict=True):
            self._write(chart, svg)
            out[chart.name] = svg
        self.drawn += len(missing)
        return out

    def _path(self, chart: Chart) -> Path | None:
        return None if self.folder is None else self.folder / f"{chart.name}.svg"

    def _read(self, chart: Chart) -> str | None:
        path = self._path(chart)
        try:
            return path.read_text(encoding="utf-8") if path is not None else None
        except FileNotFoundError:
            return None

    def _write(self, chart: Chart, svg: str) -> None:
        path = self._path(chart)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(svg, encoding="utf-8")
        partial.replace(path)  # atomic: a reader never sees half a chart
