"""What validation costs per source file, against plain YAML parsing in the same run.

    python bench/validation.py [--repeat N]

Measures, on the sample reference beside this folder:
- baseline: PyYAML's safe load (libyaml where installed) of every source file;
- cxmaps: `load_reference`, which reads, locates, validates and cross-checks
  the same files;
- the refusal of an alias bomb and of an oversized file.
Reports milliseconds per file and the ratio to the baseline, which is what to
compare between machines (shared machines are noisy; absolute times are not).
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml
from cxmaps.reference.core import Settings
from cxmaps.reference.load import load_reference
from cxmaps.source.problems import CxmapsError
from cxmaps.source.sourcefiles import source_files
from timing import median_time

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Settings(root=ROOT, journeys_dir=ROOT / "journeys", personas_dir=ROOT / "personas", docs_dir=ROOT / "docs")
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def baseline() -> None:
    for path in source_files(SETTINGS.personas_dir) + source_files(SETTINGS.journeys_dir):
        yaml.load(path.read_bytes(), Loader=LOADER)


def refused(files: dict[str, str]) -> Callable[[], None]:
    tmp = Path(tempfile.mkdtemp())
    for name in ("journeys", "personas", "docs"):
        (tmp / name).mkdir()
    for name, text in files.items():
        (tmp / name).write_text(text, encoding="utf-8")
    settings = Settings(root=tmp, journeys_dir=tmp / "journeys", personas_dir=tmp / "personas", docs_dir=tmp / "docs")

    def work() -> None:
        try:
            load_reference(settings)
        except CxmapsError:
            return
        raise AssertionError("expected a refusal")

    return work


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    count = len(source_files(SETTINGS.personas_dir) + source_files(SETTINGS.journeys_dir))
    base = median_time(args.repeat, baseline)
    ours = median_time(args.repeat, lambda: load_reference(SETTINGS))
    bomb = "\n".join(
        ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]
    )
    bomb_time = median_time(5, refused({"personas/bomb.yml": bomb}))
    big_time = median_time(5, refused({"personas/big.yml": "name: x\nsummary: " + "x" * 3_000_000}))
    print(f"sample: {count} files, median of {args.repeat} runs")
    print(f"{'':34}{'ms/file':>10}{'x baseline':>12}")
    print(f"{'baseline: yaml safe load':34}{base / count * 1e3:10.3f}{1:12.2f}")
    print(f"{'cxmaps: load + validate + check':34}{ours / count * 1e3:10.3f}{ours / base:12.2f}")
    print(
        f"alias bomb (10^12 values) refused in {bomb_time * 1e3:.1f} ms ({bomb_time / base:.1f}x the whole sample's parse)"
    )
    print(f"3 MB file refused in {big_time * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
