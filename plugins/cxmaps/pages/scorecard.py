"""The scorecard (`scorecard/`): what is missed, by whom, since when; then what is met or unmeasured.

A manager reads it top down: first one table of the missed and stale
standards, worst first (missed before stale, the longest run of misses
first, then the widest shortfall), each with its step, owner, latest value
against the target and the difference, the periods missed in a row and the
trend; then, compact, the standards met or without data. Owners are a
filter (`scorecard-filter.js`; without scripts every row is listed), folded
as the owner pages fold them (`entries.entry_slug`): "Front office manager"
and "front-office manager" are one owner. It ends with the open service
gaps of the whole reference (`scorecard/#service-gaps`), each gap's usual
causes said once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..language.fold import usual_spelling
from ..reference.delivered import STATUSES, Delivered
from ..reference.entries import entry_slug
from .core import Document

if TYPE_CHECKING:
    from .site import Site

#: The statuses of the first table: what needs someone's attention.
ATTENTION = ("missed", "stale")
NBSP = "\u00a0"


@dataclass(frozen=True)
class Row:
    """One standard of the scorecard, with its owner folded to one name and one slug."""

    d: Delivered
    owner: str
    """The owner's usual spelling ("" when neither the standard nor its journey names one)."""
    slug: str
    """The owner's slug: the address of their page and the value of the owner filter."""


def owner_names(site: Site) -> dict[str, str]:
    """Every owner of a standard (its own, or its journey's) by slug, in their usual spelling."""
    spellings: dict[str, list[str]] = {}
    for d in site.delivery.standards:
        if d.status and d.owner:
            spellings.setdefault(entry_slug(d.owner), []).append(d.owner)
    return {slug: usual_spelling(names) for slug, names in spellings.items()}


def worst_first(d: Delivered) -> tuple[int, int, float]:
    """Missed before stale before no data before met; then the longest run of misses, the widest shortfall."""
    return (d.rank, -d.missed_in_a_row, -d.shortfall)


def rows(site: Site) -> tuple[list[Row], list[Row]]:
    """(the missed and stale standards, the others with a target), each worst first, then in reference order."""
    names = owner_names(site)
    every = [d for d in site.delivery.standards if d.status]
    every.sort(key=worst_first)  # stable: equal standards keep the reference's order
    out = [Row(d, names.get(entry_slug(d.owner), ""), entry_slug(d.owner) if d.owner else "") for d in every]
    return [r for r in out if r.d.status in ATTENTION], [r for r in out if r.d.status not in ATTENTION]


def against(site: Site, d: Delivered) -> str:
    """The latest value against the target, with the difference: ``79 % / min 90 % (-11 pts)`` (a minus sign in French).

    Numbers are written by the site's `Measured` and `Typography`; a difference of percentages is in points.
    """
    target, latest, difference = d.standard.target, d.latest, d.difference
    if target is None or latest is None or difference is None or d.bound is None:
        return ""
    bound = site.m.value(d.bound, target.unit)
    limit = site.t["target_min_short" if target.min is not None else "target_max_short"].replace("{value}", bound)
    if target.unit == "%":
        gap = site.t["difference_points"].replace("{value}", site.typo.number(difference))
    else:
        gap = site.m.value(difference, target.unit)
    sign = "+" if difference > 0 else ""
    # The difference stays on one line: "(-11 pts)" never splits before its unit.
    return f"{site.m.value(latest.value, target.unit)} / {limit} ({sign}{gap.replace(' ', NBSP)})"


def documents(site: Site) -> Iterator[Document]:
    uri = "scorecard/index.md"
    attention, others = rows(site)
    every = attention + others
    counts = Counter(r.d.status for r in every)
    by_owner = Counter(r.slug for r in every)
    names = owner_names(site)
    page = site.page(
        "scorecard.md",
        uri,
        attention=attention,
        others=others,
        counts=[(status, counts[status]) for status in STATUSES],
        owners=sorted(((slug, name, by_owner[slug]) for slug, name in names.items()), key=lambda o: o[1].casefold()),
        unowned=by_owner[""],
        against=lambda d: against(site, d),
        gaps=site.m.open_gaps(),
        newest=site.typo.period(site.delivery.newest.isoformat()) if site.delivery.newest else "",
    )
    yield Document(uri, page, in_nav=True)
