"""The ids a measures row names things by: a step by its id or a former id, a standard by its id.

A standard's ``id`` (format 1.1) is how a row of ``measures/*.csv`` names it,
so it must be unique within its step; `check_standard_ids` reports a repeat
at the standard's ``id`` (or its ``objective`` when the id is the default one
made from it). Run by `measures.load_measures`, with or without measures.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model.format import Journey
from ..source.problems import Problem
from .core import Reference, problem_at


def step_ids(journey: Journey) -> dict[str, str]:
    """Every id a measure may name a step by: its id, and its former ids (``aliases``) when it has some."""
    ids: dict[str, str] = {}
    for step in journey.steps():
        ids[step.id] = step.id
    for step in journey.steps():
        for alias in getattr(step, "aliases", None) or []:
            ids.setdefault(alias, step.id)
    return ids


def check_standard_ids(ref: Reference) -> Iterator[Problem]:
    """A standard's id names it in measures, so it is unique within its step."""
    for jid, journey in ref.journeys.items():
        source = ref.journey_sources[jid]
        for p, phase in enumerate(journey.phases):
            for s, step in enumerate(phase.steps):
                first: dict[str, int] = {}
                for i, standard in enumerate(step.standards):
                    path = ("phases", p, "steps", s, "standards", i)
                    where = (*path, "id") if (*path, "id") in source.positions.values else (*path, "objective")
                    if standard.id in first:
                        yield problem_at(
                            source,
                            where,
                            f"standard id '{standard.id}' is already used by standards[{first[standard.id]}] "
                            "of this step; set a distinct 'id'",
                        )
                    else:
                        first[standard.id] = i
