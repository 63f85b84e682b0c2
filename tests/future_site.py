"""The hard site (`hard_site.py`) with a future-state journey and hostile text in what issue 27 shows.

On top of the hard site's 1-, 12-, 30- and 40-step journeys and 8 personas, `write_future_site` adds
``cible``, a ``status: target`` journey that ``improves: douze`` (12 steps, personas p1-p3). Against it:
- step ``douze-2`` is removed, and ``nouvelle`` is new;
- ``accueil-repense`` pairs with ``douze-5`` through its former id (``aliases``), and ``douze-7`` pairs
  the other way (its own former id is ``etape-sept``, the target's step id);
- ``douze-1`` is redesigned: another name, promise, emotion and standard level, a standard added;
- the other steps of douze are copied unchanged, except ``douze-12`` (its touchpoints only).
The target's personas are p1, p2 and p4: the curves compared are p1's and p2's.

Hostile text goes into every field these pages show: the target's title, phase names, step names,
promise, standards, a touchpoint two of its steps share, and persona p8's name (a column of the persona
matrix). French by default, English on request.

    python tests/future_site.py /tmp/future fr
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import yaml
from hard_site import write_hard_site

HOSTILE = '<script>alert("cx")</script> "><img src=x onerror=alert(1)> {{ 7*7 }} =HYPERLINK("http://x.example")'
LONG_FR = (
    "Le patient reçoit, la veille de l'intervention, un message qui récapitule l'heure d'arrivée, le jeûne, "
    "les documents à apporter et le numéro direct de l'infirmière de coordination, joignable jusqu'à vingt heures"
)
TARGET = "cible"
CURRENT = "douze"


def _steps(journey: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for p in journey["phases"] for s in p["steps"]}


def target_journey(current: dict[str, Any], language: str) -> dict[str, Any]:
    """The target journey, made from the current one as an author would redesign it."""
    steps = _steps(current)
    first = copy.deepcopy(steps[f"{CURRENT}-1"])
    first.update(
        name=f"{HOSTILE} {LONG_FR}" if language == "fr" else f"{HOSTILE} gets one message with everything",
        promise=f"{HOSTILE} {LONG_FR}",
        emotion={"p1": 2, "p2": 1, "p4": 0},
    )
    first["standards"] = [
        {**first["standards"][0], "level": f"99 % {HOSTILE}"},
        {"id": "rappel", "objective": f"Rappel {HOSTILE}", "level": "100 % des patients la veille"},
    ]
    aliased = copy.deepcopy(steps[f"{CURRENT}-5"])
    aliased.update(id="accueil-repense", aliases=[f"{CURRENT}-5"], name=f"Accueil repensé {HOSTILE}",
                   emotion={"p1": 1, "p2": 1, "p4": 1})  # fmt: skip
    other_way = copy.deepcopy(steps[f"{CURRENT}-7"])
    other_way.update(id="etape-sept", emotion={"p1": -1, "p2": 0, "p4": 0})
    other_way.pop("aliases", None)
    new = {
        "id": "nouvelle",
        "name": f"Nouvelle étape {HOSTILE}",
        "touchpoints": [f"Borne {HOSTILE}"],
        "emotion": 1,
        "promise": HOSTILE,
        "irritants": [HOSTILE],
    }

    def same(sid: str) -> dict[str, Any]:
        step = copy.deepcopy(steps[sid])
        step["emotion"] = {"p1": step["emotion"]["p1"], "p2": step["emotion"]["p2"], "p4": 0}
        return step

    last = same(f"{CURRENT}-12")
    last["touchpoints"] = [f"Borne {HOSTILE}"]

    kept = [same(f"{CURRENT}-{i}") for i in (3, 4, 6, 8, 9, 10, 11)]
    return {
        "title": f"Cible {HOSTILE}",
        "personas": ["p1", "p2", "p4"],
        "status": "target",
        "improves": CURRENT,
        "owner": "Direction des soins",
        "phases": [
            {"name": f"Avant {HOSTILE}", "kind": "before", "steps": [first, new, *kept[:2]]},
            {"name": f"Pendant {LONG_FR}", "kind": "during", "steps": [aliased, kept[2], other_way]},
            {"name": "Après", "kind": "after", "steps": [*kept[3:], last]},
        ],
    }


def write_future_site(folder: Path, language: str = "fr") -> Path:
    """The hard site in `folder`, with the target journey, a former id on douze-7 and a hostile persona name."""
    site = write_hard_site(folder, language)
    path = site / "journeys" / f"{CURRENT}.yml"
    current = yaml.safe_load(path.read_text(encoding="utf-8"))
    _steps(current)[f"{CURRENT}-7"]["aliases"] = ["etape-sept"]
    path.write_text(yaml.safe_dump(current, allow_unicode=True, sort_keys=False), "utf-8")
    target = target_journey(current, language)
    (site / "journeys" / f"{TARGET}.yml").write_text(yaml.safe_dump(target, allow_unicode=True, sort_keys=False),
                                                     "utf-8")  # fmt: skip
    persona_path = site / "personas" / "p8.yml"
    persona = yaml.safe_load(persona_path.read_text(encoding="utf-8"))
    persona["name"] = f"Mme {HOSTILE}"
    persona_path.write_text(yaml.safe_dump(persona, allow_unicode=True), "utf-8")
    return site


if __name__ == "__main__":
    print(write_future_site(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "fr"))
