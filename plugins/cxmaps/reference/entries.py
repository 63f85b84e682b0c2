"""Names that recur across journeys — touchpoints, support systems — as entries of their own.

A channel team looks for "the phone line", an IT owner for "the booking
engine": each is named in the steps of many journeys, spelt a little
differently by different authors. Here every name of a lane is folded into one
entry per slug (the rule of a step's default id: case, accents, spacing and
punctuation don't count), with every step that names it, in journey and step
order. Pure functions over a validated `Reference`; the pages come later.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from ..language.fold import slugify, usual_spelling
from ..model.format import Journey, Phase, Step
from .core import Reference

Lane = Literal["touchpoints", "support"]

#: Slugs that would replace the index page of the entries' folder.
RESERVED_SLUGS = frozenset({"index"})
#: Longer slugs are cut and made unique with a hash, so that file names stay portable.
MAX_SLUG = 80


@dataclass(frozen=True)
class Occurrence:
    """One step that names the entry, with what the page shows of it."""

    jid: str
    journey: Journey
    phase: Phase
    step: Step
    text: str
    """The name as this step writes it."""


@dataclass
class Entry:
    """One touchpoint or system: its address, its name and every step that names it."""

    slug: str
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The spelling most steps use; on a tie, the first one met."""
        return usual_spelling(o.text for o in self.occurrences)

    @property
    def spellings(self) -> list[str]:
        """Every other way the reference writes this name, in the order met."""
        name = self.name
        return [text for text in dict.fromkeys(o.text for o in self.occurrences) if text != name]

    @property
    def steps(self) -> int:
        """How many steps name the entry (a step naming it twice counts once)."""
        return len({(o.jid, o.step.id) for o in self.occurrences})

    @property
    def journeys(self) -> list[str]:
        return list(dict.fromkeys(o.jid for o in self.occurrences))

    @property
    def moments(self) -> list[Occurrence]:
        """The steps that are moments of truth: what is at stake where this entry fails."""
        return [o for o in self.occurrences if o.step.moment_of_truth]

    @property
    def standards(self) -> int:
        return sum(len(o.step.standards) for o in self.occurrences)

    @property
    def critical(self) -> int:
        return sum(len(o.step.irritants) + len(o.step.fail_points) + len(o.step.bottlenecks) for o in self.occurrences)


def entry_slug(name: str) -> str:
    """The address of an entry: its name made into a slug, always a usable, unique-enough file name."""
    slug = slugify(name, prefix="entry")
    if len(slug) > MAX_SLUG or slug in RESERVED_SLUGS:
        digest = hashlib.sha256(slug.encode("utf-8")).hexdigest()[:8]
        return f"{slug[: MAX_SLUG - 9].rstrip('-')}-{digest}" if len(slug) > MAX_SLUG else f"{slug}-{digest}"
    return slug


def collect(ref: Reference, lane: Lane) -> list[Entry]:
    """Every entry of `lane` in the reference, ordered by slug (stable from build to build)."""
    entries: dict[str, Entry] = {}
    for jid, journey in ref.journeys.items():
        for phase in journey.phases:
            for step in phase.steps:
                for text in dict.fromkeys(getattr(step, lane)):
                    slug = entry_slug(text)
                    entry = entries.setdefault(slug, Entry(slug))
                    # One step naming the same entry twice ("Phone", "phone") counts once.
                    if not entry.occurrences or entry.occurrences[-1].step is not step:
                        entry.occurrences.append(Occurrence(jid, journey, phase, step, text))
    return [entries[slug] for slug in sorted(entries)]
