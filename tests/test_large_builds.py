"""Large references build on every core, and the site is the same bytes as on one.

A reference of 30 journeys (more than `PARALLEL_FROM`) is built cold, with
the maps drawn in a worker process while the pages build (chartstore.Drawing)
and placed into the finished pages, and part of the pages rendered by a
forked child (pages/parallel.py); then warm, with every map and every
page's search sections from the cache; then on one core. The sites must be
the same bytes. A child's error and its warnings reach the build.
"""

from __future__ import annotations

import sys
from pathlib import Path

import cxmaps.charts.store
import cxmaps.mkdocs.plugin
import cxmaps.pages.kinds
import pytest
from conftest import ROOT, run_mkdocs, snapshot
from cxmaps.charts.store import PARALLEL_FROM, ChartStore
from cxmaps.pages import parallel
from cxmaps.pages.core import TemplateProblem
from cxmaps.pages.parallel import can_fork
from cxmaps.pages.site import ChartsMissing
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

sys.path.insert(0, str(ROOT / "bench"))
from synthetic import write

JOURNEYS = PARALLEL_FROM + 6

#: Large synthetic references: a long sweep, in the full run only.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("deferred") / "site"
    write(root, JOURNEYS)
    return root


def _build(site: Path, out: str, strict: bool = False) -> dict[str, bytes]:
    build(load_config(config_file=str(site / "mkdocs.yml"), site_dir=str(site / out), strict=strict))
    return snapshot(site / out)


def test_maps_drawn_during_the_build_give_the_same_site(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cxmaps.mkdocs.searchindex

    probe = _site(site.parent / "probe", JOURNEYS, draw=False)
    assert can_fork(probe), "this machine should take the parallel path (in warm builds)"
    cold = _build(site, "cold")
    maps = list((site / ".cxmaps-cache" / "charts").glob("map-*.chart"))
    assert len(maps) == JOURNEYS  # each map cached once drawn
    parsed: list[str] = []
    real = cxmaps.mkdocs.searchindex._entries
    monkeypatch.setattr(cxmaps.mkdocs.searchindex, "_entries", lambda content: parsed.append(content) or real(content))
    warm = _build(site, "warm")
    assert parsed == []  # a page has the same key whether its map was drawn in the build or taken from the cache
    assert cold.keys() == warm.keys()
    assert [name for name in cold if cold[name] != warm[name]] == []
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(config.replace("  - cxmaps\n", "  - cxmaps:\n      parallel: false\n"))
    monkeypatch.setattr(parallel.os, "fork", lambda: pytest.fail("parallel: false forks"))
    try:
        one_core = _build(site, "one-core")
    finally:
        (site / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert [name for name in cold if cold[name] != one_core[name]] == []
    page = cold["journeys/journey-0001/index.html"].decode()
    assert page.count('<svg class="cx-map-svg"') == 1
    assert "<!--cxmaps" not in page  # no placeholder is left behind


def _site(root: Path, journeys: int, draw: bool = True):  # type: ignore[no-untyped-def]
    from cxmaps.pages.kinds import make_site
    from cxmaps.reference.core import Settings
    from cxmaps.reference.load import load_reference

    write(root, journeys)
    ref = load_reference(
        Settings(root=root, journeys_dir=root / "journeys", personas_dir=root / "personas", docs_dir=root / "docs")
    )
    site = make_site(ref, [], store=ChartStore(None, workers=2))
    site.defer_charts = site.parallel = True
    if draw:
        site.draw_charts()
    return site


def test_a_map_whose_placeholder_went_missing_stops_the_build(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", JOURNEYS)
    try:
        assert site.drawing is not None
        kinds = [kind for kind, _, _ in site.later]
        # Every chart of a journey is drawn by the workers while pages render: maps, overlays, slides.
        assert kinds.count("map") == kinds.count("slide") == JOURNEYS and "png" not in kinds
        assert "sparkline" not in kinds
        placeholder = str(site.chart("map", "journey-0000", page="journeys/journey-0000.md"))
        assert placeholder.startswith(f"<!--cxmaps{site.word}m")
        assert "<svg" in site.place_charts("journeys/journey-0000.md", f"<p>{placeholder}</p>")
        site.chart("map", "journey-0001", page="journeys/journey-0001.md")
        with pytest.raises(ChartsMissing, match="1 of 1 journey maps went missing"):
            site.place_charts("journeys/journey-0001.md", "<p>rewritten by another plugin</p>")
    finally:
        site.finish_charts(cancel=True)
    assert site.drawing is None


def test_few_maps_are_drawn_at_once_in_the_build(tmp_path: Path) -> None:
    """Below `PARALLEL_FROM` maps, starting a worker costs more than it saves: nothing is deferred."""
    site = _site(tmp_path / "site", 3)
    assert site.drawing is None and not site.later
    assert "<svg" in site.chart("map", "journey-0002", page="journeys/journey-0002.md")


def test_an_error_in_the_child_stops_the_build(
    site: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from cxmaps.pages import journey

    def broken(site: object) -> object:
        raise TemplateProblem("journey.md, line 3: 'x' is undefined")

    monkeypatch.setattr(cxmaps.charts.store, "PARALLEL_FROM", 10**6)  # maps drawn at once, so the build forks
    monkeypatch.setattr(parallel, "CHILD_PARTS", frozenset({broken, *parallel.CHILD_PARTS}))
    monkeypatch.setattr(cxmaps.pages.kinds, "PARTS", (*cxmaps.pages.kinds.PARTS, broken))
    monkeypatch.setattr(cxmaps.mkdocs.plugin, "PARTS", cxmaps.pages.kinds.PARTS)
    with pytest.raises(Abort):
        _build(site, "broken")
    assert "cxmaps: journey.md, line 3: 'x' is undefined" in caplog.text
    assert not (site / "broken").exists()
    assert journey.documents in parallel.CHILD_PARTS


def test_a_warning_in_the_child_counts_for_strict(
    site: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    caplog.set_level(logging.INFO, logger="mkdocs")  # as `mkdocs build` has it (another test may have quietened it)

    def warns(site: object) -> object:
        logging.getLogger("mkdocs.plugins.cxmaps").warning("a warning from the child")
        return iter(())

    monkeypatch.setattr(cxmaps.charts.store, "PARALLEL_FROM", 10**6)  # maps drawn at once, so the build forks
    monkeypatch.setattr(parallel, "CHILD_PARTS", frozenset({warns, *parallel.CHILD_PARTS}))
    monkeypatch.setattr(cxmaps.mkdocs.plugin, "PARTS", (*cxmaps.pages.kinds.PARTS, warns))
    with pytest.raises(Abort):
        _build(site, "strict", strict=True)
    assert "a warning from the child" in caplog.text


def test_a_page_the_site_supplies_is_neither_rendered_nor_counted_with_many_maps(make_site) -> None:  # type: ignore[no-untyped-def]
    """With 24 journeys or more, maps are drawn while pages render; docs/journeys/j03.md used to fail the build."""
    site = make_site()
    stay = (site / "journeys" / "stay.yml").read_text(encoding="utf-8")
    for i in range(26):
        (site / "journeys" / f"j{i:02d}.yml").write_text(stay.replace("Hotel stay", f"Stay {i}"), encoding="utf-8")
    (site / "docs" / "journeys").mkdir()
    (site / "docs" / "journeys" / "j03.md").write_text("# Our own page for stay 3\n", encoding="utf-8")
    built = run_mkdocs(site, "build", "--strict")
    assert built.returncode == 0, built.stdout + built.stderr
    assert "docs/journeys/j03.md is the site's own page" in built.stderr
    own = (site / "site" / "journeys" / "j03" / "index.html").read_text(encoding="utf-8")
    assert "Our own page for stay 3" in own and "cx-map-svg" not in own
    assert "cx-map-svg" in (site / "site" / "journeys" / "j04" / "index.html").read_text(encoding="utf-8")


KILLED_CHILD_HOOK = """
import os, signal
import cxmaps.pages.parallel as parallel

parallel.can_fork = lambda site: True
parallel._child = lambda *args: os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_killed_rendering_process_is_one_line_and_changes_nothing(make_site) -> None:  # type: ignore[no-untyped-def]
    """The child that renders journey pages, killed (out of memory), stops the build with one line."""
    site = make_site(files={"kill.py": KILLED_CHILD_HOOK})
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - kill.py\n", encoding="utf-8")
    previous = site / "site"
    previous.mkdir()
    (previous / "index.html").write_text("yesterday", encoding="utf-8")
    before = snapshot(previous)
    built = run_mkdocs(site, "build")
    assert built.returncode == 1
    assert "Traceback" not in built.stdout + built.stderr
    errors = [line for line in built.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [
        "ERROR   -  cxmaps: the process rendering the journey pages was stopped by signal SIGKILL (out of memory?), "
        "and the build with it. Run the build again; with `parallel: false` pages are rendered in one process"
    ], built.stderr
    assert snapshot(previous) == before
