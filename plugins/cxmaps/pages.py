"""The published pages, as Markdown documents keyed by their source path.

This module knows nothing of MkDocs: it turns a validated `Reference` into
documents at the published addresses (see the authoring format), rendered
from the Jinja templates under ``templates/cxmaps/``. The plugin hands them to
MkDocs as generated files.

Links inside HTML blocks are not rewritten by MkDocs, so they are written
here as final relative URLs, following the site's ``use_directory_urls``.
"""

from __future__ import annotations

import csv
import io
import posixpath
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .charts import journey_spec, level_word, reprefix
from .chartstore import Chart, ChartStore
from .embeds import find_embeds
from .health import RULES, Finding, findings
from .i18n import catalogue
from .model import Journey, Standard, Step
from .reference import Reference
from .text import heading, inline, page_title

TEMPLATES = Path(__file__).parent / "templates"
CSV_URI = "standards/standards.csv"


class TemplateProblem(Exception):
    """A template (ours or a site's override) cannot be rendered."""


@dataclass(frozen=True)
class Document:
    """One generated file: a page (Markdown) or an asset, at its source path in docs/."""

    src_uri: str
    content: str
    source: Path | None = None
    """The YAML file it comes from, for the edit link."""
    in_nav: bool = False


def make_env(search_path: Sequence[str | Path]) -> jinja2.Environment:
    """Templates are looked up in `search_path` order: a site's overrides first, ours last."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = inline
    env.filters["heading"] = heading
    env.filters["page_title"] = page_title
    env.filters["anchor"] = lambda anchor_id: Markup("{#" + str(anchor_id) + "}")
    return env


def page_url(src_uri: str, directory_urls: bool) -> str:
    """The address MkDocs gives a Markdown page (``journeys/x.md`` → ``journeys/x/``)."""
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/" if directory_urls else f"{stem}.html"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at site address `from_url` to the site address `to_url`."""
    base = from_url.rstrip("/") if from_url.endswith("/") else posixpath.dirname(from_url)
    target, _, anchor = to_url.partition("#")
    rel = posixpath.relpath(target.rstrip("/") or ".", base or ".")
    if target.endswith("/") or not target:
        rel = "./" if rel == "." else f"{rel}/"
    return f"{rel}#{anchor}" if anchor else rel


class Site:
    """Everything the templates need, computed once per build."""

    def __init__(
        self,
        ref: Reference,
        env: jinja2.Environment,
        language: str,
        directory_urls: bool,
        store: ChartStore,
        found: list[Finding] | None = None,
    ) -> None:
        self.ref = ref
        self.env = env
        self.t = catalogue(language)
        self.directory_urls = directory_urls
        self.low, self.high = ref.settings.emotion_scale
        self.store = store
        self.found = findings(ref) if found is None else found
        self.svg: dict[tuple[str, str, str | None], str] = {}
        self.shown: dict[tuple[str, str], int] = defaultdict(int)

    # -- charts ---------------------------------------------------------------
    def draw_charts(self) -> None:
        """Every map and sparkline of the reference, drawn or taken from the cache, before any page."""
        names = {pid: persona.name for pid, persona in self.ref.personas.items()}
        wanted: dict[tuple[str, str, str | None], Chart] = {}
        for jid, journey in self.ref.journeys.items():
            spec = journey_spec(jid, journey, names, (self.low, self.high), self.t)
            wanted[("map", jid, None)] = Chart("map", spec)
            wanted[("sparkline", jid, None)] = Chart("sparkline", spec)
            if len(journey.personas) > 1:
                for pid in journey.personas:
                    wanted[("sparkline", jid, pid)] = Chart("sparkline", spec, pid)
        drawn = self.store.get_all(wanted.values())
        self.svg = {where: drawn[chart.name] for where, chart in wanted.items()}

    def chart(self, kind: str, jid: str, persona: str | None = None, page: str = "") -> Markup:
        """A chart's SVG, with ids of its own if the same chart is already on `page`."""
        if (kind, jid, persona) not in self.svg:
            persona = None
        svg = self.svg.get((kind, jid, persona), "")
        self.shown[(page, f"{kind}-{jid}-{persona}")] += 1
        return Markup(reprefix(svg, self.shown[(page, f"{kind}-{jid}-{persona}")]))

    # -- helpers for templates ------------------------------------------------
    def url(self, kind: str, item_id: str = "", anchor: str = "") -> str:
        uri = f"{kind}/{item_id}.md" if item_id else f"{kind}/index.md"
        url = page_url(uri, self.directory_urls)
        return f"{url}#{anchor}" if anchor else url

    def level(self, value: float) -> str:
        """The emotion in words: ``negative (-1)``."""
        return level_word(value, (self.low, self.high), self.t)

    def emotions(self, journey: Journey, step: Step, name: str = "emotion") -> list[tuple[str, float]]:
        """(persona id, value) for each persona of the journey that has a value."""
        value = getattr(step, name)
        if value is None:
            return []
        if isinstance(value, dict):
            return [(pid, value[pid]) for pid in journey.personas if pid in value]
        return [(pid, value) for pid in journey.personas]

    def differs(self, step: Step) -> bool:
        return isinstance(step.emotion, dict) and len(set(step.emotion.values())) > 1

    # -- pages ----------------------------------------------------------------
    def render(self, template: str, uri: str, **context: Any) -> str:
        here = uri if uri.endswith(".html") else page_url(uri, self.directory_urls)
        if uri.endswith("/index.html"):
            here = uri[: -len("index.html")]

        def link(kind: str, item_id: str = "", anchor: str = "") -> str:
            return relative(here, self.url(kind, item_id, anchor))

        return self.env.get_template(f"cxmaps/{template}").render(
            uri=uri,
            site=self,
            ref=self.ref,
            t=self.t,
            link=link,
            asset=lambda path: relative(here, path),
            csv_url=relative(here, CSV_URI),
            **context,
        )

    def documents(self) -> Iterator[Document]:
        """Every generated file, one at a time (a large reference is never all in memory at once)."""
        ref = self.ref
        self.draw_charts()
        yield Document(
            "journeys/index.md", self.render("journeys.md", "journeys/index.md", groups=self.services()), in_nav=True
        )
        yield Document("personas/index.md", self.render("personas.md", "personas/index.md"), in_nav=True)
        yield Document(
            "moments-of-truth/index.md",
            self.render("moments-of-truth.md", "moments-of-truth/index.md", groups=self.moments()),
            in_nav=True,
        )
        yield Document(
            "standards/index.md",
            self.render("standards.md", "standards/index.md", rows=self.standard_rows()),
            in_nav=True,
        )
        yield Document(CSV_URI, self.standards_csv())
        yield Document(
            "health/index.md", self.render("health.md", "health/index.md", groups=self.health()), in_nav=True
        )
        for jid, journey in ref.journeys.items():
            uri = f"journeys/{jid}.md"
            page = self.render("journey.md", uri, journey=journey, jid=jid, embedded=False)
            yield Document(uri, page, ref.journey_sources[jid].path)
        for pid, persona in ref.personas.items():
            uri = f"personas/{pid}.md"
            appears = [(jid, j) for jid, j in ref.journeys.items() if pid in j.personas]
            page = self.render("persona.md", uri, persona=persona, pid=pid, appears=appears)
            yield Document(uri, page, ref.persona_sources[pid].path)
        yield from self.redirects()

    def embed(self, markdown: str, uri: str) -> str:
        """Replace the embed lines of a docs/ page with the rendered map, blueprint or step."""
        embeds = {e.line: e for e in find_embeds(markdown)}
        if not embeds:
            return markdown
        lines = markdown.splitlines()
        for number, e in embeds.items():
            journey = self.ref.journeys[e.journey]
            step = next((s for s in journey.steps() if s.id == e.step), None)
            html = self.render("embed.html", uri, kind=e.kind, journey=journey, jid=e.journey, step=step, embedded=True)
            lines[number - 1] = "\n" + html.strip() + "\n"
        return "\n".join(lines) + "\n"

    def health(self) -> list[tuple[str, str, list[Finding]]]:
        """Findings grouped by rule, in the order of the rules."""
        grouped: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.found:
            grouped[finding.rule].append(finding)
        return [(rule, label, grouped[rule]) for rule, label in RULES.items()]

    def services(self) -> list[tuple[str, list[tuple[str, Journey]]]]:
        groups: dict[str, list[tuple[str, Journey]]] = defaultdict(list)
        for jid, journey in self.ref.journeys.items():
            groups[journey.service or ""].append((jid, journey))
        return sorted(groups.items(), key=lambda item: (item[0] == "", item[0].lower()))

    def moments(self) -> list[tuple[str, list[tuple[str, Journey, Step]]]]:
        groups: dict[str, list[tuple[str, Journey, Step]]] = {"first-time": [], "incident": [], "milestone": []}
        for jid, journey in self.ref.journeys.items():
            for step in journey.steps():
                if step.moment_of_truth:
                    groups[step.moment_of_truth.kind].append((jid, journey, step))
        return [(kind, items) for kind, items in groups.items() if items]

    def standard_rows(self) -> list[dict[str, Any]]:
        rows = []
        for jid, journey in self.ref.journeys.items():
            for step in journey.steps():
                if not step.promise and not step.standards:
                    continue
                standards: list[Standard | None] = [*step.standards] or [None]
                for standard in standards:
                    rows.append({"jid": jid, "journey": journey, "step": step, "standard": standard})
        return rows

    def standards_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "journey",
                "journey_title",
                "step",
                "step_name",
                "address",
                "promise",
                "objective",
                "level",
                "how",
                "indicator",
                "measure",
                "owner",
                "impact",
            ]
        )
        for row in self.standard_rows():
            s = row["standard"]
            cells = [
                row["jid"],
                row["journey"].title,
                row["step"].id,
                row["step"].name,
                self.url("journeys", row["jid"], row["step"].id),
                row["step"].promise or "",
            ]
            cells += [
                getattr(s, f) or "" if s else ""
                for f in ("objective", "level", "how", "indicator", "measure", "owner", "impact")
            ]
            writer.writerow([_spreadsheet_safe(c) for c in cells])
        return out.getvalue()

    def redirects(self) -> list[Document]:
        docs = []
        for kind, items in (("journeys", self.ref.journeys), ("personas", self.ref.personas)):
            for item_id, item in items.items():
                for alias in item.aliases:
                    uri = f"{kind}/{alias}/index.html" if self.directory_urls else f"{kind}/{alias}.html"
                    docs.append(Document(uri, self.render("redirect.html", uri, kind=kind, item_id=item_id)))
        return docs


def _spreadsheet_safe(cell: str) -> str:
    """Keep a cell from being run as a formula when the CSV is opened in a spreadsheet."""
    return f"'{cell}" if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


@contextmanager
def template_errors() -> Iterator[None]:
    """Turn a template error (ours or a site's override) into a `TemplateProblem` with file and line."""
    try:
        yield
    except jinja2.TemplateSyntaxError as err:
        raise TemplateProblem(f"{err.filename or err.name}:{err.lineno}: template error: {err.message}") from None
    except jinja2.TemplateError as err:
        raise TemplateProblem(f"template error: {err}") from None


def make_site(
    ref: Reference,
    search_path: Sequence[str | Path],
    language: str = "en",
    directory_urls: bool = True,
    store: ChartStore | None = None,
    found: list[Finding] | None = None,
) -> Site:
    """The page generator for a reference; templates from `search_path` first, then ours."""
    return Site(ref, make_env([*search_path, TEMPLATES]), language, directory_urls, store or ChartStore(None), found)


def render_documents(
    ref: Reference,
    search_path: Sequence[str | Path],
    language: str = "en",
    directory_urls: bool = True,
    store: ChartStore | None = None,
) -> list[Document]:
    """Every generated page and file of the reference."""
    with template_errors():
        return list(make_site(ref, search_path, language, directory_urls, store).documents())
