"""The hard site of `hard_site.py`, made hard for the improvement plan (issue 27, format 1.2).

On top of its four journeys (1, 12, 30 and 40 steps) and its measures (each
standard "reponse" met at odd steps, missed three quarters in a row at even
ones, stale every fourth), steps get owned opportunities beside plain texts:

- every kind (quick-win, project, none), status, impact and effort;
- an initiative over three journeys (douze, trente, quarante) whose name is hostile;
- a done opportunity whose standard is still missed after its due period (douze-2, since 2026-Q2), and a
  done one whose standard is met (douze-3: nothing to say);
- a planned one without owner or due (douze-5), an in-progress one with both (douze-7);
- a missed standard on a moment of truth with no opportunity (douze-6), and one addressed (trente-6);
- hostile text in every new text field (script, an attribute break-out, a template, a formula, long French).

    python tests/plan_site.py /tmp/plan fr   # write one to look at by hand
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml
from hard_site import write_hard_site

HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(2)> {{ 7*7 }} {% raw %}'
FORMULA = '=HYPERLINK("http://evil.example","clic")'
LONG_FR = (
    "Rappeler chaque patient opéré la veille de son intervention pour vérifier qu'il a bien compris les consignes "
    "de jeûne, l'heure d'arrivée, les documents à apporter et le nom de l'accompagnant qui viendra le chercher, "
    "puis consigner l'appel dans le dossier de coordination pour que l'équipe du bloc le voie à l'arrivée"
)
WORDS = {
    "fr": {
        "initiative": f"Accueil sans attente {HOSTILE}",
        "title": "Préparer le dossier d'accueil la veille pour l'étape {i}",
        "owner": "Cadre de santé du bloc ambulatoire",
        "plain": "Une idée sans responsable pour l'étape {i}",
    },
    "en": {
        "initiative": f"No-wait welcome {HOSTILE}",
        "title": "Prepare the welcome file the day before for step {i}",
        "owner": "Day-surgery unit manager",
        "plain": "An idea nobody owns for step {i}",
    },
}
KINDS = ("quick-win", "project", None)
STATUSES = ("idea", "planned", "in-progress", "done", "dropped")
LEVELS = ("low", "medium", "high", None)
#: The initiative's journeys: three of the four.
SPANNED = ("douze", "trente", "quarante")


def _rotation(w: dict[str, str], jid: str, i: int) -> dict[str, Any]:
    """A structured opportunity whose kind, status, impact and effort turn with `i`: every value is met."""
    out: dict[str, Any] = {"title": w["title"].format(i=i), "id": f"opp-{jid}-{i}"}
    kind, impact, effort = KINDS[i % 3], LEVELS[i % 4], LEVELS[(i // 4) % 4]
    status = STATUSES[i % 5]
    if kind:
        out["kind"] = kind
    out["status"] = status
    if impact:
        out["impact"] = impact
    if effort:
        out["effort"] = effort
    if status in ("planned", "in-progress"):  # committed: owned and due, so that only douze-5 lacks them
        out["owner"] = w["owner"]
        out["due"] = "2027-Q1"
    if jid in SPANNED and i % 4 == 0:
        out["initiative"] = w["initiative"]
    return out


def _special(w: dict[str, str], jid: str, i: int) -> list[Any] | None:
    """The cases the loop closes on, and the hostile texts."""
    if jid == "douze" and i == 2:
        return [
            {"title": w["title"].format(i=i), "id": "still-missed", "kind": "quick-win", "status": "done",
             "impact": "high", "effort": "low", "owner": w["owner"], "due": "2026-Q1", "standards": ["reponse"],
             "initiative": w["initiative"], "link": "https://tracker.example/CX-2"},
            w["plain"].format(i=i),
        ]  # fmt: skip
    if jid == "douze" and i == 3:
        return [{"title": w["title"].format(i=i), "id": "done-and-met", "kind": "project", "status": "done",
                 "due": "2026-Q1", "standards": ["reponse"]}]  # fmt: skip
    if jid == "douze" and i == 5:
        return [{"title": w["title"].format(i=i), "id": "planned-unowned", "kind": "project", "status": "planned"}]
    if jid == "douze" and i == 6:
        return []  # a missed moment of truth with no opportunity
    if jid == "trente" and i == 6:
        return [{"title": w["title"].format(i=i), "id": "addresses-the-moment", "kind": "project",
                 "status": "in-progress", "owner": w["owner"], "due": "2026-Q4", "standards": ["reponse"]}]  # fmt: skip
    if jid == "douze" and i == 8:
        return [
            {"title": f"{HOSTILE} {FORMULA}", "id": "hostile", "kind": "quick-win", "status": "planned",
             "impact": "high", "effort": "medium", "owner": f"{FORMULA} {HOSTILE}", "due": "2026-12",
             "initiative": w["initiative"], "link": 'https://tracker.example/?q="><script>alert(3)</script>',
             "standards": ["reponse"]},
            {"title": LONG_FR, "id": "long-french", "kind": "project", "status": "idea", "impact": "medium",
             "effort": "high"},
            f"{FORMULA} {HOSTILE}",
        ]  # fmt: skip
    return None


def add_opportunities(site: Path, language: str) -> dict[str, list[dict[str, Any]]]:
    """Rewrite the journeys of a hard site with owned opportunities; return them by journey."""
    w = WORDS[language]
    written: dict[str, list[dict[str, Any]]] = {}
    for path in sorted((site / "journeys").glob("*.yml")):
        jid = path.stem
        journey = yaml.safe_load(path.read_text(encoding="utf-8"))
        for phase in journey["phases"]:
            for step in phase["steps"]:
                i = int(step["id"].rsplit("-", 1)[1])
                special = _special(w, jid, i)
                if special is not None:
                    step["opportunities"] = special
                elif i % 2 == 0 or jid == "un-pas":
                    step["opportunities"] = [_rotation(w, jid, i), *step.get("opportunities", [])]
                written.setdefault(jid, []).extend(o for o in step.get("opportunities", []) if isinstance(o, dict))
        path.write_text(yaml.safe_dump(journey, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return written


def write_plan_site(folder: Path, language: str = "fr") -> Path:
    """The hard site with the improvement plan's cases (see the module's docstring)."""
    site = write_hard_site(folder, language)
    add_opportunities(site, language)
    return site


if __name__ == "__main__":
    print(write_plan_site(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "fr"))
