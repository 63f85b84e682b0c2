"""Work that grows with its input grows linearly: a large input timed against a small one in the same run.

Each test times the same operation on an input and on one ten times larger,
best of several rounds, and holds the ratio well under what a quadratic
scan would give (100). A ratio, never a timeout: the machines are shared.
Each also holds at ten times its input (the ``x10`` cases, marked slow).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from cxmaps.charts.trend import MAX_POINTS, Point, thin, trend_svg
from cxmaps.language.fold import usual_spelling
from cxmaps.pages.owners import Owner
from cxmaps.reference.docsafety import unsafe_markup
from cxmaps.reference.entries import Entry, Occurrence
from cxmaps.reference.links import check_links
from cxmaps.reference.measures import _capped, _check_header
from cxmaps.source.pitfalls import cut_by_comment, explain
from cxmaps.source.problems import Problem
from cxmaps.source.yamlsource import read_document

#: Ten times the input may cost at most this many times the time (linear is 10; quadratic 100). Above
#: 10 for what a loaded machine adds to a large input (memory, caches) that a small one does not pay.
MAX_RATIO = 40


def _ratio(make: Callable[[int], Callable[[], Any]], small: int, rounds: int = 5) -> float:
    """Best time of the large input over best time of the small one, the two timed in turn.

    Interleaved, so that a burst of load on a shared machine (or another test
    worker) slows both sides alike rather than one.
    """
    small_work, large_work = make(small), make(small * 10)
    best = {"small": float("inf"), "large": float("inf")}
    # The collector off while timing, as timeit does: its full passes cost in proportion to everything
    # alive, which a large input makes grow, so they would be counted against the work under test.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for _ in range(rounds):
            for side, work in (("small", small_work), ("large", large_work)):
                start = time.perf_counter()
                work()
                best[side] = min(best[side], time.perf_counter() - start)
    finally:
        if collecting:
            gc.enable()
    return best["large"] / max(best["small"], 1e-6)


def test_an_entry_written_many_ways_names_itself_in_linear_time() -> None:
    def make(n: int) -> Callable[[], Any]:
        entry = Entry("phone")
        entry.occurrences = [Occurrence("j", None, None, None, f"Phone {i}") for i in range(n)]  # type: ignore[arg-type]
        return lambda: (entry.name, entry.spellings)

    assert _ratio(make, 300) < MAX_RATIO


def test_the_usual_spelling_is_the_most_written_then_the_first() -> None:
    assert usual_spelling(["Phone", "phone", "PHONE", "phone"]) == "phone"
    assert usual_spelling(["Call centre", "Call center"]) == "Call centre"
    entry = Entry("phone")
    entry.occurrences = [Occurrence("j", None, None, None, t) for t in ["Phone", "phone", "phone", "Tél."]]  # type: ignore[arg-type]
    assert (entry.name, entry.spellings) == ("phone", ["Phone", "Tél."])


@pytest.mark.parametrize(
    "unit",
    ["](", "[x](javascript:a) ", "<a ", '<a "', "`` ` ", "{onclick=a} ", "```\n", "<img src=x onerror=a>\n"],
    ids=["link-starts", "links", "unclosed-tags", "unclosed-quotes", "backtick-runs", "attr-lists", "fences", "tags"],
)
def test_the_docs_page_scan_is_linear(unit: str) -> None:
    def make(n: int) -> Callable[[], Any]:
        text = unit * n
        return lambda: list(unsafe_markup(text))

    assert _ratio(make, 2000) < MAX_RATIO


def _sizes(small: int) -> list[Any]:
    """`small`, and ten times `small` as a slow case: each growth test holds at ten times its input too."""
    return [pytest.param(small, id="x1"), pytest.param(small * 10, id="x10", marks=pytest.mark.slow)]


@pytest.mark.parametrize("small", _sizes(2000))
@pytest.mark.parametrize(
    "unit",
    ["](", "](journeys/", '](x "', "](<", "](x ](", "[a](journeys/a.md#b) ", "```\n", "`` ` "],
    ids=["link-starts", "journey-starts", "unclosed-titles", "unclosed-angles", "spaced", "links", "fences", "ticks"],
)
def test_the_docs_link_check_is_linear(unit: str, small: int) -> None:
    ref = SimpleNamespace(settings=SimpleNamespace(root=Path("/site")), journeys={}, personas={})
    docs = Path("/site/docs")

    def make(n: int) -> Callable[[], Any]:
        pages = [(docs / "page.md", "journeys/\n" + unit * n)]
        return lambda: check_links(ref, docs, pages)  # type: ignore[arg-type]

    assert _ratio(make, small) < MAX_RATIO


def _flow_list(n: int) -> tuple[str, Any]:
    text = "name: x\ntags: [" + ", ".join(f"value {i}" for i in range(n)) + "] #todo\n"
    return text, read_document(text.encode(), "x.yml").positions


@pytest.mark.parametrize("small", _sizes(500))
def test_the_comment_pitfall_is_linear_in_a_long_line(small: int) -> None:
    def make(n: int) -> Callable[[], Any]:
        text, positions = _flow_list(n)
        return lambda: list(cut_by_comment(text, positions))

    assert _ratio(make, small) < MAX_RATIO


@pytest.mark.parametrize("small", _sizes(10_000))
def test_the_comment_pitfall_reads_a_run_of_blanks_once(small: int) -> None:
    def make(n: int) -> Callable[[], Any]:
        text = "name: a" + " " * n + "b #2\n"
        positions = read_document(text.encode(), "x.yml", max_bytes=len(text) + 1).positions
        return lambda: list(cut_by_comment(text, positions))

    assert _ratio(make, small) < MAX_RATIO


def test_a_cut_belongs_to_the_value_written_last_before_it() -> None:
    text, positions = _flow_list(3)
    found = list(cut_by_comment(text, positions))
    assert [path for path, _ in found] == [("tags", 2)]  # not every value of the line
    text = "name: Room #2 upstairs   # a comment\nnote: 'a #b'\n"
    (path, message), *rest = cut_by_comment(text, read_document(text.encode(), "x.yml").positions)
    assert path == ("name",) and not rest
    assert "stops at 'Room'" in message and "'#2 upstairs' is not published" in message
    assert message.endswith('name: "Room #2 upstairs"')


@pytest.mark.parametrize("small", _sizes(1000))
def test_pitfalls_read_a_line_of_many_problems_once(small: int) -> None:
    def make(n: int) -> Callable[[], Any]:
        raw = ("tags: [" + ", ".join(f"v{i}" for i in range(n)) + "]\n").encode()
        message = "YAML syntax error: mapping values are not allowed here"
        problems = [Problem("x.yml", 1, 8 + 4 * i, f"tags[{i}]", message) for i in range(n)]
        return lambda: explain(problems, raw)

    assert _ratio(make, small) < MAX_RATIO


@pytest.mark.parametrize("small", _sizes(2000))
def test_an_owner_written_many_ways_names_itself_in_linear_time(small: int) -> None:
    def make(n: int) -> Callable[[], Any]:
        owner = Owner("front-office", names=[f"Front office {i % (n // 2)}" for i in range(n)])
        return lambda: owner.name

    assert _ratio(make, small) < MAX_RATIO


@pytest.mark.parametrize("small", _sizes(20_000))
def test_unknown_measure_columns_get_hints_only_where_shown(small: int) -> None:
    def make(n: int) -> Callable[[], Any]:
        header = ["period", "journey", "metric", "value", *(f"colum{i}" for i in range(n))]
        return lambda: _capped(_check_header(header, "m.csv"), "m.csv")

    assert _ratio(make, small) < MAX_RATIO
    shown = _capped(_check_header(["period", "journey", "metric", "valeu", *(["perod"] * 100)], "m.csv"), "m.csv")
    assert "did you mean 'value'?" in shown[0].message and "did you mean 'period'?" in shown[-2].message
    assert shown[-1].message == "and 52 more problems in this file, not listed"  # 51 columns and no value


@pytest.mark.parametrize("small", _sizes(20_000))
def test_a_long_trend_is_thinned_in_linear_time_to_a_bounded_chart(small: int) -> None:
    def make(n: int) -> Callable[[], Any]:
        points = [Point(float(i % 13), f"day {i}") for i in range(n)]
        return lambda: trend_svg(points, title="t", desc="d")

    assert _ratio(make, small) < MAX_RATIO
    assert len(thin([float(i) for i in range(small * 10)])) <= MAX_POINTS
    sizes = [len(make(n)()) for n in (small, small * 10)]
    assert sizes[1] < sizes[0] * 1.2


@pytest.mark.parametrize("small", _sizes(300))
def test_search_sections_of_a_long_journey_cost_the_same_each(small: int) -> None:
    """Material found each section's heading by walking the whole table of contents: 6,000 steps took 53 s."""
    from cxmaps.mkdocs.searchindex import SectionCache, index_page
    from material.plugins.search.plugin import SearchIndex

    def make(n: int) -> Callable[[], Any]:
        content = "".join(f'<h2 id="step-{i}">Step {i}</h2><p>What is promised at step {i}.</p>' for i in range(n))
        toc = [SimpleNamespace(id=f"step-{i}", url=f"#step-{i}", children=[]) for i in range(n)]
        page = SimpleNamespace(meta={}, content=content, toc=toc, url="journeys/long/", title="Long")

        def work() -> None:
            search = SimpleNamespace(search_index=SearchIndex())
            assert index_page(search, page, SectionCache(None))
            assert len(search.search_index.entries) == n + 1  # the page itself, then each section
            assert search.search_index.entries[-1]["location"] == f"journeys/long/#step-{n - 1}"

        return work

    assert _ratio(make, small) < MAX_RATIO
