"""A reference made hard for the reader's view: 1, 12, 30 and 40 steps; 1, 3, 6 and 8 personas.

Every step has a name of about 90 characters, lanes of step-specific
sentences (as authors write them, never one repeated string), critical
points, standards with targets and owners (two owners differ only in
capitals), moments of truth, and a measures export in which standards are
met, missed (several periods in a row) and stale. French by default, English
on request: the browser tests of the canvas, the phone, paper, the chart and
the scorecard build it with `write_hard_site` and look at it.

    python tests/hard_site.py /tmp/hard fr   # write one to look at by hand
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

#: (journey id, steps, personas): the sizes the issue asks for.
JOURNEYS = (("un-pas", 1, 1), ("douze", 12, 3), ("trente", 30, 6), ("quarante", 40, 8))

WORDS = {
    "fr": {
        "title": "Parcours de chirurgie ambulatoire en {n} étapes",
        "phases": ["Avant l'intervention", "Le jour de l'intervention", "Après le retour à domicile"],
        "step": "Étape {i} : le patient reçoit et relit les consignes de préparation transmises par l'infirmière",
        "persona": [
            "Mme Geneviève Lefèvre-Marchand",
            "M. Jean-Baptiste Okafor",
            "Famille Nguyễn-Rousseau",
            "Dr Hélène Castellane-Dubois",
            "M. Gordon McAllister",
            "Mme Aïcha Benali-Fontaine",
            "M. Théophile Vandenberghe",
            "Mme Maëlys Kowalczyk-Durand",
        ],
        "role": "Patiente opérée en ambulatoire, accompagnée par un proche",
        "promise": "À l'étape {i}, vous savez ce qui va se passer, combien de temps cela prendra et qui appeler.",
        "objective": "Réponse de l'infirmière de coordination à l'étape {i}",
        "level": "90 % des appels décrochés en moins de 3 minutes à l'étape {i}",
        "owners": [
            "Cadre de santé du bloc ambulatoire",
            "cadre de santé du bloc ambulatoire",
            "Direction des soins infirmiers et de la coordination des parcours",
        ],
        "irritant": "À l'étape {i}, le patient attend au téléphone sans savoir s'il a été oublié",
        "fail": "À l'étape {i}, le dossier de consentement n'est pas retrouvé dans le logiciel de planification",
        "bottleneck": "À l'étape {i}, une seule secrétaire traite toutes les convocations de la semaine",
        "customer": "À l'étape {i}, il relit la convocation et prépare ses documents d'identité et sa carte vitale",
        "frontstage": "À l'étape {i}, l'infirmière explique le déroulé au patient et vérifie sa compréhension",
        "backstage": "À l'étape {i}, le secrétariat met à jour le planning du bloc et prévient l'anesthésiste",
        "support": "Logiciel de planification du bloc opératoire (module {i})",
        "touchpoint": "Appel téléphonique de l'infirmière",
        "thought": "Est-ce que je dois vraiment être à jeun depuis minuit pour l'étape {i} ?",
        "evidence": "Convocation imprimée de l'étape {i}",
        "opportunity": "À l'étape {i}, envoyer un SMS de rappel la veille avec l'heure exacte d'arrivée",
    },
    "en": {
        "title": "Day-case surgery journey in {n} steps",
        "phases": ["Before the operation", "On the day of surgery", "Back at home after discharge"],
        "step": "Step {i}: the patient receives and rereads the preparation instructions sent by the nurse",
        "persona": [
            "Mrs Genevieve Lefevre-Marchand",
            "The Okafor family",
            "Mr Gordon McAllister",
            "Dr Helen Castellane-Dubois",
            "Ms Aisha Benali-Fontaine",
            "Mr Theophile Vandenberghe",
            "Mrs Maelys Kowalczyk-Durand",
            "Mr Nguyen Van Rousseau",
        ],
        "role": "Day-case surgery patient, accompanied by a relative",
        "promise": "At step {i}, you know what will happen, how long it takes and whom to call.",
        "objective": "Coordination nurse answers at step {i}",
        "level": "90 % of calls answered within 3 minutes at step {i}",
        "owners": [
            "Day surgery unit manager",
            "day surgery unit manager",
            "Directorate of nursing and care pathway coordination",
        ],
        "irritant": "At step {i}, the patient waits on the phone without knowing whether they were forgotten",
        "fail": "At step {i}, the consent form cannot be found in the scheduling software",
        "bottleneck": "At step {i}, one secretary handles every appointment letter of the week",
        "customer": "At step {i}, rereads the appointment letter and gets their ID and insurance card ready",
        "frontstage": "At step {i}, the nurse explains what will happen and checks the patient understood",
        "backstage": "At step {i}, the office updates the theatre schedule and tells the anaesthetist",
        "support": "Theatre scheduling software (module {i})",
        "touchpoint": "Phone call from the nurse",
        "thought": "Do I really have to fast from midnight for step {i}?",
        "evidence": "Printed appointment letter for step {i}",
        "opportunity": "At step {i}, send a reminder text the day before with the exact arrival time",
    },
}


def _step(w: dict, jid: str, i: int, personas: list[str]) -> dict:
    n = len(personas)
    step: dict = {
        "id": f"{jid}-{i}",
        "name": w["step"].format(i=i),
        "touchpoints": [w["touchpoint"], f"{w['touchpoint']} {i % 4}"],
        "evidence": [w["evidence"].format(i=i)],
        "customer": [w["customer"].format(i=i)],
        "frontstage": [w["frontstage"].format(i=i)] if i % 3 else [],
        "backstage": [w["backstage"].format(i=i)],
        "support": [w["support"].format(i=i)],
        "emotion": {pid: ((i + k) % 5) - 2 for k, pid in enumerate(personas)} if n > 1 else (i % 5) - 2,
        "expected": (i % 3) - 1,
        "thoughts": [w["thought"].format(i=i)],
        "promise": w["promise"].format(i=i),
        "opportunities": [w["opportunity"].format(i=i)] if i % 4 == 0 else [],
        "standards": [
            {
                "id": "reponse",
                "objective": w["objective"].format(i=i),
                "level": w["level"].format(i=i),
                "target": {"min": 90, "unit": "%"},
                "owner": w["owners"][i % 3],
                "impact": "key",
            }
        ],
    }
    if i % 2:
        step["irritants"] = [w["irritant"].format(i=i)]
    if i % 3 == 0:
        step["fail_points"] = [w["fail"].format(i=i)]
        step["bottlenecks"] = [w["bottleneck"].format(i=i)]
    if i % 5 == 1:
        step["moment_of_truth"] = {"kind": "first-time", "why": w["promise"].format(i=i)}
    return step


def _journey(w: dict, jid: str, steps: int, personas: list[str]) -> dict:
    cuts = [0, max(1, steps // 3), max(1, 2 * steps // 3), steps]
    phases = []
    for p in range(3):
        numbers = range(cuts[p] + 1, cuts[p + 1] + 1)
        if numbers:
            phases.append({"name": w["phases"][p], "kind": ("before", "during", "after")[p],
                           "steps": [_step(w, jid, i, personas) for i in numbers]})  # fmt: skip
    return {"title": w["title"].format(n=steps), "personas": personas, "owner": w["owners"][2],
            "status": "current", "phases": phases}  # fmt: skip


def _measures(steps_of: dict[str, int]) -> str:
    """Met, missed three quarters in a row, and stale standards; large counts for thousands separators."""
    rows = ["period,journey,step,persona,metric,value,n,source"]
    for jid, steps in steps_of.items():
        for i in range(1, steps + 1):
            sid = f"{jid}-{i}"
            if i % 4 == 0:
                rows.append(f"2024-Q1,{jid},{sid},,reponse,95,1200,")  # stale
                rows.append(f"2026-Q3,{jid},,,nps,31,12840,")
            else:
                for q, value in ((1, 93 if i % 2 else 82), (2, 91 if i % 2 else 84), (3, 95 if i % 2 else 79)):
                    rows.append(f"2026-Q{q},{jid},{sid},,reponse,{value},{1000 + 37 * i},")
    return "\n".join(dict.fromkeys(rows)) + "\n"


def write_hard_site(folder: Path, language: str = "fr") -> Path:
    """Write the site into `folder` (created) and return it: mkdocs.yml, personas/, journeys/, measures/."""
    w = WORDS[language]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(
        f"site_name: {'Référentiel' if language == 'fr' else 'Reference'} CX\n"
        f"theme:\n  name: material\n  language: {language}\n  palette:\n"
        "    - scheme: default\n      toggle: {icon: material/brightness-7, name: dark}\n"
        "    - scheme: slate\n      toggle: {icon: material/brightness-4, name: light}\n"
        "plugins:\n  - search\n  - cxmaps\n",
        encoding="utf-8",
    )
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "docs" / "index.md").write_text("# CX\n\nTest reference.\n", encoding="utf-8")
    ids = [f"p{k + 1}" for k in range(8)]
    (folder / "personas").mkdir(exist_ok=True)
    for k, pid in enumerate(ids):
        persona = {"name": w["persona"][k], "role": w["role"],
                   "apprehensions": [w["irritant"].format(i=n) for n in range(1, 9)],
                   "goals": [w["promise"].format(i=n) for n in range(1, 6)]}  # fmt: skip
        (folder / "personas" / f"{pid}.yml").write_text(yaml.safe_dump(persona, allow_unicode=True), "utf-8")
    (folder / "journeys").mkdir(exist_ok=True)
    for jid, steps, n in JOURNEYS:
        journey = _journey(w, jid, steps, ids[:n])
        (folder / "journeys" / f"{jid}.yml").write_text(yaml.safe_dump(journey, allow_unicode=True, sort_keys=False),
                                                         "utf-8")  # fmt: skip
    (folder / "measures").mkdir(exist_ok=True)
    (folder / "measures" / "export.csv").write_text(_measures({j: s for j, s, _ in JOURNEYS}), "utf-8")
    return folder


if __name__ == "__main__":
    print(write_hard_site(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "fr"))


def built_hard_site(tmp_path_factory: object, language: str) -> Path:
    """The hard site of `language` built once (`mkdocs build --strict`) for every test module that only reads it.

    The pytest-xdist workers share the run's base folder: the first to come builds under a lock, the others
    wait and read the same site. Modules that change the site before building use `write_hard_site`.
    """
    base = Path(tmp_path_factory.getbasetemp())  # type: ignore[attr-defined]
    shared = base.parent if base.name.startswith("popen-gw") else base
    folder = shared / f"hard-built-{language}"
    with open(shared / f"hard-built-{language}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "done").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            site = write_hard_site(folder / "hard", language)
            result = subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(site / "mkdocs.yml")],
                capture_output=True, text=True, cwd=site, timeout=300,
            )  # fmt: skip
            if result.returncode != 0:
                raise AssertionError(result.stderr)
            (folder / "done").write_text("built\n", encoding="utf-8")
    return folder / "hard" / "site"
