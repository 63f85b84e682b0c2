"""The plain-Markdown floor: the synthetic reference as an author would write it by hand.

    python bench/floor.py SITE OUT      # SITE written by bench/synthetic.py

One Markdown page per journey holding its fields as tables and a small SVG
of its emotion curve, one per persona, and the index pages the synthetic
site's nav lists; the detail pages stay out of the nav. MkDocs + Material
build it alone, with no plugin: what any site of the same data costs, so
that cxmaps' pages can be held to it (issue 15).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from synthetic import NAV

#: The step fields shown in each step's table, in the order of the journey page.
STEP_FIELDS = (
    "description",
    "touchpoints",
    "evidence",
    "customer",
    "thoughts",
    "feeling",
    "emotion",
    "expected",
    "frontstage",
    "backstage",
    "support",
    "irritants",
    "fail_points",
    "bottlenecks",
    "opportunities",
    "promise",
)
STANDARD_FIELDS = ("objective", "level", "how", "indicator", "measure", "owner", "impact")


def cell(value: Any) -> str:
    """A value as one table cell: lists joined, pipes escaped (the table must stay one row)."""
    if isinstance(value, dict):
        value = "; ".join(f"{k}: {v}" for k, v in value.items())
    elif isinstance(value, list):
        value = "; ".join(cell(v) for v in value)
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(rows: Iterable[tuple[str, Any]]) -> str:
    lines = ["| field | value |", "|---|---|"]
    lines += [f"| {name} | {cell(value)} |" for name, value in rows if value not in (None, [], "")]
    return "\n".join(lines) + "\n"


def first_value(value: Any) -> float:
    """One number per step for the small curve: the first persona's when they differ."""
    return float(next(iter(value.values()))) if isinstance(value, dict) else float(value)


def curve(steps: list[dict[str, Any]]) -> str:
    """A small inline SVG of the lived emotion: one polyline, as a hand-made page would carry."""
    points = " ".join(f"{10 + 20 * i},{30 - 10 * first_value(s['emotion']):g}" for i, s in enumerate(steps))
    return (
        f'<svg viewBox="0 0 {20 * len(steps)} 60" width="{20 * len(steps)}" height="60" role="img">'
        f'<title>Emotion</title><polyline points="{points}" fill="none" stroke="currentColor"/></svg>\n'
    )


def journey_page(data: dict[str, Any]) -> str:
    steps = [s for phase in data["phases"] for s in phase["steps"]]
    facts = [(k, data.get(k)) for k in ("summary", "service", "personas", "scenario", "promise", "owner", "status")]
    parts = [f"# {data['title']}\n", table(facts), "## Journey map\n", curve(steps)]
    for phase in data["phases"]:
        parts.append(f"## {phase['name']}\n")
        for step in phase["steps"]:
            parts.append(f"### {step['name']} {{#{step['id']}}}\n")
            parts.append(table((f, step.get(f)) for f in STEP_FIELDS))
            for standard in step.get("standards", []):
                parts.append(table((f, standard.get(f)) for f in STANDARD_FIELDS))
            if "moment_of_truth" in step:
                parts.append(table(step["moment_of_truth"].items()))
    return "\n".join(parts)


def persona_page(data: dict[str, Any]) -> str:
    return f"# {data['name']}\n\n" + table(data.items())


def index_page(title: str, links: list[tuple[str, str]]) -> str:
    return f"# {title}\n\n" + "".join(f"- [{text}]({href})\n" for text, href in links)


def write(site: Path, out: Path) -> None:
    """Write the floor of the synthetic site at `site` into `out` (mkdocs.yml and docs/)."""
    docs = out / "docs"
    for folder in ("journeys", "personas", "moments-of-truth", "standards", "health"):
        (docs / folder).mkdir(parents=True, exist_ok=True)
    journeys = []
    for path in sorted((site / "journeys").glob("*.yml")):
        data = yaml.safe_load(path.read_text())
        (docs / "journeys" / f"{path.stem}.md").write_text(journey_page(data))
        journeys.append((data["title"], f"{path.stem}.md"))
    personas = []
    for path in sorted((site / "personas").glob("*.yml")):
        data = yaml.safe_load(path.read_text())
        (docs / "personas" / f"{path.stem}.md").write_text(persona_page(data))
        personas.append((data["name"], f"{path.stem}.md"))
    (docs / "index.md").write_text((site / "docs" / "index.md").read_text())
    (docs / "journeys" / "index.md").write_text(index_page("Journeys", journeys))
    (docs / "personas" / "index.md").write_text(index_page("Personas", personas))
    for folder, title in (("moments-of-truth", "Moments of truth"), ("standards", "Standards"), ("health", "Health")):
        links = [(text, f"../journeys/{href}") for text, href in journeys]
        (docs / folder / "index.md").write_text(index_page(title, links))
    (out / "mkdocs.yml").write_text(
        f"site_name: Floor\ntheme:\n  name: material\nplugins:\n  - search\n"
        f"markdown_extensions:\n  - attr_list\n  - tables\n  - toc\n{NAV}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    write(args.site, args.out)
