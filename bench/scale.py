"""The plugin at scale, against two floors built by MkDocs + Material alone, in the same run.

    python bench/scale.py [--sizes 100 400] [--seed 1]      # about 4 minutes
    python bench/scale.py --variant shared                  # the old corpus: every entry from a shared vocabulary
    python bench/scale.py --sizes 100 400 1000              # N=1000 too (minutes more; not in CI)
    python bench/scale.py --sizes 100 400 1000 --repeat 2   # each build twice, interleaved; the faster kept
    python bench/scale.py --sizes 400 --opportunities 5     # with 5 owned opportunities per journey (issue 27)
    python bench/scale.py --sizes 400 --history 1000        # history from git: warm with / without (bench/history.py)

For each N, on a synthetic reference (bench/synthetic.py):
  (a) plain floor: the same data as plain Markdown, one page per journey
      holding its fields as tables and a small SVG (bench/floor.py): what
      any site of this data costs;
  (b) generated floor: cxmaps' own pages, generated ahead of time by
      `cxmaps generate` (charts included), built without the plugin: what
      the weight of cxmaps' pages costs, without its work;
  (c) cxmaps, cold chart cache;  (d) cxmaps, warm cache;
  (e) the rebuild after editing one journey, as `mkdocs serve` does it (the
      plugin started as under serve, its instance kept with what it keeps
      between rebuilds: the verified charts and the parsed source files; one
      journey parsed again and its charts redrawn).
Both floors have the same nav (index pages only). Each build runs in its own
process; peak RSS is that process's and its workers'. With --repeat R, the
plain floor, cold, warm and edit run R times in turn (the cache emptied
before each cold build) and the fastest time of each is kept: on a shared
machine a slow spell then cannot fall on one kind of build only. Prints times, ratios
to both floors and the scaling t(b)/t(a) between consecutive sizes.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import floor
from synthetic import write

HERE = Path(__file__).resolve().parent
KINDS = ("plain", "generated", "cold", "warm", "edit")
FLOORS = ("plain", "generated")

RUNNER = r"""
import json, logging, re, resource, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
logging.getLogger("mkdocs").setLevel(logging.ERROR)
site, mode = Path(sys.argv[1]), sys.argv[2]
def once(serving=False):
    start = time.perf_counter()
    config = load_config(config_file=str(site / "mkdocs.yml"), site_dir=str(site / "out"))
    if serving:  # as `mkdocs serve` starts: the plugin instance is kept, and knows it serves
        config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    return time.perf_counter() - start
seconds = once(serving=mode == "edit")
if mode == "edit":  # as mkdocs serve: same process and plugin instance, one journey's first emotion changed
    path = sorted((site / "journeys").glob("*.yml"))[0]
    text, changed = re.subn(r"(emotion:(?:\s*\n\s+[\w-]+:)?\s*)(-?\d+)",
                            lambda m: m.group(1) + ("1" if m.group(2) == "0" else "0"), path.read_text(), count=1)
    assert changed == 1, f"no emotion to edit in {path}"
    path.write_text(text)
    seconds = once()
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"seconds": seconds, "rss_mib": peak / 1024}))
"""

Result = dict[str, dict[str, float]]


def run(site: Path, mode: str) -> dict[str, float]:
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    if "PYTHONPATH" in os.environ:  # a private checkout of the plugin, as the caller chose
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    result = subprocess.run([sys.executable, "-c", RUNNER, str(site), mode], capture_output=True, text=True, check=True, env=env)  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def pages(out: Path) -> dict[str, int]:
    """The published pages of a build by kind (journeys, touchpoints, systems) and in all: a change in count shows."""
    found = [p.relative_to(out).parts[0] for p in out.rglob("index.html")]
    return {kind: found.count(kind) for kind in ("journeys", "touchpoints", "systems")} | {"all": len(found)}


def measure(
    n: int,
    seed: int,
    tmp: Path,
    repeat: int = 1,
    variant: str = "authored",
    opportunities: int = 0,
    generated_floor: bool = True,
) -> Result:
    """The five builds of one size, each in its own process; each but the generated floor `repeat` times.

    Without `generated_floor`, that floor (six minutes at N=1000) is left out and reported as nan.

    With repeats, a build's time is the fastest of its runs (the least
    disturbed by the machine's other work) and its memory the highest.
    """
    site = tmp / f"cx-{n}"
    write(site, n, seed, variant=variant, opportunities=opportunities)
    plain = tmp / f"plain-{n}"
    floor.write(site, plain)
    result: Result = {"generated": {"seconds": float("nan"), "rss_mib": float("nan")}}
    if generated_floor:
        generated = tmp / f"generated-{n}"
        write(generated, n, seed, plugin=False, variant=variant, opportunities=opportunities)
        # The generated floor's pages: exactly what the plugin generates, written ahead of time.
        subprocess.run(
            [sys.executable, "-m", "cxmaps.cli", "generate", str(site), "--out", str(generated / "docs")],
            check=True,
            capture_output=True,
        )
        result["generated"] = run(generated, "build")
    for _ in range(repeat):  # interleaved, so that a slow spell of the machine reaches every kind of build
        shutil.rmtree(site / ".cxmaps-cache", ignore_errors=True)
        rounds = {"plain": run(plain, "build"), "cold": run(site, "build"), "warm": run(site, "build"),
                  "edit": run(site, "edit")}  # fmt: skip
        for kind, measured in rounds.items():
            best = result.setdefault(kind, measured)
            best["seconds"] = min(best["seconds"], measured["seconds"])
            best["rss_mib"] = max(best["rss_mib"], measured["rss_mib"])
    counted = {kind: result[kind] for kind in KINDS}
    counted["pages"] = pages(site / "out")  # type: ignore[assignment]
    return counted


def report(table: dict[int, Result]) -> None:
    """Times, ratios to each floor, peak RSS and scaling, as the docs' table reads them."""
    print(
        f"{'N':>5} " + " ".join(f"{k + ' s':>11}" for k in KINDS) + "  ratios to plain | to generated    peak RSS MiB"
    )
    for n, r in sorted(table.items()):
        times = " ".join(f"{r[k]['seconds']:>11.2f}" for k in KINDS)
        ratios = " | ".join(
            " ".join(f"{k} {r[k]['seconds'] / r[f]['seconds']:.2f}" for k in ("cold", "warm", "edit")) for f in FLOORS
        )
        rss = "/".join(f"{r[k]['rss_mib']:.0f}" for k in KINDS)
        print(f"{n:>5} {times}  {ratios}  {rss}")
        if "pages" in r:
            print(f"{'':>5} pages: " + ", ".join(f"{k} {v}" for k, v in r["pages"].items()))  # type: ignore[union-attr]
    sizes = sorted(table)
    for a, b in itertools.pairwise(sizes):
        ratios = {k: table[b][k]["seconds"] / table[a][k]["seconds"] for k in KINDS}
        print(f"scaling t({b})/t({a}) (sizes x{b / a:g}): " + ", ".join(f"{k} {v:.2f}" for k, v in ratios.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--variant", choices=("authored", "shared"), default="authored",
                        help="support lanes as authors write them (step-specific sentences), or all shared")  # fmt: skip
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each build but the generated floor (fastest kept)"
    )
    parser.add_argument("--generated-up-to", type=int, metavar="N", default=10**9,
                        help="measure the generated floor only up to this size (it is the slowest build)")  # fmt: skip
    parser.add_argument("--opportunities", type=int, default=0,
                        help="owned opportunities per journey (format 1.2, issue 27): the plan's pages are built too")  # fmt: skip
    # Issue 26: what history from git costs a warm build, with `commits` of history (bench/history.py).
    parser.add_argument("--history", type=int, metavar="COMMITS", help="only the history case, with this many commits")
    args = parser.parse_args()
    if args.history:
        import history

        history.main(sorted(set(args.sizes)), args.history, args.seed, max(args.repeat, 2))
        return
    table: dict[int, Result] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sorted(set(args.sizes)):
            table[n] = measure(n, args.seed, Path(tmp), args.repeat, args.variant, args.opportunities,
                               generated_floor=n <= args.generated_up_to)  # fmt: skip
            done = ", ".join(f"{k} {table[n][k]['seconds']:.1f} s {table[n][k]['rss_mib']:.0f} MiB" for k in KINDS)
            print(f"N={n}: {done}", file=sys.stderr)  # as each size ends: a long run reports as it goes
    report(table)


if __name__ == "__main__":
    main()
