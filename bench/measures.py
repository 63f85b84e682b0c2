"""Loading 100,000 measure rows against a plain `csv` read of the same file, in the same run.

    .venv/bin/python bench/measures.py [--rows 100000]

The plain read is the floor: `csv.reader` over the decoded text, nothing
checked. cxmaps also checks every cell against the reference (ids, ranges,
periods, duplicates) and builds a `Measure` per row; the ratio is what that costs.
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from cxmaps.reference.core import Reference, Settings
from cxmaps.reference.load import load_reference
from cxmaps.reference.measures import load_measures

ROOT = Path(__file__).resolve().parents[1]
METRICS = ("csat", "ces", "emotion")
VALUES = {"csat": "88.2", "ces": "3.1", "emotion": "-0.6"}


def write_rows(path: Path, count: int, ref: Reference) -> None:
    """A daily export of the sample: CSAT, CES and emotion of every step, one day after another (~3 years)."""
    combos = [(jid, step.id, metric) for jid, j in ref.journeys.items() for step in j.steps() for metric in METRICS]
    lines = ["period,journey,step,persona,metric,value,n,source"]
    for i in range(count):
        day = date(2024, 1, 1) + timedelta(days=i // len(combos))
        jid, step, metric = combos[i % len(combos)]
        lines.append(f"{day.isoformat()},{jid},{step},,{metric},{VALUES[metric]},{i % 500 + 1},")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cxmaps-bench-"))
    try:
        for name in ("journeys", "personas", "sources", "docs"):
            shutil.copytree(ROOT / name, work / name)
        settings = Settings(
            root=work, journeys_dir=work / "journeys", personas_dir=work / "personas", docs_dir=work / "docs"
        )
        ref = load_reference(Settings(root=work, journeys_dir=work / "journeys", personas_dir=work / "personas",
                                      docs_dir=work / "docs", measures_dir=work / "empty"))  # fmt: skip
        ref.settings = settings
        (work / "measures").mkdir()
        write_rows(work / "measures" / "bench.csv", args.rows, ref)
        start = time.perf_counter()
        with (work / "measures" / "bench.csv").open(encoding="utf-8", newline="") as handle:
            plain = sum(1 for _ in csv.reader(io.StringIO(handle.read())))
        floor = time.perf_counter() - start
        start = time.perf_counter()
        problems = load_measures(ref)
        ours = time.perf_counter() - start
        assert not problems, problems[:3]
        assert plain - 1 == len(ref.measures) == args.rows
        print(f"{args.rows} rows: plain csv {floor * 1000:.0f} ms, cxmaps {ours * 1000:.0f} ms, "
              f"ratio {ours / floor:.1f}x ({ours / args.rows * 1e6:.1f} us per row)")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
