"""Sources (format 1.1): read like personas, cited by id, and their pages list everything citing them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from cxmaps.pages.kinds import render_documents
from cxmaps.reference.sources import citations
from cxmaps.source.problems import CxmapsError
from measured_site import FILES, SOURCE, load


def refused(make_site: Callable[..., Path], files: dict[str, str | bytes | None]) -> list[str]:
    with pytest.raises(CxmapsError) as err:
        load(make_site(files={**FILES, **files}))
    return [str(p) for p in err.value.problems]


def test_a_source_loads_with_every_field(make_site: Callable[..., Path]) -> None:
    source = load(make_site(files=FILES)).sources["survey-q3"]
    assert (source.title, source.kind, source.date, source.n, source.by) == (
        "Post-stay survey, Q3", "survey", "2026-09-30", 640, "CX team",
    )  # fmt: skip


def test_an_unknown_citation_suggests_the_closest_source(make_site: Callable[..., Path]) -> None:
    journey = str(FILES["journeys/stay.yml"]).replace("sources: [survey-q3]", "sources: [survey-q2]")
    assert refused(make_site, {"journeys/stay.yml": journey}) == [
        "journeys/stay.yml:12:19: phases[0].steps[book].sources[0]: unknown source 'survey-q2' (did you mean 'survey-q3'?)"
    ]


def test_persona_citations_are_checked(make_site: Callable[..., Path]) -> None:
    persona = "name: Claire\nrole: Traveller\nsources: [nowhere]\n"
    assert refused(make_site, {"personas/claire.yml": persona}) == [
        "personas/claire.yml:3:11: sources[0]: unknown source 'nowhere'; known sources: survey-q3"
    ]


def test_bad_source_files_are_located(make_site: Callable[..., Path]) -> None:
    bad = SOURCE.replace("kind: survey", "kind: survay").replace("2026-09-30", "2026-02-30")
    assert refused(make_site, {"sources/survey-q3.yml": bad}) == [
        "sources/survey-q3.yml:2:7: kind: 'survay' is not one of: survey, interviews, observation, mystery-shopping, "
        "complaints, analytics, workshop (did you mean 'survey'?)",
        "sources/survey-q3.yml:3:7: date: '2026-02-30' is not a day of the calendar",
    ]


def test_citations_gather_steps_and_measures(make_site: Callable[..., Path]) -> None:
    by = citations(load(make_site(files=FILES)))["survey-q3"]
    assert [(jid, step.id) for jid, _, step in by.steps] == [("stay", "book")]
    assert by.measures == {("stay", "book", "fast-confirmation"): 1, ("stay", "", "nps"): 1}


def test_source_pages_keep_text_as_text_and_drop_unsafe_links(make_site: Callable[..., Path]) -> None:
    hostile = SOURCE.replace("https://intranet.example/q3", "javascript:alert(1)").replace(
        "by: CX team", "by: <script>alert(1)</script>"
    )
    ref = load(make_site(files={**FILES, "sources/survey-q3.yml": hostile}))
    pages = {d.src_uri: d.content for d in render_documents(ref, [])}
    page = str(pages["sources/survey-q3.md"])
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'href="javascript' not in page and "javascript:alert(1)" in page
    assert 'href="../../journeys/stay/#book"' in page
    assert "survey-q3" in str(pages["sources/index.md"])
