"""MkDocs glue: read the options, hook the events, hand the work to the modules."""

from __future__ import annotations

import gc
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from ..charts.maps import preload
from ..charts.seal import open_cache
from ..charts.store import ChartStore
from ..pages.core import TemplateProblem, template_errors
from ..pages.kinds import PARTS, make_site
from ..pages.parallel import ChildStopped, written
from ..pages.site import ChartsMissing, Site
from ..reference.core import Reference, forget_positions
from ..reference.docsafety import check_docs_safety
from ..reference.embeds import check_docs
from ..reference.health import Finding, findings, missed_on_moments
from ..reference.links import check_links
from ..reference.load import load_reference
from ..source.problems import CxmapsError, Problem
from ..source.sourcefiles import docs_pages
from ..source.yamlsource import Parsed
from . import safelog
from .config import GENERATED_FOLDERS, CxmapsConfig, settings_from, take_part
from .docsfiles import drop_unpublishable
from .docsguard import Embeds, check_page
from .errorpage import html_pages, write_error_pages
from .fastpath import MissingPlaceholder, Shelf
from .generate import read_marker
from .history import GitHistory, keep_words
from .pagememo import PageMemo
from .publish import Publication, abort, begin, publish
from .searchfold import fold_search_index
from .searchhandoff import SearchHandoff
from .searchindex import SectionCache
from .servewatch import keep_watching
from .sitenav import arrange, labels_for

log = get_plugin_logger(__name__)


class CxmapsPlugin(BasePlugin[CxmapsConfig]):
    def __init__(self) -> None:
        self.reference: Reference | None = None
        self.site: Site | None = None
        self.found: list[Finding] = []
        self.workdir: Path | None = None
        self.publication: Publication | None = None
        self.stage = True
        self.shelf = Shelf()
        self.embeds = Embeds()
        self.generated: set[str] = set()
        """The pages cxmaps generated in this build: only they take the fast path (see fastpath.py)."""
        self.serving = False
        self.broken: list[Problem] = []
        """Problems of the last build under `mkdocs serve`: its pages show them."""
        self.served: list[str] = []
        self.searching = SearchHandoff()
        """Generated pages go into Material's search index through cxmaps (see searchhandoff.py)."""
        self.charts: dict[str, str] = {}
        """The charts of the last build, verified, for the next (see ChartStore.kept)."""
        self.parsed: Parsed | None = None
        """Under `mkdocs serve`: the source files parsed by the last build, for the next (see Parsed)."""
        self.git = GitHistory()
        """The git log of the last build, reused under `mkdocs serve` while HEAD stays (format 1.2)."""
        self.memo: PageMemo | None = None
        """Under `mkdocs serve`: what the last build made of each generated page (see pagememo.py)."""
        self.nav: Navigation | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Keeps this instance across `mkdocs serve` rebuilds; decides whether builds are staged.

        `mkdocs serve` builds into a private temporary folder that only its
        server reads, and a dirty build updates site_dir in place by
        definition: neither is staged. Builds run through the API (no
        on_startup) are staged.
        """
        # mike (versioned publishing) loads the configuration only to read site_dir, then runs `mkdocs build`.
        self.stage = command not in ("serve", "mike") and not dirty
        self.serving = command == "serve"
        # A single build would only pay for keeping them.
        self.parsed = Parsed() if self.serving else None
        if self.memo is not None and not self.serving:
            self.memo.close()
        self.memo = (self.memo or PageMemo()) if self.serving else None
        if self.serving:
            preload()  # the first save redraws a map: matplotlib is loaded by then

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        safelog.install()  # file names of docs/ in MkDocs' messages reach the terminal escaped
        self._stage(config)
        take_part(config, self.config)
        return config

    # Early: a build with bad sources must stop before MkDocs cleans site_dir,
    # and before other plugins spend time on a build that cannot succeed.
    @event_priority(100)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        try:
            self._load(config)
        except CxmapsError as err:
            if not self.serving:
                raise
            # Under serve the build goes on without our pages, and every page shows the problems
            # (see errorpage.py): a failed build would leave the browser waiting for minutes.
            self.broken, self.reference, self.site = err.problems, None, None
            log.warning("%s", err)
        else:
            self.broken = []

    def _load(self, config: MkDocsConfig) -> None:
        """Load and check the reference and the docs' embeds; raise `CxmapsError` with every problem."""
        try:
            self.reference = load_reference(settings_from(config, self.config), self.parsed)
        finally:
            if self.parsed is not None:
                if self.parsed.reused:
                    log.info("%d source files unchanged since the last build, not parsed again", self.parsed.reused)
                self.parsed.forget_unused()
        self.git.attach(self.reference)  # format 1.2: the history from git, and the reference's date
        # Embeds in docs/ pages are checked now too, so that a wrong one stops the build
        # before site_dir is touched.
        pages = docs_pages(Path(config.docs_dir))
        problems = check_docs(self.reference, pages)
        if not self.config.trust_docs:
            written = {Path(config.docs_dir) / uri for uri in read_marker(Path(config.docs_dir))}
            problems += check_docs_safety(pages, self.reference.settings.root, written)
        if problems:
            raise CxmapsError(problems)
        # A link to a step that does not exist passes MkDocs (it checks anchors at "info" level):
        # a warning, located, as MkDocs warns of its own broken links (`--strict` stops on it).
        for problem in check_links(self.reference, Path(config.docs_dir), pages):
            log.warning("%s", problem)
        self.found = findings(self.reference)
        # One line: the findings are listed by `cxmaps check --lint`, on the health page, and with --verbose.
        for finding in self.found:
            log.debug("health: %s [%s]", finding.problem, finding.rule)
        if self.found:
            log.info("%d health findings: `cxmaps check --lint` lists them, the health page shows them",
                     len(self.found))  # fmt: skip
        if self.found and self.config.fail_on_health:
            raise CxmapsError([f.problem for f in self.found])
        missed = missed_on_moments(self.found) if self.config.fail_on_missed else []
        if missed:
            raise CxmapsError([f.problem for f in missed])
        forget_positions(self.reference)  # every problem is reported by now

    # Early, so that plugins running after us (search, i18n, redirects) see our pages.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.shelf, self.generated, self.embeds = Shelf(), set(), Embeds()  # a word of its own for each build
        # The reference is loaded and lives until the build ends: the collector need not walk its
        # millions of objects at every full collection (nor touch them in a forked child, see parallel.py).
        gc.freeze()
        self.searching.start(config.plugins)
        safelog.hold_links_to(GENERATED_FOLDERS if self.broken else ())
        if self.broken:
            return files
        assert self.reference is not None, "on_pre_build runs first"
        drop_unpublishable(files, Path(config.docs_dir))
        root = self.reference.settings.root
        # Under `mkdocs serve`, charts verified by one rebuild are not read and checked again by the next.
        # No cache if git tracks its folder or this machine's secret cannot be had (said in the log; see seal.py).
        seal = open_cache(root / self.config.cache_dir, root) if self.config.cache else None
        folder = root / self.config.cache_dir / "charts" if seal else None
        keep_words(self.reference, root / self.config.cache_dir / "history", seal)
        store = ChartStore(folder, seal=seal, kept=self.charts if self.config.cache else None)
        self.site = make_site(
            self.reference,
            config.theme.dirs,
            config.theme.get("language", "en"),
            config.use_directory_urls,
            store,
            self.found,
            self.memo.rendered if self.memo is not None else None,
        )
        self.site.defer_charts = self.site.parallel = self.config.parallel  # see Site.chart, pages/parallel.py
        try:
            with template_errors():
                self._add_documents(files, config)
        except (TemplateProblem, ChildStopped) as err:
            raise PluginError(f"cxmaps: {err}") from None
        if self.memo is not None:
            self.memo.start(files, config)
        cached = root / self.config.cache_dir / "search" if seal else None
        self.searching.sections = SectionCache(cached, (self.shelf.word, *self.site.placed_by), seal=seal)
        log.info("%d charts drawn, %d reused from the cache", store.drawn, store.reused)
        if store.rejected:
            log.info("%d cached charts did not verify and were drawn again", store.rejected)
        return files

    def _add_documents(self, files: Files, config: MkDocsConfig) -> None:
        """Write each generated page to this build's folder and add it to the site's files."""
        assert self.site is not None
        # Files that `cxmaps generate` wrote into docs/ are replaced by fresh ones.
        generated_before = read_marker(Path(config.docs_dir))
        self.site.owned = frozenset(f.src_uri for f in files if f.generated_by is None) - set(generated_before)
        # The pages go to a folder of this build, so that MkDocs reads them from disk like any
        # page instead of keeping a second copy of each in memory.
        self._remove_workdir()
        self.workdir = Path(tempfile.mkdtemp(prefix="cxmaps-pages-"))
        for doc in written(self.site, self.workdir, PARTS):
            existing = files.get_file_from_path(doc.src_uri)
            if existing is not None and doc.src_uri in generated_before:
                files.remove(existing)
            elif existing is not None:
                log.info("docs/%s is the site's own page; cxmaps does not generate it", doc.src_uri)
                continue
            inclusion = InclusionLevel.UNDEFINED if doc.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, doc.src_uri, abs_src_path=str(doc.path), inclusion=inclusion)
            if doc.source is not None:
                file.edit_uri = os.path.relpath(doc.source, config.docs_dir).replace(os.sep, "/")
            files.append(file)
            self.generated.add(doc.src_uri)

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        """Notice a source folder being deleted, restored or created after start (see servewatch.py)."""
        keep_watching(server, [self.config.journeys, self.config.personas, self.config.sources, self.config.measures])
        return server

    def _stage(self, config: MkDocsConfig) -> None:
        """Point MkDocs at a staging folder beside site_dir; `on_post_build` publishes it (see publish.py)."""
        self._unstage()  # a previous build of this instance that never reached its end
        if self.stage:
            self.publication = begin(Path(config.site_dir))
            if self.publication is not None:
                config.site_dir = str(self.publication.staging)
                # MkDocs says where it builds: the reader is told site_dir, not the staging folder.
                safelog.shown_as(str(self.publication.staging), str(self.publication.target))

    # Last of all post_build handlers: every other plugin has written its files by now.
    @event_priority(float("-inf"))
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Publish the complete build, unless --strict is about to abort it for a warning.

        MkDocs raises the strict abort only after on_post_build, from the
        warnings it counted; publishing must not happen then, so the same
        counter is read here. The abort then reaches `on_build_error`, which
        throws the staging folder away.
        """
        gc.unfreeze()
        self._remove_workdir()
        if self.site is not None:
            self.site.finish_charts()
            self.site.store.forget_unused()
        if self.memo is not None:
            self.memo.forget(self.generated)
        # The next build (under serve) loads its own: this one's reference and pages need not live beside it.
        self.site = self.reference = None
        if self.broken:
            write_error_pages(Path(config.site_dir), self.broken, self.served)
            if safelog.held:
                log.info("%d links to cxmaps' pages are checked again once the reference is fixed", safelog.held)
            safelog.hold_links_to(())
            return
        if self.serving:
            self.served = html_pages(Path(config.site_dir))  # where a browser may be when a save breaks it
        fold_search_index(Path(config.site_dir))  # search finds "réclamation" from "reclamation"
        pub = self.publication
        if pub is None or _strict_abort_pending(config):
            return
        publish(pub)
        self.publication = None
        config.site_dir = str(pub.target)  # gh-deploy reads site_dir after the build

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        if self.memo is not None:
            self.memo.clear()
        if self.site is not None:
            self.site.finish_charts(cancel=True)
        self.shelf.forget()
        self._remove_workdir()
        self._unstage()

    def on_shutdown(self) -> None:
        gc.unfreeze()
        if self.memo is not None:
            self.memo.close()
            self.memo = None
        if self.site is not None:
            self.site.finish_charts(cancel=True)
        self._remove_workdir()
        self._unstage()  # interrupted (Ctrl-C is not an Exception: on_build_error never ran)

    def _unstage(self) -> None:
        if self.publication is not None:
            abort(self.publication)
            self.publication = None

    def _remove_workdir(self) -> None:
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Without `nav:`, our sections get the site's language and the readers' order (see sitenav)."""
        if config.nav is None and self.site is not None:
            nav = arrange(nav, labels_for(self.site.t))
        self.nav = nav
        return nav

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page is read: the generated pages whose layout is unchanged take the previous one (pagememo.py)."""
        if self.memo is not None:
            self.memo.lay_out_again(
                [f.page for f in files.documentation_pages() if f.src_uri in self.generated and f.page], self.nav
            )
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.generated:
            if self.memo is not None and self.memo.convert_again(page.file.src_uri, markdown):
                return ""  # converted as in the previous build: `on_page_content` puts that back
            return self.shelf.shelve(page.file.src_uri, markdown)
        if self.site is None or page.file.generated_by is not None or "[cxmaps:" not in markdown:
            return markdown
        try:
            with template_errors():
                return self.site.embed(markdown, page.file.src_uri, partial(self.embeds.keep, page.file.src_uri))
        except TemplateProblem as err:
            raise PluginError(f"cxmaps: {err}") from None

    # First, so that every other plugin sees the page whole (the charts aside, see below).
    @event_priority(100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        if uri in self.generated:
            if self.memo is not None and uri in self.memo.converted_again:
                return self.memo.restore(page, self.shelf)
            try:
                html = self.shelf.restore_blocks(uri, html)
            except MissingPlaceholder as err:
                raise PluginError(f"cxmaps: {err}") from None
            if self.memo is not None:
                self.memo.keep_conversion(page, html, self.shelf)
            return html
        if page.file.generated_by is None and not self.config.trust_docs:  # a docs/ page: no script (docsguard)
            problems = check_page(html, page.file.content_string, f"{Path(config.docs_dir).name}/{uri}")
            if problems:
                raise CxmapsError(problems)
        try:
            return self.embeds.restore(uri, html)
        except KeyError as err:
            raise PluginError(f"cxmaps: {err.args[0]}") from None

    # Just before Material's search (priority 0) reads the page, after every plugin that runs before it.
    @event_priority(0.001)
    def _index_for_search(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        if page.file.src_uri in self.generated:
            self.searching.before(page)
        return context

    @event_priority(-100)
    def _after_search(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        self.searching.after(page)
        return context

    on_page_context = CombinedEvent(_index_for_search, _after_search)

    # After search indexed the page (on_page_context), first of the post_page handlers.
    @event_priority(100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        uri, memo = page.file.src_uri, self.memo
        if memo is not None and uri in memo.laid_out_again:
            return memo.output(uri)
        try:
            output = self.shelf.restore_charts(uri, output)
            output = output if self.site is None else self.site.place_charts(uri, output)
        except (MissingPlaceholder, ChartsMissing) as err:
            raise PluginError(f"cxmaps: {err}") from None
        if memo is not None and uri in self.generated:
            memo.keep_output(uri, output)
        return output


def _strict_abort_pending(config: MkDocsConfig) -> bool:
    """Whether MkDocs will abort this build in strict mode for the warnings it counted."""
    if not config.strict:
        return False
    handlers = logging.getLogger("mkdocs").handlers
    return any(isinstance(h, CountHandler) and h.get_counts() for h in handlers)
