"""A cold build draws its maps while the pages build (chartstore.Drawing), and the site is the same.

A reference of 30 journeys (more than `PARALLEL_FROM` maps to draw) is built
cold, with the maps drawn in a worker process and placed into the finished
pages, then warm, with every map from the cache and written into the pages
as they render; both sites must be the same bytes, and the cache must hold
every map after the cold build.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT, snapshot
from cxmaps.chartstore import PARALLEL_FROM, ChartStore
from cxmaps.pages.site import ChartsMissing
from mkdocs.commands.build import build
from mkdocs.config import load_config

sys.path.insert(0, str(ROOT / "bench"))
from synthetic import write

JOURNEYS = PARALLEL_FROM + 6


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("deferred") / "site"
    write(root, JOURNEYS)
    return root


def _build(site: Path, out: str) -> dict[str, bytes]:
    build(load_config(config_file=str(site / "mkdocs.yml"), site_dir=str(site / out)))
    return snapshot(site / out)


def test_maps_drawn_during_the_build_give_the_same_site(site: Path) -> None:
    cold = _build(site, "cold")
    maps = list((site / ".cxmaps-cache" / "charts").glob("map-*.chart"))
    assert len(maps) == JOURNEYS  # each map cached once drawn
    warm = _build(site, "warm")
    assert cold.keys() == warm.keys()
    assert [name for name in cold if cold[name] != warm[name]] == []
    page = cold["journeys/journey-0001/index.html"].decode()
    assert page.count('<svg class="cx-map-svg"') == 1
    assert "<!--cxmaps" not in page  # no placeholder is left behind


def _site(root: Path, journeys: int):  # type: ignore[no-untyped-def]
    from cxmaps.pages import make_site
    from cxmaps.reference import Settings, load_reference

    write(root, journeys)
    ref = load_reference(
        Settings(root=root, journeys_dir=root / "journeys", personas_dir=root / "personas", docs_dir=root / "docs")
    )
    site = make_site(ref, [], store=ChartStore(None, workers=2))
    site.defer_charts = True
    site.draw_charts()
    return site


def test_a_map_whose_placeholder_went_missing_stops_the_build(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", JOURNEYS)
    try:
        assert site.drawing is not None and len(site.later) == JOURNEYS
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
