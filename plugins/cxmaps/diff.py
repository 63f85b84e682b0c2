"""`cxmaps diff`: what changed in the reference between two revisions, for a pull request.

`compare` is pure: two validated references (and the links of the newer
docs/) in, a JSON-able summary out. `markdown` renders that summary for a
pull-request comment. `load_revision` does the git work at the edge: it
exports the site's folder at a revision with ``git archive`` and loads it
with the same validation as a build. A revision under review is not
trusted: it is verified to name a commit before git sees it (and every git
call ends its options with ``--end-of-options``), and its mkdocs.yml is read
by `safeconfig`, never by MkDocs' loader, which runs tags and hooks.
"""

from __future__ import annotations

import re
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from .model import Journey, Persona, Step
from .reference import Reference, Settings, load_reference

LINK = re.compile(
    r"\]\((?:\.{1,2}/)*journeys/([a-z0-9-]+)\.md#([a-z0-9-]+)\)|\[cxmaps:\s*step\s+([a-z0-9-]+)#([a-z0-9-]+)\]"
)


class DiffProblem(Exception):
    """A revision cannot be read or does not validate."""


@dataclass(frozen=True)
class Link:
    file: str
    line: int
    journey: str
    step: str


def docs_links(docs_dir: Path, root: Path) -> list[Link]:
    """Links and step embeds from docs/ pages to journey steps."""
    links = []
    for path in sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else []:
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            for match in LINK.finditer(line):
                journey, step = (match[1], match[2]) if match[1] else (match[3], match[4])
                links.append(Link(path.relative_to(root).as_posix(), number, journey, step))
    return links


def _renames(old: dict[str, Any], new: dict[str, Any]) -> dict[str, str]:
    """old id → new id, for items whose new version lists the old id in its aliases."""
    return {alias: nid for nid, item in new.items() for alias in item.aliases if alias in old and alias not in new}


def compare(a: Reference, b: Reference, links: list[Link] | None = None) -> dict[str, Any]:
    """The changes from reference `a` to reference `b`."""
    out: dict[str, Any] = {}
    for kind, old, new in (("journeys", a.journeys, b.journeys), ("personas", a.personas, b.personas)):
        renamed = _renames(old, new)
        out[kind] = {
            "added": sorted(i for i in new if i not in old and i not in renamed.values()),
            "removed": sorted(i for i in old if i not in new and i not in renamed),
            "renamed": [{"from": f, "to": t} for f, t in sorted(renamed.items())],
        }
        out.setdefault("names", {}).update({i: _name(x) for i, x in {**old, **new}.items()})
    pairs = [(jid, jid) for jid in a.journeys if jid in b.journeys]
    pairs += [(r["from"], r["to"]) for r in out["journeys"]["renamed"]]
    names = {**{p: x.name for p, x in a.personas.items()}, **{p: x.name for p, x in b.personas.items()}}
    changed = [_journey_changes(old, new, a.journeys[old], b.journeys[new], names) for old, new in sorted(pairs)]
    out["changed"] = [c for c in changed if len(c) > 2]
    renamed_journeys = {r["from"]: r["to"] for r in out["journeys"]["renamed"]}
    out["broken_links"] = []
    for link in links or []:
        entry: dict[str, Any] = {"file": link.file, "line": link.line, "journey": link.journey, "step": link.step}
        if _step_exists(a, link.journey, link.step) and not _step_exists(b, link.journey, link.step):
            out["broken_links"].append(entry)
        elif link.journey in renamed_journeys:
            out["broken_links"].append({**entry, "renamed_to": renamed_journeys[link.journey]})
    return out


def _name(item: object) -> str:
    """A journey's title or a persona's name, for the summary."""
    if isinstance(item, Journey):
        return item.title
    return item.name if isinstance(item, Persona) else str(item)


def _step_exists(ref: Reference, jid: str, step: str) -> bool:
    journey = ref.journeys.get(jid) or next((j for j in ref.journeys.values() if jid in j.aliases), None)
    return journey is not None and any(s.id == step for s in journey.steps())


def _positions(journey: Journey) -> dict[str, tuple[str, int]]:
    """Each step's phase name and its place among all steps."""
    return {step.id: (phase.name, i) for i, (phase, step) in enumerate((p, s) for p in journey.phases for s in p.steps)}


def _journey_changes(old_id: str, new_id: str, old: Journey, new: Journey, names: dict[str, str]) -> dict[str, Any]:
    was, now = _positions(old), _positions(new)
    common = [s for s in was if s in now]
    kept = _longest_common(common, sorted(common, key=lambda s: now[s][1]))
    steps_old = {s.id: s for s in old.steps()}
    out: dict[str, Any] = {"id": new_id, "title": new.title}
    if old_id != new_id:
        out["renamed_from"] = old_id
    _put(
        out,
        "steps_added",
        [{"id": s.id, "name": s.name, "phase": now[s.id][0]} for s in new.steps() if s.id not in was],
    )
    _put(out, "steps_removed", [{"id": s.id, "name": s.name} for s in old.steps() if s.id not in now])
    _put(
        out,
        "steps_moved",
        [{"id": s, "from": was[s][0], "to": now[s][0]} for s in common if s not in kept or was[s][0] != now[s][0]],
    )
    details: list[dict[str, Any]] = []
    for step in new.steps():
        if step.id in steps_old:
            details += _step_changes(steps_old[step.id], step, new.personas, names)
    if old.promise != new.promise:
        details.append({"what": "journey promise", "from": old.promise, "to": new.promise})
    _put(out, "details", details)
    return out


def _put(out: dict[str, Any], key: str, items: list[Any]) -> None:
    if items:
        out[key] = items


def _longest_common(a: list[str], b: list[str]) -> set[str]:
    """The steps that kept their relative order (longest common subsequence)."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
    kept, i, j = set(), 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            kept.add(a[i])
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return kept


def _values(step: Step, field: str, personas: list[str]) -> dict[str, float]:
    value = getattr(step, field)
    if value is None:
        return {}
    return dict(value) if isinstance(value, dict) else dict.fromkeys(personas, value)


def _step_changes(old: Step, new: Step, personas: list[str], names: dict[str, str]) -> Iterator[dict[str, Any]]:
    for field in ("emotion", "expected"):
        before, after = _values(old, field, personas), _values(new, field, personas)
        for pid in personas:
            if before.get(pid) != after.get(pid):
                yield {
                    "step": new.id,
                    "what": field,
                    "persona": names.get(pid, pid),
                    "from": before.get(pid),
                    "to": after.get(pid),
                }
    if old.promise != new.promise:
        yield {"step": new.id, "what": "promise", "from": old.promise, "to": new.promise}
    yield from _standard_changes(old, new)
    was, now = old.moment_of_truth, new.moment_of_truth
    if (was is None) != (now is None) or (was and now and was.kind != now.kind):
        yield {
            "step": new.id,
            "what": "moment of truth",
            "from": was.kind if was else None,
            "to": now.kind if now else None,
        }


def _standard_changes(old: Step, new: Step) -> Iterator[dict[str, Any]]:
    before = {s.objective: s for s in old.standards}
    after = {s.objective: s for s in new.standards}
    for objective in [*before, *(o for o in after if o not in before)]:
        b, a = before.get(objective), after.get(objective)
        if b is None or a is None:
            yield {
                "step": new.id,
                "what": "standard",
                "objective": objective,
                "from": b.level if b else None,
                "to": a.level if a else None,
            }
            continue
        for field in ("level", "how", "indicator", "measure", "owner", "impact"):
            if getattr(b, field) != getattr(a, field):
                yield {
                    "step": new.id,
                    "what": f"standard {field}",
                    "objective": objective,
                    "from": getattr(b, field),
                    "to": getattr(a, field),
                }


def load_revision(
    site: Path, settings_for: Callable[[Path], Settings], rev: str | None
) -> tuple[Reference, list[Link]]:
    """The reference (and docs links) of the site at git revision `rev`, or of the working tree for None."""
    if rev is None:
        settings = settings_for(site)
        return load_reference(settings), docs_links(settings.docs_dir, settings.root)
    top = _git(site, "rev-parse", "--show-toplevel").strip()
    prefix = site.resolve().relative_to(Path(top).resolve()).as_posix()
    commit = verified_commit(site, rev)
    # The commit is a verified hash, and --end-of-options keeps every later word an argument.
    archive = subprocess.run(
        ["git", "-C", top, "archive", "--format=tar", "--end-of-options", commit, prefix],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise DiffProblem(f"cannot read revision {rev!r}: {archive.stderr.decode(errors='replace').strip()}")
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
            tar.extractall(tmp, filter="data")
        copy = Path(tmp) / prefix
        settings = settings_for(copy)
        return load_reference(settings), docs_links(settings.docs_dir, settings.root)


def verified_commit(site: Path, rev: str) -> str:
    """The commit hash `rev` names; DiffProblem if it names none (so it can never reach git as an option)."""
    result = subprocess.run(
        ["git", "-C", str(site), "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
        capture_output=True,
        text=True,
        check=False,
    )
    commit = result.stdout.strip()
    if result.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40,64}", commit):
        raise DiffProblem(f"cannot read revision {rev!r}: it names no commit in this repository")
    return commit


def _git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise DiffProblem(f"git {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout


def default_base(site: Path) -> str:
    """The merge-base of main (or origin/main, or master) and HEAD."""
    for branch in ("main", "origin/main", "master"):
        try:
            return _git(site, "merge-base", "--end-of-options", branch, "HEAD").strip()
        except DiffProblem:
            continue
    raise DiffProblem("no 'main' branch to compare with; give two revisions: cxmaps diff <rev-a> <rev-b>")


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return f"“{value}”" if isinstance(value, str) else str(value)


def _detail(d: dict[str, Any]) -> str:
    what = d["what"]
    if what in ("emotion", "expected"):
        label = "lived" if what == "emotion" else "expected"
        return f"`{d['step']}` {label} ({d['persona']}): {_fmt(d['from'])} → {_fmt(d['to'])}"
    if what == "standard":
        if d["from"] is None:
            return f"`{d['step']}` standard added: {d['objective']} ({d['to']})"
        if d["to"] is None:
            return f"`{d['step']}` standard removed: {d['objective']}"
    if what.startswith("standard "):
        return f"`{d['step']}` standard “{d['objective']}”, {what[9:]}: {_fmt(d['from'])} → {_fmt(d['to'])}"
    if what == "moment of truth":
        if d["from"] is None:
            return f"`{d['step']}` becomes a moment of truth ({d['to']})"
        if d["to"] is None:
            return f"`{d['step']}` is no longer a moment of truth"
        return f"`{d['step']}` moment of truth: {d['from']} → {d['to']}"
    where = f"`{d['step']}` " if "step" in d else ""
    return f"{where}{what}: {_fmt(d['from'])} → {_fmt(d['to'])}"


def markdown(summary: dict[str, Any]) -> str:
    """The summary as a pull-request comment."""
    lines = ["## Changes to the CX reference", ""]
    for kind in ("journeys", "personas"):
        part = summary[kind]
        for key, verb in (("added", "Added"), ("removed", "Removed")):
            if part[key]:
                items = ", ".join(f"`{i}` ({summary['names'].get(i, i)})" for i in part[key])
                lines.append(f"- {verb} {kind[:-1] if len(part[key]) == 1 else kind}: {items}")
        for r in part["renamed"]:
            lines.append(f"- Renamed {kind[:-1]}: `{r['from']}` → `{r['to']}` (the old address redirects)")
    for journey in summary["changed"]:
        lines += ["", f"### {journey['title']} (`{journey['id']}`)", ""]
        lines += [f"- Step added: `{s['id']}` {s['name']} ({s['phase']})" for s in journey.get("steps_added", [])]
        lines += [f"- Step removed: `{s['id']}` {s['name']}" for s in journey.get("steps_removed", [])]
        lines += [
            f"- Step moved: `{s['id']}`"
            + (f" from {s['from']} to {s['to']}" if s["from"] != s["to"] else " (new position)")
            for s in journey.get("steps_moved", [])
        ]
        lines += [f"- {_detail(d)}" for d in journey.get("details", [])]
    if summary["broken_links"]:
        lines += ["", "### Links this change breaks", ""]
        for b in summary["broken_links"]:
            target = f"`journeys/{b['journey']}.md#{b['step']}`"
            if "renamed_to" in b:
                lines.append(
                    f"- `{b['file']}:{b['line']}` links to {target}: the journey is now `{b['renamed_to']}`; update the link"
                )
            else:
                lines.append(f"- `{b['file']}:{b['line']}` links to {target}, a step this change removes")
    if len(lines) == 2:
        lines.append("No change to journeys or personas.")
    return "\n".join(lines) + "\n"
