"""Where a warm build's time goes, by package: cProfile on `mkdocs build` of a synthetic reference.

    python bench/warmprofile.py [--journeys 200] [--top 25] [--edit]

Builds once to fill the chart cache, then profiles a second build in the same
process (the cache warm, as in bench/scale.py's warm build). With `--edit`,
the plugin is started as under `mkdocs serve` and the profiled build is the
rebuild after one journey's first emotion changed (bench/scale.py's edit
build). Prints each
package's own time (time spent in its functions, not in what they call) as
a share of the build, then the functions with the most cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import re
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from synthetic import write

#: Where a function lives, by its file's path: the first match names its package.
PACKAGES = (
    ("material/plugins/search", "Material search"),
    ("/markdown/", "Python-Markdown"),
    ("/cxmaps/", "cxmaps"),
    ("/jinja2/", "Jinja"),
    ("/mkdocs/", "MkDocs"),
    ("html/parser", "html.parser (stdlib)"),
    ("/re/", "re (stdlib)"),
    ("xml/etree", "xml.etree (stdlib)"),
    ("/yaml/", "PyYAML"),
)

#: Entry points whose cumulative time (with all they call) answers "who pays for what".
STAGES = (
    ("markdown/core.py", "convert", "Python-Markdown: Markdown to HTML"),
    ("material/plugins/search/plugin.py", "add_entry_from_context", "Material search: indexing a page"),
    ("cxmaps/plugin.py", "on_pre_build", "cxmaps: read and check the reference"),
    ("cxmaps/plugin.py", "on_files", "cxmaps: render the pages (and charts)"),
    ("cxmaps/plugin.py", "on_page_markdown", "cxmaps: on_page_markdown"),
    ("cxmaps/plugin.py", "on_page_content", "cxmaps: on_page_content"),
    ("cxmaps/plugin.py", "on_post_page", "cxmaps: on_post_page"),
    ("cxmaps/plugin.py", "on_post_build", "cxmaps: on_post_build"),
    ("mkdocs/utils/templates.py", "url_filter", "MkDocs: url filter"),
    ("mkdocs/commands/build.py", "_build_page", "MkDocs: build a page (theme, search, write)"),
    ("mkdocs/commands/build.py", "_populate_page", "MkDocs: read and convert a page"),
)


def package(filename: str) -> str:
    return next((name for part, name in PACKAGES if part in filename), "other")


def edit(site: Path) -> None:
    """Change the first emotion of the first journey, as bench/scale.py's edit build does."""
    path = sorted((site / "journeys").glob("*.yml"))[0]
    text, changed = re.subn(
        r"(emotion:(?:\s*\n\s+[\w-]+:)?\s*)(-?\d+)",
        lambda m: m.group(1) + ("1" if m.group(2) == "0" else "0"),
        path.read_text(),
        count=1,
    )
    assert changed == 1, f"no emotion to edit in {path}"
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=200)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--edit", action="store_true", help="profile a serve rebuild after one edit")
    parser.add_argument("--own", action="store_true", help="also list the functions by their own time")
    parser.add_argument("--one-process", action="store_true",
                        help="no forked child (parallel.py): every page's rendering shows in the profile")  # fmt: skip
    args = parser.parse_args()
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    if args.one_process:
        from cxmaps.pages import parallel

        parallel.PARALLEL_FROM = 10**9
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        write(site, args.journeys)

        def once(serving: bool = False) -> None:
            config = load_config(config_file=str(site / "mkdocs.yml"), site_dir=str(site / "out"))
            if serving:
                config.plugins.on_startup(command="serve", dirty=False)
            build(config)

        once()  # cold: fills the chart cache
        if args.edit:  # as bench/scale.py's edit: serve starts on a warm cache, builds, then one journey changes
            once(serving=True)
            edit(site)
        profile = cProfile.Profile()
        start = time.perf_counter()
        profile.runcall(once)
        kind = "serve rebuild after an edit" if args.edit else "warm build"
        print(f"{kind}, N={args.journeys}: {time.perf_counter() - start:.1f} s (under cProfile)")
    stats = pstats.Stats(profile)
    own: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        own[package(filename)] += tottime
    total = sum(own.values())
    for name, seconds in sorted(own.items(), key=lambda item: -item[1]):
        print(f"{name:>22} {seconds:6.2f} s {100 * seconds / total:5.1f} %")
    print()
    for (filename, _, function), (_, _, _, cumtime, _) in sorted(stats.stats.items()):  # type: ignore[attr-defined]
        for part, name, label in STAGES:
            if filename.endswith(part) and function == name:
                print(f"{label:>46} {cumtime:6.2f} s {100 * cumtime / total:5.1f} %")
    for (filename, _, function), (_, _, _, cumtime, _) in sorted(stats.stats.items()):  # type: ignore[attr-defined]
        if "/cxmaps/pages/" in filename and function == "documents":  # each kind of page, with all it calls
            print(f"{'pages: ' + Path(filename).stem:>46} {cumtime:6.2f} s {100 * cumtime / total:5.1f} %")
    stats.sort_stats("cumulative").print_stats(args.top)
    if args.own:
        stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
