"""What history from git costs a warm build (format 1.2, issue 26): `python bench/scale.py --history`.

    python bench/history.py [--sizes 400] [--commits 1000] [--repeat 2]

For each N, a synthetic reference (bench/synthetic.py) is put in a git
repository with a scripted history: one commit of everything, then
`commits` - 1 commits each changing one emotion of one journey (journeys in
turn, one day apart, so that changes/ lists the last 90 of them). Then, each
build in its own process (bench/scale.py's runner):

  (a) warm, without history (`history: false`, `review_every: 0`: git is not run);
  (b) warm, with history (one `git log`, every journey page's history, changes/
      and its feed; the words of old revisions from the cache, sealed).

Each is built once first (charts and, for (b), the history cache filled),
then `repeat` times in turn; the fastest is kept. The issue's bound: (b)
costs at most 1.10 times (a).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from synthetic import write

DAY = 86400
START = 1_700_000_000


def _git(site: Path, *args: str, when: int = START) -> None:
    stamp = f"@{when} +0000"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_NAME": "Bench",
           "GIT_AUTHOR_EMAIL": "b@example.org", "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "b@example.org"}  # fmt: skip
    subprocess.run(["git", "-C", str(site), *args], check=True, capture_output=True, env=env)


def history(site: Path, commits: int) -> None:
    """The site in a repository with `commits` commits: everything, then one emotion changed per commit."""
    (site / ".gitignore").write_text("out/\n.cxmaps-cache/\n")
    _git(site, "init", "-q", "-b", "main")
    _git(site, "add", "-A")
    _git(site, "commit", "-q", "-m", "The reference")
    journeys = sorted((site / "journeys").glob("*.yml"))
    emotion = re.compile(r"(emotion:(?:\s*\n\s+[\w-]+:)?\s*)(-?\d+)")
    for i in range(1, commits):
        path = journeys[i % len(journeys)]
        text = emotion.sub(lambda m: m.group(1) + ("1" if m.group(2) == "0" else "0"), path.read_text(), count=1)
        path.write_text(text)
        _git(site, "commit", "-q", "-am", f"Change {i}: {path.stem}", when=START + i * DAY)
    _git(site, "tag", "v1", when=START + commits * DAY)


def options(site: Path, on: bool) -> None:
    """Turn history (and reviews, which read it) on or off in the site's mkdocs.yml."""
    config = (site / "mkdocs.yml").read_text()
    config = re.sub(r"\n      history: \w+\n      review_every: \d+", "", config)
    extra = f"\n      history: {'true' if on else 'false'}\n      review_every: {365 if on else 0}"
    config = re.sub(r"(  - cxmaps:[^\n]*)", lambda m: m.group(1) + extra, config, count=1)
    if "  - cxmaps:" not in config:
        config = config.replace("  - cxmaps\n", "  - cxmaps:" + extra + "\n", 1)
    (site / "mkdocs.yml").write_text(config)


def measure(n: int, commits: int, seed: int, tmp: Path, repeat: int) -> dict[str, float]:
    from scale import run

    site = tmp / f"history-{n}"
    write(site, n, seed)
    history(site, commits)
    best: dict[str, float] = {}
    for on in (False, True):  # each once first: the caches filled
        options(site, on)
        run(site, "build")
    for _ in range(repeat):
        for on in (False, True):
            options(site, on)
            seconds = run(site, "build")["seconds"]
            key = "with" if on else "without"
            best[key] = min(best.get(key, seconds), seconds)
    return best


def main(sizes: list[int] | None = None, commits: int = 1000, seed: int = 1, repeat: int = 2) -> None:
    if sizes is None:
        parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        parser.add_argument("--sizes", type=int, nargs="+", default=[400])
        parser.add_argument("--commits", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--repeat", type=int, default=2)
        args = parser.parse_args()
        sizes, commits, seed, repeat = args.sizes, args.commits, args.seed, args.repeat
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            r = measure(n, commits, seed, Path(tmp), repeat)
            print(f"N={n}, {commits} commits: warm without history {r['without']:.2f} s, with history "
                  f"{r['with']:.2f} s, ratio {r['with'] / r['without']:.3f} (bound 1.10)")  # fmt: skip
            sys.stdout.flush()


if __name__ == "__main__":
    main()
