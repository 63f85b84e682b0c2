"""What the improvement plan's pages cost in a warm build (issue 27): the same build with and without them.

    python bench/synthetic.py /tmp/syn400 --journeys 400 --opportunities 5
    python bench/plancost.py /tmp/syn400

One cold build fills the chart cache; then warm builds alternate without and with the plan's pages
(`opportunities/`, its initiatives and `opportunities.csv`), twice, and the fastest of each is kept:
on a shared machine a slow spell then cannot fall on one of them only.
"""

import logging
import sys
import time
from pathlib import Path

from cxmaps.pages import kinds, opportunities, plandata
from mkdocs.commands.build import build
from mkdocs.config import load_config

logging.getLogger("mkdocs").setLevel(logging.ERROR)
if __name__ == "__main__":
    site = Path(sys.argv[1])
    full = kinds.PARTS
    without = tuple(p for p in full if p not in (opportunities.documents, plandata.documents))

    def once():
        start = time.perf_counter()
        build(load_config(config_file=str(site / "mkdocs.yml"), site_dir=str(site / "out")))
        return time.perf_counter() - start

    print(f"cold (fills the cache): {once():.1f} s", flush=True)
    times = {"with": [], "without": []}
    for _ in range(2):
        for label, parts in (("without", without), ("with", full)):
            kinds.PARTS = parts
            times[label].append(once())
            print(label, f"{times[label][-1]:.1f} s", flush=True)
    w, wo = min(times["with"]), min(times["without"])
    print(
        f"warm with plan {w:.1f} s, without {wo:.1f} s: the plan's pages cost {w - wo:.1f} s = {100 * (w - wo) / w:.1f} % of a warm build"
    )
