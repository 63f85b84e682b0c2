"""A synthetic CX reference of any size, deterministic for a given seed.

    python bench/synthetic.py OUT --journeys 250 [--seed 1] [--variant authored|shared] [--opportunities 5]

N journeys of 12 steps across three phases (before, during, after), with
every field of the format used (touchpoints, support systems and owners drawn
from shared vocabularies of 24, 8 and 8, as a real reference reuses its
channels, systems and teams: each gets one page); two personas on a quarter of the journeys;
N/5 personas. The site's nav lists the index pages only, as a real site of
that size would.

Two variants of the touchpoint and support lanes:

- ``authored`` (the default), as authors write them: each step's support
  lane holds a short process sentence of its own ("Night audit closes the
  folio 7") beside one shared system, and its touchpoints mix a shared
  channel with, one step in three, a channel of its own;
- ``shared``: every touchpoint and system from the shared vocabularies
  (what the benchmark used before issue 25: it cannot see pages made for
  one step's sentence).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

WORDS = [
    "booking",
    "arrival",
    "desk",
    "room",
    "breakfast",
    "payment",
    "delivery",
    "courier",
    "refund",
    "claim",
    "ticket",
    "platform",
    "station",
    "waiter",
    "table",
    "scooter",
    "battery",
    "parking",
    "app",
    "call",
    "chat",
    "survey",
    "review",
    "invoice",
    "loyalty",
    "upgrade",
    "queue",
    "signage",
    "badge",
    "staff",
    "manager",
]
#: Touchpoints, support systems and owners come from a shared vocabulary, as in a real reference (a website,
#: a front desk, a booking system reused across journeys): each gets one page listing its steps.
TOUCHPOINTS = [
    f"{channel} {place}"
    for channel in ("Website", "App", "Phone", "Email")
    for place in ("booking", "support", "account", "desk", "kiosk", "chat")
]
SYSTEMS = [
    f"{name} system"
    for name in ("Booking", "Payment", "CRM", "Ticketing", "Inventory", "Routing", "Loyalty", "Messaging")
]
OWNERS = [
    f"{team} lead" for team in ("Sales", "Service", "Operations", "Digital", "Quality", "Logistics", "Finance", "Care")
]
PHASES = (("Before the service", "before", 3), ("During the service", "during", 6), ("After the service", "after", 3))
NAV = "nav:\n  - Home: index.md\n  - Journeys: journeys/index.md\n  - Personas: personas/index.md\n  - Moments of truth: moments-of-truth/index.md\n  - Standards: standards/index.md\n  - Health: health/index.md\n"


def sentence(rng: random.Random, words: int = 8) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def persona(rng: random.Random, i: int) -> dict[str, object]:
    return {
        "name": f"Persona {i} {rng.choice(WORDS).title()}",
        "role": sentence(rng, 3),
        "summary": sentence(rng, 20),
        "quote": sentence(rng, 10),
        "profile": {"Age": str(rng.randint(20, 80)), "Occupation": sentence(rng, 3)},
        "mission": sentence(rng),
        **{
            f: [sentence(rng), sentence(rng)]
            for f in ("goals", "needs", "strengths", "weaknesses", "constraints", "sensitivities", "delighters")
        },
        "apprehensions": [{"about": a, "text": sentence(rng)} for a in ("role", "time", "price")],
        "complaint_style": rng.choice(["passive", "expressive", "irate", "activist"]),
        "tags": ["synthetic"],
    }


def step(rng: random.Random, n: int, personas: list[str], variant: str = "authored") -> dict[str, object]:
    def value() -> object:
        return {p: rng.randint(-2, 2) for p in personas} if len(personas) > 1 else rng.randint(-2, 2)

    data: dict[str, object] = {
        "id": f"step-{n}",
        "name": f"Step {n}: " + sentence(rng, 5)[:-1],
        "description": sentence(rng, 16),
        "touchpoints": rng.sample(TOUCHPOINTS, 2) if variant == "shared" or n % 3 else
                       [rng.choice(TOUCHPOINTS), sentence(rng, 3)[:-1]],
        **{f: [sentence(rng, 4), sentence(rng, 4)] for f in ("evidence", "customer", "frontstage", "backstage", "thoughts")},
        "support": rng.sample(SYSTEMS, 2) if variant == "shared" else [rng.choice(SYSTEMS), sentence(rng, 5)[:-1]],
        "emotion": value(),
        "expected": value(),
        "feeling": rng.choice(WORDS),
        **{f: [sentence(rng, 6)] for f in ("irritants", "fail_points", "bottlenecks", "opportunities")},
        "promise": sentence(rng, 10),
        "standards": [
            {"objective": sentence(rng, 5), "level": f"{rng.randint(80, 99)} % within {rng.randint(1, 30)} min", "how": sentence(rng),
             "indicator": sentence(rng, 4), "measure": sentence(rng, 4), "owner": rng.choice(OWNERS), "impact": rng.choice(["basic", "key", "plus", "secondary"])}
        ],
    }  # fmt: skip
    if n % 4 == 0:
        data["moment_of_truth"] = {"kind": rng.choice(["first-time", "incident", "milestone"]), "why": sentence(rng), "success": [sentence(rng)],
                                   "failure": [sentence(rng)], "recovery": sentence(rng)}  # fmt: skip
    return data


def journey(rng: random.Random, i: int, personas: list[str], variant: str = "authored") -> dict[str, object]:
    counter = iter(range(1, 13))
    return {
        "title": f"Journey {i}: " + sentence(rng, 4)[:-1],
        "summary": sentence(rng, 14),
        "service": f"Service {i % 12}",
        "personas": personas,
        "scenario": sentence(rng, 20),
        "promise": sentence(rng, 8),
        "owner": rng.choice(OWNERS),
        "status": rng.choice(["current", "target"]),
        "tags": ["synthetic"],
        "phases": [
            {"name": name, "kind": kind, "steps": [step(rng, next(counter), personas, variant) for _ in range(count)]}
            for name, kind, count in PHASES
        ],
    }


def owned(i: int, count: int) -> list[list[dict[str, object]]]:
    """`count` owned opportunities (format 1.2) for journey `i`, one per step from the first: every kind, status,
    impact and effort, 8 owners, 12 initiatives (each across many journeys). Drawn from a generator of their own,
    so that the rest of the corpus is the same with or without them (``--opportunities``, issue 27)."""
    rng = random.Random(f"opportunities-{i}")
    out = []
    for k in range(count):
        status = rng.choice(["idea", "planned", "in-progress", "done", "dropped"])
        out.append([{"title": sentence(rng, 6)[:-1], "id": f"opportunity-{k}", "kind": rng.choice(["quick-win", "project"]),
                     "status": status, "impact": rng.choice(["low", "medium", "high"]),
                     "effort": rng.choice(["low", "medium", "high"]), "owner": rng.choice(OWNERS),
                     "due": f"202{rng.randint(6, 8)}-Q{rng.randint(1, 4)}", "initiative": f"Initiative {rng.randint(1, 12)}"}])  # fmt: skip
    return out


def write(out: Path, journeys: int, seed: int = 1, plugin: bool = True, variant: str = "authored",
          opportunities: int = 0) -> None:  # fmt: skip
    """Write a site of `journeys` journeys into `out` (mkdocs.yml, docs/, journeys/, personas/); see the variants above."""
    rng = random.Random(seed)
    for folder in ("docs", "journeys", "personas"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    ids = [f"persona-{i}" for i in range(max(2, journeys // 5))]
    for i, pid in enumerate(ids):
        (out / "personas" / f"{pid}.yml").write_text(
            yaml.safe_dump(persona(rng, i), allow_unicode=True, sort_keys=False)
        )
    for i in range(journeys):
        who = rng.sample(ids, 2) if i % 4 == 0 else [rng.choice(ids)]
        data = journey(rng, i, who, variant)
        steps = [s for phase in data["phases"] for s in phase["steps"]]  # type: ignore[attr-defined]
        for s, items in zip(steps, owned(i, opportunities), strict=False):  # owned ones replace the plain idea
            s["opportunities"] = items
        (out / "journeys" / f"journey-{i:04d}.yml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        )
    (out / "docs" / "index.md").write_text(f"# Synthetic reference\n\n{journeys} journeys.\n")
    plugins = "plugins:\n  - search\n" + ("  - cxmaps\n" if plugin else "")
    (out / "mkdocs.yml").write_text(
        f"site_name: Synthetic {journeys}\ntheme:\n  name: material\n{plugins}extra_css:\n  - cxmaps/cxmaps.css\n"
        f"markdown_extensions:\n  - attr_list\n  - tables\n  - toc\n{NAV}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--journeys", type=int, default=250)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--variant", choices=("authored", "shared"), default="authored")
    parser.add_argument("--opportunities", type=int, default=0, help="owned opportunities per journey (format 1.2)")
    args = parser.parse_args()
    write(args.out, args.journeys, args.seed, variant=args.variant, opportunities=args.opportunities)
