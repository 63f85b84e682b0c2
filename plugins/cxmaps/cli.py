"""The ``cxmaps`` command: check a reference without building, export the schema."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError

from .config import plugin_options, settings_from
from .embeds import check_docs
from .health import findings
from .problems import CxmapsError
from .reference import load_reference
from .schema import SCHEMAS, fields_markdown, schema_text


def _config_file(path: str) -> Path:
    target = Path(path)
    if target.is_dir():
        for name in ("mkdocs.yml", "mkdocs.yaml"):
            if (target / name).is_file():
                return target / name
        raise FileNotFoundError(f"no mkdocs.yml in {target}")
    return target


def check(path: str, fmt: str, lint: bool = False) -> int:
    """Validate the sources of the site at `path`; print every problem; 0 when clean.

    With `lint`, also print the health findings (warnings); they fail only
    when the site sets ``fail_on_health: true``.
    """
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    try:
        config = load_config(config_file=str(_config_file(path)))
    except (ConfigurationError, FileNotFoundError) as err:
        print(f"cxmaps: cannot read the site configuration: {err}", file=sys.stderr)
        return 1
    options = plugin_options(config)
    if options is None:
        print(
            f"cxmaps: {path}: the site does not use the cxmaps plugin (add '- cxmaps' under plugins:)", file=sys.stderr
        )
        return 1
    try:
        ref = load_reference(settings_from(config, options))
    except CxmapsError as err:
        for problem in err.problems:
            print(problem.github() if fmt == "github" else str(problem))
        if fmt == "human":
            print(f"{len(err.problems)} problem{'s' if len(err.problems) != 1 else ''} found.", file=sys.stderr)
        return 1
    problems = check_docs(ref, Path(config.docs_dir))
    if problems:
        for problem in problems:
            print(problem.github() if fmt == "github" else str(problem))
        return 1
    if fmt == "human":
        print(f"cxmaps: {len(ref.journeys)} journeys and {len(ref.personas)} personas are valid.")
    if not lint:
        return 0
    found = findings(ref)
    for finding in found:
        print(finding.problem.github("warning") if fmt == "github" else f"{finding.problem} [{finding.rule}]")
    if fmt == "human":
        print(f"{len(found)} health finding{'s' if len(found) != 1 else ''}.", file=sys.stderr)
    return 1 if found and options.fail_on_health else 0


def schema(out: str, docs: str, verify: bool) -> int:
    """Write (or with --check, compare) the JSON Schema files and field reference generated from the model."""
    folder = Path(out)
    stale = []
    outputs = {folder / f"{name}.schema.json": schema_text(name) for name in SCHEMAS}
    if docs:
        outputs[Path(docs)] = fields_markdown()
    for target, text in outputs.items():
        if verify:
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                stale.append(str(target))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target}")
    if stale:
        print(f"cxmaps: out of date, run 'cxmaps schema': {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cxmaps", description="Tools for a cxmaps customer-experience reference.")
    commands = parser.add_subparsers(dest="command", required=True)
    p_check = commands.add_parser("check", help="validate journeys and personas without building the site")
    p_check.add_argument("path", nargs="?", default=".", help="mkdocs.yml, or the folder that holds it (default: .)")
    p_check.add_argument(
        "--format", choices=("human", "github"), default="human", help="github: pull-request annotations"
    )
    p_check.add_argument("--lint", action="store_true", help="also report reference health findings (warnings)")
    p_schema = commands.add_parser("schema", help="write the JSON Schema of journey and persona files")
    p_schema.add_argument("--out", default="schema", help="folder to write into (default: schema)")
    p_schema.add_argument(
        "--docs",
        default="",
        metavar="FILE",
        help="also write the Markdown field reference (docs/format-reference.md here)",
    )
    p_schema.add_argument("--check", action="store_true", help="only verify that the files are current")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.path, args.format, args.lint)
    return schema(args.out, args.docs, args.check)


if __name__ == "__main__":
    sys.exit(main())
