"""The ``cxmaps`` command: check, scaffold, diff, generate, and export the schema of a reference."""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..charts.seal import open_cache
from ..charts.store import ChartStore
from ..language.fold import is_id, suggest_id
from ..language.i18n import language_code, languages
from ..mkdocs.config import settings_from
from ..mkdocs.generate import GenerateProblem, read_marker, write_documents
from ..mkdocs.history import GitHistory, keep_words
from ..model.scaffold import journey_file, persona_file
from ..model.schema import SCHEMAS, fields_markdown, schema_text
from ..pages.core import TemplateProblem, template_errors
from ..pages.kinds import render_documents
from ..reference.core import Reference, Settings
from ..reference.docsafety import check_docs_safety
from ..reference.embeds import check_docs
from ..reference.health import findings, missed_on_moments
from ..reference.links import check_links
from ..reference.load import load_reference
from ..review.diff import DiffProblem, compare, default_base, load_revision
from ..review.diffmarkdown import markdown
from ..review.safeconfig import UnsafeConfigProblem, read_site
from ..source.locate import display_base, rebase
from ..source.problems import CxmapsError, Problem, did_you_mean, printable, printable_message
from ..source.sourcefiles import display_path, docs_pages, source_files
from .newsite import NewSiteProblem, new_site
from .siteconfig import SiteProblem
from .siteconfig import config_file as _config_file
from .siteconfig import shown as _shown
from .siteconfig import site_config as _site
from .starter import StarterProblem, prepare_site

#: Longest id `cxmaps new` accepts: it becomes a file name (255 bytes at most) and folders of the site.
MAX_ID_LENGTH = 100


def new(kind: str, item_id: str, personas: list[str], path: str) -> int:
    """Write a starter persona or journey file in the site's language; never overwrite anything.

    A fresh site lacks its folders, which MkDocs refuses to read a site
    without: they are created first (and said), and so is the JSON Schema
    the starter's first line points at, so that editors check it as typed.
    """
    _check_new_id(item_id)
    try:
        made = prepare_site(_config_file(path))
    except (StarterProblem, FileNotFoundError) as err:
        raise SiteProblem(str(err)) from None
    config, options = _site(path)
    settings = settings_from(config, options)
    for line in made:
        print(f"cxmaps: {line}")
    folder = settings.personas_dir if kind == "persona" else settings.journeys_dir
    taken = [p for p in source_files(folder) if p.stem == item_id]
    if taken:
        raise SiteProblem(f"{_shown(taken[0])} already exists; choose another id (nothing was written)")
    known = {p.stem for p in source_files(settings.personas_dir)}
    if kind == "journey":
        if not personas:
            raise SiteProblem("say who lives this journey: --persona <id> (one or more)")
        for pid in personas:
            if pid not in known:
                raise SiteProblem(
                    f"unknown persona '{pid}'{did_you_mean(pid, known)}; create it first with `cxmaps new persona {pid}`"
                )
    target = folder / f"{item_id}.yml"
    language = config.theme.get("language", "en")
    schema = Path(os.path.relpath(settings.root / "schema" / f"{kind}.schema.json", folder)).as_posix()
    text = (
        persona_file(item_id, language, schema)
        if kind == "persona"
        else journey_file(item_id, personas, language, schema)
    )
    try:
        with target.open("x", encoding="utf-8") as handle:  # "x": fails rather than overwrite
            handle.write(text)
    except OSError as err:
        raise SiteProblem(f"cannot write {_shown(target)}: {err.strerror or err}") from None
    print(f"wrote {_shown(target)}: replace the placeholders, then run `cxmaps check --lint`")
    return 0


def site(name: str, title: str | None, language: str) -> int:
    """`cxmaps new site NAME`: a new site in the folder NAME (see newsite.py)."""
    if not re.fullmatch(r"[a-z]{2,3}([-_][A-Za-z0-9]{2,8})?", language):
        raise SiteProblem(f"'{language}' is not a language code: write it as in theme.language, e.g. en, fr, de")
    folder = Path(name)
    try:
        written = new_site(folder, title or folder.resolve().name, language)
    except NewSiteProblem as err:
        raise SiteProblem(str(err)) from None
    for file in written:
        print(f"wrote {_shown(folder / file)}{'/' if file.endswith('/') else ''}")
    if language_code(language) not in languages():
        print(f"cxmaps has no labels in '{language}' yet: the pages use English words, with its own numbers")
    print(f"next: cd {shlex.quote(name)} && cxmaps new persona <id>, then `mkdocs serve` to see the site")
    return 0


def _check_new_id(item_id: str) -> None:
    if not is_id(item_id):
        raise SiteProblem(
            f"'{item_id}' is not a valid id: use lowercase letters, digits and hyphens, e.g. '{suggest_id(item_id)}'"
        )
    if len(item_id) > MAX_ID_LENGTH:
        raise SiteProblem(
            f"the id is {len(item_id)} characters long; an id is a file name and part of an address: "
            f"use at most {MAX_ID_LENGTH}, e.g. '{item_id[:MAX_ID_LENGTH].rstrip('-')}'"
        )


def _settings_at(folder: Path) -> Settings:
    """The settings of the site copy in `folder`, its mkdocs.yml read without running it (see safeconfig)."""
    try:
        return read_site(folder).settings
    except UnsafeConfigProblem as err:
        raise DiffProblem(str(err)) from None


def diff(rev_a: str | None, rev_b: str | None, path: str, fmt: str) -> int:
    """Print what changed in the reference between two revisions (default: merge-base of main → working tree)."""
    site = _config_file(path).resolve().parent
    try:
        base = rev_a or default_base(site)
        loaded = []
        for rev in (base, rev_b):
            try:
                loaded.append(load_revision(site, _settings_at, rev))
            except CxmapsError as err:
                where = f"revision {rev}" if rev else "the working tree"
                raise DiffProblem(
                    f"the reference in {where} does not validate; fix it first:\n"
                    + "\n".join(f"  {p}" for p in err.problems)
                ) from None
    except DiffProblem as err:
        raise SiteProblem(str(err)) from None
    summary = compare(loaded[0][0], loaded[1][0], loaded[1][1])
    if fmt == "json":
        print(json.dumps(summary, indent=2, ensure_ascii=True))  # \u escapes: no control character reaches a terminal
    else:
        text = markdown(summary, _language_at(site))
        print("\n".join(printable(line) for line in text.split("\n")), end="")
    return 0


def _language_at(site: Path) -> str:
    """The language of the site's pages (theme.language), read without running its mkdocs.yml."""
    try:
        return read_site(site).language
    except UnsafeConfigProblem:
        return "en"


def generate(path: str, out: str | None, force: bool = False) -> int:
    """Write the generated pages into the docs tree (or `out`) for engines that run no plugin."""
    config, options = _site(path)
    settings = settings_from(config, options)
    try:
        ref = load_reference(settings)
    except CxmapsError as err:
        for problem in err.problems:
            print(problem)
        return 1
    GitHistory().attach(ref)  # format 1.2: history from git
    # As the plugin: no cache if git tracks its folder or this machine's secret cannot be had (charts/seal.py).
    seal = open_cache(settings.root / options.cache_dir, settings.root) if options.cache else None
    store = ChartStore(settings.root / options.cache_dir / "charts" if seal else None, seal=seal)
    keep_words(ref, settings.root / options.cache_dir / "history", seal)
    target = Path(out).resolve() if out else settings.docs_dir
    try:
        with template_errors():
            documents = render_documents(
                ref, config.theme.dirs, config.theme.get("language", "en"), config.use_directory_urls, store
            )
        outcome = write_documents(documents, target, force)
    except (GenerateProblem, TemplateProblem) as err:
        raise SiteProblem(str(err)) from None
    where = display_path(target, settings.root)
    print(
        f"cxmaps: {len(outcome.written)} files written, {len(outcome.unchanged)} unchanged, {len(outcome.removed)} removed in {where}/"
    )
    if outcome.kept:
        print(f"cxmaps: kept (edited by hand, no longer generated, now yours): {', '.join(outcome.kept)}")
    return 0


def check(path: str, fmt: str, lint: bool = False) -> int:
    """Validate the sources of the site at `path`; print every problem; 0 when clean.

    Links and embeds of docs/ pages are checked too, as ``mkdocs build
    --strict`` would. With `lint`, also print the health findings (warnings);
    they fail only when the site sets ``fail_on_health: true``.
    """
    try:
        config, options = _site(path)
    except SiteProblem as err:
        print(f"cxmaps: {printable_message(str(err))}", file=sys.stderr)
        return 1
    settings = settings_from(config, options)
    base = display_base(settings.root, fmt == "github")

    def show(problems: Sequence[Problem], level: str = "error", rule: Sequence[str] = ()) -> None:
        for i, problem in enumerate(problems):
            shown = rebase(problem, settings.root, base)
            if fmt == "github":
                print(shown.github(level))
            else:
                print(f"{shown} [{rule[i]}]" if rule else str(shown))

    try:
        ref = load_reference(settings)
    except CxmapsError as err:
        show(err.problems)
        _count(fmt, len(err.problems), "problem")
        return 1
    pages = docs_pages(settings.docs_dir)
    problems = [*check_docs(ref, pages), *check_links(ref, settings.docs_dir, pages)]
    if not settings.trust_docs:
        written = {settings.docs_dir / uri for uri in read_marker(settings.docs_dir)}
        problems += check_docs_safety(pages, settings.root, written)
    if problems:
        show(sorted(problems))
        _count(fmt, len(problems), "problem")
        return 1
    GitHistory().attach(ref)  # format 1.2: reviews fall due from the last change in git
    found = findings(ref)
    missed = missed_on_moments(found) if options.fail_on_missed else []
    if missed:  # fail_on_missed: a missed standard on a moment of truth is an error
        show([f.problem for f in missed])
        _count(fmt, len(missed), "problem")
        return 1
    if fmt == "human":
        print(f"cxmaps: {_contents(ref)} valid.")
    if not lint:
        return 0
    show([f.problem for f in found], "warning", [f.rule for f in found])
    _count(fmt, len(found), "health finding")
    return 1 if found and options.fail_on_health else 0


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def _contents(ref: Reference) -> str:
    """ "2 journeys, 3 personas, 1 source and 1 measures file (420 rows) are": what a check found valid."""
    parts = [_plural(len(ref.journeys), "journey", "journeys"), _plural(len(ref.personas), "persona", "personas")]
    if ref.sources:
        parts.append(_plural(len(ref.sources), "source", "sources"))
    if ref.measures:
        files = len({m.file for m in ref.measures})
        parts.append(
            f"{_plural(files, 'measures file', 'measures files')} ({_plural(len(ref.measures), 'row', 'rows')})"
        )
    return ", ".join(parts[:-1]) + " and " + parts[-1] + " are"


def _count(fmt: str, count: int, what: str) -> None:
    if fmt == "human":
        print(f"{count} {what}{'s' if count != 1 else ''}{' found' if what == 'problem' else ''}.", file=sys.stderr)


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
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            except OSError as err:
                raise SiteProblem(f"cannot write {target}: {err.strerror or err}") from None
            print(f"wrote {target}")
    if stale:
        print(f"cxmaps: out of date, run 'cxmaps schema': {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command line, also used by the tests that lint the CI workflows."""
    parser = argparse.ArgumentParser(prog="cxmaps", description="Tools for a cxmaps customer-experience reference.")
    parser.add_argument("--version", action="version", version=f"cxmaps {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    p_check = commands.add_parser("check", help="validate journeys and personas without building the site")
    p_check.add_argument("path", nargs="?", default=".", help="mkdocs.yml, or the folder that holds it (default: .)")
    p_check.add_argument("--site", help="the same as PATH: every command takes --site")
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
    p_new = commands.add_parser(
        "new", help="start a site (new site NAME), or write a commented starter persona or journey in one"
    )
    p_new.add_argument("kind", choices=("site", "persona", "journey"))
    p_new.add_argument("id", help="the new id (the file name and the address), or the new site's folder")
    p_new.add_argument("--title", help="new site: its name (default: the folder's name)")
    p_new.add_argument("--language", default="en", help="new site: the language of its pages, e.g. fr (default: en)")
    p_new.add_argument(
        "--persona", action="append", default=[], metavar="ID", help="a persona of the journey (repeat for several)"
    )
    p_new.add_argument("--site", default=".", help="mkdocs.yml, or the folder that holds it (default: .)")
    p_diff = commands.add_parser("diff", help="summarise what changed in the reference between two git revisions")
    p_diff.add_argument("rev_a", nargs="?", help="the base revision (default: merge-base of main and HEAD)")
    p_diff.add_argument("rev_b", nargs="?", help="the revision to compare (default: the working tree)")
    p_diff.add_argument("--site", default=".", help="mkdocs.yml, or the folder that holds it (default: .)")
    p_diff.add_argument("--format", choices=("markdown", "json"), default="markdown")
    p_gen = commands.add_parser(
        "generate", help="write the generated pages into docs/ (for Zensical or any engine without plugins)"
    )
    p_gen.add_argument("path", nargs="?", default=".", help="mkdocs.yml, or the folder that holds it (default: .)")
    p_gen.add_argument("--site", help="the same as PATH: every command takes --site")
    p_gen.add_argument("--out", help="folder to write into (default: the site's docs folder)")
    p_gen.add_argument(
        "--force",
        action="store_true",
        help="overwrite generated files that were edited by hand (never an author's own)",
    )
    return parser


def _site_of(args: argparse.Namespace) -> str:
    """The site of `check` and `generate`: PATH or --site, as `new` and `diff` take it; never two different ones."""
    if args.site is not None and args.path not in (".", args.site):
        raise SiteProblem(f"two sites given: '{args.path}' and --site '{args.site}'; give one")
    return str(args.site or args.path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return check(_site_of(args), args.format, args.lint)
        if args.command == "new":
            if args.kind == "site":
                return site(args.id, args.title, args.language)
            return new(args.kind, args.id, args.persona, args.site)
        if args.command == "generate":
            return generate(_site_of(args), args.out, args.force)
        if args.command == "diff":
            return diff(args.rev_a, args.rev_b, args.site, args.format)
        return schema(args.out, args.docs, args.check)
    except SiteProblem as err:
        print(f"cxmaps: {printable_message(str(err))}", file=sys.stderr)
        return 1
