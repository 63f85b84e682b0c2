"""A loaded CX reference: where its files are (`Settings`), where each item came from (`Source`), and the
validated whole (`Reference`), in which every persona id, step id and emotion value is known to be correct.

`load.load_reference` makes one; the modules of this layer read it and check it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from ..model.format import Journey, Persona
from ..model.format import Source as SourceDoc
from ..model.measurement import Measure
from ..source.problems import FieldPath, Labels, Problem, format_field
from ..source.yamlsource import MAX_FILE_BYTES, Positions
from .dated import Timeline

#: Anchors the journey page uses for its own sections (and phase-1, phase-2, …); a step may not take them.
RESERVED_STEP_IDS = frozenset({"blueprint", "journey-map", "emotion-table", "canvas", "redesign"})
#: Ids whose page (or redirect page, for an alias) would replace a generated one: journeys/index.md
#: is the list of journeys, personas/index.md the persona cards.
RESERVED_FILE_IDS = frozenset({"index"})
#: The one suffix of a source file. ``.yaml`` and ``.YML`` are reported (rename them), so that one
#: id has one spelling and case-insensitive file systems agree with case-sensitive ones.


def reference_date(environ: Mapping[str, str] = os.environ) -> date:
    """The date the reference is built on: today (UTC), or the day of ``SOURCE_DATE_EPOCH`` when set.

    ``SOURCE_DATE_EPOCH`` is the reproducible-builds convention: a build of an
    old commit can set it to the commit's time and get the same site. A value
    that is not a whole number of seconds in the calendar is ignored.
    """
    epoch = environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isascii() and epoch.isdigit() and len(epoch) <= 11:
        with contextlib.suppress(OverflowError, OSError, ValueError):
            return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return datetime.now(tz=UTC).date()


@dataclass(frozen=True)
class Settings:
    """Where the sources are and how to read them (the plugin's options, resolved)."""

    root: Path
    """The folder of mkdocs.yml: every displayed path is relative to it."""
    journeys_dir: Path
    personas_dir: Path
    docs_dir: Path
    emotion_scale: tuple[float, float] = (-2.0, 2.0)
    max_file_size: int = MAX_FILE_BYTES
    sources_dir: Path | None = None
    """Folder of source files (format 1.1); None: ``sources`` beside mkdocs.yml, as the plugin's default."""
    measures_dir: Path | None = None
    """Folder of measures CSV files (format 1.1); None: ``measures`` beside mkdocs.yml. A missing folder: none."""
    stale_after: int = 400
    """Days: a measure older than this, counted back from the newest period its journey measured, is stale."""
    today: date = field(default_factory=lambda: reference_date())
    """The reference's date: no measure may be of a period that begins after it (see `reference_date`)."""
    trust_docs: bool = False
    """Whether docs/ pages may publish anything (script included): their authors are all trusted as maintainers."""
    entry_pages: str = "shared"
    """Which touchpoints and systems get a page: "shared" (named by two steps or more) or "all"."""
    entry_pages_for: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """By kind ("touchpoints", "systems"): the slugs of the entries declared to get a page in any case."""
    slides: bool = True
    """Whether each journey's map is published for slides (``journeys/<id>/map.svg``): one more chart per journey."""
    labels_file: Path | None = None
    """The site's own labels for its language (``overrides/cxmaps/locales/<language>.yml``), if it has some."""
    # format 1.2, a living reference (issue 26; see timeline.py)
    review_every: int = 365
    """Days after which a journey or persona is due for review; 0: never."""
    history: bool = True
    """Whether pages show the history read from git (and changes/ lists it)."""
    history_days: int = 90
    """How far back changes/ and its feed go, counted back from the reference's date."""
    release_tags: str = "v*"
    """A glob naming the git tags of published releases."""
    repo_url: str = ""
    """The site's repository (MkDocs' repo_url, http or https only): a change links to its commit there."""


@dataclass(frozen=True)
class Source:
    """The file an item came from, for error messages and edit links."""

    path: Path
    display: str
    positions: Positions
    labels: Labels = field(default_factory=dict)
    """Each step's id by its place, so that problems name a step by its id."""


@dataclass
class Reference:
    """The validated reference: personas and journeys by id, in id order."""

    settings: Settings
    personas: dict[str, Persona] = field(default_factory=dict)
    journeys: dict[str, Journey] = field(default_factory=dict)
    persona_sources: dict[str, Source] = field(default_factory=dict)
    journey_sources: dict[str, Source] = field(default_factory=dict)
    invalid: set[str] = field(default_factory=set)
    """Ids of files that exist but failed validation: their problems are already reported."""
    sources: dict[str, SourceDoc] = field(default_factory=dict)
    """Sources (``sources/<id>.yml``) by id: where what the reference says comes from."""
    source_sources: dict[str, Source] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    """The site's own labels (see source/sitelabels.py), laid over cxmaps' catalogue by the pages."""
    measures: list[Measure] = field(default_factory=list)
    """Every measured value of ``measures/*.csv``, checked against the journeys (see measures.py of this layer)."""
    timeline: Timeline | None = None
    """What git says of the source files, and the reference's date (format 1.2, see timeline.py); None before
    `timeline.attach` runs."""


def forget_positions(ref: Reference) -> None:
    """Drop the line and column of every value once no more problems can be reported.

    They are the largest part of a loaded reference (a tuple per value), and a
    build keeps the reference until its end.
    """
    for sources in (ref.persona_sources, ref.journey_sources, ref.source_sources):
        for key, source in sources.items():
            sources[key] = Source(source.path, source.display, Positions(), source.labels)


def problem_at(source: Source, path: FieldPath, message: str, *, key: bool = False) -> Problem:
    """A problem at the place `path` is written in `source` (its key's place with `key`)."""
    line, col = source.positions.of(path, key=key)
    return Problem(source.display, line, col, format_field(path, source.labels), message)
