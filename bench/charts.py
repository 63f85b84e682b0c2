"""What the journey maps cost, against baselines measured in the same run.

    python bench/charts.py [--repeat N]

- one map, cold: `draw` of the sample's largest journey, against a plain
  matplotlib line chart of the same number of points saved as SVG;
- builds of the sample site: with an empty chart cache (cold), with a warm
  cache, and, as the floor, a plain MkDocs + Material build of the same pages
  (the Markdown cxmaps generates, charts included, written into docs/ ahead of
  time) with the same nav, without the plugin.
Ratios are what to compare between machines; absolute times are shown too.
"""

from __future__ import annotations

import argparse
import io
import logging
import shutil
import tempfile
from pathlib import Path

import yaml
from cxmaps.charts.maps import draw, journey_spec
from cxmaps.charts.store import ChartStore
from cxmaps.language.i18n import catalogue
from cxmaps.pages.kinds import render_documents
from cxmaps.reference.core import Settings
from cxmaps.reference.load import load_reference
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from mkdocs.commands.build import build
from mkdocs.config import load_config
from timing import median_time

ROOT = Path(__file__).resolve().parent.parent


def plain_chart(points: int) -> None:
    fig = Figure(figsize=(10, 4))
    ax = fig.add_subplot()
    ax.plot(range(points), [i % 3 for i in range(points)], marker="o")
    FigureCanvasSVG(fig)
    fig.savefig(io.StringIO(), format="svg")


def site_build(config_file: Path, site_dir: Path) -> None:
    build(load_config(config_file=str(config_file), site_dir=str(site_dir)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    ref = load_reference(
        Settings(root=ROOT, journeys_dir=ROOT / "journeys", personas_dir=ROOT / "personas", docs_dir=ROOT / "docs")
    )
    names = {pid: p.name for pid, p in ref.personas.items()}
    jid, journey = max(ref.journeys.items(), key=lambda item: len(item[1].steps()))
    spec = journey_spec(jid, journey, names, (-2, 2), catalogue("en"))
    base = median_time(args.repeat, lambda: plain_chart(len(spec["steps"])))
    one = median_time(args.repeat, lambda: draw(spec))

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "sample"
        shutil.copytree(
            ROOT, work, ignore=shutil.ignore_patterns(".git", ".venv", "site", ".cxmaps-cache", "tests", "bench")
        )
        floor_dir = Path(tmp) / "floor"
        shutil.copytree(work / "docs", floor_dir / "docs")
        shutil.copytree(work / "overrides", floor_dir / "overrides")
        for doc in render_documents(ref, [], "en", True, ChartStore(None)):
            target = floor_dir / "docs" / doc.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(doc.data)
        config = yaml.safe_load((work / "mkdocs.yml").read_text(encoding="utf-8"))
        config["plugins"] = ["search"]
        config["extra_css"] = ["cxmaps/cxmaps.css"]
        (floor_dir / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        shutil.copytree(
            ROOT / "plugins" / "cxmaps" / "templates" / "cxmaps",
            floor_dir / "docs" / "cxmaps",
            ignore=shutil.ignore_patterns("*.md", "*.html"),
        )
        floor = median_time(args.repeat, lambda: site_build(floor_dir / "mkdocs.yml", Path(tmp) / "out-floor"))

        def cold() -> None:
            shutil.rmtree(work / ".cxmaps-cache", ignore_errors=True)
            site_build(work / "mkdocs.yml", Path(tmp) / "out")

        cold_time = median_time(args.repeat, cold)
        warm_time = median_time(args.repeat, lambda: site_build(work / "mkdocs.yml", Path(tmp) / "out"))

    print(
        f"one map ({jid}, {len(spec['steps'])} steps), cold: {one * 1e3:.1f} ms = {one / base:.2f}x a plain matplotlib SVG chart ({base * 1e3:.1f} ms)"
    )
    print(f"{'sample site build':28}{'seconds':>10}{'x floor':>10}")
    print(f"{'floor: same pages, no cxmaps':28}{floor:10.3f}{1:10.2f}")
    print(f"{'cxmaps, cold chart cache':28}{cold_time:10.3f}{cold_time / floor:10.2f}")
    print(f"{'cxmaps, warm chart cache':28}{warm_time:10.3f}{warm_time / floor:10.2f}")


if __name__ == "__main__":
    main()
