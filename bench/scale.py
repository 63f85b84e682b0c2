"""The plugin at scale, against the floor of a plain MkDocs + Material build, in the same run.

    python bench/scale.py [--sizes 250] [--seed 1]        # N and N/4 for each size
    python bench/scale.py --sizes 250 1000                # N=1000 too (minutes; not in CI)

For each N, on a synthetic reference (bench/synthetic.py):
  (a) floor: the same pages, generated ahead of time by `cxmaps generate`
      (charts included), built by MkDocs + Material without the plugin,
      with the same nav (index pages only);
  (b) cxmaps, cold chart cache;  (c) cxmaps, warm cache;
  (d) the rebuild after editing one journey, as `mkdocs serve` does it (the
      plugin instance and its cache kept, one journey's charts redrawn).
Each runs in its own process; peak RSS is that process's and its workers'.
Prints times, ratios to the floor and the scaling t(N)/t(N/4).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from synthetic import write

HERE = Path(__file__).resolve().parent

RUNNER = r"""
import json, logging, resource, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
logging.getLogger("mkdocs").setLevel(logging.ERROR)
site, mode = Path(sys.argv[1]), sys.argv[2]
def once():
    start = time.perf_counter()
    build(load_config(config_file=str(site / "mkdocs.yml"), site_dir=str(site / "out")))
    return time.perf_counter() - start
seconds = once()
if mode == "edit":  # as mkdocs serve: same process and plugin instance, one journey edited
    path = sorted((site / "journeys").glob("*.yml"))[0]
    path.write_text(path.read_text().replace("emotion: 1", "emotion: 0", 1).replace("emotion: -1", "emotion: 0", 1))
    seconds = once()
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"seconds": seconds, "rss_mib": peak / 1024}))
"""


def run(site: Path, mode: str) -> dict[str, float]:
    result = subprocess.run([sys.executable, "-c", RUNNER, str(site), mode], capture_output=True, text=True, check=True,
                            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def measure(n: int, seed: int, tmp: Path) -> dict[str, dict[str, float]]:
    site = tmp / f"cx-{n}"
    write(site, n, seed)
    floor = tmp / f"floor-{n}"
    write(floor, n, seed, plugin=False)
    # The floor's pages: exactly what the plugin generates, written ahead of time.
    subprocess.run(
        [sys.executable, "-m", "cxmaps.cli", "generate", str(site), "--out", str(floor / "docs")],
        check=True,
        capture_output=True,
    )
    shutil.rmtree(site / ".cxmaps-cache", ignore_errors=True)
    results = {
        "floor": run(floor, "build"),
        "cold": run(site, "build"),
        "warm": run(site, "build"),
        "edit": run(site, "edit"),
    }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    table: dict[int, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sorted({s for size in args.sizes for s in (size, size // 4)}):
            table[n] = measure(n, args.seed, Path(tmp))
            print(f"N={n}: " + ", ".join(f"{k} {v['seconds']:.1f} s" for k, v in table[n].items()), file=sys.stderr)
    print(
        f"{'N':>6} {'floor s':>8} {'cold s':>8} {'warm s':>8} {'edit s':>8} {'cold/floor':>10} {'warm/floor':>10} {'edit/floor':>10} {'peak RSS MiB':>12}"
    )
    for n, r in sorted(table.items()):
        f = r["floor"]["seconds"]
        rss = "/".join(f"{r[k]['rss_mib']:.0f}" for k in ("floor", "cold", "warm", "edit"))
        print(f"{n:>6} {f:>8.2f} {r['cold']['seconds']:>8.2f} {r['warm']['seconds']:>8.2f} {r['edit']['seconds']:>8.2f} "
              f"{r['cold']['seconds'] / f:>10.2f} {r['warm']['seconds'] / f:>10.2f} {r['edit']['seconds'] / f:>10.2f}  {rss}")  # fmt: skip
    for size in args.sizes:
        if size in table and size // 4 in table:
            ratios = {
                k: table[size][k]["seconds"] / table[size // 4][k]["seconds"] for k in ("floor", "cold", "warm", "edit")
            }
            print(f"scaling t({size})/t({size // 4}): " + ", ".join(f"{k} {v:.2f}" for k, v in ratios.items()))


if __name__ == "__main__":
    main()
