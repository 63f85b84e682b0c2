"""A tiny site with targets, sources and measures, shared by the measures, sources and scorecard tests."""

from __future__ import annotations

from pathlib import Path

from cxmaps.reference.core import Reference, Settings
from cxmaps.reference.load import load_reference

JOURNEY = """\
title: Hotel stay
personas: [claire, tourist]
owner: Front office
phases:
  - name: Before
    steps:
      - id: book
        name: Books a room
        emotion: 1
        expected: {claire: 1, tourist: 2}
        promise: The price you see is the price you pay.
        sources: [survey-q3]
        standards:
          - objective: Fast confirmation
            level: 99 % within 60 s
            target: {min: 99, unit: "%"}
            owner: E-commerce
          - id: desk-wait
            objective: Short wait
            level: 5 minutes at most
            target: {max: 5, unit: min}
            owner: Front office
  - name: During
    steps:
      - id: check-in
        name: Checks in
        emotion: {claire: -1, tourist: 1}
        expected: 1
        moment_of_truth: {kind: first-time}
        standards:
          - id: room-ready
            objective: The room is ready
            level: Every room by 16:00
            target: {min: 100, unit: "%"}
          - objective: A smile
            level: Always
"""
SOURCE = """\
title: Post-stay survey, Q3
kind: survey
date: 2026-09-30
n: 640
by: CX team
link: https://intranet.example/q3
"""
MEASURES = """\
period,journey,step,persona,metric,value,n,source
2026-Q1,stay,book,,fast-confirmation,99.5,400,
2026-Q2,stay,book,,fast-confirmation,98.1,410,survey-q3
2026-Q3,stay,book,,desk-wait,4.2,398,
2025-Q1,stay,check-in,,room-ready,100,90,
2026-Q3,stay,,,nps,32,640,survey-q3
2026-Q3,stay,check-in,claire,ces,3.1,212,
2026-Q3,stay,check-in,claire,emotion,-1.5,212,
"""
FILES: dict[str, str | bytes | None] = {
    "journeys/stay.yml": JOURNEY,
    "sources/survey-q3.yml": SOURCE,
    "measures/2026.csv": MEASURES,
}


def load(site: Path) -> Reference:
    """The site's reference, read as the plugin reads it (default folders)."""
    return load_reference(
        Settings(
            root=site,
            journeys_dir=site / "journeys",
            personas_dir=site / "personas",
            docs_dir=site / "docs",
            sources_dir=site / "sources",
            measures_dir=site / "measures",
        )
    )
