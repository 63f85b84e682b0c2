"""Work that grows with its input grows linearly: a large input timed against a small one in the same run.

Each test times the same operation on an input and on one ten times larger,
best of several rounds, and holds the ratio well under what a quadratic
scan would give (100). A ratio, never a timeout: the machines are shared.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from cxmaps.language.fold import usual_spelling
from cxmaps.reference.docsafety import unsafe_markup
from cxmaps.reference.entries import Entry, Occurrence

#: Ten times the input may cost at most this many times the time (linear is 10; quadratic 100).
MAX_RATIO = 30


def _best(work: Callable[[], Any], rounds: int = 5) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def _ratio(make: Callable[[int], Callable[[], Any]], small: int) -> float:
    small_work, large_work = make(small), make(small * 10)
    return _best(large_work) / max(_best(small_work), 1e-6)


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
