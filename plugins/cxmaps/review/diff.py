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
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from ..model.format import Journey, Persona
from ..reference.core import Reference, Settings
from ..reference.delivered import Delivery
from ..reference.diffsteps import journey_changes, persona_changes, step_matches, values
from ..reference.load import load_reference
from ..source.sourcefiles import MAX_DOCS_PAGE_BYTES, read_regular
from .statusdiff import compare_delivery, standards_now

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
        try:
            text = read_regular(path, docs_dir, MAX_DOCS_PAGE_BYTES).decode("utf-8", errors="replace")
        except OSError:
            continue  # not a page MkDocs would publish either (see sourcefiles.unpublishable)
        for number, line in enumerate(text.splitlines(), start=1):
            for match in LINK.finditer(line):
                journey, step = (match[1], match[2]) if match[1] else (match[3], match[4])
                links.append(Link(path.relative_to(root).as_posix(), number, journey, step))
    return links


def _renames(old: dict[str, Any], new: dict[str, Any]) -> dict[str, str]:
    """old id → new id, for items whose new version lists the old id in its aliases."""
    return {alias: nid for nid, item in new.items() for alias in item.aliases if alias in old and alias not in new}


def compare(a: Reference, b: Reference, links: list[Link] | None = None) -> dict[str, Any]:
    """The changes from reference `a` to reference `b`."""
    out: dict[str, Any] = {"scale": list(b.settings.emotion_scale)}
    for kind, old, new in (("journeys", a.journeys, b.journeys), ("personas", a.personas, b.personas)):
        renamed = _renames(old, new)
        out[kind] = {
            "added": sorted(i for i in new if i not in old and i not in renamed.values()),
            "removed": sorted(i for i in old if i not in new and i not in renamed),
            "renamed": [{"from": f, "to": t} for f, t in sorted(renamed.items())],
        }
        out.setdefault("names", {}).update({i: _name(x) for i, x in {**old, **new}.items()})
    names = {**{p: x.name for p, x in a.personas.items()}, **{p: x.name for p, x in b.personas.items()}}
    out["changed"] = _changed_journeys(a, b, out["journeys"]["renamed"], names)
    after = Delivery(b)
    standards_now(out["changed"], after)
    persona_pairs = [(p, p) for p in a.personas if p in b.personas]
    persona_pairs += [(r["from"], r["to"]) for r in out["personas"]["renamed"]]
    out["personas_changed"] = [
        {"id": new, "name": b.personas[new].name, "details": found}
        for old, new in sorted(persona_pairs)
        if (found := persona_changes(a.personas[old], b.personas[new]))
    ]
    out["broken_links"] = _broken_links(a, b, links or [], {r["from"]: r["to"] for r in out["journeys"]["renamed"]})
    # The delivered experience (issue 14): standards whose status changed, new periods and measure rows.
    out["delivery"] = compare_delivery(Delivery(a), after)
    return out


def _changed_journeys(
    a: Reference, b: Reference, renamed: list[dict[str, str]], names: dict[str, str]
) -> list[dict[str, Any]]:
    pairs = [(jid, jid) for jid in a.journeys if jid in b.journeys] + [(r["from"], r["to"]) for r in renamed]
    changed = []
    for old_id, new_id in sorted(pairs):
        old, new = a.journeys[old_id], b.journeys[new_id]
        found = journey_changes(old, new, names)
        curves = lived_curves(old, new, names)
        if curves:
            found["curves"] = curves
        if found or old_id != new_id:
            head: dict[str, Any] = {"id": new_id, "title": new.title}
            if old_id != new_id:
                head["renamed_from"] = old_id
            changed.append({**head, **found})
    return changed


def _broken_links(a: Reference, b: Reference, links: list[Link], renamed: dict[str, str]) -> list[dict[str, Any]]:
    broken = []
    for link in links:
        entry: dict[str, Any] = {"file": link.file, "line": link.line, "journey": link.journey, "step": link.step}
        if _step_exists(a, link.journey, link.step) and not _step_exists(b, link.journey, link.step):
            broken.append(entry)
        elif link.journey in renamed:
            broken.append({**entry, "renamed_to": renamed[link.journey]})
    return broken


def _name(item: object) -> str:
    """A journey's title or a persona's name, for the summary."""
    if isinstance(item, Journey):
        return item.title
    return item.name if isinstance(item, Persona) else str(item)


def _step_exists(ref: Reference, jid: str, step: str) -> bool:
    """Whether `step` still lands on a step of journey `jid` (its id or a former id, the journey by id or alias)."""
    journey = ref.journeys.get(jid) or next((j for j in ref.journeys.values() if jid in j.aliases), None)
    return journey is not None and any(s.id == step or step in s.aliases for s in journey.steps())


def lived_curves(old: Journey, new: Journey, names: dict[str, str]) -> list[dict[str, Any]]:
    """The lived experience along the new version's steps, before and after; empty when the curve is unchanged.

    One curve for all personas when they feel every step alike in both
    versions, else one per persona. A step new in this change has no value
    before: it is drawn at its new value on both lines.
    """
    matches = step_matches(old, new)
    old_steps = {s.id: s for s in old.steps()}
    series: dict[str, tuple[list[float], list[float]]] = {}
    for pid in new.personas:
        after = [values(s, "emotion", new.personas)[pid] for s in new.steps()]
        before = [
            values(old_steps[matches[s.id]], "emotion", old.personas).get(pid, now) if s.id in matches else now
            for s, now in zip(new.steps(), after, strict=True)
        ]
        series[pid] = (before, after)
    old_curve = {pid: [values(s, "emotion", old.personas).get(pid) for s in old.steps()] for pid in old.personas}
    new_curve = {pid: series[pid][1] for pid in new.personas}
    renamed_or_moved = [matches.get(s.id) for s in new.steps()] != [s.id for s in old.steps()]
    if old_curve == new_curve and not renamed_or_moved:
        return []
    if all(series[pid] == series[new.personas[0]] for pid in new.personas):
        series = {"": series[new.personas[0]]}
    moved = {pid: curve for pid, curve in series.items() if curve[0] != curve[1]}
    series = moved or dict(list(series.items())[:1])  # unchanged lines are left out; the new shape is kept
    steps = [s.name for s in new.steps()]
    return [{"persona": names.get(pid, pid), "steps": steps, "before": b, "after": a} for pid, (b, a) in series.items()]


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
        _extract(archive.stdout, tmp, rev)
        copy = Path(tmp) / prefix
        settings = settings_for(copy)
        return load_reference(settings), docs_links(settings.docs_dir, settings.root)


def _extract(archive: bytes, folder: str, rev: str) -> None:
    """Write the tar of a revision into `folder`; DiffProblem naming every link that leaves it.

    A revision may hold a link to ``/etc/passwd`` or ``../../x`` (git stores
    links): each is refused by the tar module's "data" filter, and all of
    them are reported, file by file, rather than the first as a traceback.
    """
    refused: list[str] = []
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        for member in tar:
            try:
                tar.extract(member, folder, filter="data")
            except tarfile.FilterError as err:
                refused.append(f"{member.name}: {_why(err, member)}")
    if refused:
        raise DiffProblem(f"cannot read revision {rev!r}: " + "; ".join(refused))


def _why(err: tarfile.FilterError, member: tarfile.TarInfo) -> str:
    if isinstance(err, tarfile.AbsoluteLinkError | tarfile.LinkOutsideDestinationError):
        return f"a link to '{member.linkname}', outside the repository; replace it with the file itself"
    return f"cannot be written as a file of the site ({type(err).__name__})"


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
