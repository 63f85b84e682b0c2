"""Load a whole CX reference: every persona and journey, validated and cross-checked.

`load_reference` is the single entry point used by the MkDocs plugin and by
``cxmaps check``. It reads every file, collects every problem of every file,
and raises one `CxmapsError` listing them all; or returns a `Reference` in
which every persona id, step id and emotion value is known to be correct.
"""

from __future__ import annotations

from ..language.i18n import catalogue
from ..model.format import Journey, Persona
from ..source.problems import CxmapsError, Problem
from ..source.sitelabels import read_site_labels
from ..source.sourcefiles import scan_sources
from ..source.yamlsource import Parsed
from .checks import check_ids, check_journey, check_persona
from .core import Reference, Settings
from .files import load_one
from .futurestate import check_improves
from .measures import load_measures
from .opportunities import check_opportunities
from .sources import load_sources


def load_reference(settings: Settings, parsed: Parsed | None = None) -> Reference:
    """Read, validate and cross-check every source file; raise `CxmapsError` listing all problems.

    `parsed`, under `mkdocs serve`: the files the last build parsed, so that
    only those whose bytes changed are parsed again (see `Parsed`).
    """
    problems: list[Problem] = []
    ref = Reference(settings)
    personas, found = scan_sources(settings.personas_dir, settings.root)
    problems += found
    for path in personas:
        if not load_one(Persona, path, settings, problems, ref.personas, ref.persona_sources, parsed):
            ref.invalid.add(path.stem)
    journeys, found = scan_sources(settings.journeys_dir, settings.root)
    problems += found
    for path in journeys:
        if not load_one(Journey, path, settings, problems, ref.journeys, ref.journey_sources, parsed):
            ref.invalid.add(f"journeys/{path.stem}")  # its problems are reported: rows naming it add none
    problems += check_ids(ref.personas, ref.persona_sources)
    problems += check_ids(ref.journeys, ref.journey_sources)
    for pid, persona in ref.personas.items():
        problems += check_persona(persona, ref.persona_sources[pid], settings)
    for jid, journey in ref.journeys.items():
        found = list(check_journey(journey, ref.journey_sources[jid], ref))
        if found:  # its ids may be what is wrong: measures naming it are not checked against them
            ref.invalid.add(f"journeys/{jid}")
        problems += found
    problems += check_improves(ref)  # format 1.2: future-state journeys (issue 27)
    problems += load_sources(ref)
    # format 1.2: owned opportunities (their ids, standards and sources), once the sources are known
    problems += check_opportunities(ref, {k.removeprefix("sources/") for k in ref.invalid if k.startswith("sources/")})
    problems += load_measures(ref)
    if settings.labels_file is not None:
        ref.labels, found = read_site_labels(settings.labels_file, settings.root, catalogue("en"))
        problems += found
    if problems:
        raise CxmapsError(problems)
    return ref
